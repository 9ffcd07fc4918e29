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

}  // namespace mesaides::json_text
