// Unit tests of core/date: validation, text, calendar arithmetic, and ages with the 29 February
// rule of the module (the last day of the month stands in for a missing day).
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "date.h"

namespace doctest {
template <>
struct StringMaker<mesaides::Date> {
  static String convert(const mesaides::Date& date) { return date.to_string().c_str(); }
};
}  // namespace doctest

namespace {

using mesaides::Date;
using mesaides::days_in_month;
using mesaides::full_months_between;
using mesaides::full_years_between;
using mesaides::is_leap_year;

Date date(const std::string& text) {
  const std::optional<Date> parsed = Date::parse(text);
  REQUIRE_MESSAGE(parsed.has_value(), "test date does not parse: ", text);
  return *parsed;
}

}  // namespace

TEST_CASE("day counts are anchored at 1970-01-01") {
  CHECK(Date::from_ymd(1970, 1, 1)->days_since_epoch == 0);
  CHECK(Date::from_ymd(1969, 12, 31)->days_since_epoch == -1);
  CHECK(Date::from_ymd(2000, 1, 1)->days_since_epoch == 10957);
  CHECK(Date::from_ymd(2000, 3, 1)->days_since_epoch == 11017);
  CHECK(Date::from_ymd(1900, 1, 1)->days_since_epoch == -25567);
  CHECK(Date::from_ymd(1, 1, 1)->days_since_epoch == -719162);
  CHECK(Date{0}.to_string() == "1970-01-01");
  CHECK(Date{-1}.to_string() == "1969-12-31");
  CHECK(Date{19723}.to_string() == "2024-01-01");
}

TEST_CASE("to_string writes four-digit years, and a date beyond the calendar's years as it is") {
  CHECK(Date::from_ymd(2026, 6, 30)->to_string() == "2026-06-30");
  CHECK(Date::from_ymd(987, 10, 9)->to_string() == "0987-10-09");
  // Day -719528 is 0000-01-01 (366 days before 0001-01-01); the day before is in year -1.
  CHECK(Date{-719528}.to_string() == "0000-01-01");
  CHECK(Date{-719529}.to_string() == "-001-12-31");
  CHECK(Date{2932897}.to_string() == "10000-01-01");
}

TEST_CASE("leap years follow the Gregorian rule") {
  CHECK(is_leap_year(2024));
  CHECK(is_leap_year(2000));
  CHECK(is_leap_year(2400));
  CHECK_FALSE(is_leap_year(2023));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2100));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2023, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2026, 4) == 30);
  CHECK(days_in_month(2026, 12) == 31);
  CHECK(days_in_month(2026, 13) == 0);
  CHECK(days_in_month(2026, 0) == 0);
  CHECK(Date::from_ymd(2024, 2, 29).has_value());
  CHECK(Date::from_ymd(2000, 2, 29).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 2, 29).has_value());
  CHECK_FALSE(Date::from_ymd(1900, 2, 29).has_value());
}

TEST_CASE("from_ymd validates every field") {
  CHECK_FALSE(Date::from_ymd(2024, 2, 30).has_value());
  CHECK_FALSE(Date::from_ymd(2024, 4, 31).has_value());
  CHECK_FALSE(Date::from_ymd(2024, 0, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2024, 13, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2024, 1, 0).has_value());
  CHECK_FALSE(Date::from_ymd(2024, 1, 32).has_value());
  CHECK_FALSE(Date::from_ymd(0, 1, 1).has_value());
  CHECK_FALSE(Date::from_ymd(10000, 1, 1).has_value());
  CHECK(Date::from_ymd(9999, 12, 31)->to_string() == "9999-12-31");
  CHECK(Date::from_ymd(1, 1, 1)->to_string() == "0001-01-01");
}

TEST_CASE("parse reads exactly YYYY-MM-DD") {
  const Date leap_day = date("2024-02-29");
  CHECK(leap_day.year() == 2024);
  CHECK(leap_day.month() == 2);
  CHECK(leap_day.day() == 29);
  CHECK(leap_day == *Date::from_ymd(2024, 2, 29));
  for (const std::string text :
       {"", "2024-2-29", "2024-02-9", "2024-02-29 ", " 2024-02-29", "2024/02/29", "20240229",
        "2023-02-29", "+024-02-29", "2024-02-2x", "2024-00-10", "2024-13-10", "0000-01-01",
        "2024-02-00", "24-02-29", "2024-02-290"}) {
    CAPTURE(text);
    CHECK_FALSE(Date::parse(text).has_value());
  }
}

TEST_CASE("every day from 0001 to 9999 converts both ways and follows the previous one") {
  // An independent calendar walk: each successor is computed from day/month/year alone.
  int year = 1, month = 1, day = 1;
  Date current = *Date::from_ymd(1, 1, 1);
  int failures = 0;
  while (year <= 9999 && failures < 5) {
    const mesaides::YearMonthDay parts = current.ymd();
    if (parts.year != year || parts.month != month || parts.day != day) {
      ++failures;
      FAIL_CHECK("day ", current.days_since_epoch, " is ", current.to_string(), ", expected ", year,
                 "-", month, "-", day);
    }
    if (year >= 1800 && year <= 2200) {  // the text round trip is slower: the range that matters
      const std::optional<Date> reparsed = Date::parse(current.to_string());
      if (!reparsed || *reparsed != current) {
        ++failures;
        FAIL_CHECK("text round trip fails for ", current.to_string());
      }
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int lengths[12] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (++day > lengths[month - 1]) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
    current = current.add_days(1);
  }
  CHECK(failures == 0);
  CHECK(current.to_string() == "10000-01-01");
}

TEST_CASE("add_days crosses months and years both ways") {
  CHECK(date("2023-12-31").add_days(1) == date("2024-01-01"));
  CHECK(date("2024-02-28").add_days(1) == date("2024-02-29"));
  CHECK(date("2023-02-28").add_days(1) == date("2023-03-01"));
  CHECK(date("2024-03-01").add_days(-1) == date("2024-02-29"));
  CHECK(date("2024-01-01").add_days(366) == date("2025-01-01"));
  CHECK(date("1970-01-01").add_days(-365) == date("1969-01-01"));
}

TEST_CASE("add_months clamps to the end of the month") {
  CHECK(date("2024-01-31").add_months(1) == date("2024-02-29"));
  CHECK(date("2023-01-31").add_months(1) == date("2023-02-28"));
  CHECK(date("2024-03-31").add_months(-1) == date("2024-02-29"));
  CHECK(date("2024-05-31").add_months(1) == date("2024-06-30"));
  CHECK(date("2026-01-15").add_months(-1) == date("2025-12-15"));
  CHECK(date("2026-01-15").add_months(-13) == date("2024-12-15"));
  CHECK(date("2024-11-30").add_months(25) == date("2026-12-30"));
  CHECK(date("2024-01-31").add_months(0) == date("2024-01-31"));
  // Not associative, as documented.
  CHECK(date("2024-01-31").add_months(1).add_months(1) == date("2024-03-29"));
  CHECK(date("2024-01-31").add_months(2) == date("2024-03-31"));
}

TEST_CASE("add_years turns 29 February into 28 February in non-leap years") {
  CHECK(date("2024-02-29").add_years(1) == date("2025-02-28"));
  CHECK(date("2024-02-29").add_years(4) == date("2028-02-29"));
  CHECK(date("2024-02-29").add_years(-1) == date("2023-02-28"));
  CHECK(date("2024-02-29").add_years(76) == date("2100-02-28"));
  CHECK(date("2024-03-01").add_years(-24) == date("2000-03-01"));
}

TEST_CASE("full_years_between counts completed years") {
  const Date birth = date("2000-03-01");
  CHECK(full_years_between(birth, date("2026-02-28")) == 25);
  CHECK(full_years_between(birth, date("2026-03-01")) == 26);
  CHECK(full_years_between(birth, date("2026-12-31")) == 26);
  CHECK(full_years_between(birth, birth) == 0);
  CHECK(full_years_between(birth, date("2001-02-28")) == 0);
  CHECK(full_years_between(date("1999-12-31"), date("2000-01-01")) == 0);
}

TEST_CASE("full_years_between is negative and antisymmetric when to < from") {
  const Date birth = date("2000-03-01");
  CHECK(full_years_between(date("2026-03-01"), birth) == -26);
  CHECK(full_years_between(date("2026-02-28"), birth) == -25);
  CHECK(full_years_between(date("2000-02-28"), birth) == 0);
  CHECK(full_months_between(date("2000-04-01"), birth) == -1);
  CHECK(full_months_between(date("2000-03-31"), birth) == 0);
}

TEST_CASE("someone born on 29 February completes a year on 28 February in non-leap years") {
  const Date birth = date("2004-02-29");
  CHECK(full_years_between(birth, date("2005-02-27")) == 0);
  CHECK(full_years_between(birth, date("2005-02-28")) == 1);
  CHECK(full_years_between(birth, date("2005-03-01")) == 1);
  CHECK(full_years_between(birth, date("2008-02-28")) == 3);  // 2008 has a 29 February
  CHECK(full_years_between(birth, date("2008-02-29")) == 4);
  CHECK(full_years_between(birth, date("2022-02-28")) == 18);
  CHECK(full_years_between(birth, date("2022-02-27")) == 17);
  // And someone born on 28 February is not older on 29 February than on 28 February.
  CHECK(full_years_between(date("2003-02-28"), date("2004-02-28")) == 1);
  CHECK(full_years_between(date("2003-03-01"), date("2004-02-29")) == 0);
}

TEST_CASE("full_months_between counts completed months with the same clamping") {
  const Date end_of_january = date("2024-01-31");
  CHECK(full_months_between(end_of_january, date("2024-02-28")) == 0);
  CHECK(full_months_between(end_of_january, date("2024-02-29")) == 1);
  CHECK(full_months_between(end_of_january, date("2024-03-30")) == 1);
  CHECK(full_months_between(end_of_january, date("2024-03-31")) == 2);
  CHECK(full_months_between(date("2023-01-31"), date("2023-02-28")) == 1);
  CHECK(full_months_between(date("2025-12-15"), date("2026-01-14")) == 0);
  CHECK(full_months_between(date("2025-12-15"), date("2026-01-15")) == 1);
  CHECK(full_months_between(date("2004-02-29"), date("2005-02-28")) == 12);
  CHECK(full_months_between(date("2000-03-01"), date("2026-02-28")) == 311);
}

TEST_CASE("ages match their definition for many pairs of dates") {
  // full_years_between(a, b) = n  ⇔  a + n years ≤ b < a + (n + 1) years, and months likewise.
  uint32_t state = 12345;
  const auto next_date = [&state]() {
    state = state * 1103515245u + 12345u;
    return Date{static_cast<int32_t>(state % 80000u) - 20000};  // 1915..2134
  };
  for (int i = 0; i < 2000; ++i) {
    Date from = next_date();
    Date to = next_date();
    if (to < from) std::swap(from, to);
    const int years = full_years_between(from, to);
    const int months = full_months_between(from, to);
    CAPTURE(from);
    CAPTURE(to);
    CHECK(from.add_years(years) <= to);
    CHECK(from.add_years(years + 1) > to);
    CHECK(from.add_months(months) <= to);
    CHECK(from.add_months(months + 1) > to);
    CHECK(years == months / 12);
    CHECK(full_years_between(to, from) == -years);
  }
}
