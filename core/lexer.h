// Lexer for the rule language (docs/rules-language.md).
//
// Turns one source file into tokens: names (possibly dotted: `af.taux.enf2`), exact decimal
// numbers, dates (`2026-04-01`), strings, punctuation. Comments (`#` to end of line) and layout are
// skipped; each token records whether it starts a line, which the parser uses to recover after an
// error. Reports: unterminated string, unknown escape, unexpected character, malformed date.
#pragma once

#include <string>
#include <vector>

#include "source.h"

namespace mesaides {

enum class TokenKind {
  kName,
  kNumber,
  kDate,
  kString,
  kLBrace,
  kRBrace,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kColon,
  kAssign,  // =
  kEq,      // ==
  kNe,      // !=
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kEnd,
};

const char* token_kind_name(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Span span;
  std::string text;  // name, number or date text; string contents with escapes resolved
  bool at_line_start = false;
};

std::vector<Token> lex(const SourceSet& sources, uint32_t file, DiagnosticSink& sink);

}  // namespace mesaides
