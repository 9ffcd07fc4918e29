// Periods of time over which rules are evaluated, with OpenFisca's units and text forms.
//
// A period is `size` consecutive months or years starting on the first day of a month, or
// ETERNITY (for values that never change, such as a date of birth). A year period may start in
// any month ("rolling year": year:2026-05 runs from May 2026 to April 2027).
//
// Text forms (OpenFisca's, days excepted):
//   2026-01            one month            month:2026-01:3   three months from January 2026
//   2026               one calendar year    year:2026-05      one year from May 2026
//   ETERNITY, eternity                      year:2026:2       two years from January 2026
// month:2026-01 and year:2026 (size 1) are accepted too; to_string() writes the shortest form.
//
// Errors are reported with std::nullopt (parse) or with a reason in English for the user
// (parse_with_reason): malformed text, day periods (2026-01-15), month outside 01..12, year
// outside 0001..9999, unknown unit, size that is not a whole number ≥ 1, a period ending after
// 9999. No exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "date.h"

namespace mesaides {

enum class PeriodUnit : uint8_t { kMonth, kYear, kEternity };

// "month", "year" or "eternity", as the rule language and the JSON descriptions write it.
const char* unit_name(PeriodUnit unit);

struct PeriodParseResult;

struct Period {
  PeriodUnit unit = PeriodUnit::kEternity;
  Date start;        // first day of a month; 1970-01-01 (meaningless) for eternity
  int32_t size = 0;  // number of units, ≥ 1; 0 for eternity

  // One month. A month outside 1..12 carries into the year: month(2026, 13) == month(2027, 1).
  static Period month(int year, int month);
  // One calendar year.
  static Period year(int year);
  static Period eternity();

  static std::optional<Period> parse(std::string_view text);
  // As parse, and when the text is rejected, why (a short English phrase without the text).
  static PeriodParseResult parse_with_reason(std::string_view text);

  // The canonical OpenFisca text, which parse() reads back.
  std::string to_string() const;

  // The last day. Eternity ends on the last representable Date.
  Date end() const;
  // The same-sized period `n` of its units later (earlier if n < 0): 2026-01 offset -1 is
  // 2025-12, year:2026-05 offset 1 is year:2027-05. Eternity is returned unchanged.
  Period offset(int n) const;
  // The month in which the period starts; eternity is returned unchanged.
  Period first_month() const;
  // The calendar year containing the start; eternity is returned unchanged.
  Period calendar_year() const;
  // Number of months covered: size for months, 12 × size for years, 0 for eternity.
  int month_count() const;
  // The one-month periods covered, in order; empty for eternity.
  std::vector<Period> months() const;
  // True if every day of `other` is in this period. Eternity contains every period and no other
  // period contains eternity.
  bool contains(const Period& other) const;
  bool is_single_month() const { return unit == PeriodUnit::kMonth && size == 1; }
  // One year from January, by unit: month:2026-01:12 covers the same days but is not one.
  bool is_calendar_year() const;

  // An injective packing of (unit, start, size) for hash-map keys, valid for 0 ≤ size < 2^30
  // (every parsed or constructed period): unit in bits 62-63, size in bits 32-61, start's day
  // count in bits 0-31.
  uint64_t key() const;
};

struct PeriodParseResult {
  std::optional<Period> period;
  std::string reason;  // empty when period has a value, e.g. "month 13 does not exist" otherwise
};

inline bool operator==(const Period& a, const Period& b) {
  return a.unit == b.unit && a.start == b.start && a.size == b.size;
}
inline bool operator!=(const Period& a, const Period& b) { return !(a == b); }
// Strict weak ordering (for ordered maps and sorting): by unit, then start, then size.
inline bool operator<(const Period& a, const Period& b) {
  if (a.unit != b.unit) return a.unit < b.unit;
  if (a.start != b.start) return a.start < b.start;
  return a.size < b.size;
}

}  // namespace mesaides
