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

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace mesaides::json_text {

// Appends to a std::string through a buffer of its own, written to the string 4 KB at a time.
// std::string's members are compiled in the C++ library (libc++ and libstdc++ declare them
// `extern template`), so each `out += piece` is a call into it — a chain of calls in WebAssembly,
// some 70 instructions a piece there — where a piece put here is a test and a copy. An answer's
// benefit lines are some 10,000 pieces. Whoever reads the string, or writes to it directly (the
// functions below), calls flushed() first; the destructor flushes what is left.
class Appender {
 public:
  explicit Appender(std::string& out) : out_(out) {}
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  ~Appender() { flush(); }

  Appender& operator+=(std::string_view piece) {
    if (piece.size() > kRoom - used_) return put_long(piece);
    if (!piece.empty()) std::memcpy(buffer_ + used_, piece.data(), piece.size());
    used_ += piece.size();
    return *this;
  }
  Appender& operator+=(char c) {
    if (used_ == kRoom) flush();
    buffer_[used_++] = c;
    return *this;
  }
  // The text's length so far, what is still in the buffer included.
  size_t size() const { return out_.size() + used_; }
  // The string, with everything put so far.
  std::string& flushed() {
    flush();
    return out_;
  }

 private:
  static constexpr size_t kRoom = 4096;
  void flush() {
    if (used_ > 0) out_.append(buffer_, used_);
    used_ = 0;
  }
  Appender& put_long(std::string_view piece) {
    flush();
    if (piece.size() > kRoom) {
      out_.append(piece.data(), piece.size());
    } else {
      std::memcpy(buffer_, piece.data(), piece.size());
      used_ = piece.size();
    }
    return *this;
  }
  std::string& out_;
  size_t used_ = 0;
  char buffer_[kRoom];
};

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one (overlong forms,
// surrogates and code points beyond U+10FFFF are invalid, as in nlohmann's decoder).
size_t utf8_length(std::string_view s, size_t i);

// Appends `text` (UTF-8) as a JSON string of ASCII characters, quotes included. Invalid UTF-8 is
// replaced by U+FFFD (written \ufffd), as nlohmann's dump with error_handler_t::replace does.
// `ascii` false: the characters beyond ASCII as they are (UTF-8), as dump without ensure_ascii.
void string(std::string& out, std::string_view text, bool ascii = true);

// Appends `"name":` (a key never needs escaping in our output, but is escaped all the same).
void key(std::string& out, std::string_view name);

struct DocRef;
// Appends the key of `member` (a member of an object of a Doc) and its colon, as key() does: from
// the text read, in one copy, when it is written there as it is (Doc::Node::key_verbatim).
void member_key(std::string& out, DocRef member);

// Appends a JSON value as nlohmann's compact dump(-1, ' ', ascii, error_handler_t::replace) would
// (the module has no other writer: nlohmann's brings printf, see float_text.h).
void value(std::string& out, const nlohmann::json& j, bool ascii = true);
// The same, as a string of its own.
inline std::string dump(const nlohmann::json& j, bool ascii = true) {
  std::string out;
  value(out, j, ascii);
  return out;
}

// Appends a double as nlohmann's dump() writes it (its shortest round-trip form, "1.0" for an
// integral value, null when not finite), without a json value made for it.
void number(std::string& out, double x);

// Any JSON text (RFC 8259; a leading UTF-8 byte order mark is skipped, as nlohmann does) into
// `out`, the value nlohmann::json::parse gives: an integer that fits in 64 bits is nlohmann's
// (signed when negative), any other number a double (correctly rounded: float_text.h). False for
// text that is not JSON, with `error` saying where and why ("at line 1, column 12: ..."), and for
// a number beyond the double range or containers nested more than kMaxParseDepth deep, which
// nothing reading requests would take. The module's only JSON reader but Doc's (nlohmann's would
// bring the C library's strtod, see float_text.h, and 10 KB of gzip of its own).
constexpr int kMaxParseDepth = 512;
bool parse(std::string_view text, nlohmann::json& out, std::string& error);

// The same JSON read in place into a flat document, for the requests the engine answers without
// building a tree (api.cpp): one node per value, a container's children listed together (an
// object's in key order, as nlohmann's std::map has them), strings and keys as views into the
// text (or, for those with escapes, into the document's buffer). No allocation per value: a
// request is read several times sooner than into a tree, and dropped at once.
struct DocRef;
struct Doc {
  enum class Kind : uint8_t {
    kNull,
    kFalse,
    kTrue,
    kUnsigned,
    kNegative,
    kDouble,
    kString,
    kArray,
    kObject,
    kOther,  // from a tree: nlohmann's binary or discarded values
  };
  struct Node {
    // User-provided, so that making a node sets its fields, not a `rep stos` (or, in wasm, a call
    // to memset) over its 96 bytes first: a request has a node per value.
    Node() {}
    Kind kind = Kind::kNull;
    uint32_t first = 0;      // a container's first child in `children`
    uint32_t size = 0;       // a container's number of children
    std::string_view key;    // a member's key in its object
    std::string_view text;   // a string
    uint64_t magnitude = 0;  // an integer: magnitude (kUnsigned) or -magnitude (kNegative)
    double real = 0;         // kDouble
    const nlohmann::json* source = nullptr;  // the tree's value it was made from (assign)
    // The value's text as read (parse), and whether write() writes exactly that text: no space,
    // an object's keys already in order, no escape, no decimal (whose shortest form may differ).
    // Such a value is copied as it is, not written again (an answer repeats its situation).
    std::string_view raw;
    bool verbatim = false;
    // A member whose key, its quotes and the colon after it are in the text read as they are
    // written again (printable ASCII, no escape, no space before the colon): member_key copies
    // them.
    bool key_verbatim = false;
  };
  std::vector<Node> nodes;         // nodes[0] is the document's value
  std::vector<uint32_t> children;  // node indices
  std::string buffer;              // the unescaped texts
  std::vector<uint32_t> stack;     // parse()'s scratch: the children of the containers open

  // False for any text but what pages and partners send (objects, arrays, ASCII strings with the
  // simple escapes, integers of up to 18 digits, decimals of up to 15 significant digits without
  // exponent, true, false, null; nested at most 64 deep), and for an object with a key given twice
  // (nlohmann keeps the later value; the caller reads such text with nlohmann). The text must
  // outlive the document.
  bool parse(std::string_view text);
  // The same document made from a tree (which must outlive it), so that code reading documents
  // reads trees too; each node keeps its value in the tree (Node::source). Containers nested more
  // than kTreeDepth deep are made empty (of their kind): nothing reads that deep.
  static constexpr int kTreeDepth = 32;
  void assign(const nlohmann::json& tree);
  DocRef root() const;
};

// A value of a Doc: a node and its document.
struct DocRef {
  const Doc* doc = nullptr;
  uint32_t index = 0;

  bool valid() const { return doc != nullptr; }
  const Doc::Node& node() const { return doc->nodes[index]; }
  Doc::Kind kind() const { return node().kind; }
  bool is(Doc::Kind k) const { return valid() && node().kind == k; }
  uint32_t size() const { return node().size; }
  DocRef child(uint32_t i) const { return {doc, doc->children[node().first + i]}; }
  // The member named `name` of an object; invalid if none (or not an object, or invalid).
  DocRef member(std::string_view name) const;
};

inline DocRef Doc::root() const { return {this, 0}; }

// Writes a Doc's value as value() writes the nlohmann::json nlohmann would have read from the
// same text (objects in key order, numbers and strings the same).
void write(std::string& out, DocRef j);

}  // namespace mesaides::json_text
