// Lexer for the rule language (see lexer.h).
#include "lexer.h"

#include <cstdio>

namespace mesaides {

const char* token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::kName:
      return "a name";
    case TokenKind::kNumber:
      return "a number";
    case TokenKind::kDate:
      return "a date";
    case TokenKind::kString:
      return "a string";
    case TokenKind::kLBrace:
      return "'{'";
    case TokenKind::kRBrace:
      return "'}'";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kLBracket:
      return "'['";
    case TokenKind::kRBracket:
      return "']'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kColon:
      return "':'";
    case TokenKind::kAssign:
      return "'='";
    case TokenKind::kEq:
      return "'=='";
    case TokenKind::kNe:
      return "'!='";
    case TokenKind::kLt:
      return "'<'";
    case TokenKind::kLe:
      return "'<='";
    case TokenKind::kGt:
      return "'>'";
    case TokenKind::kGe:
      return "'>='";
    case TokenKind::kPlus:
      return "'+'";
    case TokenKind::kMinus:
      return "'-'";
    case TokenKind::kStar:
      return "'*'";
    case TokenKind::kSlash:
      return "'/'";
    case TokenKind::kEnd:
      return "the end of the file";
  }
  return "?";
}

namespace {

// ASCII only, as std::isalpha/isalnum in the "C" locale the engine runs in, without their calls
// (the lexer's inner loops: loading the rules in the browser is mostly lexing).
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

class Lexer {
 public:
  Lexer(const SourceSet& sources, uint32_t file, DiagnosticSink& sink)
      : text_(sources.file(file).text), file_(file), sink_(sink) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    tokens.reserve(text_.size() / 10);  // about one token per 14 bytes in rules/
    bool line_start = true;
    while (true) {
      // Skip layout and comments, noting newlines.
      while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\n') {
          line_start = true;
          ++pos_;
        } else if (c == ' ' || c == '\t' || c == '\r') {
          ++pos_;
        } else if (c == '#') {
          while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        } else {
          break;
        }
      }
      Token token;
      token.at_line_start = line_start;
      line_start = false;
      if (pos_ >= text_.size()) {
        token.kind = TokenKind::kEnd;
        token.span = span(pos_, pos_);
        tokens.push_back(std::move(token));
        return tokens;
      }
      if (next(token)) tokens.push_back(std::move(token));
    }
  }

 private:
  Span span(size_t begin, size_t end) const {
    return {file_, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
  }

  // Lexes one token starting at pos_; returns false if the character was skipped after an error.
  bool next(Token& token) {
    size_t start = pos_;
    char c = text_[pos_];
    if (is_name_start(c)) {
      // name ('.' segment)*: a dotted name is one token; the checker splits it.
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      while (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_name_char(text_[pos_ + 1])) {
        ++pos_;
        while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      }
      token.kind = TokenKind::kName;
      token.text = text_.substr(start, pos_ - start);
    } else if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      lex_number_or_date(token);
    } else if (c == '"') {
      lex_string(token);
    } else {
      ++pos_;
      auto two = [&](char second, TokenKind yes, TokenKind no) {
        if (pos_ < text_.size() && text_[pos_] == second) {
          ++pos_;
          return yes;
        }
        return no;
      };
      switch (c) {
        case '{':
          token.kind = TokenKind::kLBrace;
          break;
        case '}':
          token.kind = TokenKind::kRBrace;
          break;
        case '(':
          token.kind = TokenKind::kLParen;
          break;
        case ')':
          token.kind = TokenKind::kRParen;
          break;
        case '[':
          token.kind = TokenKind::kLBracket;
          break;
        case ']':
          token.kind = TokenKind::kRBracket;
          break;
        case ',':
          token.kind = TokenKind::kComma;
          break;
        case ':':
          token.kind = TokenKind::kColon;
          break;
        case '+':
          token.kind = TokenKind::kPlus;
          break;
        case '-':
          token.kind = TokenKind::kMinus;
          break;
        case '*':
          token.kind = TokenKind::kStar;
          break;
        case '/':
          token.kind = TokenKind::kSlash;
          break;
        case '=':
          token.kind = two('=', TokenKind::kEq, TokenKind::kAssign);
          break;
        case '<':
          token.kind = two('=', TokenKind::kLe, TokenKind::kLt);
          break;
        case '>':
          token.kind = two('=', TokenKind::kGe, TokenKind::kGt);
          break;
        case '.':
          sink_.error(span(start, pos_), "unexpected '.'");
          return false;
        case '!':
          if (pos_ < text_.size() && text_[pos_] == '=') {
            ++pos_;
            token.kind = TokenKind::kNe;
            break;
          }
          sink_.error(span(start, pos_),
                      "unexpected '!' (write 'not' for negation, '!=' for 'differs')");
          return false;
        default: {
          // Skip a whole UTF-8 sequence so the message shows the character.
          while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80)
            ++pos_;
          // A control character or a byte that is not UTF-8 is named by its code, so that the
          // message itself stays printable and valid UTF-8 (the wasm API returns it as JSON).
          unsigned char lead = static_cast<unsigned char>(text_[start]);
          size_t want = lead < 0x80                    ? 1
                        : lead >= 0xC2 && lead <= 0xDF ? 2
                        : lead >= 0xE0 && lead <= 0xEF ? 3
                        : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                       : 0;
          char code[48];
          if (want != pos_ - start) {
            pos_ = start + 1;
            std::snprintf(code, sizeof code, "unexpected byte 0x%02X (the file is not UTF-8)",
                          lead);
            sink_.error(span(start, pos_), code);
          } else if (lead < 0x20 || lead == 0x7F) {
            std::snprintf(code, sizeof code, "unexpected control character U+%04X", lead);
            sink_.error(span(start, pos_), code);
          } else {
            sink_.error(
                span(start, pos_),
                "unexpected character '" + std::string(text_.substr(start, pos_ - start)) + "'");
          }
          return false;
        }
      }
    }
    token.span = span(start, pos_);
    return true;
  }

  void lex_number_or_date(Token& token) {
    size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    // A date: 4 digits '-' 2 digits '-' 2 digits, with no space.
    if (pos_ - start == 4 && pos_ + 3 < text_.size() && text_[pos_] == '-' &&
        is_digit(text_[pos_ + 1]) && is_digit(text_[pos_ + 2]) && text_[pos_ + 3] == '-') {
      size_t p = pos_ + 4;
      size_t digits = 0;
      while (p < text_.size() && is_digit(text_[p])) ++p, ++digits;
      pos_ = p;
      token.kind = TokenKind::kDate;
      token.text = text_.substr(start, pos_ - start);
      if (digits != 2)
        sink_.error(span(start, pos_), "malformed date '" + token.text + "' (expected YYYY-MM-DD)");
      return;
    }
    // The fraction: a dot followed by digits, or the dot a number starts with (".5").
    if (pos_ < text_.size() && text_[pos_] == '.' &&
        (pos_ == start || (pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1])))) {
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    token.kind = TokenKind::kNumber;
    token.text = text_.substr(start, pos_ - start);
    if (pos_ < text_.size() && is_name_start(text_[pos_])) {
      size_t bad = pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      sink_.error(span(start, pos_), "a number cannot be followed by letters ('" +
                                         std::string(text_.substr(bad, pos_ - bad)) + "')");
    }
  }

  void lex_string(Token& token) {
    size_t start = pos_++;
    token.kind = TokenKind::kString;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      // The run of plain characters up to the next quote, backslash or line end, in one append.
      size_t run = pos_;
      while (run < text_.size() && text_[run] != '"' && text_[run] != '\\' && text_[run] != '\n')
        ++run;
      token.text.append(text_, pos_, run - pos_);
      pos_ = run;
      if (pos_ >= text_.size() || text_[pos_] == '"') break;
      char c = text_[pos_];
      if (c == '\n') break;
      if (c == '\\' && pos_ + 1 < text_.size()) {
        char e = text_[pos_ + 1];
        if (e == '"' || e == '\\') {
          token.text += e;
        } else if (e == 'n') {
          token.text += '\n';
        } else {
          sink_.error(span(pos_, pos_ + 2), std::string("unknown escape '\\") + e +
                                                "' in string (only \\\" \\\\ and \\n are known)");
        }
        pos_ += 2;
        continue;
      }
      token.text += c;
      ++pos_;
    }
    if (pos_ >= text_.size() || text_[pos_] != '"') {
      sink_.error(span(start, pos_), "unterminated string (a string ends on the same line)");
      return;
    }
    ++pos_;
  }

  const std::string_view text_;
  uint32_t file_;
  DiagnosticSink& sink_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Token> lex(const SourceSet& sources, uint32_t file, DiagnosticSink& sink) {
  return Lexer(sources, file, sink).run();
}

}  // namespace mesaides
