// Unit tests of core/builtins: one test per built-in function of the rule language, through the
// whole pipeline (rules text → checker → evaluator), for its result's type, its values and its
// runtime failures; and a guard that every entry of the table has its test here.
//
// Every expected value is derived by hand in a comment next to it.
#include <doctest/doctest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "builtins.h"
#include "evaluator.h"
#include "program.h"
#include "situation.h"

namespace {

using mesaides::Decimal;
using mesaides::ErrorKind;
using mesaides::Period;
using mesaides::Type;
using mesaides::Value;
using nlohmann::json;

// Inputs of p1 in January 2026: x = 2.345, n = -7, m = 1234.5 €, ne_le = 1990-08-31,
// code = "97411"; scales from 2020 (bareme_loyer, taux_impot) and one ended by null in 2024.
const char* const kDeclarations = R"(
entity individu { plural: individus }
parameter bareme_loyer { unit: money  2020-01-01: [0: 194, 5600: 146, 6700: 98] }
parameter taux_impot { unit: rate  2020-01-01: [0: 0, 10000: 0.1, 20000: 0.3] }
parameter ancien_bareme { unit: money  2020-01-01: [0: 1]  2024-01-01: null }
variable x { entity: individu  period: month  type: number }
variable n { entity: individu  period: month  type: integer }
variable m { entity: individu  period: month  type: money }
variable ne_le { entity: individu  period: eternity  type: date }
variable code { entity: individu  period: month  type: text }
)";

const char* const kInputs = R"({"individus": {"p1": {
  "x": {"2026-01": 2.345}, "n": {"2026-01": -7}, "m": {"2026-01": 1234.5},
  "ne_le": {"ETERNITY": "1990-08-31"}, "code": {"2026-01": "97411"}}}})";

// What `expr` gives for p1 in January 2026, as the formula of a variable of type `type`.
struct Computed {
  Value value;
  Type type;  // of the expression, as the checker typed it
};

Computed compute(const std::string& type, const std::string& expr) {
  std::string rules = std::string(kDeclarations) + "variable r { entity: individu  period: month" +
                      "  type: " + type + "\n  formula from 2020-01-01 { " + expr + " }\n}\n";
  std::vector<mesaides::SourceFile> files{{"builtins.rules", rules}};
  mesaides::LoadResult loaded = mesaides::load_program(std::move(files));
  INFO(loaded.rendered);
  REQUIRE(loaded.program != nullptr);
  const mesaides::Program& p = *loaded.program;
  auto parsed = mesaides::parse_situation(p, json::parse(kInputs));
  REQUIRE(parsed.situation != nullptr);
  mesaides::Evaluation eval(p, *parsed.situation, true);
  int32_t r = *p.find_variable("r");
  Value v = eval.compute(r, 0, Period::month(2026, 1));
  return {v, p.exprs[p.variables[static_cast<size_t>(r)].formulas[0].result].type};
}

Value num(const char* text) { return Value::of_number(*Decimal::parse(text)); }
Value date(int y, int m, int d) { return Value::of_date(*mesaides::Date::from_ymd(y, m, d)); }

// The message of the first diagnostic when `expr` is checked, or "" when it is accepted.
std::string check_error(const std::string& expr) {
  // A literal such as 3 is typed a number.
  std::string rules = std::string(kDeclarations) +
                      "variable r { entity: individu  period: month  type: number\n"
                      "  formula from 2020-01-01 { " +
                      expr + " }\n}\n";
  std::vector<mesaides::SourceFile> files{{"builtins.rules", rules}};
  mesaides::LoadResult loaded = mesaides::load_program(std::move(files));
  return loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].message;
}

// The built-ins tested below; the table may not hold one that is not here.
const std::set<std::string> kTested = {
    "min",   "max",      "abs",           "round",          "round_down", "round_up",
    "scale", "marginal", "years_between", "months_between", "add_years",  "add_months",
    "date",  "year_of",  "month_of",      "starts_with"};

}  // namespace

namespace doctest {
template <>
struct StringMaker<Value> {
  static String convert(const Value& v) {
    if (v.is_error()) return ("error " + v.text).c_str();
    if (v.kind == mesaides::ValueKind::kDate) return ("date " + v.as_date().to_string()).c_str();
    return (std::to_string(static_cast<int>(v.kind)) + " " + v.number.to_string() + " " +
            std::to_string(v.small) + " " + v.text)
        .c_str();
  }
};
}  // namespace doctest

TEST_SUITE("builtins") {
  TEST_CASE("the table: every built-in has its test, a name found once, sensible arities") {
    std::set<std::string> names;
    for (const mesaides::BuiltinDef& b : mesaides::builtins()) {
      CAPTURE(b.name);
      CHECK(kTested.count(b.name) == 1);
      CHECK(names.insert(b.name).second);
      CHECK(mesaides::find_builtin(b.name) == &b);
      CHECK(1 <= b.min_args);
      CHECK(b.min_args <= b.max_args);
    }
    CHECK(names.size() == kTested.size());
    CHECK(mesaides::find_builtin("floor") == nullptr);
    // A wrong count of arguments names the right one, with the usage when the table has one.
    CHECK(check_error("round(x)") == "'round' takes 2 arguments, not 1");
    CHECK(check_error("abs(x, 2)") == "'abs' takes 1 argument, not 2");
    CHECK(check_error("min()") == "'min' takes at least 1 arguments, not 0");
  }

  TEST_CASE("min and max: of numbers, the widest type; of dates, a date") {
    // min(2.345, -7, 3) = -7; the widest of number and integer is number.
    Computed a = compute("number", "min(x, n, 3)");
    CHECK(a.value == num("-7"));
    CHECK(a.type == Type::kNumber);
    // max(-7, 1234.5 €) = 1234.5, money.
    Computed b = compute("money", "max(n, m)");
    CHECK(b.value == num("1234.5"));
    CHECK(b.type == Type::kMoney);
    CHECK(compute("integer", "max(n)").type == Type::kInteger);
    // The later of 1990-08-31 and 2026-01-01; the earlier.
    Computed c = compute("date", "max(ne_le, period_start)");
    CHECK(c.value == date(2026, 1, 1));
    CHECK(c.type == Type::kDate);
    CHECK(compute("date", "min(ne_le, period_start)").value == date(1990, 8, 31));
    CHECK(check_error("min(ne_le, 3)") ==
          "each argument of min/max must be a date, but this is a number");
  }

  TEST_CASE("abs") {
    // |-7| = 7, an integer stays an integer.
    Computed a = compute("integer", "abs(n)");
    CHECK(a.value == num("7"));
    CHECK(a.type == Type::kInteger);
    CHECK(compute("money", "abs(-m)").value == num("1234.5"));
    CHECK(check_error("abs(code)") == "this argument must be a number, but this is a text");
  }

  TEST_CASE("round: to the nearest multiple of the step, a half away from zero") {
    // 2.345 to the cent: 234.5 cents → 235 → 2.35. To the ten: 1234.5 → 123.45 tens → 1230.
    Computed a = compute("number", "round(x, 0.01)");
    CHECK(a.value == num("2.35"));
    CHECK(a.type == Type::kNumber);
    CHECK(compute("money", "round(m, 10)").type == Type::kMoney);
    CHECK(compute("money", "round(m, 10)").value == num("1230"));
    // A step of 0: a runtime error, named.
    Value zero = compute("number", "round(x, 0)").value;
    CHECK(zero.error_kind == ErrorKind::kInvalidArgument);
    CHECK(zero.text == "r (p1, 2026-01): cannot round to a step of 0");
  }

  TEST_CASE("round_down: toward minus infinity") {
    // 2.345 → 2.34; -7 to the ten → -10.
    CHECK(compute("number", "round_down(x, 0.01)").value == num("2.34"));
    CHECK(compute("number", "round_down(n, 10)").value == num("-10"));
  }

  TEST_CASE("round_up: toward plus infinity") {
    // 2.345 → 2.35; -7 to the ten → 0.
    CHECK(compute("number", "round_up(x, 0.01)").value == num("2.35"));
    CHECK(compute("number", "round_up(n, 10)").value == num("0"));
    CHECK(compute("number", "round_up(x, -1)").value.error_kind == ErrorKind::kInvalidArgument);
  }

  TEST_CASE("scale: the value of the bracket containing x") {
    // 1234.5 is in the first bracket [0, 5600): 194; 5600 opens the second: 146.
    Computed a = compute("money", "scale(bareme_loyer, m)");
    CHECK(a.value == num("194"));
    CHECK(a.type == Type::kMoney);  // the parameter's unit
    CHECK(compute("money", "scale(bareme_loyer, 5600)").value == num("146"));
    CHECK(compute("money", "scale(bareme_loyer, 100000)").value == num("98"));
    CHECK(compute("number", "scale(taux_impot, 15000)").type == Type::kNumber);
    // No value at the date: ended by null on 2024-01-01.
    Value ended = compute("money", "scale(ancien_bareme, m)").value;
    CHECK(ended.error_kind == ErrorKind::kParameterWithoutValue);
    CHECK(ended.text == "r (p1, 2026-01): parameter ancien_bareme has no value on 2026-01-01");
    CHECK(check_error("scale(m, 1)") == "the first argument of 'scale' must be a scale parameter");
  }

  TEST_CASE("marginal: the sum over brackets of each rate times the part of x in its bracket") {
    // 25000: (20000 − 10000) × 0.1 + (25000 − 20000) × 0.3 = 1000 + 1500 = 2500.
    Computed a = compute("number", "marginal(taux_impot, 25000)");
    CHECK(a.value == num("2500"));
    CHECK(a.type == Type::kNumber);
    // Of a money amount, a money amount: 1234.5 is in the rate-0 bracket: 0.
    Computed b = compute("money", "marginal(taux_impot, m)");
    CHECK(b.value == num("0"));
    CHECK(b.type == Type::kMoney);
  }

  TEST_CASE("years_between: completed years") {
    // Born 1990-08-31: 35 on 2025-08-31, not yet 36 on 2026-01-01.
    Computed a = compute("integer", "years_between(ne_le, period_start)");
    CHECK(a.value == num("35"));
    CHECK(a.type == Type::kInteger);
    CHECK(check_error("years_between(ne_le, 3)") ==
          "the second argument must be a date, but this is a number");
  }

  TEST_CASE("months_between: completed months") {
    // 1990-08-31 → 2026-01-01: 35 years and 4 months (to 2025-12-31) = 424 months.
    CHECK(compute("integer", "months_between(ne_le, period_start)").value == num("424"));
  }

  TEST_CASE("add_years: 29 February becomes 28 February in a common year") {
    CHECK(compute("date", "add_years(ne_le, 18)").value == date(2008, 8, 31));
    CHECK(compute("date", "add_years(date(2024, 2, 29), 1)").value == date(2025, 2, 28));
    Value half = compute("date", "add_years(ne_le, x)").value;  // 2.345 years
    CHECK(half.error_kind == ErrorKind::kInvalidArgument);
    CHECK(half.text == "r (p1, 2026-01): expected a whole number of years or months");
  }

  TEST_CASE("add_months: the last day of a shorter month") {
    // 1990-08-31 + 1 month: 30 September; - 7 months: 31 January 1990.
    CHECK(compute("date", "add_months(ne_le, 1)").value == date(1990, 9, 30));
    CHECK(compute("date", "add_months(ne_le, n)").value == date(1990, 1, 31));
  }

  TEST_CASE("date: from year, month and day") {
    Computed a = compute("date", "date(2026, 2, 28)");
    CHECK(a.value == date(2026, 2, 28));
    CHECK(a.type == Type::kDate);
    Value missing = compute("date", "date(2026, 2, 29)").value;  // 2026 is not a leap year
    CHECK(missing.error_kind == ErrorKind::kInvalidArgument);
    CHECK(missing.text == "r (p1, 2026-01): date(2026, 2, 29) does not exist");
    CHECK(compute("date", "date(x, 1, 1)").value.text ==
          "r (p1, 2026-01): date() takes whole numbers");
  }

  TEST_CASE("year_of") {
    Computed a = compute("integer", "year_of(ne_le)");
    CHECK(a.value == num("1990"));
    CHECK(a.type == Type::kInteger);
    CHECK(check_error("year_of(n)") == "the argument must be a date, but this is an integer");
  }

  TEST_CASE("month_of") { CHECK(compute("integer", "month_of(ne_le)").value == num("8")); }

  TEST_CASE("starts_with: a text's beginning") {
    // 97411 (La Réunion) starts with 974, not with 976.
    Computed a = compute("boolean", R"(starts_with(code, "974"))");
    CHECK(a.value == Value::of_bool(true));
    CHECK(a.type == Type::kBoolean);
    CHECK(compute("boolean", R"(starts_with(code, "976"))").value == Value::of_bool(false));
    CHECK(compute("boolean", R"(starts_with(code, ""))").value == Value::of_bool(true));
    CHECK(check_error("starts_with(n, \"1\")") ==
          "the first argument of starts_with must be a text, but this is an integer");
  }
}
