#include "json_text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "index_sort.h"

namespace mesaides::json_text {

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

namespace {

// How many bytes from s[i], not UTF-8, one U+FFFD replaces, as nlohmann's dump does with
// error_handler_t::replace (a byte-by-byte UTF-8 automaton): a byte that starts no sequence; or a
// sequence's start up to the first byte that does not continue it (read again after, as it may
// start one); or all that is left when the text ends within a sequence.
size_t replaced_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  const size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (n == 0) return 1;
  for (size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return s.size() - i;
    unsigned char low = 0x80, high = 0xBF;  // what a second byte may be after c
    if (k == 1 && c == 0xE0) low = 0xA0;
    if (k == 1 && c == 0xED) high = 0x9F;
    if (k == 1 && c == 0xF0) low = 0x90;
    if (k == 1 && c == 0xF4) high = 0x8F;
    if (byte(i + k) < low || byte(i + k) > high) return k;
  }
  return n;  // (a valid sequence: not called for one)
}

// Whether one of the eight bytes of `w` is written otherwise than as itself: a control character,
// '"', '\\', DEL or a byte beyond ASCII. Each test is exact for "some byte is": a borrow starts
// only at a byte that is.
constexpr bool any_to_escape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  auto any_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  return ((w & kHigh) | ((w - kOnes * 0x20) & ~w & kHigh) | any_zero(w ^ (kOnes * '"')) |
          any_zero(w ^ (kOnes * '\\')) | any_zero(w ^ (kOnes * 0x7F))) != 0;
}

// Whether every byte of `text` is written as it is (printable ASCII but '"', '\\' and DEL).
bool all_plain(std::string_view text) {
  size_t i = 0;
  for (uint64_t w = 0; i + 8 <= text.size(); i += 8) {
    std::memcpy(&w, text.data() + i, 8);
    if (any_to_escape(w)) return false;
  }
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F) return false;
  }
  return true;
}

// A short plain text between quotes, then `after` (a colon, or nothing), appended at once: one
// call into the string where there were three or four (each a call in WebAssembly, where
// std::string's members are not inlined). False, having written nothing, for any other text.
bool short_plain(std::string& out, std::string_view text, std::string_view after) {
  char quoted[64];
  if (text.size() + 2 + after.size() > sizeof quoted || !all_plain(text)) return false;
  quoted[0] = '"';
  if (!text.empty()) std::memcpy(quoted + 1, text.data(), text.size());  // (data() may be null)
  quoted[text.size() + 1] = '"';
  if (!after.empty()) std::memcpy(quoted + text.size() + 2, after.data(), after.size());
  out.append(quoted, text.size() + 2 + after.size());
  return true;
}

}  // namespace

void key(std::string& out, std::string_view name) {
  if (short_plain(out, name, ":")) return;
  string(out, name);
  out += ':';
}

void string(std::string& out, std::string_view text, bool ascii) {
  static const char kHex[] = "0123456789abcdef";
  if (short_plain(out, text, {})) return;
  out += '"';
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < text.size();) {
    // Names, ids, periods and most of the French texts are plain: eight bytes at a time.
    for (uint64_t w = 0; i + 8 <= text.size(); i += 8) {
      std::memcpy(&w, text.data() + i, 8);
      if (any_to_escape(w)) break;
    }
    if (i == text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x7F || (c == 0x7F && !ascii))) {
      ++i;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    if (c >= 0x80) {
      size_t n = utf8_length(text, i);
      if (n == 0) {  // not UTF-8: U+FFFD for the bytes replaced_length() says
        out += ascii ? "\\ufffd" : "\xEF\xBF\xBD";
        plain = i += replaced_length(text, i);
        continue;
      }
      if (!ascii) {  // written as it is, with the run it continues
        plain = i;
        i += n;
        continue;
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

void number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  // The digits nlohmann's serializer writes: its own conversion (Grisu2), into a buffer of the
  // size it uses.
  char digits[64];
  out.append(digits, nlohmann::detail::to_chars(digits, digits + sizeof digits, x));
}

void value(std::string& out, const nlohmann::json& j, bool ascii) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      string(out, j.get_ref<const std::string&>(), ascii);
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
        value(out, item, ascii);
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
        string(out, it.key(), ascii);
        out += ':';
        value(out, it.value(), ascii);
      }
      out += '}';
      return;
    }
    case nlohmann::json::value_t::number_float:
      number(out, j.get<double>());
      return;
    default:  // binary values and discarded ones, which the engine never makes
      out += "null";
  }
}

namespace {

// The characters a string holds as they are: printable ASCII but '"' and '\\', and DEL (0x7F),
// which the reader takes as it is but notes, as the writer escapes it (\u007f).
constexpr auto kPlainInString = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// a < b, as std::string_view compares them (bytes as unsigned), most keys of an object told
// apart by their first byte without a call to memcmp (a loop over bytes in WebAssembly).
inline bool key_less(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0])
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  return a < b;
}

// The tokens of the JSON that requests keep to (see Doc::parse), read from text in place.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

 protected:
  static constexpr int kMaxDepth = 64;
  // 10^0 … 10^22: the powers of ten a double holds exactly.
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  struct Number {
    enum class Kind : uint8_t { kUnsigned, kNegative, kDouble } kind = Kind::kUnsigned;
    uint64_t magnitude = 0;  // kUnsigned, kNegative: the integer is magnitude, or -magnitude
    double real = 0;         // kDouble
  };

  bool at_end() const { return at_ == end_; }
  // Whether the last string read has a DEL character (see kPlainInString).
  bool last_string_has_del() const { return last_string_has_del_; }
  const char* position() const { return at_; }
  char next() const { return *at_; }

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool literal(const char* word, size_t length) {
    if (static_cast<size_t>(end_ - at_) < length || std::string_view(at_, length) != word)
      return false;
    at_ += length;
    return true;
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

  // After spaces, the `:` between a key and its value.
  bool colon() {
    skip_space();
    if (at_ == end_ || *at_ != ':') return false;
    ++at_;
    return true;
  }

  // A string of printable ASCII characters and the escapes \" \\ \/ \b \f \n \r \t (not \u),
  // at `"`. Its text is `out`: the bytes in place when it has no escape, else the unescaped text
  // appended to `buffer` (which must not reallocate meanwhile: its views are kept).
  bool string(std::string_view& out, std::string& buffer) {
    last_string_has_del_ = false;
    ++at_;  // "
    const char* run = at_;
    size_t from = std::string::npos;  // where the unescaped text starts in buffer, if any
    while (at_ != end_) {
      // Most characters are plain: skipped by one table lookup each.
      while (kPlainInString[static_cast<unsigned char>(*at_)] && ++at_ != end_) {
      }
      if (at_ == end_) break;
      const auto c = static_cast<unsigned char>(*at_);
      if (c == 0x7F) {
        last_string_has_del_ = true;
        ++at_;
        continue;
      }
      if (c == '"') {
        if (from == std::string::npos) {
          out = std::string_view(run, static_cast<size_t>(at_ - run));
        } else {
          buffer.append(run, at_);
          out = std::string_view(buffer).substr(from);
        }
        ++at_;
        return true;
      }
      if (c != '\\') return false;  // a control character, or UTF-8 to check
      if (from == std::string::npos) from = buffer.size();
      buffer.append(run, at_);
      if (++at_ == end_) return false;
      switch (*at_) {
        case '"':
        case '\\':
        case '/':
          buffer += *at_;
          break;
        case 'b':
          buffer += '\b';
          break;
        case 'f':
          buffer += '\f';
          break;
        case 'n':
          buffer += '\n';
          break;
        case 'r':
          buffer += '\r';
          break;
        case 't':
          buffer += '\t';
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
  bool number(Number& out) {
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
      if (negative && mantissa == 0) return false;  // -0
      out.kind = negative ? Number::Kind::kNegative : Number::Kind::kUnsigned;
      out.magnitude = mantissa;
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
    out.kind = Number::Kind::kDouble;
    out.real = negative ? -v : v;
    return true;
  }

 private:
  const char* at_;
  const char* end_;
  bool last_string_has_del_ = false;
};

class DocReader : Scanner {
 public:
  DocReader(std::string_view text, Doc& doc)
      : Scanner(text), text_(text), doc_(doc), stack_(doc.stack) {
    stack_.clear();
  }

  bool document() {
    if (!value(0)) return false;
    skip_space();
    return at_end();
  }

 private:
  // Appends the value's node (and its subtree), the key it has in its object, if any, in `key`.
  bool value(int depth, std::string_view key = {}) {
    skip_space();
    if (at_end()) return false;
    const auto index = static_cast<uint32_t>(doc_.nodes.size());
    const char* start = position();
    Doc::Node& node = doc_.nodes.emplace_back();
    node.key = key;
    switch (next()) {
      case '{':
        return object(index, depth + 1) && contained(index, start);
      case '[':
        return array(index, depth + 1) && contained(index, start);
      case '"':
        node.kind = Doc::Kind::kString;
        if (!string(node.text, doc_.buffer)) return false;
        node.verbatim = as_written(node.text);
        break;
      case 't':
        node.kind = Doc::Kind::kTrue;
        if (!literal("true", 4)) return false;
        node.verbatim = true;
        break;
      case 'f':
        node.kind = Doc::Kind::kFalse;
        if (!literal("false", 5)) return false;
        node.verbatim = true;
        break;
      case 'n':
        node.kind = Doc::Kind::kNull;
        if (!literal("null", 4)) return false;
        node.verbatim = true;
        break;
      default: {
        Number n;
        if (!number(n)) return false;
        node.kind = n.kind == Number::Kind::kUnsigned   ? Doc::Kind::kUnsigned
                    : n.kind == Number::Kind::kNegative ? Doc::Kind::kNegative
                                                        : Doc::Kind::kDouble;
        node.magnitude = n.magnitude;
        node.real = n.real;
        // An integer is read only without a sign '+', a leading zero or "-0": its digits are
        // to_string's. A decimal is written in its shortest form ("1.50" → 1.5).
        node.verbatim = n.kind != Number::Kind::kDouble;
        break;
      }
    }
    node.raw = std::string_view(start, static_cast<size_t>(position() - start));
    return true;
  }

  // Whether the string just read (`text`, or a key) is written back as it was: no escape (its
  // text lies in the text read, between its quotes) and no DEL character (written \u007f).
  bool as_written(std::string_view text) const {
    return text.data() >= text_.data() && text.data() < text_.data() + text_.size() &&
           !last_string_has_del();
  }

  // A container just read (from `start`): its text, and whether it is written back as it is: so
  // is each child, the keys came in order and as written (`verbatim` as object() left it), and the
  // text is exactly as long as the children's with their quotes, colons and commas (any space
  // makes it longer).
  bool contained(uint32_t index, const char* start) {
    Doc::Node& node = doc_.nodes[index];
    node.raw = std::string_view(start, static_cast<size_t>(position() - start));
    if (!node.verbatim) return true;
    const bool object = node.kind == Doc::Kind::kObject;
    size_t length = 2 + (node.size > 0 ? node.size - 1 : 0);  // brackets, commas
    for (uint32_t i = 0; i < node.size; ++i) {
      const Doc::Node& child = doc_.nodes[doc_.children[node.first + i]];
      if (!child.verbatim) {
        node.verbatim = false;
        return true;
      }
      length += child.raw.size() + (object ? child.key.size() + 3 : 0);  // "key":
    }
    node.verbatim = length == node.raw.size();
    return true;
  }

  // The container's children are listed in doc_.children (each container's together, in the
  // order of its last child's end): gathered on a stack while it is read.
  bool object(uint32_t index, int depth) {
    if (depth > kMaxDepth) return false;
    doc_.nodes[index].kind = Doc::Kind::kObject;
    const size_t from = stack_.size();
    bool keys_as_written = true;
    if (!closes_at_once('}')) {
      for (bool closed = false; !closed;) {
        skip_space();
        std::string_view key;
        if (at_end() || next() != '"' || !string(key, doc_.buffer)) return false;
        const bool key_as_written = as_written(key);
        keys_as_written = keys_as_written && key_as_written;
        if (!colon()) return false;
        const auto member = static_cast<uint32_t>(doc_.nodes.size());
        stack_.push_back(member);
        if (!value(depth, key) || !after_item('}', closed)) return false;
        // As written: between its quotes in the text (no escape, only printable ASCII: see
        // string()), and the colon right after the closing one.
        doc_.nodes[member].key_verbatim = key_as_written && key.data()[key.size() + 1] == ':';
      }
    }
    // Members in key order, as nlohmann's std::map keeps them; a key given twice is refused (the
    // caller then reads the text with nlohmann, whose later value wins).
    const auto first = stack_.begin() + static_cast<std::ptrdiff_t>(from);
    // Already in strict order as written: nothing to sort, no key twice, and the text may be
    // copied as it is (see contained()) if its keys are as written too.
    const bool in_order = std::adjacent_find(first, stack_.end(), [this](uint32_t a, uint32_t b) {
                            return !key_less(doc_.nodes[a].key, doc_.nodes[b].key);
                          }) == stack_.end();
    doc_.nodes[index].verbatim = in_order && keys_as_written;
    if (!in_order) {
      sort_indices(&*first, static_cast<size_t>(stack_.end() - first),
                   [this](uint32_t a, uint32_t b) {
                     return key_less(doc_.nodes[a].key, doc_.nodes[b].key);
                   });
      for (auto it = first; it != stack_.end() && it + 1 != stack_.end(); ++it) {
        if (doc_.nodes[*it].key == doc_.nodes[*(it + 1)].key) return false;
      }
    }
    close(index, from);
    return true;
  }

  bool array(uint32_t index, int depth) {
    if (depth > kMaxDepth) return false;
    doc_.nodes[index].kind = Doc::Kind::kArray;
    doc_.nodes[index].verbatim = true;  // if its items are (see contained())
    const size_t from = stack_.size();
    if (!closes_at_once(']')) {
      for (bool closed = false; !closed;) {
        stack_.push_back(static_cast<uint32_t>(doc_.nodes.size()));
        if (!value(depth) || !after_item(']', closed)) return false;
      }
    }
    close(index, from);
    return true;
  }

  void close(uint32_t index, size_t from) {
    Doc::Node& node = doc_.nodes[index];
    node.first = static_cast<uint32_t>(doc_.children.size());
    node.size = static_cast<uint32_t>(stack_.size() - from);
    doc_.children.insert(doc_.children.end(), stack_.begin() + static_cast<std::ptrdiff_t>(from),
                         stack_.end());
    stack_.resize(from);
  }

  std::string_view text_;
  Doc& doc_;
  std::vector<uint32_t>& stack_;  // the document's: its room kept from one text to the next
};

}  // namespace

bool Doc::parse(std::string_view text) {
  nodes.clear();
  children.clear();
  buffer.clear();
  // Unescaped texts are never longer than the text: the buffer does not move, nor its views.
  buffer.reserve(text.size());
  nodes.reserve(std::min<size_t>(text.size() / 8 + 4, size_t{1} << 14));
  return DocReader(text, *this).document();
}

namespace {

// Doc::assign's walk: each container's children gathered on a stack while it is walked, as
// DocReader does.
class TreeReader {
 public:
  explicit TreeReader(Doc& doc) : doc_(doc) {}

  void value(const nlohmann::json& j, std::string_view key, int depth) {
    using T = nlohmann::json::value_t;
    const auto index = static_cast<uint32_t>(doc_.nodes.size());
    Doc::Node& node = doc_.nodes.emplace_back();
    node.key = key;
    node.source = &j;
    switch (j.type()) {
      case T::null:
        node.kind = Doc::Kind::kNull;
        return;
      case T::boolean:
        node.kind = j.get<bool>() ? Doc::Kind::kTrue : Doc::Kind::kFalse;
        return;
      case T::number_integer: {
        const int64_t v = j.get<int64_t>();
        node.kind = v < 0 ? Doc::Kind::kNegative : Doc::Kind::kUnsigned;
        node.magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        return;
      }
      case T::number_unsigned:
        node.kind = Doc::Kind::kUnsigned;
        node.magnitude = j.get<uint64_t>();
        return;
      case T::number_float:
        node.kind = Doc::Kind::kDouble;
        node.real = j.get<double>();
        return;
      case T::string:
        node.kind = Doc::Kind::kString;
        node.text = j.get_ref<const std::string&>();
        return;
      case T::array:
      case T::object: {
        node.kind = j.is_object() ? Doc::Kind::kObject : Doc::Kind::kArray;
        const size_t from = stack_.size();
        if (depth < Doc::kTreeDepth) {
          for (auto it = j.begin(); it != j.end(); ++it) {
            stack_.push_back(static_cast<uint32_t>(doc_.nodes.size()));
            value(it.value(), j.is_object() ? std::string_view(it.key()) : std::string_view(),
                  depth + 1);
          }
        }
        Doc::Node& container = doc_.nodes[index];
        container.first = static_cast<uint32_t>(doc_.children.size());
        container.size = static_cast<uint32_t>(stack_.size() - from);
        doc_.children.insert(doc_.children.end(),
                             stack_.begin() + static_cast<std::ptrdiff_t>(from), stack_.end());
        stack_.resize(from);
        return;
      }
      default:
        node.kind = Doc::Kind::kOther;
    }
  }

 private:
  Doc& doc_;
  std::vector<uint32_t> stack_;
};

}  // namespace

void Doc::assign(const nlohmann::json& tree) {
  nodes.clear();
  children.clear();
  buffer.clear();
  TreeReader(*this).value(tree, {}, 0);
}

DocRef DocRef::member(std::string_view name) const {
  if (!valid()) return {};
  const Doc::Node& n = node();
  if (n.kind != Doc::Kind::kObject) return {};
  for (uint32_t i = 0; i < n.size; ++i) {
    const uint32_t child = doc->children[n.first + i];
    if (doc->nodes[child].key == name) return {doc, child};
  }
  return {};
}

void member_key(std::string& out, DocRef member) {
  const Doc::Node& n = member.node();
  if (n.key_verbatim) {
    out.append(n.key.data() - 1, n.key.size() + 3);  // "key":
  } else {
    key(out, n.key);
  }
}

void write(std::string& out, DocRef j) {
  const Doc::Node& n = j.node();
  if (n.verbatim) {
    out += n.raw;
    return;
  }
  switch (n.kind) {
    case Doc::Kind::kNull:
      out += "null";
      return;
    case Doc::Kind::kFalse:
      out += "false";
      return;
    case Doc::Kind::kTrue:
      out += "true";
      return;
    case Doc::Kind::kUnsigned:
      out += std::to_string(n.magnitude);
      return;
    case Doc::Kind::kNegative:
      out += std::to_string(-static_cast<int64_t>(n.magnitude));
      return;
    case Doc::Kind::kDouble:
      number(out, n.real);
      return;
    case Doc::Kind::kString:
      string(out, n.text);
      return;
    case Doc::Kind::kArray:
    case Doc::Kind::kObject: {
      const bool object = n.kind == Doc::Kind::kObject;
      out += object ? '{' : '[';
      for (uint32_t i = 0; i < n.size; ++i) {
        if (i > 0) out += ',';
        const DocRef child = j.child(i);
        if (object) member_key(out, child);
        write(out, child);
      }
      out += object ? '}' : ']';
      return;
    }
    case Doc::Kind::kOther:
      value(out, *n.source);
      return;
  }
}

}  // namespace mesaides::json_text
