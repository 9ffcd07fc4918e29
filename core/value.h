// Values computed by rules: exact numbers, booleans, dates, enum items, text, and errors.
//
// A runtime failure of the law's computation (division by zero, no formula for a date, a cycle) is
// a Value of kind kError carrying its message; it flows through evaluation like any value and ends
// in the result, named, instead of aborting the computation.
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

enum class ValueKind : uint8_t { kNumber, kBoolean, kDate, kText, kEnum, kError };

struct Value {
  ValueKind kind = ValueKind::kNumber;
  int32_t small = 0;  // boolean (0/1), enum item index, date (days since 1970-01-01)
  Decimal number;
  std::string text;  // text value, or the error message

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
  static Value error(std::string message) {
    Value v;
    v.kind = ValueKind::kError;
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
