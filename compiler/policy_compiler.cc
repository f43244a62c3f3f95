// CompilePolicy: the driver that lowers a validated Policy into a CompiledPolicy.
//
// Design. The driver walks the policy in document order, so every structure it feeds
// receives grants already sorted by (rule, resource, pattern), and the result depends
// only on the policy and the options:
//   1. principals are indexed;
//   2. per rule, the broker resources and their `clientIds` globs are tabled, with every
//      pattern's text and the Publish filters' levels. The state-store keys go to the
//      read and write key indexes, and String keys with tokens to the per-rule table that
//      Bind specializes;
//   3. the Publish filters build one trie, then the Subscribe filters another, both under
//      one node budget;
//   4. the glob indexes compile their Hyperscan databases, under one byte budget.

#include "compiler/policy_compiler.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/client_id_index.h"
#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/key_index.h"
#include "compiler/principal_index.h"
#include "compiler/publish_levels.h"
#include "compiler/topic_trie.h"
#include "core/policy.h"

namespace mqauthz {
namespace {

constexpr std::array<KeyAccess, kKeyAccessCount> kAccesses = {KeyAccess::kRead, KeyAccess::kWrite};

std::string LiteralText(const TokenTemplate& value) {
  std::string text;
  for (const auto& part : value.parts) text.append(std::get<std::string>(part));
  return text;
}

// The count and size of a policy's pattern texts. CompiledPolicy::patterns stores them with
// 32-bit offsets.
struct PatternTextSize {
  std::size_t texts = 0;
  std::size_t bytes = 0;

  void Add(const std::string& text) {
    ++texts;
    bytes += text.size();
  }
};

PatternTextSize MeasurePatternTexts(const Policy& policy) {
  PatternTextSize size;
  for (const Rule& rule : policy.rules) {
    for (const BrokerResource& resource : rule.broker_resources) {
      for (const ClientIdGlob& glob : resource.client_ids) size.Add(glob.text);
      for (const PolicyTopicFilter& topic : resource.topics) size.Add(topic.text);
    }
    for (const StateStoreResource& resource : rule.state_store_resources) {
      for (const StateStoreKey& key : resource.keys) size.Add(key.text);
    }
  }
  return size;
}

// Records the broker resources of `rule`: the glob entries of their `clientIds`, their
// pattern texts and, for Publish, their filters' levels.
absl::Status AddBrokerResources(const Rule& rule, CompiledPolicy& compiled,
                                ClientIdGlobIndexBuilder& client_ids,
                                std::vector<std::string_view>& level_spans) {
  for (const BrokerResource& resource : rule.broker_resources) {
    CompiledBrokerResource entry;
    entry.method = resource.method;
    entry.globs_begin = static_cast<std::uint32_t>(compiled.client_id_glob_entries.size());
    entry.glob_count = static_cast<std::uint32_t>(resource.client_ids.size());
    for (const ClientIdGlob& glob : resource.client_ids) {
      compiled.client_id_glob_entries.push_back(
          client_ids.Add(glob.text, glob.glob, compiled.token_slots));
    }

    entry.patterns_begin = static_cast<std::uint32_t>(compiled.patterns.size());
    if (resource.method == BrokerMethod::kConnect) {
      for (const ClientIdGlob& glob : resource.client_ids) compiled.patterns.Add(glob.text);
    }
    entry.levels_begin = static_cast<std::uint32_t>(compiled.publish_levels.size());
    for (const PolicyTopicFilter& topic : resource.topics) {
      compiled.patterns.Add(topic.text);
      if (resource.method != BrokerMethod::kPublish) continue;
      if (absl::Status status =
              AppendPublishLevels(topic.text, topic.filter, compiled.publish_levels, level_spans);
          !status.ok()) {
        return status;
      }
    }
    entry.pattern_count =
        static_cast<std::uint32_t>(compiled.patterns.size()) - entry.patterns_begin;
    compiled.broker_resources.push_back(entry);
  }
  return absl::OkStatus();
}

// Records the key texts of `rule`, whose index is `r`, and sends its keys to the key
// indexes, or to the per-rule table of String keys with tokens. Returns the rule's key
// access mask.
std::uint8_t AddStateStoreKeys(const Rule& rule, std::uint32_t r, CompiledPolicy& compiled,
                               std::array<KeyIndexBuilder, kKeyAccessCount>& indexes) {
  std::uint8_t mask = 0;
  for (std::size_t s = 0; s < rule.state_store_resources.size(); ++s) {
    const StateStoreResource& resource = rule.state_store_resources[s];
    compiled.state_store_keys.push_back({static_cast<std::uint32_t>(compiled.patterns.size()),
                                         static_cast<std::uint32_t>(resource.keys.size())});
    for (std::size_t k = 0; k < resource.keys.size(); ++k) {
      const StateStoreKey& key = resource.keys[k];
      compiled.patterns.Add(key.text);
      const CompiledGrant grant{r, static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(k)};
      if (resource.key_type == KeyType::kString && key.exact.HasTokens()) {
        compiled.token_string_keys.push_back(
            {grant.resource, grant.pattern, resource.method, key.exact});
      }
      for (const KeyAccess access : kAccesses) {
        if (!MethodGrantsAccess(resource.method, access)) continue;
        mask |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(access));
        KeyIndexBuilder& index = indexes[static_cast<std::size_t>(access)];
        switch (resource.key_type) {
          case KeyType::kPattern:
            index.AddPattern(key.text, key.glob, grant, compiled.token_slots);
            break;
          case KeyType::kString:
            if (!key.exact.HasTokens()) index.AddExact(LiteralText(key.exact), grant);
            break;
          case KeyType::kBinary:
            index.AddExact(key.bytes, grant);
            break;
        }
      }
    }
  }
  return mask;
}

// Builds the trie of `method`'s topic filters with at most `max_nodes` nodes.
absl::StatusOr<TopicTrie> BuildTrie(const Policy& policy, BrokerMethod method,
                                    std::size_t max_nodes, TokenSlots& slots) {
  TopicTrieBuilder builder(max_nodes);
  for (std::size_t r = 0; r < policy.rules.size(); ++r) {
    const Rule& rule = policy.rules[r];
    for (std::size_t b = 0; b < rule.broker_resources.size(); ++b) {
      const BrokerResource& resource = rule.broker_resources[b];
      if (resource.method != method) continue;
      for (std::size_t t = 0; t < resource.topics.size(); ++t) {
        const CompiledGrant grant{static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(b),
                                  static_cast<std::uint32_t>(t)};
        if (absl::Status status = builder.Add(resource.topics[t].filter, grant, slots);
            !status.ok()) {
          return status;
        }
      }
    }
  }
  return std::move(builder).Build();
}

// Restates a trie builder's budget error, which names what remained for one trie, with the
// budget the caller set for both.
absl::Status TrieBudgetError(const absl::Status& status, const CompileOptions& options) {
  if (status.code() != absl::StatusCode::kResourceExhausted) return status;
  return absl::ResourceExhaustedError(absl::StrCat(
      "the policy's topic filters need more than ", options.max_trie_nodes,
      " nodes in the Publish and Subscribe tries together, the budget set by "
      "CompileOptions::max_trie_nodes; raise the budget or use fewer or shorter distinct "
      "filters"));
}

// Compiling stops at the first database past the budget, so `used` is a lower bound of
// what the policy needs.
absl::Status CheckHyperscanBudget(std::size_t used, const CompileOptions& options) {
  if (used <= options.max_hyperscan_bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "the policy's globs and key patterns need at least ", used,
      " bytes of Hyperscan databases, more than the ", options.max_hyperscan_bytes,
      " bytes set by CompileOptions::max_hyperscan_bytes; raise the budget or use fewer "
      "distinct patterns"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(const Policy& policy,
                                                                    const CompileOptions& options) {
  // The two trie roots exist before any filter is added.
  if (options.max_trie_nodes < 2) {
    return absl::ResourceExhaustedError(
        absl::StrCat("CompileOptions::max_trie_nodes is ", options.max_trie_nodes,
                     ", but the two topic tries need at least 2 nodes for their roots"));
  }

  const PatternTextSize pattern_texts = MeasurePatternTexts(policy);
  if (pattern_texts.bytes > std::numeric_limits<std::uint32_t>::max()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the policy's topic filters, clientIds and keys hold ", pattern_texts.bytes,
        " bytes of text, more than the 4 GiB a compiled policy can index; split the policy"));
  }

  auto compiled = std::make_shared<CompiledPolicy>();
  compiled->cache_enabled = policy.cache_enabled;
  compiled->patterns.Reserve(pattern_texts.texts, pattern_texts.bytes);

  // 1. Principals.
  compiled->principals = PrincipalIndex::Build(policy);

  // 2. Per-rule tables, clientIds globs and state-store keys, in document order.
  ClientIdGlobIndexBuilder client_ids;
  std::array<KeyIndexBuilder, kKeyAccessCount> key_indexes;
  std::vector<std::string_view> level_spans;
  compiled->rules.reserve(policy.rules.size());
  for (std::size_t r = 0; r < policy.rules.size(); ++r) {
    const Rule& rule = policy.rules[r];
    CompiledRule entry;
    entry.broker_resources_begin = static_cast<std::uint32_t>(compiled->broker_resources.size());
    entry.broker_resource_count = static_cast<std::uint32_t>(rule.broker_resources.size());
    if (absl::Status status = AddBrokerResources(rule, *compiled, client_ids, level_spans);
        !status.ok()) {
      return status;
    }

    entry.state_store_resources_begin =
        static_cast<std::uint32_t>(compiled->state_store_keys.size());
    entry.state_store_resource_count =
        static_cast<std::uint32_t>(rule.state_store_resources.size());
    entry.token_string_keys_begin = static_cast<std::uint32_t>(compiled->token_string_keys.size());
    entry.key_access_mask =
        AddStateStoreKeys(rule, static_cast<std::uint32_t>(r), *compiled, key_indexes);
    entry.token_string_key_count = static_cast<std::uint32_t>(compiled->token_string_keys.size()) -
                                   entry.token_string_keys_begin;
    compiled->rules.push_back(entry);
  }
  compiled->broker_resources.shrink_to_fit();
  compiled->publish_levels.shrink_to_fit();
  compiled->state_store_keys.shrink_to_fit();
  compiled->client_id_glob_entries.shrink_to_fit();

  // 3. Topic tries, under one node budget.
  absl::StatusOr<TopicTrie> publish =
      BuildTrie(policy, BrokerMethod::kPublish, options.max_trie_nodes - 1, compiled->token_slots);
  if (!publish.ok()) return TrieBudgetError(publish.status(), options);
  compiled->publish_trie = *std::move(publish);
  absl::StatusOr<TopicTrie> subscribe = BuildTrie(
      policy, BrokerMethod::kSubscribe,
      options.max_trie_nodes - compiled->publish_trie.node_count(), compiled->token_slots);
  if (!subscribe.ok()) return TrieBudgetError(subscribe.status(), options);
  compiled->subscribe_trie = *std::move(subscribe);

  // 4. Hyperscan databases, under one byte budget.
  std::size_t hyperscan_bytes = 0;
  absl::StatusOr<ClientIdGlobIndex> client_id_index = std::move(client_ids).Build();
  if (!client_id_index.ok()) return client_id_index.status();
  compiled->client_id_globs = *std::move(client_id_index);
  hyperscan_bytes += compiled->client_id_globs.database().SizeBytes();
  if (absl::Status status = CheckHyperscanBudget(hyperscan_bytes, options); !status.ok()) {
    return status;
  }
  for (const KeyAccess access : kAccesses) {
    const auto a = static_cast<std::size_t>(access);
    absl::StatusOr<KeyIndex> index = std::move(key_indexes[a]).Build();
    if (!index.ok()) return index.status();
    compiled->keys[a] = *std::move(index);
    hyperscan_bytes += compiled->keys[a].database().SizeBytes();
    if (absl::Status status = CheckHyperscanBudget(hyperscan_bytes, options); !status.ok()) {
      return status;
    }
  }

  return std::shared_ptr<const CompiledPolicy>(std::move(compiled));
}

}  // namespace mqauthz
