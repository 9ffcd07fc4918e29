// Periods of time (see period.h).
#include "period.h"

#include <limits>
#include <utility>

namespace mesaides {

namespace {

constexpr std::string_view kExpectedForms =
    "expected YYYY, YYYY-MM, ETERNITY, month:YYYY-MM[:N] or year:YYYY[-MM][:N]";

PeriodParseResult rejected(std::string reason) {
  return PeriodParseResult{std::nullopt, std::move(reason)};
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int digits_value(std::string_view digits) {  // at most 9 digits, checked by the callers
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

// The start of a period: "YYYY" or "YYYY-MM".
struct ParsedStart {
  int year = 0;
  int month = 0;       // 0 when absent
  std::string reason;  // non-empty on error
};

ParsedStart parse_start(std::string_view text) {
  ParsedStart parsed;
  const std::string_view year_text = text.substr(0, 4);
  if (text.size() < 4 || !all_digits(year_text) || (text.size() > 4 && text[4] != '-')) {
    parsed.reason = std::string(kExpectedForms);
    return parsed;
  }
  parsed.year = digits_value(year_text);
  if (parsed.year < Date::kMinYear) {
    parsed.reason = "year " + std::to_string(parsed.year) + " does not exist (years run from 1)";
    return parsed;
  }
  if (text.size() == 4) return parsed;

  const std::string_view month_text = text.substr(5, 2);
  if (text.size() < 7 || !all_digits(month_text) || (text.size() > 7 && text[7] != '-')) {
    parsed.reason = std::string(kExpectedForms);
    return parsed;
  }
  if (text.size() > 7) {
    parsed.reason = Date::parse(text)
                        ? "periods of days are not supported; " + std::string(kExpectedForms)
                        : std::string(kExpectedForms);
    return parsed;
  }
  parsed.month = digits_value(month_text);
  if (parsed.month < 1 || parsed.month > 12) {
    parsed.reason = "month " + std::to_string(parsed.month) + " does not exist";
  }
  return parsed;
}

// A period built from checked parts; rejects one that would end after year 9999.
PeriodParseResult accepted(PeriodUnit unit, int year, int month, int size) {
  const int64_t months_per_unit = unit == PeriodUnit::kYear ? 12 : 1;
  const int64_t last_month_index = int64_t{year} * 12 + (month - 1) + size * months_per_unit - 1;
  if (last_month_index > int64_t{Date::kMaxYear} * 12 + 11) {
    return rejected("the period ends after year " + std::to_string(Date::kMaxYear));
  }
  return PeriodParseResult{Period{unit, Date::first_of_month(year, month), size}, ""};
}

}  // namespace

Period Period::month(int year, int month) {
  return Period{PeriodUnit::kMonth, Date::first_of_month(year, month), 1};
}

Period Period::year(int year) {
  return Period{PeriodUnit::kYear, Date::first_of_month(year, 1), 1};
}

Period Period::eternity() { return Period{PeriodUnit::kEternity, Date{0}, 0}; }

std::optional<Period> Period::parse(std::string_view text) {
  return parse_with_reason(text).period;
}

PeriodParseResult Period::parse_with_reason(std::string_view text) {
  // "YYYY-MM" and "YYYY", nearly every period a situation gives: read at once (the same periods
  // as below; anything else, and every error, takes the general way).
  const auto digit = [&text](size_t i) { return static_cast<unsigned>(text[i] - '0') <= 9; };
  if ((text.size() == 7 || text.size() == 4) && digit(0) && digit(1) && digit(2) && digit(3)) {
    const int year = digits_value(text.substr(0, 4));
    if (text.size() == 4 && year >= Date::kMinYear) {
      return PeriodParseResult{Period{PeriodUnit::kYear, Date::first_of_month(year, 1), 1}, ""};
    }
    if (text.size() == 7 && text[4] == '-' && digit(5) && digit(6) && year >= Date::kMinYear) {
      const int month = digits_value(text.substr(5, 2));
      if (month >= 1 && month <= 12)
        return PeriodParseResult{Period{PeriodUnit::kMonth, Date::first_of_month(year, month), 1},
                                 ""};
    }
  }
  if (text == "ETERNITY" || text == "eternity") return PeriodParseResult{eternity(), ""};

  const size_t unit_end = text.find(':');
  if (unit_end == std::string_view::npos) {  // "YYYY" or "YYYY-MM"
    const ParsedStart start = parse_start(text);
    if (!start.reason.empty()) return rejected(start.reason);
    return start.month == 0 ? accepted(PeriodUnit::kYear, start.year, 1, 1)
                            : accepted(PeriodUnit::kMonth, start.year, start.month, 1);
  }

  const std::string_view unit_text = text.substr(0, unit_end);
  PeriodUnit unit;
  if (unit_text == "month") {
    unit = PeriodUnit::kMonth;
  } else if (unit_text == "year") {
    unit = PeriodUnit::kYear;
  } else if (unit_text == "day" || unit_text == "week" || unit_text == "weekday") {
    return rejected("periods of unit '" + std::string(unit_text) +
                    "' are not supported; use month or year");
  } else {
    return rejected(std::string(kExpectedForms));
  }

  const std::string_view rest = text.substr(unit_end + 1);
  const size_t start_end = rest.find(':');
  const std::string_view start_text = rest.substr(0, start_end);
  int size = 1;
  if (start_end != std::string_view::npos) {
    const std::string_view size_text = rest.substr(start_end + 1);
    // Nine digits keep the value within int; anything that large is rejected below anyway.
    if (!all_digits(size_text) || size_text.size() > 9 || digits_value(size_text) < 1) {
      return rejected("the size must be a whole number of units from 1 upward, got '" +
                      std::string(size_text) + "'");
    }
    size = digits_value(size_text);
  }

  const ParsedStart start = parse_start(start_text);
  if (!start.reason.empty()) return rejected(start.reason);
  if (start.month == 0) {
    if (unit == PeriodUnit::kMonth) {
      return rejected("a month period needs its start month: month:YYYY-MM[:N]");
    }
    return accepted(unit, start.year, 1, size);
  }
  return accepted(unit, start.year, start.month, size);
}

std::string Period::to_string() const {
  if (unit == PeriodUnit::kEternity) return "ETERNITY";
  const std::string start_month = start.to_string().substr(0, 7);  // "YYYY-MM"
  const std::string size_suffix = size == 1 ? "" : ":" + std::to_string(size);
  if (unit == PeriodUnit::kMonth) {
    return size == 1 ? start_month : "month:" + start_month + size_suffix;
  }
  const bool starts_in_january = start.month() == 1;
  if (size == 1 && starts_in_january) return start_month.substr(0, 4);
  return "year:" + (starts_in_january ? start_month.substr(0, 4) : start_month) + size_suffix;
}

Date Period::end() const {
  if (unit == PeriodUnit::kEternity) return Date{std::numeric_limits<int32_t>::max()};
  return start.add_months(month_count()).add_days(-1);
}

Period Period::offset(int n) const {
  switch (unit) {
    case PeriodUnit::kMonth:
      return Period{unit, start.add_months(n), size};
    case PeriodUnit::kYear:
      return Period{unit, start.add_years(n), size};
    case PeriodUnit::kEternity:
      break;
  }
  return *this;
}

Period Period::first_month() const {
  if (unit == PeriodUnit::kEternity) return *this;
  return Period{PeriodUnit::kMonth, start, 1};
}

Period Period::calendar_year() const {
  if (unit == PeriodUnit::kEternity) return *this;
  return year(start.year());
}

int Period::month_count() const {
  switch (unit) {
    case PeriodUnit::kMonth:
      return size;
    case PeriodUnit::kYear:
      return 12 * size;
    case PeriodUnit::kEternity:
      break;
  }
  return 0;
}

std::vector<Period> Period::months() const {
  std::vector<Period> result;
  const int count = month_count();
  result.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    result.push_back(Period{PeriodUnit::kMonth, start.add_months(i), 1});
  }
  return result;
}

bool Period::contains(const Period& other) const {
  if (unit == PeriodUnit::kEternity) return true;
  if (other.unit == PeriodUnit::kEternity) return false;
  return start <= other.start && other.end() <= end();
}

bool Period::is_calendar_year() const {
  return unit == PeriodUnit::kYear && size == 1 && start.month() == 1;
}

const char* unit_name(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::kMonth:
      return "month";
    case PeriodUnit::kYear:
      return "year";
    case PeriodUnit::kEternity:
      return "eternity";
  }
  return "?";
}

uint64_t Period::key() const {
  constexpr uint64_t kSizeMask = (uint64_t{1} << 30) - 1;
  return (uint64_t{static_cast<uint8_t>(unit)} << 62) |
         ((static_cast<uint64_t>(static_cast<uint32_t>(size)) & kSizeMask) << 32) |
         uint64_t{static_cast<uint32_t>(start.days_since_epoch)};
}

}  // namespace mesaides
