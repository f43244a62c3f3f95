// Strict decoding of the base64 text of state store `Binary` keys.

#ifndef MQAUTHZ_COMPILER_STRICT_BASE64_H_
#define MQAUTHZ_COMPILER_STRICT_BASE64_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mqauthz {

// Decodes `text` as standard base64 (RFC 4648 section 4) and rejects every other form:
// the URL-safe alphabet ('-' and '_'), whitespace, a length that is not a multiple of 4,
// missing or misplaced '=' padding, and non-zero bits after the last encoded byte (so
// each byte string has exactly one accepted spelling). Empty text is rejected as well,
// because the state store rejects an empty key. Errors are InvalidArgument with a hint
// (core/status_hint.h).
absl::StatusOr<std::string> DecodeStrictBase64(std::string_view text);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_STRICT_BASE64_H_
