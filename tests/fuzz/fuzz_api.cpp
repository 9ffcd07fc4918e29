// Fuzz target: any text as a request of the engine's JSON API (handle_request_text, what the
// WebAssembly module answers), against all of rules/. The answer is JSON, ok or an error with a
// message and no partial result, with finite numbers only; when the request is answered in place
// (answer_in_place), that answer is the one written from a tree, byte for byte.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "api.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  const mesaides::Program& program = mesaides::fuzz::all_rules();
  const std::string request(reinterpret_cast<const char*>(data), size);
  std::string answer = mesaides::handle_request_text(program, request);
  std::string in_place;
  if (mesaides::answer_in_place(program, request, in_place)) {
    mesaides::set_answers_in_place(false);
    const std::string tree = mesaides::handle_request_text(program, request);
    mesaides::set_answers_in_place(true);
    if (in_place != tree || answer != tree)
      mesaides::fuzz::fail("answered in place:\n" + in_place + "\nfrom a tree:\n" + tree);
  }
  nlohmann::json j = nlohmann::json::parse(answer, nullptr, false);
  if (j.is_discarded()) mesaides::fuzz::fail("the answer is not JSON: " + answer);
  mesaides::fuzz::check_answer(j);
  return 0;
}
