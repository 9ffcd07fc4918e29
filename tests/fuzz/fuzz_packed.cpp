// Fuzz target: bytes read as packed rules (core/packed_rules.h, what the WebAssembly module
// embeds). They must load, or fail with a std::runtime_error that says where; never crash, hang or
// allocate without bound. Bytes that start as packed texts are given to a program packed with its
// texts apart (load_packed_texts): loaded, or refused with the program left as it was (still
// asking for its texts).
//
// A changed byte of the binary program (or of the texts' binary part) fails its checksum at once:
// so that the fuzzer also reaches what the loader checks after it (every index, count and place),
// each input is tried a second time with the checksum made right for its program's bytes.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "packed_rules.h"

namespace {

void load(std::string_view bytes) {
  std::string digest;
  try {
    mesaides::LoadResult r = mesaides::load_packed_rules(bytes, &digest);
    if (!r.program) mesaides::fuzz::fail("no program and no exception");
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()).rfind("packed rules: ", 0) != 0)
      mesaides::fuzz::fail(std::string("an error that does not say where: ") + e.what());
  }
}

// `bytes` with the checksum line (the last one) recomputed for the program's bytes before it
// ("COUNT\nBYTES\n"), or empty when they do not end so.
std::string resealed(std::string_view bytes) {
  if (bytes.size() < 4 || bytes.back() != '\n') return {};
  size_t checksum = bytes.rfind('\n', bytes.size() - 2);
  if (checksum == std::string_view::npos) return {};
  // The count line before the program: the line break before it starts at `at`.
  for (size_t at = bytes.rfind('\n', checksum - 1); at != std::string_view::npos && at > 0;
       at = bytes.rfind('\n', at - 1)) {
    size_t eol = bytes.find('\n', at + 1);
    std::string_view count = bytes.substr(at + 1, eol - at - 1);
    if (count.empty() || count.size() > 9 ||
        count.find_first_not_of("0123456789") != std::string_view::npos) {
      continue;
    }
    if (eol + 1 + std::stoul(std::string(count)) != checksum) continue;
    std::string_view program = bytes.substr(eol + 1, checksum - eol - 1);
    return std::string(bytes.substr(0, checksum + 1)) +
           std::to_string(mesaides::packed_program_checksum(program)) + "\n";
  }
  return {};
}

// Small rules packed with their texts apart (a formula, a refusal, a parameter with references and
// a history: its value of 2010, before the three last years, goes with the texts).
const char* const kApartRules = R"(entity individu { plural: individus }
parameter seuil { label: "Seuil" 2010-01-01: 900 ref "Décret 1" 2020-01-01: 1000 ref "Décret" "https://example.org/d" }
variable revenu { entity: individu  period: month  type: money  label: "Revenu" }
variable complement {
  entity: individu  period: month  type: money  label: "Complément"
  formula from 2020-01-01 {
    require revenu < seuil
    seuil - revenu
  }
}
)";

void load_texts(std::string_view bytes) {
  static const std::string packed = [] {
    std::string out, texts, error;
    if (!mesaides::pack_rules({{"rules/a.rules", kApartRules}}, &out, &error, &texts))
      mesaides::fuzz::fail("the fuzzer's own rules do not pack: " + error);
    return out;
  }();
  std::string digest;
  std::shared_ptr<mesaides::Program> program = mesaides::load_packed_program(packed, &digest);
  try {
    mesaides::load_packed_texts(*program, bytes, digest);
    if (program->texts_pending) mesaides::fuzz::fail("texts loaded, but still pending");
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()).rfind("packed rules: ", 0) != 0)
      mesaides::fuzz::fail(std::string("an error that does not say where: ") + e.what());
    if (!program->texts_pending) mesaides::fuzz::fail("texts refused, but no longer pending");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (mesaides::is_packed_texts(bytes)) {
    load_texts(bytes);
    // (their binary part has a checksum too: resealed, so that what is read after it is reached)
    std::string sealed = resealed(bytes);
    if (!sealed.empty() && sealed != bytes) load_texts(sealed);
    return 0;
  }
  load(bytes);
  std::string sealed = resealed(bytes);
  if (!sealed.empty() && sealed != bytes) load(sealed);
  return 0;
}
