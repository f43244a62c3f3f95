#include "compiler/topic_trie.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/compiled_grant.h"
#include "compiler/token_slots.h"
#include "core/topic.h"

namespace mqauthz {

TopicTrie::TopicTrie() : nodes_(1) {}

std::uint32_t TopicTrie::FindLiteralChild(std::uint32_t parent, std::string_view level) const {
  const auto it = literal_edges_.find(LiteralEdgeQuery{parent, level});
  return it == literal_edges_.end() ? kNoNode : it->second;
}

std::size_t TopicTrie::MemoryBytes() const {
  std::size_t bytes = nodes_.capacity() * sizeof(Node) +
                      token_edges_.capacity() * sizeof(TokenEdge) +
                      grants_.capacity() * sizeof(CompiledGrant);
  // One control byte per slot, as boost::unordered_flat_map keeps them.
  bytes += literal_edges_.bucket_count() * (sizeof(std::pair<LiteralEdge, std::uint32_t>) + 1);
  for (const auto& [edge, child] : literal_edges_) {
    // Levels longer than the small-string buffer live on the heap.
    if (edge.level.size() >= sizeof(std::string)) bytes += edge.level.size() + 1;
  }
  return bytes;
}

TopicTrieBuilder::TopicTrieBuilder(std::size_t max_nodes)
    : max_nodes_(max_nodes),
      parents_{TopicTrie::kNoNode},
      plus_children_{TopicTrie::kNoNode},
      literal_child_counts_{0} {}

absl::Status TopicTrieBuilder::CheckBudget() const {
  if (parents_.size() < max_nodes_) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("the policy's topic filters need more than ", max_nodes_,
                   " topic trie nodes, the budget set by CompileOptions::max_trie_nodes; raise the "
                   "budget or use fewer or shorter distinct filters"));
}

std::uint32_t TopicTrieBuilder::AddNode(std::uint32_t parent) {
  const auto id = static_cast<std::uint32_t>(parents_.size());
  parents_.push_back(parent);
  plus_children_.push_back(TopicTrie::kNoNode);
  literal_child_counts_.push_back(0);
  return id;
}

std::uint32_t TopicTrieBuilder::FollowLiteral(std::uint32_t node, const std::string& level) {
  const std::uint32_t existing = trie_.FindLiteralChild(node, level);
  if (existing != TopicTrie::kNoNode) return existing;
  if (!CheckBudget().ok()) return TopicTrie::kNoNode;

  const std::uint32_t child = AddNode(node);
  trie_.literal_edges_.emplace(TopicTrie::LiteralEdge{node, level}, child);
  ++literal_child_counts_[node];
  return child;
}

std::uint32_t TopicTrieBuilder::FollowPlus(std::uint32_t node) {
  if (plus_children_[node] != TopicTrie::kNoNode) return plus_children_[node];
  if (!CheckBudget().ok()) return TopicTrie::kNoNode;

  const std::uint32_t child = AddNode(node);
  plus_children_[node] = child;
  return child;
}

std::uint32_t TopicTrieBuilder::FollowToken(std::uint32_t node, std::uint32_t slot) {
  const std::uint64_t key = (std::uint64_t{node} << 32) | slot;
  if (const auto it = token_children_.find(key); it != token_children_.end()) return it->second;
  if (!CheckBudget().ok()) return TopicTrie::kNoNode;

  const std::uint32_t child = AddNode(node);
  token_children_.emplace(key, child);
  token_edges_.push_back({node, slot, child});
  return child;
}

absl::Status TopicTrieBuilder::Add(const TopicFilter& filter, const CompiledGrant& grant,
                                   TokenSlots& slots) {
  std::uint32_t node = TopicTrie::kRoot;
  for (const FilterLevel& level : filter.levels) {
    switch (level.kind) {
      case LevelKind::kMultiLevelWildcard:
        // Validation put '#' last, so the filter ends here.
        grants_.push_back({node, true, grant});
        return absl::OkStatus();
      case LevelKind::kSingleLevelWildcard:
        node = FollowPlus(node);
        break;
      case LevelKind::kLiteral:
        node = FollowLiteral(node, level.text);
        break;
      case LevelKind::kToken:
        node = FollowToken(node, slots.Assign(level.token()));
        break;
    }
    if (node == TopicTrie::kNoNode) return CheckBudget();
  }
  grants_.push_back({node, false, grant});
  return absl::OkStatus();
}

TopicTrie TopicTrieBuilder::Build() && {
  TopicTrie trie = std::move(trie_);
  const std::size_t count = parents_.size();
  trie.nodes_.assign(count, TopicTrie::Node{});
  for (std::size_t id = 0; id < count; ++id) {
    trie.nodes_[id].plus_child = plus_children_[id];
    trie.nodes_[id].literal_child_count = literal_child_counts_[id];
  }

  // Token edges: contiguous per node, sorted by slot so a walk can binary-search them.
  std::sort(token_edges_.begin(), token_edges_.end(),
            [](const PendingTokenEdge& a, const PendingTokenEdge& b) {
              return a.node != b.node ? a.node < b.node : a.slot < b.slot;
            });
  trie.token_edges_.reserve(token_edges_.size());
  for (const PendingTokenEdge& edge : token_edges_) {
    TopicTrie::Node& parent = trie.nodes_[edge.node];
    if (parent.token_edge_count == 0) {
      parent.token_edges_begin = static_cast<std::uint32_t>(trie.token_edges_.size());
    }
    ++parent.token_edge_count;
    trie.token_edges_.push_back({edge.slot, edge.child});
  }

  // Grants: per node, end grants then multi-level grants. The sort is stable, so each run
  // keeps the insertion order, which is document order.
  std::stable_sort(grants_.begin(), grants_.end(),
                   [](const PendingGrant& a, const PendingGrant& b) {
                     return a.node != b.node ? a.node < b.node : a.multi_level < b.multi_level;
                   });
  trie.grants_.reserve(grants_.size());
  for (const PendingGrant& pending : grants_) {
    TopicTrie::Node& node = trie.nodes_[pending.node];
    if (node.end_grant_count + node.multi_level_grant_count == 0) {
      node.grants_begin = static_cast<std::uint32_t>(trie.grants_.size());
    }
    if (pending.multi_level) {
      ++node.multi_level_grant_count;
    } else {
      ++node.end_grant_count;
    }
    node.min_rule = std::min(node.min_rule, pending.grant.rule);
    trie.grants_.push_back(pending.grant);
  }

  // A child's id is always larger than its parent's, so one pass from the last node to the
  // first carries each subtree minimum up to the root.
  for (std::size_t id = count; id-- > 1;) {
    TopicTrie::Node& parent = trie.nodes_[parents_[id]];
    parent.min_rule = std::min(parent.min_rule, trie.nodes_[id].min_rule);
  }

  *this = TopicTrieBuilder(max_nodes_);
  return trie;
}

}  // namespace mqauthz
