#include "compiler/compiled_policy.h"

#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/decision.h"
#include "core/policy.h"

namespace mqauthz {

bool CompiledPolicy::ContainsGrant(const Grant& grant) const {
  if (grant.rule < 0 || static_cast<std::size_t>(grant.rule) >= rules.size()) return false;
  const CompiledRule& rule = rules[static_cast<std::size_t>(grant.rule)];
  if (grant.resource < 0) return false;
  const auto resource = static_cast<std::uint32_t>(grant.resource);

  if (grant.kind == ResourceKind::kStateStore) {
    if (resource >= rule.state_store_resource_count) return false;
    const PatternRange& key_range = state_store_keys[rule.state_store_resources_begin + resource];
    return grant.pattern >= 0 && static_cast<std::uint32_t>(grant.pattern) < key_range.count;
  }
  if (resource >= rule.broker_resource_count) return false;
  const CompiledBrokerResource& broker = broker_resources[rule.broker_resources_begin + resource];
  // A Connect resource without clientIds allows with pattern -1.
  if (grant.pattern == -1) return broker.method == BrokerMethod::kConnect && broker.glob_count == 0;
  return grant.pattern >= 0 && static_cast<std::uint32_t>(grant.pattern) < broker.pattern_count;
}

std::optional<GrantPattern> CompiledPolicy::FindGrantPattern(const Grant& grant) const {
  if (grant.pattern < 0 || !ContainsGrant(grant)) return std::nullopt;
  const CompiledRule& rule = rules[static_cast<std::size_t>(grant.rule)];
  const auto resource = static_cast<std::uint32_t>(grant.resource);
  const auto pattern = static_cast<std::uint32_t>(grant.pattern);

  if (grant.kind == ResourceKind::kStateStore) {
    const PatternRange& key_range = state_store_keys[rule.state_store_resources_begin + resource];
    return GrantPattern{"keys", patterns[key_range.begin + pattern]};
  }
  const CompiledBrokerResource& broker = broker_resources[rule.broker_resources_begin + resource];
  const char* list = broker.method == BrokerMethod::kConnect ? "clientIds" : "topics";
  return GrantPattern{list, patterns[broker.patterns_begin + pattern]};
}

std::size_t CompiledPolicy::MemoryBytes() const {
  std::size_t bytes = token_slots.MemoryBytes() + principals.MemoryBytes();
  bytes += rules.capacity() * sizeof(CompiledRule) +
           broker_resources.capacity() * sizeof(CompiledBrokerResource) +
           publish_levels.capacity() * sizeof(PublishLevel) +
           state_store_keys.capacity() * sizeof(PatternRange) +
           client_id_glob_entries.capacity() * sizeof(std::uint32_t) +
           token_string_keys.capacity() * sizeof(TokenStringKey);
  for (const TokenStringKey& key : token_string_keys) {
    bytes += key.value.parts.capacity() * sizeof(key.value.parts[0]);
  }
  bytes +=
      client_id_globs.MemoryBytes() + publish_trie.MemoryBytes() + subscribe_trie.MemoryBytes();
  for (const KeyIndex& index : keys) bytes += index.MemoryBytes();
  bytes += patterns.MemoryBytes();
  return bytes;
}

}  // namespace mqauthz
