// Unit tests of core/evaluator: memoisation, periods (month - 1, last N months, year - N, yearly
// values spread on months), aggregation over roles, has_role and projections, parameters read at
// the period's date, scales, tables, rounding, `require` with its reason (generated or written),
// reasons inherited by a zero built from a refusal, missing inputs, runtime errors as values
// (division by zero, no formula, no parameter value, cycles through periods) and their propagation.
//
// Every expected value is derived by hand in a comment next to it.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "evaluator.h"
#include "program.h"
#include "situation.h"

namespace {

using mesaides::CellSource;
using mesaides::Decimal;
using mesaides::Evaluation;
using mesaides::Period;
using mesaides::Program;
using mesaides::Situation;
using mesaides::Value;
using mesaides::ValueKind;
using nlohmann::json;

const char* const kRules = R"RULES(
entity individu { plural: individus  label: "Personne" }

group famille {
  plural: familles
  role parents { plural: parents  max: 2 }
  role enfants { plural: enfants }
}

enum zone {
  zone_1: "Zone 1"
  zone_2: "Zone 2"
  zone_3: "Zone 3"
}

parameter bmaf {
  label: "Base mensuelle des allocations familiales"
  unit: money
  2024-04-01: 463.11 ref "Instruction 2024"
  2025-04-01: 474.37 ref "Instruction 2025" "https://example.org/2025"
}
parameter taux_af { label: "Taux des AF"  unit: rate  2020-01-01: 0.32 }
parameter seuil { unit: money  2020-01-01: 1000 }
parameter loyer_plafond { unit: money  2020-01-01: {zone_1: 333.14, zone_2: 290.34, zone_3: 272.1} }
parameter forfait { unit: money  2020-01-01: [0: 194, 5600: 146, 6700: 98, 10800: 0] }
parameter impot { unit: rate  2020-01-01: [0: 0, 11294: 0.11, 28797: 0.30, 82341: 0.41] }
parameter supprime { unit: money  2020-01-01: 10  2024-01-01: null }
parameter futur { unit: money  2030-01-01: 5 }

# Inputs.
variable salaire_net { entity: individu  period: month  type: money  label: "Salaire net" }
variable age { entity: individu  period: month  type: integer  label: "Âge" }
variable heures { entity: individu  period: month  type: number  set_input: duplicate }
variable rfr { entity: individu  period: year  type: money }
variable date_naissance { entity: individu  period: eternity  type: date }
variable x { entity: individu  period: month  type: number }
variable pas { entity: individu  period: month  type: number  default: 1 }
variable est_etudiant { entity: individu  period: month  type: boolean  label: "Étudiant" }
variable zone { entity: famille  period: month  type: enum zone }
variable complement { entity: famille  period: month  type: money }

# Memo.
variable double_salaire { entity: individu  period: month  type: money
  formula from 2020-01-01 { salaire_net * 2 }
}
variable quadruple { entity: individu  period: month  type: money
  formula from 2020-01-01 { double_salaire + double_salaire }
}

# Periods.
variable salaire_precedent { entity: individu  period: month  type: money
  formula from 2020-01-01 { salaire_net[month - 1] }
}
variable salaire_suivant { entity: individu  period: month  type: money
  formula from 2020-01-01 { salaire_net[month + 2] }
}
variable salaire_3_mois { entity: individu  period: month  type: money
  formula from 2020-01-01 { salaire_net[last 3 months] }
}
variable salaire_n_2 { entity: individu  period: month  type: money
  formula from 2020-01-01 { salaire_net[year - 2] }
}
variable rfr_mensuel { entity: individu  period: month  type: money
  formula from 2020-01-01 { rfr[year - 1] / 12 }
}
variable revenus_annuels { entity: individu  period: year  type: money
  formula from 2020-01-01 { salaire_net }
}
variable debut { entity: individu  period: month  type: date  formula from 2020-01-01 { period_start } }
variable fin { entity: individu  period: month  type: date  formula from 2020-01-01 { period_end } }
variable age_en_fin_de_mois { entity: individu  period: month  type: integer
  formula from 2020-01-01 { years_between(date_naissance, period_end) }
}

# Built-ins computed on plain values by the fast paths (dates, enums, failures included).
variable plus_tot { entity: individu  period: month  type: date
  formula from 2020-01-01 { min(add_years(date_naissance, x / 2), period_end, date(2026, 1, 15)) }
}
variable plus_tard { entity: individu  period: month  type: date
  formula from 2020-01-01 { max(date(2026, x + 1, 31), debut) }
}
variable ecart { entity: individu  period: month  type: number
  formula from 2020-01-01 {
    let d = add_months(debut, -x)
    abs(max(x, -salaire_net, 2) - min(x, 1)) + year_of(d) - month_of(fin)
      + months_between(date_naissance, d) + round_up(x / 3, pas)
  }
}
variable zone_choisie { entity: famille  period: month  type: enum zone
  formula from 2020-01-01 {
    let z = zone
    if z == zone_2 then zone_1 else z
  }
}

# Groups.
variable revenus_parents { entity: famille  period: month  type: money
  formula from 2020-01-01 { sum(parents: salaire_net) }
}
variable revenus_famille { entity: famille  period: month  type: money
  formula from 2020-01-01 { sum(members: salaire_net) }
}
variable nb_enfants { entity: famille  period: month  type: integer
  formula from 2020-01-01 { count(enfants: age < 20) }
}
variable un_enfant_majeur { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { any(enfants: age >= 21) }
}
variable tous_mineurs { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { all(enfants: age < 18) }
}
variable age_max_enfants { entity: famille  period: month  type: integer
  formula from 2020-01-01 { maximum(enfants: age) }
}
variable age_min_famille { entity: famille  period: month  type: integer
  formula from 2020-01-01 { minimum(members: age) }
}
variable est_enfant { entity: individu  period: month  type: boolean
  formula from 2020-01-01 { has_role(famille, enfants) }
}
variable part_revenus { entity: individu  period: month  type: money
  formula from 2020-01-01 { famille.revenus_parents / 2 + famille.revenus_parents[month - 1] * 0 }
}

# Parameters.
variable af_brute { entity: famille  period: month  type: money
  formula from 2020-01-01 { round(bmaf * taux_af, 0.01) }
}
variable bmaf_annuelle { entity: famille  period: year  type: money
  formula from 2020-01-01 { bmaf }
}
variable forfait_logement { entity: individu  period: month  type: money
  formula from 2020-01-01 { scale(forfait, x) }
}
variable impot_annuel { entity: individu  period: month  type: number
  formula from 2020-01-01 { marginal(impot, x) }
}
variable plafond_zone { entity: famille  period: month  type: money
  formula from 2020-01-01 { loyer_plafond[zone] }
}
variable plafond_zone_3 { entity: famille  period: month  type: money
  formula from 2020-01-01 { loyer_plafond[zone_3] + loyer_plafond["zone_1"] }
}
variable lit_supprime { entity: individu  period: month  type: money
  formula from 2020-01-01 { supprime }
}
variable lit_futur { entity: individu  period: month  type: money
  formula from 2020-01-01 { futur }
}
# Parameters read at another date than the period's (`at`).
variable bmaf_a_la_naissance { entity: individu  period: month  type: money
  formula from 2020-01-01 { bmaf at date_naissance }
}
variable double_bmaf_a_la_naissance { entity: individu  period: month  type: money
  formula from 2020-01-01 { bmaf at date_naissance * 2 }
}
variable plafond_zone_juin_2024 { entity: famille  period: month  type: money
  formula from 2020-01-01 { loyer_plafond[zone] at 2024-06-01 }
}
variable supprime_il_y_a_3_ans { entity: individu  period: month  type: money
  formula from 2020-01-01 { supprime at add_months(period_start, -36) }
}

# Rounding.
variable arrondi { entity: individu  period: month  type: number  formula from 2020-01-01 { round(x, pas) } }
variable arrondi_bas { entity: individu  period: month  type: number  formula from 2020-01-01 { round_down(x, pas) } }
variable arrondi_haut { entity: individu  period: month  type: number  formula from 2020-01-01 { round_up(x, pas) } }

# Require and reasons.
variable af_base { entity: famille  period: month  type: money  label: "AF de base"
  formula from 2020-01-01 {
    let n = nb_enfants
    require n >= 2 else "Il faut au moins deux enfants à charge ; ici {n}."
    round(bmaf * taux_af, 0.01)
  }
}
variable af_totale { entity: famille  period: month  type: money
  formula from 2020-01-01 { complement + af_base }
}
variable aide_salaire { entity: individu  period: month  type: money
  formula from 2020-01-01 {
    require salaire_net >= seuil
    100
  }
}
variable aide_salaire_let { entity: individu  period: month  type: money
  formula from 2020-01-01 {
    let s = salaire_net
    require s > 2000
    100
  }
}
variable aide_etudiant { entity: individu  period: month  type: boolean
  formula from 2020-01-01 {
    require est_etudiant and age < 26
    true
  }
}
variable message_riche { entity: individu  period: month  type: money
  formula from 2020-01-01 {
    require false else "Salaire {salaire_net}, étudiant {est_etudiant}, né le {date_naissance}, x = {x}, {1 / 0}."
    1
  }
}

# Runtime errors.
variable ratio { entity: individu  period: month  type: number
  formula from 2020-01-01 { salaire_net / heures }
}
variable double_ratio { entity: individu  period: month  type: number
  formula from 2020-01-01 { ratio * 2 }
}
variable ratio_famille { entity: famille  period: month  type: number
  formula from 2020-01-01 { sum(members: ratio) }
}
variable paresseux { entity: individu  period: month  type: number
  formula from 2020-01-01 { if heures > 0 then ratio elif false and ratio > 0 then 1 else 0 }
}
variable carre { entity: individu  period: month  type: number
  formula from 2020-01-01 { x * x }
}
variable code_zone { entity: famille  period: month  type: text }
variable plafond_code { entity: famille  period: month  type: money
  formula from 2020-01-01 { loyer_plafond[code_zone] }
}
# Texts compared where they lie (the fast paths of `in`, comparisons and starts_with).
variable code_commune { entity: famille  period: month  type: text }
variable commune_listee { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { code_commune in ["69381", "69382", "69383"] }
}
# Ten literal texts or more: looked up by halves in their sorted order (Node::kSortedTexts).
variable commune_longue_liste { entity: famille  period: month  type: boolean
  formula from 2020-01-01 {
    code_commune in ["74010", "01033", "69382", "6938", "69123", "01033", "75056", "13055",
                     "69381", "693821", "", "97411"]
  }
}
variable commune_du_rhone { entity: famille  period: month  type: boolean
  formula from 2020-01-01 {
    let code = code_commune
    starts_with(code, "69") and code != "69123" and not (code == "69001")
  }
}
variable commune_calculee { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { code_commune in [(if zone == zone_2 then "69382" else ""), "75056"] }
}
variable code_en_erreur { entity: famille  period: month  type: text
  formula from 2020-01-01 { if 1 / (x_famille - x_famille) > 0 then "a" else "b" }
}
variable x_famille { entity: famille  period: month  type: number }
variable erreur_listee { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { code_en_erreur in ["a", "b"] }
}
variable mois_de_zone { entity: famille  period: month  type: boolean
  formula from 2020-01-01 { month_of(period_start) in [1, 2, 3] and zone in [zone_1, zone_2] }
}
variable recent { entity: individu  period: month  type: money
  formula from 2025-01-01 { 1 }
}
variable avec_trou { entity: individu  period: month  type: money
  formula from 2019-01-01 to 2019-12-31 { 1 }
  formula from 2021-01-01 { 2 }
}

# Chains and cycles across periods.
variable cumul { entity: individu  period: month  type: money
  formula from 2020-01-01 {
    if period_start <= 2026-01-01 then salaire_net else cumul[month - 1] + salaire_net
  }
}
variable ping { entity: individu  period: month  type: money
  formula from 2020-01-01 { pong[month + 1] }
}
variable pong { entity: individu  period: month  type: money
  formula from 2020-01-01 { ping[month - 1] + 1 }
}
variable somme_glissante { entity: individu  period: month  type: money
  formula from 2020-01-01 { somme_glissante[last 2 months] + 1 }
}
)RULES";

const Program& program() {
  static std::shared_ptr<const Program> loaded = [] {
    std::vector<mesaides::SourceFile> files;
    files.push_back({"test_evaluator.rules", kRules});
    mesaides::LoadResult result = mesaides::load_program(std::move(files));
    INFO(result.rendered);
    REQUIRE(result.program != nullptr);
    return result.program;
  }();
  return *loaded;
}

Decimal dec(const char* text) {
  auto d = Decimal::parse(text);
  REQUIRE_MESSAGE(d.has_value(), "bad decimal in test: ", text);
  return *d;
}
Value num(const char* text) { return Value::of_number(dec(text)); }
Period month(int y, int m) { return Period::month(y, m); }

// A situation and an evaluation of it.
struct Run {
  std::unique_ptr<Situation> situation;
  std::unique_ptr<Evaluation> eval;

  int32_t var(const std::string& name) const {
    auto v = program().find_variable(name);
    REQUIRE_MESSAGE(v.has_value(), "no variable ", name);
    return *v;
  }
  int32_t member(const std::string& variable, const std::string& id) const {
    const auto& def = program().variables[static_cast<size_t>(var(variable))];
    for (int32_t m = 0; m < situation->member_count(program(), def.entity); ++m) {
      if (situation->member_id(program(), def.entity, m) == id) return m;
    }
    FAIL("no member ", id);
    return -1;
  }
  uint32_t cell(const std::string& variable, const std::string& id, const Period& period) {
    return eval->compute_cell(var(variable), member(variable, id), period);
  }
  Value value(const std::string& variable, const std::string& id, const Period& period) {
    return eval->cell(cell(variable, id, period)).value;
  }
  const mesaides::Cell& details(const std::string& variable, const std::string& id,
                                const Period& period) {
    return eval->cell(cell(variable, id, period));
  }
  mesaides::Slice<mesaides::ParameterRead> parameters(const std::string& variable,
                                                      const std::string& id, const Period& period) {
    return eval->parameters(cell(variable, id, period));
  }
  const std::string& reason(const std::string& variable, const std::string& id,
                            const Period& period) {
    return eval->reason(cell(variable, id, period));
  }
  mesaides::Slice<uint32_t> reads(const std::string& variable, const std::string& id,
                                  const Period& period) {
    return eval->reads(cell(variable, id, period));
  }
};

Run run(const std::string& situation_text, bool record = true) {
  Run r;
  mesaides::SituationResult parsed =
      mesaides::parse_situation(program(), json::parse(situation_text));
  std::string errors;
  for (const auto& e : parsed.errors) errors += e.path + ": " + e.message + "\n";
  INFO(errors);
  REQUIRE(parsed.situation != nullptr);
  r.situation = std::move(parsed.situation);
  r.eval = std::make_unique<Evaluation>(program(), *r.situation, record);
  return r;
}

// The family used by the aggregation tests: parents p1 (40) and p2 (38), enfants e1 (3), e2 (15)
// and e3 (21); salaries p1 2000, p2 1500.50, e3 300, for January 2026.
const char* const kFamily = R"({
  "individus": {
    "p1": {"age": {"2026-01": 40}, "salaire_net": {"2026-01": 2000}},
    "p2": {"age": {"2026-01": 38}, "salaire_net": {"2026-01": 1500.50}},
    "e1": {"age": {"2026-01": 3}},
    "e2": {"age": {"2026-01": 15}},
    "e3": {"age": {"2026-01": 21}, "salaire_net": {"2026-01": 300}}
  },
  "familles": {"f1": {"parents": ["p1", "p2"], "enfants": ["e1", "e2", "e3"]}}
})";

std::string error_text(const Value& v) {
  return v.is_error() ? v.text : "(not an error: " + v.number.to_string() + ")";
}

// Where an error value says it happened: "variable: the text of the expression that failed", or
// "variable: (the variable itself)" for a failure of the variable (no formula, too deep).
std::string error_place(const Value& v) {
  if (!v.is_error() || v.error_variable < 0) return "(no place)";
  const Program& p = program();
  std::string where = p.variables[static_cast<size_t>(v.error_variable)].name + ": ";
  if (v.error_expr == mesaides::kNoExpr) return where + "(the variable itself)";
  return where + std::string(p.sources.text(p.node_spans[v.error_expr]));
}

}  // namespace

namespace doctest {
template <>
struct StringMaker<Value> {
  static String convert(const Value& v) {
    switch (v.kind) {
      case ValueKind::kNumber:
        return ("number " + v.number.to_string()).c_str();
      case ValueKind::kBoolean:
        return v.as_bool() ? "true" : "false";
      case ValueKind::kDate:
        return ("date " + v.as_date().to_string()).c_str();
      case ValueKind::kText:
        return ("text " + v.text).c_str();
      case ValueKind::kEnum:
        return ("enum " + std::to_string(v.small)).c_str();
      case ValueKind::kError:
        return ("error " + v.text).c_str();
    }
    return "?";
  }
};
}  // namespace doctest

TEST_SUITE("evaluator: memo") {
  TEST_CASE("a value is computed once per variable, member and period") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}}}})");
    // quadruple = double_salaire + double_salaire; double_salaire = salaire_net × 2 = 2000;
    // quadruple = 4000.
    uint32_t first = r.cell("quadruple", "p1", month(2026, 1));
    CHECK(r.eval->cell(first).value == num("4000"));
    // Three cells: quadruple, double_salaire (read twice, computed once), salaire_net.
    CHECK(r.eval->cell_count() == 3);
    // Asking again computes nothing.
    CHECK(r.cell("quadruple", "p1", month(2026, 1)) == first);
    CHECK(r.eval->cell_count() == 3);
    // double_salaire is read twice but recorded once among quadruple's reads (consecutive reads).
    CHECK(r.eval->reads(first).size() == 1);
    // Another month is another cell: 3 more.
    r.cell("quadruple", "p1", month(2026, 2));
    CHECK(r.eval->cell_count() == 6);
  }

  TEST_CASE("the memo keeps each member's periods apart, however many and in any order") {
    Run r = run(kFamily);
    // Forty months for each of the five persons, asked month after month then backwards, while the
    // cells are added (their storage moves): each (person, month) is one cell, found again.
    std::vector<uint32_t> first;
    for (const char* id : {"p1", "p2", "e1", "e2", "e3"}) {
      for (int m = 0; m < 40; ++m) first.push_back(r.cell("salaire_net", id, month(2024, 1 + m)));
    }
    CHECK(r.eval->cell_count() == 200);
    size_t i = 0;
    for (const char* id : {"p1", "p2", "e1", "e2", "e3"}) {
      for (int m = 0; m < 40; ++m) {
        CHECK(r.cell("salaire_net", id, month(2024, 1 + m)) == first[i++]);
      }
    }
    for (int m = 39; m >= 0; --m)
      CHECK(r.cell("salaire_net", "e3", month(2024, 1 + m)) == first[160 + m]);
    CHECK(r.eval->cell_count() == 200);
    // Given for p1 in January 2026 (month 24), 300 for e3; the default 0 elsewhere.
    CHECK(r.eval->cell(first[24]).value == num("2000"));
    CHECK(r.eval->cell(first[160 + 24]).value == num("300"));
    CHECK(r.eval->cell(first[23]).value == num("0"));
  }

  TEST_CASE("months far from the first one asked are found as well as near ones") {
    // The first month asked (2026-06) places the windows of months; 2021 and 2031 are far outside
    // them, 2026-05 and 2026-07 inside, and the month offsets cross the windows' edges.
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2021-03": 100, "2026-05": 200,
                                                          "2031-11": 300}}}})");
    CHECK(r.value("salaire_net", "p1", month(2026, 6)) == num("0"));
    CHECK(r.value("salaire_precedent", "p1", month(2026, 6)) == num("200"));
    CHECK(r.value("salaire_precedent", "p1", month(2021, 4)) == num("100"));
    CHECK(r.value("salaire_suivant", "p1", month(2031, 9)) == num("300"));
    CHECK(r.value("salaire_3_mois", "p1", month(2021, 5)) == num("100"));
    CHECK(r.value("salaire_3_mois", "p1", month(2026, 7)) == num("200"));
    // Every month from 2020 to 2033 once, then again backwards: one cell each, found again.
    std::vector<uint32_t> cells;
    for (int m = 0; m < 14 * 12; ++m)
      cells.push_back(r.cell("salaire_net", "p1", month(2020, 1 + m)));
    const size_t count = r.eval->cell_count();
    for (int m = 14 * 12 - 1; m >= 0; --m) {
      CHECK(r.cell("salaire_net", "p1", month(2020, 1 + m)) == cells[static_cast<size_t>(m)]);
    }
    CHECK(r.eval->cell_count() == count);
    CHECK(r.eval->cell(cells[1 * 12 + 2]).value == num("100"));    // 2021-03
    CHECK(r.eval->cell(cells[6 * 12 + 4]).value == num("200"));    // 2026-05
    CHECK(r.eval->cell(cells[11 * 12 + 10]).value == num("300"));  // 2031-11
  }

  TEST_CASE("evaluations alive at once on one thread keep their own tables") {
    // An evaluation takes the tables its thread kept from the last one; one made while another is
    // alive gets new ones. Interleaved, each keeps its own values; afterwards, an evaluation that
    // reuses the tables starts empty.
    Run a = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}}}})");
    CHECK(a.value("quadruple", "p1", month(2026, 1)) == num("4000"));
    {
      Run b = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 10}}}})");
      CHECK(b.value("quadruple", "p1", month(2026, 1)) == num("40"));
      CHECK(a.value("double_salaire", "p1", month(2026, 1)) == num("2000"));
      CHECK(b.value("double_salaire", "p1", month(2026, 1)) == num("20"));
      CHECK(a.eval->cell_count() == 3);
      CHECK(b.eval->cell_count() == 3);
    }
    CHECK(a.value("quadruple", "p1", month(2026, 2)) == num("0"));
    CHECK(a.eval->cell_count() == 6);
    a = Run{};  // both gone: the next one reuses their tables
    Run c = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 7}}}})");
    CHECK(c.eval->cell_count() == 0);
    CHECK(c.value("quadruple", "p1", month(2026, 1)) == num("28"));
    CHECK(c.eval->cell_count() == 3);
    CHECK(c.eval->reads(c.cell("quadruple", "p1", month(2026, 1))).size() == 1);
  }

  TEST_CASE("cell sources") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}}}})");
    CHECK(r.details("salaire_net", "p1", month(2026, 1)).source == CellSource::kInput);
    CHECK(r.details("age", "p1", month(2026, 1)).source == CellSource::kDefault);
    CHECK(r.details("double_salaire", "p1", month(2026, 1)).source == CellSource::kFormula);
    CHECK(r.details("salaire_net", "p1", Period::year(2026)).source == CellSource::kSum);
    // A value given for a computed variable is used instead of its formula.
    Run given = run(R"({"individus": {"p1": {"double_salaire": {"2026-01": 7}}}})");
    CHECK(given.value("double_salaire", "p1", month(2026, 1)) == num("7"));
    CHECK(given.details("double_salaire", "p1", month(2026, 1)).source == CellSource::kInput);
  }
}

TEST_SUITE("evaluator: periods") {
  TEST_CASE("month - 1 and month + 2") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2025-12": 1500, "2026-01": 1600, "2026-03": 1700}}}})");
    // January 2026 - 1 month = December 2025: 1500 (across the year boundary).
    CHECK(r.value("salaire_precedent", "p1", month(2026, 1)) == num("1500"));
    // January 2026 + 2 months = March 2026: 1700.
    CHECK(r.value("salaire_suivant", "p1", month(2026, 1)) == num("1700"));
    // February 2026 - 1 = January: 1600.
    CHECK(r.value("salaire_precedent", "p1", month(2026, 2)) == num("1600"));
  }

  TEST_CASE("last 3 months: the sum of the three months before the current one") {
    Run r = run(R"({"individus": {"p1": {"salaire_net":
        {"2026-01": 1000, "2026-02": 1100.10, "2026-03": 1200.20, "2026-04": 9999}}}})");
    // For April 2026: January + February + March = 1000 + 1100.10 + 1200.20 = 3300.30 (April
    // excluded).
    CHECK(r.value("salaire_3_mois", "p1", month(2026, 4)) == num("3300.30"));
    // For February 2026: November 2025 + December 2025 (not given: 0) + January 2026 = 1000.
    CHECK(r.value("salaire_3_mois", "p1", month(2026, 2)) == num("1000"));
  }

  TEST_CASE("year - 2: the sum of a monthly amount over the calendar year N-2") {
    Run r = run(R"({"individus": {
        "p1": {"salaire_net": {"2024-01": 100, "2024-06": 250.25, "2024-12": 49.75, "2025-01": 5000}},
        "p2": {"salaire_net": {"2024": 24000}}}})");
    // From May 2026, N-2 = 2024: 100 + 250.25 + 49.75 = 400 (other months not given: 0; 2025 not
    // counted).
    CHECK(r.value("salaire_n_2", "p1", month(2026, 5)) == num("400"));
    // A value given for the whole of 2024 is that year's value: 24000.
    CHECK(r.value("salaire_n_2", "p2", month(2026, 5)) == num("24000"));
  }

  TEST_CASE("a yearly variable read from a month: the calendar year asked") {
    Run r = run(R"({"individus": {"p1": {"rfr": {"2025": 30000}}}})");
    // rfr[year - 1] / 12 in March 2026: rfr of 2025 = 30000; 30000 / 12 = 2500.
    CHECK(r.value("rfr_mensuel", "p1", month(2026, 3)) == num("2500"));
    // In 2025, year - 1 = 2024: not given, 0.
    CHECK(r.value("rfr_mensuel", "p1", month(2025, 3)) == num("0"));
  }

  TEST_CASE("a yearly formula reading a monthly amount sums the twelve months") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2025-01": 100, "2025-02": 200.5, "2025-12": 0.5, "2026-01": 7}}}})");
    // 100 + 200.5 + 0.5 = 301 (January 2026 is another year).
    CHECK(r.value("revenus_annuels", "p1", Period::year(2025)) == num("301"));
  }

  TEST_CASE("a yearly amount given for a monthly divide variable is spread as value / 12") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2025": 18000}}}})");
    // 18000 / 12 = 1500 each month of 2025.
    CHECK(r.value("salaire_net", "p1", month(2025, 7)) == num("1500"));
    // Read as month - 1 from January 2026: December 2025, 1500.
    CHECK(r.value("salaire_precedent", "p1", month(2026, 1)) == num("1500"));
    // last 3 months from February 2026: November + December 2025 (1500 each) + January 2026 (0) =
    // 3000.
    CHECK(r.value("salaire_3_mois", "p1", month(2026, 2)) == num("3000"));
    // The year itself, read back: the value given.
    CHECK(r.value("salaire_net", "p1", Period::year(2025)) == num("18000"));
  }

  TEST_CASE("a yearly state given for a duplicate variable is the same every month") {
    Run r =
        run(R"({"individus": {"p1": {"heures": {"2026": 35}, "est_etudiant": {"2026": true}}}})");
    // duplicate: 35 in each month, not 35 / 12.
    CHECK(r.value("heures", "p1", month(2026, 1)) == num("35"));
    CHECK(r.value("heures", "p1", month(2026, 12)) == num("35"));
    CHECK(r.value("est_etudiant", "p1", month(2026, 6)) == Value::of_bool(true));
    // Outside the year: the default.
    CHECK(r.value("heures", "p1", month(2027, 1)) == num("0"));
  }

  TEST_CASE("period_start, period_end and ages") {
    Run r = run(R"({"individus": {"p1": {"date_naissance": "2004-02-29"}}})");
    CHECK(r.value("debut", "p1", month(2026, 2)) ==
          Value::of_date(*mesaides::Date::from_ymd(2026, 2, 1)));
    // February 2026 has 28 days.
    CHECK(r.value("fin", "p1", month(2026, 2)) ==
          Value::of_date(*mesaides::Date::from_ymd(2026, 2, 28)));
    // Born on 29 February 2004: on 28 February 2025 (no 29th) the 21st year is completed.
    CHECK(r.value("age_en_fin_de_mois", "p1", month(2025, 2)) == num("21"));
    // On 31 January 2025: still 20.
    CHECK(r.value("age_en_fin_de_mois", "p1", month(2025, 1)) == num("20"));
  }

  TEST_CASE("a chain through earlier months is not a cycle") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2026-01": 100, "2026-02": 200, "2026-03": 300, "2026-04": 400}}}})");
    // cumul(Jan) = 100; Feb = 100 + 200 = 300; Mar = 300 + 300 = 600; Apr = 600 + 400 = 1000.
    CHECK(r.value("cumul", "p1", month(2026, 4)) == num("1000"));
    CHECK(r.value("cumul", "p1", month(2026, 2)) == num("300"));
  }

  TEST_CASE("a long chain through earlier months") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1}}}})");
    // cumul stops at January 2026 (1); from then on it adds salaire_net, 0 after January:
    // 15 years later (180 months deep, under the evaluator's depth limit of 200) it is still 1.
    CHECK(r.value("cumul", "p1", month(2041, 1)) == num("1"));
  }
}

TEST_SUITE("evaluator: groups") {
  TEST_CASE("sum, count, any, all, maximum, minimum over roles and members") {
    Run r = run(kFamily);
    const Period jan = month(2026, 1);
    // Parents: 2000 + 1500.50 = 3500.50.
    CHECK(r.value("revenus_parents", "f1", jan) == num("3500.50"));
    // Everyone: 3500.50 + 300 (e3) = 3800.50.
    CHECK(r.value("revenus_famille", "f1", jan) == num("3800.50"));
    // Children under 20: e1 (3) and e2 (15): 2.
    CHECK(r.value("nb_enfants", "f1", jan) == num("2"));
    // A child of 21 or more: e3.
    CHECK(r.value("un_enfant_majeur", "f1", jan) == Value::of_bool(true));
    // All children under 18: no (e3 is 21).
    CHECK(r.value("tous_mineurs", "f1", jan) == Value::of_bool(false));
    // Oldest child: 21; youngest member: 3.
    CHECK(r.value("age_max_enfants", "f1", jan) == num("21"));
    CHECK(r.value("age_min_famille", "f1", jan) == num("3"));
  }

  TEST_CASE("aggregations over an empty role") {
    Run r = run(
        R"({"individus": {"p1": {"age": {"2026-01": 40}}}, "familles": {"f1": {"parents": ["p1"]}}})");
    const Period jan = month(2026, 1);
    CHECK(r.value("nb_enfants", "f1", jan) == num("0"));
    CHECK(r.value("un_enfant_majeur", "f1", jan) == Value::of_bool(false));
    CHECK(r.value("tous_mineurs", "f1", jan) == Value::of_bool(true));  // vacuously
    CHECK(r.value("age_max_enfants", "f1", jan) == num("0"));           // no member: 0
  }

  TEST_CASE("has_role and projection famille.x") {
    Run r = run(kFamily);
    const Period jan = month(2026, 1);
    CHECK(r.value("est_enfant", "e1", jan) == Value::of_bool(true));
    CHECK(r.value("est_enfant", "p2", jan) == Value::of_bool(false));
    // famille.revenus_parents / 2 = 3500.50 / 2 = 1750.25, for a parent and for a child alike.
    CHECK(r.value("part_revenus", "p1", jan) == num("1750.25"));
    CHECK(r.value("part_revenus", "e3", jan) == num("1750.25"));
  }

  TEST_CASE("a person in no famille has one of their own") {
    Run r = run(R"({"individus": {"seul": {"salaire_net": {"2026-01": 1234}}}})");
    // seul is the only parent of the famille "seul": 1234 / 2 = 617.
    CHECK(r.value("part_revenus", "seul", month(2026, 1)) == num("617"));
    CHECK(r.value("est_enfant", "seul", month(2026, 1)) == Value::of_bool(false));
  }
}

TEST_SUITE("evaluator: parameters") {
  TEST_CASE("a parameter is read at the first day of the period") {
    Run r = run(R"({"individus": {"p1": {}}})");
    // March 2025 uses the value of 2024-04-01: 463.11 × 0.32 = 148.1952 → 148.20.
    CHECK(r.value("af_brute", "p1", month(2025, 3)) == num("148.20"));
    // April 2025 uses the value of 2025-04-01: 474.37 × 0.32 = 151.7984 → 151.80.
    CHECK(r.value("af_brute", "p1", month(2025, 4)) == num("151.80"));
    // A yearly variable reads it on 1 January: 2025-01-01 falls under the 2024-04-01 value.
    CHECK(r.value("bmaf_annuelle", "p1", Period::year(2025)) == num("463.11"));
    // The parameters read are recorded with the date of the value used.
    auto parameters = r.parameters("af_brute", "p1", month(2025, 4));
    REQUIRE(parameters.size() == 2);
    CHECK(parameters[0].at.to_string() == "2025-04-01");
    CHECK(Value::of_number(parameters[0].value) == num("474.37"));
  }

  TEST_CASE("scale: the value of the bracket containing x") {
    auto forfait = [](const char* x) {
      Run r = run(std::string(R"({"individus": {"p1": {"x": {"2026-01": )") + x + "}}}}");
      return r.value("forfait_logement", "p1", month(2026, 1));
    };
    CHECK(forfait("0") == num("194"));
    CHECK(forfait("5599.99") == num("194"));  // below 5600
    CHECK(forfait("5600") == num("146"));     // a threshold belongs to the bracket it opens
    CHECK(forfait("6700") == num("98"));
    CHECK(forfait("20000") == num("0"));  // from 10800
    CHECK(forfait("-1") == num("0"));     // below the first threshold: no bracket, 0
  }

  TEST_CASE("marginal: the sum over brackets of rate × the part of x in the bracket") {
    auto impot = [](const char* x) {
      Run r = run(std::string(R"({"individus": {"p1": {"x": {"2026-01": )") + x + "}}}}");
      return r.value("impot_annuel", "p1", month(2026, 1));
    };
    // 10000 is in the first bracket (rate 0): 0.
    CHECK(impot("10000") == num("0"));
    // 30000: (28797 − 11294) × 0.11 = 17503 × 0.11 = 1925.33; (30000 − 28797) × 0.30 = 1203 × 0.30
    // = 360.9; 1925.33 + 360.9 = 2286.23.
    CHECK(impot("30000") == num("2286.23"));
    // 100000: 1925.33 + (82341 − 28797) × 0.30 = 53544 × 0.30 = 16063.2,
    // + (100000 − 82341) × 0.41 = 17659 × 0.41 = 7240.19; total 1925.33 + 16063.2 + 7240.19 =
    // 25228.72.
    CHECK(impot("100000") == num("25228.72"));
  }

  TEST_CASE("tables: by an enum variable, a literal item, a text") {
    Run r = run(R"({"individus": {"p1": {}},
                    "familles": {"f1": {"parents": ["p1"], "zone": {"2026-01": "zone_2"}}}})");
    // zone_2 → 290.34.
    CHECK(r.value("plafond_zone", "f1", month(2026, 1)) == num("290.34"));
    // Not given in February: the first item, zone_1 → 333.14.
    CHECK(r.value("plafond_zone", "f1", month(2026, 2)) == num("333.14"));
    // loyer_plafond[zone_3] + loyer_plafond["zone_1"] = 272.1 + 333.14 = 605.24.
    CHECK(r.value("plafond_zone_3", "f1", month(2026, 1)) == num("605.24"));
  }

  TEST_CASE("a parameter with no value at the date is a runtime error") {
    Run r = run(R"({"individus": {"p1": {}}})");
    // Ended by null on 2024-01-01.
    CHECK(r.value("lit_supprime", "p1", month(2023, 12)) == num("10"));
    CHECK(error_text(r.value("lit_supprime", "p1", month(2024, 2))) ==
          "lit_supprime (p1, 2024-02): parameter supprime has no value on 2024-02-01");
    // Before its first date.
    CHECK(error_text(r.value("lit_futur", "p1", month(2026, 1))) ==
          "lit_futur (p1, 2026-01): parameter futur has no value on 2026-01-01");
    CHECK(r.details("lit_futur", "p1", month(2026, 1)).source == CellSource::kError);
  }
}

TEST_SUITE("evaluator: parameters read at a date") {
  TEST_CASE("PARAMETER at DATE reads the value in force on DATE, not at the period's start") {
    Run r = run(R"({"individus": {"p1": {"date_naissance": {"ETERNITY": "2024-05-10"}},
                                  "p2": {"date_naissance": {"ETERNITY": "2025-04-01"}}}})");
    // p1 was born on 2024-05-10: the value of 2024-04-01, 463.11, even in June 2026 (when the
    // period's value is 474.37).
    CHECK(r.value("bmaf_a_la_naissance", "p1", month(2026, 6)) == num("463.11"));
    // p2, born on 2025-04-01, the first day of the 2025 value: 474.37.
    CHECK(r.value("bmaf_a_la_naissance", "p2", month(2026, 6)) == num("474.37"));
    // `at` binds tighter than '*': (bmaf at date_naissance) × 2 = 463.11 × 2 = 926.22.
    CHECK(r.value("double_bmaf_a_la_naissance", "p1", month(2026, 6)) == num("926.22"));
  }

  TEST_CASE("the trace records the date read at beside the date of the value") {
    Run r = run(R"({"individus": {"p1": {"date_naissance": {"ETERNITY": "2024-05-10"}}}})");
    auto parameters = r.parameters("bmaf_a_la_naissance", "p1", month(2026, 6));
    REQUIRE(parameters.size() == 1);
    CHECK(parameters[0].at.to_string() == "2024-04-01");
    REQUIRE(parameters[0].read_at.has_value());
    CHECK(parameters[0].read_at->to_string() == "2024-05-10");
    // A parameter read at the period's start records no such date.
    auto usual = r.parameters("af_brute", "p1", month(2026, 6));
    REQUIRE(!usual.empty());
    CHECK(!usual[0].read_at.has_value());
  }

  TEST_CASE("a table read at a date takes its key as usual") {
    Run r = run(R"({"individus": {"p1": {}},
                    "familles": {"f1": {"parents": ["p1"], "zone": {"2026-01": "zone_3"}}}})");
    // zone_3 in the only table (2020-01-01): 272.1.
    CHECK(r.value("plafond_zone_juin_2024", "f1", month(2026, 1)) == num("272.1"));
  }

  TEST_CASE("a date computed by an expression; before the first value or after a null: an error") {
    Run r = run(R"({"individus": {"p1": {"date_naissance": {"ETERNITY": "2019-12-31"}}}})");
    // December 2026 − 36 months = 2023-12-01: still 10 (ended on 2024-01-01).
    CHECK(r.value("supprime_il_y_a_3_ans", "p1", month(2026, 12)) == num("10"));
    // February 2027 − 36 months = 2024-02-01: ended by null, the error names that date.
    CHECK(error_text(r.value("supprime_il_y_a_3_ans", "p1", month(2027, 2))) ==
          "supprime_il_y_a_3_ans (p1, 2027-02): parameter supprime has no value on 2024-02-01");
    // Born on 2019-12-31, before bmaf's first value (2024-04-01).
    CHECK(error_text(r.value("bmaf_a_la_naissance", "p1", month(2026, 6))) ==
          "bmaf_a_la_naissance (p1, 2026-06): parameter bmaf has no value on 2019-12-31");
  }
}

TEST_SUITE("evaluator: rounding") {
  // round(x, pas), round_down(x, pas), round_up(x, pas) for one x and step.
  struct Rounded {
    Value nearest, down, up;
  };
  Rounded rounded(const char* x, const char* step) {
    Run r = run(std::string(R"({"individus": {"p1": {"x": {"2026-01": )") + x +
                R"(}, "pas": {"2026-01": )" + step + "}}}}");
    return {r.value("arrondi", "p1", month(2026, 1)), r.value("arrondi_bas", "p1", month(2026, 1)),
            r.value("arrondi_haut", "p1", month(2026, 1))};
  }

  TEST_CASE("to the cent") {
    Rounded a = rounded("2.345", "0.01");
    CHECK(a.nearest == num("2.35"));  // the half goes away from zero
    CHECK(a.down == num("2.34"));
    CHECK(a.up == num("2.35"));
    Rounded b = rounded("-2.345", "0.01");
    CHECK(b.nearest == num("-2.35"));  // away from zero
    CHECK(b.down == num("-2.35"));     // toward −infinity
    CHECK(b.up == num("-2.34"));       // toward +infinity
    Rounded c = rounded("151.7984", "0.01");
    CHECK(c.nearest == num("151.80"));
    CHECK(c.down == num("151.79"));
    CHECK(c.up == num("151.80"));
  }

  TEST_CASE("to the euro") {
    Rounded a = rounded("1234.5", "1");
    CHECK(a.nearest == num("1235"));
    CHECK(a.down == num("1234"));
    CHECK(a.up == num("1235"));
    Rounded b = rounded("1234.49", "1");
    CHECK(b.nearest == num("1234"));
    Rounded c = rounded("7", "1");  // already whole: unchanged by every mode
    CHECK(c.nearest == num("7"));
    CHECK(c.down == num("7"));
    CHECK(c.up == num("7"));
  }

  TEST_CASE("to ten euros") {
    Rounded a = rounded("1234.5", "10");
    CHECK(a.nearest == num("1230"));  // 123.45 tens → 123
    CHECK(a.down == num("1230"));
    CHECK(a.up == num("1240"));
    Rounded b = rounded("15", "10");
    CHECK(b.nearest == num("20"));  // 1.5 tens → 2
    Rounded c = rounded("-15", "10");
    CHECK(c.nearest == num("-20"));
    CHECK(c.down == num("-20"));
    CHECK(c.up == num("-10"));
  }

  TEST_CASE("a step of zero is a runtime error") {
    Rounded a = rounded("1.5", "0");
    CHECK(error_text(a.nearest) == "arrondi (p1, 2026-01): cannot round to a step of 0");
  }
}

TEST_SUITE("evaluator: require and reasons") {
  TEST_CASE("a failed require gives the default value and the message with its values") {
    Run r = run(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1"]}}})");
    const auto& cell = r.details("af_base", "f1", month(2026, 1));
    // One child under 20: n = 1 < 2, so af_base = 0 (money's default) with the message, {n} = 1.
    CHECK(cell.value == num("0"));
    CHECK(cell.source == CellSource::kRequireFailed);
    CHECK(r.reason("af_base", "f1", month(2026, 1)) ==
          "Il faut au moins deux enfants à charge ; ici 1.");
    CHECK_FALSE(cell.reason_inherited);
  }

  TEST_CASE("a reason is written on demand, from the memo: no cell added, no read recorded") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2026-01": 800}}, "p2": {"salaire_net": {"2026-01": 1500}}}})");
    uint32_t refused = r.cell("aide_salaire", "p1", month(2026, 1));
    const size_t cells = r.eval->cell_count();
    const size_t reads = r.eval->reads(refused).size();
    // The values the message shows were computed and recorded when the require failed.
    CHECK(reads >= 1);
    const std::string& first = r.eval->reason(refused);
    CHECK(first == "condition non remplie : Salaire net (800,00 €) < seuil (1\u202F000,00 €)");
    CHECK(r.eval->cell_count() == cells);
    CHECK(r.eval->reads(refused).size() == reads);
    // Asked again: the same text, written once.
    CHECK(&r.eval->reason(refused) == &first);
    // A value that no require refused has none.
    CHECK(r.eval->reason(r.cell("aide_salaire", "p2", month(2026, 1))).empty());
  }

  TEST_CASE("a require that holds lets the formula go on") {
    Run r = run(
        R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {"age": {"2026-01": 7}}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2"]}}})");
    const auto& cell = r.details("af_base", "f1", month(2026, 1));
    // Two children: 474.37 × 0.32 = 151.7984 → 151.80 (BMAF of 2025-04-01).
    CHECK(cell.value == num("151.80"));
    CHECK(cell.source == CellSource::kFormula);
    CHECK(r.reason("af_base", "f1", month(2026, 1)).empty());
  }

  TEST_CASE("a require without a message: the condition with the values, negated") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2026-01": 800}}, "p2": {"salaire_net": {"2026-01": 1500}}}})");
    // salaire_net >= seuil fails: shown as "<", each side with its label and value
    // (800 → "800,00 €"; the parameter seuil has no label, so its name; 1000 → "1 000,00 €" with a
    // narrow no-break space U+202F as the thousands separator).
    CHECK(r.reason("aide_salaire", "p1", month(2026, 1)) ==
          "condition non remplie : Salaire net (800,00 €) < seuil (1\u202F000,00 €)");
    CHECK(r.value("aide_salaire", "p2", month(2026, 1)) == num("100"));
    // A `let` bound to a variable is shown with the variable's label; a literal just as its value.
    // s > 2000 fails for 1500: "≤".
    CHECK(r.reason("aide_salaire_let", "p2", month(2026, 1)) ==
          "condition non remplie : Salaire net (1\u202F500,00 €) ≤ 2000");
    // A condition that is not a single comparison is shown as written.
    CHECK(r.reason("aide_etudiant", "p1", month(2026, 1)) ==
          "condition non remplie : est_etudiant and age < 26");
    CHECK(r.value("aide_etudiant", "p1", month(2026, 1)) == Value::of_bool(false));
  }

  TEST_CASE("values in a message are written in French; an error shows as '?'") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2026-01": 1234.5}, "est_etudiant": {"2026-01": true},
                                          "date_naissance": "2004-02-29", "x": {"2026-01": 2.5}}}})");
    // money: 1 234,50 €; boolean: oui; date: 29/02/2004; number: 2,5; 1 / 0: an error, "?".
    CHECK(r.reason("message_riche", "p1", month(2026, 1)) ==
          "Salaire 1\u202F234,50 €, étudiant oui, né le 29/02/2004, x = 2,5, ?.");
  }

  TEST_CASE("a zero built from a refusal inherits its reason") {
    Run r = run(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1"]}}})");
    // af_totale = complement (not given: 0, no reason) + af_base (0, refused) = 0: the reason is
    // af_base's.
    const auto& total = r.details("af_totale", "f1", month(2026, 1));
    CHECK(total.value == num("0"));
    CHECK(total.source == CellSource::kFormula);
    CHECK(r.reason("af_totale", "f1", month(2026, 1)) ==
          "Il faut au moins deux enfants à charge ; ici 1.");
    CHECK(total.reason_inherited);
  }

  TEST_CASE("a non-zero result does not inherit a reason") {
    Run r = run(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1"], "complement": {"2026-01": 50}}}})");
    // 50 + 0 = 50: not zero, no reason.
    const auto& total = r.details("af_totale", "f1", month(2026, 1));
    CHECK(total.value == num("50"));
    CHECK(r.reason("af_totale", "f1", month(2026, 1)).empty());
  }

  TEST_CASE("without record, no reads and no inherited reasons") {
    Run r = run(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1"]}}})",
                false);
    const auto& total = r.details("af_totale", "f1", month(2026, 1));
    CHECK(total.value == num("0"));
    CHECK(r.reads("af_totale", "f1", month(2026, 1)).empty());
    CHECK(r.reason("af_totale", "f1", month(2026, 1)).empty());
    // The refusal's own reason is still there.
    CHECK(r.reason("af_base", "f1", month(2026, 1)) ==
          "Il faut au moins deux enfants à charge ; ici 1.");
  }
}

TEST_SUITE("evaluator: missing inputs") {
  TEST_CASE("the inputs not given that a value depends on, in the order met") {
    Run r = run(R"({"individus": {"p1": {}, "e1": {"age": {"2026-01": 5}}, "e2": {}, "e3": {}},
                    "familles": {"f1": {"parents": ["p1"], "enfants": ["e1", "e2", "e3"]}}})");
    uint32_t cell = r.cell("af_totale", "f1", month(2026, 1));
    std::vector<mesaides::MissingInput> missing = r.eval->missing_inputs(cell);
    // af_totale reads complement (missing), then af_base → nb_enfants → age of e1 (given), e2, e3
    // (missing). With e2 and e3 of age 0 (< 20), nb_enfants = 3 ≥ 2, af_base is computed.
    REQUIRE(missing.size() == 3);
    CHECK(missing[0].variable == r.var("complement"));
    CHECK(missing[1].variable == r.var("age"));
    CHECK(missing[1].member == r.member("age", "e2"));
    CHECK(missing[2].member == r.member("age", "e3"));
    CHECK(missing[2].period == month(2026, 1));
    // A value that depends on nothing missing.
    CHECK(r.eval->missing_inputs(r.cell("age", "e1", month(2026, 1))).empty());
  }
}

TEST_SUITE("evaluator: runtime errors") {
  TEST_CASE("division by zero is an error value naming the variable") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}}}})");
    Value v = r.value("ratio", "p1", month(2026, 1));
    CHECK(error_text(v) == "ratio (p1, 2026-01): division by zero in 'salaire_net / heures'");
    CHECK(r.details("ratio", "p1", month(2026, 1)).source == CellSource::kError);
  }

  TEST_CASE("errors propagate unchanged through formulas, aggregations and sums") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}, "heures": {"2026-02": 10}}}})");
    const std::string expected = "ratio (p1, 2026-01): division by zero in 'salaire_net / heures'";
    CHECK(error_text(r.value("double_ratio", "p1", month(2026, 1))) == expected);
    CHECK(error_text(r.value("ratio_famille", "p1", month(2026, 1))) == expected);
    // February works: 0 / 10 = 0 (salaire_net not given in February).
    CHECK(r.value("ratio", "p1", month(2026, 2)) == num("0"));
    // Over the year, January's error wins.
    CHECK(error_text(r.value("ratio", "p1", Period::year(2026))) == expected);
  }

  TEST_CASE("branches not taken are not evaluated") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}}}})");
    // heures = 0: the 'then' branch (ratio, an error) is skipped; the elif's `false and …` stops at
    // false; the else gives 0.
    CHECK(r.value("paresseux", "p1", month(2026, 1)) == num("0"));
  }

  TEST_CASE("no formula before the first date, or in a gap") {
    Run r = run(R"({"individus": {"p1": {}}})");
    CHECK(r.value("recent", "p1", month(2025, 1)) == num("1"));
    CHECK(error_text(r.value("recent", "p1", month(2024, 12))) ==
          "recent (p1, 2024-12): no formula for 2024-12-01 (the rules cover this variable from "
          "2025-01-01)");
    CHECK(r.value("avec_trou", "p1", month(2019, 12)) == num("1"));
    CHECK(r.value("avec_trou", "p1", month(2021, 1)) == num("2"));
    CHECK(r.value("avec_trou", "p1", month(2020, 6)).is_error());
  }

  TEST_CASE("a true cycle through periods is an error, not a crash") {
    Run r = run(R"({"individus": {"p1": {}}})");
    // ping(m) = pong(m + 1) and pong(m) = ping(m - 1) + 1: ping(Jan) reads pong(Feb), which reads
    // ping(Jan) again. No edge is for the same period, so the checker cannot see it; the evaluation
    // finds ping(Jan) in progress and reports the path, in pong's name (where it was found).
    Value v = r.value("ping", "p1", month(2026, 1));
    CHECK(error_text(v) ==
          "pong (p1, 2026-02): cycle: ping<2026-01> → pong<2026-02> → ping<2026-01>");
    CHECK(r.details("pong", "p1", month(2026, 2)).source == CellSource::kError);
  }

  TEST_CASE("a variable summing its own earlier months goes back to its first formula") {
    Run r = run(R"({"individus": {"p1": {}}})");
    // somme_glissante(m) = its sum over the two months before + 1, back to January 2020 where the
    // months before have no formula: an error, propagated up, not a crash.
    Value v = r.value("somme_glissante", "p1", month(2020, 3));
    CHECK(v.is_error());
    CHECK(error_text(v).find("no formula for 2019-") != std::string::npos);
  }
}

// One test per kind of runtime error: its kind and where it points.
TEST_SUITE("evaluator: runtime error kinds") {
  using mesaides::ErrorKind;

  TEST_CASE("division_by_zero: the division") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}}}})");
    Value v = r.value("double_ratio", "p1", month(2026, 1));  // propagated from ratio, unchanged
    CHECK(v.error_kind == ErrorKind::kDivisionByZero);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "division_by_zero");
    CHECK(error_place(v) == "ratio: salaire_net / heures");
  }

  TEST_CASE("number_too_large: the operation") {
    // (10^15)² = 10^30, beyond the decimals' range (about 1.7 × 10^29).
    Run r = run(R"({"individus": {"p1": {"x": {"2026-01": 1000000000000000}}}})");
    Value v = r.value("carre", "p1", month(2026, 1));
    CHECK(v.error_kind == ErrorKind::kNumberTooLarge);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "number_too_large");
    CHECK(v.text == "carre (p1, 2026-01): number too large in 'x * x'");
    CHECK(error_place(v) == "carre: x * x");
  }

  TEST_CASE("no_formula_for_date: the variable itself") {
    Run r = run(R"({"individus": {"p1": {}}})");
    Value v = r.value("recent", "p1", month(2024, 12));
    CHECK(v.error_kind == ErrorKind::kNoFormulaForDate);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "no_formula_for_date");
    CHECK(error_place(v) == "recent: (the variable itself)");
  }

  TEST_CASE("parameter_without_value: the parameter read") {
    Run r = run(R"({"individus": {"p1": {}}})");
    Value v = r.value("lit_supprime", "p1", month(2024, 2));
    CHECK(v.error_kind == ErrorKind::kParameterWithoutValue);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "parameter_without_value");
    CHECK(error_place(v) == "lit_supprime: supprime");
  }

  TEST_CASE("missing_table_entry: the table read") {
    Run r = run(R"({"individus": {"p1": {}},
                    "familles": {"f1": {"parents": ["p1"], "code_zone": {"2026-01": "zone_9"}}}})");
    Value v = r.value("plafond_code", "f1", month(2026, 1));
    CHECK(v.error_kind == ErrorKind::kMissingTableEntry);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "missing_table_entry");
    CHECK(v.text == "plafond_code (f1, 2026-01): parameter loyer_plafond has no entry 'zone_9'");
    CHECK(error_place(v) == "plafond_code: loyer_plafond[code_zone]");
  }

  TEST_CASE("invalid_argument: the call") {
    Run r = run(R"({"individus": {"p1": {"x": {"2026-01": 1.5}, "pas": {"2026-01": 0}}}})");
    Value v = r.value("arrondi", "p1", month(2026, 1));
    CHECK(v.error_kind == ErrorKind::kInvalidArgument);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "invalid_argument");
    CHECK(error_place(v) == "arrondi: round(x, pas)");
  }

  TEST_CASE("cycle: the read that closes it") {
    Run r = run(R"({"individus": {"p1": {}}})");
    Value v = r.value("ping", "p1", month(2026, 1));
    CHECK(v.error_kind == ErrorKind::kCycle);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "cycle");
    CHECK(error_place(v) == "pong: ping[month - 1]");
  }

  TEST_CASE("depth_exceeded: the variable itself") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1}}}})");
    Value v = r.value("cumul", "p1", month(9999, 12));
    CHECK(v.error_kind == ErrorKind::kDepthExceeded);
    CHECK(std::string(mesaides::error_kind_name(v.error_kind)) == "depth_exceeded");
    CHECK(error_place(v) == "cumul: (the variable itself)");
  }

  TEST_CASE("values that are not errors have no kind") {
    Run r = run(
        R"({"individus": {"p1": {"salaire_net": {"2026-01": 1000}, "heures": {"2026-01": 4}}}})");
    CHECK(r.value("ratio", "p1", month(2026, 1)).error_kind == ErrorKind::kNone);
  }
}

TEST_SUITE("evaluator: French values") {
  TEST_CASE("format_value_fr") {
    const Program& p = program();
    using mesaides::format_value_fr;
    using mesaides::Type;
    CHECK(format_value_fr(p, num("1234567.891"), Type::kMoney, -1) == "1\u202F234\u202F567,89 €");
    CHECK(format_value_fr(p, num("-0.004"), Type::kMoney, -1) == "0,00 €");  // never "-0,00"
    CHECK(format_value_fr(p, num("2.50"), Type::kNumber, -1) == "2,5");
    CHECK(format_value_fr(p, Value::of_bool(false), Type::kBoolean, -1) == "non");
    CHECK(format_value_fr(p, Value::of_date(*mesaides::Date::from_ymd(2026, 3, 1)), Type::kDate,
                          -1) == "01/03/2026");
    CHECK(format_value_fr(p, Value::of_enum(1), Type::kEnum, *p.find_enum("zone")) == "Zone 2");
    CHECK(format_value_fr(p, Value::of_text("abc"), Type::kText, -1) == "« abc »");
    CHECK(format_value_fr(p, Value::error(mesaides::ErrorKind::kDivisionByZero, "boom"),
                          Type::kMoney, -1) == "erreur : boom");
  }
}

// Each test below shows a bug that was reported; skip them with --test-suite-exclude="*known bugs*"
// until fixed.
TEST_SUITE("evaluator: depth") {
  // Evaluation recurses once per month of a chain like cumul[month - 1]; asked for December 9999
  // (a period any request may give), cumul would go back ~95 000 months to January 2026 and
  // overflow the stack. It must be an error value, like every other runtime failure.
  TEST_CASE("a very long chain through earlier months is an error, not a stack overflow") {
    Run r = run(R"({"individus": {"p1": {"salaire_net": {"2026-01": 1}}}})");
    Value v = r.value("cumul", "p1", month(9999, 12));
    CHECK(v.is_error());
    CHECK(v.text.find("computation too deep") != std::string::npos);
    // A chain of a few years is fine: December 2027 goes back 23 months to January 2026; the only
    // salary is 1 € in January 2026, so the running total is 1.
    CHECK(r.value("cumul", "p1", month(2027, 12)) == Value::of_number(Decimal::from_int(1)));
  }
}

// `in`, == and != on texts, and starts_with, on texts given, kept by a `let`, or computed.
TEST_SUITE("evaluator: texts") {
  const Value kTrue = Value::of_bool(true), kFalse = Value::of_bool(false);
  Run commune(const std::string& code, const std::string& zone) {
    return run(R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1"],
                   "code_commune": {"2026-01": ")" +
               code + R"("}, "zone": {"2026-01": ")" + zone + R"("}}}})");
  }

  TEST_CASE("in a list, starts_with, == and !=") {
    // 69382: in the list; starts with 69, is neither 69123 nor 69001; zone_2 makes the computed
    // first item "69382".
    Run a = commune("69382", "zone_2");
    CHECK(a.value("commune_listee", "f1", month(2026, 1)) == kTrue);
    CHECK(a.value("commune_du_rhone", "f1", month(2026, 1)) == kTrue);
    CHECK(a.value("commune_calculee", "f1", month(2026, 1)) == kTrue);
    // 69123: not listed; it is the one excluded; zone_2 lists "69382" and "75056" only.
    Run b = commune("69123", "zone_2");
    CHECK(b.value("commune_listee", "f1", month(2026, 1)) == kFalse);
    CHECK(b.value("commune_du_rhone", "f1", month(2026, 1)) == kFalse);
    CHECK(b.value("commune_calculee", "f1", month(2026, 1)) == kFalse);
    // 69001: starts with 69, but is excluded.
    Run c = commune("69001", "zone_1");
    CHECK(c.value("commune_du_rhone", "f1", month(2026, 1)) == kFalse);
    // 75056: not in the Rhône, but the computed list's second item; with zone_1 the first is "".
    Run d = commune("75056", "zone_1");
    CHECK(d.value("commune_du_rhone", "f1", month(2026, 1)) == kFalse);
    CHECK(d.value("commune_calculee", "f1", month(2026, 1)) == kTrue);
    // An empty text does not start with "69"; zone_3 makes the computed first item "", which it
    // equals.
    Run e = commune("", "zone_3");
    CHECK(e.value("commune_du_rhone", "f1", month(2026, 1)) == kFalse);
    CHECK(e.value("commune_calculee", "f1", month(2026, 1)) == kTrue);
    // Numbers and enum items: January is month 1, zone_1 is listed; June (6) is not in [1, 2, 3].
    CHECK(d.value("mois_de_zone", "f1", month(2026, 1)) == kTrue);
    CHECK(d.value("mois_de_zone", "f1", month(2026, 6)) == kFalse);
    CHECK(e.value("mois_de_zone", "f1", month(2026, 1)) == kFalse);
  }

  TEST_CASE("in a long list of literal texts, looked up in their sorted order") {
    // Every item listed is found, the first and last in text order included (the empty text,
    // "97411"), a repeated one ("01033") and the prefixes and extensions of another ("6938",
    // "693821" beside "69382").
    for (const char* listed : {"74010", "01033", "69382", "6938", "69123", "75056", "13055",
                               "69381", "693821", "", "97411"}) {
      CAPTURE(listed);
      CHECK(commune(listed, "zone_1").value("commune_longue_liste", "f1", month(2026, 1)) == kTrue);
    }
    // Texts not listed: before the first non-empty one, after the last, between two, a prefix
    // or an extension of an item that is not itself listed, one that differs in its last digit.
    for (const char* absent : {"0", "01032", "99999", "69124", "693", "6938210", "74011", " "}) {
      CAPTURE(absent);
      CHECK(commune(absent, "zone_1").value("commune_longue_liste", "f1", month(2026, 1)) ==
            kFalse);
    }
    // The list is looked up by halves (else this test would pass by comparing item after item).
    const Program& program = ::program();
    const mesaides::Formula& formula =
        program.variables[static_cast<size_t>(*program.find_variable("commune_longue_liste"))]
            .formulas.front();
    const mesaides::Node& in = program.nodes[formula.result];
    CHECK(in.kind == mesaides::ExprKind::kIn);
    CHECK((in.flags & mesaides::Node::kSortedTexts) != 0);
    // Short lists are compared item after item, as before.
    const mesaides::Formula& short_list =
        program.variables[static_cast<size_t>(*program.find_variable("commune_listee"))]
            .formulas.front();
    CHECK((program.nodes[short_list.result].flags & mesaides::Node::kSortedTexts) == 0);
  }

  TEST_CASE("a text that fails is the error, with its place") {
    Run r = commune("69382", "zone_2");
    Value v = r.value("erreur_listee", "f1", month(2026, 1));
    CHECK(v.error_kind == mesaides::ErrorKind::kDivisionByZero);
    CHECK(error_place(v) == "code_en_erreur: 1 / (x_famille - x_famille)");
  }
}

// The evaluator's fast paths of numbers and booleans (set_fast_paths), whether they run the
// formulas' flat code (set_flat_code) or walk their nodes, must compute exactly what the general
// evaluation does: every variable of the rules above, for every member, in the months and year of
// the tests (errors, cycles, refusals, scales, tables, aggregations included), gives the same
// cells in the same order, each with the same value, source, reads, parameters read and reason.
TEST_SUITE("evaluator: fast paths") {
  TEST_CASE("the same cells, values, reads and reasons as the general evaluation") {
    const char* situations[] = {
        kFamily,
        R"({"individus": {"p1": {"salaire_net": {"2025-12": 1500, "2026-01": 1600}, "heures": {"2026-01": 0},
              "age": {"2026-01": 70}, "est_etudiant": {"2026-01": true}, "x": {"2026-01": 3}},
            "p2": {"salaire_net": {"2026-01": 99999999999999999999}, "pas": {"2026-01": 0}}},
            "familles": {"f1": {"parents": ["p1", "p2"]}}})",
        R"({"individus": {"p1": {}}, "familles": {"f1": {"parents": ["p1"],
              "code_commune": {"2026-01": "69382", "2026-03": "69123"},
              "zone": {"2026-01": "zone_2"}}}})"};
    const Program& p = program();
    for (const char* situation : situations) {
      auto computed = [&](bool fast, bool code) {
        mesaides::set_fast_paths(fast);
        mesaides::set_flat_code(code);
        Run r = run(situation);
        mesaides::set_fast_paths(true);
        mesaides::set_flat_code(true);
        for (size_t v = 0; v < p.variables.size(); ++v) {
          const mesaides::VariableDef& def = p.variables[v];
          for (int32_t m = 0; m < r.situation->member_count(p, def.entity); ++m) {
            for (const Period& period : {month(2026, 1), month(2026, 3), Period::year(2026)})
              r.eval->compute_cell(static_cast<int32_t>(v), m, period);
          }
        }
        std::vector<std::string> cells;
        for (uint32_t i = 0; i < r.eval->cell_count(); ++i) {
          const mesaides::Cell& c = r.eval->cell(i);
          std::string line = p.variables[static_cast<size_t>(c.variable)].name + " " +
                             std::to_string(c.member) + " " + c.period.to_string() + " = " +
                             doctest::StringMaker<Value>::convert(c.value).c_str() + " (" +
                             std::to_string(static_cast<int>(c.source)) + ") place " +
                             error_place(c.value) + " reads";
          for (uint32_t read : r.eval->reads(i)) line += " " + std::to_string(read);
          for (const mesaides::ParameterRead& pr : r.eval->parameters(i))
            line += " " + std::to_string(pr.parameter) + "@" + pr.at.to_string() + "=" +
                    pr.value.to_string() + "/" + pr.key;
          line += " reason " + r.eval->reason(i);
          cells.push_back(line);
        }
        return cells;
      };
      const std::vector<std::string> general = computed(false, false);
      const std::vector<std::string> code = computed(true, true), walked = computed(true, false);
      REQUIRE(general.size() > 100);
      REQUIRE(code.size() == general.size());
      REQUIRE(walked.size() == general.size());
      for (size_t i = 0; i < general.size(); ++i) {
        CHECK(code[i] == general[i]);
        CHECK(walked[i] == general[i]);
      }
    }
  }

  // The flat code covers the formulas: every statement and result that is a number or a boolean
  // has its code in its formula's (none of the rules above is deeper than the stack), the others
  // are left to the evaluator (kGeneral), every jump lands inside its statement; and the
  // operations the fast paths would otherwise reach node by node are there.
  // An expression that would need more than the code's stack (Program::kCodeStack values at
  // once) is left to the fast paths' walk (kGeneral), the formula's other statements keeping their
  // code; the value is the same either way.
  TEST_CASE("an expression deeper than the code's stack is computed without code") {
    using mesaides::OpCode;
    std::string nested = "1";
    for (int i = 0; i < 40; ++i) nested = "1 + (" + nested + ")";  // 41 ones, 41 values deep
    std::vector<mesaides::SourceFile> files;
    files.push_back({"test_evaluator.rules", kRules});
    files.push_back({"profond.rules",
                     "variable profond { entity: individu  period: month  type: number\n"
                     "  formula from 2020-01-01 {\n    let deux = 1 + 1\n    deux + (" +
                         nested + ")\n  }\n}\n"});
    mesaides::LoadResult loaded = mesaides::load_program(std::move(files));
    INFO(loaded.rendered);
    REQUIRE(loaded.program != nullptr);
    const Program& p = *loaded.program;
    const auto v = p.find_variable("profond");
    REQUIRE(v.has_value());
    const mesaides::Formula& f = p.variables[static_cast<size_t>(*v)].formulas.front();
    REQUIRE(f.code != Program::kNoCode);
    const uint32_t result = p.code[f.code].b;  // where the result's part starts
    CHECK(p.code[result - 1].code == OpCode::kLetNumber);
    CHECK(p.code[result].code == OpCode::kStatement);
    CHECK(p.code[result].a == 1);
    CHECK(p.code[result + 1].code == OpCode::kGeneral);
    for (const bool code : {true, false}) {
      CAPTURE(code);
      mesaides::set_flat_code(code);
      mesaides::SituationResult parsed =
          mesaides::parse_situation(p, json::parse(R"({"individus": {"p1": {}}})"));
      REQUIRE(parsed.situation != nullptr);
      Evaluation e(p, *parsed.situation, false);
      CHECK(e.compute(*v, 0, month(2026, 1)) == Value::of_number(Decimal::from_int(43)));
      mesaides::set_flat_code(true);
    }
  }

  TEST_CASE("every number and boolean of the formulas is compiled") {
    using mesaides::OpCode;
    const Program& p = program();
    size_t roots = 0;
    for (const mesaides::VariableDef& v : p.variables) {
      for (const mesaides::Formula& f : v.formulas) {
        CAPTURE(v.name);
        const size_t count = f.statements.size();
        bool any = false;
        for (size_t i = 0; i <= count; ++i) {
          const mesaides::Type t = p.nodes[i == count ? f.result : f.statements[i].expr].type;
          any = any || mesaides::is_numeric(t) || t == mesaides::Type::kBoolean;
        }
        if (!any) {
          CHECK(f.code == Program::kNoCode);
          continue;
        }
        REQUIRE(f.code != Program::kNoCode);
        uint32_t pc = f.code;
        for (size_t i = 0; i <= count; ++i) {
          REQUIRE(p.code[pc].code == OpCode::kStatement);
          CHECK(p.code[pc].a == i);
          const uint32_t next = p.code[pc].b;
          REQUIRE(next > pc + 1);
          const OpCode last = p.code[next - 1].code;
          const mesaides::Type t = p.nodes[i == count ? f.result : f.statements[i].expr].type;
          if (mesaides::is_numeric(t) || t == mesaides::Type::kBoolean) {
            ++roots;
            CHECK(last != OpCode::kGeneral);
          } else {
            CHECK(last == OpCode::kGeneral);
          }
          for (uint32_t k = pc + 1; k < next; ++k) {
            const mesaides::CodeOp& op = p.code[k];
            if (op.code == OpCode::kJump || op.code == OpCode::kJumpIfFalse ||
                op.code == OpCode::kAndJump || op.code == OpCode::kOrJump) {
              CHECK(op.a > k);
              CHECK(op.a < next);
            }
          }
          pc = next;
        }
      }
    }
    for (const mesaides::Node& n : p.nodes) {
      if (n.kind == mesaides::ExprKind::kAggregate)
        CHECK(p.code_entry[p.arg(n, 1)] != Program::kNoCode);
    }
    CHECK(roots > 50);
    auto count = [&](OpCode c) {
      return std::count_if(p.code.begin(), p.code.end(),
                           [c](const mesaides::CodeOp& op) { return op.code == c; });
    };
    for (OpCode c :
         {OpCode::kNumberRead, OpCode::kBoolRead, OpCode::kParameter, OpCode::kCompareConstant,
          OpCode::kAndJump, OpCode::kJumpIfFalse, OpCode::kCallNumber, OpCode::kAdd,
          OpCode::kLetNumber, OpCode::kRequire, OpCode::kResultNumber, OpCode::kResultBool}) {
      CAPTURE(static_cast<int>(c));
      CHECK(count(c) > 0);
    }
  }
}
