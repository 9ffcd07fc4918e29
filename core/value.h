// Values computed by rules: exact numbers, booleans, dates, enum items, text, and errors.
//
// A runtime failure of the law's computation (division by zero, no formula for a date, a cycle) is
// a Value of kind kError carrying its kind, its message and where it happened; it flows through
// evaluation like any value and ends in the result, named, instead of aborting the computation.
#pragma once

#include <cstdint>
#include <string>

#include "date.h"
#include "decimal.h"

namespace mesaides {

// Declared type of a variable or parameter.
enum class Type : uint8_t { kMoney, kNumber, kInteger, kBoolean, kDate, kText, kEnum };

const char* type_name(Type type);
inline bool is_numeric(Type type) {
  return type == Type::kMoney || type == Type::kNumber || type == Type::kInteger;
}

// The family of a type for compatibility checks: money, number and integer mix freely.
enum class Family : uint8_t { kNumeric, kBoolean, kDate, kText, kEnum };
Family family(Type type);

// The runtime failures of the law's computation: a closed set. Their names (error_kind_name) are
// stable: the JSON results give them as `kind`, for pages to react to.
enum class ErrorKind : uint8_t {
  kNone,                   // not an error
  kDivisionByZero,         // "division_by_zero": x / 0
  kNumberTooLarge,         // "number_too_large": beyond the exact decimals' range
  kNoFormulaForDate,       // "no_formula_for_date": before a variable's first formula, or in a gap
  kParameterWithoutValue,  // "parameter_without_value": before its first date, or after a null
  kMissingTableEntry,      // "missing_table_entry": a table key the parameter does not list
  kInvalidArgument,        // "invalid_argument": a rounding step of 0, date(2026, 2, 30)…
  kCycle,                  // "cycle": a value that depends on itself through other periods
  kDepthExceeded,          // "depth_exceeded": too many values computed one from another
};
const char* error_kind_name(ErrorKind kind);

enum class ValueKind : uint8_t { kNumber, kBoolean, kDate, kText, kEnum, kError };

struct Value {
  ValueKind kind = ValueKind::kNumber;
  ErrorKind error_kind = ErrorKind::kNone;  // for an error: which failure
  int32_t small = 0;  // boolean (0/1), enum item index, date (days since 1970-01-01)
  // For an error: the expression that failed (an ExprId of the Program, or UINT32_MAX for a
  // failure of the variable itself, such as no formula for the date) and the variable in whose
  // formula it failed (-1 if none). They sit in what would be padding: a Value stays as small.
  uint32_t error_expr = UINT32_MAX;
  int32_t error_variable = -1;
  Decimal number;
  std::string text;  // text value, or the error message

  // User-provided, for the reason given at Cell(): a Value made by `Value()` or `Value{}` (the
  // evaluator makes them all the time) sets its fields, without zeroing its 64 bytes first.
  Value() {}
  // Copies (the evaluator copies values all the time) take the text only when there is one: most
  // values are numbers, and copying even an empty std::string is a call into the library.
  Value(const Value& other)
      : kind(other.kind),
        error_kind(other.error_kind),
        small(other.small),
        error_expr(other.error_expr),
        error_variable(other.error_variable),
        number(other.number) {
    if (!other.text.empty()) text = other.text;
  }
  Value& operator=(const Value& other) {
    kind = other.kind;
    error_kind = other.error_kind;
    small = other.small;
    error_expr = other.error_expr;
    error_variable = other.error_variable;
    number = other.number;
    if (!other.text.empty() || !text.empty()) text = other.text;
    return *this;
  }
  Value(Value&&) noexcept = default;
  Value& operator=(Value&&) noexcept = default;
  ~Value() = default;

  static Value of_number(Decimal d) {
    Value v;
    v.number = d;
    return v;
  }
  static Value of_bool(bool b) {
    Value v;
    v.kind = ValueKind::kBoolean;
    v.small = b ? 1 : 0;
    return v;
  }
  static Value of_date(Date d) {
    Value v;
    v.kind = ValueKind::kDate;
    v.small = d.days_since_epoch;
    return v;
  }
  static Value of_enum(int32_t item) {
    Value v;
    v.kind = ValueKind::kEnum;
    v.small = item;
    return v;
  }
  static Value of_text(std::string s) {
    Value v;
    v.kind = ValueKind::kText;
    v.text = std::move(s);
    return v;
  }
  static Value error(ErrorKind kind, std::string message, uint32_t expr = UINT32_MAX,
                     int32_t variable = -1) {
    Value v;
    v.kind = ValueKind::kError;
    v.error_kind = kind;
    v.error_expr = expr;
    v.error_variable = variable;
    v.text = std::move(message);
    return v;
  }

  bool is_error() const { return kind == ValueKind::kError; }
  bool as_bool() const { return small != 0; }
  Date as_date() const { return Date{small}; }
  // Zero, false, or an error: the states for which a reason is worth reporting.
  bool is_zero_like() const {
    switch (kind) {
      case ValueKind::kNumber:
        return number.is_zero();
      case ValueKind::kBoolean:
        return small == 0;
      default:
        return false;
    }
  }
  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }
};

}  // namespace mesaides
