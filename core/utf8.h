// UTF-8 validation (RFC 3629), shared by topic checks, the loaders and message quoting.

#ifndef MQAUTHZ_CORE_UTF8_H_
#define MQAUTHZ_CORE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace mqauthz {

// Returns the length of the valid UTF-8 sequence that starts at text[offset], or 0 when
// the bytes there are not valid UTF-8 (overlong forms, UTF-16 surrogates and values past
// U+10FFFF are invalid). `offset` must be less than text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t offset);

// Returns the offset of the first byte that is not part of valid UTF-8, or text.size().
std::size_t FindInvalidUtf8(std::string_view text);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_UTF8_H_
