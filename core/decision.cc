#include "core/decision.h"

#include "absl/strings/str_cat.h"

namespace mqauthz {

const char* DenyReasonText(DenyReason reason) {
  switch (reason) {
    case DenyReason::kNone:
      return "allowed";
    case DenyReason::kNoRuleMatched:
      return "no rule matched";
    case DenyReason::kInvalidTopic:
      return "invalid topic";
    case DenyReason::kInvalidFilter:
      return "invalid filter";
    case DenyReason::kInvalidKey:
      return "invalid key";
  }
  return "unknown";
}

std::string GrantResourcePath(const Grant& grant) {
  const char* list =
      grant.kind == ResourceKind::kBroker ? "brokerResources" : "stateStoreResources";
  return absl::StrCat("rules[", grant.rule, "].", list, "[", grant.resource, "]");
}

const std::string* GrantPatternText(const Policy& policy, const Grant& grant) {
  if (grant.pattern < 0) return nullptr;
  const Rule& rule = policy.rules[grant.rule];

  if (grant.kind == ResourceKind::kStateStore) {
    return &rule.state_store_resources[grant.resource].keys[grant.pattern].text;
  }
  const BrokerResource& resource = rule.broker_resources[grant.resource];
  if (resource.method == BrokerMethod::kConnect) {
    return &resource.client_ids[grant.pattern].text;
  }
  return &resource.topics[grant.pattern].text;
}

std::optional<GrantPattern> FindGrantPattern(const Policy& policy, const Grant& grant) {
  const std::string* text = GrantPatternText(policy, grant);
  if (text == nullptr) return std::nullopt;
  if (grant.kind == ResourceKind::kStateStore) return GrantPattern{"keys", *text};
  const BrokerResource& resource = policy.rules[grant.rule].broker_resources[grant.resource];
  return GrantPattern{resource.method == BrokerMethod::kConnect ? "clientIds" : "topics", *text};
}

std::string DescribeDecision(const Decision& decision, std::optional<GrantPattern> pattern) {
  if (!decision.allowed) return absl::StrCat("denied: ", DenyReasonText(decision.deny_reason));

  const std::string path = GrantResourcePath(decision.grant);
  if (!pattern.has_value()) return absl::StrCat("allowed by ", path);
  return absl::StrCat("allowed by ", path, ".", pattern->list, "[", decision.grant.pattern, "] '",
                      std::string(pattern->text), "'");
}

std::string DescribeDecision(const Policy& policy, const Decision& decision) {
  if (!decision.allowed) return DescribeDecision(decision, std::nullopt);
  return DescribeDecision(decision, FindGrantPattern(policy, decision.grant));
}

}  // namespace mqauthz
