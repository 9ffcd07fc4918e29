// Fuzz target: any text as a situation against all of rules/ (the JSON reader, then the situation
// reader). A situation is accepted or refused with errors, each with a message.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_common.h"
#include "situation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const mesaides::Program& program = mesaides::fuzz::all_rules();
  nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  auto period = mesaides::Period::parse("2026-06");
  mesaides::SituationResult r = mesaides::parse_situation(program, j, period);
  if ((r.situation == nullptr) == r.errors.empty())
    mesaides::fuzz::fail("a situation with errors, or none and no error");
  for (const auto& e : r.errors)
    if (e.message.empty()) mesaides::fuzz::fail("an error without a message");
  return 0;
}
