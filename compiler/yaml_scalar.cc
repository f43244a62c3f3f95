#include "compiler/yaml_scalar.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace mqauthz {
namespace {

constexpr std::array<std::string_view, 5> kNullWords = {"", "~", "null", "Null", "NULL"};
constexpr std::array<std::string_view, 22> kBoolWords = {
    "y",    "Y",    "yes",   "Yes",   "YES",   "n",  "N",  "no", "No",  "NO",  "true",
    "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
constexpr std::array<std::string_view, 12> kSpecialFloatWords = {".inf",  ".Inf",  ".INF",  "+.inf",
                                                                 "+.Inf", "+.INF", "-.inf", "-.Inf",
                                                                 "-.INF", ".nan",  ".NaN",  ".NAN"};

template <std::size_t N>
bool IsOneOf(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (text == word) return true;
  }
  return false;
}

bool IsDigitInBase(char c, int base) {
  if (base == 16) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
  return c >= '0' && c < static_cast<char>('0' + base);
}

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Returns whether `text` (without underscores) is an integer that Go's
// strconv.ParseInt(text, 0, 64) or strconv.ParseUint(text, 0, 64) accepts.
bool IsGoInteger(std::string_view text) {
  bool negative = false;
  bool has_sign = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    has_sign = true;
    text.remove_prefix(1);
  }

  int base = 10;
  if (text.size() >= 2 && text[0] == '0') {
    const char prefix = text[1];
    if (prefix == 'x' || prefix == 'X') {
      base = 16;
      text.remove_prefix(2);
    } else if (prefix == 'b' || prefix == 'B') {
      base = 2;
      text.remove_prefix(2);
    } else if (prefix == 'o' || prefix == 'O') {
      base = 8;
      text.remove_prefix(2);
    } else {
      base = 8;
      text.remove_prefix(1);
    }
  }
  if (text.empty()) return false;

  std::uint64_t value = 0;
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  for (const char c : text) {
    if (!IsDigitInBase(c, base)) return false;
    const auto digit = static_cast<std::uint64_t>(DigitValue(c));
    if (value > (max - digit) / static_cast<std::uint64_t>(base)) return false;
    value = value * static_cast<std::uint64_t>(base) + digit;
  }

  // ParseInt takes a sign and the int64 range; ParseUint takes no sign.
  const std::uint64_t int64_max = std::numeric_limits<std::int64_t>::max();
  if (negative) return value <= int64_max + 1;
  if (has_sign) return value <= int64_max;
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Returns the number of digits at the start of `text`.
std::size_t CountDigits(std::string_view text) {
  std::size_t count = 0;
  while (count < text.size() && IsDigit(text[count])) ++count;
  return count;
}

// Returns whether `text` is an exponent part: [eE][-+]?[0-9]+, or nothing.
bool IsOptionalExponent(std::string_view text) {
  if (text.empty()) return true;
  if (text[0] != 'e' && text[0] != 'E') return false;
  text.remove_prefix(1);
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  const std::size_t digits = CountDigits(text);
  return digits > 0 && digits == text.size();
}

// Returns whether `text` matches go-yaml v2's float pattern
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlFloat(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  if (!text.empty() && text[0] == '.') {
    text.remove_prefix(1);
    const std::size_t digits = CountDigits(text);
    if (digits == 0) return false;
    return IsOptionalExponent(text.substr(digits));
  }
  const std::size_t digits = CountDigits(text);
  if (digits == 0) return false;
  text.remove_prefix(digits);
  if (!text.empty() && text[0] == '.') {
    text.remove_prefix(1);
    text.remove_prefix(CountDigits(text));
  }
  return IsOptionalExponent(text);
}

}  // namespace

PlainScalarKind ResolvePlainScalar(std::string_view text) {
  if (IsOneOf(text, kNullWords)) return PlainScalarKind::kNull;
  if (IsOneOf(text, kBoolWords)) return PlainScalarKind::kBool;
  if (IsOneOf(text, kSpecialFloatWords)) return PlainScalarKind::kFloat;
  if (text == "<<") return PlainScalarKind::kMergeKey;

  const char first = text[0];
  if (IsDigit(first) || first == '+' || first == '-') {
    std::string without_underscores;
    for (const char c : text) {
      if (c != '_') without_underscores += c;
    }
    if (IsGoInteger(without_underscores)) return PlainScalarKind::kInt;
    // NOTE: go-yaml leaves a float that overflows a double, such as 1e400, as a string;
    // this treats it as a number.
    if (IsYamlFloat(without_underscores)) return PlainScalarKind::kFloat;
    return PlainScalarKind::kString;
  }
  if (first == '.') {
    // go-yaml v2 passes these to strconv.ParseFloat unchanged, so '_' is not allowed.
    if (text.size() >= 2 && IsYamlFloat(text)) return PlainScalarKind::kFloat;
  }
  return PlainScalarKind::kString;
}

}  // namespace mqauthz
