// Fuzz target: the lexer alone, on any bytes, with every diagnostic rendered (file:line:col, the
// source line and a caret). Much faster than fuzz_rules, so it explores the byte-level corner cases
// (UTF-8, control characters, unterminated strings and numbers) much deeper.
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "lexer.h"
#include "source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mesaides::SourceSet sources;
  mesaides::SourceFile file;
  file.path = "fuzz.rules";
  file.text.assign(reinterpret_cast<const char*>(data), size);
  uint32_t id = sources.add(std::move(file));
  mesaides::DiagnosticSink sink;
  std::vector<mesaides::Token> tokens = mesaides::lex(sources, id, sink);
  if (tokens.empty()) mesaides::fuzz::fail("no token (not even the end of the file)");
  std::string rendered = mesaides::render_all(sources, sink.list());
  if (sink.has_errors() && rendered.find("fuzz.rules:") == std::string::npos)
    mesaides::fuzz::fail("a diagnostic without a location");
  return 0;
}
