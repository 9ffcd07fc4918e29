// Unit tests of core/situation: every malformed situation is reported at its exact JSON path with a
// message that says what is wrong; valid situations are parsed as OpenFisca does (persons in no
// group get their own, `null` asks for a computation, values given for a year are spread or
// repeated over its months); errors are capped and deep garbage never crashes.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evaluator.h"
#include "program.h"
#include "situation.h"

namespace {

using mesaides::Decimal;
using mesaides::Evaluation;
using mesaides::Period;
using mesaides::Program;
using mesaides::SituationError;
using mesaides::SituationResult;
using mesaides::Value;
using mesaides::ValueKind;
using nlohmann::json;

const char* const kRules = R"(
entity individu { plural: individus  label: "Personne" }

group famille {
  plural: familles
  role parents { plural: parents  max: 2 }
  role enfants { plural: enfants }
}

group menage {
  plural: menages
  role personne_de_reference { plural: personne_de_reference  max: 1 }
  role autres { plural: autres }
}

enum statut_occupation_logement {
  non_renseigne: "Non renseigné"
  locataire_vide: "Locataire d'un logement loué vide"
  proprietaire: "Propriétaire"
}

variable salaire_net { entity: individu  period: month  type: money }
variable pension_versee { entity: individu  period: year  type: money  negative: allowed }
variable heures_travaillees { entity: individu  period: month  type: number  set_input: duplicate }
variable age { entity: individu  period: month  type: integer }
variable est_etudiant { entity: individu  period: month  type: boolean }
variable date_naissance { entity: individu  period: eternity  type: date }
variable revenu_fiscal { entity: individu  period: year  type: money }
variable nom { entity: individu  period: eternity  type: text }
variable nb_enfants { entity: famille  period: month  type: integer }
variable af {
  entity: famille
  period: month
  type: money
  formula from 2020-01-01 { nb_enfants * 100 }
}
variable statut_logement { entity: menage  period: month  type: enum statut_occupation_logement }

enum pays {
  FR: "France"
  AD: "Andorre"  AE: "Émirats arabes unis"  AF: "Afghanistan"  AG: "Antigua-et-Barbuda"  AI: "Anguilla"
  AL: "Albanie"  AM: "Arménie"  AO: "Angola"  AQ: "Antarctique"  AR: "Argentine"  AS: "Samoa américaines"
  MA: "Maroc"  ZW: "Zimbabwe"
}
variable nationalite { entity: individu  period: month  type: enum pays }
)";

// The program of these tests, loaded once.
const Program& program() {
  static std::shared_ptr<const Program> loaded = [] {
    std::vector<mesaides::SourceFile> files;
    files.push_back({"test_situation.rules", kRules});
    mesaides::LoadResult result = mesaides::load_program(std::move(files));
    INFO(result.rendered);
    REQUIRE(result.program);
    return result.program;
  }();
  return *loaded;
}

int32_t var(const std::string& name) {
  auto v = program().find_variable(name);
  REQUIRE_MESSAGE(v.has_value(), "no variable ", name);
  return *v;
}
int32_t entity(const std::string& name) {
  auto e = program().find_entity(name);
  REQUIRE_MESSAGE(e.has_value(), "no entity ", name);
  return *e;
}

SituationResult parse(const json& situation, std::optional<Period> default_period = std::nullopt) {
  return mesaides::parse_situation(program(), situation, default_period);
}
SituationResult parse_text(const std::string& text,
                           std::optional<Period> default_period = std::nullopt) {
  json situation = json::parse(text);
  return parse(situation, default_period);
}

std::string show(const std::vector<SituationError>& errors) {
  std::string out;
  for (const SituationError& e : errors) out += "[" + e.path + "] " + e.message + "\n";
  return out;
}

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

// The situation is rejected with exactly one error, at `path`, whose message contains every
// fragment.
void expect_only_error(const std::string& situation, const std::string& path,
                       const std::vector<std::string>& fragments,
                       std::optional<Period> default_period = std::nullopt) {
  SituationResult r = parse_text(situation, default_period);
  INFO("situation: ", situation);
  INFO("errors:\n", show(r.errors));
  CHECK(r.situation == nullptr);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == path);
  for (const std::string& f : fragments) {
    INFO("expected in the message: ", f);
    CHECK(contains(r.errors[0].message, f));
  }
}

Period month(int y, int m) { return Period::month(y, m); }

}  // namespace

TEST_SUITE("situation: malformed") {
  // Found by fuzz_yaml: a YAML test file gives texts that are not UTF-8, and quoting such a value
  // in the message of a value without period threw out of parse_situation (std::terminate).
  TEST_CASE("a value without period that is not UTF-8: an error, no exception") {
    json situation = {{"individus", {{"p1", {{"salaire_net", std::string("3\x96")}}}}}};
    SituationResult r;
    CHECK_NOTHROW(r = parse(situation, std::nullopt));
    CHECK(r.situation == nullptr);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].path == "individus.p1.salaire_net");
    CHECK(contains(r.errors[0].message, "give the period of the value"));
  }

  TEST_CASE("the root must be an object") {
    expect_only_error(R"([1, 2])", "", {"JSON object", "a list"});
    expect_only_error(R"("individus")", "", {"JSON object", "a string"});
    expect_only_error(R"(null)", "", {"JSON object", "null"});
  }

  TEST_CASE("individus is required and must be a non-empty object") {
    expect_only_error(R"({})", "individus", {"needs 'individus'"});
    expect_only_error(R"({"familles": {}})", "individus", {"needs 'individus'"});
    expect_only_error(R"({"individus": [{"salaire_net": 1}]})", "individus",
                      {"'individus'", "object"});
    expect_only_error(R"({"individus": "p1"})", "individus", {"'individus'", "object"});
    expect_only_error(R"({"individus": {}})", "individus", {"at least one person"});
  }

  TEST_CASE("a person must be an object") {
    expect_only_error(R"({"individus": {"p1": 3}})", "individus.p1",
                      {"a person is an object", "a number"});
    expect_only_error(R"({"individus": {"p1": {}, "p2": ["salaire_net"]}})", "individus.p2",
                      {"a person is an object", "a list"});
  }

  TEST_CASE("unknown top-level key, with a suggestion or the list of keys") {
    expect_only_error(R"({"individus": {"p1": {}}, "famille": {}})", "famille",
                      {"unknown key 'famille'", "did you mean 'familles'?"});
    // Nothing close: the message lists what a situation has.
    expect_only_error(R"({"individus": {"p1": {}}, "zzz": {}})", "zzz",
                      {"unknown key 'zzz'", "individus", "familles", "menages"});
  }

  TEST_CASE("unknown variable, with a suggestion") {
    expect_only_error(R"({"individus": {"p1": {"salaire_nett": {"2026-01": 1500}}}})",
                      "individus.p1.salaire_nett",
                      {"unknown variable 'salaire_nett'", "did you mean 'salaire_net'?"});
    expect_only_error(
        R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1"], "nb_enfant": {"2026-01": 2}}}})",
        "familles.f1.nb_enfant", {"unknown variable 'nb_enfant'", "did you mean 'nb_enfants'?"});
  }

  TEST_CASE("a variable given under the wrong entity") {
    // af is a famille variable given for a person.
    expect_only_error(R"({"individus": {"p1": {"af": {"2026-01": 100}}}})", "individus.p1.af",
                      {"'af'", "famille", "'familles'"});
    // salaire_net is a person variable given for a famille.
    expect_only_error(
        R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1"], "salaire_net": {"2026-01": 1}}}})",
        "familles.f1.salaire_net", {"'salaire_net'", "individu", "'individus'"});
  }

  TEST_CASE("a value of the wrong type") {
    SUBCASE("a string for money") {
      expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": "1500"}}}})",
                        "individus.p1.salaire_net.2026-01",
                        {"expected a number", "'salaire_net'", "a string"});
    }
    SUBCASE("a number for a boolean") {
      expect_only_error(R"({"individus": {"p1": {"est_etudiant": {"2026-01": 2}}}})",
                        "individus.p1.est_etudiant.2026-01",
                        {"expected true or false", "a number"});
      expect_only_error(R"({"individus": {"p1": {"est_etudiant": {"2026-01": 0.5}}}})",
                        "individus.p1.est_etudiant.2026-01", {"expected true or false"});
    }
    SUBCASE("a date that does not exist") {
      // 2026 is not a leap year and February never has a 30th.
      expect_only_error(R"({"individus": {"p1": {"date_naissance": {"ETERNITY": "2026-02-30"}}}})",
                        "individus.p1.date_naissance.ETERNITY",
                        {"'2026-02-30' is not a date: that day does not exist"});
      // An eternity variable may be given without a period: the path is then the variable's.
      expect_only_error(R"({"individus": {"p1": {"date_naissance": "2026-02-30"}}})",
                        "individus.p1.date_naissance",
                        {"'2026-02-30' is not a date: that day does not exist"});
      expect_only_error(R"({"individus": {"p1": {"date_naissance": "30/01/2026"}}})",
                        "individus.p1.date_naissance", {"YYYY-MM-DD"});
      expect_only_error(R"({"individus": {"p1": {"date_naissance": 20260130}}})",
                        "individus.p1.date_naissance", {"expected a date", "a number"});
    }
    SUBCASE("an unknown enum item, with a suggestion") {
      expect_only_error(
          R"({"individus": {"p1": {}}, "menages": {"m1": {"personne_de_reference": "p1", "statut_logement": {"2026-01": "locataire_vid"}}}})",
          "menages.m1.statut_logement.2026-01",
          {"'locataire_vid' is not an item of 'statut_occupation_logement'",
           "did you mean 'locataire_vide'?"});
      // Nothing close: the items are listed.
      expect_only_error(
          R"({"individus": {"p1": {}}, "menages": {"m1": {"statut_logement": {"2026-01": "hlm"}}}})",
          "menages.m1.statut_logement.2026-01",
          {"'hlm'", "non_renseigne, locataire_vide, proprietaire"});
      // A long list: its first dozen items and how many there are.
      expect_only_error(
          R"({"individus": {"p1": {"nationalite": {"2026-01": "France"}}}})",
          "individus.p1.nationalite.2026-01",
          {"'France' is not an item of 'pays'",
           "(items: FR, AD, AE, AF, AG, AI, AL, AM, AO, AQ, AR, AS, … 14 items in all)"});
      // The item in other letter case: named, where every two-letter code is as near.
      expect_only_error(R"({"individus": {"p1": {"nationalite": {"2026-01": "ma"}}}})",
                        "individus.p1.nationalite.2026-01", {"did you mean 'MA'?"});
      // A number is not an item.
      expect_only_error(
          R"({"individus": {"p1": {}}, "menages": {"m1": {"statut_logement": {"2026-01": 1}}}})",
          "menages.m1.statut_logement.2026-01", {"expected one of the items", "a number"});
    }
    SUBCASE("a list or an object where a number is expected") {
      expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": [1500]}}}})",
                        "individus.p1.salaire_net.2026-01", {"expected a number", "a list"});
      expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": {"net": 1500}}}}})",
                        "individus.p1.salaire_net.2026-01", {"expected a number", "an object"});
      expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": true}}}})",
                        "individus.p1.salaire_net.2026-01", {"expected a number", "a boolean"});
    }
    SUBCASE("a negative amount of money, unless the variable allows it") {
      expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": -500}}}})",
                        "individus.p1.salaire_net.2026-01",
                        {"the amount -500 for 'salaire_net' is negative", "positive numbers"});
      // Refused before a year's amount is spread over its months.
      expect_only_error(R"({"individus": {"p1": {"revenu_fiscal": {"2025": -0.01}}}})",
                        "individus.p1.revenu_fiscal.2025", {"-0.01", "is negative"});
      SituationResult zero =
          parse_text(R"({"individus": {"p1": {"salaire_net": {"2026-01": 0}}}})");
      CHECK(zero.errors.empty());
      // Alimony paid, written negative as OpenFisca does; a number may be negative.
      SituationResult allowed = parse_text(
          R"({"individus": {"p1": {"pension_versee": {"2025": -1200}, "heures_travaillees": {"2026-01": -3}}}})");
      INFO(show(allowed.errors));
      CHECK(allowed.errors.empty());
      CHECK(allowed.situation != nullptr);
    }
    SUBCASE("a fraction for an integer") {
      expect_only_error(R"({"individus": {"p1": {"age": {"2026-01": 40.5}}}})",
                        "individus.p1.age.2026-01", {"whole number", "40.5"});
    }
  }

  TEST_CASE("a number for a text variable is refused, not turned into text") {
    // "depcom": 6088 would silently be the commune 6088 instead of 06088 (Nice).
    expect_only_error(R"({"individus": {"p1": {"nom": {"ETERNITY": 6088}}}})",
                      "individus.p1.nom.ETERNITY",
                      {"expected a text (a JSON string)", "found a number", "between quotes"});
  }

  TEST_CASE("a period that does not parse") {
    for (const char* bad : {"2026-13", "26-01", "2026-01-15", "2026-00", "janvier", ""}) {
      std::string situation =
          std::string(R"({"individus": {"p1": {"salaire_net": {")") + bad + R"(": 1500}}}})";
      expect_only_error(situation, std::string("individus.p1.salaire_net.") + bad,
                        {std::string("'") + bad + "' is not a period"});
    }
  }

  TEST_CASE("a period of the wrong unit for the variable") {
    // A month for a yearly variable.
    expect_only_error(R"({"individus": {"p1": {"revenu_fiscal": {"2026-01": 30000}}}})",
                      "individus.p1.revenu_fiscal.2026-01",
                      {"'revenu_fiscal' is defined per year", "\"2026\""});
    // ETERNITY for a monthly variable.
    expect_only_error(R"({"individus": {"p1": {"salaire_net": {"ETERNITY": 1500}}}})",
                      "individus.p1.salaire_net.ETERNITY", {"'salaire_net' is defined per month"});
  }

  TEST_CASE("a value without a period and no default period") {
    expect_only_error(R"({"individus": {"p1": {"salaire_net": 1500}}})", "individus.p1.salaire_net",
                      {"give the period", "{\"2026-01\": 1500}"});
    expect_only_error(
        R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1"], "nb_enfants": 2}}})",
        "familles.f1.nb_enfants", {"give the period"});
  }

  TEST_CASE("a person in two familles") {
    expect_only_error(
        R"({"individus": {"p1": {}, "p2": {}}, "familles": {"f1": {"parents": ["p1"]}, "f2": {"parents": ["p2", "p1"]}}})",
        "familles.f2.parents.1", {"'p1' is already in famille 'f1'", "one famille only"});
  }

  TEST_CASE("a person twice in one famille") {
    expect_only_error(R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1", "p1"]}}})",
                      "familles.f1.parents.1", {"'p1' is already in famille 'f1'"});
    // In two roles of the same famille. JSON objects are read in key order: "enfants" before
    // "parents", so the second mention is the one in "parents".
    expect_only_error(
        R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1"], "enfants": ["p1"]}}})",
        "familles.f1.parents.0", {"'p1' is already in famille 'f1'"});
  }

  TEST_CASE("an unknown person in a role") {
    expect_only_error(R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1", "p9"]}}})",
                      "familles.f1.parents.1", {"unknown person 'p9'", "'individus'"});
    expect_only_error(
        R"({"individus": {"parent1": {}}, "familles": {"f1": {"parents": ["parent2"]}}})",
        "familles.f1.parents.0", {"unknown person 'parent2'", "did you mean 'parent1'?"});
    // A role member that is not a string.
    expect_only_error(R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": [1]}}})",
                      "familles.f1.parents.0", {"expected a person id", "a number"});
  }

  TEST_CASE("a role with too many members") {
    expect_only_error(
        R"({"individus": {"p1": {}, "p2": {}, "p3": {}}, "familles": {"f1": {"parents": ["p1", "p2", "p3"]}}})",
        "familles.f1.parents", {"at most 2", "3 are given"});
    expect_only_error(
        R"({"individus": {"p1": {}, "p2": {}}, "menages": {"m1": {"personne_de_reference": ["p1", "p2"]}}})",
        "menages.m1.personne_de_reference", {"at most 1"});
  }

  TEST_CASE("a role that is not a list") {
    expect_only_error(R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": 3}}})",
                      "familles.f1.parents", {"a role lists person ids", "a number"});
    expect_only_error(R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": {"p1": true}}}})",
                      "familles.f1.parents", {"a role lists person ids", "an object"});
  }

  TEST_CASE("a number out of range") {
    // 1e300 is far beyond the ±1.7 × 10^29 of a Decimal.
    expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1e300}}}})",
                      "individus.p1.salaire_net.2026-01", {"out of range"});
    expect_only_error(R"({"individus": {"p1": {"salaire_net": {"2026-01": -1e40}}}})",
                      "individus.p1.salaire_net.2026-01", {"out of range"});
    // 18446744073709551615 (2^64 - 1) fits: 1.8 × 10^19 < 1.7 × 10^29.
    CHECK(parse_text(R"({"individus": {"p1": {"salaire_net": {"2026-01": 18446744073709551615}}}})")
              .situation);
  }

  TEST_CASE("group instances must be objects") {
    expect_only_error(R"({"individus": {"p1": {}}, "familles": {"f1": ["p1"]}})", "familles.f1",
                      {"a famille is an object", "a list"});
    expect_only_error(R"({"individus": {"p1": {}}, "familles": ["f1"]})", "familles",
                      {"'familles' must be an object", "a list"});
  }

  TEST_CASE("every independent problem is reported") {
    SituationResult r = parse_text(R"({
      "individus": {"p1": {"salaire_nett": {"2026-01": 1}, "age": {"2026-13": 3}}},
      "familles": {"f1": {"parents": ["p9"]}},
      "foo": 1
    })");
    INFO(show(r.errors));
    CHECK(r.situation == nullptr);
    REQUIRE(r.errors.size() == 4);
    std::vector<std::string> paths;
    for (const SituationError& e : r.errors) paths.push_back(e.path);
    CHECK(std::find(paths.begin(), paths.end(), "foo") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "individus.p1.salaire_nett") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "individus.p1.age.2026-13") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "familles.f1.parents.0") != paths.end());
  }
}

TEST_SUITE("situation: limits") {
  TEST_CASE("errors are capped") {
    json situation;
    json& person = situation["individus"]["p1"];
    for (int i = 0; i < 1000; ++i) person["inconnue_" + std::to_string(i)] = 1;
    SituationResult r = parse(situation);
    CHECK(r.situation == nullptr);
    CHECK(r.errors.size() >= 1);
    CHECK(r.errors.size() <= 100);
  }

  TEST_CASE("deeply nested garbage never crashes") {
    // 100 000 levels of lists, built without recursion.
    auto deep = [] {
      json value = 1;
      for (int i = 0; i < 100000; ++i) {
        json wrapper = json::array();
        wrapper.push_back(std::move(value));
        value = std::move(wrapper);
      }
      return value;
    };
    SUBCASE("as a value for a period") {
      json situation;
      situation["individus"]["p1"]["salaire_net"]["2026-01"] = deep();
      SituationResult r = parse(situation);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].path == "individus.p1.salaire_net.2026-01");
    }
    SUBCASE("as a value without a period") {
      // The message shows an example of the value: it must not print (or recurse into) all of it.
      json situation;
      situation["individus"]["p1"]["salaire_net"] = deep();
      SituationResult r = parse(situation);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].path == "individus.p1.salaire_net");
      CHECK(r.errors[0].message.size() < 200);
    }
    SUBCASE("as a person, a role, a group and an unknown key") {
      json situation;
      situation["individus"]["p1"] = json::object();
      situation["individus"]["p2"] = deep();
      situation["familles"]["f1"]["parents"] = deep();
      situation["menages"]["m1"] = deep();
      situation["garbage"] = deep();
      SituationResult r = parse(situation);
      INFO(show(r.errors));
      CHECK(r.situation == nullptr);
      CHECK(r.errors.size() == 4);
    }
    SUBCASE("parsed from text") {
      std::string text = R"({"individus": {"p1": {"salaire_net": {"2026-01": )" +
                         std::string(50000, '[') + std::string(50000, ']') + "}}}}";
      json situation = json::parse(text);
      SituationResult r = parse(situation);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].path == "individus.p1.salaire_net.2026-01");
    }
  }
}

TEST_SUITE("situation: valid") {
  TEST_CASE("persons in no group get their own, in the first role") {
    SituationResult r = parse_text(
        R"({"individus": {"p1": {}, "p2": {}, "p3": {}}, "familles": {"f1": {"parents": ["p1"], "enfants": ["p3"]}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    const mesaides::Situation& s = *r.situation;
    const int32_t famille = entity("famille");
    const int32_t menage = entity("menage");
    // Persons are indexed in key order: p1, p2, p3.
    REQUIRE(s.person_ids == std::vector<std::string>{"p1", "p2", "p3"});
    // familles: f1 (p3 as enfant, then p1 as parent: "enfants" is read before "parents"), then p2's
    // own.
    REQUIRE(s.groups[static_cast<size_t>(famille)].size() == 2);
    const mesaides::GroupInstance& f1 = s.groups[static_cast<size_t>(famille)][0];
    CHECK(f1.id == "f1");
    CHECK(f1.members.size() == 2);
    const mesaides::GroupInstance& own = s.groups[static_cast<size_t>(famille)][1];
    CHECK(own.id == "p2");
    CHECK(own.members == std::vector<int32_t>{1});
    CHECK(own.roles == std::vector<int32_t>{0});  // parents
    CHECK(s.person_group[static_cast<size_t>(famille)] == std::vector<int32_t>{0, 1, 0});
    CHECK(s.person_role[static_cast<size_t>(famille)] == std::vector<int32_t>{0, 0, 1});
    // No menage given: one per person, named after the person.
    REQUIRE(s.groups[static_cast<size_t>(menage)].size() == 3);
    CHECK(s.groups[static_cast<size_t>(menage)][2].id == "p3");
    CHECK(s.member_count(program(), famille) == 2);
    CHECK(s.member_id(program(), famille, 1) == "p2");
    CHECK(s.member_count(program(), program().person_entity) == 3);
  }

  TEST_CASE("many persons and values: each found as given, and only those") {
    // 300 persons (p000 … p299, in key order), all children of one famille; person i earns i € in
    // January 2026 and i + 1 € in February, and, when i is even, was born on 1 January 2000.
    json situation;
    json& enfants = situation["familles"]["f1"]["enfants"] = json::array();
    for (int i = 0; i < 300; ++i) {
      std::string id = std::to_string(1000 + i).replace(0, 1, "p");
      json& person = situation["individus"][id];
      person["salaire_net"] = {{"2026-01", i}, {"2026-02", i + 1}};
      if (i % 2 == 0) person["date_naissance"] = {{"ETERNITY", "2000-01-01"}};
      enfants.push_back(id);
    }
    SituationResult r = parse(situation);
    INFO(show(r.errors));
    REQUIRE(r.situation);
    const mesaides::Situation& s = *r.situation;
    const int32_t salaire = *program().find_variable("salaire_net");
    const int32_t naissance = *program().find_variable("date_naissance");
    const int32_t famille = entity("famille");
    REQUIRE(s.person_ids.size() == 300);
    CHECK(s.groups[static_cast<size_t>(famille)].size() == 1);
    CHECK(s.groups[static_cast<size_t>(famille)][0].members.size() == 300);
    for (int32_t i = 0; i < 300; ++i) {
      CHECK(s.person_ids[static_cast<size_t>(i)] == std::to_string(1000 + i).replace(0, 1, "p"));
      CHECK(s.person_group[static_cast<size_t>(famille)][static_cast<size_t>(i)] == 0);
      const auto* salaries = s.inputs(salaire, i);
      REQUIRE(salaries != nullptr);
      REQUIRE(salaries->size() == 2);
      CHECK((*salaries)[0].value == Value::of_number(Decimal::from_int(i)));
      CHECK((*salaries)[1].value == Value::of_number(Decimal::from_int(i + 1)));
      CHECK((*salaries)[1].period.to_string() == "2026-02");
      CHECK((s.inputs(naissance, i) != nullptr) == (i % 2 == 0));
    }
    // Nothing is given for a member beyond them, nor for a variable no one has.
    CHECK(s.inputs(salaire, 300) == nullptr);
    CHECK(s.inputs(*program().find_variable("loyer"), 0) == nullptr);
  }

  TEST_CASE("a role given as a single name or null") {
    SituationResult r = parse_text(
        R"({"individus": {"p1": {}, "p2": {}}, "menages": {"m1": {"personne_de_reference": "p1", "autres": null}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    const int32_t menage = entity("menage");
    CHECK(r.situation->groups[static_cast<size_t>(menage)][0].members == std::vector<int32_t>{0});
    // p2 is in no menage given, so it gets its own.
    CHECK(r.situation->groups[static_cast<size_t>(menage)].size() == 2);
  }

  TEST_CASE("null values become requests") {
    SituationResult r = parse_text(R"({
      "individus": {"p1": {"salaire_net": {"2026-01": null, "2026-02": 1500}}},
      "familles": {"f1": {"parents": ["p1"], "af": {"2026-03": null}}}
    })");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    const auto& requests = r.situation->requests;
    REQUIRE(requests.size() == 2);
    // Persons first, then groups.
    CHECK(requests[0].variable == var("salaire_net"));
    CHECK(requests[0].member == 0);
    CHECK(requests[0].period == month(2026, 1));
    CHECK(requests[1].variable == var("af"));
    CHECK(requests[1].member == 0);
    CHECK(requests[1].period == month(2026, 3));
    // The null is not an input; the number is.
    const auto* given = r.situation->inputs(var("salaire_net"), 0);
    REQUIRE(given);
    REQUIRE(given->size() == 1);
    CHECK(given->front().period == month(2026, 2));
    CHECK(given->front().value == Value::of_number(Decimal::from_int(1500)));
  }

  TEST_CASE("values of every type") {
    SituationResult r = parse_text(R"({
      "individus": {"p1": {
        "salaire_net": {"2026-01": 1234.56},
        "age": {"2026-01": 40},
        "est_etudiant": {"2026-01": true},
        "date_naissance": {"ETERNITY": "1986-02-28"},
        "nom": "Dupont"
      }},
      "menages": {"m1": {"personne_de_reference": ["p1"], "statut_logement": {"2026-01": "proprietaire"}}}
    })");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    const mesaides::Situation& s = *r.situation;
    // 1234.56 read from a double is exactly 1234.56 (shortest round-trip text).
    CHECK(s.inputs(var("salaire_net"), 0)->front().value ==
          Value::of_number(*Decimal::parse("1234.56")));
    CHECK(s.inputs(var("age"), 0)->front().value == Value::of_number(Decimal::from_int(40)));
    CHECK(s.inputs(var("est_etudiant"), 0)->front().value == Value::of_bool(true));
    CHECK(s.inputs(var("date_naissance"), 0)->front().value ==
          Value::of_date(*mesaides::Date::from_ymd(1986, 2, 28)));
    CHECK(s.inputs(var("date_naissance"), 0)->front().period == Period::eternity());
    CHECK(s.inputs(var("nom"), 0)->front().value == Value::of_text("Dupont"));
    // proprietaire is the third item (index 2).
    CHECK(s.inputs(var("statut_logement"), 0)->front().value == Value::of_enum(2));
  }

  TEST_CASE("a yearly amount is spread over the months of a divide variable") {
    SituationResult r = parse_text(R"({"individus": {"p1": {"salaire_net": {"2026": 12000}}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    Evaluation eval(program(), *r.situation, false);
    // 12000 / 12 = 1000 each month of 2026.
    CHECK(eval.compute(var("salaire_net"), 0, month(2026, 3)) ==
          Value::of_number(Decimal::from_int(1000)));
    CHECK(eval.compute(var("salaire_net"), 0, month(2026, 12)) ==
          Value::of_number(Decimal::from_int(1000)));
    // Not given for 2027: the default, 0.
    CHECK(eval.compute(var("salaire_net"), 0, month(2027, 1)) == Value::of_number(Decimal()));
    // 1000 = 12 × 83.333333333 + 0.000000004: the 4 billionths left go to the months where the
    // cumulative share floor(4 × (i + 1) / 12) goes up (i = 2, 5, 8, 11: March, June, September,
    // December), so that the twelve months add up to exactly 1000.
    SituationResult r2 = parse_text(R"({"individus": {"p1": {"salaire_net": {"2026": 1000}}}})");
    REQUIRE(r2.situation);
    Evaluation eval2(program(), *r2.situation, false);
    CHECK(eval2.compute(var("salaire_net"), 0, month(2026, 5)) ==
          Value::of_number(*Decimal::parse("83.333333333")));
    CHECK(eval2.compute(var("salaire_net"), 0, month(2026, 3)) ==
          Value::of_number(*Decimal::parse("83.333333334")));
    CHECK(eval2.compute(var("salaire_net"), 0, month(2026, 12)) ==
          Value::of_number(*Decimal::parse("83.333333334")));
    Decimal total;
    for (int m = 1; m <= 12; ++m)
      total = *mesaides::checked_add(total,
                                     eval2.compute(var("salaire_net"), 0, month(2026, m)).number);
    CHECK(total == Decimal::from_int(1000));
  }

  TEST_CASE("a yearly state is repeated on the months of a duplicate variable") {
    SituationResult r = parse_text(
        R"({"individus": {"p1": {"heures_travaillees": {"2026": 35}, "est_etudiant": {"2026": true}}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    Evaluation eval(program(), *r.situation, false);
    // duplicate: 35 every month, not 35 / 12.
    CHECK(eval.compute(var("heures_travaillees"), 0, month(2026, 7)) ==
          Value::of_number(Decimal::from_int(35)));
    // A boolean is a state (duplicate by default).
    CHECK(eval.compute(var("est_etudiant"), 0, month(2026, 2)) == Value::of_bool(true));
    CHECK(eval.compute(var("est_etudiant"), 0, month(2025, 12)) == Value::of_bool(false));
  }

  TEST_CASE("a value given for two years is spread (amounts) or repeated (states)") {
    SituationResult r = parse_text(R"({"individus": {"p1": {
        "revenu_fiscal": {"year:2025:2": 30000},
        "salaire_net": {"year:2025:2": 30000},
        "heures_travaillees": {"year:2025:2": 35}}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    Evaluation eval(program(), *r.situation, false);
    // A yearly amount over two years: 30000 × 12 / 24 = 15000 each year.
    CHECK(eval.compute(var("revenu_fiscal"), 0, Period::year(2025)) ==
          Value::of_number(Decimal::from_int(15000)));
    CHECK(eval.compute(var("revenu_fiscal"), 0, Period::year(2026)) ==
          Value::of_number(Decimal::from_int(15000)));
    // A monthly amount over 24 months: 30000 / 24 = 1250 each month.
    CHECK(eval.compute(var("salaire_net"), 0, month(2026, 6)) ==
          Value::of_number(Decimal::from_int(1250)));
    // A state: 35 every month of both years.
    CHECK(eval.compute(var("heures_travaillees"), 0, month(2025, 1)) ==
          Value::of_number(Decimal::from_int(35)));
    CHECK(eval.compute(var("heures_travaillees"), 0, month(2026, 12)) ==
          Value::of_number(Decimal::from_int(35)));
    // Outside the two years: the defaults.
    CHECK(eval.compute(var("revenu_fiscal"), 0, Period::year(2027)) == Value::of_number(Decimal()));
  }

  TEST_CASE("a year given with some of its months leaves the rest of the amount to the others") {
    // OpenFisca (set_input_divide_by_period, small periods set first): the months given are kept,
    // and the year's amount less those months is spread over the months not given. Its generated
    // cases give a year's taxable salary with its last months (dev-076, dev-218, dev-222).
    SituationResult r = parse_text(R"({"individus": {"p1": {"salaire_net": {
        "2025-05": 1000, "2025-06": 1000, "2025-07": 1000, "2025-08": 1000, "2025-09": 1000,
        "2025-10": 1000, "2025-11": 1000, "2025-12": 2000, "2025": 13000},
        "revenu_fiscal": {"year:2025:2": 30000, "2026": 10000}}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    Evaluation eval(program(), *r.situation, false);
    // (13000 − 7 × 1000 − 2000) / 4 = 1000 for each of January to April, not 13000 / 12.
    CHECK(eval.compute(var("salaire_net"), 0, month(2025, 1)) ==
          Value::of_number(Decimal::from_int(1000)));
    CHECK(eval.compute(var("salaire_net"), 0, month(2025, 4)) ==
          Value::of_number(Decimal::from_int(1000)));
    // The months given are kept, and the year adds up to the amount given.
    CHECK(eval.compute(var("salaire_net"), 0, month(2025, 12)) ==
          Value::of_number(Decimal::from_int(2000)));
    CHECK(eval.compute(var("salaire_net"), 0, Period::year(2025)) ==
          Value::of_number(Decimal::from_int(13000)));
    // A yearly amount over two years with one of them given: 30000 − 10000 = 20000 for 2025.
    CHECK(eval.compute(var("revenu_fiscal"), 0, Period::year(2025)) ==
          Value::of_number(Decimal::from_int(20000)));
    CHECK(eval.compute(var("revenu_fiscal"), 0, Period::year(2026)) ==
          Value::of_number(Decimal::from_int(10000)));
  }

  TEST_CASE("a month inside a quarter inside a year: each value is spread where it is not given") {
    SituationResult r = parse_text(R"({"individus": {"p1": {"salaire_net": {
        "2025": 12900, "month:2025-01:3": 3000, "2025-02": 1200}}}})");
    INFO(show(r.errors));
    REQUIRE(r.situation);
    Evaluation eval(program(), *r.situation, false);
    // The quarter less February: (3000 − 1200) / 2 = 900 for January and March.
    CHECK(eval.compute(var("salaire_net"), 0, month(2025, 1)) ==
          Value::of_number(Decimal::from_int(900)));
    CHECK(eval.compute(var("salaire_net"), 0, month(2025, 2)) ==
          Value::of_number(Decimal::from_int(1200)));
    // The year less the quarter (February is inside it): (12900 − 3000) / 9 = 1100 for April to
    // December.
    CHECK(eval.compute(var("salaire_net"), 0, month(2025, 4)) ==
          Value::of_number(Decimal::from_int(1100)));
    CHECK(eval.compute(var("salaire_net"), 0, Period::year(2025)) ==
          Value::of_number(Decimal::from_int(12900)));
  }

  TEST_CASE("values without a period take the default period") {
    SituationResult r = parse_text(
        R"({"individus": {"p1": {"salaire_net": 1500, "revenu_fiscal": 20000}}})", month(2026, 4));
    INFO(show(r.errors));
    REQUIRE(r.situation);
    const auto* salary = r.situation->inputs(var("salaire_net"), 0);
    REQUIRE(salary);
    CHECK(salary->front().period == month(2026, 4));
    // A yearly variable given without a period, with a month as default: the calendar year.
    const auto* income = r.situation->inputs(var("revenu_fiscal"), 0);
    REQUIRE(income);
    CHECK(income->front().period == Period::year(2026));
  }
}

TEST_SUITE("situation: reused") {
  // A request read in place (api.cpp) fills the thread's previous situation, emptied, instead of a
  // new one: nothing of the previous one may remain.
  TEST_CASE("a situation reused for another one holds that one only, as a new one would") {
    const std::string first_text = R"({
      "individus": {"a": {"salaire_net": {"2026-01": 1000, "2026-02": 1100}, "nom": "Ana"},
                    "b": {"age": {"2026-01": 40}}, "c": {}},
      "familles": {"f": {"parents": ["a", "b"], "enfants": ["c"], "nb_enfants": {"2026-01": 1},
                         "af": {"2026-01": null}}},
      "menages": {"m": {"personne_de_reference": ["a"], "statut_logement": {"2026-01": "proprietaire"}}}
    })";
    const std::string second_text = R"({
      "individus": {"z": {"age": {"2026-03": 30}}},
      "familles": {"g": {"parents": ["z"]}}
    })";
    json first_json = json::parse(first_text), second_json = json::parse(second_text);
    mesaides::json_text::Doc first_doc, second_doc;
    first_doc.assign(first_json);
    second_doc.assign(second_json);
    SituationResult first = mesaides::parse_situation(program(), first_doc.root());
    REQUIRE(first.situation);
    REQUIRE(first.situation->inputs(var("salaire_net"), 0));
    SituationResult reused = mesaides::parse_situation(program(), second_doc.root(), std::nullopt,
                                                       std::move(first.situation));
    SituationResult fresh = mesaides::parse_situation(program(), second_doc.root());
    REQUIRE(reused.situation);
    REQUIRE(fresh.situation);
    const mesaides::Situation& r = *reused.situation;
    const mesaides::Situation& f = *fresh.situation;
    CHECK(r.person_ids == f.person_ids);
    CHECK(r.person_ids == std::vector<std::string>{"z"});
    CHECK(r.requests.empty());
    for (const char* e : {"famille", "menage"}) {
      const auto en = static_cast<size_t>(entity(e));
      INFO("entity ", e);
      REQUIRE(r.groups[en].size() == f.groups[en].size());
      for (size_t i = 0; i < r.groups[en].size(); ++i) {
        CHECK(r.groups[en][i].id == f.groups[en][i].id);
        CHECK(r.groups[en][i].members == f.groups[en][i].members);
        CHECK(r.groups[en][i].roles == f.groups[en][i].roles);
      }
      CHECK(r.person_group[en] == f.person_group[en]);
      CHECK(r.person_role[en] == f.person_role[en]);
    }
    // The values of the first situation are gone; the second's are there.
    for (const char* v : {"salaire_net", "nom", "nb_enfants", "statut_logement"}) {
      INFO("variable ", v);
      CHECK(r.inputs(var(v), 0) == nullptr);
    }
    const auto* age = r.inputs(var("age"), 0);
    REQUIRE(age);
    REQUIRE(age->size() == 1);
    CHECK(age->front().period == month(2026, 3));
    CHECK(age->front().value == Value::of_number(Decimal::from_int(30)));
  }
}
