// An index of rule principals, so that binding a client finds its rules without testing
// every rule.
//
// Design. Entries without tokens go into hash maps: username -> rules, client id ->
// rules, and (attribute name, value) -> attribute maps, one list item per map entry. An
// attribute map matches a client when its count of hits reaches its number of entries.
// A client has one value per name, so counting hits is exact. Entries with tokens
// (usernames: ["{principal.clientId}"]) depend on the client, so they sit in short
// always-check lists, deduplicated by text, and Bind substitutes each one once. The cost
// of MatchRules is the client's attribute count plus the rules it matches plus the
// distinct token entries, independent of the number of rules that do not match.

#ifndef MQAUTHZ_COMPILER_PRINCIPAL_INDEX_H_
#define MQAUTHZ_COMPILER_PRINCIPAL_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boost/unordered/unordered_flat_map.hpp"
#include "core/client.h"
#include "core/policy.h"
#include "core/token.h"

namespace mqauthz {

class PrincipalIndex {
 public:
  // Indexes the principals of every rule of `policy`.
  static PrincipalIndex Build(const Policy& policy);

  // Returns the sorted, distinct indices of the rules whose principals `client` matches:
  // exactly the rules for which PrincipalsMatch (core/reference_evaluator.h) is true.
  std::vector<std::uint32_t> MatchRules(const Client& client) const;

  // Estimates the heap bytes this index owns.
  std::size_t MemoryBytes() const;

 private:
  using RuleList = std::vector<std::uint32_t>;

  struct AttributePair {
    std::string name;
    std::string value;
  };
  struct AttributePairQuery {
    std::string_view name;
    std::string_view value;
  };
  struct AttributePairHash {
    using is_transparent = void;
    std::size_t operator()(const AttributePair& pair) const noexcept {
      return Combine(pair.name, pair.value);
    }
    std::size_t operator()(const AttributePairQuery& pair) const noexcept {
      return Combine(pair.name, pair.value);
    }
    static std::size_t Combine(std::string_view name, std::string_view value) noexcept {
      const std::size_t h = std::hash<std::string_view>()(name);
      return h ^
             (std::hash<std::string_view>()(value) + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2));
    }
  };
  struct AttributePairEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const noexcept {
      return std::string_view(a.name) == std::string_view(b.name) &&
             std::string_view(a.value) == std::string_view(b.value);
    }
  };

  // An attribute map without tokens.
  struct AttributeSetInfo {
    std::uint32_t rule = 0;
    std::uint32_t entry_count = 0;
  };
  // A usernames or clientIds entry with tokens, and the rules that list it.
  struct TokenEntry {
    TokenTemplate value;
    RuleList rules;
  };
  // An attribute map with a token in some value, kept whole: the index does not keep the
  // policy.
  struct TokenAttributeSet {
    std::uint32_t rule = 0;
    std::vector<std::pair<std::string, TokenTemplate>> entries;  // name, value
  };

  void AddEntries(const std::vector<PrincipalEntry>& entries, std::uint32_t rule,
                  boost::unordered_flat_map<std::string, RuleList>& exact,
                  std::vector<TokenEntry>& with_tokens,
                  boost::unordered_flat_map<std::string, std::uint32_t>& token_entry_ids);
  void AddAttributeSets(const std::vector<AttributeSet>& sets, std::uint32_t rule);

  boost::unordered_flat_map<std::string, RuleList> usernames_;
  boost::unordered_flat_map<std::string, RuleList> client_ids_;
  boost::unordered_flat_map<AttributePair, std::vector<std::uint32_t>, AttributePairHash,
                            AttributePairEqual>
      attribute_pairs_;  // -> ids in attribute_sets_
  std::vector<AttributeSetInfo> attribute_sets_;
  std::vector<TokenEntry> token_usernames_;
  std::vector<TokenEntry> token_client_ids_;
  std::vector<TokenAttributeSet> token_attribute_sets_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_PRINCIPAL_INDEX_H_
