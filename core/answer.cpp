// Answers written as text (see computation.h): the computation's members on every request's path,
// and the answer without a tree, which pages' requests get.
#include <algorithm>
#include <cassert>
#include <charconv>
#include <deque>
#include <functional>

#include "computation.h"
#include "index_sort.h"
#include "json_text.h"

namespace mesaides::internal {

const char* amount_kind_name(BenefitDef::AmountKind kind) {
  return kind == BenefitDef::AmountKind::kParticipation ? "participation" : "paid";
}

void write_value(std::string& out, const Program& program, const Value& value, int32_t enum_id) {
  char digits[24];
  auto integer = [&](int64_t i) {
    out.append(digits, std::to_chars(digits, digits + sizeof digits, i).ptr);
  };
  switch (value.kind) {
    case ValueKind::kNumber:
      if (auto i = value.number.to_int64_exact()) {
        integer(*i);
      } else {
        json_text::number(out, value.number.to_double());  // nlohmann's shortest form
      }
      return;
    case ValueKind::kBoolean:
      out += value.small != 0 ? "true" : "false";
      return;
    case ValueKind::kDate:
      json_text::string(out, value.as_date().to_string());
      return;
    case ValueKind::kText:
      json_text::string(out, value.text);
      return;
    case ValueKind::kEnum:
      if (enum_id >= 0) {
        json_text::string(
            out,
            program.enums[static_cast<size_t>(enum_id)].items[static_cast<size_t>(value.small)]);
      } else {
        integer(value.small);
      }
      return;
    case ValueKind::kError:
      out += "null";
      return;
  }
  out += "null";
}

void write_value(json_text::Appender& out, const Program& program, const Value& value,
                 int32_t enum_id) {
  if (value.kind == ValueKind::kNumber) {
    if (auto i = value.number.to_int64_exact()) {
      char digits[24];
      const char* end = std::to_chars(digits, digits + sizeof digits, *i).ptr;
      out += std::string_view(digits, static_cast<size_t>(end - digits));
      return;
    }
  } else if (value.kind == ValueKind::kBoolean) {
    out += value.small != 0 ? std::string_view("true") : std::string_view("false");
    return;
  }
  write_value(out.flushed(), program, value, enum_id);
}

Computation::Computation(const Program& program, const Situation& situation,
                         const ComputeOptions& options)
    : p_(program),
      s_(situation),
      options_(options),
      eval_(program, situation,
            options.explain || options.trace || (options.benefits && options.benefit_reasons),
            options.explain || options.trace) {}

std::string Computation::plan() {
  for (const Request& r : s_.requests) targets.push_back({r.variable, r.member, r.period, 0});
  for (const std::string& name : options_.variables) {
    auto v = p_.find_variable(name);
    if (!v) {
      std::vector<std::string_view> names;
      for (const VariableDef& d : p_.variables) names.push_back(d.name);
      std::string best = closest_name(name, names);
      return "unknown variable '" + name + "'" +
             (best.empty() ? "" : " (did you mean '" + best + "'?)");
    }
    const VariableDef& def = p_.variables[static_cast<size_t>(*v)];
    int32_t count = s_.member_count(p_, def.entity);
    for (int32_t m = 0; m < count; ++m)
      targets.push_back({*v, m, period_for(def, *options_.period), 0});
  }
  return "";
}

void Computation::run() {
  for (Target& t : targets) t.cell = eval_.compute_cell(t.variable, t.member, t.period);
}

bool Computation::has_runtime_errors() const {
  for (const Target& t : targets) {
    if (eval_.cell(t.cell).value.is_error()) return true;
  }
  return false;
}

// A questionnaire's answer lists the same inputs under many benefits: each one's text is written
// once.
void Computation::missing_text(json_text::Appender& out, const std::vector<MissingInput>& inputs) {
  out += '[';
  group_missing(inputs);
  for (size_t i = 0; i < groups_.size(); ++i) {
    const MissingGroup& g = groups_[i];
    if (i > 0) out += ',';
    const uint64_t key =
        (uint64_t{static_cast<uint32_t>(g.variable)} << 32) | static_cast<uint32_t>(g.member);
    auto [at, added] = text_of_.find_or_add(key, static_cast<uint32_t>(missing_texts_.size()));
    if (added) {
      const VariableDef& def = p_.variables[static_cast<size_t>(g.variable)];
      const Program::VariableTexts& texts = variable_texts(p_)[static_cast<size_t>(g.variable)];
      std::string& pool = missing_pool_;
      MissingTexts& written = missing_texts_.emplace_back();
      written.head = static_cast<uint32_t>(pool.size());
      pool += "{\"entity\":";
      pool += entity_text(def.entity);
      pool += ",\"id\":";
      pool += id_text(def.entity, g.member);
      if (options_.benefit_details) {  // else a page has it (describe_variables)
        pool += ",\"label\":";
        if (texts.name.empty()) {  // not an input (never so far): written here
          json_text::string(pool, def.label);
        } else {
          pool += texts.label;
        }
      }
      pool += ",\"periods\":[";
      written.tail = static_cast<uint32_t>(pool.size());
      pool += "],\"variable\":";
      if (texts.name.empty()) {
        json_text::string(pool, def.name);
      } else {
        pool += texts.name;
      }
      pool += '}';
      written.end = static_cast<uint32_t>(pool.size());
    }
    const MissingTexts& written = missing_texts_[at];
    const std::string_view pool = missing_pool_;
    out += pool.substr(written.head, written.tail - written.head);
    const Slice<Period> group_periods = periods(g);
    for (size_t k = 0; k < group_periods.size(); ++k) {
      if (k > 0) out += ',';
      auto [period, new_period] = period_text_of_.find_or_add(
          group_periods[k].key(), static_cast<uint32_t>(period_texts_.size()));
      if (new_period) {
        period_texts_.emplace_back();
        json_text::string(period_texts_.back(), group_periods[k].to_string());
      }
      out += period_texts_[period];
    }
    out += pool.substr(written.tail, written.end - written.tail);
  }
  out += ']';
}

// Groups missing inputs by (variable, member) in the order first met, each with the periods
// read (in the order first met, each once), into groups_ and group_periods_: reused from one
// benefit line to the next, so that grouping allocates nothing once they have grown (an answer
// groups a few hundred lines' inputs).
void Computation::group_missing(const std::vector<MissingInput>& inputs) {
  groups_.clear();
  group_periods_.clear();
  group_of_input_.resize(inputs.size());
  if (first_group_.size() < p_.variables.size()) first_group_.resize(p_.variables.size(), 0);
  if (++stamp_ == 0) {  // wrapped around: forget every earlier line
    std::fill(first_group_.begin(), first_group_.end(), 0);
    stamp_ = 1;
  }
  // Each input's group: the groups of a variable are chained from first_group_ (valid for this
  // line when its stamp is this line's).
  for (size_t i = 0; i < inputs.size(); ++i) {
    const MissingInput& m = inputs[i];
    uint64_t& first = first_group_[static_cast<size_t>(m.variable)];
    uint32_t g = (first >> 32) == stamp_ ? static_cast<uint32_t>(first) : kNoGroup;
    while (g != kNoGroup && groups_[g].member != m.member) g = groups_[g].next;
    if (g == kNoGroup) {
      g = static_cast<uint32_t>(groups_.size());
      const uint32_t next = (first >> 32) == stamp_ ? static_cast<uint32_t>(first) : kNoGroup;
      groups_.push_back({m.variable, m.member, 0, 0, next});
      first = (uint64_t{stamp_} << 32) | g;
    }
    group_of_input_[i] = g;
    ++groups_[g].count;  // an upper bound until the periods are placed
  }
  // The periods of each group side by side, in the order of the groups.
  uint32_t at = 0;
  for (MissingGroup& g : groups_) {
    g.first = at;
    at += g.count;
    g.count = 0;
  }
  group_periods_.resize(at);
  for (size_t i = 0; i < inputs.size(); ++i) {
    MissingGroup& g = groups_[group_of_input_[i]];
    Period* begin = group_periods_.data() + g.first;
    // Each once without looking: the inputs are cells met once by the walk (missing_inputs), and
    // a cell is its (variable, member, period).
    assert(std::find(begin, begin + g.count, inputs[i].period) == begin + g.count);
    begin[g.count++] = inputs[i].period;
  }
}

// Written directly rather than as a JSON tree: see json_text.h for why.
void Computation::benefits(const Period& period, std::string& out,
                           std::vector<uint32_t>* line_starts) {
  json_text::Appender text(out);
  const size_t start = text.size();
  text += '[';
  verdicts_.clear();
  verdict_of_ = KeyIndex();
  const std::vector<Program::BenefitTexts>* texts =
      options_.benefit_details ? &benefit_texts(p_) : nullptr;
  // The lines' missing inputs once for the answer (missing_once()), rather than in each line.
  const bool once = options_.benefit_reasons && options_.missing_inputs_once;
  for (const BenefitDef& b : p_.benefits) {
    if (b.amount < 0) continue;
    if (!options_.benefit_names.empty() &&
        std::find(options_.benefit_names.begin(), options_.benefit_names.end(), b.name) ==
            options_.benefit_names.end()) {
      continue;
    }
    if (outside_territory(b, period)) {
      outside_.push_back(&b);
      continue;
    }
    const VariableDef& amount_def = p_.variables[static_cast<size_t>(b.amount)];
    Period at = benefit_period(p_, b, period);
    if (!at_period_ ||
        !(*at_period_ == at)) {  // most benefits are read for the same period: its text once
      at_period_ = at;
      at_text_.clear();
      json_text::string(at_text_, at.to_string());
    }
    const Program::BenefitTexts* fixed =
        texts ? &(*texts)[static_cast<size_t>(&b - p_.benefits.data())] : nullptr;
    int32_t count = s_.member_count(p_, amount_def.entity);
    const std::string& name_text = benefit_name_text(p_, b);
    for (int32_t m = 0; m < count; ++m) {
      uint32_t amount_cell = eval_.compute_cell(b.amount, m, at);
      // `ac` is read before the eligibility is computed: computing adds cells, which may move
      // them.
      const Cell& ac = eval_.cell(amount_cell);
      const Value amount_value = ac.value;
      // A participation of 0 € is a benefit given free: only the eligibility decides.
      bool participation = b.amount_kind == BenefitDef::AmountKind::kParticipation;
      bool eligible = !ac.value.is_error() && (participation || !ac.value.is_zero_like());
      uint32_t reason_cell = amount_cell;  // the cell whose reason a refusal shows
      Value error = ac.value.is_error() ? ac.value : Value{};
      uint32_t el_cell = amount_cell;
      if (b.eligibility >= 0) {
        const VariableDef& el_def = p_.variables[static_cast<size_t>(b.eligibility)];
        el_cell = eval_.compute_cell(b.eligibility, m, period_for(el_def, at));
        const Cell& ec = eval_.cell(el_cell);
        if (ec.value.is_error()) {
          error = ec.value;
          eligible = false;
        } else if (!ec.value.as_bool()) {
          eligible = false;
          if (ec.reason_cell != Cell::kNoCell) reason_cell = el_cell;
        }
      }
      // Keys in sorted order, as nlohmann's objects print them.
      if (text.size() > start + 1) text += ',';
      if (line_starts) line_starts->push_back(static_cast<uint32_t>(text.size()));
      text += "{\"amount\":";
      write_value(text, p_, amount_value, -1);
      text += ",\"amount_kind\":\"";
      text += amount_kind_name(b.amount_kind);
      text += '"';
      if (fixed) text += fixed->before_eligible;  // apply
      text += ",\"eligible\":";
      text += eligible ? std::string_view("true") : std::string_view("false");
      text += ",\"entity\":";
      text += entity_text(amount_def.entity);
      if (error.is_error()) {
        text += ",\"error\":";
        json_text::value(text.flushed(), error_json(p_, error));
      }
      text += ",\"id\":";
      text += id_text(amount_def.entity, m);
      if (fixed) text += fixed->after_id;  // institution, label, meta
      // The inputs this result depends on that the situation did not give are what a
      // questionnaire asks next, and what a result page lists as assumed.
      if (once) {
        line_cells_.push_back(amount_cell);
        line_cells_.push_back(el_cell);
      } else if (options_.benefit_reasons) {
        text += ",\"missing_inputs\":";
        eval_.missing_inputs({amount_cell, el_cell}, missing_);
        missing_text(text, missing_);
      }
      text += ",\"name\":";
      text += name_text;
      if (fixed) text += fixed->not_simulated;
      text += ",\"period\":";
      text += at_text_;
      text += ",\"periodicity\":\"";
      text += unit_name(b.periodicity);
      text += '"';
      if (!eligible && options_.benefit_reasons) {  // (the reason read where it is kept)
        if (const std::string& reason = eval_.reason(reason_cell); !reason.empty()) {
          text += ",\"reason\":";
          text += reason_text(reason);
        }
      }
      if (fixed) text += fixed->references;
      text += '}';
    }
  }
  text += ']';
  if (once) {
    // One walk over every line's cells: each input once, in the order the lines meet them.
    eval_.missing_inputs(line_cells_.data(), line_cells_.size(), missing_once_);
    has_missing_once_ = true;
  }
}

// True when no group of the situation meets all the benefit's territory conditions, each known
// (a condition read from an input the situation lacks, e.g. no commune given, keeps the benefit:
// its per-person results then say what to ask).
bool Computation::outside_territory(const BenefitDef& b, const Period& period) {
  if (b.territory.empty()) return false;
  // The checker made them all variables of one group entity.
  int32_t entity = p_.variables[static_cast<size_t>(b.territory[0])].entity;
  int32_t groups = s_.member_count(p_, entity);
  for (int32_t g = 0; g < groups; ++g) {
    bool inside = true;
    for (int32_t t : b.territory) {
      const Verdict verdict = territory_verdict(t, g, period);
      if (verdict == Verdict::kUnknown) return false;
      if (verdict == Verdict::kOutside) {
        inside = false;
        break;
      }
    }
    if (inside) return false;
  }
  return true;
}

const std::string& Computation::reason_text(const std::string& reason) {
  const uint64_t hash = std::hash<std::string_view>{}(reason);
  auto [at, added] = reason_text_of_.find_or_add(hash, static_cast<uint32_t>(reason_texts_.size()));
  if (added) {
    ReasonText& written = reason_texts_.emplace_back();
    written.reason = &reason;
    json_text::string(written.json, reason);
    return written.json;
  }
  if (*reason_texts_[at].reason == reason) return reason_texts_[at].json;
  reason_scratch_.clear();  // another text with the same hash: escaped anew
  json_text::string(reason_scratch_, reason);
  return reason_scratch_;
}

Computation::Verdict Computation::territory_verdict(int32_t variable, int32_t group,
                                                    const Period& period) {
  const uint64_t key =
      (uint64_t{static_cast<uint32_t>(variable)} << 32) | static_cast<uint32_t>(group);
  auto [at, added] = verdict_of_.find_or_add(key, static_cast<uint32_t>(verdicts_.size()));
  if (!added) return verdicts_[at];
  const VariableDef& def = p_.variables[static_cast<size_t>(variable)];
  const uint32_t cell = eval_.compute_cell(variable, group, period_for(def, period));
  const Cell& c = eval_.cell(cell);
  const Verdict verdict = c.value.is_error() || !eval_.missing_inputs({cell}).empty()
                              ? Verdict::kUnknown
                          : c.value.as_bool() ? Verdict::kInside
                                              : Verdict::kOutside;
  verdicts_.push_back(verdict);
  return verdict;
}

const std::string& Computation::entity_text(int32_t entity) {
  // (Sized at the first line: most requests have none.)
  if (entity_texts_.empty()) entity_texts_.resize(p_.entities.size());
  std::string& text = entity_texts_[static_cast<size_t>(entity)];
  if (text.empty()) json_text::string(text, p_.entities[static_cast<size_t>(entity)].plural);
  return text;
}

const std::string& Computation::id_text(int32_t entity, int32_t member) {
  if (id_texts_.empty()) id_texts_.resize(p_.entities.size());
  std::vector<std::string>& ids = id_texts_[static_cast<size_t>(entity)];
  if (ids.empty()) ids.resize(static_cast<size_t>(s_.member_count(p_, entity)));
  std::string& text = ids[static_cast<size_t>(member)];
  if (text.empty()) json_text::string(text, s_.member_id(p_, entity, member));
  return text;
}

namespace {

using json_text::DocRef;
using Kind = json_text::Doc::Kind;

// A value computed for a target, where the answer puts it: answer[plural][id][variable][period].
struct Filled {
  std::string_view plural, id, variable;
  std::string period;
  const Target* target;
};

bool filled_before(const Filled& a, const Filled& b) {
  if (a.plural != b.plural) return a.plural < b.plural;
  if (a.id != b.id) return a.id < b.id;
  if (a.variable != b.variable) return a.variable < b.variable;
  return a.period < b.period;
}

// What an object of the answer holds before the values computed are merged in: its members as
// given (a Doc's), or written here (the answer's own members, a group's roles), by key.
struct Given {
  std::string_view key;
  json_text::DocRef doc;  // the value as given, or invalid: `text`
  std::string_view text;  // (kept by the writer's caller, or in InPlaceWriter::made_)
};

// The members of `object` into `out` (emptied first).
void members_of(json_text::DocRef object, std::vector<Given>& out) {
  out.clear();
  if (!object.is(Kind::kObject)) return;  // a value given without period is replaced
  out.reserve(object.size());
  for (uint32_t i = 0; i < object.size(); ++i)
    out.push_back({object.child(i).node().key, object.child(i), {}});
}

// The lists of members of the objects being written, one per level (an object's is filled while
// its parent's is still in use): kept by the thread from one answer to the next, so that writing
// an answer allocates none.
thread_local std::vector<Given> members_at_level[4];

// Writes the answer's objects on the way to the values computed (filled, sorted by place): each
// object's members as given, merged in key order with those computed, the value computed replacing
// the one given. The rest of the situation is written as given.
class InPlaceWriter {
 public:
  InPlaceWriter(const Program& program, const Situation& situation, const Evaluation& evaluation,
                const std::vector<Filled>& filled, std::string& out)
      : p_(program), s_(situation), e_(evaluation), filled_(filled), out_(out) {}

  // The object of `given` with filled_[from, to) merged in, whose keys at `level` are its members'
  // (0: entity plural, 1: owner id, 2: variable, 3: period).
  void merged(const std::vector<Given>& given, size_t from, size_t to, int level) {
    out_ += '{';
    size_t i = 0, k = from;
    while (i < given.size() || k < to) {
      if (i > 0 || k > from) out_ += ',';
      if (k == to || (i < given.size() && given[i].key < key_at(filled_[k], level))) {
        if (given[i].doc.valid()) {
          json_text::member_key(out_, given[i].doc);
          json_text::write(out_, given[i].doc);
        } else {
          json_text::key(out_, given[i].key);
          out_ += given[i].text;
        }
        ++i;
        continue;
      }
      const std::string_view key = key_at(filled_[k], level);
      size_t end = k + 1;
      while (end < to && key_at(filled_[end], level) == key) ++end;
      json_text::DocRef as_given;
      if (i < given.size() && given[i].key == key) as_given = given[i++].doc;
      if (as_given.valid()) {
        json_text::member_key(out_, as_given);
      } else {
        json_text::key(out_, key);
      }
      if (level == 3) {
        const Target& t = *filled_[k].target;
        const VariableDef& def = p_.variables[static_cast<size_t>(t.variable)];
        write_value(out_, p_, e_.cell(t.cell).value, def.enum_id);
      } else if (level == 1 && !as_given.valid()) {
        merged(made_group(filled_[k]), k, end, 2);
      } else {
        std::vector<Given>& members = members_at_level[level + 1];
        members_of(as_given, members);
        merged(members, k, end, level + 1);
      }
      k = end;
    }
    out_ += '}';
  }

 private:
  static std::string_view key_at(const Filled& f, int level) {
    switch (level) {
      case 0:
        return f.plural;
      case 1:
        return f.id;
      case 2:
        return f.variable;
      default:
        return f.period;
    }
  }

  // An owner the situation does not give: a group made for a lone person, with its roles listing
  // their members (as fill_values makes it); nothing for a person.
  std::vector<Given> made_group(const Filled& f) {
    std::vector<Given> roles;
    const int32_t entity = *p_.find_entity_by_plural(f.plural);
    if (entity == p_.person_entity) return roles;
    const EntityDef& def = p_.entities[static_cast<size_t>(entity)];
    const auto& instances = s_.groups[static_cast<size_t>(entity)];
    size_t instance = 0;
    while (instances[instance].id != f.id) ++instance;
    const GroupInstance& g = instances[instance];
    for (size_t r = 0; r < def.roles.size(); ++r) {
      std::string list;
      for (size_t m = 0; m < g.members.size(); ++m) {
        if (g.roles[m] != static_cast<int32_t>(r)) continue;
        list += list.empty() ? '[' : ',';
        json_text::string(list, s_.person_ids[static_cast<size_t>(g.members[m])]);
      }
      if (list.empty()) continue;
      list += ']';
      Given role{def.roles[r].plural, {}, made_.emplace_back(std::move(list))};
      auto at = roles.begin();  // in key order
      while (at != roles.end() && at->key < role.key) ++at;
      roles.insert(at, role);
    }
    return roles;
  }

  const Program& p_;
  const Situation& s_;
  const Evaluation& e_;
  const std::vector<Filled>& filled_;
  std::string& out_;
  std::deque<std::string> made_;  // made_group's role lists (a deque: they do not move)
};

}  // namespace

// (computation.h)
bool answer_without_tree(const Program& program, std::string_view text, std::string& answer,
                         std::vector<uint32_t>* cuts) {
  // Its capacity kept from one request to the next, but for that of an exceptional one (a request
  // of megabytes), given back at the next smaller one.
  thread_local json_text::Doc doc;
  if (doc.buffer.capacity() > std::max<size_t>(text.size(), size_t{1} << 20))
    doc = json_text::Doc();
  if (!doc.parse(text) || !doc.root().is(Kind::kObject)) return false;
  const DocRef request = doc.root();
  // The options and the targets are kept by the thread, as the situation's tables below: their
  // lists' room reused (a request's few allocations are a measurable part of a small one in
  // WebAssembly).
  thread_local ComputeOptions kept_options;
  {
    std::vector<std::string> variables = std::move(kept_options.variables);
    std::vector<std::string> names = std::move(kept_options.benefit_names);
    kept_options = ComputeOptions();
    variables.clear();
    names.clear();
    kept_options.variables = std::move(variables);
    kept_options.benefit_names = std::move(names);
  }
  ComputeOptions& options = kept_options;
  DocRef situation_doc;
  auto strings = [](DocRef list, std::vector<std::string>& out) {
    if (!list.is(Kind::kArray)) return false;
    for (uint32_t i = 0; i < list.size(); ++i) {
      if (!list.child(i).is(Kind::kString)) return false;
      out.emplace_back(list.child(i).node().text);
    }
    return true;
  };
  for (uint32_t i = 0; i < request.size(); ++i) {
    const DocRef v = request.child(i);
    const std::string_view key = v.node().key;
    if (key == "situation") {
      situation_doc = v;
    } else if (key == "period") {
      if (v.is(Kind::kNull)) continue;
      if (!v.is(Kind::kString)) return false;
      options.period = Period::parse(v.node().text);
      if (!options.period) return false;
    } else if (key == "variables") {
      if (!strings(v, options.variables)) return false;
    } else if (key == "benefit_names") {
      if (!strings(v, options.benefit_names)) return false;
      for (const std::string& name : options.benefit_names) {
        if (std::none_of(program.benefits.begin(), program.benefits.end(),
                         [&](const BenefitDef& b) { return b.name == name; }))
          return false;
      }
    } else if (key == "benefits" || key == "explain" || key == "trace" ||
               key == "benefit_details" || key == "benefit_reasons" ||
               key == "missing_inputs_once") {
      if (!v.is(Kind::kTrue) && !v.is(Kind::kFalse)) return false;
      const bool on = v.is(Kind::kTrue);
      if (key == "benefits") options.benefits = on;
      if (key == "explain") options.explain = on;
      if (key == "trace") options.trace = on;
      if (key == "benefit_details") options.benefit_details = on;
      if (key == "benefit_reasons") options.benefit_reasons = on;
      if (key == "missing_inputs_once") options.missing_inputs_once = on;
    } else {
      return false;
    }
  }
  if (options.explain || options.trace || !situation_doc.valid()) return false;
  if ((!options.variables.empty() || options.benefits) && !options.period) return false;
  // The situation's tables are kept by the thread from one request to the next, as the
  // evaluation's are: given back when this answer is done (after the computation that reads them),
  // unless a request of more persons than a household's made them large.
  thread_local std::unique_ptr<Situation> spare_situation;
  SituationResult parsed =
      parse_situation(program, situation_doc, options.period, std::move(spare_situation));
  if (!parsed.situation) return false;
  struct GiveBack {
    std::unique_ptr<Situation>& situation;
    ~GiveBack() {
      if (situation->person_ids.size() <= kMaxPersonsWithBenefits)
        spare_situation = std::move(situation);
    }
  } give_back{parsed.situation};
  const Situation& situation = *parsed.situation;
  const size_t persons = situation.person_ids.size();
  if (persons > kMaxPersons || (options.benefits && persons > kMaxPersonsWithBenefits))
    return false;
  Computation computation(program, situation, options);
  thread_local std::vector<Target> spare_targets;
  struct GiveTargetsBack {
    std::vector<Target>& targets;
    ~GiveTargetsBack() { spare_targets.swap(targets); }
  } give_targets_back{computation.targets};
  computation.targets.swap(spare_targets);
  computation.targets.clear();
  if (!computation.plan().empty()) return false;
  computation.run();

  // Where each value computed goes, in key order. Targets of the same place are the same cell
  // (variable, member, period): one is written.
  // (Kept by the thread, as members_at_level.)
  static thread_local std::vector<Filled> filled;
  filled.clear();
  filled.reserve(computation.targets.size());
  for (const Target& t : computation.targets) {
    const VariableDef& def = program.variables[static_cast<size_t>(t.variable)];
    filled.push_back({program.entities[static_cast<size_t>(def.entity)].plural,
                      situation.member_id(program, def.entity, t.member), def.name,
                      t.period.to_string(), &t});
  }
  {
    static thread_local std::vector<uint32_t> order;
    static thread_local std::vector<Filled> sorted;
    order.resize(filled.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    sort_indices(order.data(), order.size(),
                 [](uint32_t a, uint32_t b) { return filled_before(filled[a], filled[b]); });
    sorted.clear();
    for (uint32_t i : order) {
      if (sorted.empty() || filled_before(sorted.back(), filled[i]))  // each place once
        sorted.push_back(std::move(filled[i]));
    }
    filled.swap(sorted);
  }
  // The answer's own members, in key order among the situation's entities.
  std::vector<Given>& root = members_at_level[0];
  members_of(situation_doc, root);
  auto add = [&root](std::string_view key, std::string_view written) {
    auto at = root.begin();
    while (at != root.end() && at->key < key) ++at;
    root.insert(at, Given{key, {}, written});
  };
  std::string errors_text;
  if (computation.has_runtime_errors()) {
    json_text::value(errors_text, computation.runtime_errors());
    add("errors", errors_text);
  }
  // The law's date, the same in every answer of a program: written once per thread and date.
  static thread_local std::pair<Date, std::string> law_date;
  if (law_date.second.empty() || law_date.first != program.newest_parameter_date()) {
    law_date.first = program.newest_parameter_date();
    law_date.second.clear();
    json_text::string(law_date.second, law_date.first.to_string());
  }
  add("law_date", law_date.second);
  add("ok", "true");
  std::string period_text;
  if (options.period) {
    json_text::string(period_text, options.period->to_string());
    add("period", period_text);
  }
  // The answer is the situation given and a little more (or, with the benefits, a few hundred KB:
  // sized as this thread's previous summary).
  static thread_local size_t benefits_size = 0;
  answer.clear();
  answer.reserve(text.size() + 512 + (options.benefits ? benefits_size : 0));
  if (options.benefits) {
    answer = "{\"benefits\":";
    if (cuts) cuts->push_back(static_cast<uint32_t>(answer.size()));  // its '['
    computation.benefits(*options.period, answer, cuts);
    if (cuts) cuts->push_back(static_cast<uint32_t>(answer.size() - 1));  // its ']'
    benefits_size = answer.size() + answer.size() / 8;
  }
  std::string outside_text;
  if (options.benefits) {
    size_t names_size = 2;
    for (const BenefitDef* b : computation.outside()) names_size += b->name.size() + 3;
    outside_text.reserve(names_size);  // (names are identifiers: written as they are)
    outside_text += '[';
    for (const BenefitDef* b : computation.outside()) {
      if (outside_text.size() > 1) outside_text += ',';
      outside_text += Computation::benefit_name_text(program, *b);
    }
    outside_text += ']';
    add("outside_territory", outside_text);
  }
  std::string missing_once_text;
  if (computation.has_missing_once()) {
    {
      json_text::Appender list(missing_once_text);  // (written out when it goes)
      computation.missing_text(list, computation.missing_once());
    }
    add("missing_inputs", missing_once_text);
  }
  for (size_t i = 0; i + 1 < root.size(); ++i) {
    if (root[i].key == root[i + 1].key) return false;  // an entity named as the answer's members
  }
  const size_t head = answer.size();
  InPlaceWriter(program, situation, computation.evaluation(), filled, answer)
      .merged(root, 0, filled.size(), 0);
  if (options.benefits) answer[head] = ',';  // `{"benefits":[…],` then the other members
  return true;
}

}  // namespace mesaides::internal
