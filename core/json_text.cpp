#include "json_text.h"

namespace mesaides::json_text {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one (overlong forms,
// surrogates and code points beyond U+10FFFF are invalid, as in nlohmann's decoder).
size_t utf8_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3) {
    unsigned char d = byte(i + 1);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0)) return 0;
  } else if (n == 4) {
    unsigned char d = byte(i + 1);
    if ((c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90)) return 0;
  }
  return n;
}

}  // namespace

void string(std::string& out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
      ++i;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    if (c >= 0x80) {
      size_t n = utf8_length(text, i);
      if (n == 0) {
        // Not UTF-8: let nlohmann decide how much to replace, so that the bytes stay the same.
        std::string rest = nlohmann::json(std::string(text.substr(i)))
                               .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
        out.append(rest, 1, std::string::npos);  // without its opening quote
        return;
      }
      // The code point, written as \uXXXX (two of them, a surrogate pair, beyond U+FFFF).
      uint32_t code = c & (0xFFu >> (n + 1));
      for (size_t k = 1; k < n; ++k)
        code = (code << 6) | (static_cast<uint32_t>(text[i + k]) & 0x3F);
      char escaped[12];  // written whole, then appended at once
      size_t length = 0;
      auto escape = [&](uint32_t unit) {
        escaped[length++] = '\\';
        escaped[length++] = 'u';
        for (int shift = 12; shift >= 0; shift -= 4)
          escaped[length++] = kHex[(unit >> shift) & 0xF];
      };
      if (code < 0x10000) {
        escape(code);
      } else {
        escape(0xD800 + ((code - 0x10000) >> 10));
        escape(0xDC00 + ((code - 0x10000) & 0x3FF));
      }
      out.append(escaped, length);
      plain = i += n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
    plain = ++i;
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void value(std::string& out, const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      string(out, j.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::boolean:
      out += j.get<bool>() ? "true" : "false";
      return;
    case nlohmann::json::value_t::null:
      out += "null";
      return;
    case nlohmann::json::value_t::number_integer:
      out += std::to_string(j.get<int64_t>());
      return;
    case nlohmann::json::value_t::number_unsigned:
      out += std::to_string(j.get<uint64_t>());
      return;
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : j) {
        if (!first) out += ',';
        first = false;
        value(out, item);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ',';
        first = false;
        key(out, it.key());
        value(out, it.value());
      }
      out += '}';
      return;
    }
    default:  // doubles (nlohmann's shortest round-trip form), binary
      out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

namespace {

class CommonReader {
 public:
  explicit CommonReader(std::string_view text)
      : at_(text.data()), end_(text.data() + text.size()) {}

  bool document(nlohmann::json& out) {
    if (!value(out, 0)) return false;
    skip_space();
    return at_ == end_;
  }

 private:
  static constexpr int kMaxDepth = 64;
  // 10^0 … 10^22: the powers of ten a double holds exactly.
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool literal(const char* word, size_t length) {
    if (static_cast<size_t>(end_ - at_) < length || std::string_view(at_, length) != word)
      return false;
    at_ += length;
    return true;
  }

  bool value(nlohmann::json& out, int depth) {
    skip_space();
    if (at_ == end_) return false;
    switch (*at_) {
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
        return literal("true", 4);
      case 'f':
        out = false;
        return literal("false", 5);
      case 'n':
        out = nullptr;
        return literal("null", 4);
      default:
        return number(out);
    }
  }

  // After `{` or `[`: true when the container closes at once (`closer` read).
  bool closes_at_once(char closer) {
    ++at_;
    skip_space();
    if (at_ == end_ || *at_ != closer) return false;
    ++at_;
    return true;
  }

  // After an item: the container's end (`closed`) or the comma before the next item; false for
  // anything else.
  bool after_item(char closer, bool& closed) {
    skip_space();
    if (at_ == end_ || (*at_ != closer && *at_ != ',')) return false;
    closed = *at_++ == closer;
    return true;
  }

  bool object(nlohmann::json& out, int depth) {
    if (depth > kMaxDepth) return false;
    out = nlohmann::json::object();
    if (closes_at_once('}')) return true;
    auto& members = out.get_ref<nlohmann::json::object_t&>();
    for (bool closed = false; !closed;) {
      skip_space();
      std::string key;
      if (at_ == end_ || *at_ != '"' || !string(key)) return false;
      skip_space();
      if (at_ == end_ || *at_ != ':') return false;
      ++at_;
      // A key given twice keeps its place and takes the later value, as with nlohmann.
      if (!value(members[std::move(key)], depth) || !after_item('}', closed)) return false;
    }
    return true;
  }

  bool array(nlohmann::json& out, int depth) {
    if (depth > kMaxDepth) return false;
    out = nlohmann::json::array();
    if (closes_at_once(']')) return true;
    auto& items = out.get_ref<nlohmann::json::array_t&>();
    for (bool closed = false; !closed;) {
      if (!value(items.emplace_back(), depth) || !after_item(']', closed)) return false;
    }
    return true;
  }

  // A string of printable ASCII characters and the escapes \" \\ \/ \b \f \n \r \t (not \u).
  bool string(std::string& out) {
    ++at_;  // "
    const char* run = at_;
    while (at_ != end_) {
      const auto c = static_cast<unsigned char>(*at_);
      if (c == '"') {
        out.append(run, at_);
        ++at_;
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;  // a control character, or UTF-8 to check
      if (c != '\\') {
        ++at_;
        continue;
      }
      out.append(run, at_);
      if (++at_ == end_) return false;
      switch (*at_) {
        case '"':
        case '\\':
        case '/':
          out += *at_;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          return false;  // \u, or not an escape
      }
      run = ++at_;
    }
    return false;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)? with few digits. An integer is nlohmann's: signed when negative,
  // unsigned otherwise. A decimal is m / 10^k with m < 10^15 and k <= 22: both exact doubles, so
  // the division is the correctly rounded value, as strtod gives it.
  bool number(nlohmann::json& out) {
    const bool negative = *at_ == '-';
    if (negative) ++at_;
    const char* digits = at_;
    uint64_t mantissa = 0;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9')
      mantissa = mantissa * 10 + static_cast<uint64_t>(*at_++ - '0');
    const auto whole = static_cast<size_t>(at_ - digits);
    if (whole == 0 || whole > 18 || (whole > 1 && *digits == '0')) return false;
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) return false;
    if (at_ == end_ || *at_ != '.') {
      if (negative) {
        if (mantissa == 0) return false;  // -0
        out = -static_cast<int64_t>(mantissa);
      } else {
        out = mantissa;
      }
      return true;
    }
    ++at_;  // .
    const char* fraction = at_;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9')
      mantissa = mantissa * 10 + static_cast<uint64_t>(*at_++ - '0');
    const auto decimals = static_cast<size_t>(at_ - fraction);
    if (decimals == 0 || whole + decimals > 15) return false;
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) return false;
    if (negative && mantissa == 0) return false;  // -0.0
    const double v = static_cast<double>(mantissa) / kPowers[decimals];
    out = negative ? -v : v;
    return true;
  }

  const char* at_;
  const char* end_;
};

}  // namespace

bool parse_common(std::string_view text, nlohmann::json& out) {
  return CommonReader(text).document(out);
}

}  // namespace mesaides::json_text
