// A compiled policy: the automata and tables that the runtime (runtime/engine.h) decides
// with. It does not keep the Policy it was compiled from.
//
// Design. Everything is immutable after CompilePolicy and shared by all threads:
//   - token_slots: a slot number per distinct token (compiler/token_slots.h);
//   - principals: rules by username, client id and attribute pair
//     (compiler/principal_index.h), for Bind;
//   - rules, broker_resources, publish_levels, client_id_glob_entries, token_string_keys:
//     per-rule tables in document order that Bind walks for the rules a client matches,
//     and client_id_globs, the `clientIds` globs (compiler/client_id_index.h);
//   - publish_trie and subscribe_trie: the topic filters of each method
//     (compiler/topic_trie.h);
//   - keys: the state-store keys of each access class (compiler/key_index.h);
//   - patterns: the text of every topic filter, clientIds glob and key, which reasons
//     quote and Bind reads Publish filters from.
// A Policy model costs about 2 KiB per realistic rule because it is made of small heap
// objects. These tables keep what serving needs in a few large arrays (docs/design.md,
// "Memory").

#ifndef MQAUTHZ_COMPILER_COMPILED_POLICY_H_
#define MQAUTHZ_COMPILER_COMPILED_POLICY_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/client_id_index.h"
#include "compiler/key_index.h"
#include "compiler/principal_index.h"
#include "compiler/publish_levels.h"
#include "compiler/text_table.h"
#include "compiler/token_slots.h"
#include "compiler/topic_trie.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/token.h"

namespace mqauthz {

// A broker resource of a rule, as Bind and reasons need it.
struct CompiledBrokerResource {
  BrokerMethod method = BrokerMethod::kConnect;
  std::uint32_t globs_begin = 0;  // into CompiledPolicy::client_id_glob_entries
  std::uint32_t glob_count = 0;   // 0: any client id
  // Into CompiledPolicy::patterns: the `clientIds` of a Connect resource, else its topics.
  std::uint32_t patterns_begin = 0;
  std::uint32_t pattern_count = 0;
  // Publish only: into CompiledPolicy::publish_levels, the first level of the first topic.
  std::uint32_t levels_begin = 0;
};

// A String key with tokens: rules[rule].stateStoreResources[resource].keys[key], with what
// Bind needs to substitute it.
struct TokenStringKey {
  std::uint32_t resource = 0;
  std::uint32_t key = 0;
  StateStoreMethod method = StateStoreMethod::kRead;
  TokenTemplate value;
};

// The keys of a state-store resource in CompiledPolicy::patterns.
struct PatternRange {
  std::uint32_t begin = 0;
  std::uint32_t count = 0;
};

struct CompiledRule {
  std::uint32_t broker_resources_begin = 0;  // into CompiledPolicy::broker_resources
  std::uint32_t broker_resource_count = 0;
  std::uint32_t state_store_resources_begin = 0;  // into CompiledPolicy::state_store_keys
  std::uint32_t state_store_resource_count = 0;
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

  std::size_t rule_count() const { return rules.size(); }

  // Returns whether `grant` names a resource and pattern of this policy. A grant of a
  // decision on another policy, such as an older generation's, may not.
  bool ContainsGrant(const Grant& grant) const;

  // Returns the topic filter, clientIds glob or key that `grant` names, as the policy
  // wrote it, or nullopt for a Connect grant without clientIds and for a grant that this
  // policy does not contain.
  std::optional<GrantPattern> FindGrantPattern(const Grant& grant) const;

  // Estimates the heap bytes of everything here, Hyperscan databases included.
  std::size_t MemoryBytes() const;

  // Whether the policy sets `cache: Enabled`.
  bool cache_enabled = true;

  TokenSlots token_slots;
  PrincipalIndex principals;

  std::vector<CompiledRule> rules;  // by rule index
  std::vector<CompiledBrokerResource> broker_resources;
  std::vector<PublishLevel> publish_levels;
  // Per state-store resource, in document order: its keys in `patterns`.
  std::vector<PatternRange> state_store_keys;
  std::vector<std::uint32_t> client_id_glob_entries;  // into client_id_globs.entries()
  std::vector<TokenStringKey> token_string_keys;
  ClientIdGlobIndex client_id_globs;

  TopicTrie publish_trie;
  TopicTrie subscribe_trie;
  std::array<KeyIndex, kKeyAccessCount> keys;  // by KeyAccess

  TextTable patterns;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_COMPILED_POLICY_H_
