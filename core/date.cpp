// Civil dates (see date.h).
//
// Conversions count days from 0001-01-01 with the Gregorian leap rule applied backwards
// (proleptic), then shift to the 1970 epoch. Intermediates are int64_t so that every int32_t day
// count converts without overflow.
#include "date.h"

#include <algorithm>

namespace mesaides {

namespace {

// Division and remainder rounding toward −infinity, so that negative years and months behave like
// positive ones (floor_divide(-1, 12) is -1, floor_modulo(-1, 12) is 11). A date's numbers (days,
// years, months counted from year 0) are non-negative and fit 32 bits: divided so. In
// WebAssembly a 64-bit division, even by a constant, is a division instruction (there is no
// 128-bit product to multiply by the inverse with), some forty cycles; a 32-bit one by a constant
// is a multiplication.
constexpr int64_t floor_divide(int64_t numerator, int64_t denominator) {
  if (numerator >= 0 && numerator <= INT32_MAX && denominator > 0 && denominator <= INT32_MAX) {
    return static_cast<uint32_t>(numerator) / static_cast<uint32_t>(denominator);
  }
  const int64_t quotient = numerator / denominator;
  return (numerator % denominator != 0 && (numerator < 0) != (denominator < 0)) ? quotient - 1
                                                                                : quotient;
}

constexpr int64_t floor_modulo(int64_t numerator, int64_t denominator) {
  return numerator - floor_divide(numerator, denominator) * denominator;
}

bool is_leap(int64_t year) {
  return floor_modulo(year, 4) == 0 &&
         (floor_modulo(year, 100) != 0 || floor_modulo(year, 400) == 0);
}

int month_length(int64_t year, int month) {
  static constexpr int kLengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kLengths[month - 1];
}

// Days from 0001-01-01 to `year`-01-01 (negative for earlier years).
constexpr int64_t days_before_year(int64_t year) {
  const int64_t previous_years = year - 1;
  return 365 * previous_years + floor_divide(previous_years, 4) -
         floor_divide(previous_years, 100) + floor_divide(previous_years, 400);
}

constexpr int64_t kEpochDayNumber = days_before_year(1970);  // 1970-01-01 counted from 0001-01-01

// `month` in 1..12 and `day` in 1..31; the day need not exist (callers clamp or validate first).
int64_t days_since_epoch_of(int64_t year, int month, int day) {
  // Days of a common year before each month's first.
  static constexpr int kDaysBefore[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const int64_t day_of_year =
      kDaysBefore[month - 1] + (month > 2 && is_leap(year) ? 1 : 0) + day - 1;
  return days_before_year(year) + day_of_year - kEpochDayNumber;
}

Date date_of(int64_t year, int month, int day) {
  return Date{static_cast<int32_t>(days_since_epoch_of(year, month, day))};
}

}  // namespace

bool is_leap_year(int year) { return is_leap(year); }

int days_in_month(int year, int month) {
  return month >= 1 && month <= 12 ? month_length(year, month) : 0;
}

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > month_length(year, month)) return std::nullopt;
  return date_of(year, month, day);
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const size_t field_starts[3] = {0, 5, 8};
  const size_t field_widths[3] = {4, 2, 2};
  for (int field = 0; field < 3; ++field) {
    for (size_t i = 0; i < field_widths[field]; ++i) {
      const char c = text[field_starts[field] + i];
      if (c < '0' || c > '9') return std::nullopt;
      fields[field] = fields[field] * 10 + (c - '0');
    }
  }
  return from_ymd(fields[0], fields[1], fields[2]);
}

Date Date::first_of_month(int year, int month) {
  const int64_t month_index = int64_t{year} * 12 + (month - 1);
  return date_of(floor_divide(month_index, 12), static_cast<int>(floor_modulo(month_index, 12)) + 1,
                 1);
}

YearMonthDay Date::ymd() const {
  // Constant time (the evaluator asks for months constantly). Count days in a calendar that starts
  // on 1 March, so that the leap day ends each year: a 400-year cycle has 146097 days, a century
  // 36524 (36525 for the last of the cycle), four years 1461, a year 365.
  const int64_t days = int64_t{days_since_epoch} + kEpochDayNumber + 306;  // from 0000-03-01
  if (days >= 0 && days <= INT32_MAX) {  // the same in 32 bits (see floor_divide): every date
    const auto d = static_cast<uint32_t>(days);
    const uint32_t cycle = d / 146097;
    const uint32_t day_of_cycle = d - cycle * 146097;
    const uint32_t year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 - day_of_cycle / 146096) / 365;
    const uint32_t day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    const uint32_t march_month = (5 * day_of_year + 2) / 153;
    const int day = static_cast<int>(day_of_year - (153 * march_month + 2) / 5) + 1;
    const int month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
    const int year = static_cast<int>(cycle * 400 + year_of_cycle) + (month <= 2 ? 1 : 0);
    return YearMonthDay{year, month, day};
  }
  const int64_t cycle = floor_divide(days, 146097);
  const int64_t day_of_cycle = days - cycle * 146097;  // [0, 146096]
  const int64_t year_of_cycle =
      (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 - day_of_cycle / 146096) / 365;
  const int64_t day_of_year = day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 -
                                              year_of_cycle / 100);  // from 1 March
  const int64_t march_month = (5 * day_of_year + 2) / 153;           // 0 = March
  const int day = static_cast<int>(day_of_year - (153 * march_month + 2) / 5) + 1;
  const int month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
  const int64_t year = cycle * 400 + year_of_cycle + (month <= 2 ? 1 : 0);
  return YearMonthDay{static_cast<int>(year), month, day};
}

int Date::year() const { return ymd().year; }
int Date::month() const { return ymd().month; }
int Date::day() const { return ymd().day; }

void append_zero_padded(std::string& out, int value, int width) {
  char text[16];  // the digits, from the end
  size_t first = sizeof text;
  uint32_t magnitude = value < 0 ? 0u - static_cast<uint32_t>(value) : static_cast<uint32_t>(value);
  do {
    text[--first] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) {
    out += '-';
    --width;
  }
  for (int length = static_cast<int>(sizeof text - first); width > length; --width) out += '0';
  out.append(text + first, sizeof text - first);
}

std::string Date::to_string() const {
  const YearMonthDay parts = ymd();
  if (parts.year < 0 || parts.year > kMaxYear) {  // a date computed beyond the calendar's years
    std::string text;
    append_zero_padded(text, parts.year, 4);
    text += '-';
    append_zero_padded(text, parts.month, 2);
    text += '-';
    append_zero_padded(text, parts.day, 2);
    return text;
  }
  // Written by hand: periods and dates are written for every value of a result (snprintf was 7 %
  // of a computation of all benefits).
  char text[10] = {static_cast<char>('0' + parts.year / 1000),
                   static_cast<char>('0' + parts.year / 100 % 10),
                   static_cast<char>('0' + parts.year / 10 % 10),
                   static_cast<char>('0' + parts.year % 10),
                   '-',
                   static_cast<char>('0' + parts.month / 10),
                   static_cast<char>('0' + parts.month % 10),
                   '-',
                   static_cast<char>('0' + parts.day / 10),
                   static_cast<char>('0' + parts.day % 10)};
  return std::string(text, sizeof text);
}

Date Date::add_days(int days) const {
  return Date{static_cast<int32_t>(int64_t{days_since_epoch} + days)};
}

Date Date::add_months(int months) const {
  const YearMonthDay parts = ymd();
  const int64_t month_index = int64_t{parts.year} * 12 + (parts.month - 1) + months;
  const int64_t target_year = floor_divide(month_index, 12);
  const int target_month = static_cast<int>(floor_modulo(month_index, 12)) + 1;
  const int last_day = month_length(target_year, target_month);
  return date_of(target_year, target_month, parts.day < last_day ? parts.day : last_day);
}

Date Date::add_years(int years) const { return add_months(years * 12); }

int full_years_between(Date from, Date to) {
  if (to < from) return -full_years_between(to, from);
  // The calendar difference is right unless this year's anniversary is still ahead: from's month
  // and day in to's year (add_years(years), the day clamped to the month's length: 29 February
  // gives 28 February), after to's.
  const YearMonthDay start = from.ymd();
  const YearMonthDay end = to.ymd();
  int years = end.year - start.year;
  const int anniversary = std::min(start.day, month_length(end.year, start.month));
  if (start.month > end.month || (start.month == end.month && anniversary > end.day)) --years;
  return years;
}

int full_months_between(Date from, Date to) {
  if (to < from) return -full_months_between(to, from);
  const YearMonthDay start = from.ymd();
  const YearMonthDay end = to.ymd();
  int months = (end.year - start.year) * 12 + (end.month - start.month);
  // add_months(months) is from's day (clamped) in to's month: after to's day, a month short.
  if (std::min(start.day, month_length(end.year, end.month)) > end.day) --months;
  return months;
}

}  // namespace mesaides
