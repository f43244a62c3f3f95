// A compiled policy: the validated Policy together with the automata that the runtime
// (runtime/engine.h) decides with.
//
// Design. Everything is immutable after CompilePolicy and shared by all threads:
//   - token_slots: a slot number per distinct token (compiler/token_slots.h);
//   - principals: rules by username, client id and attribute pair
//     (compiler/principal_index.h), for Bind;
//   - rules, broker_resources, client_id_glob_entries, token_string_keys: per-rule tables
//     in document order that Bind walks for the rules a client matches, and
//     client_id_globs, the `clientIds` globs (compiler/client_id_index.h);
//   - publish_trie and subscribe_trie: the topic filters of each method
//     (compiler/topic_trie.h);
//   - keys: the state-store keys of each access class (compiler/key_index.h).
// Glob entries point into `policy`. The struct is move-only, and a move keeps those
// pointers valid because they point into vector buffers, which a move hands over.

#ifndef MQAUTHZ_COMPILER_COMPILED_POLICY_H_
#define MQAUTHZ_COMPILER_COMPILED_POLICY_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "compiler/client_id_index.h"
#include "compiler/key_index.h"
#include "compiler/principal_index.h"
#include "compiler/token_slots.h"
#include "compiler/topic_trie.h"
#include "core/policy.h"

namespace mqauthz {

// A broker resource of a rule, as Bind needs it.
struct CompiledBrokerResource {
  BrokerMethod method = BrokerMethod::kConnect;
  std::uint32_t globs_begin = 0;  // into CompiledPolicy::client_id_glob_entries
  std::uint32_t glob_count = 0;   // 0: any client id
};

// A String key with tokens: rules[rule].stateStoreResources[resource].keys[key].
struct TokenStringKey {
  std::uint32_t resource = 0;
  std::uint32_t key = 0;
};

struct CompiledRule {
  std::uint32_t broker_resources_begin = 0;  // into CompiledPolicy::broker_resources
  std::uint32_t broker_resource_count = 0;
  std::uint32_t token_string_keys_begin = 0;  // into CompiledPolicy::token_string_keys
  std::uint32_t token_string_key_count = 0;
  // Bit (1 << KeyAccess): some state-store key of this rule grants that access.
  std::uint8_t key_access_mask = 0;
};

struct CompiledPolicy {
  CompiledPolicy() = default;
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;
  CompiledPolicy(CompiledPolicy&&) = default;
  CompiledPolicy& operator=(CompiledPolicy&&) = default;

  // Returns the trie of a broker method: Publish or Subscribe.
  const TopicTrie& trie(BrokerMethod method) const {
    return method == BrokerMethod::kSubscribe ? subscribe_trie : publish_trie;
  }
  const KeyIndex& key_index(KeyAccess access) const {
    return keys[static_cast<std::size_t>(access)];
  }

  // Estimates the heap bytes of the automata and indexes, Hyperscan databases included.
  // The source policy is not counted.
  std::size_t MemoryBytes() const;

  // The validated source policy. Decisions name grants by its indices, and reasons quote
  // its text.
  Policy policy;

  TokenSlots token_slots;
  PrincipalIndex principals;

  std::vector<CompiledRule> rules;  // by rule index
  std::vector<CompiledBrokerResource> broker_resources;
  std::vector<std::uint32_t> client_id_glob_entries;  // into client_id_globs.entries()
  std::vector<TokenStringKey> token_string_keys;
  ClientIdGlobIndex client_id_globs;

  TopicTrie publish_trie;
  TopicTrie subscribe_trie;
  std::array<KeyIndex, kKeyAccessCount> keys;  // by KeyAccess
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_COMPILED_POLICY_H_
