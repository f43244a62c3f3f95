// Walks of a TopicTrie for Publish (does a filter match this topic name?) and Subscribe
// (does a filter cover this topic filter?).
//
// Design. A walk is a depth-first search over trie nodes with an explicit stack, so a
// deep policy filter or a topic of 32,768 levels cannot overflow the call stack. The
// stack keeps 64 entries inline and spills beyond that into a per-thread buffer, which
// grows once and is reused, so a walk allocates nothing in steady state. Each stack entry
// is a node, the number of levels consumed and the byte offset of the next level. Levels
// are views cut from the request text as the walk reaches them, never copies. At each
// node the walk offers the node's grants to FindFirstUsableGrant, keeps the best grant so
// far, and skips any node whose subtree has no rule before the best grant's rule.
//
// Each trie node has one parent, so a walk reaches a node at most once and visits at most
// the nodes on paths that fit the request.

#ifndef MQAUTHZ_RUNTIME_TOPIC_WALK_H_
#define MQAUTHZ_RUNTIME_TOPIC_WALK_H_

#include <optional>
#include <string_view>

#include "compiler/compiled_grant.h"
#include "compiler/topic_trie.h"
#include "runtime/bound_client.h"

namespace mqauthz {

// Returns the first grant, in document order, of a filter in `trie` that matches
// `topic_name` and that `bound` may use. `topic_name` must be valid (IsValidTopicName).
std::optional<CompiledGrant> FindPublishGrant(const TopicTrie& trie, const BoundClient& bound,
                                              std::string_view topic_name);

// Returns the first grant, in document order, of a filter in `trie` that covers
// `filter` (FilterCoversFilter in core/topic.h) and that `bound` may use. `filter` must be
// valid (IsValidTopicFilter) with any `$share/GROUP/` removed.
std::optional<CompiledGrant> FindSubscribeGrant(const TopicTrie& trie, const BoundClient& bound,
                                                std::string_view filter);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_TOPIC_WALK_H_
