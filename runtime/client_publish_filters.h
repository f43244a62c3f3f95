// The Publish filters of one client, tokens substituted, for clients that have few.
//
// Design. Most clients of a large policy match a rule or two: a device may publish to its
// own telemetry topic and a few more. For such a client Bind collects every Publish filter
// it can use: those of the matched rules, in resources that its client id enables, whose
// token values are all present and free of '/'. It substitutes the tokens, then keeps the
// filters without wildcards in a hash map and the others in a short list, each with its
// grant. Decide then settles a publish with one hash lookup and a few level comparisons,
// whatever the size of the policy, instead of walking the Publish trie and searching its
// grant lists.
// A client with more than kMaxExactTopics filters without wildcards, or more than
// kMaxWildcardFilters with them, gets no such set and Decide walks the trie for it.

#ifndef MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_
#define MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/compiled_grant.h"
#include "core/topic.h"

namespace mqauthz {

// A Publish filter with '+' or '#' whose tokens were replaced by one client's values.
class BoundWildcardFilter {
 public:
  struct Level {
    LevelKind kind = LevelKind::kLiteral;  // never kToken
    std::uint32_t literal_size = 0;        // bytes of `literals_` for a literal level
  };

  BoundWildcardFilter(std::vector<Level> levels, std::string literals, CompiledGrant grant)
      : levels_(std::move(levels)), literals_(std::move(literals)), grant_(grant) {}

  // Returns whether the filter matches `topic_name`, which must be a valid topic name:
  // the rules of FilterMatchesTopic in core/topic.h, the '$' rule included.
  bool Matches(std::string_view topic_name) const;

  const CompiledGrant& grant() const { return grant_; }
  std::size_t MemoryBytes() const;

 private:
  std::vector<Level> levels_;
  std::string literals_;  // the literal levels' text, one after another
  CompiledGrant grant_;
};

// A requested topic name with its HashTopicName hash (runtime/topic_validation.h).
struct HashedTopicName {
  std::string_view text;
  std::uint64_t hash = 0;
};

// Hashing and equality for maps keyed by topic names that HashedTopicName looks up.
struct TopicNameHash {
  using is_transparent = void;
  std::size_t operator()(const std::string& topic) const;
  std::size_t operator()(const HashedTopicName& topic) const { return topic.hash; }
};
struct TopicNameEqual {
  using is_transparent = void;
  bool operator()(const std::string& a, const std::string& b) const { return a == b; }
  bool operator()(const HashedTopicName& a, const std::string& b) const { return a.text == b; }
  bool operator()(const std::string& a, const HashedTopicName& b) const { return a == b.text; }
};

struct ClientPublishFilters {
  static constexpr std::size_t kMaxExactTopics = 64;
  static constexpr std::size_t kMaxWildcardFilters = 8;

  // Whether the sets below hold every Publish filter the client can use. When false, they
  // are empty and Decide walks the Publish trie.
  bool complete = false;
  // Each topic that a filter without wildcards names, with its first grant.
  boost::unordered_flat_map<std::string, CompiledGrant, TopicNameHash, TopicNameEqual> exact;
  std::vector<BoundWildcardFilter> wildcards;  // in document order

  // Returns the first grant in document order whose filter matches `topic_name`, which
  // must be a valid topic name. `complete` must be true.
  std::optional<CompiledGrant> FindGrant(const HashedTopicName& topic_name) const;

  std::size_t MemoryBytes() const;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_
