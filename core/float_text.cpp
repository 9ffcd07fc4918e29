#include "float_text.h"

#include <cstdlib>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <cstdio>
#endif

namespace mesaides::float_text {

#ifdef __EMSCRIPTEN__

}  // namespace mesaides::float_text

// (EM_JS declares C functions: outside any namespace.) The texts are ASCII: read and written a
// byte a character, without the runtime's UTF-8 helpers.
EM_JS(double, mesaides_js_number, (const char* text, int length), {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(HEAPU8[text + i]);
  return Number(s);
});

EM_JS(int, mesaides_js_shortest, (double x, char* out, int room), {
  const s = String(x);
  if (s.length > room) return 0;
  for (let i = 0; i < s.length; i++) HEAPU8[out + i] = s.charCodeAt(i);
  return s.length;
});

namespace mesaides::float_text {

double to_double(std::string_view number) {
  return mesaides_js_number(number.data(), static_cast<int>(number.size()));
}

std::string shortest(double x) {
  char text[40];
  const int length = mesaides_js_shortest(x, text, static_cast<int>(sizeof text));
  return std::string(text, static_cast<size_t>(length));
}

#else

double to_double(std::string_view number) {
  // As "<digits>e<exponent>", without a decimal point: read the same whatever the C locale's
  // point is. The exponent saturates far beyond the double range (the digits are at most the
  // text's length, so it still decides between 0, infinity and the digits' value).
  std::string text;
  text.reserve(number.size() + 24);
  long long exponent = 0;
  size_t i = 0;
  if (i < number.size() && number[i] == '-') text += number[i++];
  for (; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) text += number[i];
  if (i < number.size() && number[i] == '.') {
    for (++i; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) {
      text += number[i];
      --exponent;
    }
  }
  if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
    ++i;
    const bool negative = i < number.size() && number[i] == '-';
    if (i < number.size() && (number[i] == '-' || number[i] == '+')) ++i;
    long long written = 0;
    for (; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i)
      if (written < 1000000000) written = written * 10 + (number[i] - '0');
    exponent += negative ? -written : written;
  }
  text += 'e';
  text += std::to_string(exponent);
  return std::strtod(text.c_str(), nullptr);
}

std::string shortest(double x) {
  // printf rounds correctly (to even on a tie), so the nearest p-digit decimal is tried first; 17
  // digits always read back.
  char buffer[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, x);
    if (std::strtod(buffer, nullptr) == x) break;
  }
  // printf and strtod agree on the locale's decimal point; the text has '.' whatever it is:
  // rebuilt from its parts "[-]D[<point>DDD]e±XX".
  std::string text;
  const char* cursor = buffer;
  if (*cursor == '-') text += *cursor++;
  text += *cursor++;  // the leading digit
  text += '.';
  while (*cursor != 'e') {
    if (*cursor >= '0' && *cursor <= '9') text += *cursor;
    ++cursor;
  }
  text += cursor;  // "e±XX"
  return text;
}

#endif

}  // namespace mesaides::float_text
