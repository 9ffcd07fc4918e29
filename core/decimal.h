// Exact decimal money and rates for amounts of law.
//
// A Decimal is a signed fixed-point number with exactly 9 fractional digits, stored as a 128-bit
// integer `raw = value × 10^9`. Binary floating point never takes part in a computation: doubles
// only enter through from_double (JSON input) and leave through to_double (JSON output).
//
// Range: |raw| ≤ kMaxRaw = 2^127 − 1, i.e. about ±1.7 × 10^29 with 9 exact decimals. The raw value
// −2^127 is never produced, so negation and abs() can never overflow.
//
// Errors are reported with std::nullopt, never with exceptions:
//   - parse: empty text, malformed text, a value outside the range;
//   - from_double: NaN, infinities, a value outside the range;
//   - checked_add/sub/mul/div and checked_round_to: a result outside the range; division by zero;
//     a non-positive rounding step;
//   - to_int64_exact: a fractional value, or one outside int64_t.
// Every rounding to 9 digits (parse, multiplication, division) is half away from zero.
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mesaides {

// g++ -Wpedantic warns on the __int128 keyword itself; __extension__ marks the use as deliberate.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// How to round to a step, with the names the law uses ("arrondi", "arrondi à l'inférieur",
// "arrondi au supérieur").
enum class Rounding {
  kNearest,  // to the nearest multiple; exact halves go away from zero (-2.5 → -3)
  kDown,     // toward −infinity (-2.5 → -3, 2.5 → 2)
  kUp,       // toward +infinity (-2.5 → -2, 2.5 → 3)
};

class Decimal {
 public:
  static constexpr int kFractionDigits = 9;
  static constexpr int64_t kScale = 1000000000;  // 10^kFractionDigits: raw value of 1
  static constexpr Int128 kMaxRaw = static_cast<Int128>(~UInt128{0} >> 1);

  constexpr Decimal() = default;  // zero

  // Every int64_t fits: |v| × 10^9 < 10^28.
  static constexpr Decimal from_int(int64_t value) { return Decimal(Int128{value} * kScale); }
  // `raw` must lie in [-kMaxRaw, kMaxRaw] (only −2^127 is excluded).
  static constexpr Decimal from_raw(Int128 raw) {
    assert(raw >= -kMaxRaw);
    return Decimal(raw);
  }
  constexpr Int128 raw() const { return raw_; }

  // Parses `[+-]digits[.digits][(e|E)[+-]digits]`; the mantissa may also be `.5` or `5.`.
  // No surrounding whitespace, no digit separators, no inf/nan, no hexadecimal. Digits beyond the
  // 9th fractional one (after applying the exponent) are rounded half away from zero. "-0" is 0.
  static std::optional<Decimal> parse(std::string_view text);

  // Converts through the shortest decimal text that reads back as the same double, so 0.1 becomes
  // exactly 0.1 and 474.37 exactly 474.37 (not the binary approximation 474.3699999999999...).
  static std::optional<Decimal> from_double(double value);

  constexpr Decimal operator-() const { return Decimal(-raw_); }
  constexpr Decimal abs() const { return raw_ < 0 ? Decimal(-raw_) : *this; }
  constexpr bool is_zero() const { return raw_ == 0; }
  constexpr int sign() const { return raw_ < 0 ? -1 : (raw_ > 0 ? 1 : 0); }

  // Rounds to a multiple of `step` (> 0), e.g. 0.01 for the cent, 1 for the euro, 10 for ten
  // euros. nullopt if step ≤ 0 or the rounded value leaves the range.
  std::optional<Decimal> checked_round_to(Decimal step, Rounding mode) const;
  // Same, for steps known to be valid (constants of the rules). If step ≤ 0, or if the result would
  // leave the range (only within one step of ±1.7 × 10^29), the value is returned unchanged.
  Decimal round_to(Decimal step, Rounding mode) const;
  // Drops what is below a multiple of `step`, toward zero (-2.7 → -2 with step 1). Never leaves the
  // range. If step ≤ 0 the value is returned unchanged.
  Decimal truncate_to(Decimal step) const;

  // Shortest canonical text: "12", "12.5", "-0.01", "0" (never "-0"). parse() reads it back.
  std::string to_string() const;
  // Exactly `digits` fractional digits, rounded half away from zero: to_fixed(2) of 12.5 is
  // "12.50". digits < 0 counts as 0; digits > 9 pads with zeros. Never prints "-0.00".
  std::string to_fixed(int digits) const;
  // As to_fixed, in French typography: integer digits grouped by three with a narrow no-break
  // space (U+202F, UTF-8 E2 80 AF) and a decimal comma: "1 234,56", "-12,00".
  std::string to_french(int digits) const;
  // Nearest double (correctly rounded). For JSON output only: never compute with it.
  double to_double() const;
  // The value as an integer if it has no fractional part and fits int64_t.
  std::optional<int64_t> to_int64_exact() const;

  friend constexpr bool operator==(Decimal a, Decimal b) { return a.raw_ == b.raw_; }
  friend constexpr bool operator!=(Decimal a, Decimal b) { return a.raw_ != b.raw_; }
  friend constexpr bool operator<(Decimal a, Decimal b) { return a.raw_ < b.raw_; }
  friend constexpr bool operator<=(Decimal a, Decimal b) { return a.raw_ <= b.raw_; }
  friend constexpr bool operator>(Decimal a, Decimal b) { return a.raw_ > b.raw_; }
  friend constexpr bool operator>=(Decimal a, Decimal b) { return a.raw_ >= b.raw_; }

 private:
  constexpr explicit Decimal(Int128 raw) : raw_(raw) {}

  Int128 raw_ = 0;
};

// Checked arithmetic: std::nullopt when the exact (for + and −) or rounded (for × and ÷) result
// leaves the range, and for division by zero. Products and quotients are rounded half away from
// zero to 9 fractional digits. Intermediates are computed on 256 bits, so the only limit is the
// range of the result itself: any a × b or a ÷ b whose rounded result is within ±1.7 × 10^29 is
// exact (for instance 10^15 € × a rate of 10^3, or 10^20 € ÷ 0.000000001).
std::optional<Decimal> checked_add(Decimal a, Decimal b);
std::optional<Decimal> checked_sub(Decimal a, Decimal b);
std::optional<Decimal> checked_mul(Decimal a, Decimal b);
std::optional<Decimal> checked_div(Decimal dividend, Decimal divisor);

}  // namespace mesaides
