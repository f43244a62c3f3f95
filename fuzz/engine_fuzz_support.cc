#include "fuzz/engine_fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "tests/support/policy_generator.h"

namespace mqauthz::fuzzing {
namespace {

// Returns the grant's pattern text, or nullptr when the grant has none or its indices are
// outside `policy`, as a wrong grant from a buggy engine may be.
const std::string* PatternTextIfInRange(const Policy& policy, const Grant& grant) {
  if (grant.rule < 0 || grant.rule >= static_cast<int>(policy.rules.size())) return nullptr;
  const Rule& rule = policy.rules[grant.rule];
  if (grant.resource < 0 || grant.pattern < 0) return nullptr;

  if (grant.kind == ResourceKind::kStateStore) {
    if (grant.resource >= static_cast<int>(rule.state_store_resources.size())) return nullptr;
    const StateStoreResource& resource = rule.state_store_resources[grant.resource];
    if (grant.pattern >= static_cast<int>(resource.keys.size())) return nullptr;
    return &resource.keys[grant.pattern].text;
  }

  if (grant.resource >= static_cast<int>(rule.broker_resources.size())) return nullptr;
  const BrokerResource& resource = rule.broker_resources[grant.resource];
  if (resource.method == BrokerMethod::kConnect) {
    if (grant.pattern >= static_cast<int>(resource.client_ids.size())) return nullptr;
    return &resource.client_ids[grant.pattern].text;
  }
  if (grant.pattern >= static_cast<int>(resource.topics.size())) return nullptr;
  return &resource.topics[grant.pattern].text;
}

}  // namespace

std::optional<Policy> LoadDocument(std::string_view document) {
  return LoadPolicyText(document, "fuzz.json").policy;
}

std::shared_ptr<const CompiledPolicy> CompileOrAbort(const Policy& policy,
                                                     std::string_view document,
                                                     const CompileOptions& options) {
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(policy, options);
  if (!compiled.ok()) {
    AbortWithMessage("CompilePolicy accepts every policy that the loader accepted",
                     absl::StrCat("CompilePolicy failed: ", compiled.status().ToString(),
                                  "\npolicy:\n", std::string(document)));
  }
  return *std::move(compiled);
}

std::string DescribeOutcome(const Policy& policy, const Decision& decision) {
  if (!decision.allowed) {
    return absl::StrCat("denied: ", DenyReasonText(decision.deny_reason));
  }
  const Grant& grant = decision.grant;
  std::string text = absl::StrCat("allowed by {rule ", grant.rule, ", ",
                                  grant.kind == ResourceKind::kBroker ? "broker" : "state store",
                                  " resource ", grant.resource, ", pattern ", grant.pattern, "}");
  if (const std::string* pattern = PatternTextIfInRange(policy, grant)) {
    absl::StrAppend(&text, " ", testing::JsonString(*pattern));
  }
  if (decision.deny_reason != DenyReason::kNone) {
    absl::StrAppend(&text, " with deny reason '", DenyReasonText(decision.deny_reason), "'");
  }
  return text;
}

void AbortWithReport(std::string_view check, std::string_view document, const Client& client,
                     const Request& request, const std::vector<ReportLine>& lines) {
  std::string report =
      absl::StrCat("policy:\n", std::string(document), "client:  ", testing::DescribeClient(client),
                   "\n", "request: ", testing::DescribeRequest(request), "\n");
  for (const auto& [label, text] : lines) absl::StrAppend(&report, label, ": ", text, "\n");
  AbortWithMessage(check, report);
}

void AbortWithMessage(std::string_view check, std::string_view details) {
  std::fprintf(stderr, "\n==== engine fuzzer: check failed: %.*s\n%.*s\n",
               static_cast<int>(check.size()), check.data(), static_cast<int>(details.size()),
               details.data());
  std::fflush(stderr);
  std::abort();
}

}  // namespace mqauthz::fuzzing
