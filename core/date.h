// Civil dates of the proleptic Gregorian calendar, and the calendar arithmetic of the law: adding
// months and years, and counting completed years and months (ages).
//
// A Date is a day count from 1970-01-01. Valid dates are created for years 0001..9999 (the range
// that YYYY-MM-DD can write); arithmetic works on any date whose day count fits int32_t.
//
// Month ends and 29 February follow one rule everywhere: when the target month has no day with the
// same number, the last day of that month is used. This is the French rule for time limits in
// months or years (code de procédure civile, art. 641: "à défaut d'un quantième identique, le délai
// expire le dernier jour du mois"):
//   2024-01-31 + 1 month = 2024-02-29;   2024-02-29 + 1 year = 2025-02-28;
//   someone born on 2004-02-29 completes a year of age on 28 February in non-leap years.
// full_years_between(from, to) is therefore the largest n with from.add_years(n) <= to, and
// full_months_between the largest n with from.add_months(n) <= to.
//
// Errors are reported with std::nullopt, never exceptions: from_ymd rejects a year outside
// 1..9999, a month outside 1..12 and a day that the month does not have (2023-02-29); parse also
// rejects anything that is not exactly YYYY-MM-DD.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mesaides {

struct YearMonthDay {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

bool is_leap_year(int year);
// Number of days of `month` in `year`: 28..31, or 0 if the month is not in 1..12.
int days_in_month(int year, int month);

struct Date {
  int32_t days_since_epoch = 0;  // 1970-01-01 is 0, 1969-12-31 is -1

  static constexpr int kMinYear = 1;
  static constexpr int kMaxYear = 9999;

  // nullopt unless kMinYear <= year <= kMaxYear, 1 <= month <= 12 and the day exists.
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Exactly "YYYY-MM-DD" (ten characters, no sign, no whitespace), validated as from_ymd.
  static std::optional<Date> parse(std::string_view text);
  // The first day of a month. A month outside 1..12 carries into the year, so (2026, 13) is
  // 2027-01-01 and (2026, 0) is 2025-12-01; the year is not range-checked.
  static Date first_of_month(int year, int month);

  YearMonthDay ymd() const;  // one conversion, when more than one field is needed
  int year() const;
  int month() const;
  int day() const;

  // "YYYY-MM-DD"; parse() reads it back for years 0001..9999.
  std::string to_string() const;

  // The caller keeps results within int32_t days (about ±5.8 million years).
  Date add_days(int days) const;
  // Same day number `months` months later (or earlier if negative), clamped to the end of the
  // target month. Not associative: (01-31 + 1) + 1 = 03-29, whereas 01-31 + 2 = 03-31.
  Date add_months(int months) const;
  // add_months(12 × years): 29 February becomes 28 February in a non-leap year.
  Date add_years(int years) const;
};

// Appends `value` in decimal with at least `width` characters, zeros after its sign, as printf's
// "%0*d".
void append_zero_padded(std::string& out, int value, int width);

constexpr bool operator==(Date a, Date b) { return a.days_since_epoch == b.days_since_epoch; }
constexpr bool operator!=(Date a, Date b) { return a.days_since_epoch != b.days_since_epoch; }
constexpr bool operator<(Date a, Date b) { return a.days_since_epoch < b.days_since_epoch; }
constexpr bool operator<=(Date a, Date b) { return a.days_since_epoch <= b.days_since_epoch; }
constexpr bool operator>(Date a, Date b) { return a.days_since_epoch > b.days_since_epoch; }
constexpr bool operator>=(Date a, Date b) { return a.days_since_epoch >= b.days_since_epoch; }

// Completed years from `from` to `to` (the age on `to` of someone born on `from`): the largest n
// with from.add_years(n) <= to. If to < from the result is -full_years_between(to, from), so the
// count always starts from the earlier date and the function is antisymmetric.
int full_years_between(Date from, Date to);
// Completed months, with the same conventions: the largest n with from.add_months(n) <= to, and
// -full_months_between(to, from) if to < from.
int full_months_between(Date from, Date to);

}  // namespace mesaides
