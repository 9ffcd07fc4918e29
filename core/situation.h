// Situations in OpenFisca's JSON shape, validated against a Program.
//
// A situation lists persons (`individus`) and the groups they belong to (`familles`,
// `foyers_fiscaux`, `menages`, with their roles), and gives variables' values keyed by period
// ({"salaire_net": {"2026-01": 1500}}). A `null` value asks for the variable to be computed (as in
// OpenFisca's web API). Every problem is reported with the JSON path where it is and what is wrong:
// unknown variable or entity key, a value of the wrong type, a person in two groups of one kind,
// an unknown person in a role, a period that does not parse or is shorter than the variable's, a
// value for the wrong entity. No result is computed for a situation with errors.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "json_text.h"
#include "program.h"

namespace mesaides {

struct GroupInstance {
  std::string id;
  std::vector<int32_t> members;  // person indices, in role order
  std::vector<int32_t> roles;    // role index of each member
};

// One value given in the situation, for a period that may be longer than the variable's.
struct InputValue {
  Period period;
  Value value;
};

// A variable the situation asks to compute (a `null` in the JSON).
struct Request {
  int32_t variable;
  int32_t member;
  Period period;
};

class Situation {
 public:
  std::vector<std::string> person_ids;
  // groups[entity] = instances of that group entity (empty for the person entity).
  std::vector<std::vector<GroupInstance>> groups;
  // person_group[entity][person] = instance index; person_role[entity][person] = role index.
  std::vector<std::vector<int32_t>> person_group;
  std::vector<std::vector<int32_t>> person_role;
  std::vector<Request> requests;

  int32_t member_count(const Program& program, int32_t entity) const;
  const std::string& member_id(const Program& program, int32_t entity, int32_t member) const;
  // Values given for (variable, member), or nullptr. Inline: most variables an evaluation reads
  // have no value given, and are answered by their bit.
  const std::vector<InputValue>* inputs(int32_t variable, int32_t member) const {
    const auto word = static_cast<size_t>(variable) / 64;
    if (word >= given_.size() ||
        ((given_[word] >> (static_cast<unsigned>(variable) % 64)) & 1) == 0)
      return nullptr;
    return given_inputs(variable, member);
  }
  // Adds a value (replaces the one given for the same period).
  void add_input(int32_t variable, int32_t member, InputValue value);
  // Empties it, its tables' room kept: a thread reading request after request reuses one.
  void clear();
  // A group instance to fill, empty: one a cleared situation had, its room kept (its lists'
  // allocations are a fifth of reading a household's groups in WebAssembly), or a new one.
  GroupInstance spare_group();

 private:
  // inputs() for a variable some member has values for.
  const std::vector<InputValue>* given_inputs(int32_t variable, int32_t member) const;
  // The values given, by (variable, member): their lists' indexes in lists_.
  KeyIndex list_of_;
  std::vector<std::vector<InputValue>> lists_;  // the first lists_used_ in use (see clear)
  uint32_t lists_used_ = 0;
  // A bit per variable, set when some member has a value for it: most variables an evaluation
  // reads (every formula, most inputs) have none, and are answered without a lookup.
  std::vector<uint64_t> given_;
  std::vector<GroupInstance> spare_groups_;  // emptied by clear(), for spare_group()
};

struct SituationError {
  std::string path;  // e.g. "individus.parent1.salaire_net.2026-13"
  std::string message;
};

struct SituationResult {
  std::unique_ptr<Situation> situation;  // null when there are errors
  std::vector<SituationError> errors;
};

// Parses a situation. `default_period`, when given, is the period of values written without one
// (`"age": 40` instead of `"age": {"2026-01": 40}`), as OpenFisca's YAML tests do.
SituationResult parse_situation(const Program& program, const nlohmann::json& json,
                                std::optional<Period> default_period = std::nullopt);

// The same from a request read in place (json_text::Doc; the overload above makes one of the
// tree). A situation with errors has them, but not their messages (no source values to quote):
// read it from a tree for those.
// `reuse`, when given, is emptied and filled rather than a new one made (its tables' room kept).
SituationResult parse_situation(const Program& program, json_text::DocRef root,
                                std::optional<Period> default_period = std::nullopt,
                                std::unique_ptr<Situation> reuse = nullptr);

}  // namespace mesaides
