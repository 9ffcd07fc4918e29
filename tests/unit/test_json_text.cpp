// Unit tests of core/json_text: strings written as nlohmann::json's dump writes them with
// ensure_ascii (the reference here is nlohmann's own output, which the engine's answers used to be
// printed with).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "json_text.h"

using namespace std::string_literals;

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

  TEST_CASE("keys and short texts written at once: the same bytes as nlohmann") {
    // Texts around the 61 bytes a quoted key is written whole up to, plain or not.
    for (size_t length : {0, 1, 7, 8, 9, 60, 61, 62, 63, 64, 100}) {
      for (char c : {'a', '"', '\x7f', '\n'}) {
        std::string text(length, 'k');
        if (length > 0) text[length / 2] = c;
        CAPTURE(text);
        CHECK(ours(text) == nlohmanns(text));
        std::string key;
        mesaides::json_text::key(key, text);
        CHECK(key == nlohmanns(text) + ":");
      }
    }
  }

  TEST_CASE("doubles: the same text as nlohmann's dump") {
    auto ours_number = [](double x) {
      std::string out;
      mesaides::json_text::number(out, x);
      return out;
    };
    for (double x : {0.0, -0.0, 1.0, -1.5, 425.57, 0.1, 1e-9, 123456789.123456, 1e21, 1e308, 5e-324,
                     0.30000000000000004}) {
      CAPTURE(x);
      CHECK(ours_number(x) == nlohmann::json(x).dump());
    }
    CHECK(ours_number(std::nan("")) == "null");  // as nlohmann writes a NaN
    CHECK(ours_number(INFINITY) == "null");
    std::mt19937_64 random(20261206);
    for (int i = 0; i < 20000; ++i) {
      double x = 0;
      if (i % 2 == 0) {  // any bit pattern
        const uint64_t bits = random();
        std::memcpy(&x, &bits, sizeof x);
        if (!std::isfinite(x)) continue;
      } else {  // an amount in cents or a rate, as the rules compute them
        x = static_cast<double>(static_cast<int64_t>(random() % 100000000000) - 50000000000) /
            (i % 4 == 1 ? 100.0 : 1e9);
      }
      CAPTURE(x);
      REQUIRE(ours_number(x) == nlohmann::json(x).dump());
    }
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
    // Half the strings mostly plain, with a rare byte to escape anywhere in them: the runs of eight
    // plain bytes the writer skips at once, and the byte after them.
    const std::string plain = "abcdefghijklmnopqrstuvwxyz ABCXYZ-_.:/0123456789~}";
    for (int i = 0; i < 40000; ++i) {
      std::string s;
      int length = static_cast<int>(random() % 40);
      for (int k = 0; k < length; ++k) {
        const bool rare = i % 2 == 0 || random() % 16 == 0;
        s += rare ? alphabet[random() % alphabet.size()] : plain[random() % plain.size()];
      }
      if (ours(s) != nlohmanns(s)) {
        FAIL_CHECK(
            "differs on " << nlohmann::json::binary_t(std::vector<uint8_t>(s.begin(), s.end())));
      }
    }
  }

  TEST_CASE("every byte, at every place of a run of plain ones, is written as nlohmann writes it") {
    // The writer skips plain bytes eight at a time: a byte to escape must stop it wherever it is.
    for (int byte = 0; byte < 256; ++byte) {
      for (size_t at = 0; at < 17; ++at) {
        std::string s(17, 'a');
        s[at] = static_cast<char>(byte);
        if (ours(s) != nlohmanns(s)) FAIL_CHECK("byte " << byte << " at " << at);
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

  // parse must give exactly nlohmann's value (the same types, integers signed or not, the same bits
  // of each double, keys given twice resolved the same way), and refuse what nlohmann refuses,
  // saying where.
  TEST_CASE("parse: nlohmann's value for every JSON text, and an error where nlohmann has one") {
    // The same JSON value, types and bits included (nlohmann's == finds 1 == 1.0).
    struct Same {
      static bool check(const nlohmann::json& a, const nlohmann::json& b) {
        if (a.type() != b.type()) return false;
        switch (a.type()) {
          case nlohmann::json::value_t::object: {
            if (a.size() != b.size()) return false;
            auto i = a.begin();
            auto k = b.begin();
            for (; i != a.end(); ++i, ++k)
              if (i.key() != k.key() || !check(i.value(), k.value())) return false;
            return true;
          }
          case nlohmann::json::value_t::array:
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); ++i)
              if (!check(a[i], b[i])) return false;
            return true;
          case nlohmann::json::value_t::number_float: {
            const double x = a.get<double>(), y = b.get<double>();
            return std::memcmp(&x, &y, sizeof x) == 0;
          }
          default:
            return a == b;
        }
      }
    };
    // Texts made of pieces pages send and pieces only nlohmann reads (exponents, \u escapes,
    // accents, -0, leading zeros, long numbers), whole or cut, with a byte changed.
    std::mt19937 random(20261205);
    const std::vector<std::string> numbers = {"0",
                                              "7",
                                              "-12",
                                              "1950",
                                              "1950.5",
                                              "0.05",
                                              "-0.0",
                                              "-0",
                                              "01",
                                              "1.",
                                              ".5",
                                              "1e3",
                                              "2E-2",
                                              "123456789012345678",
                                              "1234567890123456789",
                                              "99999999999999999999",
                                              "0.1",
                                              "123456789.12345",
                                              "1234567890.123456",
                                              "-1400.25",
                                              "3.14159",
                                              "9007199254740993",
                                              "1.0000000000001",
                                              "-9223372036854775808",
                                              "-9223372036854775809",
                                              "18446744073709551615",
                                              "18446744073709551616",
                                              "1e400",
                                              "-1e400",
                                              "1e-400",
                                              "2.2250738585072011e-308",
                                              "4.9406564584124654e-324",
                                              "1.7976931348623157e308",
                                              "8.98846567431158e307",
                                              "123456789012345678901234567890e-20",
                                              "0.1e1",
                                              "-",
                                              "1e",
                                              "+1"};
    const std::vector<std::string> strings = {R"("")",
                                              R"("2026-06")",
                                              R"("locataire_vide")",
                                              R"("a\"b")",
                                              R"("a\\b\/c")",
                                              R"("\n\t\r\b\f")",
                                              R"("\u00e9")",
                                              "\"L\xc3\xa9"
                                              "a\"",
                                              R"("\x")",
                                              "\"\x01\"",
                                              R"("salaire_net")",
                                              R"("individus")",
                                              "\"a\x7f\"",  // DEL: written \u007f
                                              R"("\ud83d\ude00")",
                                              R"("\ud800")",
                                              R"("\udc00x")",
                                              R"("\ud800\u0041")",
                                              R"("\u00E9\u0000")",
                                              R"("\u12")",
                                              "\"\xff\"",
                                              "\"\xe0\x80\x80\"",
                                              "\"\xed\xa0\x80\"",
                                              "\"\xf0\x9f\x98\x80\"",
                                              "\"\xc3\""};
    std::function<std::string(int)> make = [&](int depth) -> std::string {
      const auto pick = static_cast<unsigned>(random() % (depth > 3 ? 6 : 9));
      const std::string space = random() % 4 == 0 ? " \n\t"s.substr(random() % 3, 1) : "";
      switch (pick) {
        case 0:
        case 1:
          return space + numbers[random() % numbers.size()];
        case 2:
        case 3:
          return strings[random() % strings.size()] + space;
        case 4:
          return random() % 2 ? "true" : "null";
        case 5:
          return "false";
        case 6:
        case 7: {
          std::string text = "{" + space;
          const unsigned count = random() % 4;
          for (unsigned i = 0; i < count; ++i) {
            if (i > 0) text += ",";
            // Few keys: the same key twice in one object is frequent.
            text +=
                strings[random() % 3 == 0 ? 0 : 1 + random() % 2] + space + ":" + make(depth + 1);
          }
          return text + "}";
        }
        default: {
          std::string text = "[";
          const unsigned count = random() % 4;
          for (unsigned i = 0; i < count; ++i) text += (i > 0 ? "," : "") + make(depth + 1);
          return text + space + "]";
        }
      }
    };
    int read = 0, refused = 0, in_place = 0, twice = 0, copied = 0;
    mesaides::json_text::Doc doc;
    for (int i = 0; i < 30000; ++i) {
      std::string text = make(0);
      if (i % 3 == 1 && !text.empty()) text.resize(random() % text.size());
      if (i % 3 == 2 && !text.empty())
        text[random() % text.size()] = "{}[],:\"-.0e \\"[random() % 13];
      if (i % 100 == 0) text = "\xEF\xBB\xBF" + text;  // a byte order mark
      nlohmann::json ours_value, theirs;
      std::string error;
      const bool doc_read = doc.parse(text);
      const bool ours = mesaides::json_text::parse(text, ours_value, error);
      bool nlohmann_reads = true;
      try {
        theirs = nlohmann::json::parse(text);
      } catch (const nlohmann::json::exception&) {
        nlohmann_reads = false;
      }
      if (!ours) {
        ++refused;
        if (doc_read) FAIL_CHECK("read in place what parse refuses: " << text);
        if (nlohmann_reads)
          FAIL_CHECK("refused what nlohmann reads: " << text << " (" << error << ")");
        if (error.rfind("at line ", 0) != 0) FAIL_CHECK("an error without its place: " << error);
        continue;
      }
      if (!nlohmann_reads) {
        FAIL_CHECK("read what nlohmann refuses: " << text);
        continue;
      }
      ++read;
      if (!Same::check(ours_value, theirs))
        FAIL_CHECK("another value for " << text << ": " << ours_value.dump() << " vs "
                                        << theirs.dump());
      // Read in place: the same value, written the same, but for a key given twice in an object
      // (declined: nlohmann keeps the later value, which the document does not) and what Doc does
      // not read (exponents, \u escapes, characters beyond ASCII…).
      std::string written, expected;
      mesaides::json_text::value(expected, ours_value);
      if (doc_read) {
        ++in_place;
        mesaides::json_text::write(written, doc.root());
        if (written != expected) FAIL_CHECK("in place, " << text << " is written " << written);
        const auto& root = doc.root().node();
        if (root.verbatim && doc.root().size() > 0) ++copied;
      } else {
        // The keys written, against the members nlohmann keeps: fewer, when one is given twice.
        size_t keys = 0;
        const nlohmann::json counted = nlohmann::json::parse(
            text, [&](int, nlohmann::json::parse_event_t event, nlohmann::json&) {
              if (event == nlohmann::json::parse_event_t::key) ++keys;
              return true;
            });
        std::function<size_t(const nlohmann::json&)> members = [&](const nlohmann::json& j) {
          size_t n = j.is_object() ? j.size() : 0;
          if (j.is_structured())
            for (const auto& child : j) n += members(child);
          return n;
        };
        if (keys != members(ours_value)) ++twice;
      }
    }
    // Each way is taken (the reader has not become a stub that refuses everything).
    CHECK(read > 5000);
    CHECK(refused > 5000);
    CHECK(in_place > 5000);
    CHECK(twice > 100);
    CHECK(copied > 200);  // containers copied as written (Node::verbatim), checked above
    // Nesting: 512 deep is read, deeper is refused (the reader is recursive).
    nlohmann::json deep;
    std::string error;
    CHECK(mesaides::json_text::parse(std::string(512, '[') + std::string(512, ']'), deep, error));
    CHECK_FALSE(
        mesaides::json_text::parse(std::string(513, '[') + std::string(513, ']'), deep, error));
    CHECK(error == "at line 1, column 513: objects and lists nested more than 512 deep");
    // Each error says where and why.
    const std::vector<std::pair<std::string, std::string>> errors = {
        {"", "at line 1, column 1: the text ends where a value is expected"},
        {"{\"a\": 1,}",
         "at line 1, column 9: expected a key (a string in double quotes), found '}'"},
        {"[1 2]", "at line 1, column 4: expected ',' or ']' after an item of a list, found '2'"},
        {"{\"a\" 1}", "at line 1, column 6: expected ':' after the key, found '1'"},
        {"{\"a\": 1 \"b\"}",
         "at line 1, column 9: expected ',' or '}' after a member of an object, found '\"'"},
        {"\n\n  x",
         "at line 3, column 3: expected a value (an object, a list, a string, a number, "
         "true, false or null), found 'x'"},
        {"[1] 2", "at line 1, column 5: text after the end of the JSON value"},
        {"[01]", "at line 1, column 3: a number with a leading zero"},
        {"[1e400]",
         "at line 1, column 2: the number 1e400 is beyond the range of a double (about "
         "1.8e308)"},
        {"\"a\x01\"",
         "at line 1, column 3: a control character (the byte 0x01) in a string: JSON "
         "writes it escaped (\\n, \\t, \\u00XX)"},
        {"\"\xff\"", "at line 1, column 2: a string that is not UTF-8 (the byte 0xFF)"},
        {"\"\\ud800\"",
         "at line 1, column 8: a \\u escape of a high surrogate (U+D800 to U+DBFF) "
         "must be followed by one of a low surrogate (U+DC00 to U+DFFF)"},
        {"\"\\x\"",
         "at line 1, column 2: an escape JSON does not have: \\x (it has \\\" \\\\ \\/ "
         "\\b \\f \\n \\r \\t \\uXXXX)"},
        {"tru", "at line 1, column 1: expected a value, found 't'"},
    };
    for (const auto& [text, expected] : errors) {
      INFO("text: ", text);
      CHECK_FALSE(mesaides::json_text::parse(text, deep, error));
      CHECK(error == expected);
    }
    // A request as the site sends it is read, and in place too.
    nlohmann::json request;
    const std::string sent =
        R"({"benefits":true,"period":"2026-06","situation":{"individus":{"demandeur":)"
        R"({"date_naissance":"1990-04-12","salaire_net":{"2026-05":1450.35,"2026-04":1450}}},)"
        R"("menages":{"menage":{"personne_de_reference":["demandeur"],"loyer":{"2026-06":520}}}}})";
    REQUIRE(mesaides::json_text::parse(sent, request, error));
    CHECK(Same::check(request, nlohmann::json::parse(sent)));
    CHECK(doc.parse(sent));
  }

  // The writer is the module's only one: it must write what nlohmann's dump writes, with
  // error_handler_t::replace, of any bytes (U+FFFD where they are not UTF-8, as many as nlohmann
  // puts), with and without ensure_ascii.
  TEST_CASE("value: nlohmann's dump of any string, UTF-8 or not, in ASCII or not") {
    std::mt19937 random(20261207);
    const std::vector<std::string> pieces = {"a",
                                             "\xC3\xA9",
                                             "\xE2\x82\xAC",
                                             "\xF0\x9F\x98\x80",
                                             "\xC3",
                                             "\xE2\x82",
                                             "\xF0\x9F",
                                             "\xE0\x80",
                                             "\xED\xA0\x80",
                                             "\xF4\x90\x80\x80",
                                             "\xC0\xAF",
                                             "\x80",
                                             "\xFF",
                                             "\x7F",
                                             "\"",
                                             "\\",
                                             "\n",
                                             "\x01",
                                             "\x1F",
                                             " "};
    int replaced = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string text;
      const int count = static_cast<int>(random() % 8);
      for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
      for (const bool ascii : {true, false}) {
        const nlohmann::json j = {{"k" + text, text}, {"list", {text, 1.5, -3, nullptr}}};
        const std::string expected =
            j.dump(-1, ' ', ascii, nlohmann::json::error_handler_t::replace);
        if (mesaides::json_text::dump(j, ascii) != expected) {
          FAIL_CHECK(
              "written otherwise: "
              << nlohmann::json(text).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)
              << (ascii ? " (ASCII)" : " (UTF-8)"));
        }
        if (expected.find(ascii ? "\\ufffd" : "\xEF\xBF\xBD") != std::string::npos) ++replaced;
      }
    }
    CHECK(replaced > 1000);
  }

  TEST_CASE("a document's values written as they were read only when nlohmann writes them so") {
    using mesaides::json_text::Doc;
    auto written = [](const Doc& doc) {
      std::string out;
      mesaides::json_text::write(out, doc.root());
      return out;
    };
    // What nlohmann's compact dump (ensure_ascii) writes of the same text: the reference.
    auto dumped = [](const std::string& text) {
      return nlohmann::json::parse(text).dump(-1, ' ', true);
    };
    Doc doc;
    // Compact, keys in order, integers and plain strings: the text is copied, and is nlohmann's.
    const std::string plain =
        R"({"individus":{"demandeur":{"date_naissance":"1990-04-12","salaire_net":{"2026-04":1450,)"
        R"("2026-05":-3}}},"menages":{"menage":{"personne_de_reference":["demandeur"],"x":[]}}})";
    REQUIRE(doc.parse(plain));
    CHECK(doc.root().node().verbatim);
    CHECK(doc.root().node().raw == plain);
    CHECK(written(doc) == plain);
    CHECK(written(doc) == dumped(plain));
    // Each of these makes the text differ from what nlohmann writes: not copied, written again,
    // and the containers around the difference with it (their siblings still copied).
    for (const std::string& text : std::vector<std::string>{
             R"({"b":1,"a":2})",    // keys out of order
             R"({"a": 1})",         // a space
             R"({"a":[1 ]})",       // a space
             R"({ })",              // a space in an empty object
             R"({"a":1.50})",       // a decimal (shortest form: 1.5)
             R"({"a":1.0})",        // a decimal, the same text: still written again
             R"({"a":"x\/y"})",     // an escape nlohmann does not write
             R"({"a":"x\ty"})",     // an escape, even one nlohmann writes the same
             R"({"a\"":1})",        // an escape in a key
             "{\"a\":\"x\x7fy\"}",  // DEL: written \u007f
             "{\"a\x7f\":1}",       // DEL in a key
             R"({"ok":{"a":1},"z":{"b":2,"a":1}})",  // "ok" copied, "z" not
             R"({"b" :1,"a":2})",                    // a space before a colon
             "{\"b\":1,\"a\x7f\":2}",                // DEL in a key, keys out of order
             R"({"b":1,"a\"":2})",                   // an escape in a key, keys out of order
         }) {
      CAPTURE(text);
      REQUIRE(doc.parse(text));
      CHECK_FALSE(doc.root().node().verbatim);
      CHECK(written(doc) == dumped(text));
    }
    REQUIRE(doc.parse(R"({"ok":{"a":1},"z":{"b":2,"a":1}})"));
    CHECK(doc.root().member("ok").node().verbatim);
    CHECK_FALSE(doc.root().member("z").node().verbatim);
    // A key is copied with its quotes and colon from the text (member_key) only when they are
    // written there as they are written again.
    REQUIRE(doc.parse(R"({"z":1,"b" :2,"a\"":3,"c": 4})"));
    CHECK(doc.root().member("z").node().key_verbatim);
    CHECK_FALSE(doc.root().member("b").node().key_verbatim);    // a space before the colon
    CHECK_FALSE(doc.root().member("a\"").node().key_verbatim);  // an escape
    CHECK(doc.root().member("c").node().key_verbatim);          // (the space is after the colon)
    for (const char* name : {"z", "b", "a\"", "c"}) {
      std::string copied, written_again;
      mesaides::json_text::member_key(copied, doc.root().member(name));
      mesaides::json_text::key(written_again, name);
      CHECK(copied == written_again);
    }
    // Made from a tree: nothing to copy.
    const nlohmann::json tree = nlohmann::json::parse(plain);
    doc.assign(tree);
    CHECK_FALSE(doc.root().node().verbatim);
    CHECK(written(doc) == plain);
  }
  TEST_CASE("Appender: the same text as appending each piece, whatever their sizes") {
    // Pieces of every size around the buffer's 4 KB, chars between them, the string read and
    // written through flushed() in the middle: the text must be the plain appends' one.
    std::mt19937 random(20261207);
    for (int round = 0; round < 50; ++round) {
      std::string expected = "head:";
      std::string out = "head:";
      {
        mesaides::json_text::Appender text(out);
        for (int k = 0; k < 60; ++k) {
          const size_t size =
              std::uniform_int_distribution<size_t>(0, 9000)(random) * (k % 3 == 0 ? 1 : 0) +
              std::uniform_int_distribution<size_t>(0, 40)(random);
          std::string piece(size, '\0');
          for (char& c : piece) c = static_cast<char>('a' + random() % 26);
          text += piece;
          expected += piece;
          if (k % 5 == 0) {
            text += ',';
            expected += ',';
          }
          CHECK(text.size() == expected.size());
          if (k % 17 == 0) {
            text.flushed() += "[direct]";
            expected += "[direct]";
          }
        }
        text += std::string_view();  // empty, without data
        CHECK(text.flushed() == expected);
        text += "tail";
        expected += "tail";
      }  // the destructor writes what is left
      CHECK(out == expected);
    }
  }
}
