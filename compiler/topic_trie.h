// A level trie of the topic filters of one broker method (Publish or Subscribe).
//
// Design. A node is the position after some filter levels. Its edges are literal levels
// (one hash map for the whole trie, keyed by parent node and level text), one '+' edge,
// and token edges sorted by token slot. A filter that ends in '#' leaves its grant among
// the "multi-level grants" of the node before the '#'; any other filter leaves its grant
// among the node's "end grants". Filters are inserted in document order, so each node's
// grants are sorted by (rule, resource, pattern) without a sort, and a runtime walk can
// intersect them with a client's sorted rule list instead of scanning them. Each node
// also stores the smallest rule in its subtree, which lets a walk that has found a grant
// skip subtrees that cannot contain an earlier one.
//
// The '$' rule of MQTT (a filter starting with '+' or '#' does not match a topic name
// starting with '$') concerns only the root's '+' edge and the root's multi-level grants,
// and the walks in runtime/topic_walk.cc skip exactly those when level 0 starts with '$'.
//
// Building is iterative (no recursion over filter levels), deterministic (node ids follow
// insertion order) and bounded by a node budget. The trie is immutable once built and
// safe to read from any number of threads.

#ifndef MQAUTHZ_COMPILER_TOPIC_TRIE_H_
#define MQAUTHZ_COMPILER_TOPIC_TRIE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/byte_words.h"
#include "compiler/compiled_grant.h"
#include "compiler/token_slots.h"
#include "core/topic.h"

namespace mqauthz {

class TopicTrie {
 public:
  static constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kNoRule = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kRoot = 0;

  struct Node {
    std::uint32_t plus_child = kNoNode;
    std::uint32_t token_edges_begin = 0;  // into the trie's token edge array
    std::uint32_t token_edge_count = 0;
    std::uint32_t grants_begin = 0;  // end grants, then multi-level grants
    std::uint32_t end_grant_count = 0;
    std::uint32_t multi_level_grant_count = 0;
    std::uint32_t min_rule = kNoRule;  // smallest rule of any grant in this subtree
    std::uint32_t literal_child_count = 0;
  };
  // Walks touch one node per visited level: two nodes share a 64-byte cache line.
  static_assert(sizeof(Node) == 32, "TopicTrie::Node must stay 32 bytes");

  struct TokenEdge {
    std::uint32_t slot = 0;
    std::uint32_t child = kNoNode;
  };

  TopicTrie();

  const Node& node(std::uint32_t id) const { return nodes_[id]; }
  std::size_t node_count() const { return nodes_.size(); }

  // Returns the child of `parent` along the literal level `level`, or kNoNode. One hash
  // lookup; `level` is compared byte for byte.
  std::uint32_t FindLiteralChild(std::uint32_t parent, std::string_view level) const;

  std::span<const TokenEdge> token_edges(const Node& node) const {
    return std::span<const TokenEdge>(token_edges_)
        .subspan(node.token_edges_begin, node.token_edge_count);
  }
  std::span<const CompiledGrant> end_grants(const Node& node) const {
    return std::span<const CompiledGrant>(grants_).subspan(node.grants_begin, node.end_grant_count);
  }
  std::span<const CompiledGrant> multi_level_grants(const Node& node) const {
    return std::span<const CompiledGrant>(grants_).subspan(node.grants_begin + node.end_grant_count,
                                                           node.multi_level_grant_count);
  }

  // Estimates the heap bytes this trie owns.
  std::size_t MemoryBytes() const;

 private:
  friend class TopicTrieBuilder;

  struct LiteralEdge {
    std::uint32_t parent = 0;
    std::string level;
  };
  struct LiteralEdgeQuery {
    std::uint32_t parent = 0;
    std::string_view level;
  };
  struct LiteralEdgeHash {
    using is_transparent = void;
    std::size_t operator()(const LiteralEdge& edge) const noexcept {
      return Combine(edge.parent, edge.level);
    }
    std::size_t operator()(const LiteralEdgeQuery& edge) const noexcept {
      return Combine(edge.parent, edge.level);
    }
    // Hashes the parent, the length and the level's bytes eight at a time, inline: levels
    // are short, and a call to a general string hash cost more than the lookup itself. The
    // map mixes the result again (boost::unordered_flat_map does for any hash not marked
    // avalanching), so one multiply and fold per word is enough.
    static std::size_t Combine(std::uint32_t parent, std::string_view level) noexcept {
      std::uint64_t hash = (std::uint64_t{parent} << 32) | level.size();
      std::size_t i = 0;
      for (; i + sizeof(std::uint64_t) <= level.size(); i += sizeof(std::uint64_t)) {
        std::uint64_t word;
        std::memcpy(&word, level.data() + i, sizeof(word));
        hash = Mix(hash ^ word);
      }
      if (i < level.size()) hash = Mix(hash ^ LoadShortTail(level.data() + i, level.size() - i));
      return static_cast<std::size_t>(hash);
    }
    static std::uint64_t Mix(std::uint64_t value) noexcept {
      value *= 0x9E3779B97F4A7C15ULL;
      return value ^ (value >> 32);
    }
  };
  struct LiteralEdgeEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const noexcept {
      return a.parent == b.parent && a.level.size() == b.level.size() &&
             EqualBytes(a.level.data(), b.level.data(), a.level.size());
    }
  };

  std::vector<Node> nodes_;
  std::vector<TokenEdge> token_edges_;
  std::vector<CompiledGrant> grants_;
  boost::unordered_flat_map<LiteralEdge, std::uint32_t, LiteralEdgeHash, LiteralEdgeEqual>
      literal_edges_;
};

// Builds a TopicTrie from filters added in document order.
class TopicTrieBuilder {
 public:
  // `max_nodes` bounds the nodes of the finished trie, the root included.
  explicit TopicTrieBuilder(std::size_t max_nodes);

  // Adds `filter` with `grant`, giving its tokens slots in `slots`. Grants must be added in
  // increasing (rule, resource, pattern) order. Returns ResourceExhausted, naming
  // CompileOptions::max_trie_nodes, when the trie would need more than `max_nodes` nodes;
  // the builder must not be used after an error.
  absl::Status Add(const TopicFilter& filter, const CompiledGrant& grant, TokenSlots& slots);

  std::size_t node_count() const { return parents_.size(); }

  // Finishes the trie. The builder is empty afterwards.
  TopicTrie Build() &&;

 private:
  struct PendingGrant {
    std::uint32_t node = 0;
    bool multi_level = false;
    CompiledGrant grant;
  };
  struct PendingTokenEdge {
    std::uint32_t node = 0;
    std::uint32_t slot = 0;
    std::uint32_t child = 0;
  };

  absl::Status CheckBudget() const;
  std::uint32_t AddNode(std::uint32_t parent);
  std::uint32_t FollowLiteral(std::uint32_t node, const std::string& level);
  std::uint32_t FollowPlus(std::uint32_t node);
  std::uint32_t FollowToken(std::uint32_t node, std::uint32_t slot);

  std::size_t max_nodes_;
  TopicTrie trie_;
  std::vector<std::uint32_t> parents_;  // by node; the root's parent is kNoNode
  std::vector<std::uint32_t> plus_children_;
  std::vector<std::uint32_t> literal_child_counts_;
  boost::unordered_flat_map<std::uint64_t, std::uint32_t> token_children_;  // node<<32|slot
  std::vector<PendingTokenEdge> token_edges_;
  std::vector<PendingGrant> grants_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_TOPIC_TRIE_H_
