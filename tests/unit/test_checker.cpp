// Unit tests of core/checker (through load_program): name resolution (locals, variables,
// projections famille.x, enum items, parameters, roles), the types given to expressions, defaults,
// and the load-time errors the golden tests do not already show, with where they point.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "program.h"

namespace {

using mesaides::Decimal;
using mesaides::Diagnostic;
using mesaides::Expr;
using mesaides::ExprId;
using mesaides::ExprKind;
using mesaides::LoadResult;
using mesaides::Program;
using mesaides::Type;

const char* const kEntities = R"(
entity individu { plural: individus }
group famille {
  plural: familles
  role parents { plural: parents  max: 2 }
  role enfants { plural: enfants }
}
group menage {
  plural: menages
  role personne_de_reference { plural: personne_de_reference  max: 1 }
}
enum statut_occupation_logement {
  non_renseigne: "Non renseigné"
  locataire_vide: "Locataire"
  proprietaire: "Propriétaire"
}
)";

bool loaded(const LoadResult& r) { return r.program != nullptr; }

LoadResult load(const std::string& rules) {
  std::vector<mesaides::SourceFile> files;
  files.push_back({"t.rules", std::string(kEntities) + rules});
  return mesaides::load_program(std::move(files));
}

std::shared_ptr<const Program> load_ok(const std::string& rules) {
  LoadResult r = load(rules);
  INFO(r.rendered);
  REQUIRE(loaded(r));
  CHECK(r.diagnostics.empty());
  return r.program;
}

std::string messages(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += d.message + "\n";
  return out;
}

// The messages of the errors of `rules`, which must not load.
std::string errors_of(const std::string& rules) {
  LoadResult r = load(rules);
  CHECK_FALSE(loaded(r));
  CHECK_FALSE(r.rendered.empty());
  return messages(r);
}

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

const mesaides::VariableDef& variable(const Program& p, const std::string& name) {
  auto v = p.find_variable(name);
  REQUIRE_MESSAGE(v.has_value(), "no variable ", name);
  return p.variables[static_cast<size_t>(*v)];
}

// The value expression of the first formula of `name`.
const Expr& result(const Program& p, const std::string& name) {
  const auto& v = variable(p, name);
  REQUIRE(!v.formulas.empty());
  return p.expr(v.formulas[0].result);
}

// The type of a formula whose body is `body`, in a monthly variable of `entity` declared with
// `type`.
Type type_of(const std::string& body, const std::string& type = "number",
             const std::string& entity = "individu") {
  auto p = load_ok(R"(
    variable m { entity: individu  period: month  type: money }
    variable n { entity: individu  period: month  type: number }
    variable i { entity: individu  period: month  type: integer }
    variable d { entity: individu  period: eternity  type: date }
    variable b { entity: individu  period: month  type: boolean }
    parameter taux { unit: rate  2020-01-01: 0.32 }
    parameter montant { unit: money  2020-01-01: 100 }
    parameter bareme { unit: money  2020-01-01: [0: 10, 100: 20] }
    variable x { entity: )" +
                   entity + "  period: month  type: " + type + "\n  formula from 2020-01-01 { " +
                   body + " } }");
  return result(*p, "x").type;
}

}  // namespace

namespace doctest {
template <>
struct StringMaker<Type> {
  static String convert(Type t) { return mesaides::type_name(t); }
};
}  // namespace doctest

TEST_SUITE("checker: resolution") {
  TEST_CASE("names become locals, variables, projections, parameters and enum items") {
    auto p = load_ok(R"(
      parameter plafond { unit: money  2020-01-01: 1000 }
      parameter loyer_max { unit: money  2020-01-01: {non_renseigne: 1, locataire_vide: 2, proprietaire: 3} }
      variable salaire_net { entity: individu  period: month  type: money }
      variable statut { entity: menage  period: month  type: enum statut_occupation_logement }
      variable af { entity: famille  period: month  type: money }
      variable part { entity: individu  period: month  type: money
        formula from 2020-01-01 {
          let s = salaire_net
          famille.af + s + plafond
        }
      }
      variable est_locataire { entity: menage  period: month  type: boolean
        formula from 2020-01-01 { statut == locataire_vide }
      }
      variable loyer { entity: menage  period: month  type: money
        formula from 2020-01-01 { loyer_max[statut] + loyer_max[proprietaire] }
      }
    )");
    const Program& prog = *p;
    // famille.af + s + plafond = ((famille.af + s) + plafond)
    const Expr& sum = result(prog, "part");
    const Expr& inner = prog.expr(sum.args[0]);
    const Expr& af = prog.expr(inner.args[0]);
    CHECK(af.kind == ExprKind::kVariable);
    CHECK(af.ref == *prog.find_variable("af"));
    CHECK(af.group == *prog.find_entity("famille"));
    const Expr& s = prog.expr(inner.args[1]);
    CHECK(s.kind == ExprKind::kLocal);
    CHECK(s.ref == 0);
    CHECK(s.type == Type::kMoney);
    const Expr& plafond = prog.expr(sum.args[1]);
    CHECK(plafond.kind == ExprKind::kParameter);
    CHECK(plafond.ref == *prog.find_parameter("plafond"));
    CHECK(variable(prog, "part").formulas[0].local_count == 1);
    // The let's own expression is the variable salaire_net, not projected.
    const Expr& let = prog.expr(variable(prog, "part").formulas[0].statements[0].expr);
    CHECK(let.kind == ExprKind::kVariable);
    CHECK(let.group == -1);
    // statut == locataire_vide: the bare name is an item of statut's enum (index 1).
    const Expr& cmp = result(prog, "est_locataire");
    const Expr& item = prog.expr(cmp.args[1]);
    CHECK(item.kind == ExprKind::kEnumItem);
    CHECK(item.small == 1);
    CHECK(item.ref == *prog.find_enum("statut_occupation_logement"));
    // A table key: an enum-typed variable, or a literal key turned into text.
    const Expr& loyer = result(prog, "loyer");
    const Expr& by_variable = prog.expr(loyer.args[0]);
    CHECK(by_variable.kind == ExprKind::kParameter);
    CHECK(prog.expr(by_variable.args[0]).kind == ExprKind::kVariable);
    const Expr& by_literal = prog.expr(loyer.args[1]);
    CHECK(prog.expr(by_literal.args[0]).kind == ExprKind::kLiteral);
    CHECK(prog.literal(prog.expr(by_literal.args[0])).text == "proprietaire");
  }

  TEST_CASE("roles and has_role") {
    auto p = load_ok(R"(
      variable age { entity: individu  period: month  type: integer }
      variable nb { entity: famille  period: month  type: integer
        formula from 2020-01-01 { count(enfants: age < 20) + count(members: age >= 0) }
      }
      variable est_enfant { entity: individu  period: month  type: boolean
        formula from 2020-01-01 { has_role(famille, enfants) }
      }
    )");
    const Program& prog = *p;
    const Expr& plus = result(prog, "nb");
    const Expr& enfants = prog.expr(plus.args[0]);
    CHECK(enfants.kind == ExprKind::kAggregate);
    CHECK(enfants.aggregate == mesaides::AggregateKind::kCount);
    CHECK(enfants.ref == 1);  // enfants is the second role
    CHECK(enfants.group == *prog.find_entity("famille"));
    CHECK(prog.expr(plus.args[1]).ref == -1);  // members
    const Expr& role = result(prog, "est_enfant");
    CHECK(role.kind == ExprKind::kHasRole);
    CHECK(role.group == *prog.find_entity("famille"));
    CHECK(role.ref == 1);
  }

  TEST_CASE("period selectors are kept on the resolved variable") {
    auto p = load_ok(R"(
      variable salaire_net { entity: individu  period: month  type: money }
      variable rfr { entity: individu  period: year  type: money }
      variable r { entity: individu  period: month  type: money
        formula from 2020-01-01 { salaire_net[last 3 months] + rfr[year - 2] + salaire_net[year] }
      }
    )");
    const Program& prog = *p;
    const Expr& top = result(prog, "r");
    const Expr& left = prog.expr(top.args[0]);
    const Expr& last3 = prog.expr(left.args[0]);
    CHECK(last3.kind == ExprKind::kVariable);
    CHECK(last3.selector.kind == mesaides::PeriodSelector::Kind::kLastMonths);
    CHECK(last3.selector.offset == 3);
    const Expr& n2 = prog.expr(left.args[1]);
    CHECK(n2.selector.kind == mesaides::PeriodSelector::Kind::kYear);
    CHECK(n2.selector.offset == -2);
  }

  TEST_CASE("defaults are typed and enum defaults resolved") {
    auto p = load_ok(R"(
      variable m { entity: individu  period: month  type: money }
      variable b { entity: individu  period: month  type: boolean }
      variable d { entity: individu  period: eternity  type: date }
      variable t { entity: individu  period: month  type: text }
      variable e { entity: menage  period: month  type: enum statut_occupation_logement }
      variable e2 { entity: menage  period: month  type: enum statut_occupation_logement  default: proprietaire }
      variable n { entity: individu  period: month  type: number  default: 12.5 }
    )");
    const Program& prog = *p;
    CHECK(variable(prog, "m").default_value == mesaides::Value::of_number(Decimal()));
    CHECK(variable(prog, "b").default_value == mesaides::Value::of_bool(false));
    CHECK(variable(prog, "d").default_value.as_date().to_string() == "1970-01-01");
    CHECK(variable(prog, "t").default_value == mesaides::Value::of_text(""));
    CHECK(variable(prog, "e").default_value == mesaides::Value::of_enum(0));  // the first item
    CHECK(variable(prog, "e2").default_value == mesaides::Value::of_enum(2));
    CHECK(variable(prog, "n").default_value == mesaides::Value::of_number(*Decimal::parse("12.5")));
    CHECK(variable(prog, "e").enum_id == *prog.find_enum("statut_occupation_logement"));
  }

  TEST_CASE("names are global across files, in any order") {
    std::vector<mesaides::SourceFile> files;
    files.push_back({"b.rules",
                     "variable x { entity: individu  period: month  type: money\n"
                     "  formula from 2020-01-01 { y * taux } }"});
    files.push_back({"a.rules", std::string(kEntities) +
                                    "variable y { entity: individu  period: month  type: money }\n"
                                    "parameter taux { 2020-01-01: 2 }"});
    LoadResult r = mesaides::load_program(std::move(files));
    INFO(r.rendered);
    REQUIRE(loaded(r));
    CHECK(r.program->sources.size() == 2);
    CHECK(r.program->sources.file(0).path == "b.rules");
  }
}

TEST_SUITE("checker: types") {
  TEST_CASE("arithmetic") {
    CHECK(type_of("m * taux", "money") == Type::kMoney);
    CHECK(type_of("taux * m", "money") == Type::kMoney);
    CHECK(type_of("i + i") == Type::kInteger);
    CHECK(type_of("i * 2") == Type::kNumber);  // a literal is a number
    CHECK(type_of("i / i") == Type::kNumber);
    CHECK(type_of("m / m") == Type::kNumber);  // a ratio of amounts
    CHECK(type_of("m / 12", "money") == Type::kMoney);
    CHECK(type_of("-m", "money") == Type::kMoney);
    CHECK(type_of("montant", "money") == Type::kMoney);  // a parameter with unit money
    CHECK(type_of("taux") == Type::kNumber);
  }

  TEST_CASE("calls and aggregations") {
    CHECK(type_of("min(i, i)") == Type::kInteger);
    CHECK(type_of("max(i, m)", "money") == Type::kMoney);
    CHECK(type_of("max(i, n)") == Type::kNumber);
    CHECK(type_of("round(m, 0.01)", "money") == Type::kMoney);
    CHECK(type_of("abs(i)") == Type::kInteger);
    CHECK(type_of("scale(bareme, m)", "money") == Type::kMoney);
    CHECK(type_of("years_between(d, period_start)") == Type::kInteger);
    CHECK(type_of("year_of(d)") == Type::kInteger);
    CHECK(type_of("add_months(d, 3)", "date") == Type::kDate);
    CHECK(type_of("max(d, period_start)", "date") == Type::kDate);
    CHECK(type_of("count(enfants: i < 20)", "integer", "famille") == Type::kInteger);
    CHECK(type_of("sum(parents: m)", "money", "famille") == Type::kMoney);
    CHECK(type_of("any(parents: b)", "boolean", "famille") == Type::kBoolean);
  }

  TEST_CASE("comparisons, logic and conditionals") {
    CHECK(type_of("m > 0 and not b", "boolean") == Type::kBoolean);
    CHECK(type_of("i in [1, 2, 3]", "boolean") == Type::kBoolean);
    CHECK(type_of("if b then i else n") == Type::kNumber);
    CHECK(type_of("if b then i else m", "money") == Type::kMoney);
    CHECK(type_of("if b then i elif m > 0 then i else i") == Type::kInteger);
    CHECK(type_of("if b then i else 2") == Type::kNumber);  // a literal is a number
    CHECK(type_of("d < 2000-01-01", "boolean") == Type::kBoolean);
  }
}

TEST_SUITE("checker: errors") {
  TEST_CASE("entities") {
    {
      std::vector<mesaides::SourceFile> files;
      files.push_back({"t.rules", "group famille { plural: familles  role parents { } }"});
      LoadResult r = mesaides::load_program(std::move(files));
      CHECK_FALSE(loaded(r));
      CHECK(contains(messages(r), "no person entity is declared"));
    }
    CHECK(contains(errors_of("entity personne { plural: personnes }"),
                   "there can be only one person entity"));
    CHECK(contains(errors_of("group foyer { plural: foyers }"), "group 'foyer' has no role"));
    CHECK(contains(errors_of("group foyer { plural: familles  role a { } }"),
                   "plural 'familles' is used by two entities"));
    CHECK(contains(errors_of("group foyer { plural: foyers  role a { }  role a { } }"),
                   "role 'a' is declared twice in 'foyer'"));
    CHECK(contains(errors_of("variable famille { entity: individu  period: month  type: money }"),
                   "'famille' is the name of an entity"));
    CHECK(contains(errors_of("parameter famille.plafond { 2020-01-01: 1 }"),
                   "a parameter's name cannot start with the entity name 'famille'"));
  }

  TEST_CASE("declared twice") {
    CHECK(contains(errors_of("enum statut_occupation_logement { a: \"A\" }"),
                   "enum 'statut_occupation_logement' is declared twice"));
    CHECK(contains(errors_of("parameter p { 2020-01-01: 1 }\nparameter p { 2020-01-01: 2 }"),
                   "parameter 'p' is declared twice"));
    LoadResult r = load(
        "variable v { entity: individu  period: month  type: money }\n"
        "variable v { entity: individu  period: month  type: money }");
    REQUIRE(r.diagnostics.size() == 1);
    REQUIRE(r.diagnostics[0].notes.size() == 1);
    CHECK(r.diagnostics[0].notes[0].message == "first declared here");
    // The error is at the second declaration, the note at the first.
    CHECK(r.diagnostics[0].span.begin > r.diagnostics[0].notes[0].span.begin);
  }

  TEST_CASE("types of variables and defaults") {
    CHECK(
        errors_of("variable v { entity: individu  period: month  type: enum statut_occupation }") ==
        "unknown enum 'statut_occupation' in the type of 'v'\n");
    CHECK(errors_of("variable v { entity: individu  period: month  type: money  default: true }") ==
          "the default does not match the type 'money' of 'v'\n");
    CHECK(errors_of("variable v { entity: individu  period: month  type: boolean  default: 1 }") ==
          "the default does not match the type 'boolean' of 'v'\n");
  }

  TEST_CASE("parameters: shapes and keys") {
    CHECK(contains(errors_of("parameter p { 2020-01-01: 1  2021-01-01: {a: 1} }"),
                   "parameter 'p' mixes numbers, tables and scales across dates"));
    CHECK(contains(errors_of("parameter p { 2020-01-01: {a: 1, b: 2}  2021-01-01: {a: 1, c: 2} }"),
                   "this table's keys differ from those of the first date"));
    CHECK(errors_of(R"(
      parameter p { 2020-01-01: {a: 1} }
      variable m { entity: individu  period: month  type: money }
      variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { p[m] } }
    )") == "a table key must be an enum item, a text or an integer, not a money amount\n");
    CHECK(errors_of(R"(
      parameter p { 2020-01-01: 1 }
      variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { p[a] } }
    )") == "'p' is a single value, not a table: remove the '[…]'\n");
    CHECK(errors_of(R"(
      parameter p { 2020-01-01: 1 }
      variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { p[month - 1] } }
    )") == "a parameter is read at the start of the period; it takes no period selector\n");
    CHECK(errors_of(R"(
      parameter p { 2020-01-01: 1 }
      variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { scale(p, 3) } }
    )") == "the first argument of 'scale' must be a scale parameter\n");
  }

  TEST_CASE("a parameter read at a date: a date, and a parameter") {
    // The type is the parameter's; the node keeps the parameter resolved and the date expression.
    CHECK(type_of("montant at d", "money") == Type::kMoney);
    CHECK(type_of("taux at 2020-06-01") == Type::kNumber);
    CHECK(type_of("montant at add_months(d, 12) * 2", "money") == Type::kMoney);
    auto p = load_ok(R"(
      variable d { entity: individu  period: eternity  type: date }
      parameter t { unit: money  2020-01-01: {a: 1, b: 2} }
      variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { t[b] at d } }
    )");
    const Expr& e = result(*p, "v");
    REQUIRE(e.kind == mesaides::ExprKind::kParameterAt);
    CHECK(p->expr(e.args[0]).kind == mesaides::ExprKind::kParameter);
    CHECK(p->expr(e.args[1]).kind == mesaides::ExprKind::kVariable);
    const std::string head = R"(
      parameter p { unit: money  2020-01-01: 1 }
      parameter t { unit: money  2020-01-01: {a: 1} }
      parameter s { unit: money  2020-01-01: [0: 1, 10: 2] }
      variable m { entity: individu  period: month  type: money }
      variable d { entity: individu  period: eternity  type: date }
      variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { )";
    CHECK(errors_of(head + "p at m } }") ==
          "the date after 'at' must be a date, but this is a money amount\n");
    CHECK(errors_of(head + "p at 2020 } }") ==
          "the date after 'at' must be a date, but this is a number\n");
    CHECK(errors_of(head + "m at d } }") ==
          "'m' is not a parameter: only a parameter can be read 'at' a date\n");
    CHECK(errors_of(head + "let x = 1  x at d } }") ==
          "'x' is not a parameter: only a parameter can be read 'at' a date\n");
    CHECK(errors_of(head + "q.r at d } }") == "unknown parameter 'q.r'\n");
    CHECK(errors_of(head + "t at d } }") == "'t' is a table: say which entry, e.g. t[a]\n");
    CHECK(contains(errors_of(head + "s at d } }"), "'s' is a scale: read it with scale(s, x)"));
  }

  TEST_CASE("periods") {
    const std::string decls = R"(
      variable mensuel { entity: individu  period: month  type: money }
      variable etat { entity: individu  period: month  type: boolean }
      variable annuel { entity: individu  period: year  type: money }
      variable naissance { entity: individu  period: eternity  type: date }
    )";
    auto monthly = [&](const std::string& body, const std::string& type = "money") {
      return errors_of(decls + "variable v { entity: individu  period: month  type: " + type +
                       "  formula from 2020-01-01 { " + body + " } }");
    };
    CHECK(monthly("annuel[month - 1]") ==
          "'annuel' is defined per year: only [year] or [year - N] applies\n");
    CHECK(monthly("if etat[year] then 1 else 0") ==
          "'etat' is a boolean defined per month: it cannot be summed over a year; read one month, "
          "e.g. "
          "etat[month - 1]\n");
    CHECK(monthly("if etat[last 3 months] then 1 else 0") ==
          "'etat' is a boolean defined per month: it cannot be summed over several months; read "
          "one month, "
          "e.g. etat[month - 1]\n");
    CHECK(monthly("if naissance[year] < 2000-01-01 then 1 else 0") ==
          "'naissance' does not change over time: remove the period selector\n");
    CHECK(
        errors_of(
            decls +
            "variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { "
            "let a = 1  a[month - 1] } }") ==
        "'a' is a value computed in this formula; it has no periods\n");
    CHECK(
        errors_of(
            decls +
            "variable v { entity: individu  period: month  type: money  formula from 2020-01-01 { "
            "mensuel[zone] } }") ==
        "'mensuel' is a variable: inside '[…]' write a period (month - 1, year - 2, last 3 "
        "months)\n");
  }

  TEST_CASE("formula dates") {
    CHECK(errors_of("variable v { entity: individu  period: month  type: money\n"
                    "  formula from 2020-01-01 to 2019-01-01 { 1 } }") ==
          "the formula ends before it starts\n");
    CHECK(errors_of(
              "variable v { entity: individu  period: month  type: money\n"
              "  formula from 2020-01-01 to 2021-06-30 { 1 }\n  formula from 2021-01-01 { 2 } }") ==
          "this formula overlaps the previous one, which ends 2021-06-30\n");
    CHECK(errors_of("variable v { entity: individu  period: eternity  type: money\n"
                    "  formula from 2020-01-01 { 1 }\n  formula from 2021-01-01 { 2 } }") ==
          "a variable defined for eternity has at most one formula\n");
    CHECK(errors_of("variable v { entity: individu  period: month  type: money\n"
                    "  formula from 2020-01-01 { 1 }\n  formula from 2020-01-01 { 2 } }") ==
          "formulas must be listed in ascending order of date\n");
  }

  TEST_CASE("entities in formulas") {
    const std::string decls = R"(
      variable salaire { entity: individu  period: month  type: money }
      variable loyer { entity: menage  period: month  type: money }
      variable af { entity: famille  period: month  type: money }
    )";
    CHECK(errors_of(decls + "variable v { entity: famille  period: month  type: money\n"
                            "  formula from 2020-01-01 { loyer } }") ==
          "'loyer' is a variable of 'menage' and cannot be read from a formula of 'famille'\n");
    CHECK(errors_of(decls + "variable v { entity: famille  period: month  type: money\n"
                            "  formula from 2020-01-01 { menage.loyer } }") ==
          "'menage.…' reads a group's variable from a person's formula; this formula is for "
          "'famille'\n");
    CHECK(errors_of(decls + "variable v { entity: individu  period: month  type: money\n"
                            "  formula from 2020-01-01 { menage.af } }") ==
          "'af' is a variable of 'famille', not of 'menage'\n");
    CHECK(errors_of(decls + "variable v { entity: individu  period: month  type: money\n"
                            "  formula from 2020-01-01 { famille.af_base } }") ==
          "unknown variable 'af_base'\n");
    CHECK(errors_of(decls + "variable v { entity: famille  period: month  type: boolean\n"
                            "  formula from 2020-01-01 { has_role(famille, enfants) } }") ==
          "has_role can only be used in a formula for a person\n");
    CHECK(errors_of(decls + "variable v { entity: individu  period: month  type: boolean\n"
                            "  formula from 2020-01-01 { has_role(familles, enfants) } }") ==
          "'familles' is not a group\n");
    CHECK(errors_of(decls + "variable v { entity: individu  period: month  type: boolean\n"
                            "  formula from 2020-01-01 { has_role(famille, enfant) } }") ==
          "'enfant' is not a role of 'famille'\n");
    CHECK(errors_of(decls + "variable v { entity: famille  period: month  type: money\n"
                            "  formula from 2020-01-01 { somme(parents: salaire) } }") ==
          "'somme' is not an aggregation\n");
  }

  TEST_CASE("benefits") {
    const std::string decls = R"(
      variable af { entity: famille  period: month  type: money }
      variable af_ok { entity: famille  period: month  type: boolean }
      variable statut { entity: famille  period: month  type: enum statut_occupation_logement }
      variable eligible_individu { entity: individu  period: month  type: boolean }
    )";
    CHECK(errors_of(decls + "benefit b { amount: af  eligibility: af }") ==
          "'eligibility' must name a boolean variable; 'af' is a money amount\n");
    CHECK(errors_of(decls + "benefit b { amount: statut }") ==
          "'amount' must name a numeric or boolean variable; 'statut' is an enum item\n");
    // A boolean amount: an aid whose amount is not computed, granted when true.
    CHECK(loaded(load(decls + "benefit b { amount: af_ok  eligibility: af_ok }")));
    CHECK(errors_of(decls + "benefit b { amount: af  eligibility: eligible_individu }") ==
          "the eligibility and the amount must belong to the same entity\n");
    CHECK(errors_of(decls + "benefit b { amount: af }\nbenefit b { amount: af }") ==
          "benefit 'b' is declared twice\n");
    CHECK(errors_of(decls + "benefit b { amount: af  eligibility: af_ko }") ==
          "unknown variable 'af_ko'\n");
  }

  TEST_CASE("no cascade after an unknown name") {
    // 'inconnu' is reported once; the expressions built on it are not reported again.
    CHECK(errors_of(R"(
      variable v { entity: individu  period: month  type: money
        formula from 2020-01-01 {
          let a = inconnu * 2
          require a > 0 and a < 10
          if a > 3 then a + 1 else max(a, 0)
        }
      }
    )") == "unknown variable 'inconnu'\n");
  }

  TEST_CASE("a money amount in a message is not followed by its unit again") {
    // The evaluator writes a money amount with its unit ("1 062,65 €"): "{m} €" would show "€ €".
    const char* rule = R"(
      variable m { entity: individu  period: month  type: money }
      variable v { entity: individu  period: month  type: money
        formula from 2020-01-01 {
          require m < 10 else "Ressources {m} € par mois, plafond {round(m, 1)}€ ; {m * 0} et {1} €."
          m
        }
      }
    )";
    // Two errors: the amount before " €" and the one before "€"; the number {1} may take a unit.
    CHECK(
        errors_of(rule) ==
        "this money amount is written with its unit in the message: remove the '\u20AC' after it\n"
        "this money amount is written with its unit in the message: remove the '\u20AC' after "
        "it\n");
  }
}

TEST_SUITE("checker: cycles") {
  TEST_CASE("a variable may read its own earlier periods") {
    load_ok(R"(
      variable solde { entity: individu  period: month  type: money
        formula from 2020-01-01 { solde[month - 1] + solde[last 3 months] + 1 }
      }
    )");
  }

  TEST_CASE("a cycle for the same period is reported with its path") {
    LoadResult r = load(R"(
      variable a { entity: individu  period: month  type: money  formula from 2020-01-01 { b } }
      variable b { entity: individu  period: month  type: money  formula from 2020-01-01 { c[month] } }
      variable c { entity: individu  period: month  type: money  formula from 2020-01-01 { a + 1 } }
    )");
    CHECK_FALSE(loaded(r));
    // x[month] is the same month: part of the cycle.
    CHECK(messages(r) == "cycle between variables: a → b → c → a\n");
  }

  TEST_CASE("a cycle through a projection and an aggregation") {
    CHECK(errors_of(R"(
      variable total { entity: famille  period: month  type: money
        formula from 2020-01-01 { sum(parents: part) }
      }
      variable part { entity: individu  period: month  type: money
        formula from 2020-01-01 { famille.total / 2 }
      }
    )") == "cycle between variables: total → part → total\n");
  }

  TEST_CASE("a variable reading itself") {
    CHECK(errors_of(R"(
      variable a { entity: individu  period: month  type: money  formula from 2020-01-01 { a + 1 } }
    )") == "cycle between variables: a → a\n");
  }
}
