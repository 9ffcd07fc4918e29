// Situations in OpenFisca's JSON shape (see situation.h).
#include "situation.h"

#include <algorithm>
#include <cassert>

namespace mesaides {

using nlohmann::json;

namespace {

uint64_t input_key(int32_t variable, int32_t member) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(variable)) << 32) |
         static_cast<uint32_t>(member);
}

std::string describe_json_type(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    case json::value_t::binary:
      return "binary data";
    case json::value_t::discarded:
      return "nothing";
    default:
      return "a number";
  }
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace

int32_t Situation::member_count(const Program& program, int32_t entity) const {
  if (entity == program.person_entity) return static_cast<int32_t>(person_ids.size());
  return static_cast<int32_t>(groups[static_cast<size_t>(entity)].size());
}

const std::string& Situation::member_id(const Program& program, int32_t entity,
                                        int32_t member) const {
  if (entity == program.person_entity) return person_ids[static_cast<size_t>(member)];
  return groups[static_cast<size_t>(entity)][static_cast<size_t>(member)].id;
}

size_t Situation::slot_of(uint64_t key) const {
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> slot_shift_);
}

const std::vector<InputValue>* Situation::inputs(int32_t variable, int32_t member) const {
  const auto word = static_cast<size_t>(variable) / 64;
  if (word >= given_.size() ||
      ((given_[word] >> (static_cast<unsigned>(variable) % 64)) & 1) == 0) {
    return nullptr;
  }
  const uint64_t key = input_key(variable, member);
  const size_t mask = slots_.size() - 1;
  for (size_t i = slot_of(key);; i = (i + 1) & mask) {
    const InputSlot& slot = slots_[i];
    if (slot.list == 0) return nullptr;
    if (slot.key == key) return &lists_[slot.list - 1];
  }
}

void Situation::grow_slots() {
  std::vector<InputSlot> old(slots_.empty() ? 64 : slots_.size() * 2);
  old.swap(slots_);
  slot_shift_ = 64;
  for (size_t n = slots_.size(); n > 1; n /= 2) --slot_shift_;
  const size_t mask = slots_.size() - 1;
  for (const InputSlot& slot : old) {
    if (slot.list == 0) continue;
    size_t i = slot_of(slot.key);
    while (slots_[i].list != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void Situation::add_input(int32_t variable, int32_t member, InputValue value) {
  const auto word = static_cast<size_t>(variable) / 64;
  if (word >= given_.size()) given_.resize(std::max(word + 1, 2 * given_.size() + 32));
  given_[word] |= uint64_t{1} << (static_cast<unsigned>(variable) % 64);
  if ((lists_.size() + 1) * 2 > slots_.size()) grow_slots();
  const uint64_t key = input_key(variable, member);
  const size_t mask = slots_.size() - 1;
  size_t i = slot_of(key);
  while (slots_[i].list != 0 && slots_[i].key != key) i = (i + 1) & mask;
  if (slots_[i].list == 0) {
    lists_.emplace_back();
    slots_[i] = {key, static_cast<uint32_t>(lists_.size())};
  }
  std::vector<InputValue>& list = lists_[slots_[i].list - 1];
  for (InputValue& existing : list) {
    if (existing.period == value.period) {
      existing = std::move(value);
      return;
    }
  }
  list.push_back(std::move(value));
}

std::optional<Value> value_from_json(const Program& program, const VariableDef& variable,
                                     const json& j, std::string* error) {
  auto fail = [&](const std::string& message) -> std::optional<Value> {
    *error = message;
    return std::nullopt;
  };
  switch (variable.type) {
    case Type::kMoney:
    case Type::kNumber:
    case Type::kInteger: {
      std::optional<Decimal> d;
      if (j.is_number_integer()) {
        // Every int64_t is a Decimal (|v| × 10^9 < 10^28); a larger unsigned one goes by its text.
        if (!j.is_number_unsigned() || j.get<uint64_t>() <= uint64_t{INT64_MAX}) {
          d = Decimal::from_int(j.get<int64_t>());
        } else {
          d = Decimal::parse(std::to_string(j.get<uint64_t>()));
        }
      } else if (j.is_number_float()) {
        d = Decimal::from_double(j.get<double>());
      } else {
        return fail("expected a number for " + quote(variable.name) + " (" +
                    type_name(variable.type) + "), found " + describe_json_type(j));
      }
      if (!d) {
        return fail("the number " + j.dump() + " for " + quote(variable.name) +
                    " is out of range (amounts are limited to about ±1.7 × 10^29)");
      }
      if (variable.type == Type::kInteger && !d->to_int64_exact()) {
        return fail("expected a whole number for " + quote(variable.name) + ", found " +
                    d->to_string());
      }
      return Value::of_number(*d);
    }
    case Type::kBoolean:
      if (j.is_boolean()) return Value::of_bool(j.get<bool>());
      if (j.is_number_integer() && (j.get<int64_t>() == 0 || j.get<int64_t>() == 1)) {
        return Value::of_bool(j.get<int64_t>() == 1);
      }
      return fail("expected true or false for " + quote(variable.name) + ", found " +
                  describe_json_type(j));
    case Type::kDate: {
      if (!j.is_string()) {
        return fail("expected a date \"YYYY-MM-DD\" for " + quote(variable.name) + ", found " +
                    describe_json_type(j));
      }
      const std::string& text = j.get_ref<const std::string&>();
      auto d = Date::parse(text);
      if (!d) {
        bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
        return fail("'" + text + "' is not a date: " +
                    (shaped ? std::string("that day does not exist") : "expected YYYY-MM-DD"));
      }
      return Value::of_date(*d);
    }
    case Type::kText:
      if (j.is_string()) return Value::of_text(j.get<std::string>());
      // A number is refused, not turned into text: `"depcom": 6088` would silently lose the
      // leading zero of 06088 (Nice) and place the household in another commune.
      return fail("expected a text (a JSON string) for " + quote(variable.name) + ", found " +
                  describe_json_type(j) +
                  (j.is_number() ? "; write it between quotes, with its leading zeros" : ""));
    case Type::kEnum: {
      const EnumDef& e = program.enums[static_cast<size_t>(variable.enum_id)];
      if (!j.is_string()) {
        return fail("expected one of the items of " + quote(e.name) + " for " +
                    quote(variable.name) + ", found " + describe_json_type(j));
      }
      const std::string& item = j.get_ref<const std::string&>();
      auto it = e.index.find(item);
      if (it == e.index.end()) {
        std::vector<std::string_view> items(e.items.begin(), e.items.end());
        std::string best = closest_name(item, items);
        std::string list;
        for (const auto& i : e.items) list += (list.empty() ? "" : ", ") + i;
        return fail(
            quote(item) + " is not an item of " + quote(e.name) +
            (best.empty() ? " (items: " + list + ")" : " (did you mean " + quote(best) + "?)"));
      }
      return Value::of_enum(it->second);
    }
  }
  return fail("unsupported type");
}

namespace {

// Members of a group instance there is room for at once (more grow as usual).
constexpr size_t kUsualMembers = 8;

class SituationParser {
 public:
  SituationParser(const Program& program, std::optional<Period> default_period)
      : p_(program), default_period_(default_period) {}

  SituationResult run(const json& root) {
    SituationResult result;
    s_ = std::make_unique<Situation>();
    size_t entity_count = p_.entities.size();
    s_->groups.resize(entity_count);
    s_->person_group.resize(entity_count);
    s_->person_role.resize(entity_count);
    if (!root.is_object()) {
      error("", "a situation must be a JSON object with 'individus' and the groups, found " +
                    describe_json_type(root));
      result.errors = std::move(errors_);
      return result;
    }
    const EntityDef& person = p_.entities[static_cast<size_t>(p_.person_entity)];
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (!p_.find_entity_by_plural(it.key())) {
        std::vector<std::string_view> plurals;
        for (const EntityDef& e : p_.entities) plurals.push_back(e.plural);
        std::string best = closest_name(it.key(), plurals);
        std::string list;
        for (const EntityDef& e : p_.entities) list += (list.empty() ? "" : ", ") + e.plural;
        error(it.key(), "unknown key " + quote(it.key()) +
                            (best.empty() ? " (a situation has: " + list + ")"
                                          : " (did you mean " + quote(best) + "?)"));
      }
    }
    auto persons = root.find(person.plural);
    if (persons == root.end() || !persons->is_object() || persons->empty()) {
      std::string found = persons == root.end()  ? "it is missing"
                          : persons->is_object() ? "it is empty"
                                                 : "found " + describe_json_type(*persons);
      error(person.plural, "a situation needs " + quote(person.plural) +
                               ": an object with at least one person, e.g. {\"demandeur\": {}}; " +
                               found);
      result.errors = std::move(errors_);
      return result;
    }
    s_->person_ids.reserve(persons->size());
    for (auto it = persons->begin(); it != persons->end(); ++it) s_->person_ids.push_back(it.key());
    // In the object's order, which nlohmann keeps sorted: person_index searches them.
    assert(std::is_sorted(s_->person_ids.begin(), s_->person_ids.end()));
    for (size_t e = 0; e < entity_count; ++e) {
      if (static_cast<int32_t>(e) == p_.person_entity) continue;
      s_->person_group[e].assign(s_->person_ids.size(), -1);
      s_->person_role[e].assign(s_->person_ids.size(), -1);
      const EntityDef& group = p_.entities[e];
      auto instances = root.find(group.plural);
      if (instances != root.end()) parse_group(static_cast<int32_t>(e), *instances);
      // Persons in no instance get one of their own, in the first role (as OpenFisca does).
      for (size_t person_i = 0; person_i < s_->person_ids.size(); ++person_i) {
        if (s_->person_group[e][person_i] >= 0) continue;
        s_->person_group[e][person_i] = static_cast<int32_t>(s_->groups[e].size());
        s_->person_role[e][person_i] = 0;
        s_->groups[e].push_back({s_->person_ids[person_i], {static_cast<int32_t>(person_i)}, {0}});
      }
    }
    int32_t person_i = 0;
    for (auto it = persons->begin(); it != persons->end(); ++it, ++person_i) {
      if (!it->is_object()) {
        error(person.plural + "." + it.key(),
              "a person is an object of variables, found " + describe_json_type(*it));
        continue;
      }
      for (auto var = it->begin(); var != it->end(); ++var) {
        parse_variable({p_.person_entity, person_i, &it.key(), &var.key(), &var.value()});
      }
    }
    // Group variables are parsed after the memberships are known.
    for (const GivenVariable& pending : pending_group_variables_) parse_variable(pending);
    if (!errors_.empty()) {
      result.errors = std::move(errors_);
      return result;
    }
    result.situation = std::move(s_);
    return result;
  }

 private:
  // A variable given for a person or a group instance, as written (`owner` and `key` are keys of
  // the situation's JSON, which outlives the parser). Its error path, "individus.p1.salaire_net",
  // is written only for an error.
  struct GivenVariable {
    int32_t entity;
    int32_t member;
    const std::string* owner;
    const std::string* key;
    const json* value;
  };
  std::string path_of(const GivenVariable& given) const {
    return p_.entities[static_cast<size_t>(given.entity)].plural + "." + *given.owner + "." +
           *given.key;
  }

  void error(std::string path, std::string message) {
    if (errors_.size() < 100) errors_.push_back({std::move(path), std::move(message)});
  }

  void parse_group(int32_t entity, const json& instances) {
    const EntityDef& group = p_.entities[static_cast<size_t>(entity)];
    if (!instances.is_object()) {
      error(group.plural, quote(group.plural) + " must be an object of " + group.name +
                              " instances, found " + describe_json_type(instances));
      return;
    }
    for (auto it = instances.begin(); it != instances.end(); ++it) {
      if (!it->is_object()) {
        error(group.plural + "." + it.key(),
              "a " + group.name + " is an object with its roles, found " + describe_json_type(*it));
        continue;
      }
      int32_t instance = static_cast<int32_t>(s_->groups[static_cast<size_t>(entity)].size());
      GroupInstance& added = s_->groups[static_cast<size_t>(entity)].emplace_back();
      added.id = it.key();
      // Its members and their roles grow by one per person: room for a household's, at once.
      added.members.reserve(kUsualMembers);
      added.roles.reserve(kUsualMembers);
      for (auto field = it->begin(); field != it->end(); ++field) {
        int32_t role = -1;
        for (size_t r = 0; r < group.roles.size(); ++r) {
          if (group.roles[r].plural == field.key() || group.roles[r].name == field.key()) {
            role = static_cast<int32_t>(r);
          }
        }
        if (role < 0) {
          pending_group_variables_.push_back(
              {entity, instance, &it.key(), &field.key(), &field.value()});
          continue;
        }
        parse_role({entity, instance, &it.key(), &field.key(), &field.value()}, role);
      }
    }
  }

  void parse_role(const GivenVariable& given, int32_t role) {
    const int32_t entity = given.entity, instance = given.member;
    const json& list = *given.value;
    const auto path = [&] { return path_of(given); };
    const EntityDef& group = p_.entities[static_cast<size_t>(entity)];
    const RoleDef& r = group.roles[static_cast<size_t>(role)];
    // The ids: the list's items, or the one string.
    size_t count = 0;
    if (list.is_string()) {
      count = 1;
    } else if (list.is_array()) {
      count = list.size();
    } else if (!list.is_null()) {
      error(path(), "a role lists person ids: [\"p1\", \"p2\"], found " + describe_json_type(list));
      return;
    }
    const auto name = [&](size_t i) -> const json& { return list.is_string() ? list : list[i]; };
    if (r.max > 0 && static_cast<int32_t>(count) > r.max) {
      error(path(), "role " + quote(r.plural) + " of a " + group.name + " has at most " +
                        std::to_string(r.max) + " person(s); " + std::to_string(count) +
                        " are given");
    }
    GroupInstance& g = s_->groups[static_cast<size_t>(entity)][static_cast<size_t>(instance)];
    for (size_t i = 0; i < count; ++i) {
      const auto item_path = [&] { return path() + "." + std::to_string(i); };
      const json& item = name(i);
      if (!item.is_string()) {
        error(item_path(), "expected a person id (a string), found " + describe_json_type(item));
        continue;
      }
      const std::string& id = item.get_ref<const std::string&>();
      const auto found = std::lower_bound(s_->person_ids.begin(), s_->person_ids.end(), id);
      if (found == s_->person_ids.end() || *found != id) {
        std::vector<std::string_view> ids(s_->person_ids.begin(), s_->person_ids.end());
        std::string best = closest_name(id, ids);
        error(item_path(), "unknown person " + quote(id) + ": every member must be declared in " +
                               quote(p_.entities[static_cast<size_t>(p_.person_entity)].plural) +
                               (best.empty() ? "" : " (did you mean " + quote(best) + "?)"));
        continue;
      }
      const auto person = static_cast<int32_t>(found - s_->person_ids.begin());
      int32_t& current = s_->person_group[static_cast<size_t>(entity)][static_cast<size_t>(person)];
      if (current >= 0) {
        const GroupInstance& other =
            s_->groups[static_cast<size_t>(entity)][static_cast<size_t>(current)];
        error(item_path(), "person " + quote(id) + " is already in " + group.name + " " +
                               quote(other.id) + "; a person belongs to one " + group.name +
                               " only");
        continue;
      }
      current = instance;
      s_->person_role[static_cast<size_t>(entity)][static_cast<size_t>(person)] = role;
      g.members.push_back(person);
      g.roles.push_back(role);
    }
  }

  void parse_variable(const GivenVariable& given) {
    const int32_t entity = given.entity, member = given.member;
    const std::string& name = *given.key;
    const json& value = *given.value;
    const auto path = [&] { return path_of(given); };
    const EntityDef& here = p_.entities[static_cast<size_t>(entity)];
    auto var = p_.find_variable(name);
    if (!var) {
      // The suggestions: the group's roles (a misspelt role is read as a variable), then the
      // entity's variables.
      std::vector<std::string_view> names;
      if (entity != p_.person_entity) {
        for (const RoleDef& r : here.roles) names.push_back(r.plural);
      }
      for (const VariableDef& v : p_.variables) {
        if (v.entity == entity) names.push_back(v.name);
      }
      std::string best = closest_name(name, names);
      error(path(), "unknown variable " + quote(name) +
                        (best.empty() ? "" : " (did you mean " + quote(best) + "?)"));
      return;
    }
    const VariableDef& v = p_.variables[static_cast<size_t>(*var)];
    if (v.entity != entity) {
      const EntityDef& owner = p_.entities[static_cast<size_t>(v.entity)];
      error(path(), quote(name) + " is a variable of each " + owner.name + ", not of the entity " +
                        quote(here.name) + ": give it under " + quote(owner.plural));
      return;
    }
    if (value.is_object()) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        add_value(*var, member, given, it.key(), it.value(), false);
      }
      return;
    }
    if (v.period == PeriodUnit::kEternity) {
      add_value(*var, member, given, "ETERNITY", value, true);
    } else if (default_period_) {
      add_value(*var, member, given, default_period_->to_string(), value, true);
    } else {
      error(path(), std::string("give the period of the value, e.g. {\"") +
                        (v.period == PeriodUnit::kYear ? "2026" : "2026-01") + "\": " +
                        // no deep dump; a text that is not UTF-8 (from YAML) must not throw
                        (value.is_primitive()
                             ? value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                             : std::string("…")) +
                        "}");
    }
  }

  // The value given for `period_text` under the variable's `variable_path`: the path of an error is
  // the variable's, and the period's when it was written (not implicit).
  void add_value(int32_t var, int32_t member, const GivenVariable& given,
                 const std::string& period_text, const json& value, bool implicit_period) {
    const VariableDef& v = p_.variables[static_cast<size_t>(var)];
    // Written only for an error: most situations have none.
    const auto path = [&] {
      return implicit_period ? path_of(given) : path_of(given) + "." + period_text;
    };
    PeriodParseResult parsed = Period::parse_with_reason(period_text);
    if (!parsed.period) {
      error(path(), quote(period_text) + " is not a period: " + parsed.reason +
                        " (expected 2026-01, 2026, ETERNITY, month:2026-01:3 or year:2026-05)");
      return;
    }
    Period p = *parsed.period;
    switch (v.period) {
      case PeriodUnit::kEternity:
        p = Period::eternity();
        break;
      case PeriodUnit::kYear:
        if (p.unit == PeriodUnit::kMonth && implicit_period) {
          p = p.calendar_year();
        } else if (p.unit != PeriodUnit::kYear) {
          error(path(), quote(v.name) + " is defined per year: give it for a year such as \"" +
                            std::to_string(p.start.year()) + "\"");
          return;
        }
        break;
      case PeriodUnit::kMonth:
        if (p.unit == PeriodUnit::kEternity) {
          error(path(), quote(v.name) +
                            " is defined per month: give it for a month (\"2026-01\") or a year");
          return;
        }
        break;
    }
    if (value.is_null()) {
      s_->requests.push_back({var, member, p});
      return;
    }
    std::string message;
    auto converted = value_from_json(p_, v, value, &message);
    if (!converted) {
      error(path(), message);
      return;
    }
    s_->add_input(var, member, {p, std::move(*converted)});
  }

  const Program& p_;
  std::optional<Period> default_period_;
  std::unique_ptr<Situation> s_;
  std::vector<GivenVariable> pending_group_variables_;
  std::vector<SituationError> errors_;
};

}  // namespace

SituationResult parse_situation(const Program& program, const json& json_root,
                                std::optional<Period> default_period) {
  return SituationParser(program, default_period).run(json_root);
}

}  // namespace mesaides
