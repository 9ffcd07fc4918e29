// The engine's JSON interface (see api.h).
#include "api.h"

#include <algorithm>
#include <set>

#include "computation.h"
#include "index_sort.h"
#include "json_text.h"

namespace mesaides {

using nlohmann::json;

const char* engine_version() { return "0.1.0"; }

namespace {

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

}  // namespace

namespace internal {

// (computation.h)
json error_json(const Program& p, const Value& error) {
  p.require_texts();  // (the place, the variable's references)
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

json Computation::runtime_errors() const {
  json errors = json::array();
  std::set<uint32_t> reported;
  for (const Target& t : targets) {
    const Cell& c = eval_.cell(t.cell);
    if (c.value.is_error() && reported.insert(t.cell).second)
      errors.push_back(error_json(p_, c.value));
  }
  return errors;
}

json Computation::explanation(uint32_t index) {
  const Cell& c = eval_.cell(index);
  const VariableDef& def = p_.variables[static_cast<size_t>(c.variable)];
  json j = {{"value", value_to_json(p_, c.value, def.enum_id)}, {"status", status_of(c.source)}};
  if (c.value.is_error()) j["error"] = error_json(p_, c.value);
  if (const std::string& reason = eval_.reason(index); !reason.empty()) j["reason"] = reason;
  j["missing_inputs"] = missing_json(eval_.missing_inputs(index));
  return j;
}

json Computation::missing_json(const std::vector<MissingInput>& inputs, bool labels) {
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
    if (labels) item.emplace("label", def.label);
    item.emplace("entity", entity.plural);
    item.emplace("id", s_.member_id(p_, def.entity, g.member));
    item.emplace("periods", std::move(texts));
  }
  return list;
}

std::string Computation::node_key(const Cell& c) const {
  return p_.variables[static_cast<size_t>(c.variable)].name + "<" + c.period.to_string() + ">";
}

json Computation::trace() {
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

json Computation::tree(uint32_t index, std::set<uint32_t>& expanded, size_t& budget, int depth) {
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
    for (uint32_t r : eval_.reads(index)) children.push_back(tree(r, expanded, budget, depth + 1));
    node["children"] = std::move(children);
  }
  return node;
}

namespace {

// A benefit's meta as a JSON object, its keys in order as nlohmann's objects print them
// (meta_json); each once, the checker refuses a key twice.
void append_meta(std::string& out, const std::vector<std::pair<std::string, std::string>>& meta) {
  std::vector<uint32_t> order(meta.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  sort_indices(order.data(), order.size(),
               [&meta](uint32_t a, uint32_t b) { return meta[a].first < meta[b].first; });
  out += '{';
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0) out += ',';
    json_text::key(out, meta[order[i]].first);
    json_text::string(out, meta[order[i]].second);
  }
  out += '}';
}

}  // namespace

// Run once per program (the texts are kept in it): with the JSON trees, compiled for size.

// The fixed texts of every benefit's lines with details (Program::BenefitTexts), written by
// the first answer that needs them, keys in sorted order as nlohmann's objects print them.
const std::vector<Program::BenefitTexts>& Computation::benefit_texts(const Program& p) {
  p.require_texts();  // (institutions, links, references: packed_rules.h)
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
        t.after_id += ",\"meta\":";
        append_meta(t.after_id, b.meta);
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

const std::vector<Program::VariableTexts>& Computation::variable_texts(const Program& p) {
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

const std::string& Computation::benefit_name_text(const Program& p, const BenefitDef& b) {
  std::call_once(p.benefit_names_once, [&p] {
    std::vector<std::string> names(p.benefits.size());
    for (size_t k = 0; k < p.benefits.size(); ++k) json_text::string(names[k], p.benefits[k].name);
    p.benefit_names = std::move(names);
  });
  return p.benefit_names[static_cast<size_t>(&b - p.benefits.data())];
}

}  // namespace internal

namespace {

using internal::amount_kind_name;
using internal::Computation;
using internal::Target;

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
    if (computation.has_missing_once())
      out["missing_inputs"] =
          computation.missing_json(computation.missing_once(), options.benefit_details);
  }
  if (options.trace) out["trace"] = computation.trace();
  return out;
}

}  // namespace

json compute_json(const Program& program, const json& situation_json,
                  const ComputeOptions& options) {
  std::string benefits;
  json out = compute_parts(program, situation_json, options, benefits);
  if (!benefits.empty()) {
    std::string error;
    if (!json_text::parse(benefits, out["benefits"], error))  // (the engine's own text)
      throw std::logic_error("the benefits' lines are not JSON: " + error);
  }
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
  static const std::set<std::string> kKeys = {
      "situation",     "period",          "variables",           "benefits", "benefit_details",
      "benefit_names", "benefit_reasons", "missing_inputs_once", "explain",  "trace"};
  for (auto it = request.begin(); it != request.end(); ++it) {
    if (!kKeys.count(it.key())) {
      return error_result(
          "request",
          "unknown key '" + it.key() +
              "' (a request has: situation, period, variables, benefits, benefit_details, "
              "benefit_names, benefit_reasons, missing_inputs_once, explain, trace)");
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
  for (const char* flag : {"benefits", "explain", "trace", "benefit_details", "benefit_reasons",
                           "missing_inputs_once"}) {
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
    else if (std::string(flag) == "missing_inputs_once")
      options.missing_inputs_once = on;
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

}  // namespace

bool answer_in_place(const Program& program, std::string_view request, std::string& answer) {
  return internal::answer_without_tree(program, request, answer);
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

std::string answer_from_tree(const Program& program, std::string_view text) {
  if (text.size() > kMaxRequestBytes) {
    return json_text::dump(
        error_result("request", "the request is " + std::to_string(text.size() >> 20) +
                                    " MB; the engine reads at most " +
                                    std::to_string(kMaxRequestBytes >> 20) + " MB"));
  }
  json request;
  std::string error;
  if (!json_text::parse(text, request, error))  // where and why: "at line 1, column 12: ..."
    return json_text::dump(error_result("request", "the request is not valid JSON: " + error));
  ComputeOptions options;
  const json* situation = nullptr;
  json error_answer = read_request(program, request, options, situation);
  if (!error_answer.is_null()) return json_text::dump(error_answer);
  // The request is this function's: its situation moves into the answer (no copy).
  return compute_text(program, std::move(const_cast<json&>(*situation)), options);
}

}  // namespace

std::string handle_request_text(const Program& program, const std::string& text) {
  std::string answer;
  handle_request_text(program, text, answer);
  return answer;
}

void handle_request_text(const Program& program, std::string_view text, std::string& answer) {
  try {
    if (answer_in_place_on && text.size() <= kMaxRequestBytes &&
        internal::answer_without_tree(program, text, answer))
      return;
    answer = answer_from_tree(program, text);
  } catch (const TextsNotLoaded& e) {
    answer = json_text::dump(texts_needed(e));
  }
}

void handle_request_text(const Program& program, std::string_view text, std::string& answer,
                         std::vector<uint32_t>& cuts) {
  cuts.clear();
  try {
    if (answer_in_place_on && text.size() <= kMaxRequestBytes &&
        internal::answer_without_tree(program, text, answer, &cuts))
      return;
    cuts.clear();  // (a request answer_without_tree declined after the benefits were written)
    answer = answer_from_tree(program, text);
  } catch (const TextsNotLoaded& e) {
    cuts.clear();
    answer = json_text::dump(texts_needed(e));
  }
}

json describe_variables(const Program& program, bool inputs_only, bool texts) {
  if (texts || !inputs_only) program.require_texts();  // (labels, help, references)
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
    if (v.negative_allowed) j["negative_allowed"] = true;
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
    if (texts) {
      json refs = json::array();
      for (const Reference& r : v.references) refs.push_back(reference_json(r));
      if (!refs.empty()) j["references"] = std::move(refs);
    }
    list.push_back(std::move(j));
  }
  return list;
}

json describe_benefits(const Program& program, bool texts) {
  if (texts) program.require_texts();  // (institutions, descriptions, links, references)
  json list = json::array();
  for (const BenefitDef& b : program.benefits) {
    const VariableDef& amount = program.variables[static_cast<size_t>(b.amount)];
    list.push_back({{"name", b.name},
                    {"label", b.label},
                    {"periodicity", unit_name(b.periodicity)},
                    {"amount", b.amount_name},
                    {"amount_kind", amount_kind_name(b.amount_kind)},
                    {"eligibility", b.eligibility_name},
                    {"entity", program.entities[static_cast<size_t>(amount.entity)].plural}});
    json& j = list.back();
    if (!b.meta.empty()) j["meta"] = meta_json(b);
    if (!texts) continue;
    json refs = json::array();
    for (const Reference& r : b.references) refs.push_back(reference_json(r));
    j["institution"] = b.institution;
    j["description"] = b.description;
    j["apply"] = b.apply;
    j["not_simulated"] = b.not_simulated;
    j["references"] = std::move(refs);
  }
  return list;
}

void describe_benefits_text(std::string& out, const Program& program, bool texts) {
  if (texts) program.require_texts();  // (institutions, descriptions, links, references)
  json_text::Appender text(out);
  // Keys in sorted order, as nlohmann's objects print them (describe_benefits' dump).
  auto strings = [&text](const std::vector<std::string>& list) {
    text += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) text += ',';
      json_text::string(text.flushed(), list[i]);
    }
    text += ']';
  };
  text += '[';
  for (size_t k = 0; k < program.benefits.size(); ++k) {
    const BenefitDef& b = program.benefits[k];
    const VariableDef& amount = program.variables[static_cast<size_t>(b.amount)];
    if (k > 0) text += ',';
    text += "{\"amount\":";
    json_text::string(text.flushed(), b.amount_name);
    text += ",\"amount_kind\":\"";
    text += amount_kind_name(b.amount_kind);
    text += '"';
    if (texts) {
      text += ",\"apply\":";
      json_text::string(text.flushed(), b.apply);
      text += ",\"description\":";
      json_text::string(text.flushed(), b.description);
    }
    text += ",\"eligibility\":";
    json_text::string(text.flushed(), b.eligibility_name);
    text += ",\"entity\":";
    json_text::string(text.flushed(), program.entities[static_cast<size_t>(amount.entity)].plural);
    if (texts) {
      text += ",\"institution\":";
      json_text::string(text.flushed(), b.institution);
    }
    text += ",\"label\":";
    json_text::string(text.flushed(), b.label);
    if (!b.meta.empty()) {
      text += ",\"meta\":";
      internal::append_meta(text.flushed(), b.meta);
    }
    text += ",\"name\":";
    json_text::string(text.flushed(), b.name);
    if (texts) {
      text += ",\"not_simulated\":";
      strings(b.not_simulated);
    }
    text += ",\"periodicity\":\"";
    text += unit_name(b.periodicity);
    text += '"';
    if (texts) {
      text += ",\"references\":[";
      for (size_t i = 0; i < b.references.size(); ++i) {
        const Reference& r = b.references[i];
        if (i > 0) text += ',';
        text += "{\"title\":";
        json_text::string(text.flushed(), r.title);
        if (!r.url.empty()) {
          text += ",\"url\":";
          json_text::string(text.flushed(), r.url);
        }
        text += '}';
      }
      text += ']';
    }
    text += '}';
  }
  text += ']';
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
