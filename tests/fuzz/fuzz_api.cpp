// Fuzz target: any text as a request of the engine's JSON API (handle_request_text, what the
// WebAssembly module answers), against all of rules/. The answer is JSON, ok or an error with a
// message and no partial result, with finite numbers only; when the request is answered in place
// (answer_in_place), that answer is the one written from a tree, byte for byte. The engine's JSON
// reader (json_text::parse) reads the text as nlohmann does: the same value, written the same, or
// an error where nlohmann has one (or where the text nests more than 512 deep, which it refuses;
// and where it has a NUL byte, at which nlohmann's reader stops as at the end of the text, when
// ours finds a character that JSON does not have there).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "api.h"
#include "fuzz_common.h"
#include "json_text.h"

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
  nlohmann::json ours;
  std::string error;
  const bool read = mesaides::json_text::parse(request, ours, error);
  const nlohmann::json theirs = nlohmann::json::parse(request, nullptr, false);
  if (read && (theirs.is_discarded() ||
               mesaides::json_text::dump(ours) != mesaides::json_text::dump(theirs)))
    mesaides::fuzz::fail("read otherwise than nlohmann reads it");
  if (!read && !theirs.is_discarded() && error.find("nested more than") == std::string::npos &&
      request.find('\0') == std::string::npos)
    mesaides::fuzz::fail("refused what nlohmann reads: " + error);
  nlohmann::json j = nlohmann::json::parse(answer, nullptr, false);
  if (j.is_discarded()) mesaides::fuzz::fail("the answer is not JSON: " + answer);
  mesaides::fuzz::check_answer(j);
  return 0;
}
