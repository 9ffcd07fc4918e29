// Unit tests of core/lexer and core/source: token kinds and texts, dotted names, numbers, dates,
// strings with escapes, operators, comments and line starts; positions (line and column counted in
// characters, so accents count once), lexical errors, and the rendering of a diagnostic's caret.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lexer.h"
#include "source.h"

namespace {

using mesaides::Diagnostic;
using mesaides::DiagnosticSink;
using mesaides::LineCol;
using mesaides::SourceSet;
using mesaides::Token;
using mesaides::TokenKind;

struct Lexed {
  SourceSet sources;
  uint32_t file = 0;
  std::vector<Token> tokens;
  DiagnosticSink sink;
};

// Lexes `text` as the file "t.rules". Returned by pointer: tokens keep spans into `sources`.
std::unique_ptr<Lexed> lex_text(const std::string& text) {
  auto out = std::make_unique<Lexed>();
  out->file = out->sources.add({"t.rules", text});
  out->tokens = mesaides::lex(out->sources, out->file, out->sink);
  return out;
}

std::vector<TokenKind> kinds(const std::vector<Token>& tokens) {
  std::vector<TokenKind> out;
  for (const Token& t : tokens) out.push_back(t.kind);
  return out;
}

std::vector<std::string> texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.text);
  return out;
}

std::string messages(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.list()) out += d.message + "\n";
  return out;
}

LineCol position(const Lexed& l, size_t token) {
  return l.sources.line_col(l.file, l.tokens[token].span.begin);
}

}  // namespace

namespace doctest {
template <>
struct StringMaker<TokenKind> {
  static String convert(TokenKind kind) { return mesaides::token_kind_name(kind); }
};
}  // namespace doctest

TEST_SUITE("lexer") {
  TEST_CASE("a declaration header") {
    auto l = lex_text("variable af_base { entity: famille }");
    CHECK(kinds(l->tokens) == std::vector<TokenKind>{TokenKind::kName, TokenKind::kName,
                                                     TokenKind::kLBrace, TokenKind::kName,
                                                     TokenKind::kColon, TokenKind::kName,
                                                     TokenKind::kRBrace, TokenKind::kEnd});
    CHECK(texts(l->tokens) ==
          std::vector<std::string>{"variable", "af_base", "", "entity", "", "famille", "", ""});
    CHECK(l->sink.list().empty());
  }

  TEST_CASE("a dotted name is one token") {
    auto l = lex_text("af.taux.deux_enfants * famille.af_nbenf");
    REQUIRE(l->tokens.size() == 4);
    CHECK(l->tokens[0].kind == TokenKind::kName);
    CHECK(l->tokens[0].text == "af.taux.deux_enfants");
    CHECK(l->tokens[1].kind == TokenKind::kStar);
    CHECK(l->tokens[2].text == "famille.af_nbenf");
    // A trailing dot is not part of the name: "x." is the name x then an unexpected '.'.
    auto bad = lex_text("x.");
    CHECK(bad->tokens[0].text == "x");
    CHECK(messages(bad->sink) == "unexpected '.'\n");
  }

  TEST_CASE("numbers are kept as written") {
    auto l = lex_text("474.37 0.5985 12 .5 007");
    CHECK(kinds(l->tokens) == std::vector<TokenKind>{TokenKind::kNumber, TokenKind::kNumber,
                                                     TokenKind::kNumber, TokenKind::kNumber,
                                                     TokenKind::kNumber, TokenKind::kEnd});
    CHECK(texts(l->tokens) == std::vector<std::string>{"474.37", "0.5985", "12", ".5", "007", ""});
    // A minus sign is its own token: the parser builds the negation.
    auto neg = lex_text("-3");
    CHECK(kinds(neg->tokens) ==
          std::vector<TokenKind>{TokenKind::kMinus, TokenKind::kNumber, TokenKind::kEnd});
    // "1..3": the language has no range operator; the number 1, then an unexpected '.'.
    auto range = lex_text("1..3");
    CHECK(messages(range->sink) == "unexpected '.'\n");
  }

  TEST_CASE("dates need four digits, a dash, two digits, a dash, two digits") {
    auto l = lex_text("2026-04-01 x[year - 2] 2026-04");
    REQUIRE(l->tokens.size() >= 10);
    CHECK(l->tokens[0].kind == TokenKind::kDate);
    CHECK(l->tokens[0].text == "2026-04-01");
    // year - 2: name, minus, number.
    CHECK(kinds(l->tokens) ==
          std::vector<TokenKind>{
              TokenKind::kDate, TokenKind::kName, TokenKind::kLBracket, TokenKind::kName,
              TokenKind::kMinus, TokenKind::kNumber, TokenKind::kRBracket,
              // 2026-04 is a subtraction, not a date.
              TokenKind::kNumber, TokenKind::kMinus, TokenKind::kNumber, TokenKind::kEnd});
    CHECK(l->sink.list().empty());
  }

  TEST_CASE("strings and escapes") {
    auto l = lex_text(R"("Il faut \"deux\" enfants \\ {n}" "ligne\nsuivante" "")");
    REQUIRE(l->tokens.size() == 4);
    CHECK(l->tokens[0].kind == TokenKind::kString);
    CHECK(l->tokens[0].text == "Il faut \"deux\" enfants \\ {n}");
    CHECK(l->tokens[1].text == "ligne\nsuivante");
    CHECK(l->tokens[2].kind == TokenKind::kString);
    CHECK(l->tokens[2].text.empty());
    // UTF-8 is kept byte for byte.
    auto accents = lex_text("\"Propriétaire — « oui »\"");
    CHECK(accents->tokens[0].text == "Propriétaire — « oui »");
    CHECK(l->sink.list().empty());
  }

  TEST_CASE("operators and punctuation") {
    auto l = lex_text("== != <= >= < > = + - * / , : ( ) [ ] { }");
    CHECK(kinds(l->tokens) ==
          std::vector<TokenKind>{
              TokenKind::kEq,       TokenKind::kNe,     TokenKind::kLe,     TokenKind::kGe,
              TokenKind::kLt,       TokenKind::kGt,     TokenKind::kAssign, TokenKind::kPlus,
              TokenKind::kMinus,    TokenKind::kStar,   TokenKind::kSlash,  TokenKind::kComma,
              TokenKind::kColon,    TokenKind::kLParen, TokenKind::kRParen, TokenKind::kLBracket,
              TokenKind::kRBracket, TokenKind::kLBrace, TokenKind::kRBrace, TokenKind::kEnd});
    // No space needed: "a<=b" is three tokens.
    auto tight = lex_text("a<=b");
    CHECK(kinds(tight->tokens) == std::vector<TokenKind>{TokenKind::kName, TokenKind::kLe,
                                                         TokenKind::kName, TokenKind::kEnd});
  }

  TEST_CASE("comments, layout and line starts") {
    auto l = lex_text("# a comment\nlabel: \"x\" # another\n\n  unit: money\r\n}");
    CHECK(texts(l->tokens) ==
          std::vector<std::string>{"label", "", "x", "unit", "", "money", "", ""});
    std::vector<bool> starts;
    for (const Token& t : l->tokens) starts.push_back(t.at_line_start);
    // label starts line 2, unit line 4, '}' line 5; the others follow on their line.
    CHECK(starts == std::vector<bool>{true, false, false, true, false, false, true, false});
    // An empty file (or only comments) is just the end.
    auto empty = lex_text("# nothing\n");
    CHECK(kinds(empty->tokens) == std::vector<TokenKind>{TokenKind::kEnd});
  }

  TEST_CASE("positions count lines and characters, not bytes") {
    // Line 1: 'label: "Été"' ; line 2: '  "é" x'.
    auto l = lex_text("label: \"Été\"\n  \"é\" x");
    REQUIRE(l->tokens.size() == 6);
    CHECK(position(*l, 0).line == 1);
    CHECK(position(*l, 0).col == 1);
    CHECK(position(*l, 2).col == 8);  // the string starts after 'label: ' (7 characters)
    // The string "Été" is 5 characters but 7 bytes (É and é take two bytes each).
    CHECK(l->tokens[2].span.end - l->tokens[2].span.begin == 7);
    // x: two spaces, '"', 'é', '"', a space, then x in column 7; in bytes it is 5 after the '"'
    // (é takes two).
    CHECK(position(*l, 4).line == 2);
    CHECK(position(*l, 4).col == 7);
    CHECK(l->tokens[4].span.begin - l->tokens[3].span.begin == 5);
    CHECK(l->sources.line_text(l->file, 2) == "  \"é\" x");
  }

  TEST_CASE("CRLF line ends are not part of the line") {
    auto l = lex_text("a\r\nb\r\n");
    CHECK(l->sources.line_text(l->file, 1) == "a");
    CHECK(position(*l, 1).line == 2);
    CHECK(position(*l, 1).col == 1);
  }

  TEST_CASE("lexical errors") {
    SUBCASE("unterminated string") {
      auto l = lex_text("label: \"Salaire net\nunit: money");
      REQUIRE(l->sink.list().size() == 1);
      const Diagnostic& d = l->sink.list()[0];
      CHECK(d.message == "unterminated string (a string ends on the same line)");
      CHECK(l->sources.line_col(l->file, d.span.begin).col == 8);
      // Lexing goes on at the next line.
      CHECK(l->tokens[3].text == "unit");
    }
    SUBCASE("unknown escape") {
      auto l = lex_text(R"("a\tb")");
      REQUIRE(l->sink.list().size() == 1);
      CHECK(l->sink.list()[0].message.find("unknown escape '\\t'") != std::string::npos);
      CHECK(l->sources.line_col(l->file, l->sink.list()[0].span.begin).col == 3);
    }
    SUBCASE("unexpected characters, shown whole even in UTF-8") {
      auto l = lex_text("x = 2 €\ny ; z");
      CHECK(messages(l->sink) == "unexpected character '€'\nunexpected character ';'\n");
      const Diagnostic& euro = l->sink.list()[0];
      CHECK(euro.span.end - euro.span.begin == 3);  // € is three bytes
      CHECK(l->sources.line_col(l->file, euro.span.begin).col == 7);
      // The bad characters are skipped: x = 2 y z remain.
      CHECK(texts(l->tokens) == std::vector<std::string>{"x", "", "2", "y", "z", ""});
    }
    SUBCASE("'!' alone") {
      auto l = lex_text("!a");
      CHECK(messages(l->sink) == "unexpected '!' (write 'not' for negation, '!=' for 'differs')\n");
    }
    SUBCASE("malformed date") {
      auto l = lex_text("2026-01-1 2026-01-011");
      CHECK(messages(l->sink) ==
            "malformed date '2026-01-1' (expected YYYY-MM-DD)\nmalformed date '2026-01-011' "
            "(expected YYYY-MM-DD)\n");
      CHECK(l->tokens[0].kind == TokenKind::kDate);
    }
    SUBCASE("a number followed by letters") {
      auto l = lex_text("12abc");
      CHECK(messages(l->sink) == "a number cannot be followed by letters ('abc')\n");
    }
  }
}

TEST_SUITE("source") {
  TEST_CASE("render: path, position, source line, caret under the span") {
    SourceSet sources;
    uint32_t f = sources.add({"rules/af.rules", "# Été\n  let n = af_nbenfs\n"});
    Diagnostic d;
    // af_nbenfs starts at byte 6 ("# Été\n" is 8 bytes: É and é are two each) + 10 = 18.
    std::string text(sources.file(f).text);
    uint32_t begin = static_cast<uint32_t>(text.find("af_nbenfs"));
    CHECK(begin == 18);
    d.span = {f, begin, begin + 9};
    d.message = "unknown variable 'af_nbenfs'";
    d.notes.push_back({{}, false, "did you mean 'af_nbenf'?"});
    d.notes.push_back({{f, 2, 3}, true, "the comment"});
    CHECK(mesaides::render(sources, d) ==
          "rules/af.rules:2:11: error: unknown variable 'af_nbenfs'\n"
          "      let n = af_nbenfs\n"
          "              ^~~~~~~~~\n"
          "  note: did you mean 'af_nbenf'?\n"
          "rules/af.rules:1:3: note: the comment\n"
          "    # Été\n"
          "      ^\n");
  }

  TEST_CASE("render: the caret counts characters after accents") {
    SourceSet sources;
    uint32_t f = sources.add({"t.rules", "label: \"Été\" €"});
    Diagnostic d;
    uint32_t begin = static_cast<uint32_t>(sources.file(f).text.find("€"));
    d.span = {f, begin, begin + 3};
    d.message = "unexpected character '€'";
    // '€' is character 14: 'label: ' (7) + '"Été"' (5) + ' ' (1) = 13 before it.
    CHECK(mesaides::render(sources, d) ==
          "t.rules:1:14: error: unexpected character '€'\n"
          "    label: \"Été\" €\n"
          "                 ^\n");
  }

  TEST_CASE("closest_name suggests only close names") {
    std::vector<std::string_view> names{"af_nbenf", "af_base", "salaire_net"};
    CHECK(mesaides::closest_name("af_nbenfs", names) == "af_nbenf");
    CHECK(mesaides::closest_name("salaire_nett", names) == "salaire_net");
    CHECK(mesaides::closest_name("zzz", names).empty());
    CHECK(mesaides::closest_name("x", {}).empty());
  }
}
