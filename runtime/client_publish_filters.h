// The Publish filters of one client, tokens substituted, for clients that have few.
//
// Design. Most clients of a large policy match a rule or two: a device may publish to its
// own telemetry topic and a few more. For such a client Bind collects every Publish filter
// it can use: those of the matched rules, in resources that its client id enables, whose
// token values are all present and free of '/'. It substitutes the tokens, then keeps the
// topics of filters without wildcards in a short array with their hashes and the other
// filters in a short list, each with its grant. Decide then settles a publish with a scan
// of that array and a few level comparisons, whatever the size of the policy, instead of
// walking the Publish trie and searching its grant lists. A client with more than kMaxExactTopics
// filters without wildcards, or more than kMaxWildcardFilters with them, gets no such set and
// Decide walks the trie for it.

#ifndef MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_
#define MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

class ClientPublishFilters {
 public:
  static constexpr std::size_t kMaxExactTopics = 64;
  static constexpr std::size_t kMaxWildcardFilters = 8;

  // Adds the topic that a filter without wildcards names. A topic added before keeps its
  // earlier grant, so filters must be added in document order.
  void AddExactTopic(std::string_view topic, const CompiledGrant& grant);

  // Adds a filter with wildcards, in document order.
  void AddWildcardFilter(BoundWildcardFilter filter) { wildcards_.push_back(std::move(filter)); }

  std::size_t exact_topic_count() const { return exact_topics_.size(); }
  std::size_t wildcard_filter_count() const { return wildcards_.size(); }

  // Returns the first grant in document order whose filter matches `topic_name`, which
  // must be a valid topic name. `complete` must be true.
  std::optional<CompiledGrant> FindGrant(const HashedTopicName& topic_name) const;

  std::size_t MemoryBytes() const;

  // Whether the filters above are every Publish filter the client can use. When false,
  // they are empty and Decide walks the Publish trie.
  bool complete = false;

 private:
  // A topic of exact_text_, found by comparing hashes first. A client has at most
  // kMaxExactTopics of them, so a linear scan of one short array is the lookup, and a
  // decision touches two cache lines rather than a hash table's scattered ones.
  struct ExactTopic {
    std::uint64_t hash = 0;
    CompiledGrant grant;
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };

  std::vector<ExactTopic> exact_topics_;
  std::string exact_text_;  // the exact topics, one after another
  std::vector<BoundWildcardFilter> wildcards_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_
