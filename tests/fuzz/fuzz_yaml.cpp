// Fuzz target: any text as an OpenFisca YAML test file (core/cli/yaml_tests.cpp, read with
// yaml-cpp) against all of rules/. Every problem must be reported in the output (file:line:col or a
// failed check), never thrown out of run_yaml_tests.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>

#include "fuzz_common.h"
#include "yaml_tests.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  const mesaides::Program& program = mesaides::fuzz::all_rules();
  // The runner reads files: one per process, rewritten for each input.
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/mesaides-fuzz-yaml-" + std::to_string(getpid()) +
           ".yaml";
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) mesaides::fuzz::fail("cannot write " + path);
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  std::ostringstream out;
  mesaides::YamlTestOptions options;
  mesaides::run_yaml_tests(program, {path}, options, out);
  return 0;
}
