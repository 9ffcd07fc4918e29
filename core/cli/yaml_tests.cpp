// Runner for test files in OpenFisca's YAML format (see yaml_tests.h), read with yaml-cpp.
//
// A file is a list of cases or one case. A case's input is normalised into a situation in
// OpenFisca's JSON shape: plural entity keys, singular ones (`famille:` = one instance named
// `famille`), or the single-entity shorthand (`salaire_net: 1000`: one person alone in every group,
// N persons when values are lists of N). Scalars are typed as PyYAML does (`yes` is true, `3_000`
// is 3000) but dates stay text. Variables our rules do not define are removed and remembered.
// The output becomes checks, one per (variable, instance, period). A check is skipped for a reform,
// extension or parameter change, a variable we do not define, a period outside our formulas' dates,
// or an input we do not define (its value could change the result); failed when the situation is
// invalid; otherwise computed and compared: numbers within the case's margins as OpenFisca's
// assert_near (never tighter than 1e-6; expected values may be exact arithmetic such as
// `474.37 * 0.16`), booleans, enum items, dates and text exactly. A failure prints
// "FAIL file:line case: variable[instance]@period expected X, got Y (margin M)"; skips are summed
// up by reason; the last line printed is "N passed, M failed, K skipped".
#include "yaml_tests.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "evaluator.h"
#include "situation.h"

namespace mesaides {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Situation errors coming from constructs of OpenFisca's format we knowingly do not support,
// recognised by two fragments of parse_situation's message: a case whose errors are all of these is
// skipped with the reason instead of failed.
struct UnsupportedConstruct {
  const char* fragment1;
  const char* fragment2;
  const char* reason;
};
const UnsupportedConstruct kUnsupportedConstructs[] = {
    // `activite: 4`: OpenFisca reads an integer as the index of an item in its own enum.
    {"expected one of the items of", "found a number",
     "an enum value is given by its index in OpenFisca's enum, which we do not map"},
    // `statut_occupation_logement: {year:2015:2: proprietaire}`: a state over several years.
    {"give '", "for one year at most",
     "a state is given for several years at once, which our situations do not accept"},
};

// ---- YAML scalars, typed as PyYAML types them ---------------------------------------------------

bool is_quoted(const YAML::Node& n) { return n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str"; }

bool is_null_text(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_text(const std::string& s) {
  static const std::map<std::string, bool> words = {
      {"true", true},   {"True", true},   {"TRUE", true}, {"yes", true}, {"Yes", true},
      {"YES", true},    {"on", true},     {"On", true},   {"ON", true},  {"false", false},
      {"False", false}, {"FALSE", false}, {"no", false},  {"No", false}, {"NO", false},
      {"off", false},   {"Off", false},   {"OFF", false}};
  auto it = words.find(s);
  return it == words.end() ? std::nullopt : std::optional<bool>(it->second);
}

// A YAML number (`12`, `3_000`, `-1.5`, `1e3`) as an integer or a double; nullopt otherwise. As in
// YAML 1.1 (PyYAML, which OpenFisca uses), digits with a leading zero (`06088`) are not a decimal
// number: they stay text (the octal reading of `0612` is left out: no test relies on it).
std::optional<json> yaml_number(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
  size_t digits = s.empty() || (s[0] != '+' && s[0] != '-') ? 0 : 1;
  if (s.size() > digits + 1 && s[digits] == '0' &&
      std::isdigit(static_cast<unsigned char>(s[digits + 1]))) {
    return std::nullopt;
  }
  if (s.find_first_of("0123456789") == std::string::npos ||
      s.find_first_not_of("0123456789+-.eE") != std::string::npos) {
    return std::nullopt;
  }
  int64_t n = 0;
  const char* end = s.data() + s.size();
  if (std::from_chars(s.data() + (s[0] == '+'), end, n).ptr == end) return n;
  char* stop = nullptr;
  double d = std::strtod(s.c_str(), &stop);
  return *stop ? std::nullopt : std::optional<json>(d);
}

json yaml_to_json(const YAML::Node& n) {
  if (!n.IsDefined()) return nullptr;
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (is_quoted(n)) return s;
    if (is_null_text(s)) return nullptr;
    if (auto b = bool_text(s)) return *b;
    if (auto number = yaml_number(s)) return *number;
    return s;
  }
  json out = n.IsSequence() ? json::array() : n.IsMap() ? json::object() : json();
  for (const auto& item : n) {
    if (n.IsSequence()) out.push_back(yaml_to_json(item));
    if (n.IsMap()) out[item.first.Scalar()] = yaml_to_json(item.second);
  }
  return out;
}

// ---- Exact arithmetic of expected values: + - * / ( ) and signs, on Decimal
// ----------------------

class Arithmetic {
 public:
  explicit Arithmetic(std::string_view text) : s_(text) {}

  std::optional<Decimal> run() {
    auto v = binary(0);
    return peek() == '\0' ? v : std::nullopt;
  }

 private:
  // The next character after spaces, or '\0' at the end.
  char peek() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  // level 0: a sum of products (+ -); level 1: a product of factors (* /).
  std::optional<Decimal> binary(int level) {
    auto left = level == 0 ? binary(1) : unary();
    for (char op = peek();
         left && op &&
         std::string_view(level == 0 ? "+-" : "*/").find(op) != std::string_view::npos;
         op = peek()) {
      ++pos_;
      auto right = level == 0 ? binary(1) : unary();
      if (!right) return std::nullopt;
      if (op == '+') left = checked_add(*left, *right);
      if (op == '-') left = checked_sub(*left, *right);
      if (op == '*') left = checked_mul(*left, *right);
      if (op == '/') left = checked_div(*left, *right);
    }
    return left;
  }
  std::optional<Decimal> unary() {
    char c = peek();
    if (c == '-' || c == '+' || c == '(') ++pos_;
    if (c == '-' || c == '+') {
      auto v = unary();
      return v && c == '-' ? std::optional<Decimal>(-*v) : v;
    }
    if (c == '(') {
      auto v = binary(0);
      return peek() == ')' && ++pos_ ? v : std::nullopt;
    }
    std::string text;  // digits, '.', '_' separators, an exponent with its sign
    for (; pos_ < s_.size(); ++pos_) {
      c = s_[pos_];
      bool exponent_sign =
          (c == '-' || c == '+') && !text.empty() && std::tolower(text.back()) == 'e';
      if (!exponent_sign && std::string_view("0123456789._eE").find(c) == std::string_view::npos)
        break;
      if (c != '_') text += c;
    }
    return Decimal::parse(text);
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// ---- Input: normalised into a situation ---------------------------------------------------------

struct NormalizedInput {
  json situation = json::object();
  std::vector<std::vector<std::string>> ids;  // per entity: instance ids, in the input's order
  std::set<std::string> unknown;              // input variables our rules do not define
  std::string unsupported;                    // why the case cannot be run, if so
};

class InputReader {
 public:
  explicit InputReader(const Program& program) : p_(program) {
    out_.ids.resize(p_.entities.size());
  }

  NormalizedInput read(const YAML::Node& input) {
    if (input.IsMap()) {
      bool entities = false;
      for (const auto& kv : input) entities = entities || entity_key(kv.first.Scalar()) >= 0;
      if (input["axes"]) out_.unsupported = "the input uses 'axes', which we do not support";
      entities ? read_entities(input) : read_shorthand(input);
    } else if (input && !input.IsNull()) {
      out_.unsupported = "the input is not a mapping";
    }
    add_default_groups();
    return std::move(out_);
  }

 private:
  // The entity a situation key names (plural, or singular = one instance), or -1.
  int32_t entity_key(const std::string& key) const {
    if (auto e = p_.find_entity_by_plural(key)) return *e;
    if (auto e = p_.find_entity(key)) return *e;
    return -1;
  }

  void read_entities(const YAML::Node& input) {
    for (const auto& kv : input) {
      std::string key = kv.first.Scalar();
      int32_t e = entity_key(key);
      if (key == "axes") continue;
      if (e >= 0 && key != p_.entities[static_cast<size_t>(e)].plural) {
        add_instance(e, key, kv.second);  // a singular key: one instance, named by the key
      } else if (e >= 0 && kv.second.IsMap()) {
        for (const auto& instance : kv.second)
          add_instance(e, instance.first.Scalar(), instance.second);
      } else {
        out_.situation[key] = yaml_to_json(kv.second);  // parse_situation reports what is wrong
      }
    }
  }

  // The single-entity shorthand: one person alone in every group, or N when values are lists of N
  // (one per person), as OpenFisca's build_from_variables.
  void read_shorthand(const YAML::Node& input) {
    size_t count = 1;
    for (const auto& kv : input) count = std::max(count, list_length(kv.second));
    const EntityDef& person = p_.entities[static_cast<size_t>(p_.person_entity)];
    for (size_t i = 0; i < count; ++i) {
      for (size_t e = 0; e < p_.entities.size(); ++e) {
        const EntityDef& def = p_.entities[e];
        json instance = json::object();
        if (!def.roles.empty())
          instance[def.roles[0].plural] = json::array({shorthand_id(person, i, count)});
        out_.situation[def.plural][shorthand_id(def, i, count)] = instance;
        out_.ids[e].push_back(shorthand_id(def, i, count));
      }
    }
    for (const auto& kv : input) {
      std::string name = kv.first.Scalar();
      auto var = p_.find_variable(name);
      if (!var) {
        note_unknown(name, kv.second);
        continue;
      }
      const EntityDef& def =
          p_.entities[static_cast<size_t>(p_.variables[static_cast<size_t>(*var)].entity)];
      json value = variable_json(*var, kv.second);
      for (size_t i = 0; i < count; ++i) {
        out_.situation[def.plural][shorthand_id(def, i, count)][name] = element(value, i);
      }
    }
  }

  static std::string shorthand_id(const EntityDef& def, size_t i, size_t count) {
    return count == 1 ? def.name : def.name + "_" + std::to_string(i + 1);
  }

  static size_t list_length(const YAML::Node& n) {
    size_t length = n.IsSequence() ? n.size() : 1;
    if (n.IsMap()) {
      for (const auto& kv : n)
        length = std::max(length, kv.second.IsSequence() ? kv.second.size() : 1);
    }
    return length;
  }

  // The i-th person's part of a value given as a list (or as a mapping of periods to lists).
  static json element(const json& v, size_t i) {
    if (v.is_array()) return i < v.size() ? v[i] : json(nullptr);
    if (!v.is_object()) return v;
    json out = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = element(*it, i);
    return out;
  }

  void add_instance(int32_t entity, const std::string& id, const YAML::Node& node) {
    const EntityDef& def = p_.entities[static_cast<size_t>(entity)];
    json instance = node.IsMap() || node.IsNull() ? json::object() : yaml_to_json(node);
    out_.ids[static_cast<size_t>(entity)].push_back(id);
    for (const auto& kv : node.IsMap() ? node : YAML::Node()) {
      std::string key = kv.first.Scalar();
      if (is_role(def, key)) {
        instance[key] = role_json(kv.second);
      } else if (auto var = p_.find_variable(key)) {
        instance[key] = variable_json(*var, kv.second);
      } else {
        note_unknown(key, kv.second);
      }
    }
    // `individus: x` then `individus: {...}` (a key given twice): report it, do not index a text.
    json& group = out_.situation[def.plural];
    if (!group.is_null() && !group.is_object()) {
      throw YAML::Exception(
          node.Mark(), "'" + def.plural + "' is given more than once, not always as a mapping of " +
                           def.name + " ids");
    }
    group[id] = std::move(instance);
  }

  static bool is_role(const EntityDef& def, const std::string& key) {
    return std::any_of(def.roles.begin(), def.roles.end(),
                       [&](const RoleDef& r) { return r.plural == key || r.name == key; });
  }

  // Person ids are kept as written (an id such as 12 or 5e3 is not a number).
  static json role_json(const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    json out = yaml_to_json(node);
    for (size_t i = 0; node.IsSequence() && i < node.size(); ++i) {
      if (node[i].IsScalar()) out[i] = node[i].Scalar();
    }
    return out;
  }

  // A variable's value(s). Numbers are read as OpenFisca casts them: a boolean is 0 or 1, a text is
  // arithmetic (`24 * 2_000`).
  // A text (`depcom: 06088`, `depcom: 75056`) keeps the scalar as written, as OpenFisca's str()
  // of PyYAML's value does: never a number, which would lose a leading zero.
  json variable_json(int32_t var, const YAML::Node& node) const {
    Type type = p_.variables[static_cast<size_t>(var)].type;
    if (type == Type::kText) return text_json(node);
    json j = yaml_to_json(node);
    if (is_numeric(type)) cast_number(j);
    return j;
  }

  static json text_json(const YAML::Node& node) {
    if (node.IsScalar())
      return is_null_text(node.Scalar()) && !is_quoted(node) ? json() : json(node.Scalar());
    if (!node.IsMap()) return yaml_to_json(node);
    json out = json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = text_json(kv.second);
    return out;
  }

  static void cast_number(json& v) {
    if (v.is_boolean()) v = v.get<bool>() ? 1 : 0;
    if (v.is_structured()) {
      for (json& item : v) cast_number(item);
    }
    auto d = v.is_string() ? Arithmetic(v.get<std::string>()).run() : std::nullopt;
    if (d) v = d->to_int64_exact() ? json(*d->to_int64_exact()) : json(d->to_double());
  }

  // A variable we do not define matters only if it has a value (`aah:` alone asks for a result).
  void note_unknown(const std::string& name, const YAML::Node& node) {
    std::function<bool(const json&)> has_value = [&](const json& j) {
      return j.is_object() ? std::any_of(j.begin(), j.end(), has_value) : !j.is_null();
    };
    if (has_value(yaml_to_json(node))) out_.unknown.insert(name);
  }

  // Persons listed in no instance of a group get one of their own, as parse_situation does.
  void add_default_groups() {
    const std::vector<std::string>& persons = out_.ids[static_cast<size_t>(p_.person_entity)];
    for (size_t e = 0; e < p_.entities.size(); ++e) {
      const EntityDef& def = p_.entities[e];
      if (def.is_person) continue;
      std::set<std::string> listed;
      auto instances = out_.situation.find(def.plural);
      if (instances != out_.situation.end() && instances->is_object()) {
        for (const json& instance : *instances) list_members(def, instance, listed);
      }
      for (const std::string& id : persons) {
        if (!listed.count(id)) out_.ids[e].push_back(id);
      }
    }
  }

  static void list_members(const EntityDef& def, const json& instance,
                           std::set<std::string>& listed) {
    if (!instance.is_object()) return;
    for (auto it = instance.begin(); it != instance.end(); ++it) {
      if (!is_role(def, it.key())) continue;
      json ids = it->is_array() ? *it : json::array({*it});
      for (const json& id : ids) {
        if (id.is_string()) listed.insert(id.get<std::string>());
      }
    }
  }

  const Program& p_;
  NormalizedInput out_;
};

// ---- Cases and checks ---------------------------------------------------------------------------

// An error margin: one number, or per variable with a `default` (OpenFisca's ErrorMargin).
struct Margin {
  std::optional<Decimal> fallback;
  std::map<std::string, std::optional<Decimal>> per_variable;

  std::optional<Decimal> get(const std::string& variable) const {
    auto it = per_variable.find(variable);
    return it == per_variable.end() ? fallback : it->second;
  }
};

std::optional<Decimal> decimal_of(const YAML::Node& n) {
  if (!n.IsScalar() || is_null_text(n.Scalar())) return std::nullopt;
  return Arithmetic(n.Scalar()).run();
}

Margin read_margin(const YAML::Node& n) {
  Margin m;
  if (!n) return m;
  if (!n.IsMap()) m.fallback = decimal_of(n);
  for (const auto& kv : n.IsMap() ? n : YAML::Node()) {
    std::string key = kv.first.Scalar();
    (key == "default" ? m.fallback : m.per_variable[key]) = decimal_of(kv.second);
  }
  return m;
}

struct Check {
  std::string variable;
  int32_t var = -1;
  int32_t entity = -1;
  std::string instance;
  std::string period_text;
  std::optional<Period> period;
  YAML::Node expected;
  std::string skip;        // the reason, when skipped
  std::string skip_group;  // the reason as summed up at the end
  std::string failure;     // what is wrong, when failed
  bool passed = false;
  std::optional<Decimal> expected_number, actual_number;  // when both are numbers
};

struct Case {
  std::string file;
  int line = 0;
  std::string name;
  std::optional<Period> period;
  std::string period_text;
  Margin absolute, relative;
  NormalizedInput input;
  std::vector<Check> checks;
};

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Expands expected values into checks: mappings by period, lists by instance, single values for
// every instance.
class CheckBuilder {
 public:
  CheckBuilder(const Program& program, Case& c) : p_(program), c_(c) {}

  void add_outputs(const YAML::Node& output) {
    for (const auto& kv : output) {
      std::string key = kv.first.Scalar();
      auto plural = p_.find_entity_by_plural(key);
      auto singular = p_.find_entity(key);
      if (p_.find_variable(key) || (!plural && !singular) || !kv.second.IsMap() ||
          keyed_by_period(kv.second)) {
        add(key, kv.second, -1, "", -1, "");
      } else if (singular) {
        for (const auto& var : kv.second)
          add(var.first.Scalar(), var.second, *singular, "", -1, "");
      } else {
        for (const auto& instance : kv.second) {
          for (const auto& var : instance.second) {
            add(var.first.Scalar(), var.second, *plural, instance.first.Scalar(), -1, "");
          }
        }
      }
    }
  }

 private:
  // A mapping by period: `famille: {2024-01: 12}` is OpenFisca's variable `famille`, not the
  // entity.
  static bool keyed_by_period(const YAML::Node& node) {
    auto first = node.begin();
    return first != node.end() && Period::parse(first->first.Scalar()).has_value();
  }

  void add(const std::string& name, const YAML::Node& node, int32_t entity,
           const std::string& instance, int index, const std::string& period) {
    if (node.IsMap() && period.empty()) {
      for (const auto& kv : node) add(name, kv.second, entity, instance, index, kv.first.Scalar());
    } else if (node.IsSequence() && node.size() == 1 && index < 0) {
      add(name, node[0], entity, instance, index, period);  // numpy broadcasts one value
    } else if (node.IsSequence() && index < 0 && instance.empty()) {
      for (size_t i = 0; i < node.size(); ++i)
        add(name, node[i], entity, instance, static_cast<int>(i), period);
    } else {
      add_one(name, node, entity, instance, index, period);
    }
  }

  void add_one(const std::string& name, const YAML::Node& node, int32_t entity,
               const std::string& instance, int index, const std::string& period) {
    Check c;
    c.variable = name;
    c.expected = node;
    c.entity = entity;
    if (auto var = p_.find_variable(name)) {
      c.var = *var;
      c.entity = p_.variables[static_cast<size_t>(*var)].entity;
    }
    classify(c, period);
    if (entity >= 0 && c.var >= 0 && entity != c.entity && c.skip.empty()) {
      c.failure = name + " is a variable of each " +
                  p_.entities[static_cast<size_t>(c.entity)].name + " in our rules, not of a " +
                  p_.entities[static_cast<size_t>(entity)].name;
    }
    const std::vector<std::string> none;
    const auto& ids = c.entity < 0 ? none : c_.input.ids[static_cast<size_t>(c.entity)];
    if (instance.empty() && index < 0 && !ids.empty()) {
      for (const std::string& id : ids) {
        c.instance = id;
        c_.checks.push_back(c);
      }
      return;
    }
    c.instance = instance;
    if (instance.empty() && index >= 0) {
      // As numpy does, a list of values for a single instance compares each of them with it.
      bool exists = static_cast<size_t>(index) < ids.size() || ids.size() == 1;
      c.instance = !exists           ? "#" + std::to_string(index + 1)
                   : ids.size() == 1 ? ids[0]
                                     : ids[static_cast<size_t>(index)];
      if (!exists && c.entity >= 0 && c.failure.empty() && c.skip.empty()) {
        const std::string& group = p_.entities[static_cast<size_t>(c.entity)].name;
        c.failure = "there is no " + group + " " + c.instance + " in the input (it has " +
                    std::to_string(ids.size()) + "; " + name + " is a variable of each " + group +
                    " in our rules)";
      }
    }
    c_.checks.push_back(std::move(c));
  }

  void classify(Check& c, const std::string& period) {
    c.period_text = period.empty() ? c_.period_text : period;
    if (c.var < 0) {
      c.skip = c.skip_group = "variable " + c.variable + " is not defined by our rules";
      return;
    }
    bool eternal = p_.variables[static_cast<size_t>(c.var)].period == PeriodUnit::kEternity;
    if (c.period_text.empty() && eternal) c.period_text = "ETERNITY";
    auto parsed = Period::parse_with_reason(c.period_text);
    c.period = parsed.period;
    if (c.period_text.empty()) {
      c.failure = "no period: the case has no 'period' and the value is not keyed by one";
    } else if (!c.period) {
      c.failure = quote(c.period_text) + " is not a period: " + parsed.reason;
    } else {
      c.period_text = c.period->to_string();
      check_coverage(c);
    }
  }

  // Within the dates of the variable's formulas (inputs have no limit).
  void check_coverage(Check& c) {
    const VariableDef& v = p_.variables[static_cast<size_t>(c.var)];
    if (v.formulas.empty() || v.period == PeriodUnit::kEternity) return;
    Period p = *c.period;
    if (v.period == PeriodUnit::kYear && p.unit == PeriodUnit::kMonth) p = p.calendar_year();
    Date from = v.formulas.front().from;
    const std::optional<Date>& to = v.formulas.back().to;
    std::string outside;
    if (p.start < from)
      outside = "before our rules' coverage of " + v.name + ", which starts " + from.to_string();
    if (to && p.end() > *to)
      outside = "after our rules' coverage of " + v.name + ", which ends " + to->to_string();
    if (outside.empty()) return;
    c.skip = "period " + c.period_text + " is " + outside;
    c.skip_group = "periods " + outside;
  }

  const Program& p_;
  Case& c_;
};

// ---- Comparison ---------------------------------------------------------------------------------

struct Outcome {
  bool ok = false;
  std::string expected, actual, margin;
  std::optional<Decimal> expected_number, actual_number;
};

std::string value_text(const Program& p, const VariableDef& v, const Value& value) {
  const std::vector<std::string> none;
  const auto& items = v.enum_id < 0 ? none : p.enums[static_cast<size_t>(v.enum_id)].items;
  auto item = static_cast<size_t>(value.small);
  if (value.kind == ValueKind::kNumber) return value.number.to_string();
  if (value.kind == ValueKind::kBoolean) return value.as_bool() ? "true" : "false";
  if (value.kind == ValueKind::kDate) return value.as_date().to_string();
  if (value.kind == ValueKind::kText) return "\"" + value.text + "\"";
  if (value.kind == ValueKind::kEnum && item < items.size()) return items[item];
  if (value.kind == ValueKind::kEnum) return "item #" + std::to_string(value.small);
  return "error: " + value.text;
}

// Numbers: OpenFisca's assert_near (every margin given must hold; none given means equal), with
// at least 1e-6 of tolerance.
void compare_number(const Case& c, const Check& check, Decimal actual, Outcome& o) {
  const YAML::Node& n = check.expected;
  std::optional<bool> b = is_quoted(n) ? std::nullopt : bool_text(n.Scalar());
  std::optional<Decimal> expected =
      b ? Decimal::from_int(*b ? 1 : 0) : Arithmetic(n.Scalar()).run();
  if (!expected) {
    o.expected = quote(n.Scalar()) + " (not a number)";
    return;
  }
  if (expected->to_string() != n.Scalar())
    o.expected = expected->to_string() + " (" + n.Scalar() + ")";
  o.expected_number = *expected;
  o.actual_number = actual;
  auto diff = checked_sub(actual, *expected);
  const Decimal tiny = Decimal::from_raw(1000);
  std::optional<Decimal> absolute = c.absolute.get(check.variable),
                         relative = c.relative.get(check.variable);
  if (!absolute && !relative) absolute = Decimal();
  o.ok = diff.has_value();
  if (absolute) {
    o.ok = o.ok && diff->abs() <= std::max(*absolute, tiny);
    o.margin = "margin " + absolute->to_string();
  }
  if (relative) {
    auto bound = checked_mul(*relative, *expected);
    o.ok = o.ok && bound && diff->abs() <= std::max(bound->abs(), tiny);
    o.margin +=
        (o.margin.empty() ? "" : ", ") + std::string("relative margin ") + relative->to_string();
  }
}

Outcome compare(const Program& p, const Case& c, const Check& check, const Value& actual) {
  Outcome o;
  o.actual = value_text(p, p.variables[static_cast<size_t>(check.var)], actual);
  const YAML::Node& n = check.expected;
  const std::string text = n.IsScalar() ? n.Scalar() : "";
  o.expected = !n.IsScalar()                         ? "(not a single value)"
               : !is_quoted(n) && is_null_text(text) ? "(nothing)"
                                                     : text;
  if (actual.is_error() || o.expected != text) return o;
  std::optional<bool> b = is_quoted(n) ? std::nullopt : bool_text(text);
  if (actual.kind == ValueKind::kNumber) compare_number(c, check, actual.number, o);
  if (actual.kind == ValueKind::kBoolean && b) o.ok = *b == actual.as_bool();
  if (actual.kind == ValueKind::kBoolean && !b)
    compare_number(c, check, Decimal::from_int(actual.small), o);
  if (actual.kind == ValueKind::kDate) o.ok = Date::parse(text) == actual.as_date();
  if (actual.kind == ValueKind::kText) o.ok = text == actual.text;
  if (actual.kind == ValueKind::kEnum) o.ok = text == o.actual;
  return o;
}

// ---- The runner ---------------------------------------------------------------------------------

struct Counts {
  int passed = 0, failed = 0, skipped = 0;
};

class Runner {
 public:
  Runner(const Program& program, const YamlTestOptions& options, std::ostream& out)
      : p_(program), options_(options), out_(out), known_(options.known) {}

  void run_path(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return run_file(path);
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      std::string ext = it->path().extension().string();
      if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml"))
        files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) run_file(f);
  }

  YamlTestSummary finish() {
    print_skip_reasons();
    print_causes();
    for (const KnownDifference& k : known_) {
      if (k.used > 0) continue;
      // A listed difference that no longer happens: the list must be updated.
      out_ << "FAIL known difference no longer seen: " << k.variable << " in cases '"
           << k.case_prefix << "' (" << k.cause << ")\n";
      ++total_.failed;
    }
    if (options_.verbose) out_ << "\nper file:\n";
    for (const auto& [file, n] : per_file_) {
      if (!options_.verbose) break;
      out_ << "  " << file << ": " << n.passed << " passed, " << n.failed << " failed, "
           << n.skipped << " skipped\n";
    }
    out_ << total_.passed << " passed, " << total_.failed << " failed, " << total_.skipped
         << " skipped\n";
    return {total_.passed, total_.failed, total_.skipped, bad_input_};
  }

 private:
  void file_error(const std::string& file, const YAML::Mark& mark, const std::string& message) {
    out_ << file << ":" << mark.line + 1 << ":" << mark.column + 1 << ": error: " << message
         << "\n";
    bad_input_ = true;
  }

  void run_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf()))
      return file_error(file, YAML::Mark(), "cannot read this file");
    YAML::Node root;
    try {
      root = YAML::Load(text.str());
    } catch (const YAML::Exception& e) {
      return file_error(file, e.mark, e.msg);
    }
    per_file_[file];
    if (root.IsMap()) return run_case_safely(file, root, 1);
    if (!root.IsSequence() && !root.IsNull())
      return file_error(file, root.Mark(), "expected a list of test cases");
    for (size_t i = 0; i < root.size(); ++i)
      run_case_safely(file, root[i], static_cast<int>(i) + 1);
  }

  void run_case_safely(const std::string& file, const YAML::Node& node, int index) {
    try {
      run_case(file, node, index);
    } catch (const YAML::Exception& e) {
      file_error(file, e.mark.is_null() ? node.Mark() : e.mark, e.msg);
    }
  }

  // As OpenFisca's --name_filter: in the file's name, the case's name, or one of its keywords.
  bool selected(const std::string& file, const YAML::Node& node, const std::string& name) const {
    const std::string& filter = options_.name_filter;
    bool in_names = fs::path(file).stem().string().find(filter) != std::string::npos ||
                    name.find(filter) != std::string::npos;
    if (filter.empty() || in_names) return true;
    const YAML::Node keywords = node["keywords"];
    if (!keywords.IsDefined() || !keywords.IsSequence()) return false;
    return std::any_of(keywords.begin(), keywords.end(),
                       [&](const YAML::Node& k) { return k.IsScalar() && k.Scalar() == filter; });
  }

  void run_case(const std::string& file, const YAML::Node& node, int index) {
    if (!node.IsMap()) return file_error(file, node.Mark(), "a test case must be a mapping");
    Case c;
    c.file = file;
    c.line = node.Mark().line + 1;
    c.name = node["name"] && node["name"].IsScalar() ? node["name"].Scalar()
                                                     : "case #" + std::to_string(index);
    if (!selected(file, node, c.name)) return;
    YAML::Node output = node["output"] ? node["output"] : node["output_variables"];
    YAML::Node input = node["input"] ? node["input"] : node["input_variables"];
    if (!output || !output.IsMap())
      return file_error(file, node.Mark(), quote(c.name) + " has no 'output' mapping");
    if (node["period"]) {  // an invalid period fails the checks that use it
      c.period_text = node["period"].Scalar();
      c.period = Period::parse(c.period_text);
      if (c.period) c.period_text = c.period->to_string();
    }
    c.absolute = read_margin(node["absolute_error_margin"]);
    c.relative = read_margin(node["relative_error_margin"]);
    c.input = InputReader(p_).read(input);
    CheckBuilder(p_, c).add_outputs(output);
    std::string whole_case = case_skip_reason(node);
    if (whole_case.empty()) whole_case = c.input.unsupported;
    for (Check& check : c.checks) {
      if (!whole_case.empty()) skip(check, whole_case, whole_case);
    }
    run_checks(c);
  }

  static std::string case_skip_reason(const YAML::Node& node) {
    for (const char* key : {"reforms", "extensions"}) {
      json names = yaml_to_json(node[key]);
      if (names.is_null() || names.empty()) continue;
      std::set<std::string> list;
      for (const json& name : names.is_array() ? names : json::array({names})) {
        list.insert(name.is_string() ? name.get<std::string>()
                                     : name.dump(-1, ' ', false, json::error_handler_t::replace));
      }
      return std::string("the case uses ") + key + " (" + join(list) + "), which we do not support";
    }
    if (node["parameters"] && !node["parameters"].IsNull()) {
      return "the case changes parameters ('parameters'), which we do not support";
    }
    return "";
  }

  static void skip(Check& check, const std::string& reason, const std::string& group) {
    if (!active(check)) return;
    check.skip = reason;
    check.skip_group = group;
  }

  static bool active(const Check& check) { return check.skip.empty() && check.failure.empty(); }

  void run_checks(Case& c) {
    bool any = std::any_of(c.checks.begin(), c.checks.end(), active);
    const std::set<std::string>& unknown = c.input.unknown;
    if (any && !unknown.empty()) {
      std::string reason = (unknown.size() == 1 ? "input variable " + join(unknown) + " is"
                                                : "input variables " + join(unknown) + " are") +
                           " not defined by our rules";
      for (Check& check : c.checks) {
        if (!active(check)) continue;
        skip(check, reason, "an input variable is not defined by our rules (see below)");
        for (const std::string& name : unknown) ++unknown_inputs_[name];
      }
    } else if (any) {
      compute(c);
    }
    for (Check& check : c.checks) finish_check(c, check);
  }

  void compute(Case& c) {
    SituationResult parsed = parse_situation(p_, c.input.situation, c.period);
    if (!parsed.situation) return invalid_situation(c, parsed.errors);
    const Situation& situation = *parsed.situation;
    if (export_) export_request(c);
    Evaluation evaluation(p_, situation, false);
    std::vector<std::unordered_map<std::string, int32_t>> members(p_.entities.size());
    for (int32_t e = 0; e < static_cast<int32_t>(p_.entities.size()); ++e) {
      for (int32_t m = 0; m < situation.member_count(p_, e); ++m) {
        members[static_cast<size_t>(e)][situation.member_id(p_, e, m)] = m;
      }
    }
    for (Check& check : c.checks) {
      if (!active(check)) continue;
      const auto& ids = members[static_cast<size_t>(check.entity)];
      auto found = ids.find(check.instance);
      if (found == ids.end()) {
        check.failure = "there is no " + p_.entities[static_cast<size_t>(check.entity)].name + " " +
                        quote(check.instance) + " in the input";
        continue;
      }
      const VariableDef& def = p_.variables[static_cast<size_t>(check.var)];
      if (def.is_input() && !situation.inputs(check.var, found->second)) {
        // A benefit we do not compute may be an input of ours (e.g. aah, read by the RSA as a
        // resource): comparing OpenFisca's amount with our default would test nothing.
        skip(check, "variable " + def.name + " is an input of our rules, not given in the case",
             "variable " + def.name + " is an input of our rules, not computed by them");
        continue;
      }
      Outcome o =
          compare(p_, c, check, evaluation.compute(check.var, found->second, *check.period));
      check.passed = o.ok;
      check.expected_number = o.expected_number;
      check.actual_number = o.actual_number;
      if (o.ok && options_.verbose)
        out_ << "PASS " << where(c) << ": " << label(check) << " = " << o.actual << "\n";
      if (!o.ok) {
        check.failure = "expected " + o.expected + ", got " + o.actual +
                        (o.margin.empty() ? "" : " (" + o.margin + ")") + year_note(check);
      }
    }
  }

  // OpenFisca refuses a yearly variable asked for a month; we compare the calendar year's value.
  std::string year_note(const Check& check) const {
    const VariableDef& v = p_.variables[static_cast<size_t>(check.var)];
    if (v.period != PeriodUnit::kYear || check.period->unit != PeriodUnit::kMonth) return "";
    return " [" + v.name + " is defined per year: the value of " +
           check.period->calendar_year().to_string() + " was compared]";
  }

  void invalid_situation(Case& c, const std::vector<SituationError>& errors) {
    std::set<std::string> reasons;
    for (const SituationError& e : errors) {
      std::string reason;
      for (const UnsupportedConstruct& u : kUnsupportedConstructs) {
        bool found = e.message.find(u.fragment1) != std::string::npos &&
                     e.message.find(u.fragment2) != std::string::npos;
        if (found) reason = u.reason;
      }
      reasons.insert(reason);
    }
    if (!reasons.empty() && !reasons.count("")) {
      for (Check& check : c.checks) skip(check, join(reasons), join(reasons));
      return;
    }
    for (const SituationError& e : errors) {
      out_ << "FAIL " << where(c) << ": invalid input at " << (e.path.empty() ? "(root)" : e.path)
           << ": " << e.message << "\n";
    }
    for (Check& check : c.checks) {
      if (active(check)) check.failure = "not computed: the input is invalid (see above)";
    }
  }

  static std::string where(const Case& c) {
    return c.file + ":" + std::to_string(c.line) + " " + c.name;
  }

  static std::string label(const Check& check) {
    std::string instance = check.instance.empty() ? "" : "[" + check.instance + "]";
    return check.variable + instance + "@" + (check.period_text.empty() ? "?" : check.period_text);
  }

  void finish_check(const Case& c, Check& check) {
    Counts& file = per_file_[c.file];
    if (!check.failure.empty()) {
      for (KnownDifference& k : known_) {
        bool same_case = k.case_prefix == "*" || c.name.rfind(k.case_prefix, 0) == 0;
        if (k.variable != check.variable || !same_case) continue;
        ++k.used;
        std::string contradiction = cause_contradiction(c, check, k);
        if (!contradiction.empty()) {
          check.failure += " — listed as " + k.cause + ", but " + contradiction;
          break;
        }
        if (options_.verbose) {
          out_ << "KNOWN " << where(c) << ": " << label(check) << " " << check.failure << " — "
               << k.cause << ": " << k.note << "\n";
        }
        ++per_cause_[k.cause];
        check.skip = check.skip_group = "known difference (" + k.variable + "), " + k.cause;
        check.failure.clear();
        break;
      }
    }
    if (!check.failure.empty()) {
      out_ << "FAIL " << where(c) << ": " << label(check) << " " << check.failure << "\n";
      ++file.failed, ++total_.failed;
    } else if (!check.skip.empty()) {
      if (options_.verbose)
        out_ << "SKIP " << where(c) << ": " << label(check) << ": " << check.skip << "\n";
      ++skip_groups_[check.skip_group];
      ++file.skipped, ++total_.skipped;
    } else if (check.passed) {
      ++file.passed, ++total_.passed;
    }
  }

  // Recomputes `check` with the reference's amount of another variable (`given`, a monthly
  // benefit our rules do not compute) given for the case month and the 14 months before — the
  // reference quarters of the RSA and the prime d'activité, the 12 months of the ASS and the CSS —
  // as tools/oracle_with_benefit_amounts.py does.
  bool passes_with_benefit_given(const Case& c, const Check& check, const Check& given,
                                 Decimal amount) const {
    const VariableDef& def = p_.variables[static_cast<size_t>(given.var)];
    if (def.period != PeriodUnit::kMonth || given.period->unit != PeriodUnit::kMonth) return false;
    json situation = c.input.situation;
    const std::string& plural = p_.entities[static_cast<size_t>(def.entity)].plural;
    json& values = situation[plural][given.instance][given.variable];
    if (!values.is_object()) values = json::object();
    for (int back = 0; back < 15; ++back) {
      values[Period::month(given.period->start.year(), given.period->start.month())
                 .start.add_months(-back)
                 .to_string()
                 .substr(0, 7)] = std::stod(amount.to_string());
    }
    SituationResult parsed = parse_situation(p_, situation, c.period);
    if (!parsed.situation) return false;
    Evaluation evaluation(p_, *parsed.situation, false);
    for (int32_t m = 0; m < parsed.situation->member_count(p_, check.entity); ++m) {
      if (parsed.situation->member_id(p_, check.entity, m) != check.instance) continue;
      return compare(p_, c, check, evaluation.compute(check.var, m, *check.period)).ok;
    }
    return false;
  }

  // Empty when the gap agrees with what the entry's cause predicts, else why not.
  std::string cause_contradiction(const Case& c, const Check& check,
                                  const KnownDifference& k) const {
    const Cause* cause = find_cause(options_.causes, k.cause);
    if (!cause) return "";
    if (cause->check == GapCheck::kBenefitInCase) {
      // The benefit our rules do not compute is paid by the reference in this case, and with its
      // amount given the check passes.
      std::string benefit = k.cause.substr(cause->id.size());
      for (const Check& other : c.checks) {
        if (other.variable != benefit || !other.expected.IsScalar() || !other.period) continue;
        std::optional<Decimal> amount = Arithmetic(other.expected.Scalar()).run();
        if (!amount || amount->is_zero()) continue;
        return passes_with_benefit_given(c, check, other, *amount)
                   ? ""
                   : "it still differs with OpenFisca's " + benefit + " (" + amount->to_string() +
                         ") given for the case month and the 14 before";
      }
      return "the case's expected outputs give no non-zero " + benefit;
    }
    if (!check.expected_number || !check.actual_number) return "";
    return check_gap(cause->check, *check.expected_number, *check.actual_number);
  }

  static std::vector<std::pair<std::string, int>> by_count(
      const std::map<std::string, int>& counts) {
    std::vector<std::pair<std::string, int>> rows(counts.begin(), counts.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return rows;
  }

  void print_skip_reasons() {
    if (!skip_groups_.empty()) out_ << "\nskipped checks by reason:\n";
    for (const auto& [reason, n] : by_count(skip_groups_)) {
      out_ << "  " << n << (n == 1 ? " check: " : " checks: ") << reason << "\n";
    }
    if (!unknown_inputs_.empty()) {
      out_ << "\ninput variables not defined by our rules (checks skipped because of each):\n";
    }
    for (const auto& [name, n] : by_count(unknown_inputs_))
      out_ << "  " << n << " " << name << "\n";
  }

  void print_causes() {
    if (per_cause_.empty()) return;
    std::map<std::string, int> entries;
    for (const KnownDifference& k : known_) entries[k.cause] += k.used > 0 ? 1 : 0;
    out_ << "\nknown differences by cause (entries, checks; docs/oracle-differences.md):\n";
    for (const auto& [cause, n] : by_count(per_cause_)) {
      const Cause* c = find_cause(options_.causes, cause);
      out_ << "  " << entries[cause] << ", " << n << " " << cause << (c ? " — " + c->articles : "")
           << "\n";
    }
  }

  // One request a line, for the native ↔ WebAssembly parity test: the case's situation, period
  // and the variables it checks.
  void export_request(const Case& c) {
    std::set<std::string> names;
    for (const Check& check : c.checks) {
      if (active(check)) names.insert(check.variable);
    }
    if (names.empty() || !c.period) return;
    json request = {{"situation", c.input.situation},
                    {"period", c.period->to_string()},
                    {"variables", std::vector<std::string>(names.begin(), names.end())}};
    *export_ << request.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }

 public:
  void set_export(std::ostream* out) { export_ = out; }

 private:
  const Program& p_;
  const YamlTestOptions& options_;
  std::ostream& out_;
  std::ostream* export_ = nullptr;
  Counts total_;
  std::map<std::string, Counts> per_file_;
  std::map<std::string, int> skip_groups_;
  std::map<std::string, int> unknown_inputs_;
  std::map<std::string, int> per_cause_;
  bool bad_input_ = false;
  std::vector<KnownDifference> known_;
};

}  // namespace

YamlTestSummary run_yaml_tests(const Program& program, const std::vector<std::string>& paths,
                               const YamlTestOptions& options, std::ostream& out) {
  Runner runner(program, options, out);
  std::ofstream exported;
  if (!options.export_requests.empty()) {
    exported.open(options.export_requests, std::ios::binary);
    if (!exported) {
      out << "cannot write '" << options.export_requests << "'\n";
      return {0, 0, 0, true};
    }
    runner.set_export(&exported);
  }
  for (const std::string& path : paths) runner.run_path(path);
  return runner.finish();
}

}  // namespace mesaides
