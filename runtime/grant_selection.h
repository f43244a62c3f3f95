// Selecting the first usable grant of a sorted grant list for a bound client.
//
// Design. Grant lists of the automata are sorted by (rule, resource, pattern), and a
// bound client's rules are sorted too, so the first usable grant is found by intersecting
// the two lists. The shorter list drives: with G grants and R client rules the cost is
// O(min(G log R, R log G)), so a trie node that 100,000 rules share costs a client with
// one rule a single binary search. A grant is usable when the client matches its rule and,
// for broker grants, when the rule's `clientIds` enable its resource. A grant that is not
// before the best grant found so far is never usable, which ends the search early.

#ifndef MQAUTHZ_RUNTIME_GRANT_SELECTION_H_
#define MQAUTHZ_RUNTIME_GRANT_SELECTION_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "compiler/compiled_grant.h"
#include "runtime/bound_client.h"

namespace mqauthz {

// Returns the first grant of `grants` that `bound` may use and that is before `*best`
// (any grant when `best` is nullptr), or nullptr. `grants` must be sorted. With
// kBrokerGrants the grant's broker resource must also be enabled for the client id.
template <bool kBrokerGrants>
const CompiledGrant* FindFirstUsableGrant(std::span<const CompiledGrant> grants,
                                          const BoundClient& bound, const CompiledGrant* best) {
  if (grants.empty() || bound.rules.empty()) return nullptr;
  if (best != nullptr && !(grants.front() < *best)) return nullptr;
  const auto resource_enabled = [&bound](const CompiledGrant& grant, std::size_t position) {
    return !kBrokerGrants || bound.BrokerResourceEnabled(position, grant.resource);
  };

  // Few grants: look each grant's rule up among the client's rules. The position of the
  // rule matters only when some resource of the client's rules is disabled.
  if (grants.size() <= bound.rules.size()) {
    if (!kBrokerGrants || bound.every_broker_resource_enabled) {
      for (const CompiledGrant& grant : grants) {
        if (best != nullptr && !(grant < *best)) return nullptr;
        if (bound.MatchesRule(grant.rule)) return &grant;
      }
      return nullptr;
    }
    for (const CompiledGrant& grant : grants) {
      if (best != nullptr && !(grant < *best)) return nullptr;
      const std::ptrdiff_t position = bound.FindRule(grant.rule);
      if (position >= 0 && resource_enabled(grant, static_cast<std::size_t>(position))) {
        return &grant;
      }
    }
    return nullptr;
  }

  // Few client rules: look each of them up among the grants, in rule order.
  auto it = grants.begin();
  for (std::size_t position = 0; position < bound.rules.size(); ++position) {
    const std::uint32_t rule = bound.rules[position];
    if (best != nullptr && rule > best->rule) return nullptr;
    it = std::lower_bound(it, grants.end(), rule, [](const CompiledGrant& grant, std::uint32_t r) {
      return grant.rule < r;
    });
    for (; it != grants.end() && it->rule == rule; ++it) {
      if (best != nullptr && !(*it < *best)) return nullptr;
      if (resource_enabled(*it, position)) return &*it;
    }
    if (it == grants.end()) return nullptr;
  }
  return nullptr;
}

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_GRANT_SELECTION_H_
