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

#include "program.h"

namespace mesaides {

// A deliberate difference with a reference case: where our rules follow the text and the
// reference does not. A failing check of `variable` in a case whose name starts with `case_prefix`
// ("*": any case) is counted as skipped with this reason; an entry that no longer matches any
// failure is itself a failure, so the list stays true.
struct KnownDifference {
  std::string variable;
  std::string case_prefix;
  std::string reason;
  int used = 0;
};

struct YamlTestOptions {
  bool verbose = false;
  std::string name_filter;
  std::vector<KnownDifference> known;
  std::string export_requests;  // when set: write one JSON request a line for every case run
};

// Reads a known-differences file: one entry a line, "variable<TAB>case name prefix<TAB>reason";
// '#' starts a comment line. Returns false with a message on a malformed line.
bool read_known_differences(const std::string& path, std::vector<KnownDifference>& out,
                            std::string& error);

struct YamlTestSummary {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  bool bad_input = false;  // a file could not be read or parsed
};

YamlTestSummary run_yaml_tests(const Program& program, const std::vector<std::string>& paths,
                               const YamlTestOptions& options, std::ostream& out);

}  // namespace mesaides
