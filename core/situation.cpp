// Situations in OpenFisca's JSON shape (see situation.h).
#include "situation.h"

#include <algorithm>
#include <cassert>
#include <cctype>

#include "json_text.h"

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

const std::vector<InputValue>* Situation::given_inputs(int32_t variable, int32_t member) const {
  const uint32_t list = list_of_.find(input_key(variable, member));
  return list == KeyIndex::kEmpty ? nullptr : &lists_[list];
}

void Situation::add_input(int32_t variable, int32_t member, InputValue value) {
  const auto word = static_cast<size_t>(variable) / 64;
  if (word >= given_.size()) given_.resize(std::max(word + 1, 2 * given_.size() + 32));
  given_[word] |= uint64_t{1} << (static_cast<unsigned>(variable) % 64);
  const auto [index, added] = list_of_.find_or_add(input_key(variable, member), lists_used_);
  if (added && lists_used_++ == lists_.size()) lists_.emplace_back();
  std::vector<InputValue>& list = lists_[index];
  for (InputValue& existing : list) {
    if (existing.period == value.period) {
      existing = std::move(value);
      return;
    }
  }
  list.push_back(std::move(value));
}

// Group instances kept by clear() for the next situation: a household's, and more.
constexpr size_t kSpareGroups = 64;

void Situation::clear() {
  person_ids.clear();
  for (auto& instances : groups) {
    for (GroupInstance& g : instances) {
      if (spare_groups_.size() >= kSpareGroups) break;
      g.id.clear();
      g.members.clear();
      g.roles.clear();
      spare_groups_.push_back(std::move(g));
    }
    instances.clear();
  }
  for (auto& of_entity : person_group) of_entity.clear();
  for (auto& of_entity : person_role) of_entity.clear();
  requests.clear();
  list_of_.clear();
  for (uint32_t i = 0; i < lists_used_; ++i) lists_[i].clear();
  lists_used_ = 0;
  std::fill(given_.begin(), given_.end(), uint64_t{0});
}

GroupInstance Situation::spare_group() {
  if (spare_groups_.empty()) return {};
  GroupInstance g = std::move(spare_groups_.back());
  spare_groups_.pop_back();
  return g;
}

namespace {

// What the parser reads of a JSON value: a document read in place from a request's text, or made
// from a tree (json_text::Doc::assign). Errors are only written from the second: a situation read
// in place with an error is read again from a tree (api.cpp), which gives the messages (of the
// nodes' source values).
struct DocJson {
  using Ref = json_text::DocRef;
  using Kind = json_text::Doc::Kind;
  static bool is_object(Ref j) { return j.kind() == Kind::kObject; }
  static bool is_array(Ref j) { return j.kind() == Kind::kArray; }
  static bool is_string(Ref j) { return j.kind() == Kind::kString; }
  static bool is_null(Ref j) { return j.kind() == Kind::kNull; }
  static bool is_boolean(Ref j) { return j.kind() == Kind::kTrue || j.kind() == Kind::kFalse; }
  static bool is_number(Ref j) { return is_integer(j) || j.kind() == Kind::kDouble; }
  static bool is_integer(Ref j) {
    return j.kind() == Kind::kUnsigned || j.kind() == Kind::kNegative;
  }
  static bool is_unsigned(Ref j) { return j.kind() == Kind::kUnsigned; }
  static bool is_float(Ref j) { return j.kind() == Kind::kDouble; }
  static bool is_primitive(Ref j) { return !is_object(j) && !is_array(j); }
  static size_t size(Ref j) {
    return is_object(j) || is_array(j) ? j.size() : (is_null(j) ? 0 : 1);
  }
  static Ref item(Ref j, size_t i) { return j.child(static_cast<uint32_t>(i)); }
  static std::string_view text(Ref j) { return j.node().text; }
  static std::string owned_text(Ref j) { return std::string(j.node().text); }
  static int64_t integer(Ref j) {
    const uint64_t m = j.node().magnitude;
    return j.kind() == Kind::kNegative ? -static_cast<int64_t>(m) : static_cast<int64_t>(m);
  }
  static uint64_t unsigned_integer(Ref j) { return j.node().magnitude; }
  static double real(Ref j) { return j.node().real; }
  static bool boolean(Ref j) { return j.kind() == Kind::kTrue; }
  static Ref member(Ref j, const std::string& name) { return j.member(name); }
  template <typename F>
  static void each_member(Ref j, F&& f) {
    for (uint32_t i = 0; i < j.size(); ++i) {
      const Ref child = j.child(i);
      f(child.node().key, child);
    }
  }
  static std::string describe(Ref j) {
    switch (j.kind()) {
      case Kind::kNull:
        return "null";
      case Kind::kFalse:
      case Kind::kTrue:
        return "a boolean";
      case Kind::kString:
        return "a string";
      case Kind::kArray:
        return "a list";
      case Kind::kObject:
        return "an object";
      case Kind::kOther:
        return j.node().source ? describe_json_type(*j.node().source) : "nothing";
      default:
        return "a number";
    }
  }
  // no deep dump; a text that is not UTF-8 (from YAML) must not throw
  static std::string dump(Ref j) {
    return j.node().source ? json_text::dump(*j.node().source, /*ascii=*/false) : "…";
  }
};

// Most of this function builds error messages; reading a request's values is a small part of its
// time. In wasm situation.cpp is compiled for speed (CMakeLists.txt): this one function for size
// (9 KB less code, as fast).
#if defined(__clang__)
#define MESAIDES_FOR_SIZE __attribute__((minsize, noinline))
#else
#define MESAIDES_FOR_SIZE
#endif

MESAIDES_FOR_SIZE std::optional<Value> value_from(const Program& program,
                                                  const VariableDef& variable, json_text::DocRef j,
                                                  std::string* error) {
  using T = DocJson;
  auto fail = [&](const std::string& message) -> std::optional<Value> {
    *error = message;
    return std::nullopt;
  };
  switch (variable.type) {
    case Type::kMoney:
    case Type::kNumber:
    case Type::kInteger: {
      std::optional<Decimal> d;
      if (T::is_integer(j)) {
        // Every int64_t is a Decimal (|v| × 10^9 < 10^28); a larger unsigned one goes by its text.
        if (!T::is_unsigned(j) || T::unsigned_integer(j) <= uint64_t{INT64_MAX}) {
          d = Decimal::from_int(T::integer(j));
        } else {
          d = Decimal::parse(std::to_string(T::unsigned_integer(j)));
        }
      } else if (T::is_float(j)) {
        d = Decimal::from_double(T::real(j));
      } else {
        return fail("expected a number for " + quote(variable.name) + " (" +
                    type_name(variable.type) + "), found " + T::describe(j));
      }
      if (!d) {
        return fail("the number " + T::dump(j) + " for " + quote(variable.name) +
                    " is out of range (amounts are limited to about ±1.7 × 10^29)");
      }
      if (variable.type == Type::kInteger && !d->to_int64_exact()) {
        return fail("expected a whole number for " + quote(variable.name) + ", found " +
                    d->to_string());
      }
      if (variable.type == Type::kMoney && !variable.negative_allowed && d->sign() < 0) {
        return fail("the amount " + d->to_string() + " for " + quote(variable.name) +
                    " is negative: amounts of money are given as positive numbers");
      }
      return Value::of_number(*d);
    }
    case Type::kBoolean:
      if (T::is_boolean(j)) return Value::of_bool(T::boolean(j));
      if (T::is_integer(j) && (T::integer(j) == 0 || T::integer(j) == 1)) {
        return Value::of_bool(T::integer(j) == 1);
      }
      return fail("expected true or false for " + quote(variable.name) + ", found " +
                  T::describe(j));
    case Type::kDate: {
      if (!T::is_string(j)) {
        return fail("expected a date \"YYYY-MM-DD\" for " + quote(variable.name) + ", found " +
                    T::describe(j));
      }
      const std::string_view text = T::text(j);
      auto d = Date::parse(text);
      if (!d) {
        bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
        return fail("'" + std::string(text) + "' is not a date: " +
                    (shaped ? std::string("that day does not exist") : "expected YYYY-MM-DD"));
      }
      return Value::of_date(*d);
    }
    case Type::kText:
      if (T::is_string(j)) return Value::of_text(std::string(T::text(j)));
      // A number is refused, not turned into text: `"depcom": 6088` would silently lose the
      // leading zero of 06088 (Nice) and place the household in another commune.
      return fail("expected a text (a JSON string) for " + quote(variable.name) + ", found " +
                  T::describe(j) +
                  (T::is_number(j) ? "; write it between quotes, with its leading zeros" : ""));
    case Type::kEnum: {
      const EnumDef& e = program.enums[static_cast<size_t>(variable.enum_id)];
      if (!T::is_string(j)) {
        return fail("expected one of the items of " + quote(e.name) + " for " +
                    quote(variable.name) + ", found " + T::describe(j));
      }
      const auto& item = T::owned_text(j);
      auto it = e.index.find(item);
      if (it == e.index.end()) {
        // The item written in other letter case first ("ma" for "MA": every two-letter code is as
        // near by edit distance), then the nearest name; else the items, the first dozen of a long
        // list (the nationalities are 250).
        std::string best;
        for (const auto& i : e.items) {
          if (i.size() == item.size() &&
              std::equal(i.begin(), i.end(), item.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
              })) {
            best = i;
            break;
          }
        }
        if (best.empty()) {
          std::vector<std::string_view> items(e.items.begin(), e.items.end());
          best = closest_name(item, items);
        }
        constexpr size_t kListed = 12;
        std::string list;
        for (size_t i = 0; i < e.items.size() && i < kListed; ++i) {
          list += (list.empty() ? "" : ", ") + e.items[i];
        }
        if (e.items.size() > kListed)
          list += ", … " + std::to_string(e.items.size()) + " items in all";
        return fail(
            quote(item) + " is not an item of " + quote(e.name) +
            (best.empty() ? " (items: " + list + ")" : " (did you mean " + quote(best) + "?)"));
      }
      return Value::of_enum(it->second);
    }
  }
  return fail("unsupported type");
}

// Members of a group instance there is room for at once (more grow as usual).
constexpr size_t kUsualMembers = 8;

class SituationParser {
  using T = DocJson;
  using Ref = json_text::DocRef;

 public:
  SituationParser(const Program& program, std::optional<Period> default_period)
      : p_(program), default_period_(default_period) {}

  SituationResult run(Ref root, std::unique_ptr<Situation> reuse = nullptr) {
    SituationResult result;
    if (reuse) {
      reuse->clear();
      s_ = std::move(reuse);
    } else {
      s_ = std::make_unique<Situation>();
    }
    size_t entity_count = p_.entities.size();
    s_->groups.resize(entity_count);
    s_->person_group.resize(entity_count);
    s_->person_role.resize(entity_count);
    if (!T::is_object(root)) {
      error("", "a situation must be a JSON object with 'individus' and the groups, found " +
                    T::describe(root));
      result.errors = std::move(errors_);
      return result;
    }
    const EntityDef& person = p_.entities[static_cast<size_t>(p_.person_entity)];
    T::each_member(root, [&](std::string_view key, Ref) {
      if (p_.find_entity_by_plural(key)) return;
      std::vector<std::string_view> plurals;
      for (const EntityDef& e : p_.entities) plurals.push_back(e.plural);
      std::string best = closest_name(key, plurals);
      std::string list;
      for (const EntityDef& e : p_.entities) list += (list.empty() ? "" : ", ") + e.plural;
      error(std::string(key), "unknown key " + quote(std::string(key)) +
                                  (best.empty() ? " (a situation has: " + list + ")"
                                                : " (did you mean " + quote(best) + "?)"));
    });
    const Ref persons = T::member(root, person.plural);
    if (!persons.valid() || !T::is_object(persons) || T::size(persons) == 0) {
      std::string found = !persons.valid()        ? "it is missing"
                          : T::is_object(persons) ? "it is empty"
                                                  : "found " + T::describe(persons);
      error(person.plural, "a situation needs " + quote(person.plural) +
                               ": an object with at least one person, e.g. {\"demandeur\": {}}; " +
                               found);
      result.errors = std::move(errors_);
      return result;
    }
    s_->person_ids.reserve(T::size(persons));
    T::each_member(persons, [&](std::string_view key, Ref) { s_->person_ids.emplace_back(key); });
    // In the object's order, which is the keys' (nlohmann's std::map, json_text::Doc): person
    // lookups search them.
    assert(std::is_sorted(s_->person_ids.begin(), s_->person_ids.end()));
    for (size_t e = 0; e < entity_count; ++e) {
      if (static_cast<int32_t>(e) == p_.person_entity) continue;
      s_->person_group[e].assign(s_->person_ids.size(), -1);
      s_->person_role[e].assign(s_->person_ids.size(), -1);
      const EntityDef& group = p_.entities[e];
      const Ref instances = T::member(root, group.plural);
      if (instances.valid()) parse_group(static_cast<int32_t>(e), instances);
      // Persons in no instance get one of their own, in the first role (as OpenFisca does).
      for (size_t person_i = 0; person_i < s_->person_ids.size(); ++person_i) {
        if (s_->person_group[e][person_i] >= 0) continue;
        s_->person_group[e][person_i] = static_cast<int32_t>(s_->groups[e].size());
        s_->person_role[e][person_i] = 0;
        GroupInstance& lone = s_->groups[e].emplace_back(s_->spare_group());
        lone.id = s_->person_ids[person_i];
        lone.members.push_back(static_cast<int32_t>(person_i));
        lone.roles.push_back(0);
      }
    }
    int32_t person_i = 0;
    T::each_member(persons, [&](std::string_view id, Ref variables) {
      if (!T::is_object(variables)) {
        error(person.plural + "." + std::string(id),
              "a person is an object of variables, found " + T::describe(variables));
      } else {
        T::each_member(variables, [&](std::string_view name, Ref value) {
          parse_variable({p_.person_entity, person_i, id, name, value});
        });
      }
      ++person_i;
    });
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
    std::string_view owner;
    std::string_view key;
    Ref value;
  };
  std::string path_of(const GivenVariable& given) const {
    std::string path = p_.entities[static_cast<size_t>(given.entity)].plural;
    path += '.';
    path += given.owner;
    path += '.';
    path += given.key;
    return path;
  }

  void error(std::string path, std::string message) {
    if (errors_.size() < 100) errors_.push_back({std::move(path), std::move(message)});
  }

  void parse_group(int32_t entity, Ref instances) {
    const EntityDef& group = p_.entities[static_cast<size_t>(entity)];
    if (!T::is_object(instances)) {
      error(group.plural, quote(group.plural) + " must be an object of " + group.name +
                              " instances, found " + T::describe(instances));
      return;
    }
    T::each_member(instances, [&](std::string_view id, Ref fields) {
      if (!T::is_object(fields)) {
        error(group.plural + "." + std::string(id),
              "a " + group.name + " is an object with its roles, found " + T::describe(fields));
        return;
      }
      int32_t instance = static_cast<int32_t>(s_->groups[static_cast<size_t>(entity)].size());
      GroupInstance& added =
          s_->groups[static_cast<size_t>(entity)].emplace_back(s_->spare_group());
      added.id = id;
      // Its members and their roles grow by one per person: room for a household's, at once.
      added.members.reserve(kUsualMembers);
      added.roles.reserve(kUsualMembers);
      T::each_member(fields, [&](std::string_view key, Ref value) {
        int32_t role = -1;
        for (size_t r = 0; r < group.roles.size(); ++r) {
          if (group.roles[r].plural == key || group.roles[r].name == key) {
            role = static_cast<int32_t>(r);
          }
        }
        if (role < 0) {
          pending_group_variables_.push_back({entity, instance, id, key, value});
          return;
        }
        parse_role({entity, instance, id, key, value}, role);
      });
    });
  }

  // The person of `id` in person_ids (sorted), or its end. A household's few ids are compared
  // one by one, by their length and last character first (« enfant1 », « enfant2 »: a binary
  // search compares their common start several times, a call each in WebAssembly).
  std::vector<std::string>::const_iterator find_person(std::string_view id) const {
    const std::vector<std::string>& ids = s_->person_ids;
    if (ids.size() > 16) {
      const auto found = std::lower_bound(ids.begin(), ids.end(), id);
      return found != ids.end() && *found == id ? found : ids.end();
    }
    for (auto it = ids.begin(); it != ids.end(); ++it) {
      if (it->size() == id.size() && (id.empty() || it->back() == id.back()) && *it == id)
        return it;
    }
    return ids.end();
  }

  void parse_role(const GivenVariable& given, int32_t role) {
    const int32_t entity = given.entity, instance = given.member;
    const Ref list = given.value;
    const auto path = [&] { return path_of(given); };
    const EntityDef& group = p_.entities[static_cast<size_t>(entity)];
    const RoleDef& r = group.roles[static_cast<size_t>(role)];
    // The ids: the list's items, or the one string.
    size_t count = 0;
    if (T::is_string(list)) {
      count = 1;
    } else if (T::is_array(list)) {
      count = T::size(list);
    } else if (!T::is_null(list)) {
      error(path(), "a role lists person ids: [\"p1\", \"p2\"], found " + T::describe(list));
      return;
    }
    const auto name = [&](size_t i) -> Ref { return T::is_string(list) ? list : T::item(list, i); };
    if (r.max > 0 && static_cast<int32_t>(count) > r.max) {
      error(path(), "role " + quote(r.plural) + " of a " + group.name + " has at most " +
                        std::to_string(r.max) + " person(s); " + std::to_string(count) +
                        " are given");
    }
    GroupInstance& g = s_->groups[static_cast<size_t>(entity)][static_cast<size_t>(instance)];
    for (size_t i = 0; i < count; ++i) {
      const auto item_path = [&] { return path() + "." + std::to_string(i); };
      const Ref item = name(i);
      if (!T::is_string(item)) {
        error(item_path(), "expected a person id (a string), found " + T::describe(item));
        continue;
      }
      const std::string_view id = T::text(item);
      const auto found = find_person(id);
      if (found == s_->person_ids.end()) {
        std::vector<std::string_view> ids(s_->person_ids.begin(), s_->person_ids.end());
        std::string best = closest_name(id, ids);
        error(item_path(), "unknown person " + quote(std::string(id)) +
                               ": every member must be declared in " +
                               quote(p_.entities[static_cast<size_t>(p_.person_entity)].plural) +
                               (best.empty() ? "" : " (did you mean " + quote(best) + "?)"));
        continue;
      }
      const auto person = static_cast<int32_t>(found - s_->person_ids.begin());
      int32_t& current = s_->person_group[static_cast<size_t>(entity)][static_cast<size_t>(person)];
      if (current >= 0) {
        const GroupInstance& other =
            s_->groups[static_cast<size_t>(entity)][static_cast<size_t>(current)];
        error(item_path(), "person " + quote(std::string(id)) + " is already in " + group.name +
                               " " + quote(other.id) + "; a person belongs to one " + group.name +
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
    const std::string_view name = given.key;
    const Ref value = given.value;
    const auto path = [&] { return path_of(given); };
    const EntityDef& here = p_.entities[static_cast<size_t>(entity)];
    // Persons and groups give the same names (each person's date_naissance): the last one found
    // is looked up first.
    if (name != last_name_) {
      last_name_ = name;
      last_variable_ = p_.find_variable(name);
    }
    const std::optional<int32_t> var = last_variable_;
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
      error(path(), "unknown variable " + quote(std::string(name)) +
                        (best.empty() ? "" : " (did you mean " + quote(best) + "?)"));
      return;
    }
    const VariableDef& v = p_.variables[static_cast<size_t>(*var)];
    if (v.entity != entity) {
      const EntityDef& owner = p_.entities[static_cast<size_t>(v.entity)];
      error(path(), quote(std::string(name)) + " is a variable of each " + owner.name +
                        ", not of the entity " + quote(here.name) + ": give it under " +
                        quote(owner.plural));
      return;
    }
    if (T::is_object(value)) {
      T::each_member(value, [&](std::string_view period, Ref at) {
        add_value(*var, member, given, period, at, std::nullopt);
      });
      return;
    }
    if (v.period == PeriodUnit::kEternity) {
      add_value(*var, member, given, {}, value, Period::eternity());
    } else if (default_period_) {
      add_value(*var, member, given, {}, value, *default_period_);
    } else {
      error(path(), std::string("give the period of the value, e.g. {\"") +
                        (v.period == PeriodUnit::kYear ? "2026" : "2026-01") + "\": " +
                        // no deep dump; a text that is not UTF-8 (from YAML) must not throw
                        (T::is_primitive(value) ? T::dump(value) : std::string("…")) + "}");
    }
  }

  // The value given for `period_text` under the variable's `variable_path`, or without a period
  // written for `implicit` (eternity, or the request's period): the path of an error is the
  // variable's, and the period's when it was written.
  void add_value(int32_t var, int32_t member, const GivenVariable& given,
                 std::string_view period_text, Ref value, std::optional<Period> implicit) {
    const VariableDef& v = p_.variables[static_cast<size_t>(var)];
    const bool implicit_period = implicit.has_value();
    // Written only for an error: most situations have none.
    const auto path = [&] {
      return implicit_period ? path_of(given) : path_of(given) + "." + std::string(period_text);
    };
    Period p;
    if (implicit) {
      p = *implicit;
    } else {
      PeriodParseResult parsed = Period::parse_with_reason(period_text);
      if (!parsed.period) {
        error(path(), quote(std::string(period_text)) + " is not a period: " + parsed.reason +
                          " (expected 2026-01, 2026, ETERNITY, month:2026-01:3 or year:2026-05)");
        return;
      }
      p = *parsed.period;
    }
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
    if (T::is_null(value)) {
      s_->requests.push_back({var, member, p});
      return;
    }
    std::string message;
    auto converted = value_from(p_, v, value, &message);
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
  std::string_view last_name_;  // (a key of the situation's JSON, which outlives the parser)
  std::optional<int32_t> last_variable_;
  std::vector<SituationError> errors_;
};

}  // namespace

SituationResult parse_situation(const Program& program, const json& json_root,
                                std::optional<Period> default_period) {
  json_text::Doc doc;
  doc.assign(json_root);
  return SituationParser(program, default_period).run(doc.root());
}

SituationResult parse_situation(const Program& program, json_text::DocRef root,
                                std::optional<Period> default_period,
                                std::unique_ptr<Situation> reuse) {
  return SituationParser(program, default_period).run(root, std::move(reuse));
}

}  // namespace mesaides
