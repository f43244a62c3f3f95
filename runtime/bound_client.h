// A client bound to a compiled policy: everything about the client that Decide needs,
// computed once when the client connects.
//
// Design. Bind (runtime/engine.h) fills in:
//   - rules: the rules whose principals the client matches, sorted, so that Decide can
//     intersect them with the sorted grant lists of the automata, and a bitmap of them
//     when they are many;
//   - per matched rule, which broker resources its `clientIds` globs enable for this
//     client id;
//   - the client's token values by slot (compiler/token_slots.h), each copied once;
//   - the connect Decision, which depends on nothing but the binding;
//   - the String keys with tokens of the matched rules, substituted, per access class;
//   - for a client with few Publish filters, those filters with the tokens substituted
//     (runtime/client_publish_filters.h).
// A BoundClient owns copies of everything it needs from the Client, so the Client may go
// away after Bind. It refers to the CompiledPolicy it was bound to, which must outlive
// it. It is read-only after Bind and safe to share between threads.

#ifndef MQAUTHZ_RUNTIME_BOUND_CLIENT_H_
#define MQAUTHZ_RUNTIME_BOUND_CLIENT_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/key_index.h"
#include "core/decision.h"
#include "runtime/client_publish_filters.h"

namespace mqauthz {

// The value of one token slot for a bound client. Absent and empty values are not stored:
// a token without a value matches nothing.
struct TokenValue {
  std::uint32_t slot = 0;
  // Whether the value can equal one topic level: it has no '/'.
  bool usable_as_level = false;
  std::string text;
};

struct alignas(64) BoundClient {
  // Returns the position of `rule` in `rules`, or -1 when the client does not match it.
  // O(log rules.size()). The search halves the range with a conditional move instead of a
  // branch, because which half a rule falls in is unpredictable and a client matching
  // every rule of a large policy would pay a mispredicted branch per step.
  std::ptrdiff_t FindRule(std::uint32_t rule) const {
    if (rules.empty()) return -1;
    const std::uint32_t* first = rules.data();
    for (std::size_t size = rules.size(); size > 1; size -= size / 2) {
      first = first[size / 2] <= rule ? first + size / 2 : first;
    }
    if (*first != rule) return -1;
    return first - rules.data();
  }

  // Returns whether the client matches `rule`: one bit test for a client with rule_bits, a
  // FindRule otherwise.
  bool MatchesRule(std::uint32_t rule) const {
    if (rule_bits.empty()) return FindRule(rule) >= 0;
    const std::size_t word = rule / 64;
    return word < rule_bits.size() && ((rule_bits[word] >> (rule % 64)) & 1) != 0;
  }

  // Returns whether broker resource `resource` of the rule at `rule_position` in `rules`
  // is enabled: it has no `clientIds`, or one of them matches the client id.
  bool BrokerResourceEnabled(std::size_t rule_position, std::uint32_t resource) const {
    return broker_enabled[broker_enabled_begin[rule_position] + resource] != 0;
  }

  // Returns the value of token slot `slot`, or nullptr when the client has none.
  const TokenValue* FindTokenValue(std::uint32_t slot) const {
    const auto it = std::lower_bound(
        token_values.begin(), token_values.end(), slot,
        [](const TokenValue& value, std::uint32_t wanted) { return value.slot < wanted; });
    if (it == token_values.end() || it->slot != slot) return nullptr;
    return &*it;
  }

  // Estimates the heap bytes this binding owns.
  std::size_t MemoryBytes() const;

  // The client's own Publish filters. They come first, at the start of a cache line, so
  // that a publish by a client with a few filters reads two cache lines and nothing else.
  ClientPublishFilters publish_filters;

  // The policy this client is bound to. Decide checks it in debug builds.
  const CompiledPolicy* policy = nullptr;

  std::vector<std::uint32_t> rules;                 // sorted, distinct
  std::vector<std::uint32_t> broker_enabled_begin;  // per entry of `rules`, into broker_enabled
  std::vector<std::uint8_t> broker_enabled;         // 1 per enabled broker resource

  // A bitmap of the matched rules: bit r is set when the client matches rule r. Only a
  // client that matches at least one rule in kDenseRuleShare has it, so it is never larger
  // than `rules`. A rule lookup then reads one word. Empty for other clients.
  static constexpr std::size_t kDenseRuleShare = 32;
  std::vector<std::uint64_t> rule_bits;

  // True when no matched rule has a broker resource that its `clientIds` disable, so that a
  // grant needs no position in `rules` to be usable.
  bool every_broker_resource_enabled = false;

  std::vector<TokenValue> token_values;  // sorted by slot

  Decision connect_decision = Decision::Deny(DenyReason::kNoRuleMatched);

  // Per KeyAccess: the substituted String keys with tokens of the matched rules, each
  // with its first grant in document order.
  std::array<boost::unordered_flat_map<std::string, CompiledGrant, StringViewHash, std::equal_to<>>,
             kKeyAccessCount>
      token_string_keys;

  // Bit (1 << KeyAccess): some matched rule has a state-store key with that access.
  std::uint8_t key_access_mask = 0;
};

// Bindings often sit in arrays. With a size of an even number of cache lines, the first
// lines of all clients would fall into a fraction of the CPU caches' sets and evict each
// other. An odd number spreads them over every set.
static_assert(sizeof(BoundClient) % 128 == 64, "BoundClient must be an odd number of cache lines");

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_BOUND_CLIENT_H_
