// The built-in functions (see builtins.h).
#include "builtins.h"

#include <algorithm>

#include "evaluator.h"
#include "program.h"

namespace mesaides {

namespace {

Value number(Decimal d) { return Value::of_number(d); }
Value whole(int64_t n) { return Value::of_number(Decimal::from_int(n)); }

CallFailure failure(ErrorKind kind, std::string message) { return {kind, std::move(message)}; }

// A numeric argument's type, or number when its check failed.
Type numeric_type(const CallTyping& call, size_t i) {
  Type t = call.type(i);
  return is_numeric(t) ? t : Type::kNumber;
}

void expect_numbers(CallTyping& call, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) call.expect(i, Family::kNumeric, "this argument");
}

// A whole number of a sensible size (years, months, days), or nothing.
bool small_whole(Decimal d, int32_t& out) {
  auto i = d.to_int64_exact();
  if (!i || *i < -100000 || *i > 100000) return false;
  out = static_cast<int32_t>(*i);
  return true;
}

// ---- min, max: of numbers (the widest type of them) or of dates -------------------------------
Type type_extremum(CallTyping& call) {
  bool dates = call.type(0) == Type::kDate;
  Type result = dates ? Type::kDate : Type::kInteger;
  for (size_t i = 0; i < call.arg_count(); ++i) {
    call.expect(i, dates ? Family::kDate : Family::kNumeric, "each argument of min/max");
    Type t = call.type(i);
    if (t == Type::kMoney) {
      result = Type::kMoney;
    } else if (t == Type::kNumber && result == Type::kInteger) {
      result = Type::kNumber;
    }
  }
  return result;
}

template <bool kGreatest>
CallResult compute_extremum(const Call& call) {
  const Value* best = &call.args[0];
  for (size_t i = 1; i < call.count; ++i) {
    const Value& v = call.args[i];
    bool dates = best->kind == ValueKind::kDate;
    bool better = kGreatest ? (dates ? v.small > best->small : best->number < v.number)
                            : (dates ? v.small < best->small : v.number < best->number);
    if (better) best = &v;
  }
  return *best;
}

template <bool kGreatest>
bool plain_extremum(const PlainValue* args, size_t count, Type type, PlainValue& out) {
  out = args[0];
  for (size_t i = 1; i < count; ++i) {
    const PlainValue& v = args[i];
    bool better = type == Type::kDate ? (kGreatest ? v.small > out.small : v.small < out.small)
                                      : (kGreatest ? out.number < v.number : v.number < out.number);
    if (better) out = v;
  }
  return true;
}

// ---- abs ---------------------------------------------------------------------------------------
Type type_abs(CallTyping& call) {
  expect_numbers(call, 0, 1);
  return numeric_type(call, 0);
}
CallResult compute_abs(const Call& call) { return number(call.args[0].number.abs()); }
bool plain_abs(const PlainValue* args, size_t, Type, PlainValue& out) {
  out.number = args[0].number.abs();
  return true;
}

// ---- round, round_down, round_up: to a multiple of a step ---------------------------------------
Type type_round(CallTyping& call) {
  expect_numbers(call, 0, 2);
  return numeric_type(call, 0);
}

template <Rounding kMode>
CallResult compute_round(const Call& call) {
  Decimal step = call.args[1].number;
  auto r = call.args[0].number.checked_round_to(step, kMode);
  if (!r) {
    // A step of zero or less, or (at the edge of the decimals' range) a result too large.
    ErrorKind kind = Decimal() < step ? ErrorKind::kNumberTooLarge : ErrorKind::kInvalidArgument;
    return fail(failure(kind, "cannot round to a step of " + step.to_string()));
  }
  return number(*r);
}
template <Rounding kMode>
bool plain_round(const PlainValue* args, size_t, Type, PlainValue& out) {
  auto r = args[0].number.checked_round_to(args[1].number, kMode);
  if (!r) return false;
  out.number = *r;
  return true;
}

// ---- scale, marginal: a barème ------------------------------------------------------------------
Type type_scale(CallTyping& call) {
  call.expect(1, Family::kNumeric, "the second argument");
  return call.parameter(0).unit == "money" ? Type::kMoney : Type::kNumber;
}
Type type_marginal(CallTyping& call) {
  call.expect(1, Family::kNumeric, "the second argument");
  return call.type(1) == Type::kMoney ? Type::kMoney : Type::kNumber;
}

// The value of the bracket containing x (scale), or the sum over brackets of each rate times the
// part of x in its bracket (marginal).
template <bool kMarginal>
CallResult compute_scale(const Call& call) {
  const Node& pe = call.program.nodes[call.program.arg(call.node, 0)];
  const ParameterDef& def = call.program.parameters[static_cast<size_t>(pe.ref)];
  Decimal x = call.args[1].number;
  const ParamValue* pv = def.at(call.instant);
  if (!pv) {
    if (call.program.texts_pending) throw TextsNotLoaded();  // (its name comes with the texts)
    return fail(failure(ErrorKind::kParameterWithoutValue,
                        "parameter " + def.name + " has no value on " + call.instant.to_string()));
  }
  Decimal result;
  const auto& brackets = pv->scale;
  if (!kMarginal) {
    for (const auto& [threshold, value] : brackets) {
      if (threshold <= x) result = value;
    }
  } else {
    for (size_t i = 0; i < brackets.size(); ++i) {
      Decimal low = brackets[i].first;
      if (x <= low) break;
      Decimal high = i + 1 < brackets.size() ? std::min(x, brackets[i + 1].first) : x;
      auto part = checked_mul(*checked_sub(high, low), brackets[i].second);
      auto sum = part ? checked_add(result, *part) : std::nullopt;
      if (!sum) {
        return fail(failure(ErrorKind::kNumberTooLarge, "number too large in scale " + def.name));
      }
      result = *sum;
    }
  }
  if (call.recorded) *call.recorded = {pe.ref, pv->from, result, x.to_string(), std::nullopt};
  return number(result);
}

// ---- dates
// ---------------------------------------------------------------------------------------
Type type_between(CallTyping& call) {
  call.expect(0, Family::kDate, "the first argument");
  call.expect(1, Family::kDate, "the second argument");
  return Type::kInteger;
}
CallResult compute_years_between(const Call& call) {
  return whole(full_years_between(call.args[0].as_date(), call.args[1].as_date()));
}
CallResult compute_months_between(const Call& call) {
  return whole(full_months_between(call.args[0].as_date(), call.args[1].as_date()));
}
bool plain_years_between(const PlainValue* args, size_t, Type, PlainValue& out) {
  out.number = Decimal::from_int(full_years_between(Date{args[0].small}, Date{args[1].small}));
  return true;
}
bool plain_months_between(const PlainValue* args, size_t, Type, PlainValue& out) {
  out.number = Decimal::from_int(full_months_between(Date{args[0].small}, Date{args[1].small}));
  return true;
}

Type type_add(CallTyping& call) {
  call.expect(0, Family::kDate, "the first argument");
  expect_numbers(call, 1, 2);
  return Type::kDate;
}
template <bool kYears>
CallResult compute_add(const Call& call) {
  int32_t n = 0;
  if (!small_whole(call.args[1].number, n)) {
    return fail(failure(ErrorKind::kInvalidArgument, "expected a whole number of years or months"));
  }
  Date d = call.args[0].as_date();
  return Value::of_date(kYears ? d.add_years(n) : d.add_months(n));
}
template <bool kYears>
bool plain_add(const PlainValue* args, size_t, Type, PlainValue& out) {
  int32_t n = 0;
  if (!small_whole(args[1].number, n)) return false;
  const Date d{args[0].small};
  out.small = (kYears ? d.add_years(n) : d.add_months(n)).days_since_epoch;
  return true;
}

Type type_make_date(CallTyping& call) {
  expect_numbers(call, 0, 3);
  return Type::kDate;
}
CallResult compute_make_date(const Call& call) {
  int32_t y = 0, m = 0, d = 0;
  if (!small_whole(call.args[0].number, y) || !small_whole(call.args[1].number, m) ||
      !small_whole(call.args[2].number, d)) {
    return fail(failure(ErrorKind::kInvalidArgument, "date() takes whole numbers"));
  }
  auto date = Date::from_ymd(y, m, d);
  if (!date) {
    return fail(failure(ErrorKind::kInvalidArgument, "date(" + std::to_string(y) + ", " +
                                                         std::to_string(m) + ", " +
                                                         std::to_string(d) + ") does not exist"));
  }
  return Value::of_date(*date);
}
bool plain_make_date(const PlainValue* args, size_t, Type, PlainValue& out) {
  int32_t y = 0, m = 0, d = 0;
  if (!small_whole(args[0].number, y) || !small_whole(args[1].number, m) ||
      !small_whole(args[2].number, d)) {
    return false;
  }
  auto date = Date::from_ymd(y, m, d);
  if (!date) return false;
  out.small = date->days_since_epoch;
  return true;
}

Type type_date_part(CallTyping& call) {
  call.expect(0, Family::kDate, "the argument");
  return Type::kInteger;
}
CallResult compute_year_of(const Call& call) { return whole(call.args[0].as_date().year()); }
CallResult compute_month_of(const Call& call) { return whole(call.args[0].as_date().month()); }
bool plain_year_of(const PlainValue* args, size_t, Type, PlainValue& out) {
  out.number = Decimal::from_int(Date{args[0].small}.year());
  return true;
}
bool plain_month_of(const PlainValue* args, size_t, Type, PlainValue& out) {
  out.number = Decimal::from_int(Date{args[0].small}.month());
  return true;
}

// ---- texts
// ---------------------------------------------------------------------------------------
Type type_starts_with(CallTyping& call) {
  call.expect(0, Family::kText, "the first argument of starts_with");
  call.expect(1, Family::kText, "the second argument of starts_with");
  return Type::kBoolean;
}
CallResult compute_starts_with(const Call& call) {
  return Value::of_bool(call.args[0].text.rfind(call.args[1].text, 0) == 0);
}

}  // namespace

const std::vector<BuiltinDef>& builtins() {
  static const std::vector<BuiltinDef> kTable = {
      {"min", 1, 64, false, nullptr, type_extremum, compute_extremum<false>, plain_extremum<false>},
      {"max", 1, 64, false, nullptr, type_extremum, compute_extremum<true>, plain_extremum<true>},
      {"abs", 1, 1, false, nullptr, type_abs, compute_abs, plain_abs},
      {"round", 2, 2, false, "round(x, step), e.g. round(x, 0.01) to the cent", type_round,
       compute_round<Rounding::kNearest>, plain_round<Rounding::kNearest>},
      {"round_down", 2, 2, false, "round_down(x, step), e.g. round_down(x, 0.01) to the cent",
       type_round, compute_round<Rounding::kDown>, plain_round<Rounding::kDown>},
      {"round_up", 2, 2, false, "round_up(x, step), e.g. round_up(x, 0.01) to the cent", type_round,
       compute_round<Rounding::kUp>, plain_round<Rounding::kUp>},
      {"scale", 2, 2, true, "scale(parameter, x)", type_scale, compute_scale<false>, nullptr},
      {"marginal", 2, 2, true, "marginal(parameter, x)", type_marginal, compute_scale<true>,
       nullptr},
      {"years_between", 2, 2, false, nullptr, type_between, compute_years_between,
       plain_years_between},
      {"months_between", 2, 2, false, nullptr, type_between, compute_months_between,
       plain_months_between},
      {"add_years", 2, 2, false, nullptr, type_add, compute_add<true>, plain_add<true>},
      {"add_months", 2, 2, false, nullptr, type_add, compute_add<false>, plain_add<false>},
      {"date", 3, 3, false, "date(year, month, day)", type_make_date, compute_make_date,
       plain_make_date},
      {"year_of", 1, 1, false, nullptr, type_date_part, compute_year_of, plain_year_of},
      {"month_of", 1, 1, false, nullptr, type_date_part, compute_month_of, plain_month_of},
      {"starts_with", 2, 2, false, nullptr, type_starts_with, compute_starts_with, nullptr},
  };
  return kTable;
}

const BuiltinDef* find_builtin(std::string_view name) {
  for (const BuiltinDef& b : builtins()) {
    if (name == b.name) return &b;
  }
  return nullptr;
}

}  // namespace mesaides
