// json_text::parse: any JSON text read into a tree, each error with its place (json_text.h).
// Compiled for size in WebAssembly (CMakeLists.txt): the requests answered in place, nearly all of
// a page's, are read by Doc (json_text.cpp); these are those with explanations, a trace, an
// error, or JSON that Doc does not read.
#include <cmath>
#include <cstdint>

#include "float_text.h"
#include "json_text.h"

namespace mesaides::json_text {

namespace {

// parse()'s reader: any JSON, each error with its place.
class FullReader {
 public:
  FullReader(std::string_view text, std::string& error) : text_(text), error_(error) {}

  bool document(nlohmann::json& out) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;  // a byte order mark
    if (!value(out, 0)) return false;
    skip_space();
    return at_ == text_.size() || fail("text after the end of the JSON value");
  }

 private:
  // `found_too`: the message ends with what is at the place (found()).
  bool fail(const std::string& why) { return fail(why.c_str()); }
  bool fail(const char* why, bool found_too = false) {
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < at_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    error_ = "at line " + std::to_string(line) + ", column " +
             std::to_string(at_ - line_start + 1) + ": ";
    error_ += why;
    if (found_too) error_ += ", found " + found();
    return false;
  }
  // What is at the place of an error: a character, or the end of the text.
  std::string found() const {
    if (at_ >= text_.size()) return "the end of the text";
    const auto c = static_cast<unsigned char>(text_[at_]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + text_[at_] + "'";
    static const char kHex[] = "0123456789ABCDEF";
    return std::string("the byte 0x") + kHex[c >> 4] + kHex[c & 0xF];
  }

  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }
  bool is(char c) const { return at_ < text_.size() && text_[at_] == c; }
  bool digit() const { return at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9'; }

  bool value(nlohmann::json& out, int depth) {
    skip_space();
    if (at_ >= text_.size()) return fail("the text ends where a value is expected");
    switch (text_[at_]) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        out = true;
        return word("true");
      case 'f':
        out = false;
        return word("false");
      case 'n':
        out = nullptr;
        return word("null");
      default:
        if (is('-') || digit()) return number(out);
        return fail("expected a value (an object, a list, a string, a number, true, false or null)",
                    true);
    }
  }

  bool word(std::string_view w) {
    if (text_.substr(at_, w.size()) != w) return fail("expected a value", true);
    at_ += w.size();
    return true;
  }

  // After spaces, `c` read if it is there.
  bool take(char c) {
    skip_space();
    if (!is(c)) return false;
    ++at_;
    return true;
  }

  bool too_deep() {
    return fail("objects and lists nested more than " + std::to_string(kMaxParseDepth) + " deep");
  }

  bool object(nlohmann::json& out, int depth) {
    if (depth > kMaxParseDepth) return too_deep();
    ++at_;  // {
    out = nlohmann::json::object();
    if (take('}')) return true;
    auto& members = out.get_ref<nlohmann::json::object_t&>();
    while (true) {
      skip_space();
      if (!is('"')) return fail("expected a key (a string in double quotes)", true);
      std::string key;
      if (!string(key)) return false;
      if (!take(':')) return fail("expected ':' after the key", true);
      // A key given twice keeps its place and takes the later value, as with nlohmann.
      if (!value(members[key], depth)) return false;
      if (take('}')) return true;
      if (!take(',')) return fail("expected ',' or '}' after a member of an object", true);
    }
  }

  bool array(nlohmann::json& out, int depth) {
    if (depth > kMaxParseDepth) return too_deep();
    ++at_;  // [
    out = nlohmann::json::array();
    if (take(']')) return true;
    auto& items = out.get_ref<nlohmann::json::array_t&>();
    while (true) {
      if (!value(items.emplace_back(), depth)) return false;
      if (take(']')) return true;
      if (!take(',')) return fail("expected ',' or ']' after an item of a list", true);
    }
  }

  // Four hexadecimal digits after \u, into `unit`.
  bool hex4(uint32_t& unit) {
    unit = 0;
    for (int k = 0; k < 4; ++k, ++at_) {
      if (at_ >= text_.size()) return fail("the text ends within a \\u escape");
      const char c = text_[at_];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return fail("a \\u escape takes four hexadecimal digits", true);
      unit = unit * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }

  static void append_utf8(std::string& out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool string(std::string& out) {
    ++at_;  // "
    while (true) {
      if (at_ >= text_.size()) return fail("the text ends within a string");
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c < 0x20) {
        return fail("a control character (" + found() +
                    ") in a string: JSON writes it escaped (\\n, \\t, \\u00XX)");
      }
      if (c >= 0x80) {
        const size_t n = utf8_length(text_, at_);
        if (n == 0) return fail("a string that is not UTF-8 (" + found() + ")");
        out.append(text_.data() + at_, n);
        at_ += n;
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++at_;
        continue;
      }
      if (++at_ >= text_.size()) return fail("the text ends within a string");
      const char e = text_[at_];
      const char* simple = e == '"'    ? "\""
                           : e == '\\' ? "\\"
                           : e == '/'  ? "/"
                           : e == 'b'  ? "\b"
                           : e == 'f'  ? "\f"
                           : e == 'n'  ? "\n"
                           : e == 'r'  ? "\r"
                           : e == 't'  ? "\t"
                                       : nullptr;
      if (simple) {
        out += *simple;
        ++at_;
        continue;
      }
      if (e != 'u') {
        --at_;
        return fail("an escape JSON does not have: \\" + std::string(1, e) +
                    " (it has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
      ++at_;
      uint32_t code = 0;
      if (!hex4(code)) return false;
      if (code >= 0xDC00 && code <= 0xDFFF)
        return fail(
            "a \\u escape of a low surrogate (U+DC00 to U+DFFF) without a high one before it");
      if (code >= 0xD800 && code <= 0xDBFF) {
        const char* alone =
            "a \\u escape of a high surrogate (U+D800 to U+DBFF) must be followed by one of a "
            "low surrogate (U+DC00 to U+DFFF)";
        if (text_.substr(at_, 2) != "\\u") return fail(alone);
        at_ += 2;
        uint32_t low = 0;
        if (!hex4(low)) return false;
        if (low < 0xDC00 || low > 0xDFFF) return fail(alone);
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      }
      append_utf8(out, code);
    }
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: an integer of 64 bits as nlohmann keeps it
  // (unsigned, or signed when negative), any other a double.
  bool number(nlohmann::json& out) {
    const size_t start = at_;
    const bool negative = is('-');
    if (negative) ++at_;
    if (!digit()) return fail("expected a digit", true);
    const size_t first_digit = at_;
    if (is('0')) {
      ++at_;
      if (digit()) return fail("a number with a leading zero");
    } else {
      while (digit()) ++at_;
    }
    bool integer = true;
    if (is('.')) {
      integer = false;
      ++at_;
      if (!digit()) return fail("expected a digit after the decimal point", true);
      while (digit()) ++at_;
    }
    if (is('e') || is('E')) {
      integer = false;
      ++at_;
      if (is('+') || is('-')) ++at_;
      if (!digit()) return fail("expected a digit in the exponent", true);
      while (digit()) ++at_;
    }
    const std::string_view token = text_.substr(start, at_ - start);
    if (integer) {
      uint64_t magnitude = 0;
      bool fits = true;
      for (size_t i = first_digit; i < at_ && fits; ++i) {
        const auto d = static_cast<uint64_t>(text_[i] - '0');
        fits = magnitude <= (UINT64_MAX - d) / 10;
        magnitude = magnitude * 10 + d;
      }
      if (fits && !negative) {
        out = magnitude;
        return true;
      }
      if (fits && magnitude <= uint64_t{INT64_MAX} + 1) {
        out = magnitude == 0 ? int64_t{0} : static_cast<int64_t>(0 - magnitude);
        return true;
      }
    }
    const double x = float_text::to_double(token);
    if (!std::isfinite(x)) {
      at_ = start;
      return fail("the number " + std::string(token.substr(0, 40)) +
                  (token.size() > 40 ? "…" : "") +
                  " is beyond the range of a double (about 1.8e308)");
    }
    out = x;
    return true;
  }

  std::string_view text_;
  size_t at_ = 0;
  std::string& error_;
};

}  // namespace

bool parse(std::string_view text, nlohmann::json& out, std::string& error) {
  error.clear();
  return FullReader(text, error).document(out);
}

}  // namespace mesaides::json_text
