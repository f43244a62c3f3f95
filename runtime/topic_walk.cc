#include "runtime/topic_walk.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "compiler/byte_words.h"
#include "compiler/compiled_grant.h"
#include "compiler/topic_trie.h"
#include "runtime/bound_client.h"
#include "runtime/grant_selection.h"

namespace mqauthz {
namespace {

using Node = TopicTrie::Node;

// A node to visit: `levels` levels of the request are consumed, and the next one starts
// at byte `offset`; offset == size + 1 means every level is consumed.
// No default member values: the stack's 64 inline entries stay uninitialized until pushed,
// instead of costing a 768-byte clear per walk.
struct WalkState {
  std::uint32_t node;
  std::uint32_t levels;
  std::uint32_t offset;
};
// 64 inline entries take 768 bytes of the caller's stack.
static_assert(sizeof(WalkState) == 12, "WalkState must stay three 32-bit fields");

// A LIFO stack with 64 entries inline and the rest in a per-thread buffer that keeps its
// capacity between walks. Only one WalkStack per thread may be in use at a time.
class WalkStack {
 public:
  bool empty() const { return inline_size_ == 0 && spilled_ == 0; }

  void Push(const WalkState& state) {
    if (inline_size_ < inline_.size()) {
      inline_[inline_size_++] = state;
      return;
    }
    std::vector<WalkState>& spill = SpillBuffer();
    if (spilled_ == 0) spill.clear();
    spill.push_back(state);
    ++spilled_;
  }

  WalkState Pop() {
    if (spilled_ == 0) return inline_[--inline_size_];
    std::vector<WalkState>& spill = SpillBuffer();
    const WalkState state = spill.back();
    spill.pop_back();
    --spilled_;
    return state;
  }

 private:
  static std::vector<WalkState>& SpillBuffer() {
    thread_local std::vector<WalkState> spill;
    return spill;
  }

  std::array<WalkState, 64> inline_;
  std::size_t inline_size_ = 0;
  std::size_t spilled_ = 0;
};

// One level of the request text.
struct Level {
  std::string_view text;
  std::uint32_t next_offset = 0;  // where the following level starts, or size + 1
};

Level LevelAt(std::string_view request, std::uint32_t offset) {
  const std::size_t end = FindByte(request, offset, '/');
  return {std::string_view(request.data() + offset, end - offset),
          static_cast<std::uint32_t>(end + 1)};
}

// The state of one walk that does not depend on the method: the best grant so far.
class GrantSearch {
 public:
  GrantSearch(const TopicTrie& trie, const BoundClient& bound)
      : trie_(trie), bound_(bound), last_rule_(bound.rules.back()) {}

  // Returns whether no grant in the subtree of `node` can beat the best grant so far, or
  // be used by the client at all.
  bool CanSkip(const Node& node) const {
    if (node.min_rule > last_rule_) return true;
    return best_ != nullptr && node.min_rule > best_->rule;
  }

  void Offer(std::span<const CompiledGrant> grants) {
    // Most nodes have no grants of the kind offered: skip the call.
    if (grants.empty()) return;
    if (const CompiledGrant* grant = FindFirstUsableGrant<true>(grants, bound_, best_)) {
      best_ = grant;
    }
  }

  // Calls `visit(child)` for each token edge of `node` whose bound value equals `level`.
  // The shorter of the node's edges and the client's values drives the search.
  template <typename Visit>
  void ForEachTokenChild(const Node& node, std::string_view level, Visit visit) const {
    const std::span<const TopicTrie::TokenEdge> edges = trie_.token_edges(node);
    if (edges.empty()) return;
    if (edges.size() <= bound_.token_values.size()) {
      for (const TopicTrie::TokenEdge& edge : edges) {
        const TokenValue* value = bound_.FindTokenValue(edge.slot);
        if (value != nullptr && value->usable_as_level && value->text == level) visit(edge.child);
      }
      return;
    }
    for (const TokenValue& value : bound_.token_values) {
      if (!value.usable_as_level || value.text != level) continue;
      const auto it = std::lower_bound(
          edges.begin(), edges.end(), value.slot,
          [](const TopicTrie::TokenEdge& edge, std::uint32_t slot) { return edge.slot < slot; });
      if (it != edges.end() && it->slot == value.slot) visit(it->child);
    }
  }

  std::optional<CompiledGrant> result() const {
    if (best_ == nullptr) return std::nullopt;
    return *best_;
  }

 private:
  const TopicTrie& trie_;
  const BoundClient& bound_;
  const std::uint32_t last_rule_;
  const CompiledGrant* best_ = nullptr;
};

}  // namespace

std::optional<CompiledGrant> FindPublishGrant(const TopicTrie& trie, const BoundClient& bound,
                                              std::string_view topic_name) {
  if (bound.rules.empty()) return std::nullopt;
  GrantSearch search(trie, bound);
  const auto all_consumed = static_cast<std::uint32_t>(topic_name.size() + 1);
  const bool dollar_topic = topic_name.starts_with('$');

  WalkStack stack;
  stack.Push({TopicTrie::kRoot, 0, 0});
  while (!stack.empty()) {
    const WalkState state = stack.Pop();
    const Node& node = trie.node(state.node);
    if (search.CanSkip(node)) continue;

    // The '$' rule: a filter whose first level is '+' or '#' does not match a topic name
    // starting with '$'. Only the root's '#' grants and '+' edge are such first levels.
    const bool dollar_root = dollar_topic && state.levels == 0;

    // A '#' here matches this level and any number below, including none.
    if (!dollar_root) search.Offer(trie.multi_level_grants(node));
    if (state.offset == all_consumed) {
      search.Offer(trie.end_grants(node));
      continue;
    }

    const Level level = LevelAt(topic_name, state.offset);
    const std::uint32_t levels = state.levels + 1;
    if (node.plus_child != TopicTrie::kNoNode && !dollar_root) {
      stack.Push({node.plus_child, levels, level.next_offset});
    }
    search.ForEachTokenChild(node, level.text, [&](std::uint32_t child) {
      stack.Push({child, levels, level.next_offset});
    });
    if (node.literal_child_count != 0) {
      const std::uint32_t child = trie.FindLiteralChild(state.node, level.text);
      if (child != TopicTrie::kNoNode) stack.Push({child, levels, level.next_offset});
    }
  }
  return search.result();
}

std::optional<CompiledGrant> FindSubscribeGrant(const TopicTrie& trie, const BoundClient& bound,
                                                std::string_view filter) {
  if (bound.rules.empty()) return std::nullopt;
  GrantSearch search(trie, bound);
  const auto all_consumed = static_cast<std::uint32_t>(filter.size() + 1);
  const std::string_view first_level = LevelAt(filter, 0).text;
  // '+' and '#' do not start with '$', so this is true only for a literal first level.
  const bool dollar_filter = first_level.starts_with('$');

  WalkStack stack;
  stack.Push({TopicTrie::kRoot, 0, 0});
  while (!stack.empty()) {
    const WalkState state = stack.Pop();
    const Node& node = trie.node(state.node);
    if (search.CanSkip(node)) continue;
    const bool dollar_root = dollar_filter && state.levels == 0;

    // An allowed '#' here covers every remaining level of the requested filter, except
    // that a leading '#' misses names starting with '$'.
    if (!dollar_root) search.Offer(trie.multi_level_grants(node));
    if (state.offset == all_consumed) {
      search.Offer(trie.end_grants(node));
      continue;
    }

    const Level level = LevelAt(filter, state.offset);
    const std::uint32_t levels = state.levels + 1;
    if (level.text == "#") {
      // The requested '#' adds any number of levels r >= m, where m is the fewest that
      // make a valid name: 1 when the '#' is the first level or follows one empty level
      // (the name would be empty otherwise), else 0. Only '+' repeated p <= m times and
      // then '#' covers that; p == 0 was offered above.
      const bool must_add_level = state.levels == 0 || (state.levels == 1 && first_level.empty());
      if (must_add_level && node.plus_child != TopicTrie::kNoNode) {
        search.Offer(trie.multi_level_grants(trie.node(node.plus_child)));
      }
      continue;
    }
    if (level.text == "+") {
      // Only an allowed '+' covers a requested '+': any literal misses the other names.
      if (node.plus_child != TopicTrie::kNoNode) {
        stack.Push({node.plus_child, levels, level.next_offset});
      }
      continue;
    }

    // A requested literal level: covered by '+', by an equal literal, or by a token whose
    // value equals it.
    if (node.plus_child != TopicTrie::kNoNode && !dollar_root) {
      stack.Push({node.plus_child, levels, level.next_offset});
    }
    search.ForEachTokenChild(node, level.text, [&](std::uint32_t child) {
      stack.Push({child, levels, level.next_offset});
    });
    if (node.literal_child_count != 0) {
      const std::uint32_t child = trie.FindLiteralChild(state.node, level.text);
      if (child != TopicTrie::kNoNode) stack.Push({child, levels, level.next_offset});
    }
  }
  return search.result();
}

}  // namespace mqauthz
