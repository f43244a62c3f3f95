// The engine behind `mqauthz check` and `mqauthz replay`: the compiled engine (default)
// or the reference evaluator (`--engine=reference`). Both give the same decisions and
// reasons; the reference exists to cross-check the compiled one.

#ifndef MQAUTHZ_TOOLS_REQUEST_DECIDER_H_
#define MQAUTHZ_TOOLS_REQUEST_DECIDER_H_

#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/client.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/request.h"

namespace mqauthz {

enum class EngineKind { kCompiled, kReference };

// Parses an --engine value: "compiled" or "reference".
std::optional<EngineKind> ParseEngineKind(std::string_view name);

class RequestDecider {
 public:
  virtual ~RequestDecider() = default;

  // Decides one request. Not thread-safe: a decider reuses state between calls.
  virtual Decision Decide(const Client& client, const Request& request) = 0;

  // The policy that decisions name grants of.
  virtual const Policy& policy() const = 0;
};

// Builds a decider for `policy`. The compiled engine compiles it here; errors are those
// of CompilePolicy.
absl::StatusOr<std::unique_ptr<RequestDecider>> MakeRequestDecider(Policy policy, EngineKind kind);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_REQUEST_DECIDER_H_
