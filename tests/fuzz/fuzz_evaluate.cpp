// Fuzz target: the evaluator on well-typed households over all of rules/, generated from the fuzz
// bytes (household.h), every benefit computed. A well-typed situation must compute: no situation
// or runtime error, every number finite, every benefit's amount a number.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "api.h"
#include "fuzz_common.h"
#include "household.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const mesaides::Program& program = mesaides::fuzz::all_rules();
  mesaides::testing::ByteChooser chooser(data, size);
  mesaides::testing::HouseholdOptions options;
  options.any_numbers = true;
  nlohmann::json situation = mesaides::testing::generate_household(program, chooser, options);
  mesaides::ComputeOptions compute;
  compute.period = mesaides::Period::parse(options.period);
  compute.benefits = true;
  compute.benefit_details = false;
  nlohmann::json answer = mesaides::compute_json(program, situation, compute);
  mesaides::fuzz::check_answer(answer);
  if (answer["ok"] != true)
    mesaides::fuzz::fail("a well-typed household refused: " + answer.dump());
  if (answer.contains("errors")) mesaides::fuzz::fail("runtime errors: " + answer["errors"].dump());
  for (const auto& b : answer["benefits"])
    if (!b["amount"].is_number() && !b["amount"].is_boolean())
      mesaides::fuzz::fail("an amount that is not a number: " + b.dump());
  return 0;
}
