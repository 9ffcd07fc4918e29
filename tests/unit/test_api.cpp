// Unit tests of core/api: the shape of compute_json's answer (values placed under the entity's
// plural, the member's id, the variable and the period; explanations, benefits, trace), errors as
// {"ok": false, "error": {...}} for a bad situation or request, and the validation done by
// handle_request and handle_request_text. Expected values are derived by hand in comments.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "api.h"
#include "program.h"

namespace {

using mesaides::ComputeOptions;
using mesaides::Period;
using mesaides::Program;
using nlohmann::json;

const char* const kRules = R"RULES(
entity individu { plural: individus }

group famille {
  plural: familles
  role parents { plural: parents  max: 2 }
  role enfants { plural: enfants }
}

parameter bmaf { label: "BMAF"  unit: money  2025-04-01: 474.37 ref "Instruction 2025" "https://example.org/2025" }
parameter taux_af { unit: rate  2020-01-01: 0.32 }

variable age { entity: individu  period: month  type: integer  label: "Âge" }
variable salaire_net { entity: individu  period: month  type: money  label: "Salaire net" }
variable heures { entity: individu  period: month  type: number }
variable rfr { entity: individu  period: year  type: money
  formula from 2020-01-01 { salaire_net }
}
variable ratio { entity: individu  period: month  type: number
  formula from 2020-01-01 { salaire_net / heures }
}
variable nb_enfants { entity: famille  period: month  type: integer
  formula from 2020-01-01 { count(enfants: age < 20) }
}
variable af_base { entity: famille  period: month  type: money  label: "AF de base"
  reference: "Article D521-1 du Code de la sécurité sociale"
  formula from 2020-01-01 {
    let n = nb_enfants
    require n >= 2 else "Il faut au moins deux enfants à charge ; ici {n}."
    round(bmaf * taux_af, 0.01)
  }
}
variable af_eligible { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { nb_enfants >= 2 }
}

benefit af {
  label: "Allocations familiales"
  institution: "CAF"
  periodicity: month
  amount: af_base
  eligibility: af_eligible
  apply: "https://www.caf.fr/"
  reference: "Articles L521-1 et suivants du Code de la sécurité sociale" "https://example.org/l521"
  not_simulated: "La résidence en France"
  meta: source_id "af-source"
}
)RULES";

const Program& program() {
  static std::shared_ptr<const Program> loaded = [] {
    std::vector<mesaides::SourceFile> files;
    files.push_back({"test_api.rules", kRules});
    mesaides::LoadResult result = mesaides::load_program(std::move(files));
    INFO(result.rendered);
    REQUIRE(result.program != nullptr);
    return result.program;
  }();
  return *loaded;
}

// Loads rules of a test of its own (the checker's messages shown on failure).
std::shared_ptr<const Program> load(const char* path, const std::string& rules) {
  std::vector<mesaides::SourceFile> files;
  files.push_back({path, rules});
  mesaides::LoadResult result = mesaides::load_program(std::move(files));
  INFO(result.rendered);
  REQUIRE(result.program != nullptr);
  return result.program;
}

// A famille of one parent and two children under 20: af_base = 474.37 × 0.32 = 151.7984 → 151.80.
const char* const kTwoChildren = R"({
  "individus": {"p1": {"salaire_net": {"2026-01": 2000}},
                "e1": {"age": {"2026-01": 5}},
                "e2": {"age": {"2026-01": 7}}},
  "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}
})";

// One child: af_base is refused.
const char* const kOneChild = R"({
  "individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}},
  "familles": {"f1": {"parents": ["p1"], "enfants": ["e1"]}}
})";

ComputeOptions options(std::vector<std::string> variables, const char* period = "2026-01") {
  ComputeOptions o;
  o.period = Period::parse(period);
  o.variables = std::move(variables);
  return o;
}

json compute(const char* situation, const ComputeOptions& o) {
  return mesaides::compute_json(program(), json::parse(situation), o);
}

json request(const std::string& text) {
  return mesaides::handle_request(program(), json::parse(text));
}

std::string kind_of(const json& result) {
  if (!result.contains("error")) return "(no error: " + result.dump() + ")";
  return result["error"].value("kind", "?");
}
std::string message_of(const json& result) {
  if (!result.contains("error")) return "(no error: " + result.dump() + ")";
  return result["error"].value("message", "?");
}
bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

}  // namespace

TEST_SUITE("api: compute_json") {
  TEST_CASE("values are placed under entity plural / id / variable / period") {
    json out = compute(kTwoChildren, options({"af_base", "nb_enfants"}));
    INFO(out.dump(2));
    CHECK(out["ok"] == true);
    CHECK(out["period"] == "2026-01");
    // The newest date of any parameter value.
    CHECK(out["law_date"] == "2025-04-01");
    // 474.37 × 0.32 = 151.7984 → 151.80, written as the nearest double.
    CHECK(out["familles"]["f1"]["af_base"]["2026-01"] == 151.8);
    // Whole numbers are written as integers: 2 children under 20.
    CHECK(out["familles"]["f1"]["nb_enfants"]["2026-01"] == 2);
    CHECK(out["familles"]["f1"]["nb_enfants"]["2026-01"].is_number_integer());
    // The situation is given back: roles and inputs.
    CHECK(out["familles"]["f1"]["parents"] == json::array({"p1"}));
    CHECK(out["individus"]["e1"]["age"]["2026-01"] == 5);
    CHECK(out["individus"]["p1"]["salaire_net"]["2026-01"] == 2000);
    CHECK_FALSE(out.contains("errors"));
    CHECK_FALSE(out.contains("explanations"));
    CHECK_FALSE(out.contains("benefits"));
    CHECK_FALSE(out.contains("trace"));
  }

  TEST_CASE("a person variable is computed for every person") {
    json out = compute(kTwoChildren, options({"age"}));
    // Given for e1 (5) and e2 (7); p1's is the default, 0.
    CHECK(out["individus"]["p1"]["age"]["2026-01"] == 0);
    CHECK(out["individus"]["e1"]["age"]["2026-01"] == 5);
    CHECK(out["individus"]["e2"]["age"]["2026-01"] == 7);
  }

  TEST_CASE("groups made for lone persons appear in the answer with their roles") {
    json out = compute(R"({"individus": {"seul": {}}})", options({"nb_enfants"}));
    INFO(out.dump(2));
    CHECK(out["familles"]["seul"]["parents"] == json::array({"seul"}));
    CHECK(out["familles"]["seul"]["nb_enfants"]["2026-01"] == 0);
  }

  TEST_CASE("a yearly variable asked for a month is given for the calendar year") {
    json out =
        compute(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000, "2026-07": 500.5}}}})",
                options({"rfr"}, "2026-03"));
    // rfr = the sum of salaire_net over 2026 = 1000 + 500.5 = 1500.5, under "2026".
    CHECK(out["individus"]["p1"]["rfr"]["2026"] == 1500.5);
    CHECK_FALSE(out["individus"]["p1"]["rfr"].contains("2026-03"));
  }

  TEST_CASE("null values in the situation are computed for their own period") {
    json out = mesaides::compute_json(
        program(),
        json::parse(
            R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {"age": {"2026-01": 7}}},
                                   "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"],
                                                       "af_base": {"2026-01": null}}}})"),
        ComputeOptions{});
    INFO(out.dump(2));
    CHECK(out["ok"] == true);
    CHECK(out["familles"]["f1"]["af_base"]["2026-01"] == 151.8);
    CHECK_FALSE(out.contains("period"));
  }

  TEST_CASE("runtime errors: the value is null and the error listed") {
    json out =
        compute(R"({"individus": {"p1": {"salaire_net": {"2026-01": 10}}}})", options({"ratio"}));
    INFO(out.dump(2));
    CHECK(out["ok"] == true);
    CHECK(out["individus"]["p1"]["ratio"]["2026-01"].is_null());
    REQUIRE(out["errors"].size() == 1);
    // As an object: its kind, the message, the rule and the place of the expression that failed.
    const json& error = out["errors"][0];
    CHECK(error["kind"] == "division_by_zero");
    CHECK(error["message"] == "ratio (p1, 2026-01): division by zero in 'salaire_net / heures'");
    CHECK(error["variable"] == "ratio");
    CHECK(error["at"] == "test_api.rules:20:29");
    // The same object in the explanation and the trace.
    ComputeOptions explained = options({"ratio"});
    explained.explain = true;
    explained.trace = true;
    json more = compute(R"({"individus": {"p1": {"salaire_net": {"2026-01": 10}}}})", explained);
    CHECK(more["explanations"]["ratio"]["p1"]["2026-01"]["error"] == error);
    CHECK(more["trace"]["flat"]["ratio<2026-01>"]["errors"]["p1"] == error);
  }

  TEST_CASE("a bad situation: ok false, kind situation, each error with its path") {
    json out =
        compute(R"({"individus": {"p1": {"salaire_nett": {"2026-01": 1}, "age": {"2026-13": 3}}}})",
                options({"age"}));
    INFO(out.dump(2));
    CHECK(out["ok"] == false);
    CHECK(kind_of(out) == "situation");
    REQUIRE(out["error"]["errors"].size() == 2);
    // The message is the first error, prefixed with its path. Person variables are read in key
    // order: "age" before "salaire_nett".
    CHECK(message_of(out) == out["error"]["errors"][0]["path"].get<std::string>() + ": " +
                                 out["error"]["errors"][0]["message"].get<std::string>());
    CHECK(out["error"]["errors"][0]["path"] == "individus.p1.age.2026-13");
    CHECK(out["error"]["errors"][1]["path"] == "individus.p1.salaire_nett");
    CHECK(contains(out["error"]["errors"][1]["message"].get<std::string>(),
                   "did you mean 'salaire_net'?"));
    CHECK_FALSE(out.contains("individus"));
  }

  TEST_CASE("a bad request: unknown variable, or no period") {
    json unknown = compute(kTwoChildren, options({"af_bas"}));
    CHECK(unknown["ok"] == false);
    CHECK(kind_of(unknown) == "request");
    CHECK(message_of(unknown) == "unknown variable 'af_bas' (did you mean 'af_base'?)");
    ComputeOptions no_period;
    no_period.variables = {"af_base"};
    json out = mesaides::compute_json(program(), json::parse(kTwoChildren), no_period);
    CHECK(kind_of(out) == "request");
    CHECK(message_of(out) == "a period is needed to compute variables (e.g. \"2026-01\")");
  }

  TEST_CASE("explanations: status, reason, missing inputs") {
    ComputeOptions o = options({"af_base"});
    o.explain = true;
    json refused = compute(kOneChild, o);
    INFO(refused.dump(2));
    const json& e = refused["explanations"]["af_base"]["f1"]["2026-01"];
    // One child: n = 1 < 2, af_base = 0 with the message.
    CHECK(e["value"] == 0);
    CHECK(e["status"] == "not_eligible");
    CHECK(e["reason"] == "Il faut au moins deux enfants à charge ; ici 1.");
    CHECK(e["missing_inputs"] == json::array());

    // e2's age is not given: it counts as 0 (< 20), so n = 2 and af_base is paid, but the age is
    // listed as missing.
    json missing = compute(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}},
                               "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}})",
                           o);
    INFO(missing.dump(2));
    const json& m = missing["explanations"]["af_base"]["f1"]["2026-01"];
    CHECK(m["value"] == 151.8);
    CHECK(m["status"] == "computed");
    CHECK_FALSE(m.contains("reason"));
    CHECK(m["missing_inputs"] ==
          json::parse(R"([{"variable": "age", "label": "Âge", "entity": "individus",
                                                  "id": "e2", "periods": ["2026-01"]}])"));
  }

  TEST_CASE("benefits: amount, eligibility, reason, links") {
    ComputeOptions o;
    o.period = Period::parse("2026-01");
    o.benefits = true;
    json out = compute(kOneChild, o);
    INFO(out.dump(2));
    REQUIRE(out["benefits"].size() == 1);
    const json& b = out["benefits"][0];
    CHECK(b["name"] == "af");
    CHECK(b["label"] == "Allocations familiales");
    CHECK(b["institution"] == "CAF");
    CHECK(b["periodicity"] == "month");
    CHECK(b["entity"] == "familles");
    CHECK(b["id"] == "f1");
    CHECK(b["period"] == "2026-01");
    CHECK(b["amount"] == 0);
    CHECK(b["eligible"] == false);
    // af_eligible is false without a reason of its own: the amount's reason is kept.
    CHECK(b["reason"] == "Il faut au moins deux enfants à charge ; ici 1.");
    CHECK(b["apply"] == "https://www.caf.fr/");
    CHECK(b["amount_kind"] == "paid");

    // Without the details: what was computed only; the fixed description is describe_benefits'.
    ComputeOptions compact = o;
    compact.benefit_details = false;
    json brief = compute(kOneChild, compact)["benefits"][0];
    INFO(brief.dump(2));
    CHECK(brief["name"] == "af");
    CHECK(brief["eligible"] == false);
    CHECK(brief["reason"] == b["reason"]);
    CHECK(brief["missing_inputs"] == b["missing_inputs"]);
    for (const char* key : {"label", "institution", "apply", "not_simulated", "references"}) {
      INFO(key);
      CHECK_FALSE(brief.contains(key));
    }
    CHECK(b["not_simulated"] == json::array({"La résidence en France"}));
    CHECK(b["references"][0]["url"] == "https://example.org/l521");
    CHECK(b["meta"] == json{{"source_id", "af-source"}});
    // Missing inputs are always given with the benefits (the questionnaire asks them): here
    // every input is given.
    CHECK(b["missing_inputs"] == json::array());

    json paid = compute(kTwoChildren, o);
    const json& p = paid["benefits"][0];
    CHECK(p["amount"] == 151.8);
    CHECK(p["eligible"] == true);
    CHECK_FALSE(p.contains("reason"));

    // Without `explain`, an input not given is still listed: e2's age decides the amount.
    json unknown = compute(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}},
                               "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}})",
                           o);
    INFO(unknown.dump(2));
    CHECK(unknown["benefits"][0]["missing_inputs"] ==
          json::parse(R"([{"variable": "age", "label": "Âge", "entity": "individus",
                           "id": "e2", "periods": ["2026-01"]}])"));
    // Without the details, the same inputs without their labels (describe_variables has them).
    json unknown_brief =
        compute(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}})",
                compact);
    CHECK(unknown_brief["benefits"][0]["missing_inputs"] ==
          json::parse(R"([{"variable": "age", "entity": "individus", "id": "e2",
                           "periods": ["2026-01"]}])"));
  }

  TEST_CASE("benefits: a line and its missing inputs, member by member, in key order") {
    ComputeOptions o;
    o.period = Period::parse("2026-01");
    o.benefits = true;
    o.benefit_details = false;
    json out = compute(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}},
                           "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}})",
                       o);
    // e2's age not given: its default (a child) makes two children, af is paid, and the age is
    // the one input listed.
    CHECK(out["benefits"][0].dump() ==
          R"({"amount":151.8,"amount_kind":"paid","eligible":true,"entity":"familles","id":"f1",)"
          R"("missing_inputs":[{"entity":"individus","id":"e2","periods":["2026-01"],)"
          R"("variable":"age"}],"name":"af","period":"2026-01","periodicity":"month"})");
  }

  TEST_CASE(
      "benefits without reasons: the same amounts and verdicts, no reason, no missing input") {
    // What a what-if chart asks: amounts only. Each line is the line with reasons less its
    // `reason` and `missing_inputs`, for a refusal with a reason, a payment, and an input not
    // given.
    for (const char* situation :
         {kOneChild, kTwoChildren,
          R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}},
              "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}})"}) {
      for (bool details : {true, false}) {
        ComputeOptions with;
        with.period = Period::parse("2026-01");
        with.benefits = true;
        with.benefit_details = details;
        ComputeOptions without = with;
        without.benefit_reasons = false;
        json all = compute(situation, with);
        json amounts = compute(situation, without);
        INFO(situation, " ", details);
        REQUIRE(all["benefits"].size() == amounts["benefits"].size());
        for (size_t i = 0; i < all["benefits"].size(); ++i) {
          json expected = all["benefits"][i];
          expected.erase("reason");
          expected.erase("missing_inputs");
          CHECK(amounts["benefits"][i] == expected);
        }
        all.erase("benefits");
        amounts.erase("benefits");
        CHECK(amounts == all);
      }
    }
    // The refusal above has a reason, and the line without reasons has none.
    ComputeOptions o;
    o.period = Period::parse("2026-01");
    o.benefits = true;
    o.benefit_reasons = false;
    const json refused = compute(kOneChild, o)["benefits"][0];
    CHECK(refused["eligible"] == false);
    CHECK(refused["amount"] == 0);
    CHECK_FALSE(refused.contains("reason"));
    CHECK_FALSE(refused.contains("missing_inputs"));
    o.benefit_reasons = true;
    CHECK(compute(kOneChild, o)["benefits"][0]["reason"] ==
          "Il faut au moins deux enfants à charge ; ici 1.");
  }

  TEST_CASE("benefits: a participation of 0 is eligible (free), and is not a refusal") {
    // The AF base read as a participation the household pays for a benefit in kind, open to
    // every famille.
    std::string rules = std::string(kRules) + R"(
variable ouvert_a_tous { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { true }
}
benefit en_nature {
  label: "Prestation en nature"
  institution: "CAF"
  periodicity: month
  amount: af_base
  amount_kind: participation
  eligibility: ouvert_a_tous
  apply: "https://www.caf.fr/"
}
)";
    std::shared_ptr<const Program> loaded = load("participation.rules", rules);
    ComputeOptions o;
    o.period = Period::parse("2026-01");
    o.benefits = true;
    json out = mesaides::compute_json(*loaded, json::parse(kOneChild), o);
    INFO(out.dump(2));
    REQUIRE(out["benefits"].size() == 2);
    // One child: af_base = 0. As a paid amount, a refusal; as a participation, « free ».
    CHECK(out["benefits"][0]["name"] == "af");
    CHECK(out["benefits"][0]["eligible"] == false);
    CHECK(out["benefits"][1]["name"] == "en_nature");
    CHECK(out["benefits"][1]["amount_kind"] == "participation");
    CHECK(out["benefits"][1]["amount"] == 0);
    CHECK(out["benefits"][1]["eligible"] == true);
  }

  TEST_CASE("territory: a household living elsewhere is outside, not computed per person") {
    // A town's aid for every person of a ménage whose commune is 35238 (the territory variable is
    // the ménage's), and a second condition read per person.
    std::string rules = std::string(kRules) + R"(
group menage {
  plural: menages
  role personne_de_reference { plural: personne_de_reference  max: 1 }
  role autres { plural: autres }
}
variable depcom { entity: menage  period: month  type: text  label: "Commune" }
variable habite_rennes { entity: menage  period: month  type: boolean
  formula from 2020-01-01 { depcom == "35238" }
}
variable jeune { entity: individu  period: month  type: boolean  label: "Jeune" }
variable aide_rennes { entity: individu  period: month  type: boolean
  formula from 2020-01-01 {
    require menage.habite_rennes else "Réservée aux habitants de Rennes"
    jeune
  }
}
benefit aide_rennes {
  label: "Aide de Rennes"
  institution: "Ville de Rennes"
  amount: aide_rennes
  eligibility: aide_rennes
  territory: habite_rennes
}
)";
    std::shared_ptr<const Program> loaded = load("territory.rules", rules);
    ComputeOptions o;
    o.period = Period::parse("2026-01");
    o.benefits = true;
    o.benefit_details = false;
    auto lines_of = [&](const char* depcom) {
      std::string situation =
          std::string(R"({"individus": {"p1": {"jeune": {"2026-01": true}}, "p2": {}},)") +
          R"("menages": {"m1": {"personne_de_reference": ["p1"], "autres": ["p2"])" +
          (depcom ? std::string(R"(, "depcom": {"2026-01": ")") + depcom + "\"}" : "") + "}}}";
      json out = mesaides::compute_json(*loaded, json::parse(situation), o);
      INFO(out.dump(2));
      json lines = json::array();
      for (const json& b : out["benefits"])
        if (b["name"] == "aide_rennes") lines.push_back(b);
      return std::make_pair(lines, out["outside_territory"]);
    };
    SUBCASE("elsewhere: no line, named outside") {
      auto [lines, outside] = lines_of("13055");
      CHECK(lines.empty());
      CHECK(outside == json::array({"aide_rennes"}));
    }
    SUBCASE("inside: a line per person, each with its own answer") {
      auto [lines, outside] = lines_of("35238");
      CHECK(outside == json::array());
      REQUIRE(lines.size() == 2);
      CHECK(lines[0]["eligible"] == true);
      CHECK(lines[1]["eligible"] == false);
      CHECK(lines[1]["missing_inputs"][0]["variable"] == "jeune");
    }
    SUBCASE("commune not given: computed, and the commune is asked") {
      auto [lines, outside] = lines_of(nullptr);
      CHECK(outside == json::array());
      REQUIRE(lines.size() == 2);
      CHECK(lines[0]["reason"] == "Réservée aux habitants de Rennes");
      CHECK(lines[0]["missing_inputs"][0]["variable"] == "depcom");
    }
  }

  TEST_CASE("territory: must name a boolean variable of a group, all of one entity") {
    auto errors_of = [](const std::string& fields) {
      std::string rules = std::string(kRules) + R"(
group menage { plural: menages  role personne_de_reference { plural: personne_de_reference } }
variable ville { entity: menage  period: month  type: boolean }
variable code { entity: menage  period: month  type: text }
variable perso { entity: individu  period: month  type: boolean }
variable fam { entity: famille  period: month  type: boolean }
benefit b { amount: perso  )" +
                          fields + " }\n";
      std::vector<mesaides::SourceFile> files;
      files.push_back({"t.rules", rules});
      return mesaides::load_program(std::move(files)).rendered;
    };
    CHECK(errors_of("territory: ville") == "");
    CHECK(contains(errors_of("territory: vile"), "unknown variable 'vile'"));
    CHECK(contains(errors_of("territory: vile"), "did you mean 'ville'"));
    CHECK(contains(errors_of("territory: code"),
                   "'territory' must name a boolean variable; 'code' is"));
    CHECK(contains(errors_of("territory: perso"),
                   "'territory' must name a variable of a group (where the household lives)"));
    CHECK(contains(errors_of("territory: ville  territory: fam"),
                   "the territory variables of a benefit must belong to the same entity"));
  }

  TEST_CASE("compute_text writes the bytes of compute_json's dump, in ASCII") {
    // Every option that changes the benefits summary, with refusals, missing inputs, details and
    // strings needing escapes (an id with a quote, a backslash and a control character).
    const char* situations[] = {
        kTwoChildren, kOneChild,
        R"({"individus": {"p\"1\\\u0001": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}},
            "familles": {"f1": {"parents": ["p\"1\\\u0001"], "enfants": ["e1", "e2"]}}})"};
    for (const char* situation : situations) {
      for (int details = 0; details < 2; ++details) {
        for (int explain = 0; explain < 2; ++explain) {
          ComputeOptions o = options({"af_base", "ratio"});
          o.benefits = true;
          o.benefit_details = details == 1;
          o.explain = o.trace = explain == 1;
          json j = json::parse(situation);
          std::string expected = mesaides::compute_json(program(), j, o)
                                     .dump(-1, ' ', true, json::error_handler_t::replace);
          CHECK(mesaides::compute_text(program(), j, o) == expected);
        }
      }
    }
  }

  TEST_CASE("a yearly benefit reads a monthly amount variable for the month asked") {
    // bourse: a monthly variable whose value is an annual amount (that of the school year holding
    // the month: 300 before September, 330 from September); cheque: a yearly variable (sum of the
    // months).
    const char* rules = R"RULES(
entity individu { plural: individus }
variable bourse { entity: individu  period: month  type: money
  formula from 2020-01-01 { if month_of(period_start) >= 9 then 330 else 300 }
}
variable cheque_mois { entity: individu  period: month  type: money
  formula from 2020-01-01 { 10 }
}
variable cheque { entity: individu  period: year  type: money
  formula from 2020-01-01 { cheque_mois[year] }
}
benefit bourse { label: "Bourse"  periodicity: year  amount: bourse }
benefit cheque { label: "Chèque"  periodicity: year  amount: cheque }
)RULES";
    std::shared_ptr<const Program> loaded = load("yearly.rules", rules);
    ComputeOptions o;
    o.period = Period::parse("2026-06");
    o.benefits = true;
    json out = mesaides::compute_json(*loaded, json::parse(R"({"individus": {"p": {}}})"), o);
    INFO(out.dump(2));
    REQUIRE(out["benefits"].size() == 2);
    CHECK(out["benefits"][0]["name"] == "bourse");
    CHECK(out["benefits"][0]["period"] == "2026-06");
    // June: the amount of the school year 2025-2026, not a sum over the months of 2026.
    CHECK(out["benefits"][0]["amount"] == 300);
    CHECK(out["benefits"][1]["name"] == "cheque");
    CHECK(out["benefits"][1]["period"] == "2026");
    // A yearly amount variable is still read for the calendar year: 12 months × 10.
    CHECK(out["benefits"][1]["amount"] == 120);
    o.period = Period::parse("2026-10");
    json october = mesaides::compute_json(*loaded, json::parse(R"({"individus": {"p": {}}})"), o);
    CHECK(october["benefits"][0]["amount"] == 330);
  }

  TEST_CASE("trace: flat nodes keyed variable<period>, with values, dependencies, parameters") {
    ComputeOptions o = options({"af_base"});
    o.trace = true;
    json out = compute(kTwoChildren, o);
    INFO(out["trace"].dump(2));
    const json& flat = out["trace"]["flat"];
    REQUIRE(flat.contains("af_base<2026-01>"));
    const json& node = flat["af_base<2026-01>"];
    CHECK(node["variable"] == "af_base");
    CHECK(node["entity"] == "familles");
    CHECK(node["values"]["f1"] == 151.8);
    CHECK(node["status"]["f1"] == "computed");
    CHECK(node["dependencies"] == json::array({"nb_enfants<2026-01>"}));
    CHECK(node["formula"]["file"] == "test_api.rules");
    CHECK(node["formula"]["from"] == "2020-01-01");
    CHECK(node["references"][0]["title"] == "Article D521-1 du Code de la sécurité sociale");
    REQUIRE(node["parameters"].size() == 2);
    CHECK(node["parameters"][0]["name"] == "bmaf");
    CHECK(node["parameters"][0]["value"] == 474.37);
    CHECK(node["parameters"][0]["from"] == "2025-04-01");
    CHECK(node["parameters"][0]["reference"]["url"] == "https://example.org/2025");
    // The age of each child, one node per variable and period, one value per person.
    CHECK(flat["age<2026-01>"]["values"]["e1"] == 5);
    CHECK(flat["age<2026-01>"]["values"]["e2"] == 7);
    // The tree starts at the value asked.
    REQUIRE(out["trace"]["tree"].size() == 1);
    CHECK(out["trace"]["tree"][0]["variable"] == "af_base");
    CHECK(out["trace"]["tree"][0]["children"][0]["variable"] == "nb_enfants");
  }

  TEST_CASE("the same request gives the same bytes") {
    ComputeOptions o = options({"af_base", "rfr", "ratio"});
    o.explain = o.trace = o.benefits = true;
    CHECK(compute(kTwoChildren, o).dump() == compute(kTwoChildren, o).dump());
  }
}

// answer_in_place must give, byte for byte, the answer handle_request_text gives from a tree: the
// situation echoed in key order with the values computed merged in (groups made for lone persons
// with their roles, a value given without period replaced), runtime errors, the benefits summary,
// numbers and strings as nlohmann writes them. It declines (and handle_request_text then answers
// from the tree) whatever it does not write itself: explanations, traces, errors, and text outside
// the JSON parse_common reads.
TEST_SUITE("api: answers in place") {
  std::string tree_answer(const std::string& text) {
    mesaides::set_answers_in_place(false);
    std::string answer = mesaides::handle_request_text(program(), text);
    mesaides::set_answers_in_place(true);
    return answer;
  }
  void same_answer(const std::string& text, bool in_place) {
    INFO(text);
    std::string answer;
    const bool taken = mesaides::answer_in_place(program(), text, answer);
    CHECK(taken == in_place);
    const std::string tree = tree_answer(text);
    if (taken) CHECK(answer == tree);
    CHECK(mesaides::handle_request_text(program(), text) == tree);
    // Written into a string that holds a longer earlier answer (the module's, reused): the same.
    std::string reused(std::max<size_t>(tree.size() * 2, 4096), 'x');
    mesaides::handle_request_text(program(), text, reused);
    CHECK(reused == tree);
  }
  const std::string kTwo = kTwoChildren;

  TEST_CASE("variables of persons and groups, monthly and yearly, and a runtime error") {
    // ratio = salaire_net / heures: 2000 / 0 for p1, a division by zero listed in "errors".
    same_answer(R"({"period": "2026-01", "variables": ["af_base", "rfr", "ratio", "nb_enfants",
                    "salaire_net"], "situation": )" +
                    kTwo + "}",
                true);
  }

  TEST_CASE("groups made for lone persons, values given without period, nulls, other periods") {
    // e9 is in no famille: its own is made ("e9", parents: ["e9"]). p1's age is given without a
    // period (the request's), then computed over it: the number is replaced by {"2026-01": 40}.
    same_answer(R"({"situation": {"individus": {"p1": {"age": 40, "heures": {"2026-01": 35.5}},
                      "e1": {"age": {"2026-01": 5}}, "e2": {"age": {"2026-01": 7}},
                      "e9": {"salaire_net": {"2025-12": 20, "2026-01": 1500.25},
                             "heures": {"2025-12": -20}}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"],
                                        "af_base": {"2026-02": null, "2025-11": null}}}},
                    "period": "2026-01", "variables": ["age", "nb_enfants", "ratio"]})",
                true);
  }

  TEST_CASE("a situation refused (a negative salary): declined, the tree answers its error") {
    same_answer(R"({"situation": {"individus": {"p1": {"salaire_net": {"2026-01": -20}}}},
                    "period": "2026-01", "variables": ["ratio"]})",
                false);
    const std::string answer = tree_answer(
        R"({"situation": {"individus": {"p1": {"salaire_net": {"2026-01": -20}}}},
            "period": "2026-01", "variables": ["ratio"]})");
    CHECK(answer.find("individus.p1.salaire_net.2026-01") != std::string::npos);
    CHECK(answer.find("is negative") != std::string::npos);
  }

  TEST_CASE("values of a group the situation does not name at all") {
    // No "familles": each person gets a famille of its own, made with its role, and nb_enfants is
    // computed for each.
    same_answer(R"({"situation": {"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}}},
                    "period": "2026-01", "variables": ["nb_enfants", "age"]})",
                true);
  }

  TEST_CASE("the benefits summary, with and without details, some benefits") {
    for (const char* more :
         {R"("benefits": true)", R"("benefits": true, "benefit_details": false)",
          R"("benefits": true, "benefit_reasons": false)",
          R"("benefits": true, "benefit_details": false, "benefit_reasons": false)",
          R"("benefits": true, "missing_inputs_once": true)",
          R"("benefits": true, "benefit_details": false, "missing_inputs_once": true)",
          R"("benefits": true, "benefit_reasons": false, "missing_inputs_once": true)",
          R"("benefits": true, "benefit_names": ["af"], "variables": ["rfr"])"}) {
      same_answer(R"({"situation": )" + kTwo + R"(, "period": "2026-01", )" + more + "}", true);
      same_answer(
          R"({"situation": )" + std::string(kOneChild) + R"(, "period": "2026-01", )" + more + "}",
          true);
    }
  }

  // Where the benefit lines lie (for a reader that parses a long answer in pieces): the array's
  // '[', each line's first byte, its ']'; each piece between two cuts is one line of the summary.
  TEST_CASE("the benefit lines' places, and none for an answer without them") {
    std::vector<uint32_t> cuts;
    std::string answer;
    // Two families: a line each.
    const std::string text = R"({"situation": {"individus": {"p1": {}, "e1": {"age": 5},
        "e2": {"age": 7}, "p2": {}, "e3": {"age": 3}}, "familles": {"f1": {"parents": ["p1"],
        "enfants": ["e1", "e2"]}, "f2": {"parents": ["p2"], "enfants": ["e3"]}}},
        "period": "2026-01", "benefits": true})";
    mesaides::handle_request_text(program(), text, answer, cuts);
    const json lines = json::parse(answer).at("benefits");
    REQUIRE(lines.size() == 2);
    REQUIRE(cuts.size() == lines.size() + 2);
    CHECK(answer.substr(0, cuts.front() + 1) == R"({"benefits":[)");
    CHECK(answer[cuts.back()] == ']');
    for (size_t i = 0; i < lines.size(); ++i) {
      const size_t end = i + 2 < cuts.size() - 1 ? cuts[i + 2] - 1 : cuts.back();
      CHECK(json::parse(answer.substr(cuts[i + 1], end - cuts[i + 1])) == lines[i]);
    }
    // The same answer as without them.
    CHECK(answer == mesaides::handle_request_text(program(), text));
    for (const std::string& other : {
             R"({"situation": )" + kTwo + R"(, "period": "2026-01", "variables": ["af_base"]})",
             R"({"situation": )" + kTwo +
                 R"(, "period": "2026-01", "benefits": true, "trace": true})",
             std::string(R"({"situation": 1, "benefits": true})"),
         }) {
      INFO(other);
      mesaides::handle_request_text(program(), other, answer, cuts);
      CHECK(cuts.empty());
      CHECK(answer == mesaides::handle_request_text(program(), other));
    }
  }

  TEST_CASE("keys and texts with escapes, the situation alone, options set to null or false") {
    same_answer(R"({"situation": {"individus": {"p\"1": {"salaire_net": {"2026-01": 1}},
                      "a\/b": {}, "z\\z": {"age": {"2026-01": 3}}},
                    "familles": {"f\n1": {"parents": ["p\"1", "a/b"], "enfants": ["z\\z"]}}},
                    "period": "2026-01", "variables": ["nb_enfants", "rfr"], "trace": false})",
                true);
    same_answer(R"({"situation": )" + kTwo + "}", true);
    same_answer(R"({"situation": )" + kTwo + R"(, "period": null, "explain": false})", true);
  }

  TEST_CASE("declined: explanations, traces, errors, and text it does not read") {
    const std::string asked = R"(, "period": "2026-01", "variables": ["af_base"])";
    for (const std::string& text : {
             R"({"situation": )" + kTwo + asked + R"(, "explain": true})",
             R"({"situation": )" + kTwo + asked + R"(, "trace": true})",
             R"({"situation": )" + kTwo + asked + R"(, "periode": "2026-01"})",
             R"({"situation": )" + kTwo + R"(, "period": "2026-13"})",
             R"({"situation": )" + kTwo + R"(, "variables": ["af_base"]})",
             R"({"situation": )" + kTwo + R"(, "period": "2026-01", "variables": ["af_bas"]})",
             R"({"situation": {"individus": {"p1": {"salair": 1}}})" + asked + "}",
             R"({"situation": {"individus": {"p1": {}}}, "situation": {}})" + asked + "}",
             R"({"situation": {"individus": {"\u0070": {}}}})" + asked + "}",
             R"({"situation": {"individus": {"p1": {"salaire_net": {"2026-01": 1e3}}}})" + asked +
                 "}",
             R"({"situation": )" + kTwo + R"(, "benefits": true, "benefit_names": ["rsa"]})",
             std::string(R"({"period": "2026-01"})"),
             std::string("[1]"),
             std::string("{"),
         }) {
      same_answer(text, false);
    }
  }
}

TEST_SUITE("api: handle_request") {
  TEST_CASE("a full request") {
    json out = request(
        std::string(R"({"situation": )") + kTwoChildren +
        R"(, "period": "2026-01", "variables": ["af_base"], "explain": true, "trace": false})");
    INFO(out.dump(2));
    CHECK(out["ok"] == true);
    CHECK(out["familles"]["f1"]["af_base"]["2026-01"] == 151.8);
    CHECK(out.contains("explanations"));
    CHECK_FALSE(out.contains("trace"));
  }

  TEST_CASE("request validation") {
    CHECK(message_of(request("[1]")) == "a request is a JSON object with a 'situation'");
    json unknown = request(R"({"situation": {}, "periode": "2026-01"})");
    CHECK(kind_of(unknown) == "request");
    CHECK(message_of(unknown) ==
          "unknown key 'periode' (a request has: situation, period, variables, benefits, "
          "benefit_details, benefit_names, benefit_reasons, missing_inputs_once, explain, trace)");
    CHECK(message_of(request(R"({"situation": {}, "benefits": true, "benefit_reasons": 0})")) ==
          "'benefit_reasons' must be true or false");
    CHECK(message_of(
              request(R"({"situation": {}, "benefits": true, "missing_inputs_once": "oui"})")) ==
          "'missing_inputs_once' must be true or false");
    CHECK(message_of(request(R"({"situation": {}, "benefits": true, "benefit_names": ["rsa"]})")) ==
          "unknown benefit 'rsa' in 'benefit_names'");
    json only = request(R"({"situation": )" + std::string(kOneChild) +
                        R"(, "period": "2026-01", "benefits": true, "benefit_names": ["af"]})");
    CHECK(only["benefits"].size() == 1);
    CHECK(message_of(request(R"({"situation": {}, "period": "2026-13"})")) ==
          "'2026-13' is not a period (expected 2026-01 or 2026)");
    CHECK(message_of(request(R"({"situation": {}, "period": 202601})")) ==
          "'period' must be a string such as \"2026-01\"");
    CHECK(
        message_of(request(R"({"situation": {}, "period": "2026-01", "variables": "af_base"})")) ==
        "'variables' must be a list of variable names");
    CHECK(message_of(
              request(R"({"situation": {}, "period": "2026-01", "variables": ["af_base", 3]})")) ==
          "'variables' must be a list of variable names");
    CHECK(message_of(request(R"({"situation": {}, "explain": "yes"})")) ==
          "'explain' must be true or false");
    CHECK(message_of(request(R"({"situation": {}, "benefits": 1})")) ==
          "'benefits' must be true or false");
    CHECK(message_of(request(R"({"period": "2026-01"})")) == "the request has no 'situation'");
    // Every one of these is a request error.
    CHECK(kind_of(request(R"({"period": "2026-01"})")) == "request");
  }

  TEST_CASE("a situation error through handle_request") {
    json out = request(R"({"situation": {"individus": {}}, "period": "2026-01", "variables": []})");
    CHECK(out["ok"] == false);
    CHECK(kind_of(out) == "situation");
    CHECK(out["error"]["errors"][0]["path"] == "individus");
  }

  TEST_CASE("handle_request_text: malformed JSON is an error result") {
    for (const char* text : {"", "{", "{\"situation\": }", "not json", "{\"a\": 1,}", "[1, 2"}) {
      INFO("text: ", text);
      json out = json::parse(mesaides::handle_request_text(program(), text));
      CHECK(out["ok"] == false);
      CHECK(kind_of(out) == "request");
      CHECK(contains(message_of(out), "not valid JSON"));
    }
    // The message says where: the '}' of {"situation": } is the 15th character.
    json out = json::parse(mesaides::handle_request_text(program(), "{\"situation\": }"));
    CHECK(contains(message_of(out), "line 1, column 15"));
  }

  TEST_CASE("handle_request_text: a valid request, and deeply nested garbage") {
    std::string text = std::string(R"({"situation": )") + kTwoChildren +
                       R"(, "period": "2026-01", "variables": ["nb_enfants"]})";
    json out = json::parse(mesaides::handle_request_text(program(), text));
    CHECK(out["familles"]["f1"]["nb_enfants"]["2026-01"] == 2);
    // 100 000 nested lists as a value: an error that says so, no crash (the reader stops at 512).
    std::string deep = R"({"situation": {"individus": {"p1": {"age": {"2026-01": )" +
                       std::string(100000, '[') + std::string(100000, ']') +
                       R"(}}}}, "period": "2026-01"})";
    json bad = json::parse(mesaides::handle_request_text(program(), deep));
    CHECK(bad["ok"] == false);
    CHECK(kind_of(bad) == "request");
    CHECK(contains(message_of(bad), "nested more than 512 deep"));
    // 500 deep is read, and is then a wrong value for `age` where it is.
    std::string nested = R"({"situation": {"individus": {"p1": {"age": {"2026-01": )" +
                         std::string(500, '[') + std::string(500, ']') +
                         R"(}}}}, "period": "2026-01"})";
    json wrong = json::parse(mesaides::handle_request_text(program(), nested));
    CHECK(kind_of(wrong) == "situation");
    CHECK(wrong["error"]["errors"][0]["path"] == "individus.p1.age.2026-01");
  }
}

// The rules of rules/ and the bench's household (examples/famille_3_enfants.json): its RSA, prime
// d'activité, complémentaire santé solidaire and prime de Noël read mostly the same inputs.
const Program& real_program() {
  static std::shared_ptr<const Program> loaded = [] {
    std::string error;
    std::vector<mesaides::SourceFile> files =
        mesaides::read_rule_files(MESAIDES_SOURCE_DIR "/rules", &error);
    INFO(error);
    mesaides::LoadResult result = mesaides::load_program(std::move(files));
    INFO(result.rendered);
    REQUIRE(result.program != nullptr);
    return result.program;
  }();
  return *loaded;
}

json example_household() {
  std::ifstream in(MESAIDES_SOURCE_DIR "/examples/famille_3_enfants.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

TEST_SUITE("api: the missing inputs once for the summary") {
  TEST_CASE("the lines' lists end to end, less the repeats; the lines otherwise the same") {
    const json household = example_household();
    for (bool details : {true, false}) {
      INFO("details: ", details);
      ComputeOptions by_line;
      by_line.period = Period::parse("2026-06");
      by_line.benefits = true;
      by_line.benefit_details = details;
      ComputeOptions once = by_line;
      once.missing_inputs_once = true;
      json lines = mesaides::compute_json(real_program(), household, by_line);
      json together = mesaides::compute_json(real_program(), household, once);
      REQUIRE(lines["ok"] == true);
      REQUIRE(together["ok"] == true);
      // What a questionnaire made of the lines: each (variable, person or group, period) once, in
      // the order met, grouped by (variable, person or group) where first met.
      json expected = json::array();
      std::map<std::pair<std::string, std::string>, size_t> group_of;
      std::set<std::tuple<std::string, std::string, std::string>> seen;
      size_t listed = 0;
      for (const json& line : lines["benefits"]) {
        for (const json& m : line["missing_inputs"]) {
          ++listed;
          const auto who =
              std::make_pair(m["variable"].get<std::string>(), m["id"].get<std::string>());
          for (const json& p : m["periods"]) {
            if (!seen.insert({who.first, who.second, p.get<std::string>()}).second) continue;
            auto [at, added] = group_of.try_emplace(who, expected.size());
            if (added) {
              json group = m;
              group["periods"] = json::array();
              expected.push_back(group);
            }
            expected[at->second]["periods"].push_back(p);
          }
        }
      }
      CHECK(together["missing_inputs"] == expected);
      // The household's lines share most of theirs: the list once is a fraction of them.
      CHECK(expected.size() > 50);
      CHECK(listed > 3 * expected.size());
      REQUIRE(together["benefits"].size() == lines["benefits"].size());
      for (size_t i = 0; i < lines["benefits"].size(); ++i) {
        json line = lines["benefits"][i];
        line.erase("missing_inputs");
        CHECK(together["benefits"][i] == line);
      }
      together.erase("benefits");
      together.erase("missing_inputs");
      lines.erase("benefits");
      CHECK(together == lines);
    }
  }

  TEST_CASE("nothing to list: an empty list; no summary or no reasons: no list") {
    // With the summary and its reasons the list is there (empty when nothing is missing: a page
    // tells « nothing more to ask » from « not asked »); without either, it is not.
    ComputeOptions o;
    o.period = Period::parse("2026-01");
    o.benefits = true;
    o.missing_inputs_once = true;
    json given = mesaides::compute_json(program(), json::parse(kTwoChildren), o);
    REQUIRE(given.contains("missing_inputs"));
    CHECK(given["missing_inputs"].is_array());
    o.benefit_reasons = false;
    CHECK_FALSE(
        mesaides::compute_json(program(), json::parse(kTwoChildren), o).contains("missing_inputs"));
    o.benefit_reasons = true;
    o.benefits = false;
    o.variables = {"af_base"};
    CHECK_FALSE(
        mesaides::compute_json(program(), json::parse(kTwoChildren), o).contains("missing_inputs"));
  }
}

TEST_SUITE("api: the benefits' listing as text") {
  // nlohmann's compact dump of describe_benefits, as the module printed the listing before: the
  // text the listing writes directly must be it, byte for byte.
  std::string tree_text(const Program& p, bool texts) {
    return mesaides::describe_benefits(p, texts).dump(-1, ' ', true,
                                                      json::error_handler_t::replace);
  }
  std::string direct_text(const Program& p, bool texts) {
    std::string out = "<";  // (appended to what is there)
    mesaides::describe_benefits_text(out, p, texts);
    REQUIRE(out.front() == '<');
    return out.substr(1);
  }

  TEST_CASE("the rules of rules/: with and without the texts, as the tree's dump") {
    const Program& p = real_program();
    REQUIRE(p.benefits.size() > 300);
    for (bool texts : {true, false}) {
      INFO("texts: " << texts);
      const std::string direct = direct_text(p, texts);
      CHECK(direct == tree_text(p, texts));
      CHECK(json::parse(direct).size() == p.benefits.size());
    }
  }

  TEST_CASE("the meta in key order; non-ASCII escaped; a reference without a link") {
    auto p = load("rules/aide.rules", R"(entity individu { plural: individus }
variable aide { entity: individu  period: month  type: money  label: "Aide" }
benefit aide {
  label: "Aide « exemple »"
  institution: "Région Île-de-France"
  periodicity: month
  amount: aide
  reference: "Délibération sans lien"
  reference: "Page" "https://example.org/p?a=1&b=\"2\""
  meta: zeta "dernier"
  meta: alpha "premier"
}
)");
    for (bool texts : {true, false}) {
      INFO("texts: " << texts);
      CHECK(direct_text(*p, texts) == tree_text(*p, texts));
    }
    const json listed = json::parse(direct_text(*p, true));
    CHECK(direct_text(*p, false).find(R"("meta":{"alpha":"premier","zeta":"dernier"})") !=
          std::string::npos);
    CHECK(listed[0]["references"][0].count("url") == 0);
    CHECK(direct_text(*p, true).find("\\u00ce") != std::string::npos);  // Î
  }
}
