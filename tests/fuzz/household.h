// Generated households over all of rules/: shared by the evaluator fuzz target (driven by the fuzz
// bytes) and the property tests (driven by a seeded generator).
//
// A household is well typed by construction: one or two adults and up to six children in one
// famille, foyer fiscal and ménage with the roles of OpenFisca, realistic incomes and housing, and
// then `extra` input variables of the rules picked at random, each given a value of its type for a
// period of its unit. Any such situation must be accepted and computed: a situation error, a
// runtime error, an amount that is not a finite number is a bug.
#pragma once

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "program.h"

namespace mesaides::testing {

// Choices from the fuzz bytes: below(n) in [0, n); 0 once the bytes run out.
class ByteChooser {
 public:
  ByteChooser(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint32_t below(uint32_t n) {
    if (n <= 1) return 0;
    uint32_t v = 0;
    for (uint32_t range = 1; range < n && range < (1u << 24); range <<= 8)
      v = (v << 8) | (pos_ < size_ ? data_[pos_++] : 0);
    return v % n;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Choices from a seed (splitmix64): the same seed gives the same household.
class SeedChooser {
 public:
  explicit SeedChooser(uint64_t seed) : state_(seed) {}
  uint32_t below(uint32_t n) {
    if (n <= 1) return 0;
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<uint32_t>(z % n);
  }

 private:
  uint64_t state_;
};

struct HouseholdOptions {
  int max_extra = 8;         // extra input variables picked among every input of the rules
  bool any_numbers = false;  // extra numbers may be negative or huge (fuzzing), not only plausible
  std::string period = "2026-06";
};

inline std::string two(int n) {  // 1 ≤ n ≤ 99
  return std::string(n < 10 ? "0" : "") + std::to_string(n);
}

// The communes of the households: Paris (zone 1), Lyon (zone 2), a village (zone 3), La Réunion.
inline const std::vector<std::string>& household_communes() {
  static const std::vector<std::string> k = {"75056", "69123", "01001", "97411", "33063", "59350"};
  return k;
}

template <class Chooser>
nlohmann::json plausible_amount(Chooser& c, bool any_numbers) {
  switch (c.below(any_numbers ? 7 : 5)) {
    case 0:
      return 0;
    case 1:
      return c.below(2000);
    case 2:
      return c.below(60000);
    case 3:
      return static_cast<double>(c.below(400000)) / 100.0;
    case 4:
      return c.below(5);
    case 5:
      return -static_cast<int64_t>(c.below(100000));
    default:
      return static_cast<int64_t>(c.below(1000000)) * 1000000000LL;
  }
}

template <class Chooser>
nlohmann::json value_of(const Program& p, const VariableDef& v, Chooser& c, bool any_numbers) {
  switch (v.type) {
    case Type::kMoney: {
      // A negative amount of money is refused (`negative: allowed` excepted): the same draw, made
      // positive.
      nlohmann::json amount = plausible_amount(c, any_numbers);
      if (!v.negative_allowed && amount.is_number_integer() && amount.get<int64_t>() < 0)
        return -amount.get<int64_t>();
      return amount;
    }
    case Type::kNumber:
      return plausible_amount(c, any_numbers);
    case Type::kInteger:
      return c.below(any_numbers ? 1000 : 12);
    case Type::kBoolean:
      return c.below(2) == 1;
    case Type::kDate:
      return std::to_string(1930 + c.below(97)) + "-" + two(1 + static_cast<int>(c.below(12))) +
             "-" + two(1 + static_cast<int>(c.below(28)));
    case Type::kText: {
      const auto& communes = household_communes();
      if (c.below(4) == 0) return std::to_string(10000 + c.below(89999));
      return communes[c.below(static_cast<uint32_t>(communes.size()))];
    }
    case Type::kEnum: {
      const EnumDef& e = p.enums[static_cast<size_t>(v.enum_id)];
      return e.items[c.below(static_cast<uint32_t>(e.items.size()))];
    }
  }
  return nullptr;
}

// A period of the variable's unit around the computed month (2026-06).
template <class Chooser>
std::string period_of(const VariableDef& v, Chooser& c) {
  switch (v.period) {
    case PeriodUnit::kMonth: {
      int back = static_cast<int>(c.below(14));  // 2025-05 .. 2026-06
      int month = 6 - back, year = 2026;
      while (month <= 0) month += 12, --year;
      return std::to_string(year) + "-" + two(month);
    }
    case PeriodUnit::kYear:
      return std::to_string(2024 + c.below(3));
    case PeriodUnit::kEternity:
      return "ETERNITY";
  }
  return "ETERNITY";
}

// The last twelve months before the period and the period itself (2026-06).
inline std::vector<std::string> household_months() {
  std::vector<std::string> m;
  for (int i = 6; i <= 12; ++i) m.push_back("2025-" + two(i));
  for (int i = 1; i <= 6; ++i) m.push_back("2026-" + two(i));
  return m;
}

template <class Chooser>
nlohmann::json generate_household(const Program& p, Chooser& c, const HouseholdOptions& o = {}) {
  using nlohmann::json;
  int adults = 1 + static_cast<int>(c.below(2));
  int children = static_cast<int>(c.below(7));
  json individus = json::object();
  std::vector<std::string> parents, enfants;
  const auto months = household_months();
  for (int i = 0; i < adults + children; ++i) {
    bool adult = i < adults;
    std::string id =
        adult ? "parent" + std::to_string(i + 1) : "enfant" + std::to_string(i - adults + 1);
    json person = json::object();
    int year = adult ? 1950 + static_cast<int>(c.below(56)) : 2006 + static_cast<int>(c.below(20));
    person["date_naissance"] = std::to_string(year) + "-" + two(1 + static_cast<int>(c.below(12))) +
                               "-" + two(1 + static_cast<int>(c.below(28)));
    if (adult) {
      uint32_t kind = c.below(4);
      int64_t salary = kind == 0   ? 0
                       : kind == 1 ? c.below(1200)
                       : kind == 2 ? 1200 + c.below(1800)
                                   : 3000 + c.below(6000);
      json s = json::object();
      for (const auto& m : months) s[m] = salary;
      person["salaire_net"] = s;
      person["salaire_imposable"] = {{"2024", salary * 12}, {"2025", salary * 12}};
      parents.push_back(id);
    } else {
      enfants.push_back(id);
    }
    individus[id] = person;
  }
  static const std::vector<std::string> kStatuts = {"locataire_vide",    "locataire_hlm",
                                                    "locataire_meuble",  "proprietaire",
                                                    "loge_gratuitement", "primo_accedant"};
  const auto& communes = household_communes();
  json menage = {{"personne_de_reference", {parents[0]}}, {"enfants", enfants}};
  if (adults == 2) menage["conjoint"] = {parents[1]};
  menage["depcom"] = {{o.period, communes[c.below(static_cast<uint32_t>(communes.size()))]}};
  menage["statut_occupation_logement"] = {
      {o.period, kStatuts[c.below(static_cast<uint32_t>(kStatuts.size()))]}};
  menage["loyer"] = {{o.period, 200 + c.below(1400)}};
  json situation = {
      {"individus", individus},
      {"familles", {{"famille", {{"parents", parents}, {"enfants", enfants}}}}},
      {"foyers_fiscaux",
       {{"foyer_fiscal", {{"declarants", parents}, {"personnes_a_charge", enfants}}}}},
      {"menages", {{"menage", menage}}}};

  // Extra inputs among every input variable of the rules.
  std::vector<int32_t> inputs;
  for (size_t i = 0; i < p.variables.size(); ++i)
    if (p.variables[i].is_input()) inputs.push_back(static_cast<int32_t>(i));
  int extra = static_cast<int>(c.below(static_cast<uint32_t>(o.max_extra + 1)));
  for (int k = 0; k < extra && !inputs.empty(); ++k) {
    const VariableDef& v =
        p.variables[static_cast<size_t>(inputs[c.below(static_cast<uint32_t>(inputs.size()))])];
    const EntityDef& e = p.entities[static_cast<size_t>(v.entity)];
    json* holder = nullptr;
    if (e.is_person) {
      auto it = individus.begin();
      std::advance(it, c.below(static_cast<uint32_t>(individus.size())));
      holder = &situation["individus"][it.key()];
    } else if (e.plural == "familles") {
      holder = &situation["familles"]["famille"];
    } else if (e.plural == "foyers_fiscaux") {
      holder = &situation["foyers_fiscaux"]["foyer_fiscal"];
    } else if (e.plural == "menages") {
      holder = &situation["menages"]["menage"];
    } else {
      continue;
    }
    json& values = (*holder)[v.name];
    if (!values.is_object()) values = json::object();  // date_naissance is given without period
    values[period_of(v, c)] = value_of(p, v, c, o.any_numbers);
  }
  return situation;
}

}  // namespace mesaides::testing
