#include "core/decision.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/text_quote.h"

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

namespace {

// Returns the element at `index` of `items`, or nullptr when `index` is out of range.
template <typename T>
const T* ItemAt(const std::vector<T>& items, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= items.size()) return nullptr;
  return &items[static_cast<std::size_t>(index)];
}

}  // namespace

const std::string* GrantPatternText(const Policy& policy, const Grant& grant) {
  const Rule* rule = ItemAt(policy.rules, grant.rule);
  if (rule == nullptr) return nullptr;

  if (grant.kind == ResourceKind::kStateStore) {
    const StateStoreResource* resource = ItemAt(rule->state_store_resources, grant.resource);
    if (resource == nullptr) return nullptr;
    const StateStoreKey* key = ItemAt(resource->keys, grant.pattern);
    return key == nullptr ? nullptr : &key->text;
  }
  const BrokerResource* resource = ItemAt(rule->broker_resources, grant.resource);
  if (resource == nullptr) return nullptr;
  if (resource->method == BrokerMethod::kConnect) {
    const ClientIdGlob* glob = ItemAt(resource->client_ids, grant.pattern);
    return glob == nullptr ? nullptr : &glob->text;
  }
  const PolicyTopicFilter* topic = ItemAt(resource->topics, grant.pattern);
  return topic == nullptr ? nullptr : &topic->text;
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
  // Control characters are escaped, so that a reason stays one line in logs and output.
  return absl::StrCat("allowed by ", path, ".", pattern->list, "[", decision.grant.pattern, "] '",
                      EscapeUnprintable(pattern->text), "'");
}

std::string DescribeDecision(const Policy& policy, const Decision& decision) {
  if (!decision.allowed) return DescribeDecision(decision, std::nullopt);
  return DescribeDecision(decision, FindGrantPattern(policy, decision.grant));
}

}  // namespace mqauthz
