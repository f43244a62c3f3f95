#include "core/reference_evaluator.h"

#include <optional>
#include <string>
#include <string_view>

#include "core/glob.h"
#include "core/token.h"
#include "core/topic.h"

namespace mqauthz {
namespace {

// Returns whether some entry, with its tokens bound to `client`, equals `value`.
bool AnyEntryEquals(const std::vector<PrincipalEntry>& entries, const Client& client,
                    std::string_view value) {
  for (const PrincipalEntry& entry : entries) {
    std::optional<std::string> expected = Substitute(entry.value, client);
    if (expected.has_value() && *expected == value) return true;
  }
  return false;
}

bool AttributeSetMatches(const AttributeSet& set, const Client& client) {
  for (const auto& [name, value] : set.entries) {
    auto actual = client.attributes.find(name);
    if (actual == client.attributes.end()) return false;

    std::optional<std::string> expected = Substitute(value, client);
    if (!expected.has_value() || *expected != actual->second) return false;
  }
  return true;
}

// Returns the index of the first glob matching the client id, -1 when the list is empty
// (no restriction), or nullopt when no glob matches.
std::optional<int> MatchClientIdGlobs(const BrokerResource& resource, const Client& client) {
  if (resource.client_ids.empty()) return -1;
  for (int i = 0; i < static_cast<int>(resource.client_ids.size()); ++i) {
    if (GlobMatches(resource.client_ids[i].glob, client, client.client_id)) return i;
  }
  return std::nullopt;
}

BrokerMethod MethodFor(Action action) {
  if (action == Action::kPublish) return BrokerMethod::kPublish;
  if (action == Action::kSubscribe) return BrokerMethod::kSubscribe;
  return BrokerMethod::kConnect;
}

// Returns the index of the first topic filter of `resource` that fits the request.
std::optional<int> MatchTopics(const BrokerResource& resource, const Client& client,
                               const Request& request, std::string_view requested_filter) {
  for (int i = 0; i < static_cast<int>(resource.topics.size()); ++i) {
    const TopicFilter& filter = resource.topics[i].filter;
    bool fits = request.action == Action::kPublish
                    ? FilterMatchesTopic(filter, client, request.topic)
                    : FilterCoversFilter(filter, client, requested_filter);
    if (fits) return i;
  }
  return std::nullopt;
}

std::optional<Grant> FindBrokerGrant(const Policy& policy, const Client& client,
                                     const Request& request, std::string_view requested_filter) {
  BrokerMethod method = MethodFor(request.action);
  for (int r = 0; r < static_cast<int>(policy.rules.size()); ++r) {
    const Rule& rule = policy.rules[r];
    if (!PrincipalsMatch(rule.principals, client)) continue;

    for (int b = 0; b < static_cast<int>(rule.broker_resources.size()); ++b) {
      const BrokerResource& resource = rule.broker_resources[b];
      if (resource.method != method) continue;

      std::optional<int> client_id_glob = MatchClientIdGlobs(resource, client);
      if (!client_id_glob.has_value()) continue;

      if (method == BrokerMethod::kConnect)
        return Grant{r, ResourceKind::kBroker, b, *client_id_glob};

      std::optional<int> topic = MatchTopics(resource, client, request, requested_filter);
      if (topic.has_value()) return Grant{r, ResourceKind::kBroker, b, *topic};
    }
  }
  return std::nullopt;
}

bool MethodAllows(StateStoreMethod method, Action action) {
  if (method == StateStoreMethod::kReadWrite) return true;
  return (method == StateStoreMethod::kRead) == IsStateStoreReadAction(action);
}

bool KeyMatches(KeyType key_type, const StateStoreKey& key, const Client& client,
                std::string_view requested) {
  switch (key_type) {
    case KeyType::kPattern:
      return GlobMatches(key.glob, client, requested);
    case KeyType::kString: {
      std::optional<std::string> expected = Substitute(key.exact, client);
      return expected.has_value() && *expected == requested;
    }
    case KeyType::kBinary:
      return key.bytes == requested;
  }
  return false;
}

std::optional<Grant> FindStateStoreGrant(const Policy& policy, const Client& client,
                                         const Request& request) {
  for (int r = 0; r < static_cast<int>(policy.rules.size()); ++r) {
    const Rule& rule = policy.rules[r];
    if (!PrincipalsMatch(rule.principals, client)) continue;

    for (int s = 0; s < static_cast<int>(rule.state_store_resources.size()); ++s) {
      const StateStoreResource& resource = rule.state_store_resources[s];
      if (!MethodAllows(resource.method, request.action)) continue;

      for (int k = 0; k < static_cast<int>(resource.keys.size()); ++k) {
        if (KeyMatches(resource.key_type, resource.keys[k], client, request.key)) {
          return Grant{r, ResourceKind::kStateStore, s, k};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool PrincipalsMatch(const Principals& principals, const Client& client) {
  if (client.username.has_value() &&
      AnyEntryEquals(principals.usernames, client, *client.username)) {
    return true;
  }
  if (AnyEntryEquals(principals.client_ids, client, client.client_id)) return true;

  for (const AttributeSet& set : principals.attributes) {
    if (AttributeSetMatches(set, client)) return true;
  }
  return false;
}

Decision EvaluateReference(const Policy& policy, const Client& client, const Request& request) {
  std::optional<Grant> grant;
  switch (request.action) {
    case Action::kConnect:
      grant = FindBrokerGrant(policy, client, request, {});
      break;

    case Action::kPublish:
      if (!ValidateTopicName(request.topic).ok()) return Decision::Deny(DenyReason::kInvalidTopic);
      grant = FindBrokerGrant(policy, client, request, {});
      break;

    case Action::kSubscribe: {
      absl::StatusOr<std::string_view> shared = StripSharePrefix(request.topic);
      if (!shared.ok() || !ValidateTopicFilter(*shared).ok()) {
        return Decision::Deny(DenyReason::kInvalidFilter);
      }
      grant = FindBrokerGrant(policy, client, request, *shared);
      break;
    }

    case Action::kGet:
    case Action::kKeyNotify:
    case Action::kSet:
    case Action::kDel:
    case Action::kVDel:
      if (request.key.empty()) return Decision::Deny(DenyReason::kInvalidKey);
      grant = FindStateStoreGrant(policy, client, request);
      break;
  }

  if (!grant.has_value()) return Decision::Deny(DenyReason::kNoRuleMatched);
  return Decision::Allow(*grant);
}

}  // namespace mqauthz
