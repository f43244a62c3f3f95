#include "compiler/strict_base64.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "core/status_hint.h"
#include "core/text_quote.h"

namespace mqauthz {
namespace {

// Returns the 6-bit value of a standard base64 digit, or -1.
int DigitValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> DecodeStrictBase64(std::string_view text) {
  if (text.empty()) {
    return InvalidArgumentWithHint("binary key is empty",
                                   "write the key's bytes in base64, such as \"AAEC\"");
  }

  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  const std::string_view digits = text.substr(0, text.size() - padding);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[i];
    if (DigitValue(c) >= 0) continue;
    std::string hint = "use only A-Z, a-z, 0-9, '+' and '/', with '=' padding at the end";
    if (c == '-' || c == '_') {
      hint = "this looks like URL-safe base64: write '+' for '-' and '/' for '_'";
    }
    return InvalidArgumentWithHint(
        absl::StrCat("binary key ", QuoteText(text), " is not valid base64: character ",
                     QuoteText(text.substr(i, 1)), " at byte ", i),
        hint);
  }

  if (text.size() % 4 != 0) {
    return InvalidArgumentWithHint(
        absl::StrCat("binary key ", QuoteText(text), " is not valid base64: its length, ",
                     text.size(), ", is not a multiple of 4"),
        "pad the text with '=' to a multiple of 4 characters, or check for a missing "
        "character");
  }

  // With one '=' the last digit carries 2 unused bits, with two '=' 4 unused bits.
  if (padding > 0) {
    const int last = DigitValue(digits.back());
    const int unused_mask = padding == 1 ? 0x3 : 0xF;
    if ((last & unused_mask) != 0) {
      return InvalidArgumentWithHint(
          absl::StrCat("binary key ", QuoteText(text),
                       " is not canonical base64: the bits after the last byte are not zero"),
          "re-encode the bytes with a standard base64 encoder");
    }
  }

  std::string bytes;
  if (!absl::Base64Unescape(AbslView(text), &bytes)) {
    return InvalidArgumentWithHint(
        absl::StrCat("binary key ", QuoteText(text), " is not valid base64"),
        "re-encode the bytes with a standard base64 encoder");
  }
  return bytes;
}

}  // namespace mqauthz
