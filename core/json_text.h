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

}  // namespace mesaides::json_text
