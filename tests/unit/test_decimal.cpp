// Unit tests of core/decimal: parsing, conversion from doubles, checked arithmetic, rounding as
// the law writes it, and text output.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "decimal.h"

namespace doctest {
template <>
struct StringMaker<mesaides::Decimal> {
  static String convert(const mesaides::Decimal& value) { return value.to_string().c_str(); }
};
}  // namespace doctest

namespace {

using mesaides::checked_add;
using mesaides::checked_div;
using mesaides::checked_mul;
using mesaides::checked_sub;
using mesaides::Decimal;
using mesaides::Int128;
using mesaides::Rounding;

// A decimal from text that the test expects to be valid.
Decimal dec(const std::string& text) {
  const std::optional<Decimal> parsed = Decimal::parse(text);
  REQUIRE_MESSAGE(parsed.has_value(), "test literal does not parse: ", text);
  return *parsed;
}

// Optional results as text, so that a failure shows the value (or "nullopt").
std::string show(const std::optional<Decimal>& value) {
  return value ? value->to_string() : std::string("nullopt");
}

std::string parsed(const std::string& text) { return show(Decimal::parse(text)); }

// Raw value as text, independent of Decimal::to_string.
std::string raw_text(Int128 raw) {
  const bool negative = raw < 0;
  std::string digits;
  do {
    const int digit = static_cast<int>(raw % 10);
    digits.insert(digits.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
    raw /= 10;
  } while (raw != 0);
  return negative ? "-" + digits : digits;
}

const Decimal kMax = Decimal::from_raw(Decimal::kMaxRaw);
const std::string kMaxText = "170141183460469231731687303715.884105727";  // (2^127 − 1) / 10^9

}  // namespace

TEST_CASE("from_int and from_raw store value × 10^9") {
  CHECK(raw_text(Decimal::from_int(12).raw()) == "12000000000");
  CHECK(raw_text(Decimal::from_int(-3).raw()) == "-3000000000");
  CHECK(raw_text(Decimal::from_int(INT64_MIN).raw()) == "-9223372036854775808000000000");
  CHECK(Decimal::from_raw(5).to_string() == "0.000000005");
  CHECK(Decimal().is_zero());
  CHECK(Decimal::kFractionDigits == 9);
  CHECK(raw_text(Decimal::kMaxRaw) == "170141183460469231731687303715884105727");
}

TEST_CASE("parse accepts the plain forms") {
  CHECK(raw_text(dec("12").raw()) == "12000000000");
  CHECK(raw_text(dec("-3").raw()) == "-3000000000");
  CHECK(raw_text(dec("+3").raw()) == "3000000000");
  CHECK(raw_text(dec("0.5").raw()) == "500000000");
  CHECK(raw_text(dec(".5").raw()) == "500000000");
  CHECK(raw_text(dec("-.5").raw()) == "-500000000");
  CHECK(raw_text(dec("5.").raw()) == "5000000000");
  CHECK(raw_text(dec("1.28412").raw()) == "1284120000");
  CHECK(raw_text(dec("474.37").raw()) == "474370000000");
  CHECK(raw_text(dec("000123.4500").raw()) == "123450000000");
  CHECK(raw_text(dec("0.000000001").raw()) == "1");
}

TEST_CASE("parse accepts exponents as YAML writes them") {
  CHECK(parsed("1e3") == "1000");
  CHECK(parsed("2.5E-2") == "0.025");
  CHECK(parsed("1E+2") == "100");
  CHECK(parsed("12.5e-1") == "1.25");
  CHECK(parsed("-0.001e3") == "-1");
  CHECK(parsed("1000000000000000000000000000000e-30") == "1");
  CHECK(parsed("1e-9") == "0.000000001");
  CHECK(parsed("1e25") == "10000000000000000000000000");
  CHECK(parsed("1e29") == "100000000000000000000000000000");
}

TEST_CASE("parse rounds digits beyond the ninth half away from zero") {
  CHECK(parsed("0.1234567891234") == "0.123456789");
  CHECK(parsed("0.1234567895") == "0.12345679");
  CHECK(parsed("-0.1234567895") == "-0.12345679");
  CHECK(parsed("0.12345678949999") == "0.123456789");
  CHECK(parsed("0.0000000005") == "0.000000001");
  CHECK(parsed("-0.0000000005") == "-0.000000001");
  CHECK(parsed("0.00000000049") == "0");
  CHECK(parsed("1.9999999995") == "2");
  CHECK(parsed("5e-10") == "0.000000001");
  CHECK(parsed("4.9e-10") == "0");
  CHECK(parsed("1e-999999999999") == "0");
}

TEST_CASE("negative zero parses as zero") {
  const Decimal zero = dec("-0");
  CHECK(zero.is_zero());
  CHECK(zero.sign() == 0);
  CHECK(zero.to_string() == "0");
  CHECK(parsed("-0.000e5") == "0");
  CHECK(parsed("-0.0000000001") == "0");  // rounds to zero: no "-0" either
}

TEST_CASE("parse rejects garbage") {
  const std::string unicode_minus_one = std::string("\u2212") + "1";  // not an ASCII sign
  for (const std::string text :
       {"",    " 1",  "1 ",    "\t1", "abc", "1.2.3", "1e",      "e3",    "1e+",
        "1e-", "+",   "-",     ".",   "-.",  "1,5",   "0x10",    "inf",   "-inf",
        "nan", "NaN", "1_000", "--1", "+-1", "1e3.5", "1.5e2e1", "1 000", "12a"}) {
    CAPTURE(text);
    CHECK_FALSE(Decimal::parse(text).has_value());
  }
  CHECK_FALSE(Decimal::parse(unicode_minus_one).has_value());
  CHECK_FALSE(Decimal::parse(std::string_view("1\0", 2)).has_value());
}

TEST_CASE("parse rejects values outside the range") {
  CHECK(parsed(kMaxText) == kMaxText);
  CHECK(parsed("-" + kMaxText) == "-" + kMaxText);
  CHECK(parsed("170141183460469231731687303715.884105728") == "nullopt");
  CHECK(parsed("-170141183460469231731687303715.884105728") == "nullopt");  // −2^127 excluded
  // Rounding up the tenth digit is what crosses the limit here.
  CHECK(parsed("170141183460469231731687303715.8841057275") == "nullopt");
  CHECK(parsed("170141183460469231731687303715.8841057274") == kMaxText);
  CHECK(parsed("1e30") == "nullopt");
  CHECK(parsed("-1e30") == "nullopt");
  CHECK(parsed("1e999999999999") == "nullopt");
  CHECK(parsed(std::string(40, '9')) == "nullopt");
}

TEST_CASE("from_double goes through the shortest round-trip text") {
  CHECK(show(Decimal::from_double(0.1)) == "0.1");
  CHECK(show(Decimal::from_double(474.37)) == "474.37");
  CHECK(show(Decimal::from_double(-2.5)) == "-2.5");
  CHECK(show(Decimal::from_double(123456789.123)) == "123456789.123");
  CHECK(show(Decimal::from_double(1e20)) == "100000000000000000000");
  CHECK(show(Decimal::from_double(0.1234567891234)) == "0.123456789");
  // 0.1 + 0.2 in binary is 0.30000000000000004, which rounds to 0.3 at 9 digits.
  CHECK(show(Decimal::from_double(0.1 + 0.2)) == "0.3");
  CHECK(show(Decimal::from_double(1e-10)) == "0");
  CHECK(show(Decimal::from_double(5e-324)) == "0");
  CHECK(show(Decimal::from_double(-0.0)) == "0");
  CHECK(show(Decimal::from_double(0.0)) == "0");
  CHECK(show(Decimal::from_double(std::numeric_limits<double>::quiet_NaN())) == "nullopt");
  CHECK(show(Decimal::from_double(std::numeric_limits<double>::infinity())) == "nullopt");
  CHECK(show(Decimal::from_double(-std::numeric_limits<double>::infinity())) == "nullopt");
  CHECK(show(Decimal::from_double(1e300)) == "nullopt");
  CHECK(show(Decimal::from_double(-1e30)) == "nullopt");
}

// from_double reads the usual amounts without printing them: the value must be the one the
// shortest round-trip text gives, found here the slow way (printf with 1, 2, … 17 digits).
TEST_CASE("from_double: the usual amounts as their shortest round-trip text") {
  auto reference = [](double v) {
    char text[64];
    for (int precision = 1; precision <= 17; ++precision) {
      std::snprintf(text, sizeof text, "%.*e", precision - 1, v);
      if (std::strtod(text, nullptr) == v) break;
    }
    return show(Decimal::parse(text));
  };
  std::mt19937_64 random(20261205);
  std::vector<double> values = {
      0.5,         0.25,  0.125, 1e-7, 9.5e-7,  999999999.5, 999999999,     1e9,
      -999999.999, 2.675, 1.005, 0.3,  1450.35, 1e9 - 1e-6,  123456.789012, 4503599627370495.5};
  for (int i = 0; i < 100000; ++i) {
    const int places = static_cast<int>(random() % 10);
    const double scale = std::pow(10.0, places);
    switch (i % 4) {
      case 0:  // a decimal of 0 to 9 places, as a page sends it
        values.push_back(
            static_cast<double>(static_cast<int64_t>(random() % 2000000000000) - 1000000000000) /
            scale);
        break;
      case 1:  // any double below 10^9
        values.push_back((static_cast<double>(random() >> 11) / 9007199254740992.0 - 0.5) * 2e9);
        break;
      case 2:  // any double of a magnitude around 10^9 and below
        values.push_back(
            std::ldexp(static_cast<double>(random() >> 11), -static_cast<int>(random() % 60) - 20));
        break;
      default:  // a half, quarter… of a whole number
        values.push_back(static_cast<double>(random() % 100000000) /
                         static_cast<double>(1 << (random() % 12)));
    }
  }
  for (double v : values) {
    if (show(Decimal::from_double(v)) != reference(v)) {
      FAIL_CHECK("from_double(" << std::setprecision(17) << v
                                << ") = " << show(Decimal::from_double(v))
                                << ", its shortest text reads " << reference(v));
    }
  }
}

TEST_CASE("0.1 + 0.2 is exactly 0.3") {
  CHECK(checked_add(dec("0.1"), dec("0.2")) == dec("0.3"));
  CHECK(show(checked_add(dec("0.1"), dec("0.2"))) == "0.3");
}

TEST_CASE("checked_add and checked_sub report overflow") {
  CHECK(show(checked_add(dec("-5.5"), dec("2.25"))) == "-3.25");
  CHECK(show(checked_sub(dec("1"), dec("0.000000001"))) == "0.999999999");
  CHECK(show(checked_sub(dec("-1"), dec("-1"))) == "0");
  CHECK(show(checked_add(kMax, dec("-1"))) == "170141183460469231731687303714.884105727");
  CHECK(show(checked_add(kMax, Decimal::from_raw(1))) == "nullopt");
  CHECK(show(checked_add(-kMax, Decimal::from_raw(-1))) == "nullopt");  // would be −2^127
  CHECK(show(checked_sub(-kMax, Decimal::from_raw(1))) == "nullopt");
  CHECK(show(checked_sub(kMax, -kMax)) == "nullopt");
  CHECK(show(checked_sub(kMax, kMax)) == "0");
}

TEST_CASE("checked_mul is exact then rounds half away from zero") {
  CHECK(show(checked_mul(dec("474.37"), dec("0.16"))) == "75.8992");
  CHECK(show(checked_mul(dec("0.20234"), dec("474.37"))) == "95.9840258");
  CHECK(show(checked_mul(dec("-2"), dec("3"))) == "-6");
  CHECK(show(checked_mul(dec("-2"), dec("-3"))) == "6");
  CHECK(show(checked_mul(dec("0"), dec("-3"))) == "0");
  CHECK(show(checked_mul(dec("0.000000001"), dec("0.5"))) == "0.000000001");
  CHECK(show(checked_mul(dec("-0.000000001"), dec("0.5"))) == "-0.000000001");
  CHECK(show(checked_mul(dec("0.000000001"), dec("0.499999999"))) == "0");
  CHECK(show(checked_mul(dec("0.000000003"), dec("-0.5"))) == "-0.000000002");
  CHECK(show(checked_mul(dec("1.000000001"), dec("1.000000001"))) == "1.000000002");
}

// Factors below 2^64 as raws (18446744073.709551616) take one 64-bit multiplication; above,
// the 256-bit product: the same exact arithmetic either side (expected values: Python's decimal,
// 80 digits, rounded half away from zero to 9 decimals).
TEST_CASE("checked_mul: the same on either side of 2^64 raws") {
  const std::string below = "18446744073.709551615";  // raw 2^64 - 1
  const std::string at = "18446744073.709551616";     // raw 2^64
  CHECK(show(checked_mul(dec(below), dec("2"))) == "36893488147.41910323");
  CHECK(show(checked_mul(dec(below), dec("1.5"))) == "27670116110.564327423");  // .5 up
  CHECK(show(checked_mul(dec(at), dec("1.5"))) == "27670116110.564327424");
  CHECK(show(checked_mul(dec("1.5"), dec(at))) == "27670116110.564327424");
  CHECK(show(checked_mul(dec("-" + below), dec("0.000000001"))) == "-18.446744074");
  CHECK(show(checked_mul(dec("1e10"), dec("1e9"))) == "10000000000000000000");  // quotient > 2^64
  CHECK(show(checked_mul(dec(below), dec(below))) == "340282366920938463426.481119284");
}

TEST_CASE("checked_mul keeps large products exact") {
  // 10^15 € by a rate of 10^3: the raw product (10^24 × 10^12) already needs 120 bits.
  CHECK(show(checked_mul(dec("1e15"), dec("1000"))) == "1000000000000000000");
  CHECK(show(checked_mul(dec("999999999999999.999999999"), dec("999.999999999"))) ==
        "999999999998999999.999999");  // exact: ...999.999999000000000001
  // The raw product 10^29 × 10^18 needs 157 bits, the result fits.
  CHECK(show(checked_mul(dec("1e20"), dec("1e9"))) == "100000000000000000000000000000");
  CHECK(show(checked_mul(dec("1e20"), dec("1e10"))) == "nullopt");
  CHECK(show(checked_mul(kMax, dec("1"))) == kMaxText);
  CHECK(show(checked_mul(kMax, dec("-1"))) == "-" + kMaxText);
  CHECK(show(checked_mul(kMax, dec("1.000000001"))) == "nullopt");
  CHECK(show(checked_mul(kMax, kMax)) == "nullopt");
  CHECK(show(checked_mul(kMax, dec("0.5"))) == "85070591730234615865843651857.942052864");
}

TEST_CASE("checked_mul agrees with repeated addition on large values") {
  // Large multiplicands take the 256-bit path; repeated addition is an independent reference.
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int round = 0; round < 200; ++round) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const Int128 raw =
        (Int128{static_cast<int64_t>(state >> 1)} << 60) + static_cast<Int128>(round);
    const Decimal value = Decimal::from_raw(round % 2 == 0 ? raw : -raw);
    const int factor = 1 + round % 7;
    std::optional<Decimal> sum = Decimal();
    for (int i = 0; i < factor && sum; ++i) sum = checked_add(*sum, value);
    CAPTURE(value);
    CAPTURE(factor);
    CHECK(show(checked_mul(value, Decimal::from_int(factor))) == show(sum));
  }
}

// Expected values computed exactly with arbitrary-precision integers, outside this code. Every raw
// product or scaled dividend here needs more than 128 bits; the first three products also carry
// out of the middle 64-bit column of the wide multiplication.
TEST_CASE("checked_mul and checked_div match exact references on the 256-bit path") {
  struct Case {
    std::string left;  // std::string rather than const char*, which doctest prints as a pointer
    std::string right;
    std::string expected;
  };
  const Case products[] = {
      {"4951760157141521099.596496895", "18446744073.709551615",
       "91343852333181432382778541869.179423555"},
      {"-4951760157141521099.596496895", "18446744073.709551615",
       "-91343852333181432382778541869.179423555"},
      {"4951760157141521099.596496895", "-18446744073.709551613",
       "-91343852333181432372875021554.896381356"},
      {"7636991722680055.49508554", "562949.953421311", "4299244134561674894669.85333467"},
      {"65541281693890.036891647", "516508834063.867445247",
       "33852650990762642099124301.655214075"},
      {"-5404896013596.898623487", "-5364314681.704045538", "28993563038821511823766.889319151"},
      {"129127208515.966861311", "-4728970417248033.233174527",
       "-610638749133825598311077413.739496097"},
      {"-1683864124726216346.011743141", "-9007199.254740991",
       "15166899689319066987684582.471302404"},
      {"23723107288993430.632258493", "-4415923083.280067218",
       "-104759417084595706825093475.798946536"},
      {"2101713530333538947.611104434", "140737.488355327", "295789883501549637229775.832584633"},
      {"-118483437185436.450029567", "-412815007.643033733", "48911741027278855329033.065008749"},
  };
  for (const Case& c : products) {
    CAPTURE(c.left);
    CAPTURE(c.right);
    CHECK(show(checked_mul(dec(c.left), dec(c.right))) == c.expected);
    CHECK(show(checked_mul(dec(c.right), dec(c.left))) == c.expected);
  }
  const Case quotients[] = {
      {"-15149976580229516374624.774980575", "2590722717125555215652938627.784678132",
       "-0.000005848"},
      {"-161263499396752714188721.256519408", "-24702332799.260037991", "6528270050737.207540608"},
      {"-5891672794105065872465869403.468009581", "-405339172.539325601",
       "14535167566449457021.772394993"},
      {"-417684571289093095509.849344515", "-62787468709714067213985854.710898751", "0.000006652"},
      {"-305863354166086477035038844.347052919", "9065707613766176477276.804103565",
       "-33738.497555517"},
      {"-111312895218063381487115390.837080465", "-20129500487724.836179154",
       "5529838919050.329148572"},
      {"-519187229028921753496.741652108", "85884645072485235125822100.621322138", "-0.000006045"},
      {"496118458045628477816.526755037", "0.003385109", "146559079204134483650755.929879067"},
      {"-37026195529830576665982943.632456258", "-3281673600.525041299",
       "11282717307384465.083506179"},
      {"237844404351687458163237.070406464", "-18041868109.061656119", "-13182914480581.332954874"},
  };
  for (const Case& c : quotients) {
    CAPTURE(c.left);
    CAPTURE(c.right);
    CHECK(show(checked_div(dec(c.left), dec(c.right))) == c.expected);
  }
}

TEST_CASE("checked_div rounds half away from zero") {
  CHECK(show(checked_div(dec("1"), dec("3"))) == "0.333333333");
  CHECK(show(checked_div(dec("2"), dec("3"))) == "0.666666667");
  CHECK(show(checked_div(dec("-2"), dec("3"))) == "-0.666666667");
  CHECK(show(checked_div(dec("2"), dec("-3"))) == "-0.666666667");
  CHECK(show(checked_div(dec("-2"), dec("-3"))) == "0.666666667");
  CHECK(show(checked_div(dec("1000"), dec("12"))) == "83.333333333");
  CHECK(show(checked_div(dec("10"), dec("4"))) == "2.5");
  CHECK(show(checked_div(dec("0.000000001"), dec("2"))) == "0.000000001");
  CHECK(show(checked_div(dec("-0.000000001"), dec("2"))) == "-0.000000001");
  CHECK(show(checked_div(dec("0.000000001"), dec("2.000000001"))) == "0");
  CHECK(show(checked_div(dec("0"), dec("7"))) == "0");
}

TEST_CASE("checked_div refuses division by zero and overflow") {
  CHECK(show(checked_div(dec("1"), dec("0"))) == "nullopt");
  CHECK(show(checked_div(dec("0"), dec("0"))) == "nullopt");
  CHECK(show(checked_div(dec("-1"), dec("-0"))) == "nullopt");
  // The scaled dividend 10^34 × 10^9 needs 143 bits, the quotient fits.
  CHECK(show(checked_div(dec("1e25"), dec("0.5"))) == "20000000000000000000000000");
  CHECK(show(checked_div(dec("1e20"), dec("0.000000001"))) == "100000000000000000000000000000");
  CHECK(show(checked_div(dec("1e21"), dec("0.000000001"))) == "nullopt");
  CHECK(show(checked_div(kMax, dec("0.5"))) == "nullopt");
  CHECK(show(checked_div(kMax, dec("1"))) == kMaxText);
  CHECK(show(checked_div(kMax, kMax)) == "1");
  CHECK(show(checked_div(dec("1.5e29"), dec("1.2e29"))) == "1.25");
  CHECK(show(checked_div(dec("1"), kMax)) == "0");
}

TEST_CASE("rounding to the cent") {
  const Decimal cent = dec("0.01");
  const Decimal product = *checked_mul(dec("0.20234"), dec("474.37"));
  CHECK(product.round_to(cent, Rounding::kNearest).to_string() == "95.98");
  CHECK(dec("2.345").round_to(cent, Rounding::kNearest).to_string() == "2.35");
  CHECK(dec("-2.345").round_to(cent, Rounding::kNearest).to_string() == "-2.35");
  CHECK(dec("2.3449").round_to(cent, Rounding::kNearest).to_string() == "2.34");
  CHECK(dec("-2.3449").round_to(cent, Rounding::kNearest).to_string() == "-2.34");
  CHECK(dec("2.349").round_to(cent, Rounding::kDown).to_string() == "2.34");
  CHECK(dec("-2.341").round_to(cent, Rounding::kDown).to_string() == "-2.35");
  CHECK(dec("2.341").round_to(cent, Rounding::kUp).to_string() == "2.35");
  CHECK(dec("-2.349").round_to(cent, Rounding::kUp).to_string() == "-2.34");
  CHECK(dec("2.34").round_to(cent, Rounding::kUp).to_string() == "2.34");
  CHECK(dec("-2.34").round_to(cent, Rounding::kDown).to_string() == "-2.34");
}

TEST_CASE("rounding halves goes away from zero, down and up go toward the infinities") {
  const Decimal euro = dec("1");
  CHECK(dec("2.5").round_to(euro, Rounding::kNearest).to_string() == "3");
  CHECK(dec("-2.5").round_to(euro, Rounding::kNearest).to_string() == "-3");
  CHECK(dec("-2.499999999").round_to(euro, Rounding::kNearest).to_string() == "-2");
  CHECK(dec("2.5").round_to(euro, Rounding::kDown).to_string() == "2");
  CHECK(dec("-2.5").round_to(euro, Rounding::kDown).to_string() == "-3");
  CHECK(dec("2.5").round_to(euro, Rounding::kUp).to_string() == "3");
  CHECK(dec("-2.5").round_to(euro, Rounding::kUp).to_string() == "-2");
  CHECK(dec("-0.4").round_to(euro, Rounding::kUp).to_string() == "0");  // not "-0"
}

TEST_CASE("rounding to ten euros and other steps") {
  const Decimal ten = dec("10");
  CHECK(dec("1234.5").round_to(ten, Rounding::kUp).to_string() == "1240");
  CHECK(dec("1230").round_to(ten, Rounding::kUp).to_string() == "1230");
  CHECK(dec("1230.000000001").round_to(ten, Rounding::kUp).to_string() == "1240");
  CHECK(dec("1234.99").round_to(ten, Rounding::kDown).to_string() == "1230");
  CHECK(dec("1235").round_to(ten, Rounding::kNearest).to_string() == "1240");
  CHECK(dec("1234.999").round_to(ten, Rounding::kNearest).to_string() == "1230");
  CHECK(dec("-1235").round_to(ten, Rounding::kNearest).to_string() == "-1240");
  CHECK(dec("0.123456").round_to(dec("0.0001"), Rounding::kNearest).to_string() == "0.1235");
  CHECK(dec("1.024").round_to(dec("0.05"), Rounding::kNearest).to_string() == "1");
  CHECK(dec("1.025").round_to(dec("0.05"), Rounding::kNearest).to_string() == "1.05");
}

TEST_CASE("truncate_to drops toward zero") {
  CHECK(dec("2.79").truncate_to(dec("0.1")).to_string() == "2.7");
  CHECK(dec("-2.79").truncate_to(dec("0.1")).to_string() == "-2.7");
  CHECK(dec("1239.99").truncate_to(dec("10")).to_string() == "1230");
  CHECK(dec("-0.5").truncate_to(dec("1")).to_string() == "0");
  CHECK(kMax.truncate_to(dec("1")).to_string() == "170141183460469231731687303715");
}

TEST_CASE("rounding with an invalid step or at the edge of the range") {
  CHECK(show(dec("2.5").checked_round_to(dec("0"), Rounding::kNearest)) == "nullopt");
  CHECK(show(dec("2.5").checked_round_to(dec("-1"), Rounding::kNearest)) == "nullopt");
  CHECK(dec("2.5").round_to(dec("0"), Rounding::kNearest).to_string() == "2.5");
  CHECK(dec("2.5").truncate_to(dec("-1")).to_string() == "2.5");
  CHECK(show(kMax.checked_round_to(dec("1"), Rounding::kUp)) == "nullopt");
  CHECK(show((-kMax).checked_round_to(dec("1"), Rounding::kDown)) == "nullopt");
  CHECK(show(kMax.checked_round_to(dec("1"), Rounding::kDown)) == "170141183460469231731687303715");
  // ...715.884 rounds to ...716, just above the largest value.
  CHECK(show(kMax.checked_round_to(dec("1"), Rounding::kNearest)) == "nullopt");
  CHECK(show((-kMax).checked_round_to(dec("1"), Rounding::kUp)) ==
        "-170141183460469231731687303715");
  CHECK(kMax.round_to(dec("1"), Rounding::kUp) == kMax);  // documented: unchanged
  CHECK(show(kMax.checked_round_to(dec("1e29"), Rounding::kNearest)) == "nullopt");
  CHECK(show(kMax.checked_round_to(dec("1e29"), Rounding::kDown)) ==
        "100000000000000000000000000000");
}

TEST_CASE("to_string is canonical") {
  CHECK(dec("12").to_string() == "12");
  CHECK(dec("12.50").to_string() == "12.5");
  CHECK(dec("-0.01").to_string() == "-0.01");
  CHECK(dec("0").to_string() == "0");
  CHECK(dec("0.000000001").to_string() == "0.000000001");
  CHECK(dec("-1000000").to_string() == "-1000000");
  CHECK(dec("10000000000000000000.5").to_string() == "10000000000000000000.5");
  CHECK(kMax.to_string() == kMaxText);
  CHECK((-kMax).to_string() == "-" + kMaxText);
}

TEST_CASE("to_fixed pads and rounds half away from zero") {
  CHECK(dec("12.5").to_fixed(2) == "12.50");
  CHECK(dec("2.345").to_fixed(2) == "2.35");
  CHECK(dec("-2.345").to_fixed(2) == "-2.35");
  CHECK(dec("9.995").to_fixed(2) == "10.00");
  CHECK(dec("-0.001").to_fixed(2) == "0.00");
  CHECK(dec("-0.005").to_fixed(2) == "-0.01");
  CHECK(dec("0").to_fixed(2) == "0.00");
  CHECK(dec("2.5").to_fixed(0) == "3");
  CHECK(dec("-2.5").to_fixed(0) == "-3");
  CHECK(dec("2.5").to_fixed(-3) == "3");
  CHECK(dec("1.123456789").to_fixed(9) == "1.123456789");
  CHECK(dec("1.5").to_fixed(11) == "1.50000000000");
  CHECK(kMax.to_fixed(0) == "170141183460469231731687303716");
}

TEST_CASE("to_french groups thousands with U+202F and uses a decimal comma") {
  const std::string narrow_space = "\xE2\x80\xAF";
  CHECK(dec("1234.5").to_french(2) == "1" + narrow_space + "234,50");
  CHECK(dec("1234.56").to_french(2) == "1\u202F234,56");
  CHECK(dec("1234567.891").to_french(2) == "1" + narrow_space + "234" + narrow_space + "567,89");
  CHECK(dec("-12").to_french(2) == "-12,00");
  CHECK(dec("999.999").to_french(2) == "1" + narrow_space + "000,00");
  CHECK(dec("100000").to_french(0) == "100" + narrow_space + "000");
  CHECK(dec("-1234").to_french(0) == "-1" + narrow_space + "234");
  CHECK(dec("-0.004").to_french(2) == "0,00");
  CHECK(dec("0.5").to_french(1) == "0,5");
}

TEST_CASE("to_double below 2^53 (a division) gives strtod's double") {
  // strtod of "<raw>e-9" rounds the exact value once: the reference, for raw values drawn at
  // random and around the limit of the shortcut.
  std::mt19937_64 random(20261205);
  std::vector<int64_t> raws = {1,
                               -1,
                               474370000000,
                               9007199254740991,
                               -9007199254740991,
                               9007199254740992,
                               9007199254740993,
                               -9007199254740993};
  for (int i = 0; i < 100000; ++i) {
    const auto r = static_cast<int64_t>(random() >> (11 + random() % 40));
    raws.push_back(i % 2 ? r : -r);
  }
  for (const int64_t raw : raws) {
    const double expected = std::strtod((std::to_string(raw) + "e-9").c_str(), nullptr);
    const double got = Decimal::from_raw(raw).to_double();
    if (std::memcmp(&expected, &got, sizeof got) != 0)
      FAIL_CHECK(raw << "e-9: " << got << " instead of " << expected);
  }
}

TEST_CASE("to_double gives the nearest double") {
  CHECK(dec("474.37").to_double() == 474.37);
  CHECK(dec("0.1").to_double() == 0.1);
  CHECK(dec("-2.5").to_double() == -2.5);
  CHECK(dec("0").to_double() == 0.0);
  CHECK(dec("0.000000001").to_double() == 1e-9);
  CHECK(dec("123456789.123456789").to_double() == 123456789.123456789);
  CHECK(kMax.to_double() == 170141183460469231731687303715.884105727);
  for (const double value : {123.456, 0.3, 1e-9, -75.8992, 1e20, 95.98}) {
    CAPTURE(value);
    CHECK(Decimal::from_double(value)->to_double() == value);
  }
}

TEST_CASE("to_int64_exact") {
  CHECK(dec("42").to_int64_exact() == std::optional<int64_t>(42));
  CHECK(dec("-42").to_int64_exact() == std::optional<int64_t>(-42));
  CHECK_FALSE(dec("42.5").to_int64_exact().has_value());
  CHECK_FALSE(dec("0.000000001").to_int64_exact().has_value());
  CHECK(dec("-9223372036854775808").to_int64_exact() == std::optional<int64_t>(INT64_MIN));
  CHECK(dec("9223372036854775807").to_int64_exact() == std::optional<int64_t>(INT64_MAX));
  CHECK_FALSE(dec("9223372036854775808").to_int64_exact().has_value());
  CHECK_FALSE(dec("-9223372036854775809").to_int64_exact().has_value());
}

TEST_CASE("comparisons, sign, abs and negation") {
  const Decimal small = dec("-1.5");
  const Decimal large = dec("2");
  CHECK(small < large);
  CHECK(small <= large);
  CHECK(large > small);
  CHECK(large >= small);
  CHECK(small != large);
  CHECK_FALSE(small == large);
  CHECK_FALSE(large < small);
  CHECK(dec("2.0") == large);
  CHECK(dec("2.0") <= large);
  CHECK(dec("2.0") >= large);
  CHECK(dec("0.000000001") > Decimal());
  CHECK(small.sign() == -1);
  CHECK(large.sign() == 1);
  CHECK(Decimal().sign() == 0);
  CHECK(small.abs().to_string() == "1.5");
  CHECK(large.abs().to_string() == "2");
  CHECK((-small).to_string() == "1.5");
  CHECK((-large).to_string() == "-2");
  CHECK((-Decimal()).to_string() == "0");
  CHECK((-kMax).abs() == kMax);
  CHECK_FALSE(small.is_zero());
}

// The products, quotients, roundings and texts go through divisions by small divisors (below
// 2^32) done 32 bits at a time. Checked here against the same arithmetic written with the
// compiler's own 128-bit division, on values whose intermediate results fit in 127 bits.
TEST_SUITE("decimal: small-divisor paths against 128-bit division") {
  using mesaides::UInt128;

  // A deterministic generator (xorshift) and magnitudes from tiny to ~10^20 (raw ~10^29).
  struct Random {
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    uint64_t next() {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state;
    }
    Int128 raw(int max_digits) {
      const int digits = static_cast<int>(next() % static_cast<uint64_t>(max_digits)) + 1;
      Int128 value = 0;
      for (int i = 0; i < digits; ++i) value = value * 10 + static_cast<Int128>(next() % 10);
      return next() % 3 == 0 ? -value : value;
    }
  };
  UInt128 magnitude(Int128 v) { return v < 0 ? static_cast<UInt128>(-v) : static_cast<UInt128>(v); }
  Int128 signed_of(UInt128 m, bool negative) {
    return negative ? -static_cast<Int128>(m) : static_cast<Int128>(m);
  }
  // n ÷ d rounded half up (n, d > 0).
  UInt128 half_up(UInt128 n, UInt128 d) {
    UInt128 q = n / d, r = n % d;
    return r >= d - r ? q + 1 : q;
  }

  TEST_CASE("products: raw(a) × raw(b) / 10^9, half away from zero") {
    Random random;
    for (int i = 0; i < 20000; ++i) {
      const Int128 a = random.raw(19), b = random.raw(18);  // product < 10^37 < 2^127
      const UInt128 expected = half_up(magnitude(a) * magnitude(b), 1000000000);
      auto product = checked_mul(Decimal::from_raw(a), Decimal::from_raw(b));
      REQUIRE(product.has_value());
      CHECK(product->raw() == signed_of(expected, (a < 0) != (b < 0)));
    }
  }

  TEST_CASE("quotients: raw(a) × 10^9 / raw(b), whole divisors included") {
    Random random;
    for (int i = 0; i < 20000; ++i) {
      const Int128 a = random.raw(27);  // × 10^9 < 10^36
      Int128 b = random.raw(14);
      if (i % 2 == 0) b = (b % 100000) * 1000000000;  // a whole divisor: 12, 3, 40 000…
      if (b == 0) continue;
      const UInt128 expected = half_up(magnitude(a) * 1000000000, magnitude(b));
      auto quotient = checked_div(Decimal::from_raw(a), Decimal::from_raw(b));
      REQUIRE(quotient.has_value());
      CHECK(quotient->raw() == signed_of(expected, (a < 0) != (b < 0)));
    }
  }

  TEST_CASE("rounding to a step, and text") {
    Random random;
    const Int128 steps[] = {10000000, 1000000000, 10000000000, 5000000, 1};  // 0.01, 1, 10, 0.005
    for (int i = 0; i < 20000; ++i) {
      const Int128 a = random.raw(30);
      const Int128 step = steps[i % 5];
      const Int128 q = a / step, r = a % step;  // toward zero
      const Int128 rm = r < 0 ? -r : r;
      Int128 nearest = q, down = q, up = q;
      if (r != 0) {
        if (rm >= step - rm) nearest += a < 0 ? -1 : 1;
        if (r < 0) down -= 1;
        if (r > 0) up += 1;
      }
      const Decimal value = Decimal::from_raw(a), s = Decimal::from_raw(step);
      CHECK(value.checked_round_to(s, Rounding::kNearest)->raw() == nearest * step);
      CHECK(value.checked_round_to(s, Rounding::kDown)->raw() == down * step);
      CHECK(value.checked_round_to(s, Rounding::kUp)->raw() == up * step);
      // The text read back is the same number.
      CHECK(Decimal::parse(value.to_string())->raw() == a);
    }
  }
}
