// The engine's JSON interface (see api.h).
#include "api.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "json_text.h"

namespace mesaides {

using nlohmann::json;

const char* engine_version() { return "0.1.0"; }

namespace {

// Appends what json_text::value(out, value_to_json(program, value, enum_id)) appends, without
// making the JSON value (an integer amount, a boolean: nearly every benefit line's).
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

json error_result(const std::string& kind, const std::string& message,
                  json errors = json::array()) {
  json error = {{"kind", kind}, {"message", message}};
  if (!errors.empty()) error["errors"] = std::move(errors);
  return {{"ok", false}, {"error", std::move(error)}};
}

json reference_json(const Reference& r) {
  json j = json::object();
  j.emplace("title", r.title);
  if (!r.url.empty()) j.emplace("url", r.url);
  return j;
}

// A benefit's `meta:` facts, as an object (keys in the order of the file).
json meta_json(const BenefitDef& b) {
  json j = json::object();
  for (const auto& [key, text] : b.meta) j[key] = text;
  return j;
}

// A runtime error as the results give it: its kind (a stable name a page can react to), its
// message, and where it happened: the rule's variable, the place in the rule files (the
// expression that failed, or the variable's declaration) and the variable's legal references.
json error_json(const Program& p, const Value& error) {
  json j = {{"kind", error_kind_name(error.error_kind)}, {"message", error.text}};
  if (error.error_variable < 0) return j;
  const VariableDef& def = p.variables[static_cast<size_t>(error.error_variable)];
  j["variable"] = def.name;
  j["at"] =
      p.sources.where(error.error_expr != kNoExpr ? p.node_spans[error.error_expr] : def.span);
  if (!def.references.empty()) {
    json refs = json::array();
    for (const Reference& r : def.references) refs.push_back(reference_json(r));
    j["references"] = std::move(refs);
  }
  return j;
}

std::string status_of(CellSource source) {
  switch (source) {
    case CellSource::kInput:
      return "input";
    case CellSource::kDefault:
      return "missing";
    case CellSource::kFormula:
      return "computed";
    case CellSource::kRequireFailed:
      return "not_eligible";
    case CellSource::kSum:
      return "sum";
    case CellSource::kError:
    case CellSource::kInProgress:
      return "error";
  }
  return "error";
}

const char* amount_kind_name(BenefitDef::AmountKind kind) {
  return kind == BenefitDef::AmountKind::kParticipation ? "participation" : "paid";
}

struct Target {
  int32_t variable;
  int32_t member;
  Period period;
  uint32_t cell;
};

class Computation {
 public:
  Computation(const Program& program, const Situation& situation, const ComputeOptions& options)
      : p_(program),
        s_(situation),
        options_(options),
        eval_(program, situation,
              options.explain || options.trace || (options.benefits && options.benefit_reasons)),
        entity_texts_(program.entities.size()),
        id_texts_(program.entities.size()) {}

  std::vector<Target> targets;

  // Collects what to compute; returns an error message on a bad request.
  std::string plan() {
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

  void run() {
    for (Target& t : targets) t.cell = eval_.compute_cell(t.variable, t.member, t.period);
  }

  Evaluation& evaluation() { return eval_; }

  // The runtime errors of the targets' values, each once (the answer's "errors").
  json runtime_errors() const {
    json errors = json::array();
    std::set<uint32_t> reported;
    for (const Target& t : targets) {
      const Cell& c = eval_.cell(t.cell);
      if (c.value.is_error() && reported.insert(t.cell).second)
        errors.push_back(error_json(p_, c.value));
    }
    return errors;
  }

  json explanation(uint32_t index) {
    const Cell& c = eval_.cell(index);
    const VariableDef& def = p_.variables[static_cast<size_t>(c.variable)];
    json j = {{"value", value_to_json(p_, c.value, def.enum_id)}, {"status", status_of(c.source)}};
    if (c.value.is_error()) j["error"] = error_json(p_, c.value);
    if (const std::string& reason = eval_.reason(index); !reason.empty()) j["reason"] = reason;
    j["missing_inputs"] = missing_json(eval_.missing_inputs(index));
    return j;
  }

  // Missing inputs grouped by (variable, person or group), in the order first met, each with the
  // periods read: what a questionnaire needs to ask next. A benefit depends on a few dozen inputs
  // at most: the groups are found by a scan.
  json missing_json(const std::vector<MissingInput>& inputs) {
    if (inputs.empty()) return json::array();  // most benefits of most requests
    group_missing(inputs);
    json list = json::array();
    for (const MissingGroup& g : groups_) {
      const VariableDef& def = p_.variables[static_cast<size_t>(g.variable)];
      const EntityDef& entity = p_.entities[static_cast<size_t>(def.entity)];
      json texts = json::array();
      for (const Period& period : periods(g)) texts.push_back(period.to_string());
      json& item = list.emplace_back(json::object());
      item.emplace("variable", def.name);
      item.emplace("label", def.label);
      item.emplace("entity", entity.plural);
      item.emplace("id", s_.member_id(p_, def.entity, g.member));
      item.emplace("periods", std::move(texts));
    }
    return list;
  }

  // missing_json's array as text, written directly (the keys in sorted order). A questionnaire's
  // answer lists the same inputs under many benefits: each one's text is written once.
  void missing_text(std::string& out, const std::vector<MissingInput>& inputs) {
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
        missing_texts_.emplace_back();
        std::string& head = missing_texts_.back().first;
        head.reserve(96);  // written at once, not grown step by step
        head = "{\"entity\":";
        head += entity_text(def.entity);
        head += ",\"id\":";
        head += id_text(def.entity, g.member);
        if (options_.benefit_details) {  // else a page has it (describe_variables)
          head += ",\"label\":";
          if (texts.name.empty()) {  // not an input (never so far): written here
            json_text::string(head, def.label);
          } else {
            head += texts.label;
          }
        }
        head += ",\"periods\":[";
        std::string& tail = missing_texts_.back().second;
        tail.reserve(16 + texts.name.size());
        tail = "],\"variable\":";
        if (texts.name.empty()) {
          json_text::string(tail, def.name);
        } else {
          tail += texts.name;
        }
        tail += '}';
      }
      const auto& [head, tail] = missing_texts_[at];
      out += head;
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
      out += tail;
    }
    out += ']';
  }
  // The texts written once: a missing input's head and tail around its periods (by (variable,
  // member)), a period's (by its key).
  KeyIndex text_of_, period_text_of_;
  std::vector<std::pair<std::string, std::string>> missing_texts_;
  std::vector<std::string> period_texts_;

  // Groups missing inputs by (variable, member) in the order first met, each with the periods
  // read (in the order first met, each once), into groups_ and group_periods_: reused from one
  // benefit line to the next, so that grouping allocates nothing once they have grown (an answer
  // groups a few hundred lines' inputs).
  void group_missing(const std::vector<MissingInput>& inputs) {
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
      if (std::find(begin, begin + g.count, inputs[i].period) == begin + g.count)
        begin[g.count++] = inputs[i].period;
    }
  }

  struct MissingGroup {
    int32_t variable;
    int32_t member;
    uint32_t first;  // where its periods start in group_periods_
    uint32_t count;
    uint32_t next;  // the previous group of the same variable, or kNoGroup
  };
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  Slice<Period> periods(const MissingGroup& g) const {
    return {group_periods_.data() + g.first, g.count};
  }
  std::vector<MissingInput> missing_;  // a benefit line's, its room kept for the next line
  std::vector<MissingGroup> groups_;
  std::vector<Period> group_periods_;
  std::vector<uint32_t> group_of_input_;
  std::vector<uint64_t> first_group_;  // per variable: (stamp << 32) | its latest group
  uint32_t stamp_ = 0;

  // ---- trace ----------------------------------------------------------------------------------
  std::string node_key(const Cell& c) const {
    return p_.variables[static_cast<size_t>(c.variable)].name + "<" + c.period.to_string() + ">";
  }

  json trace() {
    json flat = json::object();
    for (size_t i = 0; i < eval_.cell_count(); ++i) {
      const Cell& c = eval_.cell(static_cast<uint32_t>(i));
      const VariableDef& def = p_.variables[static_cast<size_t>(c.variable)];
      std::string key = node_key(c);
      json& node = flat[key];
      if (node.is_null()) {
        node = {{"variable", def.name},
                {"label", def.label},
                {"entity", p_.entities[static_cast<size_t>(def.entity)].plural},
                {"period", c.period.to_string()},
                {"values", json::object()},
                {"dependencies", json::array()},
                {"parameters", json::array()}};
        if (c.formula) {
          LineCol lc = p_.sources.line_col(c.formula->span.file, c.formula->span.begin);
          node["formula"] = {{"file", p_.sources.file(c.formula->span.file).path},
                             {"line", lc.line},
                             {"from", c.formula->from.to_string()},
                             {"source", std::string(p_.sources.text(c.formula->body))}};
        }
        for (const Reference& r : def.references) node["references"].push_back(reference_json(r));
      }
      std::string id = s_.member_id(p_, def.entity, c.member);
      node["values"][id] = value_to_json(p_, c.value, def.enum_id);
      if (c.value.is_error()) node["errors"][id] = error_json(p_, c.value);
      if (const std::string& reason = eval_.reason(static_cast<uint32_t>(i)); !reason.empty()) {
        node["reasons"][id] = reason;
      }
      node["status"][id] = status_of(c.source);
      std::set<std::string> deps;
      for (const json& d : node["dependencies"]) deps.insert(d.get<std::string>());
      for (uint32_t r : eval_.reads(static_cast<uint32_t>(i))) {
        std::string dk = node_key(eval_.cell(r));
        if (deps.insert(dk).second) node["dependencies"].push_back(dk);
      }
      for (const ParameterRead& pr : eval_.parameters(static_cast<uint32_t>(i))) {
        const ParameterDef& par = p_.parameters[static_cast<size_t>(pr.parameter)];
        json pj = {{"name", par.name},
                   {"label", par.label},
                   {"value", value_to_json(p_, Value::of_number(pr.value), -1)},
                   {"from", pr.at.to_string()}};
        if (!pr.key.empty()) pj["key"] = pr.key;
        if (pr.read_at) pj["at"] = pr.read_at->to_string();
        const ParamValue* pv = par.at(pr.at);
        if (pv && pv->reference && !pv->reference->title.empty())
          pj["reference"] = reference_json(*pv->reference);
        bool duplicate = false;
        for (const json& existing : node["parameters"]) duplicate = duplicate || existing == pj;
        if (!duplicate) node["parameters"].push_back(std::move(pj));
      }
    }
    json roots = json::array();
    std::set<uint32_t> expanded;
    size_t budget = 20000;
    for (const Target& t : targets) roots.push_back(tree(t.cell, expanded, budget, 0));
    return {{"flat", std::move(flat)}, {"tree", std::move(roots)}};
  }

  json tree(uint32_t index, std::set<uint32_t>& expanded, size_t& budget, int depth) {
    const Cell& c = eval_.cell(index);
    const VariableDef& def = p_.variables[static_cast<size_t>(c.variable)];
    json node = {{"variable", def.name},
                 {"period", c.period.to_string()},
                 {"id", s_.member_id(p_, def.entity, c.member)},
                 {"value", value_to_json(p_, c.value, def.enum_id)}};
    if (budget == 0 || depth > 200) {
      node["truncated"] = true;
      return node;
    }
    --budget;
    if (!expanded.insert(index).second) {
      if (!eval_.reads(index).empty()) node["see_above"] = true;
      return node;
    }
    if (!eval_.reads(index).empty()) {
      json children = json::array();
      for (uint32_t r : eval_.reads(index))
        children.push_back(tree(r, expanded, budget, depth + 1));
      node["children"] = std::move(children);
    }
    return node;
  }

  // ---- benefits -------------------------------------------------------------------------------
  // The benefits summary as JSON text (an array of objects, keys in nlohmann's sorted order): see
  // json_text.h for why it is written directly.
  // Appended to `out`.
  // With `line_starts`, the offset in `out` of each line's first byte is appended to it.
  void benefits(const Period& period, std::string& out,
                std::vector<uint32_t>* line_starts = nullptr) {
    const size_t start = out.size();
    out += '[';
    verdicts_.clear();
    verdict_of_ = KeyIndex();
    const std::vector<Program::BenefitTexts>* texts =
        options_.benefit_details ? &benefit_texts(p_) : nullptr;
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
      // A yearly benefit is read for the calendar year, unless its amount variable is monthly: then
      // it holds the annual amount known for that month (a school-year bourse), read for the month.
      bool yearly = b.periodicity == PeriodUnit::kYear && amount_def.period != PeriodUnit::kMonth;
      Period at = period_for(amount_def, yearly ? period.calendar_year() : period);
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
        if (out.size() > start + 1) out += ',';
        if (line_starts) line_starts->push_back(static_cast<uint32_t>(out.size()));
        out += "{\"amount\":";
        write_value(out, p_, amount_value, -1);
        out += ",\"amount_kind\":\"";
        out += amount_kind_name(b.amount_kind);
        out += '"';
        if (fixed) out += fixed->before_eligible;  // apply
        out += ",\"eligible\":";
        out += eligible ? "true" : "false";
        out += ",\"entity\":";
        out += entity_text(amount_def.entity);
        if (error.is_error()) {
          out += ",\"error\":";
          json_text::value(out, error_json(p_, error));
        }
        out += ",\"id\":";
        out += id_text(amount_def.entity, m);
        if (fixed) out += fixed->after_id;  // institution, label, meta
        // The inputs this result depends on that the situation did not give are what a
        // questionnaire asks next, and what a result page lists as assumed.
        if (options_.benefit_reasons) {
          out += ",\"missing_inputs\":";
          eval_.missing_inputs({amount_cell, el_cell}, missing_);
          missing_text(out, missing_);
        }
        out += ",\"name\":";
        out += name_text;
        if (fixed) out += fixed->not_simulated;
        out += ",\"period\":";
        out += at_text_;
        out += ",\"periodicity\":\"";
        out += unit_name(b.periodicity);
        out += '"';
        if (!eligible && options_.benefit_reasons) {  // (the reason read where it is kept)
          if (const std::string& reason = eval_.reason(reason_cell); !reason.empty()) {
            out += ",\"reason\":";
            json_text::string(out, reason);
          }
        }
        if (fixed) out += fixed->references;
        out += '}';
      }
    }
    out += ']';
  }

  // The fixed texts of every benefit's lines with details (Program::BenefitTexts), written by
  // the first answer that needs them, keys in sorted order as nlohmann's objects print them.
  static const std::vector<Program::BenefitTexts>& benefit_texts(const Program& p) {
    std::call_once(p.benefit_texts_once, [&p] {
      std::vector<Program::BenefitTexts> all(p.benefits.size());
      for (size_t k = 0; k < p.benefits.size(); ++k) {
        const BenefitDef& b = p.benefits[k];
        Program::BenefitTexts& t = all[k];
        t.before_eligible = ",\"apply\":";
        json_text::string(t.before_eligible, b.apply);
        t.after_id = ",\"institution\":";
        json_text::string(t.after_id, b.institution);
        t.after_id += ",\"label\":";
        json_text::string(t.after_id, b.label);
        if (!b.meta.empty()) {
          std::vector<const std::pair<std::string, std::string>*> sorted;
          for (const auto& m : b.meta) sorted.push_back(&m);
          std::sort(sorted.begin(), sorted.end(),
                    [](const auto* x, const auto* y) { return x->first < y->first; });
          t.after_id += ",\"meta\":{";
          for (size_t i = 0; i < sorted.size(); ++i) {
            if (i > 0) t.after_id += ',';
            json_text::key(t.after_id, sorted[i]->first);
            json_text::string(t.after_id, sorted[i]->second);
          }
          t.after_id += '}';
        }
        t.not_simulated = ",\"not_simulated\":[";
        for (size_t i = 0; i < b.not_simulated.size(); ++i) {
          if (i > 0) t.not_simulated += ',';
          json_text::string(t.not_simulated, b.not_simulated[i]);
        }
        t.not_simulated += ']';
        t.references = ",\"references\":[";
        for (size_t i = 0; i < b.references.size(); ++i) {
          const Reference& r = b.references[i];
          if (i > 0) t.references += ',';
          t.references += "{\"title\":";
          json_text::string(t.references, r.title);
          if (!r.url.empty()) {
            t.references += ",\"url\":";
            json_text::string(t.references, r.url);
          }
          t.references += '}';
        }
        t.references += ']';
      }
      p.benefit_texts = std::move(all);
    });
    return p.benefit_texts;
  }

  // The benefits skipped because the household lives outside their territory, in program order.
  // (The program's: a household outside most local aids' territories lists hundreds.)
  const std::vector<const BenefitDef*>& outside() const { return outside_; }

  // Every input variable's name and label as JSON strings (Program::variable_texts).
  static const std::vector<Program::VariableTexts>& variable_texts(const Program& p) {
    std::call_once(p.variable_texts_once, [&p] {
      std::vector<Program::VariableTexts> texts(p.variables.size());
      for (size_t k = 0; k < p.variables.size(); ++k) {
        if (!p.variables[k].is_input()) continue;  // (only inputs are missing)
        json_text::string(texts[k].name, p.variables[k].name);
        json_text::string(texts[k].label, p.variables[k].label);
      }
      p.variable_texts = std::move(texts);
    });
    return p.variable_texts;
  }

  // The benefit's name as a JSON string (Program::benefit_names).
  static const std::string& benefit_name_text(const Program& p, const BenefitDef& b) {
    std::call_once(p.benefit_names_once, [&p] {
      std::vector<std::string> names(p.benefits.size());
      for (size_t k = 0; k < p.benefits.size(); ++k)
        json_text::string(names[k], p.benefits[k].name);
      p.benefit_names = std::move(names);
    });
    return p.benefit_names[static_cast<size_t>(&b - p.benefits.data())];
  }

 private:
  // True when no group of the situation meets all the benefit's territory conditions, each known
  // (a condition read from an input the situation lacks, e.g. no commune given, keeps the benefit:
  // its per-person results then say what to ask).
  bool outside_territory(const BenefitDef& b, const Period& period) {
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

  // What a territory condition (a boolean variable of a group) says of group `group`: many local
  // aids share one (the département's, the commune's), so each is judged once per summary (one
  // period: benefits() empties them first), its missing inputs walked once.
  enum class Verdict : uint8_t { kInside, kOutside, kUnknown };
  Verdict territory_verdict(int32_t variable, int32_t group, const Period& period) {
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
  KeyIndex verdict_of_;
  std::vector<Verdict> verdicts_;

  const Program& p_;
  const Situation& s_;
  const ComputeOptions& options_;
  Evaluation eval_;
  std::vector<const BenefitDef*> outside_;
  std::optional<Period> at_period_;  // the last period a benefit was read for, and its text
  std::string at_text_;              // (as JSON: the texts below too)
  // Each entity's plural, and each of its members' id, written once for the answer's lines.
  std::vector<std::string> entity_texts_;
  std::vector<std::vector<std::string>> id_texts_;
  const std::string& entity_text(int32_t entity) {
    std::string& text = entity_texts_[static_cast<size_t>(entity)];
    if (text.empty()) json_text::string(text, p_.entities[static_cast<size_t>(entity)].plural);
    return text;
  }
  const std::string& id_text(int32_t entity, int32_t member) {
    std::vector<std::string>& ids = id_texts_[static_cast<size_t>(entity)];
    if (ids.empty()) ids.resize(static_cast<size_t>(s_.member_count(p_, entity)));
    std::string& text = ids[static_cast<size_t>(member)];
    if (text.empty()) json_text::string(text, s_.member_id(p_, entity, member));
    return text;
  }
};

// Puts computed values into a copy of the situation, creating the groups made for lone persons.
void fill_values(const Program& p, const Situation& s, Evaluation& eval,
                 const std::vector<Target>& targets, json& out) {
  for (const Target& t : targets) {
    const VariableDef& def = p.variables[static_cast<size_t>(t.variable)];
    const EntityDef& entity = p.entities[static_cast<size_t>(def.entity)];
    const std::string& id = s.member_id(p, def.entity, t.member);
    json& owner = out[entity.plural][id];
    if (owner.is_null() && def.entity != p.person_entity) {
      const GroupInstance& g =
          s.groups[static_cast<size_t>(def.entity)][static_cast<size_t>(t.member)];
      for (size_t i = 0; i < g.members.size(); ++i) {
        const RoleDef& role = entity.roles[static_cast<size_t>(g.roles[i])];
        owner[role.plural].push_back(s.person_ids[static_cast<size_t>(g.members[i])]);
      }
    }
    json& slot = owner[def.name];
    if (!slot.is_object()) slot = json::object();
    slot[t.period.to_string()] = value_to_json(p, eval.cell(t.cell).value, def.enum_id);
  }
}

}  // namespace

json value_to_json(const Program& program, const Value& value, int32_t enum_id) {
  switch (value.kind) {
    case ValueKind::kNumber: {
      if (auto i = value.number.to_int64_exact()) return *i;
      return value.number.to_double();
    }
    case ValueKind::kBoolean:
      return value.small != 0;
    case ValueKind::kDate:
      return value.as_date().to_string();
    case ValueKind::kText:
      return value.text;
    case ValueKind::kEnum:
      if (enum_id >= 0)
        return program.enums[static_cast<size_t>(enum_id)].items[static_cast<size_t>(value.small)];
      return value.small;
    case ValueKind::kError:
      return nullptr;
  }
  return nullptr;
}

namespace {

// The answer to a computation, but for the benefits summary, which is JSON text appended to
// `benefits` (nothing when not asked, or on error).
// `situation_json` is taken by value: the answer gives it back, filled with the values computed
// (moved in by a caller that has no more use for it, copied otherwise).
json compute_parts(const Program& program, json situation_json, const ComputeOptions& options,
                   std::string& benefits) {
  if ((!options.variables.empty() || options.benefits) && !options.period) {
    return error_result("request", "a period is needed to compute variables (e.g. \"2026-01\")");
  }
  // Explanations and traces show the formulas' texts and the parameters' references.
  if (options.explain || options.trace) program.require_texts();
  SituationResult parsed = parse_situation(program, situation_json, options.period);
  if (!parsed.situation) {
    json errors = json::array();
    for (const SituationError& e : parsed.errors)
      errors.push_back({{"path", e.path}, {"message", e.message}});
    std::string first = parsed.errors.empty()
                            ? "invalid situation"
                            : (parsed.errors[0].path.empty() ? "" : parsed.errors[0].path + ": ") +
                                  parsed.errors[0].message;
    return error_result("situation", first, std::move(errors));
  }
  const Situation& situation = *parsed.situation;
  // Limits that keep a computation within the memory of a phone (README, "Limits"): the benefits
  // summary of every benefit for each person is about 130 KB a person, and needs about as much
  // memory again to compute; variables alone stay small (10,000 persons: about 200 MB).
  size_t persons = situation.person_ids.size();
  if (persons > kMaxPersons) {
    return error_result("request", "the situation has " + std::to_string(persons) +
                                       " persons; the engine computes at most " +
                                       std::to_string(kMaxPersons) + " at once");
  }
  if (options.benefits && persons > kMaxPersonsWithBenefits) {
    return error_result("request", "the situation has " + std::to_string(persons) +
                                       " persons; the benefits are summarised for at most " +
                                       std::to_string(kMaxPersonsWithBenefits) +
                                       " at once (ask for 'variables', or split the situation)");
  }
  Computation computation(program, situation, options);
  std::string problem = computation.plan();
  if (!problem.empty()) return error_result("request", problem);
  computation.run();
  json out = {{"ok", true}};
  if (options.period) out["period"] = options.period->to_string();
  out["law_date"] = program.newest_parameter_date().to_string();
  json filled = std::move(situation_json);
  fill_values(program, situation, computation.evaluation(), computation.targets, filled);
  for (auto it = filled.begin(); it != filled.end(); ++it) out[it.key()] = std::move(it.value());
  const json runtime_errors = computation.runtime_errors();
  if (!runtime_errors.empty()) out["errors"] = runtime_errors;
  if (options.explain) {
    json explanations = json::object();
    for (const Target& t : computation.targets) {
      const VariableDef& def = program.variables[static_cast<size_t>(t.variable)];
      explanations[def.name][situation.member_id(program, def.entity, t.member)]
                  [t.period.to_string()] = computation.explanation(t.cell);
    }
    out["explanations"] = std::move(explanations);
  }
  if (options.benefits) {
    computation.benefits(*options.period, benefits);
    json names = json::array();
    for (const BenefitDef* b : computation.outside()) names.push_back(b->name);
    out["outside_territory"] = std::move(names);
  }
  if (options.trace) out["trace"] = computation.trace();
  return out;
}

}  // namespace

json compute_json(const Program& program, const json& situation_json,
                  const ComputeOptions& options) {
  std::string benefits;
  json out = compute_parts(program, situation_json, options, benefits);
  if (!benefits.empty()) out["benefits"] = json::parse(benefits);
  return out;
}

std::string compute_text(const Program& program, const json& situation_json,
                         const ComputeOptions& options) {
  return compute_text(program, json(situation_json), options);
}

std::string compute_text(const Program& program, json&& situation_json,
                         const ComputeOptions& options) {
  // "benefits" is the first key of the answer in sorted order ("errors", "explanations", the
  // entities, "law_date", "ok"… all come after it): the summary is written right after the brace,
  // in a text sized as this thread's previous answer (a summary is 200 to 350 KB).
  static thread_local size_t size_hint = 0;
  static constexpr std::string_view kHead = "{\"benefits\":";
  std::string text;
  text.reserve(size_hint);
  text += kHead;
  json out = compute_parts(program, std::move(situation_json), options, text);
  std::string rest;  // json_text writes as dump(-1, ' ', true) does, faster
  json_text::value(rest, out);
  if (text.size() == kHead.size()) return rest;
  text += ',';
  text.append(rest, 1, std::string::npos);
  size_hint = text.size() + text.size() / 8;
  return text;
}

namespace {

// Reads a request's options and finds its situation; returns the error answer of a bad request, or
// null.
json read_request(const Program& program, const json& request, ComputeOptions& options,
                  const json*& situation_out) {
  if (!request.is_object())
    return error_result("request", "a request is a JSON object with a 'situation'");
  static const std::set<std::string> kKeys = {"situation",       "period",          "variables",
                                              "benefits",        "benefit_details", "benefit_names",
                                              "benefit_reasons", "explain",         "trace"};
  for (auto it = request.begin(); it != request.end(); ++it) {
    if (!kKeys.count(it.key())) {
      return error_result(
          "request",
          "unknown key '" + it.key() +
              "' (a request has: situation, period, variables, benefits, benefit_details, "
              "benefit_names, benefit_reasons, explain, trace)");
    }
  }
  auto period = request.find("period");
  if (period != request.end() && !period->is_null()) {
    if (!period->is_string())
      return error_result("request", "'period' must be a string such as \"2026-01\"");
    options.period = Period::parse(period->get<std::string>());
    if (!options.period) {
      return error_result("request", "'" + period->get<std::string>() +
                                         "' is not a period (expected 2026-01 or 2026)");
    }
  }
  auto variables = request.find("variables");
  if (variables != request.end()) {
    if (!variables->is_array())
      return error_result("request", "'variables' must be a list of variable names");
    for (const json& v : *variables) {
      if (!v.is_string())
        return error_result("request", "'variables' must be a list of variable names");
      options.variables.push_back(v.get<std::string>());
    }
  }
  auto names = request.find("benefit_names");
  if (names != request.end()) {
    if (!names->is_array())
      return error_result("request", "'benefit_names' must be a list of benefit names");
    for (const json& n : *names) {
      if (!n.is_string())
        return error_result("request", "'benefit_names' must be a list of benefit names");
      std::string name = n.get<std::string>();
      bool known = std::any_of(program.benefits.begin(), program.benefits.end(),
                               [&](const BenefitDef& b) { return b.name == name; });
      if (!known)
        return error_result("request", "unknown benefit '" + name + "' in 'benefit_names'");
      options.benefit_names.push_back(std::move(name));
    }
  }
  for (const char* flag : {"benefits", "explain", "trace", "benefit_details", "benefit_reasons"}) {
    auto f = request.find(flag);
    if (f == request.end()) continue;
    if (!f->is_boolean())
      return error_result("request", std::string("'") + flag + "' must be true or false");
    bool on = f->get<bool>();
    if (std::string(flag) == "benefits")
      options.benefits = on;
    else if (std::string(flag) == "explain")
      options.explain = on;
    else if (std::string(flag) == "benefit_details")
      options.benefit_details = on;
    else if (std::string(flag) == "benefit_reasons")
      options.benefit_reasons = on;
    else
      options.trace = on;
  }
  auto situation = request.find("situation");
  if (situation == request.end()) return error_result("request", "the request has no 'situation'");
  situation_out = &*situation;
  return nullptr;
}

}  // namespace

namespace {

thread_local bool answer_in_place_on = true;

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
  std::string text;
};

std::vector<Given> members_of(json_text::DocRef object) {
  std::vector<Given> out;
  if (!object.is(Kind::kObject)) return out;  // a value given without period is replaced
  out.reserve(object.size());
  for (uint32_t i = 0; i < object.size(); ++i)
    out.push_back({object.child(i).node().key, object.child(i), {}});
  return out;
}

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
        json_text::key(out_, given[i].key);
        if (given[i].doc.valid()) {
          json_text::write(out_, given[i].doc);
        } else {
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
      json_text::key(out_, key);
      if (level == 3) {
        const Target& t = *filled_[k].target;
        const VariableDef& def = p_.variables[static_cast<size_t>(t.variable)];
        write_value(out_, p_, e_.cell(t.cell).value, def.enum_id);
      } else if (level == 1 && !as_given.valid()) {
        merged(made_group(filled_[k]), k, end, 2);
      } else {
        merged(members_of(as_given), k, end, level + 1);
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
  std::vector<Given> made_group(const Filled& f) const {
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
      Given role{def.roles[r].plural, {}, list + ']'};
      auto at = roles.begin();  // in key order
      while (at != roles.end() && at->key < role.key) ++at;
      roles.insert(at, std::move(role));
    }
    return roles;
  }

  const Program& p_;
  const Situation& s_;
  const Evaluation& e_;
  const std::vector<Filled>& filled_;
  std::string& out_;
};

// The answer without a tree (see handle_request_text): the request read in place, the situation
// from it, the answer written as compute_text writes the tree it would build, byte for byte.
// False, before computing anything, for a request that has explanations or a trace, or anything
// that makes an error answer (the caller then answers from a tree, with the error's message).
// With `cuts`, where the benefit lines lie (handle_request_text); left as they are when false.
bool answer_without_tree(const Program& program, std::string_view text, std::string& answer,
                         std::vector<uint32_t>* cuts = nullptr) {
  // Its capacity kept from one request to the next, but for that of an exceptional one (a request
  // of megabytes), given back at the next smaller one.
  thread_local json_text::Doc doc;
  if (doc.buffer.capacity() > std::max<size_t>(text.size(), size_t{1} << 20))
    doc = json_text::Doc();
  if (!doc.parse(text) || !doc.root().is(Kind::kObject)) return false;
  const DocRef request = doc.root();
  ComputeOptions options;
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
               key == "benefit_details" || key == "benefit_reasons") {
      if (!v.is(Kind::kTrue) && !v.is(Kind::kFalse)) return false;
      const bool on = v.is(Kind::kTrue);
      if (key == "benefits") options.benefits = on;
      if (key == "explain") options.explain = on;
      if (key == "trace") options.trace = on;
      if (key == "benefit_details") options.benefit_details = on;
      if (key == "benefit_reasons") options.benefit_reasons = on;
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
  if (!computation.plan().empty()) return false;
  computation.run();

  // Where each value computed goes, in key order. Targets of the same place are the same cell
  // (variable, member, period): one is written.
  std::vector<Filled> filled;
  filled.reserve(computation.targets.size());
  for (const Target& t : computation.targets) {
    const VariableDef& def = program.variables[static_cast<size_t>(t.variable)];
    filled.push_back({program.entities[static_cast<size_t>(def.entity)].plural,
                      situation.member_id(program, def.entity, t.member), def.name,
                      t.period.to_string(), &t});
  }
  std::sort(filled.begin(), filled.end(), filled_before);
  filled.erase(std::unique(filled.begin(), filled.end(),
                           [](const Filled& a, const Filled& b) {
                             return !filled_before(a, b) && !filled_before(b, a);
                           }),
               filled.end());
  // The answer's own members, in key order among the situation's entities.
  std::vector<Given> root = members_of(situation_doc);
  auto add = [&root](std::string_view key, std::string written) {
    auto at = root.begin();
    while (at != root.end() && at->key < key) ++at;
    root.insert(at, Given{key, {}, std::move(written)});
  };
  const json runtime_errors = computation.runtime_errors();
  std::string member_text;
  if (!runtime_errors.empty()) {
    json_text::value(member_text, runtime_errors);
    add("errors", std::move(member_text));
  }
  member_text.clear();
  json_text::string(member_text, program.newest_parameter_date().to_string());
  add("law_date", std::move(member_text));
  add("ok", "true");
  if (options.period) {
    member_text.clear();
    json_text::string(member_text, options.period->to_string());
    add("period", std::move(member_text));
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
    member_text.clear();
    size_t names_size = 2;
    for (const BenefitDef* b : computation.outside()) names_size += b->name.size() + 3;
    member_text.reserve(names_size);  // (names are identifiers: written as they are)
    member_text += '[';
    for (const BenefitDef* b : computation.outside()) {
      if (member_text.size() > 1) member_text += ',';
      member_text += Computation::benefit_name_text(program, *b);
    }
    member_text += ']';
    add("outside_territory", std::move(member_text));
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

}  // namespace

bool answer_in_place(const Program& program, std::string_view request, std::string& answer) {
  return answer_without_tree(program, request, answer);
}

void set_answers_in_place(bool on) { answer_in_place_on = on; }

namespace {

// The answer when the rule texts are apart and not loaded (TextsNotLoaded): the caller loads them,
// then asks again (the WebAssembly module's JavaScript does, mesaides.mjs).
json texts_needed(const TextsNotLoaded& e) { return error_result("texts_needed", e.what()); }

}  // namespace

json handle_request(const Program& program, const json& request) {
  try {
    ComputeOptions options;
    const json* situation = nullptr;
    json error = read_request(program, request, options, situation);
    if (!error.is_null()) return error;
    return compute_json(program, *situation, options);
  } catch (const TextsNotLoaded& e) {
    return texts_needed(e);
  }
}

namespace {

std::string answer_from_tree(const Program& program, const std::string& text) {
  if (text.size() > kMaxRequestBytes) {
    return error_result("request", "the request is " + std::to_string(text.size() >> 20) +
                                       " MB; the engine reads at most " +
                                       std::to_string(kMaxRequestBytes >> 20) + " MB")
        .dump(-1, ' ', true);
  }
  json request;
  try {
    if (!json_text::parse_common(text, request)) request = json::parse(text);
  } catch (const json::exception& e) {  // a syntax error, or a number beyond double range
    // e.what() names the position: "parse error at line 1, column 12: ...".
    return error_result("request", std::string("the request is not valid JSON: ") + e.what())
        .dump(-1, ' ', true, json::error_handler_t::replace);
  }
  ComputeOptions options;
  const json* situation = nullptr;
  json error = read_request(program, request, options, situation);
  if (!error.is_null()) return error.dump(-1, ' ', true, json::error_handler_t::replace);
  // The request is this function's: its situation moves into the answer (no copy).
  return compute_text(program, std::move(const_cast<json&>(*situation)), options);
}

}  // namespace

std::string handle_request_text(const Program& program, const std::string& text) {
  std::string answer;
  handle_request_text(program, text, answer);
  return answer;
}

void handle_request_text(const Program& program, const std::string& text, std::string& answer) {
  try {
    if (answer_in_place_on && text.size() <= kMaxRequestBytes &&
        answer_without_tree(program, text, answer))
      return;
    answer = answer_from_tree(program, text);
  } catch (const TextsNotLoaded& e) {
    answer = texts_needed(e).dump(-1, ' ', true);
  }
}

void handle_request_text(const Program& program, const std::string& text, std::string& answer,
                         std::vector<uint32_t>& cuts) {
  cuts.clear();
  try {
    if (answer_in_place_on && text.size() <= kMaxRequestBytes &&
        answer_without_tree(program, text, answer, &cuts))
      return;
    cuts.clear();  // (a request answer_without_tree declined after the benefits were written)
    answer = answer_from_tree(program, text);
  } catch (const TextsNotLoaded& e) {
    cuts.clear();
    answer = texts_needed(e).dump(-1, ' ', true);
  }
}

json describe_variables(const Program& program, bool inputs_only) {
  json list = json::array();
  for (const VariableDef& v : program.variables) {
    if (inputs_only && !v.is_input()) continue;
    json j = {{"name", v.name},
              {"label", v.label},
              {"entity", program.entities[static_cast<size_t>(v.entity)].plural},
              {"period", unit_name(v.period)},
              {"type", type_name(v.type)},
              {"input", v.is_input()}};
    if (!v.help.empty()) j["help"] = v.help;
    if (!v.question.empty()) j["question"] = v.question;
    if (!v.unit.empty()) j["unit"] = v.unit;
    j["default"] = value_to_json(program, v.default_value, v.enum_id);
    if (v.type == Type::kEnum) {
      const EnumDef& e = program.enums[static_cast<size_t>(v.enum_id)];
      json items = json::array();
      for (size_t i = 0; i < e.items.size(); ++i)
        items.push_back({{"name", e.items[i]}, {"label", e.item_labels[i]}});
      j["enum"] = e.name;
      j["items"] = std::move(items);
    }
    if (!v.formulas.empty()) {
      json formulas = json::array();
      for (const Formula& f : v.formulas) {
        json fj = {{"from", f.from.to_string()}};
        if (f.to) fj["to"] = f.to->to_string();
        formulas.push_back(std::move(fj));
      }
      j["formulas"] = std::move(formulas);
    }
    json refs = json::array();
    for (const Reference& r : v.references) refs.push_back(reference_json(r));
    if (!refs.empty()) j["references"] = std::move(refs);
    list.push_back(std::move(j));
  }
  return list;
}

json describe_benefits(const Program& program) {
  json list = json::array();
  for (const BenefitDef& b : program.benefits) {
    json refs = json::array();
    for (const Reference& r : b.references) refs.push_back(reference_json(r));
    const VariableDef& amount = program.variables[static_cast<size_t>(b.amount)];
    list.push_back({{"name", b.name},
                    {"label", b.label},
                    {"institution", b.institution},
                    {"description", b.description},
                    {"periodicity", unit_name(b.periodicity)},
                    {"amount", b.amount_name},
                    {"amount_kind", amount_kind_name(b.amount_kind)},
                    {"eligibility", b.eligibility_name},
                    {"entity", program.entities[static_cast<size_t>(amount.entity)].plural},
                    {"apply", b.apply},
                    {"not_simulated", b.not_simulated},
                    {"references", std::move(refs)}});
    if (!b.meta.empty()) list.back()["meta"] = meta_json(b);
  }
  return list;
}

json describe_parameters(const Program& program) {
  program.require_texts();  // (their sources and references)
  json list = json::array();
  for (const ParameterDef& p : program.parameters) {
    json values = json::array();
    for (const ParamValue& v : p.values) {
      json vj = {{"from", v.from.to_string()}};
      if (v.is_null) {
        vj["value"] = nullptr;
      } else if (v.shape == ParamShape::kNumber) {
        vj["value"] = value_to_json(program, Value::of_number(v.number), -1);
      } else if (v.shape == ParamShape::kTable) {
        json t = json::object();
        for (const auto& [k, d] : v.table) t[k] = value_to_json(program, Value::of_number(d), -1);
        vj["value"] = std::move(t);
      } else {
        json s = json::array();
        for (const auto& [threshold, d] : v.scale) {
          s.push_back({value_to_json(program, Value::of_number(threshold), -1),
                       value_to_json(program, Value::of_number(d), -1)});
        }
        vj["value"] = std::move(s);
      }
      if (v.reference && !v.reference->title.empty())
        vj["reference"] = reference_json(*v.reference);
      values.push_back(std::move(vj));
    }
    list.push_back({{"name", p.name},
                    {"label", p.label},
                    {"unit", p.unit},
                    {"source", p.source},
                    {"values", std::move(values)}});
  }
  return list;
}

json describe_program(const Program& program) {
  return {{"engine_version", engine_version()},
          {"law_date", program.newest_parameter_date().to_string()},
          {"variables", program.variables.size()},
          {"parameters", program.parameters.size()},
          {"benefits", program.benefits.size()},
          {"rule_files", program.sources.size()}};
}

}  // namespace mesaides
