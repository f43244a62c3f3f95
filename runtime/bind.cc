// Bind: turns a Client into a BoundClient for one CompiledPolicy.
//
// Design. Binding runs once per connection, so it may allocate. Its cost follows the
// client (its attributes, the rules it matches and their size), not the whole policy:
//   1. the principal index returns the matched rules;
//   2. the client's token values are copied, by slot;
//   3. the client id is looked up among the literal `clientIds` globs and in the prefix
//      index, and scanned once with the glob database, which yields every matching glob
//      entry;
//   4. for each matched rule, each broker resource is enabled or not by its globs, the
//      first enabled Connect resource gives the connect Decision, and the String keys
//      with tokens are substituted;
//   5. a client that matches at least one rule in 32 also gets a bitmap of its rules, no
//      larger than the rule list itself, and the binding notes whether any broker
//      resource of its rules is disabled;
//   6. a client with few Publish filters gets them with its tokens substituted
//      (runtime/client_publish_filters.h).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/glob_entry.h"
#include "compiler/key_index.h"
#include "compiler/token_slots.h"
#include "core/client.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/token.h"
#include "runtime/bound_client.h"
#include "runtime/engine.h"
#include "runtime/glob_matcher.h"
#include "runtime/hyperscan_scan.h"
#include "runtime/publish_filter_binding.h"

namespace mqauthz {
namespace {

void AddTokenValue(BoundClient& bound, std::uint32_t slot, const std::string& text) {
  // An empty value resolves to nothing, like an absent one.
  if (text.empty()) return;
  bound.token_values.push_back({slot, text.find('/') == std::string::npos, text});
}

void BindTokenValues(const CompiledPolicy& policy, const Client& client, BoundClient& bound) {
  AddTokenValue(bound, TokenSlots::kClientIdSlot, client.client_id);
  if (client.username.has_value())
    AddTokenValue(bound, TokenSlots::kUsernameSlot, *client.username);
  for (const auto& [name, value] : client.attributes) {
    if (const std::optional<std::uint32_t> slot = policy.token_slots.FindAttribute(name)) {
      AddTokenValue(bound, *slot, value);
    }
  }
  std::sort(bound.token_values.begin(), bound.token_values.end(),
            [](const TokenValue& a, const TokenValue& b) { return a.slot < b.slot; });
}

// Decides each `clientIds` glob entry for one client id, from one literal lookup, the
// prefix index and one database scan.
class ClientIdGlobs {
 public:
  ClientIdGlobs(const CompiledPolicy& policy, const BoundClient& bound, const Client& client)
      : entries_(policy.client_id_globs.entries()), bound_(bound), client_id_(client.client_id) {
    if (const std::optional<std::uint32_t> literal =
            policy.client_id_globs.FindLiteral(client_id_)) {
      matched_.push_back(*literal);
    }
    policy.client_id_globs.prefixes().ForEachMatch(
        client_id_, [this](std::uint32_t id) { matched_.push_back(id); });
    scanned_ = ScanWhole(policy.client_id_globs.database(), client_id_,
                         [this](std::uint32_t id) { matched_.push_back(id); });
    std::sort(matched_.begin(), matched_.end());
  }

  bool Matches(std::uint32_t entry_id) const {
    const GlobEntry& entry = entries_[entry_id];
    switch (entry.method) {
      case GlobMatchMethod::kLiteral:
        // Literal entries are never in the database, so the lookup settles them.
        return Reported(entry_id);
      case GlobMatchMethod::kPrefix:
        // Prefix entries are never in the database either.
        return Reported(entry_id);
      case GlobMatchMethod::kPrefixPrefilter:
        return Reported(entry_id) && MatchGlob(entry, bound_, client_id_);
      case GlobMatchMethod::kDatabase:
        return scanned_ ? Reported(entry_id) : MatchGlob(entry, bound_, client_id_);
      case GlobMatchMethod::kPrefilter:
        if (scanned_ && !Reported(entry_id)) return false;
        return MatchGlob(entry, bound_, client_id_);
      case GlobMatchMethod::kMatcher:
        return MatchGlob(entry, bound_, client_id_);
    }
    return false;
  }

 private:
  bool Reported(std::uint32_t entry_id) const {
    return std::binary_search(matched_.begin(), matched_.end(), entry_id);
  }

  const std::vector<GlobEntry>& entries_;
  const BoundClient& bound_;
  const std::string& client_id_;
  std::vector<std::uint32_t> matched_;  // entries the lookups or the scan reported
  bool scanned_ = false;
};

// Enables the broker resources of matched rule `r`, and sets the connect Decision when
// this rule has the first enabled Connect resource.
void BindBrokerResources(const CompiledPolicy& policy, std::uint32_t r, const ClientIdGlobs& globs,
                         BoundClient& bound) {
  const CompiledRule& rule = policy.rules[r];
  bound.broker_enabled_begin.push_back(static_cast<std::uint32_t>(bound.broker_enabled.size()));
  for (std::uint32_t b = 0; b < rule.broker_resource_count; ++b) {
    const CompiledBrokerResource& resource =
        policy.broker_resources[rule.broker_resources_begin + b];
    // The index of the first matching glob, or -1 for a resource without globs.
    int first_match = -1;
    bool enabled = resource.glob_count == 0;
    for (std::uint32_t g = 0; g < resource.glob_count && !enabled; ++g) {
      if (globs.Matches(policy.client_id_glob_entries[resource.globs_begin + g])) {
        first_match = static_cast<int>(g);
        enabled = true;
      }
    }
    bound.broker_enabled.push_back(enabled ? 1 : 0);

    if (enabled && resource.method == BrokerMethod::kConnect && !bound.connect_decision.allowed) {
      bound.connect_decision = Decision::Allow(
          Grant{static_cast<int>(r), ResourceKind::kBroker, static_cast<int>(b), first_match});
    }
  }
}

// Substitutes the String keys with tokens of matched rule `r`. Rules arrive in order, so
// the first grant stored for a key is the first in document order.
void BindTokenStringKeys(const CompiledPolicy& policy, std::uint32_t r, const Client& client,
                         BoundClient& bound) {
  const CompiledRule& rule = policy.rules[r];
  for (std::uint32_t i = 0; i < rule.token_string_key_count; ++i) {
    const TokenStringKey& entry = policy.token_string_keys[rule.token_string_keys_begin + i];
    const std::optional<std::string> key = Substitute(entry.value, client);
    if (!key.has_value()) continue;
    for (std::size_t a = 0; a < kKeyAccessCount; ++a) {
      if (!MethodGrantsAccess(entry.method, static_cast<KeyAccess>(a))) continue;
      bound.token_string_keys[a].try_emplace(*key, CompiledGrant{r, entry.resource, entry.key});
    }
  }
}

// Estimates the heap bytes of a map from strings to grants: one slot and one control byte
// per bucket, plus each string too long for the small-string buffer.
template <typename Map>
std::size_t StringMapBytes(const Map& map) {
  std::size_t bytes = map.bucket_count() * (sizeof(typename Map::value_type) + 1);
  for (const auto& [text, grant] : map) {
    if (text.size() >= sizeof(std::string)) bytes += text.size() + 1;
  }
  return bytes;
}

}  // namespace

BoundClient Bind(const CompiledPolicy& policy, const Client& client) {
  BoundClient bound;
  bound.policy = &policy;

  // 1. Rules, and 2. token values.
  bound.rules = policy.principals.MatchRules(client);
  if (bound.rules.empty()) return bound;
  BindTokenValues(policy, client, bound);

  // 3. The client id against every distinct glob at once.
  const ClientIdGlobs globs(policy, bound, client);

  // 4. Per matched rule, in document order.
  bound.broker_enabled_begin.reserve(bound.rules.size());
  for (const std::uint32_t r : bound.rules) {
    BindBrokerResources(policy, r, globs, bound);
    BindTokenStringKeys(policy, r, client, bound);
    bound.key_access_mask |= policy.rules[r].key_access_mask;
  }

  // 5. A bitmap of the rules, when they are many, and whether any resource is disabled.
  if (bound.rules.size() * BoundClient::kDenseRuleShare >= policy.rules.size()) {
    bound.rule_bits.assign((policy.rules.size() + 63) / 64, 0);
    for (const std::uint32_t r : bound.rules) {
      bound.rule_bits[r / 64] |= std::uint64_t{1} << (r % 64);
    }
  }
  bound.every_broker_resource_enabled =
      std::find(bound.broker_enabled.begin(), bound.broker_enabled.end(), 0) ==
      bound.broker_enabled.end();

  // 6. The client's own Publish filters, when it has few.
  BindPublishFilters(policy, client, bound);
  return bound;
}

std::size_t BoundClient::MemoryBytes() const {
  std::size_t bytes = rules.capacity() * sizeof(std::uint32_t) +
                      rule_bits.capacity() * sizeof(std::uint64_t) +
                      broker_enabled_begin.capacity() * sizeof(std::uint32_t) +
                      broker_enabled.capacity() + token_values.capacity() * sizeof(TokenValue);
  for (const TokenValue& value : token_values) {
    if (value.text.size() >= sizeof(std::string)) bytes += value.text.size() + 1;
  }
  bytes += publish_filters.MemoryBytes();
  for (const auto& keys : token_string_keys) bytes += StringMapBytes(keys);
  return bytes;
}

}  // namespace mqauthz
