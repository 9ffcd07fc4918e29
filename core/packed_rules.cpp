// Packed rules (see packed_rules.h).
#include "packed_rules.h"

#include <charconv>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <utility>

#include "api.h"
#include "lexer.h"

namespace mesaides {
namespace {

constexpr std::string_view kMagic = "\x02mesaides-packed-rules 1";

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

// `text` front-coded against `previous`: the length of their common prefix, a space, the rest.
// Sorted keys (the communes of a table) and names that share a path compress better so.
void put_front_coded(std::string& out, std::string_view previous, std::string_view text) {
  size_t common = 0;
  while (common < previous.size() && common < text.size() && previous[common] == text[common])
    ++common;
  out += std::to_string(common);
  out += ' ';
  put_string(out, text.substr(common));
}

size_t code_points(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool only_blanks(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The tokens of a rule file's text (already loaded once without error).
std::vector<Token> tokens_of(const std::string& text) {
  SourceSet sources;
  uint32_t id = sources.add({"", text});
  DiagnosticSink sink;
  return lex(sources, id, sink);
}

// `text` without its `parameter NAME { … }`, `values NAME { … }` and `benefit NAME { … }`
// declarations, each replaced by
// its line breaks, then, when the line goes on after the closing brace, by spaces up to the column
// it goes on at.
std::string without_parameter_blocks(const std::string& text) {
  const std::vector<Token> tokens = tokens_of(text);
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;  // text before this offset is in `out`
  int depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    // A declaration starts at depth 0 with its keyword, first in the file or after a closing brace.
    bool declaration = depth == 0 && t.kind == TokenKind::kName &&
                       (t.text == "parameter" || t.text == "values" || t.text == "benefit") &&
                       (i == 0 || tokens[i - 1].kind == TokenKind::kRBrace);
    if (!declaration) {
      if (t.kind == TokenKind::kLBrace) ++depth;
      if (t.kind == TokenKind::kRBrace) --depth;
      continue;
    }
    size_t j = i + 1;
    int inner = 0;
    for (; j < tokens.size() && tokens[j].kind != TokenKind::kEnd; ++j) {
      if (tokens[j].kind == TokenKind::kLBrace) ++inner;
      if (tokens[j].kind == TokenKind::kRBrace && --inner == 0) break;
    }
    if (j >= tokens.size() || tokens[j].kind != TokenKind::kRBrace) break;  // left as it is
    size_t begin = t.span.begin;
    size_t end = tokens[j].span.end;
    out.append(text, copied, begin - copied);
    size_t last_line = begin;  // where the block's last line starts within it
    for (size_t k = begin; k < end; ++k) {
      if (text[k] == '\n') {
        out += '\n';
        last_line = k + 1;
      }
    }
    size_t line_end = text.find('\n', end);
    std::string_view rest = std::string_view(text).substr(
        end, (line_end == std::string::npos ? text.size() : line_end) - end);
    size_t next = rest.find_first_not_of(" \t\r");
    if (next != std::string_view::npos && rest[next] != '#') {
      out.append(code_points(std::string_view(text).substr(last_line, end - last_line)), ' ');
    }
    copied = end;
    i = j;
  }
  out.append(text, copied, std::string::npos);
  if (only_blanks(out)) out.clear();
  return out;
}

// `text` without the comments that lie outside every formula (at a bracket depth below 2: between
// declarations and among a declaration's fields), each with the blanks before it: nothing an
// answer shows, since a comment ends its line. Those within a formula's braces are kept (its text
// is shown).
std::string without_outer_comments(const std::string& text) {
  const std::vector<Token> tokens = tokens_of(text);
  std::string out;
  out.reserve(text.size());
  int depth = 0;
  size_t gap = 0;  // where the blanks and comments before the next token start
  for (const Token& t : tokens) {
    size_t end = t.span.begin;
    if (depth >= 2) {
      out.append(text, gap, end - gap);
    } else {
      // A gap holds only blanks and comments, so every '#' in it starts a comment.
      size_t pos = gap;
      while (pos < end) {
        size_t hash = text.find('#', pos);
        if (hash == std::string::npos || hash >= end) {
          out.append(text, pos, end - pos);
          break;
        }
        size_t blanks = hash;
        while (blanks > pos && (text[blanks - 1] == ' ' || text[blanks - 1] == '\t')) --blanks;
        out.append(text, pos, blanks - pos);
        size_t eol = text.find('\n', hash);
        pos = eol == std::string::npos || eol > end ? end : eol;
      }
    }
    if (t.kind == TokenKind::kEnd) break;
    out.append(text, t.span.begin, t.span.end - t.span.begin);
    gap = t.span.end;
    switch (t.kind) {
      case TokenKind::kLBrace:
      case TokenKind::kLParen:
      case TokenKind::kLBracket:
        ++depth;
        break;
      case TokenKind::kRBrace:
      case TokenKind::kRParen:
      case TokenKind::kRBracket:
        --depth;
        break;
      default:
        break;
    }
  }
  if (only_blanks(out)) out.clear();
  return out;
}

// --- reading ------------------------------------------------------------------------------------

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

  // A count of items, each at least one byte: never more than the bytes left.
  size_t count() {
    std::string_view text = line();
    size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      fail("a count is not a number");
    }
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

  long long signed_number() {
    std::string_view text = line();
    long long n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      fail("a number is malformed");
    }
    return n;
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

Decimal number_of(const Reader& r, std::string_view text) {
  std::optional<Decimal> d = Decimal::parse(text);
  if (!d) r.fail("'" + std::string(text) + "' is not a number");
  return *d;
}

// --- the self-check of pack_rules
// ------------------------------------------------------------------

// Where the program's answers could differ between two loads of the same rules: what the
// descriptions give, and the place and text of every expression, formula and variable.
std::string fingerprint(const Program& p) {
  std::string out = describe_program(p).dump() + describe_parameters(p).dump() +
                    describe_variables(p, false).dump() + describe_benefits(p).dump();
  auto place = [&](Span span) {
    LineCol lc = p.sources.line_col(span.file, span.begin);
    out += p.sources.file(span.file).path + ":" + std::to_string(lc.line) + ":" +
           std::to_string(lc.col) + "=";
    out += p.sources.text(span);
    out += '\n';
  };
  for (const Expr& e : p.exprs) {
    out += std::to_string(static_cast<int>(e.kind)) + " " + std::to_string(e.ref) + " ";
    place(e.span);
  }
  for (const VariableDef& v : p.variables) {
    place(v.span);
    for (const Formula& f : v.formulas) {
      place(f.span);
      place(f.body);
    }
  }
  for (const BenefitDef& b : p.benefits) {
    out += b.name + " " + std::to_string(b.amount) + " " + std::to_string(b.eligibility);
    for (int32_t t : b.territory) out += " " + std::to_string(t);
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

// The benefits by columns: names (front-coded) · per benefit a line "PK R N M T" (periodicity m|y,
// amount kind p|q, counts of references, conditions not simulated, meta and territories) · labels
// · institutions · descriptions · links to apply · amounts · eligibilities (kSame: the benefit's
// name) · reference titles · reference links (kSame: the link to apply) · conditions not simulated
// · meta keys · meta texts · territories.
void write_benefits(std::string& o, const std::vector<BenefitDef>& benefits) {
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
  for (const BenefitDef& b : benefits) put_string(o, b.institution);
  for (const BenefitDef& b : benefits) put_string(o, b.description);
  for (const BenefitDef& b : benefits) put_string(o, b.apply);
  for (const BenefitDef& b : benefits) put_same_or(o, b.name, b.amount_name);
  for (const BenefitDef& b : benefits) put_same_or(o, b.name, b.eligibility_name);
  for (const BenefitDef& b : benefits)
    for (const Reference& r : b.references) put_string(o, r.title);
  for (const BenefitDef& b : benefits)
    for (const Reference& r : b.references) put_same_or(o, b.apply, r.url);
  for (const BenefitDef& b : benefits)
    for (const std::string& n : b.not_simulated) put_string(o, n);
  for (const BenefitDef& b : benefits)
    for (const auto& m : b.meta) put_string(o, m.first);
  for (const BenefitDef& b : benefits)
    for (const auto& m : b.meta) put_string(o, m.second);
  for (const BenefitDef& b : benefits)
    for (const std::string& t : b.territory_names) put_string(o, t);
}

std::vector<BenefitDef> read_benefits(Reader& r) {
  std::vector<BenefitDef> benefits(r.count());
  size_t items = 0;  // of every benefit's lists: each takes a line, so no more than the bytes left
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
  for (BenefitDef& b : benefits) b.label = r.string();
  for (BenefitDef& b : benefits) b.institution = r.string();
  for (BenefitDef& b : benefits) b.description = r.string();
  for (BenefitDef& b : benefits) b.apply = r.string();
  for (BenefitDef& b : benefits) b.amount_name = r.same_or(b.name);
  for (BenefitDef& b : benefits) b.eligibility_name = r.same_or(b.name);
  for (BenefitDef& b : benefits)
    for (Reference& ref : b.references) ref.title = r.string();
  for (BenefitDef& b : benefits)
    for (Reference& ref : b.references) ref.url = r.same_or(b.apply);
  for (BenefitDef& b : benefits)
    for (std::string& n : b.not_simulated) n = r.string();
  for (BenefitDef& b : benefits)
    for (auto& m : b.meta) m.first = r.string();
  for (BenefitDef& b : benefits)
    for (auto& m : b.meta) m.second = r.string();
  for (BenefitDef& b : benefits)
    for (std::string& t : b.territory_names) t = r.string();
  return benefits;
}

}  // namespace

bool is_packed_rules(std::string_view bytes) { return bytes.substr(0, kMagic.size()) == kMagic; }

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

bool pack_rules(const std::vector<SourceFile>& files, std::string* out, std::string* error) {
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
  // A declaration left in a file, or another one taken out, is found by the check at the end (a
  // parameter declared twice, a program that differs).
  for (SourceFile& f : embedded) f.text = without_outer_comments(without_parameter_blocks(f.text));

  std::string& o = *out;
  o.clear();
  put_line(o, kMagic);
  put_string(o, digest);
  put_count(o, program.exprs.size());
  put_count(o, embedded.size());
  for (const SourceFile& f : embedded) {
    put_string(o, f.path);
    put_count(o, f.text.size());
    o += f.text;
    o += '\n';
  }
  const std::vector<ParameterDef>& params = program.parameters;
  put_count(o, params.size());
  std::string_view previous;
  for (const ParameterDef& p : params) {
    put_front_coded(o, previous, p.name);
    previous = p.name;
  }
  for (const ParameterDef& p : params) put_string(o, p.label);
  for (const ParameterDef& p : params) put_string(o, p.unit);
  for (const ParameterDef& p : params) put_string(o, p.source);
  for (const ParameterDef& p : params) {
    std::string header = std::to_string(p.values.size());
    if (p.has_default) header += " " + p.default_value.to_string();
    put_line(o, header);
  }
  // The distinct references, in the order of their first use.
  std::map<std::pair<std::string, std::string>, size_t> reference_index;
  std::vector<const Reference*> references;
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values) {
      auto [it, added] = reference_index.emplace(std::make_pair(v.reference.title, v.reference.url),
                                                 references.size());
      if (added) references.push_back(&v.reference);
    }
  }
  put_count(o, references.size());
  for (const Reference* r : references) put_string(o, r->title);
  for (const Reference* r : references) put_string(o, r->url);
  for (const ParameterDef& p : params)
    for (const ParamValue& v : p.values) put_line(o, v.from.to_string());
  // Each reference index as the difference with the previous one (a parameter's values often
  // share or follow each other's references).
  size_t previous_reference = 0;
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values) {
      size_t index = reference_index.at({v.reference.title, v.reference.url});
      put_line(o, std::to_string(static_cast<long long>(index) -
                                 static_cast<long long>(previous_reference)));
      previous_reference = index;
    }
  }
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values) {
      if (v.is_null) {
        put_line(o, "null");
      } else if (v.shape == ParamShape::kTable) {
        put_line(o, "{" + std::to_string(v.table.size()));
      } else if (v.shape == ParamShape::kScale) {
        put_line(o, "[" + std::to_string(v.scale.size()));
      } else {
        put_line(o, v.number.to_string());
      }
    }
  }
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values)
      if (!v.is_null && v.shape == ParamShape::kTable)
        for (size_t i = 0; i < v.table.size(); ++i)
          put_front_coded(o, i == 0 ? std::string_view() : v.table[i - 1].first, v.table[i].first);
  }
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values)
      if (!v.is_null && v.shape == ParamShape::kTable)
        for (const auto& kv : v.table) put_line(o, kv.second.to_string());
  }
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values)
      if (!v.is_null && v.shape == ParamShape::kScale)
        for (const auto& step : v.scale) put_line(o, step.first.to_string());
  }
  for (const ParameterDef& p : params) {
    for (const ParamValue& v : p.values)
      if (!v.is_null && v.shape == ParamShape::kScale)
        for (const auto& step : v.scale) put_line(o, step.second.to_string());
  }

  write_benefits(o, program.benefits);

  // The packed rules must load to the same program.
  std::string reread_digest;
  LoadResult reread;
  try {
    reread = load_packed_rules(o, &reread_digest);
  } catch (const std::exception& e) {
    *error = std::string("engine bug: the packed rules do not load: ") + e.what();
    return false;
  }
  if (!reread.program) {
    *error = "engine bug: the packed rules do not load:\n" + reread.rendered;
    return false;
  }
  if (reread_digest != digest || fingerprint(*reread.program) != fingerprint(program)) {
    *error = "engine bug: the packed rules load to another program than the text";
    return false;
  }
  return true;
}

LoadResult load_packed_rules(std::string_view packed, std::string* digest) {
  Reader r(packed);
  if (r.line() != kMagic) r.fail("not packed rules (or another version)");
  *digest = r.string();
  size_t expressions = r.count();
  std::vector<SourceFile> files(r.count());
  for (SourceFile& f : files) {
    f.path = r.string();
    f.text = std::string(r.bytes(r.count()));
  }
  std::vector<ParameterDef> params(r.count());
  for (size_t i = 0; i < params.size(); ++i)
    params[i].name = r.front_coded(i == 0 ? std::string_view() : params[i - 1].name);
  for (ParameterDef& p : params) p.label = r.string();
  for (ParameterDef& p : params) p.unit = r.string();
  for (ParameterDef& p : params) p.source = r.string();
  size_t value_count = 0;
  for (ParameterDef& p : params) {
    std::string_view header = r.line();
    size_t space = header.find(' ');
    std::string_view count = header.substr(0, space);
    size_t n = 0;
    auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
    if (ec != std::errc() || end != count.data() + count.size() || n > packed.size()) {
      r.fail("a parameter's count of values is not a number");
    }
    if (space != std::string_view::npos) {
      p.has_default = true;
      p.default_value = number_of(r, header.substr(space + 1));
    }
    p.values.resize(n);
    value_count += n;
    if (value_count > packed.size()) r.fail("more values than bytes");
  }
  std::vector<Reference> references(r.count());
  for (Reference& ref : references) ref.title = r.string();
  for (Reference& ref : references) ref.url = r.string();
  for (ParameterDef& p : params) {
    for (ParamValue& v : p.values) {
      std::string_view text = r.line();
      std::optional<Date> d = Date::parse(text);
      if (!d) r.fail("'" + std::string(text) + "' is not a date");
      v.from = *d;
    }
  }
  size_t reference = 0;
  for (ParameterDef& p : params) {
    for (ParamValue& v : p.values) {
      long long delta = r.signed_number();
      if (delta < -static_cast<long long>(reference) ||
          delta >= static_cast<long long>(references.size() - reference)) {
        r.fail("a reference index is out of range");
      }
      reference = static_cast<size_t>(static_cast<long long>(reference) + delta);
      v.reference = references[reference];
    }
  }
  size_t entries = 0;  // of every table and scale: each takes a line, so no more than the bytes
  for (ParameterDef& p : params) {
    for (ParamValue& v : p.values) {
      std::string_view text = r.line();
      if (text == "null") {
        v.is_null = true;
      } else if (!text.empty() && (text[0] == '{' || text[0] == '[')) {
        size_t n = 0;
        auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), n);
        if (ec != std::errc() || end != text.data() + text.size() || n > packed.size()) {
          r.fail("a table's or scale's size is not a number");
        }
        entries += n;
        if (entries > packed.size()) r.fail("more table and scale entries than bytes");
        if (text[0] == '{') {
          v.shape = ParamShape::kTable;
          v.table.resize(n);
        } else {
          v.shape = ParamShape::kScale;
          v.scale.resize(n);
        }
      } else {
        v.number = number_of(r, text);
      }
    }
  }
  for (ParameterDef& p : params)
    for (ParamValue& v : p.values)
      for (size_t i = 0; i < v.table.size(); ++i)
        v.table[i].first = r.front_coded(i == 0 ? std::string_view() : v.table[i - 1].first);
  for (ParameterDef& p : params)
    for (ParamValue& v : p.values)
      for (auto& kv : v.table) kv.second = number_of(r, r.line());
  for (ParameterDef& p : params)
    for (ParamValue& v : p.values)
      for (auto& step : v.scale) step.first = number_of(r, r.line());
  for (ParameterDef& p : params)
    for (ParamValue& v : p.values)
      for (auto& step : v.scale) step.second = number_of(r, r.line());
  std::vector<BenefitDef> benefits = read_benefits(r);
  if (!r.at_end()) r.fail("bytes after the last benefit");
  return load_program(std::move(files), std::move(params), std::move(benefits), expressions);
}

}  // namespace mesaides
