// Quoting of user text inside diagnostic messages and decision reasons.

#ifndef MQAUTHZ_CORE_TEXT_QUOTE_H_
#define MQAUTHZ_CORE_TEXT_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace mqauthz {

// Maximum number of bytes of a value that a message repeats. A longer value is cut and
// its full size noted, so that a 65,536-byte topic filter does not flood the output.
inline constexpr std::size_t kMaxQuotedBytes = 80;

// Returns `text` in double quotes, in the escape syntax of JSON. `"`, `\` and control
// characters (U+0000 to U+001F, U+007F and U+0080 to U+009F) are escaped, and a byte that
// is not part of valid UTF-8 is written as \xNN. Text longer than kMaxQuotedBytes is cut at
// a character boundary and followed by "... (N bytes)".
std::string QuoteText(std::string_view text);

// Returns `text` with each control character written as in QuoteText (\n, \t, \u0001)
// and each byte that is not part of valid UTF-8 written as \xNN. Other text, quotes and
// backslashes included, is kept, so the result prints as it is on a terminal.
std::string EscapeUnprintable(std::string_view text);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_TEXT_QUOTE_H_
