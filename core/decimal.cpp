// Exact decimal money and rates (see decimal.h).
//
// All the arithmetic works on magnitudes (unsigned 128-bit) and reapplies the sign at the end:
// "half away from zero" is then simply "half up" on the magnitude.
#include "decimal.h"

#include <cmath>

#include "float_text.h"

namespace mesaides {

namespace {

constexpr UInt128 kMaxMagnitude = static_cast<UInt128>(Decimal::kMaxRaw);
constexpr UInt128 kUInt128Max = ~UInt128{0};

// n ÷ d and n mod d for a divisor below 2^32, in four 64-bit divisions of 32 bits of n each
// (after `high`, the part of a wider numerator above n, which must be below d). Neither
// WebAssembly nor the compiler's runtime divides 128 bits fast, and every divisor of the engine's
// hot paths (10^9 for a product, 10^k to round or print, a whole number of months) is this small.
[[gnu::noinline]] UInt128 divide_small(UInt128 n, uint32_t d, uint32_t& remainder,
                                       uint32_t high = 0) {
  uint64_t rest = high;
  UInt128 quotient = 0;
  // Leading zero chunks give zero digits and leave the rest at zero: skipped (most numbers of
  // the law are below 2^64, two 64-bit divisions instead of four).
  int shift = 96;
  if (high == 0) {
    while (shift > 0 && (n >> shift) == 0) shift -= 32;
  }
  for (; shift >= 0; shift -= 32) {
    const uint64_t current = (rest << 32) | static_cast<uint32_t>(n >> shift);
    quotient = (quotient << 32) | (current / d);
    rest = current % d;
  }
  remainder = static_cast<uint32_t>(rest);
  return quotient;
}

constexpr uint32_t kScale32 = static_cast<uint32_t>(Decimal::kScale);
constexpr UInt128 kMaxSmall = UINT32_MAX;

// 10^exponent for 0 ≤ exponent ≤ 38 (10^38 < 2^128 < 10^39).
UInt128 power_of_ten(int exponent) {
  UInt128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

UInt128 magnitude(Decimal value) {
  // raw ≥ −kMaxRaw, so the negation cannot overflow.
  return value.raw() < 0 ? static_cast<UInt128>(-value.raw()) : static_cast<UInt128>(value.raw());
}

// `magnitude` must be ≤ kMaxMagnitude.
Decimal from_magnitude(UInt128 magnitude_value, bool negative) {
  const Int128 raw = static_cast<Int128>(magnitude_value);
  return Decimal::from_raw(negative ? -raw : raw);
}

std::optional<Decimal> checked_from_magnitude(UInt128 magnitude_value, bool negative) {
  if (magnitude_value > kMaxMagnitude) return std::nullopt;
  return from_magnitude(magnitude_value, negative);
}

// A 256-bit unsigned integer, just enough for exact products of two 128-bit magnitudes.
struct UInt256 {
  UInt128 high;
  UInt128 low;
};

UInt256 multiply_wide(UInt128 a, UInt128 b) {
  const UInt128 a_low = static_cast<uint64_t>(a), a_high = a >> 64;
  const UInt128 b_low = static_cast<uint64_t>(b), b_high = b >> 64;
  const UInt128 low_low = a_low * b_low;
  const UInt128 low_high = a_low * b_high;
  const UInt128 high_low = a_high * b_low;
  const UInt128 high_high = a_high * b_high;
  // Sum of three values below 2^64 each: cannot overflow 128 bits.
  const UInt128 middle =
      (low_low >> 64) + static_cast<uint64_t>(low_high) + static_cast<uint64_t>(high_low);
  UInt256 product;
  product.low = (middle << 64) | static_cast<uint64_t>(low_low);
  product.high = high_high + (low_high >> 64) + (high_low >> 64) + (middle >> 64);
  return product;
}

// numerator ÷ denominator (> 0), rounded half up; nullopt if the quotient needs more than 128
// bits.
std::optional<UInt128> divide_rounding_half_up(UInt256 numerator, UInt128 denominator) {
  UInt128 quotient = 0;
  UInt128 remainder = 0;
  if (denominator <= kMaxSmall) {
    if (numerator.high >= denominator) return std::nullopt;  // quotient ≥ 2^128
    const auto d = static_cast<uint32_t>(denominator);
    uint32_t rest = 0;
    quotient = divide_small(numerator.low, d, rest, static_cast<uint32_t>(numerator.high));
    remainder = rest;
  } else if (numerator.high == 0) {
    quotient = numerator.low / denominator;
    remainder = numerator.low % denominator;
  } else {
    if (numerator.high >= denominator) return std::nullopt;  // quotient ≥ 2^128
    // Schoolbook binary long division over the 128 low bits; the running remainder starts below
    // the denominator and stays there, so each step subtracts at most once.
    remainder = numerator.high;
    for (int bit = 127; bit >= 0; --bit) {
      const bool shifted_out = (remainder >> 127) != 0;  // the true shifted value is ≥ 2^128
      remainder = (remainder << 1) | ((numerator.low >> bit) & 1);
      quotient <<= 1;
      if (shifted_out || remainder >= denominator) {
        remainder -= denominator;  // wraps back to the true difference when shifted_out
        quotient |= 1;
      }
    }
  }
  // Half up: remainder / denominator ≥ 1/2, written without overflowing 2 × remainder.
  if (remainder >= denominator - remainder) {
    if (quotient == kUInt128Max) return std::nullopt;
    ++quotient;
  }
  return quotient;
}

// Appends the decimal digits of `value`, in chunks of 19 digits to keep 128-bit divisions few.
void append_unsigned(std::string& out, UInt128 value) {
  uint32_t chunks[5];  // of 9 digits: 2^128 < 10^39
  int chunk_count = 0;
  do {
    value = divide_small(value, kScale32, chunks[chunk_count++]);
  } while (value != 0);
  out += std::to_string(chunks[chunk_count - 1]);
  for (int i = chunk_count - 2; i >= 0; --i) {
    const std::string digits = std::to_string(chunks[i]);
    out.append(9 - digits.size(), '0');
    out += digits;
  }
}

// Appends `value` as exactly `width` digits, zero-padded on the left (value < 10^width).
void append_zero_padded(std::string& out, uint64_t value, int width) {
  const std::string digits = std::to_string(value);
  out.append(static_cast<size_t>(width) - digits.size(), '0');
  out += digits;
}

// Shared by to_fixed and to_french: rounds the magnitude to `digits` fractional digits (half up)
// and prints it with the given separators. `group_separator` empty means no grouping.
std::string format_fixed(Decimal value, int digits, std::string_view group_separator,
                         char decimal_separator) {
  if (digits < 0) digits = 0;
  const int kept_digits = digits < Decimal::kFractionDigits ? digits : Decimal::kFractionDigits;
  // Both at most 10^9.
  const auto step = static_cast<uint32_t>(power_of_ten(Decimal::kFractionDigits - kept_digits));
  const UInt128 full = magnitude(value);
  uint32_t remainder = 0;
  UInt128 rounded = divide_small(full, step, remainder);  // in units of 10^-kept_digits
  if (remainder >= step - remainder) ++rounded;           // cannot overflow: full ≤ 2^127 − 1

  const auto unit = static_cast<uint32_t>(power_of_ten(kept_digits));
  uint32_t fraction_part = 0;
  const UInt128 integer_part = divide_small(rounded, unit, fraction_part);

  std::string integer_text;
  append_unsigned(integer_text, integer_part);

  std::string out;
  if (value.sign() < 0 && rounded != 0) out += '-';  // "-0.00" would mislead a reader
  if (group_separator.empty()) {
    out += integer_text;
  } else {
    for (size_t i = 0; i < integer_text.size(); ++i) {
      if (i != 0 && (integer_text.size() - i) % 3 == 0) out += group_separator;
      out += integer_text[i];
    }
  }
  if (digits > 0) {
    out += decimal_separator;
    if (kept_digits > 0) append_zero_padded(out, fraction_part, kept_digits);
    out.append(static_cast<size_t>(digits - kept_digits), '0');
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }

  // value = significant_digits × 10^exponent
  // (Runs of digits are appended at once: the rules' numbers are parsed when they load.)
  std::string significant_digits;
  int64_t exponent = 0;
  size_t run = pos;
  while (run < text.size() && is_digit(text[run])) ++run;
  significant_digits.append(text.substr(pos, run - pos));
  pos = run;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    run = pos;
    while (run < text.size() && is_digit(text[run])) ++run;
    significant_digits.append(text.substr(pos, run - pos));
    exponent -= static_cast<int64_t>(run - pos);
    pos = run;
  }
  if (significant_digits.empty()) return std::nullopt;  // no digit before nor after the dot

  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool negative_exponent = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      negative_exponent = text[pos] == '-';
      ++pos;
    }
    if (pos >= text.size() || !is_digit(text[pos])) return std::nullopt;
    // Saturate: beyond 10^9 the answer (overflow, or zero) no longer depends on the exact value,
    // and saturating keeps `exponent` far from int64_t overflow.
    int64_t written_exponent = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      if (written_exponent < 1000000000) {
        written_exponent = written_exponent * 10 + (text[pos] - '0');
      }
      ++pos;
    }
    exponent += negative_exponent ? -written_exponent : written_exponent;
  }
  if (pos != text.size()) return std::nullopt;

  // Normalise: leading zeros carry nothing; trailing zeros move into the exponent so that texts
  // such as "1000000000000000000000000000000e-30" do not look larger than they are.
  const size_t first_nonzero = significant_digits.find_first_not_of('0');
  if (first_nonzero == std::string::npos) return Decimal();  // zero, including "-0"
  significant_digits.erase(0, first_nonzero);
  while (significant_digits.back() == '0') {
    significant_digits.pop_back();
    ++exponent;
  }

  // raw = significant_digits × 10^(exponent + 9), rounded half away from zero.
  const int64_t raw_exponent = exponent + kFractionDigits;
  const int64_t digit_count = static_cast<int64_t>(significant_digits.size());
  size_t kept_count = significant_digits.size();
  bool round_up = false;
  if (raw_exponent < 0) {
    if (-raw_exponent > digit_count) return Decimal();  // below half of 10^-9
    kept_count = static_cast<size_t>(digit_count + raw_exponent);
    round_up = significant_digits[kept_count] >= '5';  // the first dropped digit decides alone
  } else if (digit_count + raw_exponent > 39) {
    return std::nullopt;  // at least 10^39 > 2^127
  }

  UInt128 magnitude_value = 0;
  for (size_t i = 0; i < kept_count; ++i) {
    const unsigned digit = static_cast<unsigned>(significant_digits[i] - '0');
    // Below kSafeMagnitude no digit can overflow: the exact test (a 128-bit division) only above.
    constexpr UInt128 kSafeMagnitude = (kMaxMagnitude - 9) / 10;
    if (magnitude_value > kSafeMagnitude && magnitude_value > (kMaxMagnitude - digit) / 10)
      return std::nullopt;
    magnitude_value = magnitude_value * 10 + digit;
  }
  if (raw_exponent > 0) {
    const UInt128 scale = power_of_ten(static_cast<int>(raw_exponent));  // ≤ 10^38, see above
    if (magnitude_value > kMaxMagnitude / scale) return std::nullopt;
    magnitude_value *= scale;
  }
  if (round_up) ++magnitude_value;  // may reach kMaxMagnitude + 1, caught below
  return checked_from_magnitude(magnitude_value, negative);
}

std::optional<Decimal> Decimal::from_double(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  // The usual amounts (below 10^9, at most 6 decimals: 1450.35) without printing: the first k for
  // which m = value × 10^k rounded gives m / 10^k == value. m < 10^15 and 10^k are exact doubles,
  // so that division is the correctly rounded value of the decimal m·10^-k, what a reader gives;
  // and the decimals of k places are 10^-k apart, more than 8 ulps of such a value: at most one
  // reads back as it, the one the printing below finds, as k is the fewest places that do.
  static constexpr double kExactPowers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
  static constexpr int64_t kToRaw[] = {1000000000, 100000000, 10000000, 1000000,
                                       100000,     10000,     1000};
  if (std::fabs(value) < 1e9) {
    for (int k = 0; k <= 6; ++k) {
      const double m = std::round(value * kExactPowers[k]);
      if (m / kExactPowers[k] == value) return Decimal(Int128{static_cast<int64_t>(m)} * kToRaw[k]);
    }
  }
  // The shortest text that reads back (float_text.h: the same natively and in WebAssembly).
  return parse(float_text::shortest(value));
}

std::optional<Decimal> Decimal::checked_round_to(Decimal step, Rounding mode) const {
  if (step.raw_ <= 0) return std::nullopt;
  Int128 quotient = 0;                                // truncated toward zero
  Int128 remainder = 0;                               // same sign as raw_, |remainder| < step
  if (step.raw_ <= static_cast<Int128>(kMaxSmall)) {  // a cent, a euro, ten euros…
    uint32_t rest = 0;
    const Int128 q =
        static_cast<Int128>(divide_small(magnitude(*this), static_cast<uint32_t>(step.raw_), rest));
    quotient = raw_ < 0 ? -q : q;
    remainder = raw_ < 0 ? -Int128{rest} : Int128{rest};
  } else {
    quotient = raw_ / step.raw_;
    remainder = raw_ % step.raw_;
  }
  Int128 multiple = quotient;
  if (remainder != 0) {
    switch (mode) {
      case Rounding::kNearest: {
        const Int128 remainder_magnitude = remainder < 0 ? -remainder : remainder;
        if (remainder_magnitude >= step.raw_ - remainder_magnitude) multiple += raw_ < 0 ? -1 : 1;
        break;
      }
      case Rounding::kDown:
        if (remainder < 0) multiple -= 1;
        break;
      case Rounding::kUp:
        if (remainder > 0) multiple += 1;
        break;
    }
  }
  // |multiple × step| ≤ |raw| + step: exceeds kMaxRaw only at the very edge of the range. Checked
  // on magnitudes rather than with __builtin_mul_overflow, whose 128-bit signed form needs a
  // runtime helper (__muloti4) that not every toolchain links.
  const UInt128 multiple_magnitude =
      multiple < 0 ? static_cast<UInt128>(-multiple) : static_cast<UInt128>(multiple);
  const UInt128 step_magnitude = static_cast<UInt128>(step.raw_);
  if (multiple_magnitude > kMaxMagnitude / step_magnitude) return std::nullopt;
  return from_magnitude(multiple_magnitude * step_magnitude, multiple < 0);
}

Decimal Decimal::round_to(Decimal step, Rounding mode) const {
  return checked_round_to(step, mode).value_or(*this);
}

Decimal Decimal::truncate_to(Decimal step) const {
  if (step.raw_ <= 0) return *this;
  return Decimal(raw_ - raw_ % step.raw_);  // |result| ≤ |raw_|: always in range
}

std::string Decimal::to_string() const {
  const UInt128 full = magnitude(*this);
  std::string out;
  if (raw_ < 0) out += '-';
  uint32_t fraction = 0;
  append_unsigned(out, divide_small(full, kScale32, fraction));
  if (fraction != 0) {
    int width = kFractionDigits;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --width;
    }
    out += '.';
    append_zero_padded(out, fraction, width);
  }
  return out;
}

std::string Decimal::to_fixed(int digits) const { return format_fixed(*this, digits, "", '.'); }

std::string Decimal::to_french(int digits) const {
  return format_fixed(*this, digits, "\u202F", ',');
}

double Decimal::to_double() const {
  // Below 2^53 (amounts under 9 million, to the billionth), raw and 10^9 are exact doubles, and
  // IEEE division rounds their quotient once, correctly: the double float_text gives below.
  constexpr Int128 kExact = Int128{1} << 53;
  if (raw_ > -kExact && raw_ < kExact) return static_cast<double>(static_cast<int64_t>(raw_)) / 1e9;
  // "<raw>e-9", read correctly rounded (float_text.h) where raw / 1e9 in doubles could round twice.
  std::string text;
  if (raw_ < 0) text += '-';
  append_unsigned(text, magnitude(*this));
  text += "e-9";
  return float_text::to_double(text);
}

std::optional<int64_t> Decimal::to_int64_exact() const {
  if (raw_ % kScale != 0) return std::nullopt;
  const Int128 integer = raw_ / kScale;
  if (integer < INT64_MIN || integer > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(integer);
}

std::optional<Decimal> checked_add(Decimal a, Decimal b) {
  Int128 sum = 0;
  if (__builtin_add_overflow(a.raw(), b.raw(), &sum) || sum < -Decimal::kMaxRaw) {
    return std::nullopt;
  }
  return Decimal::from_raw(sum);
}

std::optional<Decimal> checked_sub(Decimal a, Decimal b) {
  Int128 difference = 0;
  if (__builtin_sub_overflow(a.raw(), b.raw(), &difference) || difference < -Decimal::kMaxRaw) {
    return std::nullopt;
  }
  return Decimal::from_raw(difference);
}

std::optional<Decimal> checked_mul(Decimal a, Decimal b) {
  const bool negative = a.sign() * b.sign() < 0;
  const UInt128 ma = magnitude(a), mb = magnitude(b);
  // Most factors of the law (amounts, rates, counts) are below 2^64 as raws (18 billion by a
  // unit): their product is one 64-bit multiplication, where multiply_wide makes four (each a call
  // in WebAssembly), then divided as divide_rounding_half_up would. The same number, rounded the
  // same.
  if ((ma >> 64) == 0 && (mb >> 64) == 0) {
    const UInt128 product = UInt128{static_cast<uint64_t>(ma)} * static_cast<uint64_t>(mb);
    uint32_t remainder = 0;
    UInt128 quotient = divide_small(product, kScale32, remainder);
    if (remainder >= kScale32 - remainder) ++quotient;  // half up; below 2^99: no overflow
    return checked_from_magnitude(quotient, negative);
  }
  // raw(a × b) = raw(a) × raw(b) / 10^9, the product taken exactly on 256 bits.
  const UInt256 product = multiply_wide(ma, mb);
  const std::optional<UInt128> quotient =
      divide_rounding_half_up(product, static_cast<UInt128>(Decimal::kScale));
  if (!quotient) return std::nullopt;
  return checked_from_magnitude(*quotient, negative);
}

std::optional<Decimal> checked_div(Decimal dividend, Decimal divisor) {
  if (divisor.is_zero()) return std::nullopt;
  // A whole divisor k below 2^32 (12 months, 3 children…): raw(a) × 10^9 / (k × 10^9) is the same
  // number as raw(a) / k, rounded the same, with a small divisor.
  uint32_t fraction = 0;
  const UInt128 whole = divide_small(magnitude(divisor), kScale32, fraction);
  if (fraction == 0 && whole <= kMaxSmall) {
    const std::optional<UInt128> quotient =
        divide_rounding_half_up(UInt256{0, magnitude(dividend)}, whole);
    if (!quotient) return std::nullopt;
    return checked_from_magnitude(*quotient, dividend.sign() * divisor.sign() < 0);
  }
  // raw(a ÷ b) = raw(a) × 10^9 / raw(b), the scaled dividend taken exactly on 256 bits.
  const UInt256 scaled_dividend =
      multiply_wide(magnitude(dividend), static_cast<UInt128>(Decimal::kScale));
  const std::optional<UInt128> quotient =
      divide_rounding_half_up(scaled_dividend, magnitude(divisor));
  if (!quotient) return std::nullopt;
  return checked_from_magnitude(*quotient, dividend.sign() * divisor.sign() < 0);
}

}  // namespace mesaides
