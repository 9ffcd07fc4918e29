// Unit tests of core/period: every OpenFisca text form accepted or rejected (with its reason),
// canonical text, period arithmetic, containment, ordering and hash keys.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "period.h"

namespace doctest {
template <>
struct StringMaker<mesaides::Period> {
  static String convert(const mesaides::Period& period) { return period.to_string().c_str(); }
};
}  // namespace doctest

namespace {

using mesaides::Date;
using mesaides::Period;
using mesaides::PeriodUnit;

Period period(const std::string& text) {
  const mesaides::PeriodParseResult parsed = Period::parse_with_reason(text);
  REQUIRE_MESSAGE(parsed.period.has_value(), "test period does not parse: ", text, " (",
                  parsed.reason, ")");
  return *parsed.period;
}

std::string reason(const std::string& text) {
  const mesaides::PeriodParseResult parsed = Period::parse_with_reason(text);
  if (parsed.period) return "accepted as " + parsed.period->to_string();
  return parsed.reason;
}

std::string start_of(const Period& value) { return value.start.to_string(); }

std::vector<std::string> texts(const std::vector<Period>& periods) {
  std::vector<std::string> result;
  for (const Period& value : periods) result.push_back(value.to_string());
  return result;
}

const std::string kExpected =
    "expected YYYY, YYYY-MM, ETERNITY, month:YYYY-MM[:N] or year:YYYY[-MM][:N]";

}  // namespace

TEST_CASE("a month: 2026-01") {
  const Period january = period("2026-01");
  CHECK(january.unit == PeriodUnit::kMonth);
  CHECK(start_of(january) == "2026-01-01");
  CHECK(january.size == 1);
  CHECK(january.to_string() == "2026-01");
  CHECK(january == Period::month(2026, 1));
}

TEST_CASE("a calendar year: 2026") {
  const Period year = period("2026");
  CHECK(year.unit == PeriodUnit::kYear);
  CHECK(start_of(year) == "2026-01-01");
  CHECK(year.size == 1);
  CHECK(year.to_string() == "2026");
  CHECK(year == Period::year(2026));
}

TEST_CASE("eternity in both spellings") {
  CHECK(period("ETERNITY") == Period::eternity());
  CHECK(period("eternity") == Period::eternity());
  CHECK(Period::eternity().unit == PeriodUnit::kEternity);
  CHECK(Period::eternity().size == 0);
  CHECK(period("eternity").to_string() == "ETERNITY");
}

TEST_CASE("explicit unit forms") {
  const Period quarter = period("month:2026-01:3");
  CHECK(quarter.unit == PeriodUnit::kMonth);
  CHECK(start_of(quarter) == "2026-01-01");
  CHECK(quarter.size == 3);
  CHECK(quarter.to_string() == "month:2026-01:3");

  CHECK(period("month:2026-01") == Period::month(2026, 1));
  CHECK(period("month:2026-01:1").to_string() == "2026-01");
  CHECK(period("year:2026") == Period::year(2026));
  CHECK(period("year:2026-01").to_string() == "2026");
  CHECK(period("year:2026:1").to_string() == "2026");

  const Period rolling = period("year:2026-05");
  CHECK(rolling.unit == PeriodUnit::kYear);
  CHECK(start_of(rolling) == "2026-05-01");
  CHECK(rolling.size == 1);
  CHECK(rolling.to_string() == "year:2026-05");

  const Period two_years = period("year:2026:2");
  CHECK(two_years.unit == PeriodUnit::kYear);
  CHECK(start_of(two_years) == "2026-01-01");
  CHECK(two_years.size == 2);
  CHECK(two_years.to_string() == "year:2026:2");

  CHECK(period("year:2026-05:2").to_string() == "year:2026-05:2");
  CHECK(period("month:2026-01:03").size == 3);
  CHECK(period("9999-12").to_string() == "9999-12");
  CHECK(period("month:9999-01:12").to_string() == "month:9999-01:12");
  CHECK(period("0001").to_string() == "0001");
}

TEST_CASE("to_string reads back to the same period") {
  for (const std::string text : {"2026-01", "2026", "ETERNITY", "month:2026-01:3", "year:2026-05",
                                 "year:2026:2", "year:2026-05:2", "1969-12", "month:1999-12:24"}) {
    CAPTURE(text);
    const Period parsed = period(text);
    CHECK(parsed.to_string() == text);
    CHECK(period(parsed.to_string()) == parsed);
  }
}

TEST_CASE("rejected forms say why") {
  CHECK(reason("2026-01-15") == "periods of days are not supported; " + kExpected);
  CHECK(reason("month:2026-01-15") == "periods of days are not supported; " + kExpected);
  CHECK(reason("2026-13") == "month 13 does not exist");
  CHECK(reason("2026-00") == "month 0 does not exist");
  CHECK(reason("month:2026-13:2") == "month 13 does not exist");
  CHECK(reason("year:2026-13") == "month 13 does not exist");
  CHECK(reason("0000") == "year 0 does not exist (years run from 1)");
  CHECK(reason("0000-05") == "year 0 does not exist (years run from 1)");
  CHECK(reason("month:2026") == "a month period needs its start month: month:YYYY-MM[:N]");
  CHECK(reason("month:2026-01:0") ==
        "the size must be a whole number of units from 1 upward, got '0'");
  CHECK(reason("month:2026-01:-1") ==
        "the size must be a whole number of units from 1 upward, got '-1'");
  CHECK(reason("month:2026-01:") ==
        "the size must be a whole number of units from 1 upward, got ''");
  CHECK(reason("year:2026:x") == "the size must be a whole number of units from 1 upward, got 'x'");
  CHECK(reason("month:2026-01:3:1") ==
        "the size must be a whole number of units from 1 upward, got '3:1'");
  CHECK(reason("day:2026-01-01") == "periods of unit 'day' are not supported; use month or year");
  CHECK(reason("week:2026-01") == "periods of unit 'week' are not supported; use month or year");
  CHECK(reason("year:9999:2") == "the period ends after year 9999");
  CHECK(reason("month:9999-12:2") == "the period ends after year 9999");
  CHECK(reason("month:2026-01:9999999999") ==
        "the size must be a whole number of units from 1 upward, got '9999999999'");
  CHECK(reason("month:2026-01:999999999") == "the period ends after year 9999");
}

TEST_CASE("garbage is rejected with the list of accepted forms") {
  for (const std::string text :
       {"",      "abc",        "2026-1",     "202601",  "26",       "20260",        " 2026",
        "2026 ", "Eternity",   "ETERNITY:1", "2026:",   ":2026",    "quarter:2026", "MONTH:2026-01",
        "year:", "month:",     "year:26",    "2026/01", "2026-01-", "2026-1-15",    "+2026",
        "-2026", "2026-02-30", "year:2026-5"}) {
    CAPTURE(text);
    CHECK(reason(text) == kExpected);
    CHECK_FALSE(Period::parse(text).has_value());
  }
}

TEST_CASE("constructors carry months into the year") {
  CHECK(Period::month(2026, 13) == period("2027-01"));
  CHECK(Period::month(2026, 0) == period("2025-12"));
  CHECK(Period::month(2026, -11) == period("2025-01"));
  CHECK(Period::year(1969).to_string() == "1969");
}

TEST_CASE("end is the last day") {
  CHECK(period("2024-02").end().to_string() == "2024-02-29");
  CHECK(period("2023-02").end().to_string() == "2023-02-28");
  CHECK(period("2026").end().to_string() == "2026-12-31");
  CHECK(period("year:2026-05").end().to_string() == "2027-04-30");
  CHECK(period("month:2026-11:3").end().to_string() == "2027-01-31");
  CHECK(period("year:2026:2").end().to_string() == "2027-12-31");
  CHECK(Period::eternity().end() > period("9999").end());
}

TEST_CASE("offset shifts by the period's own unit and keeps its size") {
  CHECK(period("2026-01").offset(-1) == period("2025-12"));
  CHECK(period("2026-12").offset(1) == period("2027-01"));
  CHECK(period("2026-03").offset(-15) == period("2024-12"));
  CHECK(period("month:2026-11:3").offset(2) == period("month:2027-01:3"));
  CHECK(period("year:2026-05").offset(-1) == period("year:2025-05"));
  CHECK(period("2026").offset(3) == period("2029"));
  CHECK(period("year:2026:2").offset(1) == period("year:2027:2"));
  CHECK(period("2026-01").offset(0) == period("2026-01"));
  CHECK(Period::eternity().offset(5) == Period::eternity());
}

TEST_CASE("first_month and calendar_year") {
  CHECK(period("2026").first_month() == period("2026-01"));
  CHECK(period("year:2026-05").first_month() == period("2026-05"));
  CHECK(period("month:2026-03:4").first_month() == period("2026-03"));
  CHECK(period("year:2026-05").calendar_year() == period("2026"));
  CHECK(period("2026-07").calendar_year() == period("2026"));
  CHECK(period("month:2026-11:3").calendar_year() == period("2026"));
  CHECK(Period::eternity().first_month() == Period::eternity());
  CHECK(Period::eternity().calendar_year() == Period::eternity());
}

TEST_CASE("month_count and months") {
  CHECK(period("2026-01").month_count() == 1);
  CHECK(period("month:2026-01:3").month_count() == 3);
  CHECK(period("2026").month_count() == 12);
  CHECK(period("year:2026:2").month_count() == 24);
  CHECK(Period::eternity().month_count() == 0);

  const std::vector<Period> rolling = period("year:2026-05").months();
  REQUIRE(rolling.size() == 12);
  CHECK(rolling.front() == period("2026-05"));
  CHECK(rolling[7] == period("2026-12"));
  CHECK(rolling[8] == period("2027-01"));
  CHECK(rolling.back() == period("2027-04"));
  for (const Period& month : rolling) CHECK(month.is_single_month());

  CHECK(texts(period("month:2026-11:3").months()) ==
        std::vector<std::string>{"2026-11", "2026-12", "2027-01"});
  CHECK(texts(period("2026-02").months()) == std::vector<std::string>{"2026-02"});
  CHECK(Period::eternity().months().empty());
}

TEST_CASE("contains") {
  CHECK(period("2026").contains(period("2026-05")));
  CHECK(period("2026").contains(period("2026-12")));
  CHECK_FALSE(period("2026").contains(period("2027-01")));
  CHECK_FALSE(period("2026-05").contains(period("2026")));
  CHECK(period("2026").contains(period("2026")));
  CHECK(period("year:2026-05").contains(period("2027-04")));
  CHECK_FALSE(period("year:2026-05").contains(period("2027-05")));
  CHECK_FALSE(period("year:2026-05").contains(period("2026-04")));
  CHECK_FALSE(period("year:2026-05").contains(period("2026")));
  CHECK(period("month:2026-11:3").contains(period("month:2026-12:2")));
  CHECK_FALSE(period("month:2026-11:3").contains(period("month:2026-12:3")));
  CHECK(period("year:2026:2").contains(period("2027-03")));
  CHECK_FALSE(period("year:2026:2").contains(period("2028-01")));
  CHECK(Period::eternity().contains(period("2026")));
  CHECK(Period::eternity().contains(Period::eternity()));
  CHECK_FALSE(period("2026").contains(Period::eternity()));
}

TEST_CASE("is_single_month and is_calendar_year") {
  CHECK(period("2026-01").is_single_month());
  CHECK_FALSE(period("month:2026-01:2").is_single_month());
  CHECK_FALSE(period("2026").is_single_month());
  CHECK_FALSE(Period::eternity().is_single_month());
  CHECK(period("2026").is_calendar_year());
  CHECK(period("year:2026-01").is_calendar_year());
  CHECK_FALSE(period("year:2026-05").is_calendar_year());
  CHECK_FALSE(period("year:2026:2").is_calendar_year());
  CHECK_FALSE(period("month:2026-01:12").is_calendar_year());
  CHECK_FALSE(Period::eternity().is_calendar_year());
}

// A varied set: months, multi-month, calendar, rolling and multi-year periods, before and after
// 1970 (negative day counts), and eternity.
std::vector<Period> sample_periods() {
  std::vector<Period> result{Period::eternity()};
  for (int year = 1965; year <= 1975; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int size = 1; size <= 3; ++size) {
        result.push_back(
            period("month:" + Period::month(year, month).to_string() + ":" + std::to_string(size)));
        result.push_back(
            period("year:" + Period::month(year, month).to_string() + ":" + std::to_string(size)));
      }
    }
  }
  result.push_back(period("month:0001-01:119988"));  // up to 9999-12, the largest size
  return result;
}

TEST_CASE("equality and ordering") {
  CHECK(period("2026-01") != period("2026-02"));
  CHECK(period("2026-01") != period("month:2026-01:2"));
  CHECK(period("2026") != period("month:2026-01:12"));
  CHECK(period("2026-01") < period("2026-02"));
  CHECK(period("month:2026-01:2") < period("month:2026-01:3"));
  CHECK_FALSE(period("2026-02") < period("2026-01"));
  CHECK_FALSE(period("2026-01") < period("2026-01"));

  const std::vector<Period> periods = sample_periods();
  // Strict weak ordering whose equivalence is equality; checked on a subset to stay quick.
  for (size_t i = 0; i < periods.size(); i += 7) {
    for (size_t j = 0; j < periods.size(); j += 5) {
      const Period& a = periods[i];
      const Period& b = periods[j];
      CAPTURE(a);
      CAPTURE(b);
      CHECK_FALSE((a < b && b < a));
      CHECK((!(a < b) && !(b < a)) == (a == b));
    }
  }
  std::vector<Period> sorted = periods;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end(), [](const Period& a, const Period& b) {
          return !(a < b);
        }) == sorted.end());
}

TEST_CASE("key is injective") {
  const std::vector<Period> periods = sample_periods();
  std::set<uint64_t> keys;
  for (const Period& value : periods) keys.insert(value.key());
  CHECK(keys.size() == periods.size());
  CHECK(period("2026-01").key() == Period::month(2026, 1).key());
  CHECK(period("2026").key() != period("month:2026-01:12").key());
  CHECK(period("1969-12").key() != period("month:1969-12:2").key());
}
