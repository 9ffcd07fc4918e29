// Unit tests of core/parser: the declarations it builds (entities and roles, enums, parameters with
// dated numbers, tables and scales, variables with every field, formulas with dates, `let`,
// `require` and messages with {expr}, benefits), the shape of expressions (precedence, selectors,
// table keys, calls, aggregations), and syntax errors with their recovery. Names are not resolved
// here: that is the checker's job.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "lexer.h"
#include "parser.h"
#include "program.h"

namespace {

using mesaides::Decimal;
using mesaides::Diagnostic;
using mesaides::DiagnosticSink;
using mesaides::Expr;
using mesaides::ExprId;
using mesaides::ExprKind;
using mesaides::MessagePart;
using mesaides::PeriodSelector;
using mesaides::Program;
using mesaides::Statement;
using mesaides::Type;
using mesaides::ValueKind;

struct Parsed {
  Program program;
  DiagnosticSink sink;
};

// Lexes and parses `text` as one file, without checking it.
std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  uint32_t file = p->program.sources.add({"t.rules", text});
  std::vector<mesaides::Token> tokens = mesaides::lex(p->program.sources, file, p->sink);
  mesaides::parse_rule_file(p->program, tokens, p->sink);
  return p;
}

std::string messages(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.list()) out += d.message + "\n";
  return out;
}

Decimal dec(const char* text) {
  auto d = Decimal::parse(text);
  REQUIRE_MESSAGE(d.has_value(), "bad decimal in test: ", text);
  return *d;
}

// An expression as an S-expression, to check the tree's shape in one line.
std::string sexpr(const Program& p, ExprId id) {
  const Expr& e = p.expr(id);
  auto arg = [&](size_t i) { return sexpr(p, e.args[i]); };
  auto all_args = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < e.args.size(); ++i) out += " " + arg(i);
    return out;
  };
  static const char* kOps[] = {"+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
  switch (e.kind) {
    case ExprKind::kLiteral:
      switch (p.literal(e).kind) {
        case ValueKind::kNumber:
          return p.literal(e).number.to_string();
        case ValueKind::kBoolean:
          return p.literal(e).as_bool() ? "true" : "false";
        case ValueKind::kDate:
          return p.literal(e).as_date().to_string();
        case ValueKind::kText:
          return "\"" + p.literal(e).text + "\"";
        default:
          return "?";
      }
    case ExprKind::kName: {
      std::string out = e.name;
      if (e.has_selector) {
        switch (e.selector.kind) {
          case PeriodSelector::Kind::kMonth:
            out += "[month" + std::to_string(e.selector.offset) + "]";
            break;
          case PeriodSelector::Kind::kYear:
            out += "[year" + std::to_string(e.selector.offset) + "]";
            break;
          case PeriodSelector::Kind::kLastMonths:
            out += "[last " + std::to_string(e.selector.offset) + "]";
            break;
          case PeriodSelector::Kind::kSame:
            out += "[same]";
            break;
        }
      }
      if (!e.args.empty()) out += "[" + arg(0) + "]";
      return out;
    }
    case ExprKind::kPeriodStart:
      return "period_start";
    case ExprKind::kPeriodEnd:
      return "period_end";
    case ExprKind::kNegate:
      return "(neg " + arg(0) + ")";
    case ExprKind::kNot:
      return "(not " + arg(0) + ")";
    case ExprKind::kBinary:
      return std::string("(") + kOps[static_cast<int>(e.op)] + " " + arg(0) + " " + arg(1) + ")";
    case ExprKind::kIn:
      return "(in " + arg(0) + all_args(1) + ")";
    case ExprKind::kIf:
      return "(if" + all_args(0) + ")";
    case ExprKind::kCall:
      return "(" + e.name + all_args(0) + ")";
    case ExprKind::kAggregate:
      return "(" + e.name + " " + arg(0) + ": " + arg(1) + ")";
    case ExprKind::kParameterAt:
      return "(at " + arg(0) + " " + arg(1) + ")";
    default:
      return "resolved?";
  }
}

// A variable's header with every required field, to test one more field or a formula.
const std::string kHead = "variable x { entity: individu  period: month  type: money  ";

// The value of a formula whose body is `expr`, as an S-expression.
std::string expression(const std::string& expr) {
  auto p = parse(kHead + "formula from 2020-01-01 { " + expr + " } }");
  INFO(messages(p->sink));
  REQUIRE(p->sink.list().empty());
  REQUIRE(p->program.variables.size() == 1);
  REQUIRE(p->program.variables[0].formulas.size() == 1);
  return sexpr(p->program, p->program.variables[0].formulas[0].result);
}

// The messages of the errors of `text`.
std::string errors_of(const std::string& text) { return messages(parse(text)->sink); }

}  // namespace

TEST_SUITE("parser: declarations") {
  TEST_CASE("entity and group with roles") {
    auto p = parse(R"(
      entity individu { plural: individus  label: "Personne" }
      group famille {
        plural: familles
        label: "Famille"
        role parents { plural: parents  label: "Parents"  max: 2 }
        role enfant { plural: enfants }
        role autre { }
      }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    REQUIRE(p->program.entities.size() == 2);
    const auto& person = p->program.entities[0];
    CHECK(person.name == "individu");
    CHECK(person.plural == "individus");
    CHECK(person.label == "Personne");
    CHECK(person.is_person);
    CHECK(person.roles.empty());
    const auto& famille = p->program.entities[1];
    CHECK_FALSE(famille.is_person);
    CHECK(famille.plural == "familles");
    REQUIRE(famille.roles.size() == 3);
    CHECK(famille.roles[0].name == "parents");
    CHECK(famille.roles[0].label == "Parents");
    CHECK(famille.roles[0].max == 2);
    CHECK(famille.roles[1].name == "enfant");
    CHECK(famille.roles[1].plural == "enfants");
    CHECK(famille.roles[1].max == 0);  // unbounded
    // Without 'plural:', a role's plural is its name.
    CHECK(famille.roles[2].plural == "autre");
  }

  TEST_CASE("enum: items in order with their labels") {
    auto p = parse(R"(
      enum statut_occupation_logement {
        label: "Statut d'occupation du logement"
        non_renseigne: "Non renseigné"
        locataire_vide: "Locataire d'un logement loué vide"
      }
    )");
    REQUIRE(p->sink.list().empty());
    REQUIRE(p->program.enums.size() == 1);
    const auto& e = p->program.enums[0];
    CHECK(e.name == "statut_occupation_logement");
    CHECK(e.label == "Statut d'occupation du logement");
    CHECK(e.items == std::vector<std::string>{"non_renseigne", "locataire_vide"});
    CHECK(e.item_labels ==
          std::vector<std::string>{"Non renseigné", "Locataire d'un logement loué vide"});
    CHECK(e.index.at("locataire_vide") == 1);
  }

  TEST_CASE("parameter with dated numbers and references") {
    auto p = parse(R"(
      parameter prestations_familiales.bmaf {
        label: "BMAF"
        unit: money
        source: "openfisca-france bmaf.yaml"
        2025-04-01: 474.37 ref "Instruction DSS/2A/2C/2025/32" "https://example.org/2025"
        2026-04-01: 478.16 ref "Instruction DSS/2A/2026/36"
        2027-01-01: -1.5
        2028-01-01: null
      }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    REQUIRE(p->program.parameters.size() == 1);
    const auto& def = p->program.parameters[0];
    CHECK(def.name == "prestations_familiales.bmaf");
    CHECK(def.label == "BMAF");
    CHECK(def.unit == "money");
    CHECK(def.source == "openfisca-france bmaf.yaml");
    REQUIRE(def.values.size() == 4);
    CHECK(def.values[0].from.to_string() == "2025-04-01");
    CHECK(def.values[0].number == dec("474.37"));
    REQUIRE(static_cast<bool>(def.values[0].reference));
    CHECK(def.values[0].reference->title == "Instruction DSS/2A/2C/2025/32");
    CHECK(def.values[0].reference->url == "https://example.org/2025");
    CHECK(def.values[1].number == dec("478.16"));
    REQUIRE(static_cast<bool>(def.values[1].reference));
    CHECK(def.values[1].reference->url.empty());
    CHECK(def.values[2].number == dec("-1.5"));
    CHECK_FALSE(static_cast<bool>(def.values[2].reference));  // no `ref`
    CHECK(def.values[3].is_null);
    // at(): each value holds from its date until the next; null ends it.
    CHECK(def.at(*mesaides::Date::from_ymd(2025, 3, 31)) == nullptr);
    CHECK(def.at(*mesaides::Date::from_ymd(2025, 4, 1)) == &def.values[0]);
    CHECK(def.at(*mesaides::Date::from_ymd(2026, 3, 31)) == &def.values[0]);
    CHECK(def.at(*mesaides::Date::from_ymd(2026, 4, 1)) == &def.values[1]);
    CHECK(def.at(*mesaides::Date::from_ymd(2030, 1, 1)) == nullptr);
  }

  TEST_CASE("parameter tables and scales") {
    auto p = parse(R"(
      parameter aide_logement.loyer_plafond {
        2020-01-01: {zone_1: 333.14, zone_2: 290.34, zone_3: 272.1} ref "Arrêté"
      }
      parameter af.modulation {
        2020-01-01: [0: 194, 5600: 146, 6700: 98, 10800: 0]
      }
      parameter booleen { 2020-01-01: true  2021-01-01: false }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    REQUIRE(p->program.parameters.size() == 3);
    const auto& table = p->program.parameters[0].values.at(0);
    CHECK(table.shape == mesaides::ParamShape::kTable);
    REQUIRE(table.table.size() == 3);
    CHECK(table.table[0].first == "zone_1");
    CHECK(table.table[0].second == dec("333.14"));
    CHECK(table.table[2].first == "zone_3");
    CHECK(table.table[2].second == dec("272.1"));
    REQUIRE(static_cast<bool>(table.reference));
    CHECK(table.reference->title == "Arrêté");
    const auto& scale = p->program.parameters[1].values.at(0);
    CHECK(scale.shape == mesaides::ParamShape::kScale);
    REQUIRE(scale.scale.size() == 4);
    CHECK(scale.scale[1].first == dec("5600"));
    CHECK(scale.scale[1].second == dec("146"));
    CHECK(scale.scale[3].second == dec("0"));
    // true and false are the numbers 1 and 0.
    CHECK(p->program.parameters[2].values[0].number == dec("1"));
    CHECK(p->program.parameters[2].values[1].number == dec("0"));
  }

  TEST_CASE("variable with every field") {
    auto p = parse(R"(
      variable statut {
        entity: menage
        period: year
        type: enum statut_occupation_logement
        label: "Statut"
        help: "Aide"
        question: "Êtes-vous locataire ?"
        unit: "€"
        reference: "Article 1" "https://example.org/1"
        reference: "Article 2"
        default: locataire_vide
        set_input: divide
      }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    REQUIRE(p->program.variables.size() == 1);
    const auto& v = p->program.variables[0];
    CHECK(v.name == "statut");
    CHECK(v.entity_name == "menage");
    CHECK(v.entity == -1);  // resolved by the checker
    CHECK(v.period == mesaides::PeriodUnit::kYear);
    CHECK(v.type == Type::kEnum);
    CHECK(v.enum_name == "statut_occupation_logement");
    CHECK(v.label == "Statut");
    CHECK(v.help == "Aide");
    CHECK(v.question == "Êtes-vous locataire ?");
    CHECK(v.unit == "€");
    REQUIRE(v.references.size() == 2);
    CHECK(v.references[0].title == "Article 1");
    CHECK(v.references[0].url == "https://example.org/1");
    CHECK(v.references[1].title == "Article 2");
    CHECK(v.has_default);
    CHECK(v.default_value.kind == ValueKind::kEnum);  // an item name, resolved by the checker
    CHECK(v.default_value.text == "locataire_vide");
    CHECK(v.set_input == mesaides::SetInput::kDivide);
    CHECK(v.is_input());
  }

  TEST_CASE("defaults and the default set_input") {
    auto p = parse(R"(
      variable a { entity: individu period: month type: money default: -12.5 }
      variable b { entity: individu period: month type: boolean default: true }
      variable c { entity: individu period: eternity type: date default: 2000-01-31 }
      variable d { entity: individu period: month type: text default: "x" }
      variable e { entity: individu period: month type: integer }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    const auto& v = p->program.variables;
    REQUIRE(v.size() == 5);
    CHECK(v[0].default_value.number == dec("-12.5"));
    CHECK(v[1].default_value.as_bool());
    CHECK(v[2].default_value.as_date().to_string() == "2000-01-31");
    CHECK(v[3].default_value.text == "x");
    CHECK_FALSE(v[4].has_default);
    // Money is divided over months by default; everything else is duplicated.
    CHECK(v[0].set_input == mesaides::SetInput::kDivide);
    CHECK(v[1].set_input == mesaides::SetInput::kDuplicate);
    CHECK(v[4].set_input == mesaides::SetInput::kDuplicate);
  }

  TEST_CASE("formulas: dates, let, require and messages") {
    auto p = parse(R"(
      variable af_base {
        entity: famille
        period: month
        type: money
        formula from 2019-01-01 to 2025-12-31 {
          let n = af_nbenf
          require n >= 2 else "Il faut au moins deux enfants à charge ; ici {n}."
          require n < 20
          round(n * 2, 0.01)
        }
        formula from 2026-01-01 {
          require true else "{max(n - 2, 0)} enfants de plus, {n}"
          0
        }
      }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    const auto& v = p->program.variables.at(0);
    CHECK_FALSE(v.is_input());
    REQUIRE(v.formulas.size() == 2);
    const auto& f = v.formulas[0];
    CHECK(f.from.to_string() == "2019-01-01");
    REQUIRE(f.to.has_value());
    CHECK(f.to->to_string() == "2025-12-31");
    CHECK_FALSE(v.formulas[1].to.has_value());
    REQUIRE(f.statements.size() == 3);
    CHECK(f.statements[0].kind == Statement::Kind::kLet);
    CHECK(f.statements[0].name == "n");
    CHECK(sexpr(p->program, f.statements[0].expr) == "af_nbenf");
    CHECK(f.statements[1].kind == Statement::Kind::kRequire);
    CHECK(sexpr(p->program, f.statements[1].expr) == "(>= n 2)");
    // The message: text, {n}, text.
    const std::vector<MessagePart>& m = f.statements[1].message;
    REQUIRE(m.size() == 3);
    CHECK(m[0].text == "Il faut au moins deux enfants à charge ; ici ");
    CHECK(m[0].expr == mesaides::kNoExpr);
    CHECK(sexpr(p->program, m[1].expr) == "n");
    CHECK(m[2].text == ".");
    // A require without a message: the reason is generated from the condition at run time.
    CHECK(f.statements[2].message.empty());
    CHECK(sexpr(p->program, f.result) == "(round (* n 2) 0.01)");
    // The body span runs from '{' to '}'.
    std::string body(p->program.sources.text(f.body));
    CHECK(body.front() == '{');
    CHECK(body.back() == '}');
    // A message may start with an expression, and hold calls.
    const auto& m2 = v.formulas[1].statements.at(0).message;
    REQUIRE(m2.size() == 3);
    CHECK(sexpr(p->program, m2[0].expr) == "(max (- n 2) 0)");
    CHECK(m2[1].text == " enfants de plus, ");
    CHECK(sexpr(p->program, m2[2].expr) == "n");
    // formula_at picks the formula in force.
    CHECK(v.formula_at(*mesaides::Date::from_ymd(2018, 12, 31)) == nullptr);
    CHECK(v.formula_at(*mesaides::Date::from_ymd(2025, 6, 1)) == &v.formulas[0]);
    CHECK(v.formula_at(*mesaides::Date::from_ymd(2026, 1, 1)) == &v.formulas[1]);
  }

  TEST_CASE("a '(' that begins a line is not a call of the name before it") {
    // The formula's value starts with a parenthesis, after a let that ends with a name: two
    // statements, not `b(c + 1)`.
    auto p = parse(R"(
      variable x {
        entity: individu  period: month  type: money
        formula from 2019-01-01 {
          let a = b
          (c + 1) * a
        }
      }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    const auto& f = p->program.variables.at(0).formulas.at(0);
    REQUIRE(f.statements.size() == 1);
    CHECK(sexpr(p->program, f.statements[0].expr) == "b");
    CHECK(sexpr(p->program, f.result) == "(* (+ c 1) a)");
  }

  TEST_CASE("a gap between formulas has no formula") {
    auto p = parse(R"(
      variable x {
        entity: individu  period: month  type: money
        formula from 2019-01-01 to 2019-12-31 { 1 }
        formula from 2021-01-01 { 2 }
      }
    )");
    REQUIRE(p->sink.list().empty());
    const auto& v = p->program.variables.at(0);
    CHECK(v.formula_at(*mesaides::Date::from_ymd(2019, 12, 31)) == &v.formulas[0]);
    CHECK(v.formula_at(*mesaides::Date::from_ymd(2020, 6, 1)) == nullptr);
    CHECK(v.formula_at(*mesaides::Date::from_ymd(2021, 1, 1)) == &v.formulas[1]);
  }

  TEST_CASE("benefit") {
    auto p = parse(R"(
      benefit af {
        label: "Allocations familiales"
        institution: "CAF"
        description: "Pour les familles"
        periodicity: year
        amount: af_nettes_crds
        eligibility: af_eligibilite
        apply: "https://www.caf.fr/"
        reference: "Articles L521-1" "https://example.org"
        not_simulated: "La résidence en France"
        not_simulated: "Autre"
        meta: source_id "aide-au-bafa"
        meta: territoire "Région Bretagne"
      }
    )");
    INFO(messages(p->sink));
    REQUIRE(p->sink.list().empty());
    REQUIRE(p->program.benefits.size() == 1);
    const auto& b = p->program.benefits[0];
    CHECK(b.name == "af");
    CHECK(b.label == "Allocations familiales");
    CHECK(b.institution == "CAF");
    CHECK(b.description == "Pour les familles");
    CHECK(b.periodicity == mesaides::PeriodUnit::kYear);
    CHECK(b.amount_name == "af_nettes_crds");
    CHECK(b.eligibility_name == "af_eligibilite");
    CHECK(b.apply == "https://www.caf.fr/");
    REQUIRE(b.references.size() == 1);
    CHECK(b.references[0].url == "https://example.org");
    CHECK(b.not_simulated == std::vector<std::string>{"La résidence en France", "Autre"});
    REQUIRE(b.meta.size() == 2);
    CHECK(b.meta[0] == std::pair<std::string, std::string>{"source_id", "aide-au-bafa"});
    CHECK(b.meta[1] == std::pair<std::string, std::string>{"territoire", "Région Bretagne"});
  }

  TEST_CASE("benefit: a meta fact is named once") {
    auto p = parse(R"(
      benefit a { amount: x  meta: id "1"  meta: id "2" }
    )");
    CHECK(messages(p->sink).find("duplicate meta 'id'") != std::string::npos);
  }

  TEST_CASE("declarations accumulate across files in one program") {
    auto p = std::make_unique<Parsed>();
    for (const char* text : {"variable a { }", "variable b { }\nvariable c { }"}) {
      uint32_t file = p->program.sources.add({"f.rules", text});
      auto tokens = mesaides::lex(p->program.sources, file, p->sink);
      mesaides::parse_rule_file(p->program, tokens, p->sink);
    }
    REQUIRE(p->program.variables.size() == 3);
    CHECK(p->program.variables[2].name == "c");
    CHECK(p->program.variables[2].span.file == 1);
  }
}

TEST_SUITE("parser: expressions") {
  TEST_CASE("precedence and associativity") {
    CHECK(expression("1 + 2 * 3") == "(+ 1 (* 2 3))");
    CHECK(expression("(1 + 2) * 3") == "(* (+ 1 2) 3)");
    CHECK(expression("10 - 4 - 3") == "(- (- 10 4) 3)");
    CHECK(expression("12 / 3 / 2") == "(/ (/ 12 3) 2)");
    CHECK(expression("-x * 2") == "(* (neg x) 2)");
    CHECK(expression("- -x") == "(neg (neg x))");
    CHECK(expression("a and b or c") == "(or (and a b) c)");
    CHECK(expression("a or b and c") == "(or a (and b c))");
    CHECK(expression("not a and b") == "(and (not a) b)");
    CHECK(expression("not x == 1") == "(not (== x 1))");
    CHECK(expression("x + 1 >= y * 2") == "(>= (+ x 1) (* y 2))");
    CHECK(expression("a != b") == "(!= a b)");
  }

  TEST_CASE("literals") {
    CHECK(expression("474.37") == "474.37");
    CHECK(expression("true") == "true");
    CHECK(expression("2026-04-01") == "2026-04-01");
    CHECK(expression("\"zone_1\"") == "\"zone_1\"");
    CHECK(expression("period_start") == "period_start");
    CHECK(expression("period_end") == "period_end");
  }

  TEST_CASE("if, elif, else and membership") {
    CHECK(expression("if a then 1 else 2") == "(if a 1 2)");
    CHECK(expression("if a then 1 elif b then 2 else 3") == "(if a 1 b 2 3)");
    CHECK(expression("if a then if b then 1 else 2 else 3") == "(if a (if b 1 2) 3)");
    CHECK(expression("statut in [locataire_vide, locataire_hlm]") ==
          "(in statut locataire_vide locataire_hlm)");
    CHECK(expression("x + 1 in [1, 2]") == "(in (+ x 1) 1 2)");
  }

  TEST_CASE("period selectors") {
    CHECK(expression("x[month - 1]") == "x[month-1]");
    CHECK(expression("x[month + 2]") == "x[month2]");
    CHECK(expression("x[month]") == "x[month0]");
    CHECK(expression("x[year]") == "x[year0]");
    CHECK(expression("x[year - 2]") == "x[year-2]");
    CHECK(expression("x[last 3 months]") == "x[last 3]");
    CHECK(expression("x[last 1 month]") == "x[last 1]");
    CHECK(expression("famille.af[month - 1] + 1") == "(+ famille.af[month-1] 1)");
  }

  TEST_CASE("table keys") {
    CHECK(expression("plafond[zone_1]") == "plafond[zone_1]");
    CHECK(expression("plafond[zone]") == "plafond[zone]");
    CHECK(expression("plafond[\"zone_2\"]") == "plafond[\"zone_2\"]");
    CHECK(expression("plafond[n + 1]") == "plafond[(+ n 1)]");
  }

  TEST_CASE("calls and aggregations") {
    CHECK(expression("min(a, b, c)") == "(min a b c)");
    CHECK(expression("round(x * 0.32, 0.01)") == "(round (* x 0.32) 0.01)");
    CHECK(expression("scale(af.modulation, x)") == "(scale af.modulation x)");
    CHECK(expression("date(2026, 1, 31)") == "(date 2026 1 31)");
    CHECK(expression("sum(parents: salaire_net)") == "(sum parents: salaire_net)");
    CHECK(expression("count(enfants: age < 20 and age >= 3)") ==
          "(count enfants: (and (< age 20) (>= age 3)))");
    CHECK(expression("has_role(famille, enfants)") == "(has_role famille enfants)");
  }

  TEST_CASE("a parameter read at a date") {
    CHECK(expression("plafond at date_pret") == "(at plafond date_pret)");
    CHECK(expression("plafond[zone] at date_pret") == "(at plafond[zone] date_pret)");
    CHECK(expression("p at 2017-12-15") == "(at p 2017-12-15)");
    CHECK(expression("p at add_months(d, 1)") == "(at p (add_months d 1))");
    CHECK(expression("p at (d)") == "(at p d)");
    CHECK(expression("menage.d") == "menage.d");
    // `at` binds tighter than arithmetic and comparison: (p at d) * 2, (p at d) < x.
    CHECK(expression("p at d * 2") == "(* (at p d) 2)");
    CHECK(expression("-p at d") == "(neg (at p d))");
    CHECK(expression("p at d < q") == "(< (at p d) q)");
    auto parsed = parse(kHead + "formula from 2020-01-01 { 1 + p[zone] at date_pret } }");
    REQUIRE(parsed->sink.list().empty());
    ExprId r = parsed->program.variables[0].formulas[0].result;
    ExprId at = parsed->program.expr(r).args[1];
    CHECK(parsed->program.sources.text(parsed->program.expr(at).span) == "p[zone] at date_pret");
  }

  TEST_CASE("spans cover the whole expression") {
    auto p = parse(kHead + "formula from 2020-01-01 { a + b[month - 1] } }");
    REQUIRE(p->sink.list().empty());
    ExprId r = p->program.variables[0].formulas[0].result;
    CHECK(p->program.sources.text(p->program.expr(r).span) == "a + b[month - 1]");
  }

  TEST_CASE("spans include the parentheses: a quoted expression is whole") {
    // Reasons and runtime errors quote an expression's text ("division by zero in '…'"): it ended
    // before the `)` of its last operand ("100 / (a - 1200").
    auto p = parse(kHead + "formula from 2020-01-01 { 100 / (a - 1200) + ((b)) } }");
    REQUIRE(p->sink.list().empty());
    const mesaides::Program& program = p->program;
    const mesaides::Expr& sum = program.expr(program.variables[0].formulas[0].result);
    const mesaides::Expr& division = program.expr(sum.args[0]);
    CHECK(program.sources.text(sum.span) == "100 / (a - 1200) + ((b))");
    CHECK(program.sources.text(division.span) == "100 / (a - 1200)");
    CHECK(program.sources.text(program.expr(division.args[1]).span) == "(a - 1200)");
    CHECK(program.sources.text(program.expr(sum.args[1]).span) == "((b))");
  }
}

TEST_SUITE("parser: syntax errors") {
  TEST_CASE("what was expected and what was found") {
    CHECK(errors_of("variable x {\n  entity individu\n  period: month\n  type: money\n}") ==
          "expected ':', found 'individu'\n");
    CHECK(errors_of(kHead + "label: 12 }") == "expected the label, found the number 12\n");
    CHECK(errors_of(kHead + "formula 2020-01-01 { 1 } }") ==
          "expected 'from' and the date the formula applies from, found the date 2020-01-01\n");
    CHECK(errors_of("foo bar") ==
          "expected a declaration (variable, parameter, enum, entity, group, benefit), found "
          "'foo'\n");
    CHECK(errors_of(kHead + "formula from 2020-01-01 { if a then 1 } }") ==
          "expected 'else' (every 'if' needs an 'else'), found '}'\n");
    CHECK(errors_of(kHead + "formula from 2020-01-01 { } }") ==
          "expected the formula's value (an expression), found '}'\n");
    CHECK(errors_of("variable x { entity: individu  period: monthly  type: money }") ==
          "expected month, year or eternity, found 'monthly'\n");
    CHECK(errors_of(kHead + "set_input: spread }") ==
          "expected divide or duplicate, found 'spread'\n");
    CHECK(errors_of(kHead + "negative: yes }") ==
          "expected allowed (an amount given may be negative), found 'yes'\n");
    CHECK(errors_of(
              "variable x { entity: individu  period: month  type: number  negative: allowed }") ==
          "variable 'x': 'negative: allowed' is for amounts of money (a number or an integer given "
          "may always be negative)\n");
    CHECK(
        errors_of("variable x { entity: individu  period: month  type: money  negative: allowed }")
            .empty());
    CHECK(errors_of("variable x { entity: individu  period: month  type: float }") ==
          "unknown type 'float' (expected money, number, integer, boolean, date, text or enum "
          "NAME)\n");
    CHECK(errors_of("variable x { entity: individu  period: month  type: integr }") ==
          "unknown type 'integr' (did you mean 'integer'?)\n");
  }

  TEST_CASE("unknown fields: a suggestion, or the known fields") {
    auto p = parse("parameter p {\n  lable: \"x\"\n  2020-01-01: 1\n}");
    REQUIRE(p->sink.list().size() == 1);
    CHECK(p->sink.list()[0].message == "unknown field 'lable' in a parameter");
    REQUIRE(p->sink.list()[0].notes.size() == 1);
    CHECK(p->sink.list()[0].notes[0].message == "did you mean 'label'?");
    auto q = parse("group g { plural: gs  role r { colour: \"red\" } }");
    REQUIRE(q->sink.list().size() == 1);
    CHECK(q->sink.list()[0].message == "unknown field 'colour' in a role");
    CHECK(q->sink.list()[0].notes.at(0).message == "known fields: plural, label, max");
  }

  TEST_CASE("expressions") {
    const std::string f = kHead + "formula from 2020-01-01 { ";
    CHECK(errors_of(f + "1 < x < 3 } }") ==
          "comparisons cannot be chained: write 'a < b and b < c'\n");
    CHECK(errors_of(f + "(a + b)[month - 1] } }") ==
          "only a variable or a parameter can be followed by '['\n");
    CHECK(errors_of(f + "a[last 0 months] } }") == "expected a number of months from 1 to 120\n");
    CHECK(errors_of(f + "a[last 121 months] } }") == "expected a number of months from 1 to 120\n");
    CHECK(errors_of(f + "let if = 1  if } }") == "'if' is a reserved word\n");
    CHECK(errors_of(f + "(a + b) at d } }") ==
          "only a parameter can be read 'at' a date: write 'parameter.name at DATE'\n");
    CHECK(errors_of(f + "p at } }") == "expected an expression, found '}'\n");
    CHECK(errors_of(f + "let at = 1  at } }") == "'at' is a reserved word\n");
    CHECK(errors_of(f + "1 + then } }") == "expected an expression, found the keyword 'then'\n");
    CHECK(errors_of(f + "require a else \"ici {n\"  1 } }") ==
          "'{' in the message is not closed by '}'\n");
    CHECK(errors_of(f + "require a else \"ici {n $}\"  1 } }") ==
          "the expression '{n $}' in the message is not valid\n");
  }

  TEST_CASE("a missing closing bracket points at the opener") {
    auto p = parse(
        "variable x {\n  entity: individu  period: month  type: money\n  formula from 2020-01-01 "
        "{\n"
        "    min(a, b\n  }\n}\n");
    REQUIRE_FALSE(p->sink.list().empty());
    const Diagnostic& d = p->sink.list()[0];
    CHECK(d.message == "expected ')', found '}'");
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].message == "to close '(' opened here");
    mesaides::LineCol opener =
        p->program.sources.line_col(d.notes[0].span.file, d.notes[0].span.begin);
    CHECK(opener.line == 4);
    CHECK(opener.col == 8);
  }

  TEST_CASE("parameters") {
    CHECK(errors_of("parameter p { 2021-01-01: 1  2020-01-01: 2 }") ==
          "dated values must be in ascending order of date\n");
    CHECK(errors_of("parameter p { 2021-01-01: 1  2021-01-01: 2 }") ==
          "dated values must be in ascending order of date\n");
    CHECK(errors_of("parameter p { label: \"x\" }") == "parameter 'p' has no dated value\n");
  }

  TEST_CASE("entities and enums") {
    CHECK(errors_of("entity individu { label: \"x\" }") == "entity 'individu' needs 'plural:'\n");
    CHECK(errors_of("entity individu { plural: individus  role r { } }") ==
          "only a group has roles (declare it with 'group')\n");
    CHECK(errors_of("group g { plural: gs  role r { max: 0 } }") ==
          "'max' must be a whole number from 1\n");
    CHECK(errors_of("enum e { a: \"A\"  a: \"A again\" }") == "item 'a' is listed twice\n");
    CHECK(errors_of("enum e { label: \"E\" }") == "enum 'e' has no item\n");
    CHECK(errors_of("benefit b { label: \"B\" }") == "benefit 'b' needs 'amount:'\n");
  }

  TEST_CASE("a variable's missing fields are each reported") {
    CHECK(
        errors_of("variable x { label: \"x\" }") ==
        "variable 'x' needs 'entity:'\nvariable 'x' needs 'period:'\nvariable 'x' needs 'type:'\n");
    // A field that is there but wrong is reported once, not also as missing.
    CHECK(errors_of("variable x {\n  entity: \"individu\"\n  period: month\n  type: money\n}") ==
          "expected an entity name, found a string\n");
    CHECK(errors_of("variable x {\n  entity: individu\n  period: month\n  type: float\n}") ==
          "unknown type 'float' (expected money, number, integer, boolean, date, text or enum "
          "NAME)\n");
  }

  TEST_CASE("recovery: the next field and the next declaration are still read") {
    auto p = parse(R"(
      variable x {
        entity: individu
        lable: "typo"
        period: month
        type: money
        label: "Après l'erreur"
      }
      variable y { entity: 12 }
      variable z { entity: individu  period: month  type: boolean }
    )");
    CHECK(messages(p->sink) ==
          "unknown field 'lable' in a variable\nexpected an entity name, found the number 12\n");
    REQUIRE(p->program.variables.size() == 3);
    CHECK(p->program.variables[0].label == "Après l'erreur");
    CHECK(p->program.variables[0].period == mesaides::PeriodUnit::kMonth);
    CHECK(p->program.variables[2].name == "z");
    CHECK(p->program.variables[2].type == Type::kBoolean);
  }
}

// Recovery after an error: each problem is reported once, and what follows is still read. (These
// were bugs found by these tests and fixed since.)
TEST_SUITE("parser: recovery") {
  TEST_CASE("recovery inside a formula: one error, the next declaration is read") {
    // Once, recovery ended the *variable* at the formula's '}' and reported the variable's own '}'
    // as "expected a declaration".
    auto p = parse(
        "variable x {\n"
        "  entity: individu\n"
        "  formula from 2020-01-01 {\n"
        "    let a = 1 +\n"
        "    let b = 2\n"
        "    a * b\n"
        "  }\n"
        "}\n"
        "variable y { entity: individu  period: month  type: money }\n");
    CHECK(messages(p->sink) == "expected an expression, found the keyword 'let'\n");
    REQUIRE(p->program.variables.size() == 2);
    CHECK(p->program.variables[1].name == "y");
  }

  TEST_CASE("a wrong value at the end of a line does not swallow the next line's field") {
    // Once, when the wrong token had already been read (period: monthly, type: integr), recovery
    // skipped the whole next line: here 'type: money' was lost and reported as missing.
    CHECK(errors_of("variable x {\n  entity: individu\n  period: monthly\n  type: money\n}") ==
          "expected month, year or eternity, found 'monthly'\n");
    auto p = parse(
        "variable x {\n  entity: individu\n  period: month\n  type: integr\n  label: \"L\"\n}");
    CHECK(messages(p->sink) == "unknown type 'integr' (did you mean 'integer'?)\n");
    CHECK(p->program.variables.at(0).label == "L");
  }

  TEST_CASE("an invalid expression in a require message is reported as such") {
    // Once reported as "expected an expression, found the end of the file", at the string.
    const std::string f =
        kHead + "formula from 2020-01-01 {\n  require a else \"ici {n +}\"\n  1\n}\n}";
    CHECK(errors_of(f) == "the expression '{n +}' in the message is not valid\n");
  }

  TEST_CASE("an error in a parameter's value is reported once") {
    // Once followed by "expected a field name or a dated value …, found ']'" (recovery stopped at
    // the value's own ']') and "parameter 'p' has no dated value" (the value was dropped).
    CHECK(errors_of("parameter p {\n  2020-01-01: [0: 1, 10: 2, 5: 3]\n}") ==
          "scale thresholds must be in ascending order\n");
    CHECK(errors_of("parameter p {\n  2026-02-30: 1\n}") == "'2026-02-30' is not a valid date\n");
  }
}
