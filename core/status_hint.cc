#include "core/status_hint.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/types/optional.h"

namespace mqauthz {
namespace {

// The type URL under which the hint is stored as an absl::Status payload.
constexpr char kHintTypeUrl[] = "mqauthz.dev/hint";

}  // namespace

absl::Status InvalidArgumentWithHint(std::string_view message, std::string_view hint) {
  absl::Status status = absl::InvalidArgumentError(std::string(message));
  status.SetPayload(kHintTypeUrl, absl::Cord(std::string(hint)));
  return status;
}

std::string HintOf(const absl::Status& status) {
  const absl::optional<absl::Cord> hint = status.GetPayload(kHintTypeUrl);
  if (!hint.has_value()) return "";
  return std::string(*hint);
}

}  // namespace mqauthz
