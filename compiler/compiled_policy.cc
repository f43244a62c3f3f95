#include "compiler/compiled_policy.h"

#include <cstddef>
#include <cstdint>

namespace mqauthz {

std::size_t CompiledPolicy::MemoryBytes() const {
  std::size_t bytes = token_slots.MemoryBytes() + principals.MemoryBytes();
  bytes += rules.capacity() * sizeof(CompiledRule) +
           broker_resources.capacity() * sizeof(CompiledBrokerResource) +
           client_id_glob_entries.capacity() * sizeof(std::uint32_t) +
           token_string_keys.capacity() * sizeof(TokenStringKey);
  bytes +=
      client_id_globs.MemoryBytes() + publish_trie.MemoryBytes() + subscribe_trie.MemoryBytes();
  for (const KeyIndex& index : keys) bytes += index.MemoryBytes();
  return bytes;
}

}  // namespace mqauthz
