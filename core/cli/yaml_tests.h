// Runner for test files in OpenFisca's YAML format (OpenFisca-France's own tests, the generated
// oracle households, and the project's rule tests), read with yaml-cpp.
//
// Each case gives a period, an input situation (full, or the single-entity shorthand) and expected
// outputs (per entity, optionally per period; values may be arithmetic expressions such as
// `474.37 * 0.16`). Each expected value is one check: passed, failed (expected/actual printed), or
// skipped with its reason — a variable the rules do not define, a period before the rules'
// coverage, a reform or extension — never counted as passed. Closing line: "N passed, M failed,
// K skipped".
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "known_differences.h"
#include "program.h"

namespace mesaides {

struct YamlTestOptions {
  bool verbose = false;
  std::string name_filter;
  std::vector<KnownDifference> known;  // with the causes they name
  std::vector<Cause> causes;
  std::string export_requests;  // when set: write one JSON request a line for every case run
};

struct YamlTestSummary {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  bool bad_input = false;  // a file could not be read or parsed
};

YamlTestSummary run_yaml_tests(const Program& program, const std::vector<std::string>& paths,
                               const YamlTestOptions& options, std::ostream& out);

}  // namespace mesaides
