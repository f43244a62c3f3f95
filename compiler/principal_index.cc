#include "compiler/principal_index.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "boost/unordered/unordered_flat_map.hpp"
#include "core/client.h"
#include "core/policy.h"
#include "core/token.h"

namespace mqauthz {
namespace {

// Returns the text of a template without tokens.
std::string LiteralText(const TokenTemplate& value) {
  std::string text;
  for (const auto& part : value.parts) text.append(std::get<std::string>(part));
  return text;
}

void AppendRule(std::vector<std::uint32_t>& rules, std::uint32_t rule) {
  // Rules arrive in increasing order, so a repeat can only be the last one.
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

bool AttributeSetMatches(const std::vector<std::pair<std::string, TokenTemplate>>& entries,
                         const Client& client) {
  for (const auto& [name, value] : entries) {
    const auto actual = client.attributes.find(name);
    if (actual == client.attributes.end()) return false;
    const std::optional<std::string> expected = Substitute(value, client);
    if (!expected.has_value() || *expected != actual->second) return false;
  }
  return true;
}

template <typename Map>
std::size_t RuleListMapBytes(const Map& map) {
  std::size_t bytes = map.bucket_count() * (sizeof(typename Map::value_type) + 1);
  for (const auto& [key, rules] : map) {
    bytes += key.size() + rules.capacity() * sizeof(std::uint32_t);
  }
  return bytes;
}

}  // namespace

void PrincipalIndex::AddEntries(
    const std::vector<PrincipalEntry>& entries, std::uint32_t rule,
    boost::unordered_flat_map<std::string, RuleList>& exact, std::vector<TokenEntry>& with_tokens,
    boost::unordered_flat_map<std::string, std::uint32_t>& token_entry_ids) {
  for (const PrincipalEntry& entry : entries) {
    if (!entry.value.HasTokens()) {
      AppendRule(exact[LiteralText(entry.value)], rule);
      continue;
    }
    const auto [it, inserted] =
        token_entry_ids.try_emplace(entry.text, static_cast<std::uint32_t>(with_tokens.size()));
    if (inserted) with_tokens.push_back({entry.value, {}});
    AppendRule(with_tokens[it->second].rules, rule);
  }
}

void PrincipalIndex::AddAttributeSets(const std::vector<AttributeSet>& sets, std::uint32_t rule) {
  for (const AttributeSet& set : sets) {
    const bool has_tokens = std::any_of(set.entries.begin(), set.entries.end(),
                                        [](const auto& entry) { return entry.second.HasTokens(); });
    if (has_tokens) {
      token_attribute_sets_.push_back({rule, set.entries});
      continue;
    }
    const auto id = static_cast<std::uint32_t>(attribute_sets_.size());
    attribute_sets_.push_back({rule, static_cast<std::uint32_t>(set.entries.size())});
    // One list item per entry, so a map that names the same pair twice needs two hits,
    // and one that names a name twice with different values can never match, as in
    // PrincipalsMatch.
    for (const auto& [name, value] : set.entries) {
      attribute_pairs_[AttributePair{name, LiteralText(value)}].push_back(id);
    }
  }
}

PrincipalIndex PrincipalIndex::Build(const Policy& policy) {
  PrincipalIndex index;
  boost::unordered_flat_map<std::string, std::uint32_t> token_username_ids;
  boost::unordered_flat_map<std::string, std::uint32_t> token_client_id_ids;
  for (std::size_t r = 0; r < policy.rules.size(); ++r) {
    const Principals& principals = policy.rules[r].principals;
    const auto rule = static_cast<std::uint32_t>(r);
    index.AddEntries(principals.usernames, rule, index.usernames_, index.token_usernames_,
                     token_username_ids);
    index.AddEntries(principals.client_ids, rule, index.client_ids_, index.token_client_ids_,
                     token_client_id_ids);
    index.AddAttributeSets(principals.attributes, rule);
  }
  return index;
}

std::vector<std::uint32_t> PrincipalIndex::MatchRules(const Client& client) const {
  std::vector<std::uint32_t> rules;
  const auto append = [&rules](const RuleList& list) {
    rules.insert(rules.end(), list.begin(), list.end());
  };

  // Exact usernames and client ids: one lookup each.
  if (client.username.has_value()) {
    if (const auto it = usernames_.find(*client.username); it != usernames_.end()) {
      append(it->second);
    }
  }
  if (const auto it = client_ids_.find(client.client_id); it != client_ids_.end()) {
    append(it->second);
  }

  // Attribute maps without tokens: count the hits of each map the client's pairs reach.
  boost::unordered_flat_map<std::uint32_t, std::uint32_t> hits;
  for (const auto& [name, value] : client.attributes) {
    const auto it = attribute_pairs_.find(AttributePairQuery{name, value});
    if (it == attribute_pairs_.end()) continue;
    for (const std::uint32_t set : it->second) {
      if (++hits[set] == attribute_sets_[set].entry_count)
        rules.push_back(attribute_sets_[set].rule);
    }
  }

  // Entries with tokens: substitute each distinct text once.
  if (client.username.has_value()) {
    for (const TokenEntry& entry : token_usernames_) {
      const std::optional<std::string> expected = Substitute(entry.value, client);
      if (expected.has_value() && *expected == *client.username) append(entry.rules);
    }
  }
  for (const TokenEntry& entry : token_client_ids_) {
    const std::optional<std::string> expected = Substitute(entry.value, client);
    if (expected.has_value() && *expected == client.client_id) append(entry.rules);
  }
  for (const TokenAttributeSet& set : token_attribute_sets_) {
    if (AttributeSetMatches(set.entries, client)) rules.push_back(set.rule);
  }

  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  return rules;
}

std::size_t PrincipalIndex::MemoryBytes() const {
  std::size_t bytes = RuleListMapBytes(usernames_) + RuleListMapBytes(client_ids_);
  bytes += attribute_pairs_.bucket_count() * (sizeof(decltype(attribute_pairs_)::value_type) + 1);
  for (const auto& [pair, sets] : attribute_pairs_) {
    bytes += pair.name.size() + pair.value.size() + sets.capacity() * sizeof(std::uint32_t);
  }
  bytes += attribute_sets_.capacity() * sizeof(AttributeSetInfo);
  for (const auto* entries : {&token_usernames_, &token_client_ids_}) {
    bytes += entries->capacity() * sizeof(TokenEntry);
    for (const TokenEntry& entry : *entries) {
      bytes += entry.rules.capacity() * sizeof(std::uint32_t) +
               entry.value.parts.capacity() * sizeof(entry.value.parts[0]);
    }
  }
  bytes += token_attribute_sets_.capacity() * sizeof(TokenAttributeSet);
  for (const TokenAttributeSet& set : token_attribute_sets_) {
    for (const auto& [name, value] : set.entries) {
      bytes += sizeof(set.entries[0]) + name.capacity() +
               value.parts.capacity() * sizeof(value.parts[0]);
    }
  }
  return bytes;
}

}  // namespace mqauthz
