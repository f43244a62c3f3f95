// The Publish filters of one client, tokens substituted, for clients that have few.
//
// Design. Most clients of a large policy match a rule or two: a device may publish to its
// own telemetry topic and a few more. For such a client Bind collects every Publish filter
// it can use: those of the matched rules, in resources that its client id enables, whose
// token values are all present and free of '/'. It substitutes the tokens, and
// ClientPublishFiltersBuilder packs the result into one buffer of five sections:
//   - the hashes of the topics of filters without wildcards, 8 bytes each;
//   - per such topic, the offset and size of its text and its grant, 20 bytes each;
//   - per filter with wildcards, its range of levels and its grant, 24 bytes each;
//   - the levels of those filters, kind and literal size, 4 bytes each;
//   - the text of the topics and of the literal levels.
//
// The buffer keeps up to kInlineBytes inside the object, which covers a device with a few
// filters, so a decision reads the BoundClient's own cache lines and follows no pointer.
// A larger set moves to one heap block. Decide settles a publish with a scan of the hashes
// and a few level comparisons, whatever the size of the policy, instead of walking the
// Publish trie and searching its grant lists. A client with more than kMaxExactTopics
// filters without wildcards, or more than kMaxWildcardFilters with them, gets no such set
// and Decide walks the trie for it.

#ifndef MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_
#define MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compiled_grant.h"
#include "core/topic.h"

namespace mqauthz {

// A requested topic name with its HashTopicName hash (runtime/topic_validation.h).
struct HashedTopicName {
  std::string_view text;
  std::uint64_t hash = 0;
};

// One level of a Publish filter with its tokens substituted.
struct BoundFilterLevel {
  LevelKind kind = LevelKind::kLiteral;  // never kToken
  std::uint32_t literal_size = 0;        // bytes of the filter's literals, for kLiteral
};

class ClientPublishFilters {
 public:
  static constexpr std::size_t kMaxExactTopics = 64;
  static constexpr std::size_t kMaxWildcardFilters = 8;
  static constexpr std::size_t kInlineBytes = 128;

  std::size_t exact_topic_count() const { return exact_count_; }
  std::size_t wildcard_filter_count() const { return wildcard_count_; }

  // Returns whether the filters are every Publish filter the client can use. When false, there
  // are none and Decide walks the Publish trie.
  bool complete() const { return complete_; }

  // Returns the first grant in document order whose filter matches `topic_name`, which
  // must be a valid topic name. complete() must be true.
  std::optional<CompiledGrant> FindGrant(const HashedTopicName& topic_name) const;

  // Estimates the heap bytes this set owns beyond the object itself.
  std::size_t MemoryBytes() const;

 private:
  friend class ClientPublishFiltersBuilder;

  const std::uint64_t* words() const { return on_heap_ ? heap_.data() : inline_.data(); }
  const std::byte* bytes() const { return reinterpret_cast<const std::byte*>(words()); }

  // The counts come first and the sections' offsets follow from them, so that a device's
  // whole set fits the first two cache lines of a BoundClient.
  std::uint8_t exact_count_ = 0;
  std::uint8_t wildcard_count_ = 0;
  bool complete_ = false;
  bool on_heap_ = false;
  std::uint32_t level_count_ = 0;
  // The buffer: inline_ when it fits, heap_ otherwise.
  std::array<std::uint64_t, kInlineBytes / sizeof(std::uint64_t)> inline_{};
  std::vector<std::uint64_t> heap_;
};

// Collects a client's Publish filters in document order and packs them.
class ClientPublishFiltersBuilder {
 public:
  // Adds the topic that a filter without wildcards names. A topic added before keeps its
  // earlier grant.
  void AddExactTopic(std::string_view topic, const CompiledGrant& grant);

  // Adds a filter with wildcards: its levels, and the text of its literal levels one after
  // another.
  void AddWildcardFilter(std::span<const BoundFilterLevel> levels, std::string_view literals,
                         const CompiledGrant& grant);

  // Whether the filters added so far still fit the limits of ClientPublishFilters.
  bool WithinLimits() const {
    return exact_topics_.size() <= ClientPublishFilters::kMaxExactTopics &&
           wildcards_.size() <= ClientPublishFilters::kMaxWildcardFilters;
  }

  // Returns the packed set, complete. WithinLimits() must be true.
  ClientPublishFilters Build() const;

 private:
  struct ExactTopic {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;  // into text_
    std::uint32_t size = 0;
    CompiledGrant grant;
  };
  struct WildcardFilter {
    std::uint32_t first_level = 0;  // into levels_
    std::uint32_t level_count = 0;
    std::uint32_t literals_offset = 0;  // into text_
    CompiledGrant grant;
  };

  std::vector<ExactTopic> exact_topics_;
  std::vector<WildcardFilter> wildcards_;
  std::vector<BoundFilterLevel> levels_;
  std::string text_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_CLIENT_PUBLISH_FILTERS_H_
