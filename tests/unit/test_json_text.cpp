// Unit tests of core/json_text: strings written as nlohmann::json's dump writes them with
// ensure_ascii (the reference here is nlohmann's own output, which the engine's answers used to be
// printed with).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "json_text.h"

namespace {

std::string ours(const std::string& s) {
  std::string out;
  mesaides::json_text::string(out, s);
  return out;
}

std::string nlohmanns(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_SUITE("json_text") {
  TEST_CASE("escapes: quotes, backslashes, control characters; beyond ASCII as \\uXXXX") {
    CHECK(ours("") == R"("")");
    CHECK(ours("a\"b\\c") == R"("a\"b\\c")");
    CHECK(ours("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(ours(std::string("\x01\x1f", 2)) == R"("\u0001\u001f")");
    CHECK(ours(std::string("nul\0", 4)) == R"("nul\u0000")");
    CHECK(ours("Réservée aux habitants — 12 €") ==
          R"("R\u00e9serv\u00e9e aux habitants \u2014 12 \u20ac")");
    CHECK(ours("1\xe2\x80\xaf"
               "234,56 \xe2\x82\xac") ==  // a narrow no-break space, the euro
          R"("1\u202f234,56 \u20ac")");
    CHECK(ours("\xf0\x9f\x98\x80") == R"("\ud83d\ude00")");  // beyond U+FFFF: a surrogate pair
    CHECK(ours("\x7f") == R"("\u007f")");  // DEL too, as nlohmann's ensure_ascii does
  }

  TEST_CASE("invalid UTF-8 is replaced as nlohmann replaces it") {
    for (const std::string& s : {std::string("\xff"), std::string("a\xc3"),
                                 std::string("\xe0\x80\x80"), std::string("\xed\xa0\x80x"),
                                 std::string("\xf4\x90\x80\x80"), std::string("ok\xc3\xa9\x80z")}) {
      INFO(nlohmanns(s));
      CHECK(ours(s) == nlohmanns(s));
    }
  }

  TEST_CASE("random byte strings: the same bytes as nlohmann") {
    std::mt19937 random(20261205);
    // Bytes drawn mostly from the interesting ranges: ASCII, controls, UTF-8 lead and continuation.
    const std::string alphabet = std::string("a\"\\\n\x01\x7f", 6) +
                                 "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x80\xbf\xc0\xed\xf4\xff";
    for (int i = 0; i < 20000; ++i) {
      std::string s;
      int length = static_cast<int>(random() % 12);
      for (int k = 0; k < length; ++k) s += alphabet[random() % alphabet.size()];
      if (ours(s) != nlohmanns(s)) {
        FAIL_CHECK(
            "differs on " << nlohmann::json::binary_t(std::vector<uint8_t>(s.begin(), s.end())));
      }
    }
  }

  TEST_CASE("values: numbers, arrays and objects as dump() writes them") {
    for (const char* text : {"0", "-3", "18446744073709551615", "151.8", "0.1", "1e300", "true",
                             "null", R"(["a",1,{"b":[]}])", R"({"a":{"b":"c\u0001"},"z":2.5})"}) {
      nlohmann::json j = nlohmann::json::parse(text);
      std::string out;
      mesaides::json_text::value(out, j);
      CHECK(out == j.dump());
    }
  }
}
