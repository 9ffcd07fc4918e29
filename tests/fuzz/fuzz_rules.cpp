// Fuzz target: one rule file through the lexer, the parser and the checker (load_program). It must
// either load or report located diagnostics; never crash, hang or leave a program with errors.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  mesaides::SourceFile file;
  file.path = "fuzz.rules";
  file.text.assign(reinterpret_cast<const char*>(data), size);
  std::vector<mesaides::SourceFile> files;
  files.push_back(std::move(file));
  mesaides::LoadResult r = mesaides::load_program(std::move(files));
  if (!r.program) {
    if (r.diagnostics.empty()) mesaides::fuzz::fail("no program and no diagnostic");
    if (r.rendered.find("fuzz.rules:") == std::string::npos)
      mesaides::fuzz::fail("a diagnostic without a location: " + r.rendered);
  }
  return 0;
}
