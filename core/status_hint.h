// A hint travels with an absl::Status as a payload, so that core parsers can describe how to
// fix an input without knowing where the input came from. The compiler turns the pair
// into a diagnostic `FILE:LINE:COL: error: PATH: message` followed by the hint.

#ifndef MQAUTHZ_CORE_STATUS_HINT_H_
#define MQAUTHZ_CORE_STATUS_HINT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace mqauthz {

// Returns InvalidArgument(message) carrying `hint`, such as "write 'a/#' instead".
absl::Status InvalidArgumentWithHint(std::string_view message, std::string_view hint);

// Returns the hint attached to `status`, or an empty string.
std::string HintOf(const absl::Status& status);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_STATUS_HINT_H_
