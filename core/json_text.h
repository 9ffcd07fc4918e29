// Writing JSON text directly, byte for byte as nlohmann::json's compact dump() writes it with
// ensure_ascii (keys in the order given, which callers keep sorted as nlohmann's std::map does;
// strings escaped the same way, every character beyond ASCII as \uXXXX). The result of "all
// benefits" is a few hundred objects: building them as nlohmann::json trees, then walking the trees
// to print them, took most of a request.
//
// Answers are ASCII: a page decodes them (TextDecoder) and parses them (JSON.parse) about twice as
// fast as the same answer in UTF-8 (1.4 → 0.8 ms for the 330 KB of every benefit's line, measured
// in Chromium), as the text is then a string of one-byte characters; it grows by 4 %.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mesaides::json_text {

// Appends `text` (UTF-8) as a JSON string of ASCII characters, quotes included. Invalid UTF-8 is
// replaced by U+FFFD (written \ufffd), as nlohmann's dump with error_handler_t::replace does.
void string(std::string& out, std::string_view text);

// Appends `"name":` (a key never needs escaping in our output, but is escaped all the same).
inline void key(std::string& out, std::string_view name) {
  string(out, name);
  out += ':';
}

// Appends a JSON value as nlohmann's compact dump() would (numbers, arrays of strings…).
void value(std::string& out, const nlohmann::json& j);

// Reading: the JSON of a request, when it keeps to what pages and partners send (objects, arrays,
// ASCII strings with the simple escapes, integers of up to 18 digits, decimals of up to 15
// significant digits without exponent, true, false, null; nested at most 64 deep), into `out`,
// the same value nlohmann::json::parse gives, about three times sooner (nlohmann's reader keeps
// every character of a token twice, for its messages). False for any other text, valid or not
// (`out` is then unspecified): the caller parses it with nlohmann, which gives the value or the
// message.
bool parse_common(std::string_view text, nlohmann::json& out);

}  // namespace mesaides::json_text
