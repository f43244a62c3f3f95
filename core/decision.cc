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

namespace {

const char* PatternListName(const Policy& policy, const Grant& grant) {
  if (grant.kind == ResourceKind::kStateStore) return "keys";
  const BrokerResource& resource = policy.rules[grant.rule].broker_resources[grant.resource];
  return resource.method == BrokerMethod::kConnect ? "clientIds" : "topics";
}

}  // namespace

std::string DescribeDecision(const Policy& policy, const Decision& decision) {
  if (!decision.allowed) return absl::StrCat("denied: ", DenyReasonText(decision.deny_reason));

  std::string path = GrantResourcePath(decision.grant);
  const std::string* pattern = GrantPatternText(policy, decision.grant);
  if (pattern == nullptr) return absl::StrCat("allowed by ", path);
  return absl::StrCat("allowed by ", path, ".", PatternListName(policy, decision.grant), "[",
                      decision.grant.pattern, "] '", *pattern, "'");
}

}  // namespace mqauthz
