// Packed rules (see packed_rules.h).
#include "packed_rules.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "api.h"
#include "builtins.h"

namespace mesaides {
namespace {

constexpr std::string_view kKind = "\x02mesaides-packed-rules ";
constexpr std::string_view kMagic = "\x02mesaides-packed-rules 8";
constexpr std::string_view kTextsMagic = "\x03mesaides-packed-texts 4";

// --- writing ------------------------------------------------------------------------------------

void put_line(std::string& out, std::string_view text) {
  out += text;
  out += '\n';
}

void put_string(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '\n';
}

void put_count(std::string& out, size_t n) { put_line(out, std::to_string(n)); }

// The length of the prefix `a` and `b` share.
size_t shared_prefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

// `text` front-coded against `previous`: the length of their common prefix, a space, the rest.
// Sorted keys (the communes of a table) and names that share a path compress better so.
void put_front_coded(std::string& out, std::string_view previous, std::string_view text) {
  size_t common = shared_prefix(previous, text);
  out += std::to_string(common);
  out += ' ';
  put_string(out, text.substr(common));
}

// --- reading ------------------------------------------------------------------------------------

// Runs `step` as a function of its own. The loader reads each part of the packed rules so.
//
// The loader runs once, but V8 recompiles a WebAssembly function that runs long with its
// optimizing compiler, on other threads, and that takes longer the bigger the function. Binaryen
// inlines a function called once into its caller however big, so the loader was three functions of
// 11 to 18 KB, and 55 to 90 ms of a core went to recompiling them while the load ran, time the load
// lost on 2 cores. With a function per part, each runs too briefly to be recompiled, or is small:
// 20 to 47 ms are recompiled. Pinned to one core, the module's rules load in 39–47 ms instead of
// 53–59; on two cores, the median cold start of 25 alternated processes went from 42.7 to 40.7 ms.
//
// The call goes through a pointer read from a volatile, which no compiler sees through, so neither
// LLVM nor Binaryen inlines `step` back.
template <typename F>
void apart(F&& step) {
  using Step = std::remove_reference_t<F>;
  void (*volatile call)(Step*) = [](Step* s) { (*s)(); };
  call(&step);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  std::string_view line() {
    size_t eol = bytes_.find('\n', pos_);
    if (eol == std::string_view::npos) fail("a line is cut short");
    std::string_view text = bytes_.substr(pos_, eol - pos_);
    pos_ = eol + 1;
    return text;
  }

  std::string string() {
    std::string_view text = line();
    size_t escape = text.find('\\');
    if (escape == std::string_view::npos) return std::string(text);  // most strings
    std::string out(text.substr(0, escape));
    for (size_t i = escape; i < text.size(); ++i) {
      size_t plain = text.find('\\', i);
      if (plain == std::string_view::npos) plain = text.size();
      out.append(text.substr(i, plain - i));
      i = plain;
      if (i == text.size()) break;
      if (++i >= text.size()) fail("a string ends with a lone backslash");
      if (text[i] == '\\') {
        out += '\\';
      } else if (text[i] == 'n') {
        out += '\n';
      } else {
        fail("unknown escape in a string");
      }
    }
    return out;
  }

  // A line that is a number (`what` names it in the error).
  size_t number(const char* what) {
    std::string_view text = line();
    size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
      fail(std::string(what) + " is not a number");
    return n;
  }

  // A number no greater than `limit`.
  size_t number_at_most(size_t limit, const char* what) {
    const size_t n = number(what);
    if (n > limit) fail(std::string(what) + " is too large");
    return n;
  }

  // A count of items, each at least one byte: never more than the bytes left.
  size_t count() {
    const size_t n = number("a count");
    if (n > bytes_.size() - pos_) fail("a count exceeds the bytes left");
    return n;
  }

  std::string_view bytes(size_t n) {
    if (n > bytes_.size() - pos_) fail("a file is cut short");
    std::string_view text = bytes_.substr(pos_, n);
    pos_ += n;
    if (!line().empty()) fail("a file's bytes are not followed by a line break");
    return text;
  }

  // A front-coded string (put_front_coded) after `previous`.
  std::string front_coded(std::string_view previous) {
    std::string_view text = line();
    size_t space = text.find(' ');
    size_t common = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), common);
    if (space == std::string_view::npos || ec != std::errc() || end != text.data() + space ||
        common > previous.size()) {
      fail("a front-coded string is malformed");
    }
    pos_ -= text.size() - space;  // read the rest as a string
    std::string rest = string();
    return std::string(previous.substr(0, common)) + rest;
  }

  // A string, or `same` for the line kSame (put_same_or).
  std::string same_or(const std::string& same) {
    std::string_view text = line();
    if (text == "\\=") return same;
    pos_ -= text.size() + 1;  // read it again as a string
    return string();
  }

  size_t left() const { return bytes_.size() - pos_; }

  bool at_end() const { return pos_ == bytes_.size(); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("packed rules: " + what + " (byte " + std::to_string(pos_) + ")");
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// --- the self-check of pack_rules
// ------------------------------------------------------------------

// Every field of a value, as text.
std::string value_text(const Value& v) {
  return std::to_string(static_cast<int>(v.kind)) + "/" +
         std::to_string(static_cast<int>(v.error_kind)) + "/" + std::to_string(v.small) + "/" +
         std::to_string(v.error_expr) + "/" + std::to_string(v.error_variable) + "/" +
         v.number.to_string() + "/" + v.text;
}

// Where the program's answers could differ between two loads of the same rules: what the
// descriptions give, and the place and text of every expression, formula and variable.
std::string fingerprint(const Program& p) {
  std::string out = describe_program(p).dump() + describe_parameters(p).dump() +
                    describe_variables(p, false).dump() + describe_benefits(p).dump();
  // A place as line:col, and its text when answers show it (a formula's, an expression's).
  auto place = [&](Span span, bool text) {
    LineCol lc = p.sources.line_col(span.file, span.begin);
    out += p.sources.file(span.file).path + ":" + std::to_string(lc.line) + ":" +
           std::to_string(lc.col);
    if (text) {
      out += "=";
      out += p.sources.text(span);
    }
    out += '\n';
  };
  auto number = [&](long long n) { out += std::to_string(n) + " "; };
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const Node& n = p.nodes[i];
    for (long long x : {static_cast<long long>(n.kind), static_cast<long long>(n.type),
                        static_cast<long long>(p.node_enums[i]),
                        // A literal's index among the literals may differ (the checker adds some at
                        // the end): its value is compared below.
                        static_cast<long long>(n.kind == ExprKind::kLiteral ? 0 : n.ref),
                        static_cast<long long>(n.group), static_cast<long long>(n.small),
                        static_cast<long long>(n.sub), static_cast<long long>(n.flags),
                        static_cast<long long>(n.arg_count)})
      number(x);
    if (n.kind == ExprKind::kLiteral) out += value_text(p.literal(n)) + " ";
    for (uint32_t k = 0; k < n.arg_count; ++k) number(p.arg(n, k));
    place(p.node_spans[i], true);
  }
  for (const VariableDef& v : p.variables) {
    place(v.span, false);
    out += value_text(v.default_value);
    number(v.has_default);
    for (const Formula& f : v.formulas) {
      place(f.span, false);
      place(f.body, true);
      number(f.local_count);
      number(f.result);
      for (const Statement& st : f.statements) {
        number(static_cast<long long>(st.kind));
        number(st.slot);
        number(st.expr);
        out += st.name + " ";
        for (const MessagePart& m : st.message) out += m.text + "|" + std::to_string(m.expr) + " ";
        place(st.span, true);
      }
    }
  }
  for (const BenefitDef& b : p.benefits) {
    out += b.name + " " + std::to_string(b.amount) + " " + std::to_string(b.eligibility);
    for (int32_t t : b.territory) out += " " + std::to_string(t);
    out += '\n';
  }
  for (const EntityDef& e : p.entities) {
    out += e.name + " " + e.plural + " " + e.label + " " + std::to_string(e.is_person) + "\n";
    for (const RoleDef& r : e.roles)
      out += r.name + " " + r.plural + " " + r.label + " " + std::to_string(r.max) + "\n";
  }
  number(p.person_entity);
  for (const EnumDef& e : p.enums) {
    out += e.name + " " + e.label;
    for (size_t i = 0; i < e.items.size(); ++i) out += " " + e.items[i];
    for (const std::string& l : e.item_labels) out += " " + l;
    out += '\n';
  }
  for (size_t i = 0; i < p.sources.size(); ++i)
    out += p.sources.file(static_cast<uint32_t>(i)).path;
  return out;
}

// A line that put_string never writes ('\\' then '='): "the same as" (a benefit's amount named as
// the benefit, a reference's link the link to apply).
constexpr std::string_view kSame = "\\=";

void put_same_or(std::string& out, const std::string& same, const std::string& text) {
  if (text == same) {
    put_line(out, kSame);
  } else {
    put_string(out, text);
  }
}

void write_benefit_texts(std::string& o, const std::vector<BenefitDef>& benefits);

// What a local aid's `source_id` meta (its id among the facts of local aids) most often is, as
// tools/import_aides_locales.py names the benefit after it: "aide_locale_" then the id, each '-'
// a '_'. The id written as kSame when it is that (327 of the 375 aids, December 2026: 4 KB of the
// module's gzip); "" for another benefit.
std::string source_id_of(std::string_view benefit) {
  constexpr std::string_view kLocal = "aide_locale_";
  if (benefit.substr(0, kLocal.size()) != kLocal) return {};
  std::string id(benefit.substr(kLocal.size()));
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}
constexpr std::string_view kSourceId = "source_id";

// The benefits by columns: names (front-coded) · per benefit a line "PK R N M T" (periodicity m|y,
// amount kind p|q, counts of references, conditions not simulated, meta and territories) · labels
// · amounts · eligibilities (kSame: the benefit's name) · meta keys · meta texts (a local aid's
// source_id kSame when it is source_id_of its name) · territories; then, within the packed rules
// or apart with the texts (write_benefit_texts), what only a description of the benefits shows.
void write_benefits(std::string& o, const std::vector<BenefitDef>& benefits, bool texts_apart) {
  put_count(o, benefits.size());
  std::string_view previous;
  for (const BenefitDef& b : benefits) {
    put_front_coded(o, previous, b.name);
    previous = b.name;
  }
  for (const BenefitDef& b : benefits) {
    std::string header;
    header += b.periodicity == PeriodUnit::kYear ? 'y' : 'm';
    header += b.amount_kind == BenefitDef::AmountKind::kParticipation ? 'q' : 'p';
    for (size_t n :
         {b.references.size(), b.not_simulated.size(), b.meta.size(), b.territory_names.size()})
      header += " " + std::to_string(n);
    put_line(o, header);
  }
  for (const BenefitDef& b : benefits) put_string(o, b.label);
  for (const BenefitDef& b : benefits) put_same_or(o, b.name, b.amount_name);
  for (const BenefitDef& b : benefits) put_same_or(o, b.name, b.eligibility_name);
  for (const BenefitDef& b : benefits)
    for (const auto& m : b.meta) put_string(o, m.first);
  for (const BenefitDef& b : benefits) {
    const std::string id = source_id_of(b.name);
    for (const auto& m : b.meta) {
      if (m.first == kSourceId && !id.empty()) {
        put_same_or(o, id, m.second);
      } else {
        put_string(o, m.second);
      }
    }
  }
  for (const BenefitDef& b : benefits)
    for (const std::string& t : b.territory_names) put_string(o, t);
  if (!texts_apart) write_benefit_texts(o, benefits);
}

// What only a description of the benefits shows (describe_benefits, the answers' lines with their
// details), by columns: institutions · descriptions · links to apply · reference titles ·
// reference links (kSame: the link to apply) · conditions not simulated. A result page reads
// them, an answer does not: with the texts apart they are in the texts (about 22 KB of the
// module's gzip, December 2026). The meta stay in the rules: they tell the local aids apart and
// give their amounts in words, which a page shows before the texts are there.
void write_benefit_texts(std::string& o, const std::vector<BenefitDef>& benefits) {
  for (const BenefitDef& b : benefits) put_string(o, b.institution);
  for (const BenefitDef& b : benefits) put_string(o, b.description);
  for (const BenefitDef& b : benefits) put_string(o, b.apply);
  for (const BenefitDef& b : benefits)
    for (const Reference& r : b.references) put_string(o, r.title);
  for (const BenefitDef& b : benefits)
    for (const Reference& r : b.references) put_same_or(o, b.apply, r.url);
  for (const BenefitDef& b : benefits)
    for (const std::string& n : b.not_simulated) put_string(o, n);
}

void read_benefit_texts(Reader& r, std::vector<BenefitDef>& benefits);

std::vector<BenefitDef> read_benefits(Reader& r, bool texts_apart) {
  std::vector<BenefitDef> benefits(r.count());
  size_t items = 0;  // of every benefit's lists: each takes a line, so no more than the bytes left
  apart([&] {
    for (size_t i = 0; i < benefits.size(); ++i)
      benefits[i].name = r.front_coded(i == 0 ? std::string_view() : benefits[i - 1].name);
    for (BenefitDef& b : benefits) {
      std::string_view header = r.line();
      if (header.size() < 2 || (header[0] != 'm' && header[0] != 'y') ||
          (header[1] != 'p' && header[1] != 'q')) {
        r.fail("a benefit's header is malformed");
      }
      b.periodicity = header[0] == 'y' ? PeriodUnit::kYear : PeriodUnit::kMonth;
      b.amount_kind =
          header[1] == 'q' ? BenefitDef::AmountKind::kParticipation : BenefitDef::AmountKind::kPaid;
      size_t counts[4] = {0, 0, 0, 0};
      const char* at = header.data() + 2;
      const char* end = header.data() + header.size();
      for (size_t& n : counts) {
        if (at == end || *at != ' ') r.fail("a benefit's header is malformed");
        auto [next, ec] = std::from_chars(at + 1, end, n);
        if (ec != std::errc() || n > r.left()) r.fail("a benefit's header is malformed");
        items += n;
        if (items > r.left()) r.fail("more items in the benefits than bytes");
        at = next;
      }
      if (at != end) r.fail("a benefit's header is malformed");
      b.references.resize(counts[0]);
      b.not_simulated.resize(counts[1]);
      b.meta.resize(counts[2]);
      b.territory_names.resize(counts[3]);
      b.territory_spans.resize(counts[3]);
    }
  });
  apart([&] {
    for (BenefitDef& b : benefits) b.label = r.string();
    for (BenefitDef& b : benefits) b.amount_name = r.same_or(b.name);
    for (BenefitDef& b : benefits) b.eligibility_name = r.same_or(b.name);
    for (BenefitDef& b : benefits)
      for (auto& m : b.meta) m.first = r.string();
    for (BenefitDef& b : benefits) {
      const std::string id = source_id_of(b.name);
      for (auto& m : b.meta)
        m.second = m.first == kSourceId && !id.empty() ? r.same_or(id) : r.string();
    }
    for (BenefitDef& b : benefits)
      for (std::string& t : b.territory_names) t = r.string();
  });
  if (!texts_apart) apart([&] { read_benefit_texts(r, benefits); });
  return benefits;
}

// What write_benefit_texts wrote, into `benefits` (their lists sized by read_benefits).
void read_benefit_texts(Reader& r, std::vector<BenefitDef>& benefits) {
  for (BenefitDef& b : benefits) b.institution = r.string();
  for (BenefitDef& b : benefits) b.description = r.string();
  for (BenefitDef& b : benefits) b.apply = r.string();
  for (BenefitDef& b : benefits)
    for (Reference& ref : b.references) ref.title = r.string();
  for (BenefitDef& b : benefits)
    for (Reference& ref : b.references) ref.url = r.same_or(b.apply);
  for (BenefitDef& b : benefits)
    for (std::string& n : b.not_simulated) n = r.string();
}

// --- the checked program, in binary -------------------------------------------------------------
// What the parser and the checker make of the rule files (entities, enums, variables with their
// formulas, the expression arena with every name resolved and every type known, the benefits'
// resolved variables), written as numbers: loading reads them back and neither lexes, parses nor
// checks anything. Unsigned numbers are LEB128 varints, signed ones zigzag-coded; a string is its
// byte count then its bytes. The expressions go by columns (every kind, then every span…): alike
// items compress better together.

class BinaryWriter {
 public:
  // `v` as an unsigned LEB128 number.
  template <typename U>
  void varint(U v) {
    while (v >= 0x80) {
      out += static_cast<char>((static_cast<unsigned>(v) & 0x7f) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(static_cast<unsigned>(v));
  }
  void u(uint64_t v) { varint(v); }
  void s(int64_t v) { u((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void str(std::string_view text) {
    u(text.size());
    out.append(text);
  }
  // `text` as the length of its prefix shared with `previous`, then the rest.
  void front_coded(std::string_view previous, std::string_view text) {
    size_t common = shared_prefix(previous, text);
    u(common);
    str(text.substr(common));
  }
  // A decimal as mantissa × 10^zeros (1 is 1·10^9 of the raw value, not 1000000000).
  void decimal(const Decimal& d) {
    Int128 mantissa = d.raw();
    unsigned zeros = 0;
    while (mantissa != 0 && mantissa % 10 == 0) {
      mantissa /= 10;
      ++zeros;
    }
    i128(mantissa);
    u(zeros);
  }
  // A span, its start as the difference with the previous span's of the same column.
  void span(Span span, Span& previous) {
    u(span.file);
    s(static_cast<int64_t>(span.begin) - static_cast<int64_t>(previous.begin));
    u(span.end - span.begin);
    previous = span;
  }
  void value(const Value& v) {
    u(static_cast<uint8_t>(v.kind));
    u(static_cast<uint8_t>(v.error_kind));
    s(v.small);
    u(v.error_expr);
    s(v.error_variable);
    decimal(v.number);
    str(v.text);
  }
  void i128(Int128 v) { varint((static_cast<UInt128>(v) << 1) ^ static_cast<UInt128>(v >> 127)); }
  // `text`, as where it lies in `around` (offset + 1, then length) when it does, else 0 then the
  // text: a message's or a literal's text is most often the very text of its rule.
  void text_in(std::string_view around, std::string_view text) {
    size_t at = text.empty() ? std::string_view::npos : around.find(text);
    if (at == std::string_view::npos) {
      u(0);
      str(text);
    } else {
      u(at + 1);
      u(text.size());
    }
  }

  std::string out;
};

// Powers of ten that fit an int64_t.
constexpr int64_t kPow10[] = {1,
                              10,
                              100,
                              1000,
                              10000,
                              100000,
                              1000000,
                              10000000,
                              100000000,
                              1000000000,
                              10000000000,
                              100000000000,
                              1000000000000,
                              10000000000000,
                              100000000000000,
                              1000000000000000,
                              10000000000000000,
                              100000000000000000,
                              1000000000000000000};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view bytes) : bytes_(bytes) {}

  // An unsigned LEB128 number that fits a U.
  template <typename U>
  U varint() {
    U v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (pos_ >= bytes_.size()) fail("the program is cut short");
      if (shift >= sizeof(U) * 8) fail("a number is too long");
      auto c = static_cast<uint8_t>(bytes_[pos_++]);
      v |= static_cast<U>(c & 0x7f) << shift;
      if ((c & 0x80) == 0) return v;
    }
  }
  // Most numbers take one byte: that case is read in place (the loader runs once, in V8's first
  // tier, where a call per number costs more than the reading).
  __attribute__((always_inline)) uint64_t u() {
    if (pos_ < bytes_.size()) {
      auto c = static_cast<uint8_t>(bytes_[pos_]);
      if (c < 0x80) {
        ++pos_;
        return c;
      }
    }
    return varint<uint64_t>();
  }
  // A signed number: a difference of two places, dates, indexes or counts, each of 32 bits, so
  // within ±2^40 (beyond, malformed bytes: adding it to what it differs from could overflow).
  __attribute__((always_inline)) int64_t s() {
    uint64_t z = u();
    if (z >> 41 != 0) fail("a number is out of range");
    return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
  }
  // A signed number that fits an int32_t.
  int32_t i32() {
    int64_t v = s();
    if (v < INT32_MIN || v > INT32_MAX) fail("a number is out of range");
    return static_cast<int32_t>(v);
  }
  uint32_t u32() {
    uint64_t v = u();
    if (v > UINT32_MAX) fail("a number is out of range");
    return static_cast<uint32_t>(v);
  }
  // An enumeration's value: below `count`.
  uint8_t small_enum(unsigned count) {
    uint64_t v = u();
    if (v >= count) fail("an enumeration's value is out of range");
    return static_cast<uint8_t>(v);
  }
  bool flag() { return small_enum(2) == 1; }
  // A count of items, each at least one byte: never more than the bytes left.
  size_t count() {
    uint64_t n = u();
    if (n > bytes_.size() - pos_) fail("a count exceeds the bytes left");
    return static_cast<size_t>(n);
  }
  std::string str() {
    size_t n = count();
    std::string text(bytes_.substr(pos_, n));
    pos_ += n;
    return text;
  }
  Span span(Span& previous) {
    Span out;
    out.file = u32();
    int64_t begin = static_cast<int64_t>(previous.begin) + s();
    if (begin < 0 || begin > UINT32_MAX) fail("a span is out of range");
    out.begin = static_cast<uint32_t>(begin);
    uint64_t length = u();
    if (length > UINT32_MAX - out.begin) fail("a span is out of range");
    out.end = out.begin + static_cast<uint32_t>(length);
    previous = out;
    return out;
  }
  Value value() {
    Value v;
    v.kind = static_cast<ValueKind>(small_enum(static_cast<unsigned>(ValueKind::kError) + 1));
    v.error_kind =
        static_cast<ErrorKind>(small_enum(static_cast<unsigned>(ErrorKind::kDepthExceeded) + 1));
    v.small = i32();
    v.error_expr = u32();
    v.error_variable = i32();
    v.number = decimal();
    v.text = str();
    return v;
  }
  Int128 i128() {
    UInt128 zigzag = varint<UInt128>();
    return static_cast<Int128>(zigzag >> 1) ^ -static_cast<Int128>(zigzag & 1);
  }
  // What BinaryWriter::decimal wrote: mantissa × 10^zeros, within the decimals' range.
  Decimal decimal() {
    // Most mantissas fit 63 bits (nine bytes of varint), and their product with the power of ten
    // 64 bits: read and multiplied without 128-bit arithmetic (library calls in WebAssembly).
    size_t start = pos_;
    uint64_t zigzag = 0;
    for (unsigned shift = 0; shift < 63 && pos_ < bytes_.size(); shift += 7) {
      auto c = static_cast<uint8_t>(bytes_[pos_++]);
      zigzag |= static_cast<uint64_t>(c & 0x7f) << shift;
      if ((c & 0x80) != 0) continue;
      auto small = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
      uint64_t zeros = u();
      int64_t product = 0;
      if (zeros < 19 && !__builtin_mul_overflow(small, kPow10[zeros], &product))
        return Decimal::from_raw(Int128{product});
      break;  // a product beyond 64 bits
    }
    pos_ = start;  // read again in 128 bits
    Int128 mantissa = i128();
    uint64_t zeros = u();
    if (mantissa == 0) return Decimal::from_raw(0);
    for (; zeros > 0; --zeros) {
      if (mantissa > Decimal::kMaxRaw / 10 || mantissa < -Decimal::kMaxRaw / 10)
        fail("a number is out of range");
      mantissa *= 10;
    }
    if (mantissa < -Decimal::kMaxRaw) fail("a number is out of range");
    return Decimal::from_raw(mantissa);
  }
  std::string front_coded(std::string_view previous) {
    uint64_t common = u();
    if (common > previous.size()) fail("a front-coded string is malformed");
    size_t n = count();
    std::string text;
    text.reserve(static_cast<size_t>(common) + n);  // one allocation
    text.append(previous.substr(0, static_cast<size_t>(common))).append(bytes_.substr(pos_, n));
    pos_ += n;
    return text;
  }
  // What BinaryWriter::text_in wrote.
  std::string text_in(std::string_view around) {
    uint64_t at = u();
    if (at == 0) return str();
    uint64_t n = u();
    if (at - 1 > around.size() || n > around.size() - (at - 1))
      fail("a text lies outside its rule");
    return std::string(around.substr(static_cast<size_t>(at - 1), static_cast<size_t>(n)));
  }
  bool at_end() const { return pos_ == bytes_.size(); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("packed rules: " + what + " (program byte " + std::to_string(pos_) +
                             ")");
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// The parameters' values in force five years before the newest date are history: the rules of
// those years' tests, not what a household of today is computed on (whose resources of N-3 are the
// oldest its rules read). With the texts apart they go with them (the module's download is 19 KB
// smaller, gzip, December 2026): each parameter keeps the values from the one in force on the 1st
// of January five years before the newest date of all, but those read `at` a date of the
// household's (a loan signed in 2015), which keep all of theirs.
Date history_cut(const Program& program) {
  return *Date::from_ymd(program.newest_parameter_date().year() - 5, 1, 1);
}

// How many of `p`'s first values are history at `cut`: those before the one in force on it. None
// when the values kept would give the parameter another shape (its first value's that is not null).
size_t history_count(const ParameterDef& p, Date cut) {
  size_t first_kept = 0;
  for (size_t i = 0; i < p.values.size(); ++i)
    if (!(cut < p.values[i].from)) first_kept = i;
  auto shape_from = [&](size_t from) {
    for (size_t i = from; i < p.values.size(); ++i)
      if (!p.values[i].is_null) return p.values[i].shape;
    return ParamShape::kNumber;
  };
  return shape_from(0) == shape_from(first_kept) ? first_kept : 0;
}

// Consecutive values of one parameter (all of them, its history, or those kept).
template <typename V>
struct ValueRun {
  V* first;
  size_t count;
  V* begin() const { return first; }
  V* end() const { return first + count; }
};

// The parameters' sources, the distinct references of their values (titles, then links), then
// each value's as an index (the difference with the value before's): what only the parameters'
// listing, explanations and traces show.
void write_references(BinaryWriter& w, const std::vector<ParameterDef>& params) {
  for (const ParameterDef& p : params) w.str(p.source);
  std::map<std::pair<std::string, std::string>, size_t> reference_index;
  std::vector<const Reference*> references;
  static const Reference kNone;
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values) {
      const Reference& ref = v.reference ? *v.reference : kNone;
      auto [it, added] =
          reference_index.emplace(std::make_pair(ref.title, ref.url), references.size());
      if (added) references.push_back(&ref);
    }
  }
  w.u(references.size());
  for (const Reference* r : references) w.str(r->title);
  for (const Reference* r : references) w.str(r->url);
  int64_t previous_reference = 0;
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values) {
      const Reference& ref = v.reference ? *v.reference : kNone;
      auto index = static_cast<int64_t>(reference_index.at({ref.title, ref.url}));
      w.s(index - previous_reference);
      previous_reference = index;
    }
  }
}

// Runs of values by columns: each value's date (as the difference with the value before), its
// shape, its number, then the tables' keys (front-coded) and numbers, the scales' thresholds and
// values. Their counts are written before, apart.
void write_values(BinaryWriter& w, const std::vector<ValueRun<const ParamValue>>& runs) {
  int32_t previous_date = 0;
  for (const auto& run : runs) {
    for (const ParamValue& v : run) {
      w.s(int64_t{v.from.days_since_epoch} - previous_date);
      previous_date = v.from.days_since_epoch;
    }
  }
  for (const auto& run : runs) {
    for (const ParamValue& v : run) {
      if (v.is_null) {
        w.u(0);
      } else if (v.shape == ParamShape::kTable) {
        w.u(2);
        w.u(v.table.size());
      } else if (v.shape == ParamShape::kScale) {
        w.u(3);
        w.u(v.scale.size());
      } else {
        w.u(1);
        w.decimal(v.number);
      }
    }
  }
  for (const auto& run : runs)
    for (const ParamValue& v : run)
      for (size_t i = 0; i < v.table.size(); ++i)
        w.front_coded(i == 0 ? std::string_view() : v.table[i - 1].first, v.table[i].first);
  for (const auto& run : runs)
    for (const ParamValue& v : run)
      for (const auto& kv : v.table) w.decimal(kv.second);
  for (const auto& run : runs)
    for (const ParamValue& v : run)
      for (const auto& step : v.scale) w.decimal(step.first);
  for (const auto& run : runs)
    for (const ParamValue& v : run)
      for (const auto& step : v.scale) w.decimal(step.second);
}

// What of the parameters goes with the texts apart (parameters_apart): per parameter, how many of
// its first values (history_count), and whether its label stays.
struct TextsApart {
  std::vector<size_t> history;  // per parameter, its count of values apart (its history)
  std::vector<bool> labels;     // per parameter, whether its label stays in the module
  // Per variable, whether its label stays in the module: an input's (the questionnaire asks for
  // it, the missing inputs name it) or one a reason may show (labels_for_reasons).
  std::vector<bool> variable_labels;
  // Per expression, whether it is in a formula whose refusal shows its condition
  // (labels_for_reasons): its place stays in the module (place_stays).
  std::vector<bool> reason_nodes;
};

// Whether an expression's place stays in the module with the texts apart: one in a formula whose
// refusal quotes its condition (`reason`), a text literal (its value is written as where it lies
// in the text) or a `PARAMETER at DATE` (a refusal quotes it). The other places (expressions',
// variables', formulas', statements') serve runtime errors, explanations and traces, which need
// the texts: they come with them (write_place_texts), a third of the module's rules.
bool place_stays(ExprKind kind, Type type, bool reason) {
  return reason || (kind == ExprKind::kLiteral && type == Type::kText) ||
         kind == ExprKind::kParameterAt;
}

// The parameters' names, front-coded. A computation reads parameters by index: with the texts apart
// the names come with them (a runtime error, which names its parameter, asks for the texts; so do
// the listings, explanations and traces).
void write_parameter_names(BinaryWriter& w, const std::vector<ParameterDef>& params) {
  std::string_view previous;
  for (const ParameterDef& p : params) {
    w.front_coded(previous, p.name);
    previous = p.name;
  }
}

// The parameters (the `values` blocks merged), by columns: names (front-coded), labels, units,
// per parameter its count of values and default, then their sources and references
// (write_references), then the values (write_values).
// With `apart` (the texts apart): only the labels that stay, no sources nor references, and of the
// values only those kept, each parameter's count of history after its count; the packed texts have
// the rest (write_parameter_texts).
void write_parameters(BinaryWriter& w, const std::vector<ParameterDef>& params,
                      const TextsApart* apart) {
  w.u(params.size());
  if (!apart) write_parameter_names(w, params);
  for (size_t i = 0; i < params.size(); ++i)
    w.str(!apart || apart->labels[i] ? params[i].label : std::string());
  for (const ParameterDef& p : params) w.str(p.unit);
  std::vector<ValueRun<const ParamValue>> kept;
  for (size_t i = 0; i < params.size(); ++i) {
    const ParameterDef& p = params[i];
    const size_t history = apart ? apart->history[i] : 0;
    kept.push_back({p.values.data() + history, p.values.size() - history});
    w.u(p.values.size() - history);
    if (apart) w.u(history);
    w.u(p.has_default ? 1 : 0);
    if (p.has_default) w.decimal(p.default_value);
  }
  if (!apart) write_references(w, params);
  write_values(w, kept);
}

// What the packed texts have of the parameters: their labels, their history (write_values), then
// the sources and references of all their values (write_references).
void write_parameter_texts(BinaryWriter& w, const std::vector<ParameterDef>& params,
                           const TextsApart& apart) {
  write_parameter_names(w, params);
  for (const ParameterDef& p : params) w.str(p.label);
  std::vector<ValueRun<const ParamValue>> history;
  for (size_t i = 0; i < params.size(); ++i)
    history.push_back({params[i].values.data(), apart.history[i]});
  write_values(w, history);
  write_references(w, params);
}

// What write_references wrote.
struct ParameterTexts {
  std::vector<std::string> sources;                    // per parameter
  std::vector<std::shared_ptr<const Reference>> each;  // per value, in the parameters' order
};

// `counts`: each parameter's count of values.
ParameterTexts read_references(BinaryReader& r, const std::vector<size_t>& counts) {
  ParameterTexts out;
  apart([&] {
    out.sources.reserve(counts.size());
    for (size_t i = 0; i < counts.size(); ++i) out.sources.push_back(r.str());
  });
  std::vector<std::shared_ptr<Reference>> references(r.count());
  apart([&] {
    for (auto& ref : references) {
      ref = std::make_shared<Reference>();
      ref->title = r.str();
    }
    for (auto& ref : references) ref->url = r.str();
  });
  std::vector<std::shared_ptr<const Reference>>& each = out.each;
  apart([&] {
    int64_t reference = 0;
    for (const size_t count : counts) {
      for (size_t i = 0; i < count; ++i) {
        reference += r.s();
        if (reference < 0 || static_cast<uint64_t>(reference) >= references.size())
          r.fail("a reference index is out of range");
        const auto& shared = references[static_cast<size_t>(reference)];
        // (an empty one is none)
        each.push_back(shared->title.empty() && shared->url.empty() ? nullptr : shared);
      }
    }
  });
  return out;
}

std::vector<size_t> value_counts(const std::vector<ParameterDef>& params) {
  std::vector<size_t> counts;
  counts.reserve(params.size());
  for (const ParameterDef& p : params) counts.push_back(p.values_apart + p.values.size());
  return counts;
}

void set_references(std::vector<ParameterDef>& params, ParameterTexts texts) {
  size_t k = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    params[i].source = std::move(texts.sources[i]);
    for (ParamValue& v : params[i].values) v.reference = std::move(texts.each[k++]);
  }
}

// What write_parameter_names wrote, into `params` (sized).
void read_parameter_names(BinaryReader& r, std::vector<ParameterDef>& params) {
  for (size_t i = 0; i < params.size(); ++i)
    params[i].name = r.front_coded(i == 0 ? std::string_view() : params[i - 1].name);
}

// What write_values wrote, into runs already sized.
void read_values(BinaryReader& r, const std::vector<ValueRun<ParamValue>>& runs) {
  apart([&] {
    int64_t date = 0;
    for (const auto& run : runs) {
      for (ParamValue& v : run) {
        date += r.s();
        if (date < INT32_MIN || date > INT32_MAX) r.fail("a date is out of range");
        v.from = Date{static_cast<int32_t>(date)};
      }
    }
  });
  apart([&] {
    for (const auto& run : runs) {
      for (ParamValue& v : run) {
        switch (r.small_enum(4)) {
          case 0:
            v.is_null = true;
            break;
          case 1:
            v.number = r.decimal();
            break;
          case 2:
            v.shape = ParamShape::kTable;
            v.table.resize(r.count());
            break;
          default:
            v.shape = ParamShape::kScale;
            v.scale.resize(r.count());
            break;
        }
      }
    }
  });
  apart([&] {
    for (const auto& run : runs)
      for (ParamValue& v : run)
        for (size_t i = 0; i < v.table.size(); ++i)
          v.table[i].first = r.front_coded(i == 0 ? std::string_view() : v.table[i - 1].first);
    for (const auto& run : runs)
      for (ParamValue& v : run)
        for (auto& kv : v.table) kv.second = r.decimal();
    for (const auto& run : runs)
      for (ParamValue& v : run)
        for (auto& step : v.scale) step.first = r.decimal();
    for (const auto& run : runs)
      for (ParamValue& v : run)
        for (auto& step : v.scale) step.second = r.decimal();
  });
}

// What write_parameters wrote (`texts_apart`: with the texts apart).
void read_parameters(BinaryReader& r, std::vector<ParameterDef>& params, bool texts_apart) {
  apart([&] {
    params.resize(r.count());
    if (!texts_apart) read_parameter_names(r, params);
    for (ParameterDef& p : params) p.label = r.str();
    for (ParameterDef& p : params) p.unit = r.str();
    for (ParameterDef& p : params) {
      p.values.resize(r.count());
      if (texts_apart) p.values_apart = r.u32();
      if (p.values_apart > 0 && p.values.empty())
        r.fail("a parameter's history has no value after it");
      p.has_default = r.flag();
      if (p.has_default) p.default_value = r.decimal();
    }
  });
  if (!texts_apart) set_references(params, read_references(r, value_counts(params)));
  std::vector<ValueRun<ParamValue>> runs;
  runs.reserve(params.size());
  for (ParameterDef& p : params) runs.push_back({p.values.data(), p.values.size()});
  read_values(r, runs);
}

// Byte offsets of a file's original text → offsets in its packed text (the spans are written
// mapped).
using OffsetMap = std::vector<uint32_t>;

// A file's text as packed: the text of its formulas' bodies (what explanations and reasons show)
// kept, every other character but the line breaks made one space, so that every place keeps its
// line and column (columns count characters). `map` receives the offsets' correspondence.
std::string formula_text_only(std::string_view text, const std::vector<Span>& bodies,
                              const std::vector<uint32_t>& places, OffsetMap& map) {
  std::vector<bool> kept(text.size(), false);
  for (const Span& b : bodies)
    for (size_t i = b.begin; i < b.end && i < text.size(); ++i) kept[i] = true;
  std::string out;
  out.reserve(text.size());
  map.assign(text.size() + 1, 0);
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xC0) length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    length = std::min(length, text.size() - i);
    for (size_t k = 0; k < length; ++k) map[i + k] = static_cast<uint32_t>(out.size());
    if (kept[i] || text[i] == '\n') {
      out.append(text, i, length);
    } else {
      out += ' ';
    }
    i += length;
  }
  map[text.size()] = static_cast<uint32_t>(out.size());
  // Spaces at the end of a line are dropped, but those before a place (an offset a span starts or
  // ends at): line_col counts them.
  std::vector<bool> needed(out.size() + 1, false);
  for (uint32_t place : places)
    if (place <= text.size()) needed[map[place]] = true;
  std::string trimmed;
  trimmed.reserve(out.size());
  std::vector<uint32_t> shift(out.size() + 1, 0);
  size_t line_start = 0;
  for (size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || out[i] == '\n') {
      size_t end = i;
      while (end > line_start && out[end - 1] == ' ' && !needed[end]) --end;
      for (size_t k = line_start; k <= i && k <= out.size(); ++k)
        shift[k] = static_cast<uint32_t>(trimmed.size() + std::min(k, end) - line_start);
      trimmed.append(out, line_start, end - line_start);
      if (i < out.size()) trimmed += '\n';
      line_start = i + 1;
    }
  }
  for (uint32_t& m : map) m = shift[m];
  return trimmed;
}

// The text of a span of the packed files' texts (empty when it lies outside).
std::string_view text_of(const std::vector<std::string>& texts, Span span) {
  if (span.file >= texts.size() || span.begin > span.end || span.end > texts[span.file].size())
    return {};
  return std::string_view(texts[span.file]).substr(span.begin, span.end - span.begin);
}

// The length of the token at `at` in a file's text: a string literal with its quotes, a run of
// name or number characters (a dotted name, a decimal), else one character; 0 outside the text.
// Where a leaf expression ends is predicted so.
template <typename Texts>
uint32_t token_length(const Texts& texts, uint32_t file, uint32_t at) {
  if (file >= texts.size()) return 0;
  std::string_view text = texts[file];
  if (at >= text.size()) return 0;
  size_t end = at + 1;
  if (text[at] == '"') {
    while (end < text.size() && text[end] != '"' && text[end] != '\n')
      end += text[end] == '\\' ? 2 : 1;
    end = std::min(end + 1, text.size());
  } else {
    auto word = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '.';
    };
    if (word(text[at]))
      while (end < text.size() && word(text[end])) ++end;
  }
  return static_cast<uint32_t>(end - at);
}

// Which of an expression's fields its kind uses (the others keep their defaults).
enum Field : uint8_t { kRef = 1, kGroup = 2, kSmall = 4 };
bool uses(ExprKind kind, Field field) {
  switch (kind) {
    case ExprKind::kLocal:
    case ExprKind::kParameter:
      return field == kRef;
    case ExprKind::kVariable:
    case ExprKind::kAggregate:
    case ExprKind::kHasRole:
      return field == kRef || field == kGroup;
    case ExprKind::kEnumItem:
      return field == kRef || field == kSmall;
    default:
      return false;
  }
}

// The span an expression's arguments predict: from the first one's start to the last one's end; a
// leaf's, the end of the expression written before it. Arguments whose places are not `known`
// (apart from the module's) predict nothing: the expression is then predicted as a leaf.
template <typename Known>
Span expected_span(ExprKind kind, const ExprId* args, size_t arg_count, size_t id,
                   const std::vector<Span>& spans, Span previous, Known known) {
  if (arg_count == 0 || kind == ExprKind::kHasRole || args[0] >= id || args[arg_count - 1] >= id ||
      !known(args[0]) || !known(args[arg_count - 1])) {
    return {previous.file, previous.end, previous.end};
  }
  const Span& first = spans[args[0]];
  return {first.file, first.begin, spans[args[arg_count - 1]].end};
}

// The benefits by name: a benefit's variable is most often named as the benefit (the 375 local
// aids'), and its label starts with the benefit's, so that it is front-coded against it.
std::unordered_map<std::string_view, size_t> benefits_by_name(const Program& p) {
  std::unordered_map<std::string_view, size_t> named;
  for (size_t i = 0; i < p.benefits.size(); ++i) named.emplace(p.benefits[i].name, i);
  return named;
}

// A place of the rules' text, as in the packed texts (`maps`: formula_text_only's).
Span mapped_span(const std::vector<OffsetMap>& maps, Span s) {
  const OffsetMap& m = maps[s.file];
  return Span{s.file, m[std::min<size_t>(s.begin, m.size() - 1)],
              m[std::min<size_t>(s.end, m.size() - 1)]};
}

// The places of the expressions `which` takes, in their order: each as its difference with the
// place its arguments predict (expected_span, from those whose places are `known`), a leaf's end
// with the end of the token it starts with (in `texts`, the packed texts as the reader has them).
template <typename Which, typename Known>
void write_node_places(BinaryWriter& w, const std::vector<Expr>& exprs,
                       const std::vector<Span>& spans, const std::vector<std::string>& texts,
                       Which which, Known known) {
  Span previous{};
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (!which(i)) continue;
    const Span m = spans[i];
    const Span predicted = expected_span(exprs[i].kind, exprs[i].args.begin(), exprs[i].args.size(),
                                         i, spans, previous, known);
    w.s(static_cast<int64_t>(m.file) - static_cast<int64_t>(predicted.file));
    w.s(static_cast<int64_t>(m.begin) - static_cast<int64_t>(predicted.begin));
    // A leaf's end as the difference with the end of the token it starts with.
    w.s(static_cast<int64_t>(m.end) -
        static_cast<int64_t>(predicted.end == predicted.begin
                                 ? m.begin + token_length(texts, m.file, m.begin)
                                 : predicted.end));
    previous = m;
  }
}

// The formulas' places (`spans`: the expressions', mapped): each body from its first statement's
// (or result's) start to its result's end; the formula's place before the body.
void write_formula_places(BinaryWriter& w, const std::vector<const Formula*>& formulas,
                          const std::vector<Span>& spans, const std::vector<OffsetMap>& maps) {
  for (const Formula* f : formulas) {
    const Span first = spans[f->statements.empty() ? f->result : f->statements[0].expr];
    const Span body = mapped_span(maps, f->body), at = mapped_span(maps, f->span);
    w.u(body.file);
    w.s(static_cast<int64_t>(first.begin) - body.begin);
    w.s(static_cast<int64_t>(body.end) - spans[f->result].end);
    w.s(static_cast<int64_t>(body.begin) - at.begin);
    w.s(static_cast<int64_t>(at.end) - at.begin);
    w.u(at.file == body.file ? 0 : at.file + 1);
  }
}

// The statements' places, as differences with their expressions'.
void write_statement_places(BinaryWriter& w, const std::vector<const Statement*>& statements,
                            const std::vector<Span>& spans, const std::vector<OffsetMap>& maps) {
  for (const Statement* st : statements) {
    const Span e = spans[st->expr], at = mapped_span(maps, st->span);
    w.s(static_cast<int64_t>(e.begin) - at.begin);
    w.s(static_cast<int64_t>(at.end) - at.begin);
    w.u(at.file == e.file ? 0 : at.file + 1);
  }
}

// Every formula and every statement of the program, in the variables' order.
void formulas_and_statements(const Program& p, std::vector<const Formula*>& formulas,
                             std::vector<const Statement*>& statements) {
  for (const VariableDef& v : p.variables)
    for (const Formula& f : v.formulas) {
      formulas.push_back(&f);
      for (const Statement& st : f.statements) statements.push_back(&st);
    }
}

// With the texts apart, the places that do not stay in the module (place_stays): the
// expressions', then the variables', the formulas' and the statements'. `texts`: the files' whole
// packed texts.
void write_place_texts(BinaryWriter& w, const Program& p, const std::vector<OffsetMap>& maps,
                       const std::vector<std::string>& texts, const TextsApart& apart) {
  const std::vector<Expr>& exprs = p.exprs;
  std::vector<Span> spans(exprs.size());
  for (size_t i = 0; i < exprs.size(); ++i) spans[i] = mapped_span(maps, exprs[i].span);
  write_node_places(
      w, exprs, spans, texts,
      [&](size_t i) { return !place_stays(exprs[i].kind, exprs[i].type, apart.reason_nodes[i]); },
      [](ExprId) { return true; });
  Span last{};
  for (const VariableDef& v : p.variables) w.span(mapped_span(maps, v.span), last);
  std::vector<const Formula*> formulas;
  std::vector<const Statement*> statements;
  formulas_and_statements(p, formulas, statements);
  write_formula_places(w, formulas, spans, maps);
  write_statement_places(w, statements, spans, maps);
}

// The variables' references: each one's count, then the titles, then the links.
void write_variable_references(BinaryWriter& w, const std::vector<VariableDef>& vars) {
  for (const VariableDef& v : vars) w.u(v.references.size());
  for (const VariableDef& v : vars)
    for (const Reference& r : v.references) w.str(r.title);
  for (const VariableDef& v : vars)
    for (const Reference& r : v.references) w.str(r.url);
}

// What the packed texts have of the variables (with the texts apart): the label of each variable
// whose label the module has empty (its own or one apart), the help and question of those that
// are not inputs, the references (write_variable_references), the `let` statements' names.
void write_variable_texts(BinaryWriter& w, const Program& p, const TextsApart& apart) {
  // (front-coded as in write_program: a benefit's variable against the benefit's label)
  const std::unordered_map<std::string_view, size_t> benefit_named = benefits_by_name(p);
  std::string_view previous;
  for (size_t i = 0; i < p.variables.size(); ++i) {
    const VariableDef& v = p.variables[i];
    if (apart.variable_labels[i] && !v.label.empty()) continue;
    auto b = benefit_named.find(v.name);
    w.front_coded(b == benefit_named.end() ? previous : p.benefits[b->second].label, v.label);
    previous = v.label;
  }
  for (const VariableDef& v : p.variables) {
    if (v.is_input()) continue;
    w.str(v.help);
    w.str(v.question);
  }
  write_variable_references(w, p.variables);
  for (const VariableDef& v : p.variables)
    for (const Formula& f : v.formulas)
      for (const Statement& st : f.statements) w.str(st.name);
}

// With `apart` (the texts apart): of the variables' texts only the labels that stay
// (TextsApart::variable_labels, the others empty) and the inputs' help and questions; their
// references and the `let` statements' names go with the texts (write_variable_texts).
void write_program(BinaryWriter& w, const Program& p, const std::vector<OffsetMap>& maps,
                   const std::vector<std::string>& texts, const TextsApart* apart) {
  auto mapped = [&](Span s) { return mapped_span(maps, s); };
  Span last{};
  auto span = [&](Span s) { w.span(mapped(s), last); };

  w.u(p.entities.size());
  for (const EntityDef& e : p.entities) {
    w.str(e.name);
    w.str(e.plural);
    w.str(e.label);
    w.u(e.is_person ? 1 : 0);
    span(e.span);
    w.u(e.roles.size());
    for (const RoleDef& r : e.roles) {
      w.str(r.name);
      w.str(r.plural);
      w.str(r.label);
      w.s(r.max);
      span(r.span);
    }
  }
  w.s(p.person_entity);
  w.u(p.enums.size());
  for (const EnumDef& e : p.enums) {
    w.str(e.name);
    w.str(e.label);
    span(e.span);
    w.u(e.items.size());
    for (const std::string& item : e.items) w.str(item);
    w.u(e.item_labels.size());
    for (const std::string& label : e.item_labels) w.str(label);
  }
  // The variables by columns, then their formulas', then their statements'.
  const std::vector<VariableDef>& vars = p.variables;
  std::vector<const Formula*> formulas;
  std::vector<const Statement*> statements;
  std::vector<Span> statement_body;  // each statement's formula's body
  for (const VariableDef& v : vars)
    for (const Formula& f : v.formulas) {
      formulas.push_back(&f);
      for (const Statement& st : f.statements) {
        statements.push_back(&st);
        statement_body.push_back(f.body);
      }
    }
  w.u(vars.size());
  // A benefit's variable is most often named as the benefit (the 375 local aids'), and its label
  // starts with the benefit's: the name as the benefit's index, the label front-coded against the
  // benefit's (else the previous variable's).
  const std::unordered_map<std::string_view, size_t> benefit_named = benefits_by_name(p);
  for (const VariableDef& v : vars) {
    auto b = benefit_named.find(v.name);
    w.u(b == benefit_named.end() ? 0 : b->second + 1);
    if (b == benefit_named.end()) w.str(v.name);
  }
  for (const VariableDef& v : vars) {
    w.s(v.entity);
    w.u(static_cast<uint8_t>(v.period));
    w.u(static_cast<uint8_t>(v.type));
    w.s(v.enum_id);
    w.u(v.has_default ? 1 : 0);
    w.u(static_cast<uint8_t>(v.set_input));
    w.u((v.has_set_input ? 1u : 0u) | (v.negative_allowed ? 2u : 0u));
    w.u(v.formulas.size());
  }
  for (const VariableDef& v : vars) w.str(v.enum_name);
  for (const VariableDef& v : vars) w.str(v.entity_name);
  std::string_view previous_label;
  for (size_t i = 0; i < vars.size(); ++i) {
    const VariableDef& v = vars[i];
    auto b = benefit_named.find(v.name);
    std::string_view label = !apart || apart->variable_labels[i] ? v.label : std::string_view();
    w.front_coded(b == benefit_named.end() ? previous_label : p.benefits[b->second].label, label);
    previous_label = label;
  }
  const std::string none;
  for (const VariableDef& v : vars) w.str(!apart || v.is_input() ? v.help : none);
  for (const VariableDef& v : vars) w.str(!apart || v.is_input() ? v.question : none);
  for (const VariableDef& v : vars) w.str(v.unit);
  if (!apart) write_variable_references(w, vars);
  for (const VariableDef& v : vars) w.value(v.default_value);
  // A variable's place (where its runtime errors point; with the texts apart, with them); those of
  // its entity and default only serve the checker's diagnostics and are not kept.
  if (!apart)
    for (const VariableDef& v : vars) span(v.span);
  // The expressions, by columns; a field only for the kinds that use it.
  const std::vector<Expr>& exprs = p.exprs;
  w.u(exprs.size());
  for (const Expr& e : exprs) w.u(static_cast<uint8_t>(e.kind));
  for (const Expr& e : exprs) w.u(static_cast<uint8_t>(e.type));
  for (size_t i = 0; i < exprs.size(); ++i) {
    // Children mostly come just before their parent: each as its distance back.
    w.u(exprs[i].args.size());
    for (ExprId a : exprs[i].args) w.s(static_cast<int64_t>(i) - static_cast<int64_t>(a));
  }
  // The places (write_node_places); with the texts apart, only those that stay (place_stays):
  // first the runs of the expressions in formulas whose refusals quote their conditions (each
  // run's distance from the end of the one before, then its length).
  std::vector<Span> spans(exprs.size());
  for (size_t i = 0; i < exprs.size(); ++i) spans[i] = mapped(exprs[i].span);
  if (apart) {
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t i = 0; i < exprs.size(); ++i) {
      if (!apart->reason_nodes[i]) continue;
      if (!runs.empty() && runs.back().second == i) {
        ++runs.back().second;
      } else {
        runs.emplace_back(i, i + 1);
      }
    }
    w.u(runs.size());
    size_t end = 0;
    for (const auto& [begin, run_end] : runs) {
      w.u(begin - end);
      w.u(run_end - begin);
      end = run_end;
    }
    auto stays = [&](size_t i) {
      return place_stays(exprs[i].kind, exprs[i].type, apart->reason_nodes[i]);
    };
    write_node_places(w, exprs, spans, texts, stays, stays);
  } else {
    write_node_places(
        w, exprs, spans, texts, [](size_t) { return true; }, [](ExprId) { return true; });
  }
  for (const Expr& e : exprs)
    if (uses(e.kind, kRef)) w.s(e.ref);
  for (const Expr& e : exprs)
    if (uses(e.kind, kGroup)) w.s(e.group);
  for (const Expr& e : exprs)
    if (uses(e.kind, kSmall)) w.s(e.small);
  for (const Expr& e : exprs)
    if (e.type == Type::kEnum) w.s(e.enum_id);
  for (const Expr& e : exprs)
    if (e.kind == ExprKind::kBinary) w.u(static_cast<uint8_t>(e.op));
  for (const Expr& e : exprs)
    if (e.kind == ExprKind::kAggregate) w.u(static_cast<uint8_t>(e.aggregate));
  for (const Expr& e : exprs)
    if (e.kind == ExprKind::kCall)
      w.u(e.builtin == nullptr ? 0 : static_cast<uint64_t>(e.builtin - builtins().data()) + 1);
  for (const Expr& e : exprs) {
    w.u(e.has_selector ? 1 : 0);
    if (!e.has_selector) continue;
    w.u(static_cast<uint8_t>(e.selector.kind));
    w.s(e.selector.offset);
  }
  for (size_t i = 0; i < exprs.size(); ++i) {
    const Value& v = p.literal(exprs[i]);
    if (exprs[i].kind != ExprKind::kLiteral) continue;
    w.u(static_cast<uint8_t>(v.kind));
    if (v.kind == ValueKind::kNumber) {
      w.decimal(v.number);
    } else if (v.kind == ValueKind::kText) {
      w.text_in(text_of(texts, spans[i]), v.text);
    } else {
      w.s(v.small);
    }
  }

  // The formulas and their statements, their places as differences with their expressions'.
  ExprId last_expr = 0;
  auto expr = [&](ExprId id) {
    w.u(id == kNoExpr ? 0
                      : (static_cast<uint64_t>(static_cast<int64_t>(id) - last_expr) << 1 ^
                         static_cast<uint64_t>((static_cast<int64_t>(id) - last_expr) >> 63)) +
                            1);
    if (id != kNoExpr) last_expr = id;
  };
  for (const Formula* f : formulas) {
    w.s(f->from.days_since_epoch);
    w.u(f->to ? 1 : 0);
    if (f->to) w.s(f->to->days_since_epoch);
    w.s(f->local_count);
    w.u(f->statements.size());
  }
  for (const Formula* f : formulas) {
    for (const Statement& st : f->statements) expr(st.expr);
    expr(f->result);
  }
  if (!apart) write_formula_places(w, formulas, spans, maps);
  for (const Statement* st : statements) {
    w.u(static_cast<uint8_t>(st->kind));
    w.s(st->slot);
    w.u(st->message.size());
  }
  if (!apart) {
    for (const Statement* st : statements) w.str(st->name);
    write_statement_places(w, statements, spans, maps);
  }
  for (const Statement* st : statements)
    for (const MessagePart& part : st->message) expr(part.expr);
  // (a message's text as where it lies in its formula's body: not with the texts apart, the body's
  // place being apart)
  for (size_t i = 0; i < statements.size(); ++i)
    for (const MessagePart& part : statements[i]->message)
      w.text_in(apart ? std::string_view() : text_of(texts, mapped(statement_body[i])), part.text);

  for (const BenefitDef& b : p.benefits) {
    w.s(b.amount);
    w.s(b.eligibility);
    for (int32_t t : b.territory) w.s(t);
  }
}

// Throws, via the reader, on anything the evaluator could not run safely: an index out of its
// table, a place outside the files, a count of arguments the expression's kind never has, an
// expression that is its own argument, a local beyond its formula's, an unresolved name a formula
// reaches. (The types the checker proved are trusted, as the checksum's bytes are.)
void check_loaded_program(const Program& p, const BinaryReader& r) {
  const size_t files = p.sources.size();
  auto check_span = [&](Span s) {
    if (s.file == kFileApart) return;  // (with the texts: load_packed_texts checks it)
    if (s.file >= files || s.end > p.sources.file(s.file).text.size())
      r.fail("a place lies outside the rule files");
  };
  auto in = [](int32_t v, size_t size) { return v >= 0 && static_cast<size_t>(v) < size; };
  const size_t entities = p.entities.size(), enums = p.enums.size();
  const size_t variables = p.variables.size(), parameters = p.parameters.size();
  if (!in(p.person_entity, entities)) r.fail("no person entity");
  for (const EntityDef& e : p.entities) {
    if (e.is_person != (&e == &p.entities[static_cast<size_t>(p.person_entity)]))
      r.fail("an entity's kind is wrong");
    for (const RoleDef& role : e.roles) check_span(role.span);
    check_span(e.span);
  }
  for (const EnumDef& e : p.enums) {
    if (e.item_labels.size() > e.items.size()) r.fail("an enum has more labels than items");
    check_span(e.span);
  }
  const size_t exprs = p.nodes.size();
  for (size_t i = 0; i < exprs; ++i) {
    const Node& e = p.nodes[i];
    check_span(p.node_spans[i]);
    const int32_t enum_id = p.node_enums[i];
    if (enum_id != -1 && !in(enum_id, enums)) r.fail("an expression's enum is unknown");
    const size_t n = e.arg_count;
    bool ok = true;
    switch (e.kind) {
      case ExprKind::kLiteral:
      case ExprKind::kPeriodStart:
      case ExprKind::kPeriodEnd:
      case ExprKind::kName:  // left by the checker where it resolved a dotted name: never run
        ok = n == 0;
        break;
      case ExprKind::kLocal:
        ok = n == 0 && e.ref >= 0;  // below its formula's count: checked with the formulas
        break;
      case ExprKind::kVariable:
        ok = n == 0 && in(e.ref, variables) &&
             (e.group == -1 || e.group == kEnclosingGroup || in(e.group, entities));
        break;
      case ExprKind::kParameter:
        ok = n <= 1 && in(e.ref, parameters);
        break;
      case ExprKind::kEnumItem:
        ok = n == 0 && in(e.ref, enums) &&
             in(e.small, p.enums[static_cast<size_t>(e.ref)].items.size());
        break;
      case ExprKind::kNegate:
      case ExprKind::kNot:
        ok = n == 1;
        break;
      case ExprKind::kBinary:
      case ExprKind::kParameterAt:
        ok = n == 2;
        break;
      case ExprKind::kIn:
        ok = n >= 1;
        break;
      case ExprKind::kIf:
        ok = n % 2 == 1;
        break;
      case ExprKind::kCall:
        ok = in(e.ref, builtins().size()) &&
             static_cast<int>(n) >= builtins()[static_cast<size_t>(e.ref)].min_args &&
             static_cast<int>(n) <= builtins()[static_cast<size_t>(e.ref)].max_args;
        break;
      case ExprKind::kAggregate:
      case ExprKind::kHasRole:  // its arguments are the names it was written with, never run
        // An aggregation's first argument is the role's name, never run.
        ok = (e.kind == ExprKind::kHasRole || n == 2) && in(e.group, entities) &&
             ((e.kind == ExprKind::kAggregate && e.ref == -1) ||
              in(e.ref, p.entities[static_cast<size_t>(e.group)].roles.size()));
        break;
    }
    if (!ok) r.fail("expression " + std::to_string(i) + " is malformed");
  }
  // No expression is its own argument, however far down: the evaluator would not end.
  std::vector<uint8_t> state(exprs, 0);         // 0 not seen, 1 on the path, 2 done
  std::vector<std::pair<ExprId, size_t>> path;  // an expression and its next argument to visit
  for (size_t root = 0; root < exprs; ++root) {
    if (state[root] != 0) continue;
    path.assign(1, {static_cast<ExprId>(root), 0});
    state[root] = 1;
    while (!path.empty()) {
      auto& [id, next] = path.back();
      const Node& node = p.nodes[id];
      if (next == node.arg_count) {
        state[id] = 2;
        path.pop_back();
        continue;
      }
      ExprId a = p.arg(node, static_cast<uint32_t>(next++));
      if (state[a] == 1) r.fail("an expression is its own argument");
      if (state[a] == 0) {
        state[a] = 1;
        path.emplace_back(a, 0);
      }
    }
  }
  // Every expression a formula reaches, and the locals it reads.
  std::vector<int32_t> locals_of(exprs, -1);  // the local count of the formula reaching it
  std::vector<ExprId> stack;
  for (const VariableDef& v : p.variables) {
    if (!in(v.entity, entities)) r.fail("a variable's entity is unknown");
    if (v.enum_id != -1 && !in(v.enum_id, enums)) r.fail("a variable's enum is unknown");
    check_span(v.span);
    check_span(v.entity_span);
    check_span(v.default_span);
    for (const Formula& f : v.formulas) {
      check_span(f.span);
      check_span(f.body);
      if (f.local_count < 0 || f.result >= exprs) r.fail("a formula is malformed");
      stack.assign(1, f.result);
      for (const Statement& st : f.statements) {
        check_span(st.span);
        if (st.expr >= exprs) r.fail("a statement's expression is unknown");
        if (st.kind == Statement::Kind::kLet && !in(st.slot, static_cast<size_t>(f.local_count)))
          r.fail("a statement's slot is out of range");
        stack.push_back(st.expr);
        for (const MessagePart& part : st.message) {
          if (part.expr == kNoExpr) continue;
          if (part.expr >= exprs) r.fail("a message's expression is unknown");
          stack.push_back(part.expr);
        }
      }
      while (!stack.empty()) {
        ExprId id = stack.back();
        stack.pop_back();
        if (locals_of[id] == f.local_count) continue;
        if (locals_of[id] != -1) r.fail("two formulas share an expression");
        locals_of[id] = f.local_count;
        const Node& e = p.nodes[id];
        if (e.kind == ExprKind::kLocal && e.ref >= f.local_count) r.fail("a local is out of range");
        if (e.kind == ExprKind::kName) r.fail("a formula reads an unresolved name");
        if (e.kind == ExprKind::kHasRole) continue;
        for (uint32_t k = e.kind == ExprKind::kAggregate ? 1 : 0; k < e.arg_count; ++k)
          stack.push_back(p.arg(e, k));
      }
    }
  }
  for (const BenefitDef& b : p.benefits) {
    if (!in(b.amount, variables) || (b.eligibility != -1 && !in(b.eligibility, variables)))
      r.fail("a benefit's variable is unknown");
    for (int32_t t : b.territory)
      if (!in(t, variables)) r.fail("a benefit's territory is unknown");
  }
}

// What write_variable_references wrote, into `refs` (one list per variable, sized).
void read_variable_references(BinaryReader& r, std::vector<std::vector<Reference>>& refs) {
  for (auto& list : refs) list.resize(r.count());
  for (auto& list : refs)
    for (Reference& ref : list) ref.title = r.str();
  for (auto& list : refs)
    for (Reference& ref : list) ref.url = r.str();
}

// What write_variable_texts wrote, into copies (load_packed_texts changes the program only once
// everything is read).
struct VariableTexts {
  std::vector<std::string> labels;            // for the variables whose label the module has empty
  std::vector<std::string> helps, questions;  // for those that are not inputs
  std::vector<std::vector<Reference>> references;
  std::vector<std::string> let_names;  // every statement's, in the formulas' order
};

VariableTexts read_variable_texts(BinaryReader& r, const Program& p) {
  const std::vector<VariableDef>& vars = p.variables;
  VariableTexts out;
  out.labels.resize(vars.size());
  out.helps.resize(vars.size());
  out.questions.resize(vars.size());
  out.references.resize(vars.size());
  const std::unordered_map<std::string_view, size_t> benefit_named = benefits_by_name(p);
  std::string_view previous;
  for (size_t i = 0; i < vars.size(); ++i) {
    if (!vars[i].label.empty()) continue;
    auto b = benefit_named.find(vars[i].name);
    out.labels[i] =
        r.front_coded(b == benefit_named.end() ? previous : p.benefits[b->second].label);
    previous = out.labels[i];
  }
  for (size_t i = 0; i < vars.size(); ++i) {
    if (vars[i].is_input()) continue;
    out.helps[i] = r.str();
    out.questions[i] = r.str();
  }
  read_variable_references(r, out.references);
  for (const VariableDef& v : vars)
    for (const Formula& f : v.formulas)
      for (size_t k = 0; k < f.statements.size(); ++k) out.let_names.push_back(r.str());
  return out;
}

// What write_node_places wrote, into `spans` (one per expression): the places of the expressions
// `which` takes, predicted from those `known`; `texts`, the packed texts as the writer had them.
template <typename Which, typename Known>
void read_node_places(BinaryReader& r, const Program& p, std::vector<Span>& spans,
                      const std::vector<std::string_view>& texts, Which which, Known known) {
  Span previous{};
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    if (!which(i)) continue;
    const Node& n = p.nodes[i];
    const Span predicted =
        expected_span(n.kind, p.node_args.data() + n.args, n.arg_count, i, spans, previous, known);
    int64_t file = static_cast<int64_t>(predicted.file) + r.s();
    int64_t begin = static_cast<int64_t>(predicted.begin) + r.s();
    int64_t end = r.s();
    if (predicted.end != predicted.begin) {
      end += predicted.end;
    } else if (begin <= UINT32_MAX && file <= UINT32_MAX) {
      end += begin + token_length(texts, static_cast<uint32_t>(file), static_cast<uint32_t>(begin));
    }
    if (file < 0 || file >= kFileApart || begin < 0 || end < begin || end > UINT32_MAX)
      r.fail("a span is out of range");
    previous = spans[i] =
        Span{static_cast<uint32_t>(file), static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
  }
}

Span read_place(const BinaryReader& r, int64_t begin, int64_t end, uint32_t file) {
  if (begin < 0 || end < begin || end > UINT32_MAX) r.fail("a place is out of range");
  return Span{file, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

// What write_formula_places wrote: each formula's body and place.
std::vector<std::pair<Span, Span>> read_formula_places(BinaryReader& r,
                                                       const std::vector<Formula*>& formulas,
                                                       const std::vector<Span>& spans) {
  std::vector<std::pair<Span, Span>> out;
  out.reserve(formulas.size());
  for (const Formula* f : formulas) {
    const Span first = spans[f->statements.empty() ? f->result : f->statements[0].expr];
    const uint32_t file = r.u32();
    const int64_t begin = static_cast<int64_t>(first.begin) - r.s();
    const int64_t end = static_cast<int64_t>(spans[f->result].end) + r.s();
    const Span body = read_place(r, begin, end, file);
    const int64_t at = begin - r.s();
    const int64_t length = r.s();
    const uint32_t at_file = r.u32();
    out.emplace_back(body, read_place(r, at, at + length, at_file == 0 ? file : at_file - 1));
  }
  return out;
}

// What write_statement_places wrote: each statement's place.
std::vector<Span> read_statement_places(BinaryReader& r, const std::vector<Statement*>& statements,
                                        const std::vector<Span>& spans) {
  std::vector<Span> out;
  out.reserve(statements.size());
  for (const Statement* st : statements) {
    const Span e = spans[st->expr];
    const int64_t at = static_cast<int64_t>(e.begin) - r.s();
    const int64_t length = r.s();
    const uint32_t file = r.u32();
    out.push_back(read_place(r, at, at + length, file == 0 ? e.file : file - 1));
  }
  return out;
}

void read_program(BinaryReader& r, Program& p, bool texts_apart) {
  Span last{};
  auto span = [&] { return r.span(last); };
  auto source_text = [&](Span s) -> std::string_view {
    if (s.file >= p.sources.size()) return {};
    const std::string_view text = p.sources.file(s.file).text;
    if (s.begin > s.end || s.end > text.size()) return {};
    return text.substr(s.begin, s.end - s.begin);
  };

  apart([&] {
    p.entities.resize(r.count());
    for (EntityDef& e : p.entities) {
      e.name = r.str();
      e.plural = r.str();
      e.label = r.str();
      e.is_person = r.flag();
      e.span = span();
      e.roles.resize(r.count());
      for (RoleDef& role : e.roles) {
        role.name = r.str();
        role.plural = r.str();
        role.label = r.str();
        role.max = r.i32();
        role.span = span();
      }
    }
    p.person_entity = r.i32();
    p.enums.resize(r.count());
    for (EnumDef& e : p.enums) {
      e.name = r.str();
      e.label = r.str();
      e.span = span();
      e.items.resize(r.count());
      for (size_t i = 0; i < e.items.size(); ++i) {
        e.items[i] = r.str();
        e.index.emplace(e.items[i], static_cast<int32_t>(i));
      }
      e.item_labels.resize(r.count());
      for (std::string& label : e.item_labels) label = r.str();
    }
  });
  std::vector<VariableDef>& vars = p.variables;
  apart([&] {
    vars.resize(r.count());
    for (VariableDef& v : vars) {
      uint64_t benefit = r.u();
      if (benefit > p.benefits.size()) r.fail("a variable's benefit is unknown");
      v.name = benefit == 0 ? r.str() : p.benefits[static_cast<size_t>(benefit - 1)].name;
    }
    for (VariableDef& v : vars) {
      v.entity = r.i32();
      v.period = static_cast<PeriodUnit>(r.small_enum(3));
      v.type = static_cast<Type>(r.small_enum(static_cast<unsigned>(Type::kEnum) + 1));
      v.enum_id = r.i32();
      v.has_default = r.flag();
      v.set_input = static_cast<SetInput>(r.small_enum(2));
      const unsigned flags = r.small_enum(4);
      v.has_set_input = (flags & 1u) != 0;
      v.negative_allowed = (flags & 2u) != 0;
      v.formulas.resize(r.count());
    }
    for (VariableDef& v : vars) v.enum_name = r.str();
    for (VariableDef& v : vars) v.entity_name = r.str();
  });
  apart([&] {
    {
      const std::unordered_map<std::string_view, size_t> benefit_named = benefits_by_name(p);
      std::string_view previous_label;
      for (VariableDef& v : vars) {
        auto b = benefit_named.find(v.name);
        v.label =
            r.front_coded(b == benefit_named.end() ? previous_label : p.benefits[b->second].label);
        previous_label = v.label;
      }
    }
    for (VariableDef& v : vars) v.help = r.str();
    for (VariableDef& v : vars) v.question = r.str();
    for (VariableDef& v : vars) v.unit = r.str();
    if (!texts_apart) {
      std::vector<std::vector<Reference>> refs(vars.size());
      read_variable_references(r, refs);
      for (size_t i = 0; i < vars.size(); ++i) vars[i].references = std::move(refs[i]);
    }
    for (VariableDef& v : vars) v.default_value = r.value();
    for (VariableDef& v : vars) v.span = texts_apart ? Span{kFileApart, 0, 0} : span();
  });
  std::vector<Formula*> formulas;
  for (VariableDef& v : vars)
    for (Formula& f : v.formulas) formulas.push_back(&f);

  // The expressions, read straight into the evaluator's nodes (compile_nodes' form of them): a
  // packed program keeps no Expr.
  std::vector<Node>& nodes = p.nodes;
  apart([&] { nodes.resize(r.count()); });
  const size_t node_count = nodes.size();
  apart([&] {
    for (Node& n : nodes)
      n.kind =
          static_cast<ExprKind>(r.small_enum(static_cast<unsigned>(ExprKind::kParameterAt) + 1));
    for (Node& n : nodes)
      n.type = static_cast<Type>(r.small_enum(static_cast<unsigned>(Type::kEnum) + 1));
  });
  apart([&] {
    p.node_args.reserve(node_count + node_count / 2);
    for (size_t i = 0; i < node_count; ++i) {
      Node& n = nodes[i];
      n.arg_count = static_cast<uint32_t>(r.count());
      n.args = static_cast<uint32_t>(p.node_args.size());
      for (uint32_t k = 0; k < n.arg_count; ++k) {
        int64_t arg = static_cast<int64_t>(i) - r.s();
        if (arg < 0 || static_cast<uint64_t>(arg) >= node_count)
          r.fail("an expression's argument is unknown");
        p.node_args.push_back(static_cast<ExprId>(arg));
      }
    }
  });
  apart([&] {
    std::vector<std::string_view> texts;
    for (size_t f = 0; f < p.sources.size(); ++f)
      texts.push_back(p.sources.file(static_cast<uint32_t>(f)).text);
    std::vector<Span>& spans = p.node_spans;
    if (!texts_apart) {
      spans.resize(node_count);
      read_node_places(
          r, p, spans, texts, [](size_t) { return true; }, [](ExprId) { return true; });
      return;
    }
    // Those that stay (place_stays), the others apart (kFileApart) until the texts come.
    spans.assign(node_count, Span{kFileApart, 0, 0});
    std::vector<bool> reason(node_count, false);
    size_t end = 0;
    for (size_t k = 0, runs = r.count(); k < runs; ++k) {
      const uint64_t gap = r.u(), length = r.u();
      if (gap > node_count - end || length > node_count - end - gap)
        r.fail("a run of expressions is out of range");
      std::fill(reason.begin() + static_cast<ptrdiff_t>(end + gap),
                reason.begin() + static_cast<ptrdiff_t>(end + gap + length), true);
      end += gap + length;
    }
    auto stays = [&](size_t i) { return place_stays(nodes[i].kind, nodes[i].type, reason[i]); };
    read_node_places(r, p, spans, texts, stays, stays);
  });
  apart([&] {
    for (Node& n : nodes)
      if (uses(n.kind, kRef)) n.ref = r.i32();
    for (Node& n : nodes)
      if (uses(n.kind, kGroup)) n.group = r.i32();
    for (Node& n : nodes)
      if (uses(n.kind, kSmall)) n.small = r.i32();
    p.node_enums.assign(node_count, -1);
    for (size_t i = 0; i < node_count; ++i)
      if (nodes[i].type == Type::kEnum) p.node_enums[i] = r.i32();
  });
  apart([&] {
    for (Node& n : nodes)
      if (n.kind == ExprKind::kBinary) n.sub = r.small_enum(static_cast<unsigned>(BinOp::kOr) + 1);
    for (Node& n : nodes)
      if (n.kind == ExprKind::kAggregate)
        n.sub = r.small_enum(static_cast<unsigned>(AggregateKind::kMinimum) + 1);
    const size_t builtin_count = builtins().size();
    for (Node& n : nodes) {
      if (n.kind != ExprKind::kCall) continue;
      uint64_t b = r.u();
      if (b > builtin_count) r.fail("an unknown built-in");
      n.ref = static_cast<int32_t>(b) - 1;  // -1: none
    }
    for (Node& n : nodes) {
      if (!r.flag()) continue;  // no period selector
      auto kind = r.small_enum(static_cast<unsigned>(PeriodSelector::Kind::kLastMonths) + 1);
      int32_t offset = r.i32();
      if (n.kind != ExprKind::kVariable) continue;  // as compile_nodes: only a variable's is read
      n.sub = kind;
      n.small = offset;
    }
  });
  apart([&] {
    size_t literal_count = 0;
    for (const Node& n : nodes) literal_count += n.kind == ExprKind::kLiteral ? 1 : 0;
    p.literals.reserve(literal_count);
    for (size_t i = 0; i < node_count; ++i) {
      Node& n = nodes[i];
      if (n.kind != ExprKind::kLiteral) continue;
      n.ref = static_cast<int32_t>(p.literals.size());
      Value& v = p.literals.emplace_back();
      v.kind = static_cast<ValueKind>(r.small_enum(static_cast<unsigned>(ValueKind::kEnum) + 1));
      if (v.kind == ValueKind::kNumber) {
        v.number = r.decimal();
      } else if (v.kind == ValueKind::kText) {
        v.text = r.text_in(source_text(p.node_spans[i]));
      } else {
        v.small = r.i32();
      }
    }
  });

  // The formulas and their statements (BinaryWriter's side: write_program).
  int64_t last_expr = 0;
  auto expr = [&]() -> ExprId {
    uint64_t v = r.u();
    if (v == 0) return kNoExpr;
    int64_t id =
        last_expr + (static_cast<int64_t>((v - 1) >> 1) ^ -static_cast<int64_t>((v - 1) & 1));
    if (id < 0 || static_cast<uint64_t>(id) >= node_count) r.fail("an expression is unknown");
    last_expr = id;
    return static_cast<ExprId>(id);
  };
  std::vector<Statement*> statements;
  std::vector<const Formula*> statement_formula;
  apart([&] {
    for (Formula* f : formulas) {
      f->from = Date{r.i32()};
      if (r.flag()) f->to = Date{r.i32()};
      f->local_count = r.i32();
      f->statements.resize(r.count());
      for (Statement& st : f->statements) {
        statements.push_back(&st);
        statement_formula.push_back(f);
      }
    }
    for (Formula* f : formulas) {
      for (Statement& st : f->statements)
        if ((st.expr = expr()) == kNoExpr) r.fail("a statement has no expression");
      if ((f->result = expr()) == kNoExpr) r.fail("a formula has no result");
    }
  });
  apart([&] {
    if (texts_apart) {
      for (Formula* f : formulas) f->body = f->span = Span{kFileApart, 0, 0};
      return;
    }
    const auto places = read_formula_places(r, formulas, p.node_spans);
    for (size_t i = 0; i < formulas.size(); ++i)
      std::tie(formulas[i]->body, formulas[i]->span) = places[i];
  });
  apart([&] {
    for (Statement* st : statements) {
      st->kind = static_cast<Statement::Kind>(r.small_enum(2));
      st->slot = r.i32();
      st->message.resize(r.count());
    }
    if (texts_apart) {
      for (Statement* st : statements) st->span = Span{kFileApart, 0, 0};
    } else {
      for (Statement* st : statements) st->name = r.str();
      const std::vector<Span> places = read_statement_places(r, statements, p.node_spans);
      for (size_t i = 0; i < statements.size(); ++i) statements[i]->span = places[i];
    }
    for (Statement* st : statements)
      for (MessagePart& part : st->message) part.expr = expr();
    for (size_t i = 0; i < statements.size(); ++i)
      for (MessagePart& part : statements[i]->message)
        part.text = r.text_in(source_text(statement_formula[i]->body));
  });

  apart([&] {
    for (BenefitDef& b : p.benefits) {
      b.amount = r.i32();
      b.eligibility = r.i32();
      b.territory.resize(b.territory_names.size());
      for (int32_t& t : b.territory) t = r.i32();
    }
    if (!r.at_end()) r.fail("bytes after the program");

    p.entity_index.build(p.entities);
    p.enum_index.build(p.enums);
    if (!p.texts_pending) p.parameter_index.build(p.parameters);  // (else with the texts)
    p.variable_index.build(p.variables);
    // A table parameter's shape is its first dated value's (the checker's rule).
    for (ParameterDef& def : p.parameters) {
      for (const ParamValue& v : def.values) {
        if (v.is_null) continue;
        def.shape = v.shape;
        break;
      }
    }
    p.newest_parameter_date_kept = p.newest_parameter_date();
  });
}
}  // namespace

uint64_t packed_program_checksum(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    // The eight bytes as a little-endian word: one load (the byte-wise form took 3 ms of a cold
    // start in WebAssembly's first-tier code).
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    hash = (hash ^ word) * 0x100000001b3ULL;
    hash ^= hash >> 29;
  }
  for (; i < bytes.size(); ++i)
    hash = (hash ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
  return hash;
}

bool is_packed_rules(std::string_view bytes) { return bytes.substr(0, kKind.size()) == kKind; }

bool is_packed_texts(std::string_view bytes) {
  return bytes.substr(0, kTextsMagic.size()) == kTextsMagic;
}

std::string without_top_comments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    size_t end = eol == std::string_view::npos ? text.size() : eol;
    if (text[pos] != '#') out.append(text.substr(pos, end - pos));
    if (eol == std::string_view::npos) break;
    out += '\n';
    pos = eol + 1;
  }
  return out;
}

std::string rules_text_digest(std::string_view text_bundle) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text_bundle) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  std::string hex = "fnv1a64:0000000000000000";
  for (size_t i = hex.size(); hash != 0; hash >>= 4) hex[--i] = "0123456789abcdef"[hash & 0xf];
  return hex;
}

namespace {

// A `require` without a message: its refusal shows its condition (or each side of a comparison).
bool shows_its_condition(const Statement& st) {
  return st.kind == Statement::Kind::kRequire && st.message.empty();
}

// The parameters and variables whose labels a refusal may show without the texts: a `require`
// without a message shows its condition's operands, a parameter or a variable by its label (a
// `let` bound to one too). Those read anywhere in the formulas that have such a `require` (five of
// 1,338 parameters in rules/, December 2026).
void labels_for_reasons(const Program& program, std::vector<bool>& kept,
                        std::vector<bool>& variables, std::vector<bool>& nodes) {
  kept.assign(program.parameters.size(), false);
  variables.assign(program.variables.size(), false);
  nodes.assign(program.nodes.size(), false);
  std::vector<ExprId> pending;
  for (const VariableDef& v : program.variables) {
    for (const Formula& f : v.formulas) {
      if (std::none_of(f.statements.begin(), f.statements.end(), shows_its_condition)) continue;
      for (const Statement& st : f.statements) pending.push_back(st.expr);
      pending.push_back(f.result);
      while (!pending.empty()) {
        nodes[pending.back()] = true;
        const Node& n = program.nodes[pending.back()];
        pending.pop_back();
        if (n.kind == ExprKind::kParameter) kept[static_cast<size_t>(n.ref)] = true;
        if (n.kind == ExprKind::kVariable) variables[static_cast<size_t>(n.ref)] = true;
        for (uint32_t i = 0; i < n.arg_count; ++i) pending.push_back(program.arg(n, i));
      }
    }
  }
}

// With the texts apart, each parameter's history_count (0 for one read `at` a date the household
// gives, a loan's signature: all its values kept) and whether its label stays (labels_for_reasons).
TextsApart parameters_apart(const Program& program) {
  TextsApart apart;
  const Date cut = history_cut(program);
  std::vector<bool> read_at(program.parameters.size(), false);
  for (const Node& n : program.nodes)
    if (n.kind == ExprKind::kParameterAt)
      read_at[static_cast<size_t>(program.nodes[program.arg(n, 0)].ref)] = true;
  for (size_t i = 0; i < program.parameters.size(); ++i)
    apart.history.push_back(read_at[i] ? 0 : history_count(program.parameters[i], cut));
  labels_for_reasons(program, apart.labels, apart.variable_labels, apart.reason_nodes);
  for (size_t i = 0; i < program.variables.size(); ++i)
    if (program.variables[i].is_input()) apart.variable_labels[i] = true;
  return apart;
}

// Texts apart: what reasons quote must stay in the module's texts. A refusal's reason is the
// failed `require`'s message, or without one its condition, or each side of a comparison
// (Evaluation::require_message, describe_operand), a side that is a `let` bound to `PARAMETER at
// DATE` by that expression's text. The ranges, in the packed texts' offsets, per file, ascending
// and merged.
void keep_for_reasons(const Program& program, const std::vector<OffsetMap>& maps,
                      std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& kept) {
  auto keep = [&](Span s) {
    const OffsetMap& m = maps[s.file];
    kept[s.file].emplace_back(m[std::min<size_t>(s.begin, m.size() - 1)],
                              m[std::min<size_t>(s.end, m.size() - 1)]);
  };
  for (const VariableDef& v : program.variables) {
    for (const Formula& f : v.formulas) {
      for (const Statement& st : f.statements) {
        // (a message's texts are packed as such, where they no longer lie in the text kept)
        if (shows_its_condition(st) || program.exprs[st.expr].kind == ExprKind::kParameterAt)
          keep(program.exprs[st.expr].span);
      }
    }
  }
  // Text literals too: the program's own data, packed as where they lie in the text.
  for (const Expr& e : program.exprs) {
    if (e.kind == ExprKind::kLiteral && program.literal(e).kind == ValueKind::kText) keep(e.span);
  }
  for (auto& ranges : kept) {
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<uint32_t, uint32_t>> merged;
    for (const auto& r : ranges) {
      if (!merged.empty() && r.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    ranges = std::move(merged);
  }
}

// A packed text with every byte outside `kept` made a space: the same length, so the same places
// (SourceSet::reduce).
std::string reduce_text(std::string_view text,
                        const std::vector<std::pair<uint32_t, uint32_t>>& kept) {
  std::string out(text.size(), ' ');
  for (const auto& [begin, end] : kept)
    out.replace(begin, end - begin, text.substr(begin, end - begin));
  return out;
}

// The kept ranges as a line: their count, then each one's distance from the end of the one before
// and its length.
std::string kept_line(const std::vector<std::pair<uint32_t, uint32_t>>& kept) {
  std::string line = std::to_string(kept.size());
  uint32_t end = 0;
  for (const auto& [b, e] : kept) {
    line += ' ' + std::to_string(b - end) + ' ' + std::to_string(e - b);
    end = e;
  }
  return line;
}

std::vector<std::pair<uint32_t, uint32_t>> read_kept_line(Reader& r, size_t text_size) {
  const std::string_view line = r.line();
  std::vector<uint64_t> numbers;
  for (size_t at = 0; at <= line.size();) {
    size_t space = std::min(line.find(' ', at), line.size());
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(line.data() + at, line.data() + space, n);
    if (ec != std::errc() || end != line.data() + space) r.fail("a kept range is not a number");
    numbers.push_back(n);
    at = space + 1;
  }
  if (numbers.empty() || numbers[0] * 2 + 1 != numbers.size())
    r.fail("the kept ranges are miscounted");
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  uint64_t end = 0;
  for (size_t i = 1; i < numbers.size(); i += 2) {
    if (numbers[i] > text_size || numbers[i + 1] > text_size)  // (and no sum wraps around)
      r.fail("a kept range lies outside its file");
    const uint64_t begin = end + numbers[i];
    end = begin + numbers[i + 1];
    if (end > text_size) r.fail("a kept range lies outside its file");
    kept.emplace_back(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
  }
  return kept;
}

// A rule file's text reduced to its kept ranges (texts apart): its length, the ranges, their bytes;
// made again the length it was, every byte outside the ranges a space (SourceSet::reduce).
struct ReducedText {
  SourceFile file;
  std::vector<std::pair<uint32_t, uint32_t>> kept;
};

// Far beyond any rule set (452 KB in December 2026), and what malformed bytes may make this loader
// allocate: the sum of the files' lengths.
constexpr size_t kMaxReducedBytes = size_t{32} << 20;

ReducedText read_reduced_text(Reader& r, std::string path, size_t& reduced_bytes) {
  const size_t size = r.number_at_most(kMaxReducedBytes - reduced_bytes, "a file's length");
  reduced_bytes += size;
  ReducedText out{SourceFile{std::move(path), std::string(size, ' ')}, read_kept_line(r, size)};
  const std::string_view pieces = r.bytes(r.count());
  size_t at = 0;
  for (const auto& [begin, end] : out.kept) {
    if (end - begin > pieces.size() - at) r.fail("a file's kept bytes are fewer than its ranges");
    out.file.text.replace(begin, end - begin, pieces.substr(at, end - begin));
    at += end - begin;
  }
  if (at != pieces.size()) r.fail("a file's kept bytes are more than its ranges");
  return out;
}

}  // namespace

bool pack_rules(const std::vector<SourceFile>& files, std::string* out, std::string* error,
                std::string* texts_out) {
  LoadResult loaded = load_program(files);
  if (!loaded.program) {
    *error = "the rules have errors:\n" + loaded.rendered;
    return false;
  }
  const Program& program = *loaded.program;

  std::vector<SourceFile> embedded;
  embedded.reserve(files.size());
  for (const SourceFile& f : files) embedded.push_back({f.path, without_top_comments(f.text)});
  std::string digest = rules_text_digest(bundle_rule_files(embedded));

  // Each file's text reduced to its formulas' bodies, and the places its spans start and end at.
  const size_t file_count = program.sources.size();
  std::vector<std::vector<Span>> bodies(file_count);
  std::vector<std::vector<uint32_t>> places(file_count);
  auto place = [&](Span s) {
    places[s.file].push_back(s.begin);
    places[s.file].push_back(s.end);
  };
  for (const EntityDef& e : program.entities) {
    place(e.span);
    for (const RoleDef& r : e.roles) place(r.span);
  }
  for (const EnumDef& e : program.enums) place(e.span);
  for (const VariableDef& v : program.variables) {
    place(v.span);
    for (const Formula& f : v.formulas) {
      bodies[f.body.file].push_back(f.body);
      place(f.span);
      place(f.body);
      for (const Statement& st : f.statements) place(st.span);
    }
  }
  for (const Expr& e : program.exprs) {
    place(e.span);
    if (e.has_selector) place(e.selector_span);
  }
  std::vector<OffsetMap> maps(file_count);
  std::vector<std::string> texts(file_count);
  for (size_t i = 0; i < file_count; ++i) {
    const SourceView f = program.sources.file(static_cast<uint32_t>(i));
    texts[i] = formula_text_only(f.text, bodies[i], places[i], maps[i]);
  }
  // Texts apart: each file's text reduced to what reasons quote (keep_for_reasons), the whole
  // texts and the parameters' references in `texts_out`.
  const bool apart_texts = texts_out != nullptr;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> kept(file_count);
  std::vector<std::string> reduced;
  if (apart_texts) {
    keep_for_reasons(program, maps, kept);
    reduced.resize(file_count);
    for (size_t i = 0; i < file_count; ++i) reduced[i] = reduce_text(texts[i], kept[i]);
  }
  const std::vector<std::string>& packed_texts = apart_texts ? reduced : texts;
  std::string& o = *out;
  o.clear();
  put_line(o, kMagic);
  put_string(o, digest);
  put_line(o, apart_texts ? "texts apart" : "texts within");
  put_count(o, file_count);
  for (size_t i = 0; i < file_count; ++i) {
    put_string(o, program.sources.file(static_cast<uint32_t>(i)).path);
    put_count(o, packed_texts[i].size());
    if (apart_texts) {
      // The ranges kept and their bytes only: the spaces between them (two thirds of the module's
      // rule texts, 421 KB of 452 in December 2026) are not in the module's file.
      put_line(o, kept_line(kept[i]));
      std::string pieces;
      for (const auto& [begin, end] : kept[i]) pieces.append(packed_texts[i], begin, end - begin);
      put_count(o, pieces.size());
      o += pieces;
    } else {
      o += packed_texts[i];
    }
    o += '\n';
  }
  write_benefits(o, program.benefits, apart_texts);
  // Texts apart: the parameters' history and most labels go with them.
  const TextsApart apart = apart_texts ? parameters_apart(program) : TextsApart{};
  BinaryWriter binary;
  write_parameters(binary, program.parameters, apart_texts ? &apart : nullptr);
  write_program(binary, program, maps, packed_texts, apart_texts ? &apart : nullptr);
  put_count(o, binary.out.size());
  o += binary.out;
  o += '\n';
  put_line(o, std::to_string(packed_program_checksum(binary.out)));
  if (apart_texts) {
    std::string& t = *texts_out;
    t.clear();
    put_line(t, kTextsMagic);
    put_string(t, digest);
    put_count(t, file_count);
    for (size_t i = 0; i < file_count; ++i) {
      put_count(t, texts[i].size());
      t += texts[i];
      t += '\n';
    }
    write_benefit_texts(t, program.benefits);
    BinaryWriter parameters;
    write_parameter_texts(parameters, program.parameters, apart);
    write_variable_texts(parameters, program, apart);
    write_place_texts(parameters, program, maps, texts, apart);
    put_count(t, parameters.out.size());
    t += parameters.out;
    t += '\n';
    put_line(t, std::to_string(packed_program_checksum(parameters.out)));
  }

  // The packed rules must load to the same program (with their texts, when apart).
  std::string reread_digest;
  std::shared_ptr<Program> reread;
  try {
    reread = load_packed_program(o, &reread_digest);
    if (apart_texts) load_packed_texts(*reread, *texts_out, reread_digest);
  } catch (const std::exception& e) {
    *error = std::string("engine bug: the packed rules do not load: ") + e.what();
    return false;
  }
  if (reread_digest != digest || fingerprint(*reread) != fingerprint(program)) {
    *error = "engine bug: the packed rules load to another program than the text";
    return false;
  }
  return true;
}

std::shared_ptr<Program> load_packed_program(std::string_view packed, std::string* digest,
                                             PackedOrigin origin, PackedText text) {
  Reader r(packed);
  const std::string_view magic = r.line();
  if (magic != kMagic) {
    r.fail(magic.substr(0, kKind.size()) == kKind
               ? "packed rules of another version (" + std::string(magic.substr(kKind.size())) +
                     "; this engine reads " + std::string(kMagic.substr(kKind.size())) +
                     "): pack them again with this version's `mesaides pack`"
               : std::string("not packed rules"));
  }
  *digest = r.string();
  const std::string_view texts = r.line();
  if (texts != "texts within" && texts != "texts apart") r.fail("neither texts within nor apart");
  const bool apart_texts = texts == "texts apart";
  auto program = std::make_shared<Program>();
  program->texts_pending = apart_texts;
  apart([&] {
    size_t reduced_bytes = 0;  // the texts made again from their kept ranges, all files
    for (size_t i = 0, n = r.count(); i < n; ++i) {
      std::string path = r.string();
      if (apart_texts) {
        ReducedText reduced = read_reduced_text(r, std::move(path), reduced_bytes);
        const uint32_t file = program->sources.add(std::move(reduced.file));
        program->sources.reduce(file, std::move(reduced.kept));
        continue;
      }
      const std::string_view bytes = r.bytes(r.count());
      if (text == PackedText::kBorrowed) {
        program->sources.add_borrowed(std::move(path), bytes);
      } else {
        program->sources.add(SourceFile{std::move(path), std::string(bytes)});
      }
    }
  });
  apart([&] { program->benefits = read_benefits(r, apart_texts); });
  std::string_view bytes = r.bytes(r.count());
  uint64_t checksum = 0;
  apart([&] { checksum = packed_program_checksum(bytes); });
  if (r.line() != std::to_string(checksum))
    r.fail("the program's checksum does not match its bytes (corrupted packed rules)");
  if (!r.at_end()) r.fail("bytes after the program's checksum");
  BinaryReader binary(bytes);
  apart([&] { read_parameters(binary, program->parameters, apart_texts); });
  apart([&] { read_program(binary, *program, apart_texts); });
  if (origin == PackedOrigin::kOutside) check_loaded_program(*program, binary);
  apart([&] { prepare_evaluation(*program); });
  return program;
}

LoadResult load_packed_rules(std::string_view packed, std::string* digest, PackedOrigin origin,
                             PackedText text) {
  LoadResult result;
  result.program = load_packed_program(packed, digest, origin, text);
  return result;
}

void load_packed_texts(Program& program, std::string_view packed_texts, std::string_view digest,
                       PackedText text) {
  Reader r(packed_texts);
  if (r.line() != kTextsMagic) r.fail("not packed texts (or another version)");
  if (r.string() != digest)
    r.fail("these texts are of other rules than the engine's (another build's texts?)");
  if (!program.texts_pending) return;  // (already loaded)
  const size_t file_count = program.sources.size();
  if (r.count() != file_count) r.fail("these texts have another count of files than the rules");
  // Everything read and checked before the program changes: malformed texts leave it as it was.
  std::vector<std::string_view> texts(file_count);
  for (size_t i = 0; i < file_count; ++i) {
    texts[i] = r.bytes(r.count());
    const auto file = static_cast<uint32_t>(i);
    const std::string_view now = program.sources.file(file).text;
    bool same = texts[i].size() == now.size();
    for (const auto& [begin, end] : program.sources.kept(file))
      same = same && texts[i].substr(begin, end - begin) == now.substr(begin, end - begin);
    if (!same)
      r.fail("the text of " + program.sources.file(file).path + " does not match the rules");
  }
  // The benefits' texts, into a copy of the benefits: the program's change only once all is read.
  std::vector<BenefitDef> benefits = program.benefits;
  read_benefit_texts(r, benefits);
  std::string_view bytes = r.bytes(r.count());
  if (r.line() != std::to_string(packed_program_checksum(bytes)))
    r.fail("the parameters' checksum does not match their bytes (corrupted packed texts)");
  if (!r.at_end()) r.fail("bytes after the parameters' checksum");
  BinaryReader binary(bytes);
  std::vector<ParameterDef>& params = program.parameters;
  std::vector<ParameterDef> named(params.size());  // (their names only)
  read_parameter_names(binary, named);
  std::vector<std::string> labels;
  labels.reserve(params.size());
  for (size_t i = 0; i < params.size(); ++i) labels.push_back(binary.str());
  // (each value of the history takes two bytes at least: a count beyond is malformed rules)
  uint64_t history_values = 0;
  for (const ParameterDef& p : params) history_values += p.values_apart;
  if (history_values * 2 > bytes.size()) binary.fail("the parameters' history is cut short");
  std::vector<std::vector<ParamValue>> history(params.size());
  std::vector<ValueRun<ParamValue>> runs;
  for (size_t i = 0; i < params.size(); ++i) {
    history[i].resize(params[i].values_apart);
    runs.push_back({history[i].data(), history[i].size()});
  }
  read_values(binary, runs);
  for (size_t i = 0; i < params.size(); ++i) {
    for (size_t k = 0; k < history[i].size(); ++k) {
      const Date next =
          k + 1 < history[i].size() ? history[i][k + 1].from : params[i].values.front().from;
      if (!(history[i][k].from < next)) binary.fail("a parameter's history is out of order");
    }
  }
  ParameterTexts references = read_references(binary, value_counts(params));
  VariableTexts variable_texts = read_variable_texts(binary, program);
  // The places apart (write_place_texts), each checked to lie within its file's whole text.
  auto check = [&](Span s) {
    if (s.file >= file_count || s.end > texts[s.file].size())
      binary.fail("a place lies outside the rule files");
  };
  std::vector<Span> spans = program.node_spans;
  std::vector<bool> spans_apart(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) spans_apart[i] = spans[i].file == kFileApart;
  read_node_places(
      binary, program, spans, texts, [&](size_t i) { return spans_apart[i]; },
      [](ExprId) { return true; });
  for (size_t i = 0; i < spans.size(); ++i)
    if (spans_apart[i]) check(spans[i]);
  std::vector<Span> variable_spans;
  Span last{};
  for (size_t i = 0; i < program.variables.size(); ++i) {
    variable_spans.push_back(binary.span(last));
    check(variable_spans.back());
  }
  std::vector<Formula*> formulas;
  std::vector<Statement*> statements;
  for (VariableDef& v : program.variables)
    for (Formula& f : v.formulas) {
      formulas.push_back(&f);
      for (Statement& st : f.statements) statements.push_back(&st);
    }
  const auto formula_places = read_formula_places(binary, formulas, spans);
  for (const auto& [body, at] : formula_places) {
    check(body);
    check(at);
  }
  const std::vector<Span> statement_places = read_statement_places(binary, statements, spans);
  for (const Span& at : statement_places) check(at);
  if (!binary.at_end()) binary.fail("bytes after the places");
  for (size_t i = 0; i < file_count; ++i) {
    const auto file = static_cast<uint32_t>(i);
    if (text == PackedText::kBorrowed) {
      program.sources.restore_borrowed(file, texts[i]);
    } else {
      program.sources.restore(file, std::string(texts[i]));
    }
  }
  for (size_t i = 0; i < params.size(); ++i) {
    params[i].name = std::move(named[i].name);
    params[i].label = std::move(labels[i]);
    params[i].values.insert(params[i].values.begin(), std::make_move_iterator(history[i].begin()),
                            std::make_move_iterator(history[i].end()));
    params[i].values_apart = 0;
  }
  set_references(params, std::move(references));
  program.node_spans = std::move(spans);
  for (size_t i = 0; i < formulas.size(); ++i)
    std::tie(formulas[i]->body, formulas[i]->span) = formula_places[i];
  for (size_t i = 0; i < statements.size(); ++i) statements[i]->span = statement_places[i];
  size_t let = 0;
  for (size_t i = 0; i < program.variables.size(); ++i) {
    VariableDef& v = program.variables[i];
    v.span = variable_spans[i];
    if (v.label.empty()) v.label = std::move(variable_texts.labels[i]);
    if (!v.is_input()) {
      v.help = std::move(variable_texts.helps[i]);
      v.question = std::move(variable_texts.questions[i]);
    }
    v.references = std::move(variable_texts.references[i]);
    for (Formula& f : v.formulas)
      for (Statement& st : f.statements) st.name = std::move(variable_texts.let_names[let++]);
  }
  program.parameter_index.build(params);
  program.benefits = std::move(benefits);
  program.texts_pending = false;
}

}  // namespace mesaides
