#include "tools/request_decider.h"

#include <utility>

#include "compiler/policy_compiler.h"
#include "core/reference_evaluator.h"
#include "runtime/engine.h"

namespace mqauthz {
namespace {

class ReferenceDecider : public RequestDecider {
 public:
  explicit ReferenceDecider(Policy policy) : policy_(std::move(policy)) {}

  Decision Decide(const Client& client, const Request& request) override {
    return EvaluateReference(policy_, client, request);
  }

  const Policy& policy() const override { return policy_; }

 private:
  Policy policy_;
};

// Binds each client once for a run of requests from the same client, as a broker binds
// a client once per connection. Keeps the Policy too, which the compiled policy does not,
// for the reasons and explanations the commands print.
class CompiledDecider : public RequestDecider {
 public:
  CompiledDecider(Policy policy, std::shared_ptr<const CompiledPolicy> compiled)
      : policy_(std::move(policy)), compiled_(std::move(compiled)) {}

  Decision Decide(const Client& client, const Request& request) override {
    if (!bound_.has_value() || !SameClient(client, bound_client_)) {
      bound_client_ = client;
      bound_.emplace(Bind(*compiled_, client));
    }
    return mqauthz::Decide(*compiled_, *bound_, request);
  }

  const Policy& policy() const override { return policy_; }

 private:
  static bool SameClient(const Client& a, const Client& b) {
    return a.client_id == b.client_id && a.username == b.username && a.attributes == b.attributes;
  }

  Policy policy_;
  std::shared_ptr<const CompiledPolicy> compiled_;
  Client bound_client_;
  std::optional<BoundClient> bound_;
};

}  // namespace

std::optional<EngineKind> ParseEngineKind(std::string_view name) {
  if (name == "compiled") return EngineKind::kCompiled;
  if (name == "reference") return EngineKind::kReference;
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<RequestDecider>> MakeRequestDecider(Policy policy, EngineKind kind) {
  if (kind == EngineKind::kReference) {
    return std::make_unique<ReferenceDecider>(std::move(policy));
  }
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(policy);
  if (!compiled.ok()) return compiled.status();
  return std::make_unique<CompiledDecider>(std::move(policy), *std::move(compiled));
}

}  // namespace mqauthz
