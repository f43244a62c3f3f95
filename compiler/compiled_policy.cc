#include "compiler/compiled_policy.h"

#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/decision.h"
#include "core/policy.h"

namespace mqauthz {

std::optional<GrantPattern> CompiledPolicy::FindGrantPattern(const Grant& grant) const {
  if (grant.pattern < 0) return std::nullopt;
  const CompiledRule& rule = rules[grant.rule];
  const auto pattern = static_cast<std::uint32_t>(grant.pattern);

  if (grant.kind == ResourceKind::kStateStore) {
    const std::uint32_t first =
        state_store_patterns_begin[rule.state_store_resources_begin +
                                   static_cast<std::uint32_t>(grant.resource)];
    return GrantPattern{"keys", patterns[first + pattern]};
  }
  const CompiledBrokerResource& resource =
      broker_resources[rule.broker_resources_begin + static_cast<std::uint32_t>(grant.resource)];
  const char* list = resource.method == BrokerMethod::kConnect ? "clientIds" : "topics";
  return GrantPattern{list, patterns[resource.patterns_begin + pattern]};
}

std::size_t CompiledPolicy::MemoryBytes() const {
  std::size_t bytes = token_slots.MemoryBytes() + principals.MemoryBytes();
  bytes += rules.capacity() * sizeof(CompiledRule) +
           broker_resources.capacity() * sizeof(CompiledBrokerResource) +
           publish_levels.capacity() * sizeof(PublishLevel) +
           state_store_patterns_begin.capacity() * sizeof(std::uint32_t) +
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
