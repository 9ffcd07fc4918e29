// Properties of the engine over generated households (tests/fuzz/household.h, seeded), every
// benefit of rules/ computed:
//   finite        every amount is a finite number ≥ 0 (or a boolean, for the local aids in kind)
//   deterministic the same household computed twice gives the same bytes
//   in-place      the answer answer_in_place writes (benefits and variables) is the one written
//                 from a tree (set_answers_in_place), byte for byte
//   fast-paths    one household in ten: the same bytes, explanations and trace included, with the
//                 evaluator's fast paths of numbers and booleans off (set_fast_paths), and with
//                 them walking the formulas' nodes instead of running their flat code
//                 (set_flat_code)
//   texts-apart   the rules packed with their texts apart, as the WebAssembly module embeds them
//                 (pack_rules' `texts`), give the benefits the same bytes as the rules read from
//                 text, or ask for the texts ("texts_needed") where the answer has a runtime error
//                 (its message and place quote them); with the texts loaded (load_packed_texts),
//                 the same bytes, explanations and trace included (one household in ten)
//   ids-order     renaming every person and group (so their order changes too) and shuffling the
//                 children in each role gives the same benefits, under the new names
//   eligibility   eligible ⇔ amount > 0 (or true), except for a participation (css), where a
//                 participation of 0 € is a free benefit and only the eligibility decides
//   rent          within a commune, a higher rent never lowers the aide au logement of a tenant
//                 before its dégressivité by the rent (which lowers it on purpose, from 2.5 times
//                 the rent ceiling)
//   one-more-child one more child never lowers the allocations familiales (in metropolitan
//                 France: overseas, the AF of one child are not modulated, those of two are)
//   more-resources more resources never raise the RSA, the prime d'activité and the ASPA/ASI
//                 together (each alone may: see below): a livret A and
//                 other savings for the first parent (R262-6, R132-1 CASF), a PreParE received
//                 by the family (counted where it can exist, L531-4 CSS), in every month read
//   patrimony      a home not let worth over 30 000 € never raises the aide au logement and the
//                 réduction de loyer de solidarité together (L822-5, R822-22 CCH)
//
//   properties [--rules DIR] [--households N] [--seed S]     last line: "N passed, M failed"
//   properties --export N                                     N generated requests, one JSON a line
//                                                             (tests/properties/native_wasm.mjs)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "api.h"
#include "household.h"
#include "packed_rules.h"
#include "program.h"

using nlohmann::json;
using namespace mesaides;

namespace {

struct Entry {
  json amount;
  bool eligible = false;
  bool participation = false;
  std::string error;
};

// Adds `amount` to an input's values for `period` (a year "2025" or a month "2025-03"), keeping
// what the household already has: a value for that period grows, a year given month by month grows
// in each of its months. Overwriting would lower a resource the generator had already given (a
// PreParE of 2 158 € replaced by 150 € is less, not more).
void add_to(json& variable, const std::string& period, double amount) {
  if (!variable.is_object()) variable = json::object();
  if (variable.contains(period)) {
    variable[period] = variable[period].get<double>() + amount;
    return;
  }
  bool months = false;
  if (period.size() == 4) {
    for (auto& [key, value] : variable.items()) {
      if (key.size() == 7 && key.compare(0, 4, period) == 0) {
        value = value.get<double>() + amount;
        months = true;
      }
    }
  }
  const std::string year = period.substr(0, 4);
  if (!months && (period.size() == 4 || !variable.contains(year)))
    variable[period] = amount;
  else if (!months)
    variable[year] = variable[year].get<double>() + amount;  // a month of a year given as a whole
}

// The aide au logement before its dégressivité by the rent (from 2021, a rent above 2.5 times the
// ceiling (3.4 in zone 1) lowers the aid, down to nothing: the law wants it so).
double aide_avant_degressivite(const Program& p, const json& situation) {
  ComputeOptions o;
  o.period = Period::parse("2026-06");
  o.variables = {"aide_logement_montant_brut_avant_degressivite"};
  json a = compute_json(p, situation, o);
  if (a.at("ok") != true) return -1;
  return a.at("familles").at("famille").at(o.variables[0]).at("2026-06").get<double>();
}

// What the aides au logement bring a family in June 2026: the aid and, in a HLM, the réduction de
// loyer de solidarité (L442-2-1 CCH). The RLS lowers the rent and the APL by most of it (D823-16),
// so an income that ends the RLS can raise the aid while the family gets less: only their sum
// falls.
double aide_et_rls(const Program& p, const json& situation) {
  ComputeOptions o;
  o.period = Period::parse("2026-06");
  o.variables = {"aide_logement", "reduction_loyer_solidarite"};
  json a = compute_json(p, situation, o);
  if (a.at("ok") != true) return -1;
  const json& f = a.at("familles").at("famille");
  return f.at(o.variables[0]).at("2026-06").get<double>() +
         f.at(o.variables[1]).at("2026-06").get<double>();
}

json compute(const Program& p, const json& situation) {
  ComputeOptions o;
  o.period = Period::parse("2026-06");
  o.benefits = true;
  o.benefit_details = false;
  return compute_json(p, situation, o);
}

// name|entity|id → entry; ids renamed back through `back` when given.
std::map<std::string, Entry> benefits_of(const json& answer,
                                         const std::map<std::string, std::string>* back = nullptr) {
  std::map<std::string, Entry> out;
  for (const json& b : answer.at("benefits")) {
    std::string id = b.at("id").get<std::string>();
    if (back && back->count(id)) id = back->at(id);
    Entry e;
    e.amount = b.at("amount");
    e.eligible = b.at("eligible").get<bool>();
    e.participation = b.at("amount_kind") == "participation";
    if (b.contains("error")) e.error = b.at("error").get<std::string>();
    out[b.at("name").get<std::string>() + "|" + b.at("entity").get<std::string>() + "|" + id] = e;
  }
  return out;
}

double number(const json& j) { return j.is_boolean() ? (j.get<bool>() ? 1 : 0) : j.get<double>(); }

double total(const std::map<std::string, Entry>& b, const std::string& name) {
  double t = 0;
  for (const auto& [key, e] : b)
    if (key.rfind(name + "|", 0) == 0 && e.amount.is_number()) t += e.amount.get<double>();
  return t;
}

struct Counter {
  std::map<std::string, std::pair<int, int>> by_property;  // passed, failed
  int shown = 0;
  void record(const std::string& property, bool ok, const std::string& detail) {
    auto& c = by_property[property];
    (ok ? c.first : c.second)++;
    if (!ok && shown++ < 30) std::cout << "FAIL " << property << ": " << detail << "\n";
  }
};

// Renames every id through fresh names whose order differs, and shuffles each role's list.
json renamed(const json& s, testing::SeedChooser& c, std::map<std::string, std::string>& back) {
  std::map<std::string, std::string> to;
  auto fresh = [&](const std::string& old) {
    std::string n = std::string(1, static_cast<char>('a' + c.below(26))) +
                    std::to_string(c.below(100000)) + "_" + old.substr(0, 2);
    to[old] = n;
    back[n] = old;
    return n;
  };
  json out = json::object();
  for (auto it = s.begin(); it != s.end(); ++it) {
    json group = json::object();
    for (auto m = it.value().begin(); m != it.value().end(); ++m) group[fresh(m.key())] = m.value();
    out[it.key()] = group;
  }
  for (auto it = out.begin(); it != out.end(); ++it) {
    if (it.key() == "individus") continue;
    for (auto g = it.value().begin(); g != it.value().end(); ++g)
      for (auto f = g.value().begin(); f != g.value().end(); ++f) {
        if (!f.value().is_array()) continue;
        std::vector<std::string> ids;
        for (const json& id : f.value()) ids.push_back(to.at(id.get<std::string>()));
        if (f.key() == "enfants" || f.key() == "personnes_a_charge")
          for (size_t i = ids.size(); i > 1; --i)
            std::swap(ids[i - 1], ids[c.below(static_cast<uint32_t>(i))]);
        f.value() = ids;
      }
  }
  return out;
}

// The rules packed with their texts apart: as loaded (texts pending), and with the texts loaded.
struct Apart {
  std::shared_ptr<const Program> without_texts, with_texts;
};

void check_household(const Program& p, const Apart& apart, json& s, const std::string& name,
                     testing::SeedChooser& c, Counter& k);

}  // namespace

int main(int argc, char** argv) {
  std::string rules_dir = std::string(MESAIDES_SOURCE_DIR) + "/rules";
  int households = 1000, exported = 0;
  uint64_t seed = 20260601;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rules" && i + 1 < argc)
      rules_dir = argv[++i];
    else if (a == "--households" && i + 1 < argc)
      households = std::atoi(argv[++i]);
    else if (a == "--seed" && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--export" && i + 1 < argc)
      exported = std::atoi(argv[++i]);
    else {
      std::cerr << "usage: properties [--rules DIR] [--households N] [--seed S] [--export N]\n";
      return 2;
    }
  }
  std::string error;
  const std::vector<SourceFile> files = read_rule_files(rules_dir, &error);
  LoadResult loaded = load_program(files);
  if (!loaded.program) {
    std::cerr << error << loaded.rendered;
    return 2;
  }
  const Program& p = *loaded.program;
  Apart apart;
  {
    std::string packed, texts, digest;
    if (!pack_rules(files, &packed, &error, &texts)) {
      std::cerr << error << "\n";
      return 2;
    }
    apart.without_texts = load_packed_program(packed, &digest);
    auto with_texts = load_packed_program(packed, &digest);
    load_packed_texts(*with_texts, texts, digest);
    apart.with_texts = std::move(with_texts);
  }
  testing::HouseholdOptions options;
  if (exported > 0) {
    for (int h = 0; h < exported; ++h) {
      testing::SeedChooser c(seed + static_cast<uint64_t>(h));
      json request = {{"situation", testing::generate_household(p, c, options)},
                      {"period", "2026-06"},
                      {"benefits", true},
                      {"benefit_details", false}};
      std::cout << request.dump() << "\n";
    }
    return 0;
  }

  Counter k;
  auto t0 = std::chrono::steady_clock::now();
  for (int h = 0; h < households; ++h) {
    testing::SeedChooser c(seed + static_cast<uint64_t>(h));
    json s = testing::generate_household(p, c, options);
    std::string name = "household " + std::to_string(h) + " (seed " +
                       std::to_string(seed + static_cast<uint64_t>(h)) + ")";
    try {
      check_household(p, apart, s, name, c, k);
    } catch (const std::exception& e) {
      k.record("computes", false, name + ": exception " + e.what());
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int passed = 0, failed = 0;
  for (const auto& [property, c] : k.by_property) {
    std::cout << property << ": " << c.first << " passed, " << c.second << " failed\n";
    passed += c.first, failed += c.second;
  }
  std::cout << households << " households, " << k.by_property.size() << " properties, " << seconds
            << " s\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

namespace {
void check_household(const Program& p, const Apart& apart, json& s, const std::string& name,
                     testing::SeedChooser& c, Counter& k) {
  {
    json a = compute(p, s);
    if (a.at("ok") != true || a.contains("errors")) {
      k.record("computes", false, name + ": " + a.dump().substr(0, 400));
      return;
    }
    k.record("computes", true, "");
    auto b = benefits_of(a);

    bool finite = true;
    std::string bad;
    for (const auto& [key, e] : b) {
      bool ok =
          e.error.empty() && (e.amount.is_boolean() ||
                              (e.amount.is_number() && std::isfinite(e.amount.get<double>()) &&
                               e.amount.get<double>() >= 0));
      if (!ok) finite = false, bad = key + " = " + e.amount.dump() + " " + e.error;
    }
    k.record("finite", finite, name + ": " + bad);

    k.record("deterministic", compute(p, s).dump() == a.dump(), name);

    {  // the answer written in place is the tree's, byte for byte
      const std::string text = json{{"situation", s},
                                    {"period", "2026-06"},
                                    {"benefits", true},
                                    {"benefit_details", false},
                                    {"variables", {"salaire_net", "aide_logement", "af"}}}
                                   .dump();
      std::string in_place;
      const bool taken = answer_in_place(p, text, in_place);
      set_answers_in_place(false);
      const std::string tree = handle_request_text(p, text);
      set_answers_in_place(true);
      size_t at = 0;
      while (at < in_place.size() && at < tree.size() && in_place[at] == tree[at]) ++at;
      k.record("in-place", taken && in_place == tree,
               name + (taken ? ": differ from byte " + std::to_string(at) + ": " +
                                   in_place.substr(at > 80 ? at - 80 : 0, 240)
                             : ": not answered in place"));

      // The same request to the rules whose texts are apart.
      const std::string apart_answer = handle_request_text(*apart.without_texts, text);
      if (apart_answer.rfind(R"({"error":{"kind":"texts_needed")", 0) == 0) {
        // Only an answer with a runtime error (its message and place) needs them.
        k.record("texts-apart", tree.find(R"("error":)") != std::string::npos,
                 name + ": the texts are asked for, but the answer quotes none");
      } else {
        at = 0;
        while (at < apart_answer.size() && at < tree.size() && apart_answer[at] == tree[at]) ++at;
        k.record("texts-apart", apart_answer == tree,
                 name + ": differ from byte " + std::to_string(at) + ": " +
                     apart_answer.substr(at > 80 ? at - 80 : 0, 240));
      }
    }

    if (std::hash<std::string>{}(name) % 10 == 0) {  // no draw: the households stay the same
      ComputeOptions o;
      o.period = Period::parse("2026-06");
      o.benefits = o.explain = o.trace = true;
      const std::string fast = compute_text(p, s, o);
      set_fast_paths(false);
      const std::string general = compute_text(p, s, o);
      set_fast_paths(true);
      size_t at = 0;
      while (at < fast.size() && at < general.size() && fast[at] == general[at]) ++at;
      k.record("fast-paths", fast == general,
               name + ": differ from byte " + std::to_string(at) + ": " +
                   fast.substr(at > 80 ? at - 80 : 0, 240));
      set_flat_code(false);
      const std::string walked = compute_text(p, s, o);
      set_flat_code(true);
      at = 0;
      while (at < fast.size() && at < walked.size() && fast[at] == walked[at]) ++at;
      k.record("fast-paths", fast == walked,
               name + " (nodes walked): differ from byte " + std::to_string(at) + ": " +
                   fast.substr(at > 80 ? at - 80 : 0, 240));
      const std::string with_texts = compute_text(*apart.with_texts, s, o);
      at = 0;
      while (at < fast.size() && at < with_texts.size() && fast[at] == with_texts[at]) ++at;
      k.record("texts-apart", with_texts == fast,
               name + " (texts loaded): differ from byte " + std::to_string(at) + ": " +
                   with_texts.substr(at > 80 ? at - 80 : 0, 240));
    }

    std::map<std::string, std::string> back;
    json a2 = compute(p, renamed(s, c, back));
    bool same = a2.at("ok") == true;
    std::string diff;
    if (same) {
      auto b2 = benefits_of(a2, &back);
      same = b2.size() == b.size();
      for (const auto& [key, e] : b) {
        auto it = b2.find(key);
        if (it == b2.end() || it->second.amount != e.amount || it->second.eligible != e.eligible) {
          same = false;
          diff = key + ": " + e.amount.dump() + " vs " +
                 (it == b2.end() ? "missing" : it->second.amount.dump());
          break;
        }
      }
    }
    k.record("ids-order", same, name + ": " + diff);

    bool consistent = true;
    for (const auto& [key, e] : b) {
      if (e.participation || !e.error.empty()) continue;
      if ((number(e.amount) > 0) != e.eligible) {
        consistent = false,
        bad = key + " amount " + e.amount.dump() + " eligible " + (e.eligible ? "true" : "false");
      }
    }
    k.record("eligibility", consistent, name + ": " + bad);

    // A higher rent, same commune: tenants only; the aid before the dégressivité by the rent.
    const json& menage = s["menages"]["menage"];
    std::string statut = menage["statut_occupation_logement"]["2026-06"];
    if (statut.rfind("locataire", 0) == 0) {
      json higher = s;
      int loyer = menage["loyer"]["2026-06"].get<int>();
      higher["menages"]["menage"]["loyer"]["2026-06"] = loyer + 1 + static_cast<int>(c.below(600));
      double before = aide_avant_degressivite(p, s), after = aide_avant_degressivite(p, higher);
      k.record("rent", before >= 0 && after >= before,
               name + ": loyer " + std::to_string(loyer) + " → " +
                   higher["menages"]["menage"]["loyer"]["2026-06"].dump() + ": " +
                   std::to_string(before) + " → " + std::to_string(after));
    }

    // More resources: savings of the first parent and a PreParE received by the family, from
    // January 2025 (the RSA's and the prime d'activité's months of reference, the CSS's twelve).
    {
      json richer = s;
      const std::string parent = s["familles"]["famille"]["parents"][0];
      const int64_t savings = 1000 + static_cast<int64_t>(c.below(20000));
      json& person = richer["individus"][parent];
      for (const char* year : {"2025", "2026"}) {
        add_to(person["livret_a"], year, static_cast<double>(savings));
        add_to(person["epargne_revenus_non_imposables"], year, static_cast<double>(savings / 2));
      }
      for (int m = 1; m <= 18; ++m) {
        const int year = m <= 12 ? 2025 : 2026, month = m <= 12 ? m : m - 12;
        add_to(richer["familles"]["famille"]["paje_prepare"],
               std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month), 150);
      }
      json ar = compute(p, richer);
      bool lower = ar.at("ok") == true;
      std::string what = lower ? "" : "refused";
      if (lower) {
        // The minimum vieillesse counts savings for 3 % a year of their amount (R815-25 CSS), the
        // RSA and the prime d'activité for the livret A's interest and 3 % of the rest (R132-1
        // CASF), and both count the ASPA or ASI received: savings lower a retired member's ASPA
        // more than they add to the household's resources, and its prime may rise. Together they
        // never do.
        auto br = benefits_of(ar);
        double before = 0, after = 0;
        for (const char* benefit : {"rsa", "ppa", "aspa", "asi"}) {
          before += total(b, benefit);
          after += total(br, benefit);
        }
        if (after > before + 1e-9) {
          lower = false;
          what = "rsa + ppa + aspa + asi " + std::to_string(before) + " → " + std::to_string(after);
        }
      }
      k.record("more-resources", lower, name + ": " + what);
    }

    // A patrimony over 30 000 € (a home not let, L822-5 and R822-22 CCH) never raises what the
    // aides au logement bring: half its rental value a year counts in the resources, unless the
    // family is exempted.
    {
      json owner = s;
      const std::string parent = s["familles"]["famille"]["parents"][0];
      const int64_t value = 30001 + static_cast<int64_t>(c.below(200000));
      owner["individus"][parent]["valeur_immo_non_loue"] = {{"2026", value}};
      owner["individus"][parent]["valeur_locative_immo_non_loue"] = {{"2026", value / 40}};
      const double before = aide_et_rls(p, s), after = aide_et_rls(p, owner);
      k.record(
          "patrimony", before >= 0 && after >= 0 && after <= before + 1e-9,
          name + ": aide_logement + RLS " + std::to_string(before) + " → " + std::to_string(after));
    }

    // One more child, 3 to 15 years old, in metropolitan France. Overseas, our rules do not
    // modulate the AF of one child by the resources, and do modulate those of two: a family with
    // high incomes and one child of 11 to 16 in La Réunion gets 45.53 € (5.88 % of the BMAF and the
    // majoration for age), with a second child 38.06 € (a quarter of 32 %, no majoration for the
    // eldest of two). Whether the texts mean it is a question for the rules, not this property.
    std::string depcom = menage["depcom"]["2026-06"];
    if (depcom.rfind("97", 0) == 0) return;
    json more = s;
    std::string id = "enfant_plus";
    more["individus"][id] = {{"date_naissance", std::to_string(2011 + c.below(13)) + "-0" +
                                                    std::to_string(1 + c.below(9)) + "-15"}};
    more["familles"]["famille"]["enfants"].push_back(id);
    more["foyers_fiscaux"]["foyer_fiscal"]["personnes_a_charge"].push_back(id);
    more["menages"]["menage"]["enfants"].push_back(id);
    json am = compute(p, more);
    double before = total(b, "af"), after = am.at("ok") == true ? total(benefits_of(am), "af") : -1;
    k.record("one-more-child", after >= before,
             name + ": af " + std::to_string(before) + " → " + std::to_string(after));
  }
}
}  // namespace
