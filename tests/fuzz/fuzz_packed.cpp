// Fuzz target: bytes read as packed rules (core/packed_rules.h, what the WebAssembly module
// embeds). They must load, or fail with std::runtime_error or a program-less result with
// diagnostics; never crash, hang or allocate without bound.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "packed_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string digest;
  try {
    mesaides::LoadResult r = mesaides::load_packed_rules(bytes, &digest);
    if (!r.program && r.diagnostics.empty()) mesaides::fuzz::fail("no program and no diagnostic");
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()).rfind("packed rules: ", 0) != 0)
      mesaides::fuzz::fail(std::string("an error that does not say where: ") + e.what());
  }
  return 0;
}
