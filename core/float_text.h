// Doubles to and from decimal text, correctly rounded, where the engine needs them beyond its own
// fast paths: a JSON number with an exponent or many digits (json_text::parse), a Decimal of more
// than 2^53 billionths written as a double, a double of many digits made a Decimal (decimal.cpp).
//
// Natively they are the C library's (strtod, printf). In WebAssembly they are JavaScript's own
// (Number(text), String(x)): the C library's strtod and printf there come with 128-bit floating
// point emulated in software, some 15 KB of gzip in the module for numbers a page never sends.
// Both are exact by their standards — the nearest double to the text, ties to even (C11 7.22.1.3
// with glibc, ECMA-262 StringToNumber); the fewest significant digits that read back, the nearest
// to the double of those, ties to even (printf's %.*e tried from 1 digit, ECMA-262
// Number::toString) — so that native and WebAssembly answers stay the same byte for byte
// (tests/wasm/parity.mjs; tests/unit/test_json_text.cpp checks the native ones on hard cases).
#pragma once

#include <string>
#include <string_view>

namespace mesaides::float_text {

// The double nearest to `number`, a JSON number's text (-?digits[.digits][(e|E)[+-]digits]);
// ±infinity beyond the double range.
double to_double(std::string_view number);

// The shortest decimal text that reads back as `x` (finite), in the form "[-]D[.DDD]e[+-]X" or as
// JavaScript writes it ("1234.5", "1e+21", "1.5e-7"): text Decimal::parse reads.
std::string shortest(double x);

}  // namespace mesaides::float_text
