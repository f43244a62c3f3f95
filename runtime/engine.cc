// Decide: one request for a bound client, without allocation or locks.
//
// Design. Requests are checked first, with the allocation-free validators of
// runtime/topic_validation.h, so invalid topics, filters and keys get their own deny
// reason before any rule is consulted, as in EvaluateReference. Then:
//   - connect returns the Decision that Bind precomputed;
//   - publish searches the client's own Publish filters when Bind collected them
//     (runtime/client_publish_filters.h), and walks the Publish trie otherwise
//     (runtime/topic_walk.h);
//   - subscribe walks the Subscribe trie;
//   - state-store actions search the key index of their access class
//     (runtime/key_lookup.h).
// The first usable grant in document order becomes the Decision's grant.

#include "runtime/engine.h"

#include <cassert>
#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/key_index.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/request.h"
#include "runtime/bound_client.h"
#include "runtime/key_lookup.h"
#include "runtime/topic_validation.h"
#include "runtime/topic_walk.h"

namespace mqauthz {
namespace {

Decision Conclude(const std::optional<CompiledGrant>& grant, ResourceKind kind) {
  if (!grant.has_value()) return Decision::Deny(DenyReason::kNoRuleMatched);
  return Decision::Allow(Grant{static_cast<int>(grant->rule), kind,
                               static_cast<int>(grant->resource),
                               static_cast<int>(grant->pattern)});
}

}  // namespace

Decision Decide(const CompiledPolicy& policy, const BoundClient& bound, const Request& request) {
  assert(bound.policy == &policy && "BoundClient used with a policy it was not bound to");

  switch (request.action) {
    case Action::kConnect:
      return bound.connect_decision;

    case Action::kPublish: {
      const std::optional<std::uint64_t> hash = HashValidTopicName(request.topic);
      if (!hash.has_value()) return Decision::Deny(DenyReason::kInvalidTopic);
      if (bound.publish_filters.complete()) {
        return Conclude(bound.publish_filters.FindGrant({request.topic, *hash}),
                        ResourceKind::kBroker);
      }
      return Conclude(FindPublishGrant(policy.publish_trie, bound, request.topic),
                      ResourceKind::kBroker);
    }

    case Action::kSubscribe: {
      const std::optional<std::string_view> filter = RemoveSharePrefix(request.topic);
      if (!filter.has_value() || !IsValidTopicFilter(*filter)) {
        return Decision::Deny(DenyReason::kInvalidFilter);
      }
      return Conclude(FindSubscribeGrant(policy.subscribe_trie, bound, *filter),
                      ResourceKind::kBroker);
    }

    case Action::kGet:
    case Action::kKeyNotify:
    case Action::kSet:
    case Action::kDel:
    case Action::kVDel:
      if (request.key.empty()) return Decision::Deny(DenyReason::kInvalidKey);
      return Conclude(FindKeyGrant(policy, bound, KeyAccessOf(request.action), request.key),
                      ResourceKind::kStateStore);
  }
  return Decision::Deny(DenyReason::kNoRuleMatched);
}

}  // namespace mqauthz
