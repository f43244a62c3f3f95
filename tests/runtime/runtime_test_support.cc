#include "tests/runtime/runtime_test_support.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/diagnostic.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "core/reference_evaluator.h"
#include "gtest/gtest.h"
#include "runtime/engine.h"
#include "tests/support/policy_generator.h"

namespace mqauthz::testing {

std::optional<Policy> LoadOrFail(std::string_view text) {
  LoadResult result = LoadPolicyText(text, "policy.json");
  if (result.policy.has_value()) return std::move(result.policy);
  std::string errors;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    absl::StrAppend(&errors, FormatDiagnostic(diagnostic), "\n");
  }
  ADD_FAILURE() << "the loader rejected the policy:\n" << errors << "policy:\n" << text;
  return std::nullopt;
}

std::shared_ptr<const CompiledPolicy> CompileOrFail(const Policy& policy,
                                                    const CompileOptions& options) {
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(policy, options);
  if (!compiled.ok()) {
    ADD_FAILURE() << "CompilePolicy failed: " << compiled.status();
    return nullptr;
  }
  return *std::move(compiled);
}

Decision DecideCompiled(const CompiledPolicy& compiled, const Client& client,
                        const Request& request) {
  const BoundClient bound = Bind(compiled, client);
  return Decide(compiled, bound, request);
}

std::string DescribeFully(const Policy& policy, const Decision& decision) {
  if (!decision.allowed) return DescribeDecision(policy, decision);
  const Grant& grant = decision.grant;
  return absl::StrCat(DescribeDecision(policy, decision), " {rule ", grant.rule, ", ",
                      grant.kind == ResourceKind::kBroker ? "broker" : "state store", " resource ",
                      grant.resource, ", pattern ", grant.pattern, "}");
}

std::string CompareEngines(const Policy& policy, const CompiledPolicy& compiled,
                           const BoundClient& bound, const Client& client, const Request& request,
                           std::string_view policy_text, std::string_view origin) {
  const Decision reference = EvaluateReference(policy, client, request);
  Decision actual = Decide(compiled, bound, request);
  const char* path = "";

  // Decide settles a publish from the client's own filters when Bind collected them, and
  // walks the Publish trie otherwise: check the walk too, by binding without them.
  if (actual == reference && request.action == Action::kPublish &&
      bound.publish_filters.complete()) {
    BoundClient walking = bound;
    walking.publish_filters = {};
    actual = Decide(compiled, walking, request);
    path = " (Publish trie walk)";
  }
  // The compiled policy quotes patterns from its own text table, not from the Policy.
  const std::string reason = DescribeDecision(policy, reference);
  const std::string compiled_reason =
      actual.allowed ? DescribeDecision(actual, compiled.FindGrantPattern(actual.grant))
                     : DescribeDecision(actual, std::nullopt);
  if (reference == actual && reason == compiled_reason) return "";

  // Long generated policies would drown the report; the origin reproduces them.
  constexpr std::size_t kMaxPolicyBytes = 6000;
  const std::string shown_policy =
      policy_text.size() <= kMaxPolicyBytes
          ? std::string(policy_text)
          : absl::StrCat(std::string(policy_text.substr(0, kMaxPolicyBytes)), "\n... (",
                         policy_text.size(), " bytes in all)");
  return absl::StrCat(
      "engines disagree (", std::string(origin), ")\n", "  client:    ", DescribeClient(client),
      "\n", "  request:   ", DescribeRequest(request), "\n",
      "  reference: ", DescribeFully(policy, reference), "\n",
      "  compiled:  ", DescribeFully(policy, actual), path, "\n",
      "  compiled reason: ", compiled_reason, "\n", "  policy:\n", shown_policy, "\n");
}

Client MakeClient(std::string client_id) {
  Client client;
  client.client_id = std::move(client_id);
  return client;
}

Request Connect() { return {Action::kConnect, "", ""}; }
Request Publish(std::string topic) { return {Action::kPublish, std::move(topic), ""}; }
Request Subscribe(std::string filter) { return {Action::kSubscribe, std::move(filter), ""}; }
Request StateStore(Action action, std::string key) { return {action, "", std::move(key)}; }

}  // namespace mqauthz::testing
