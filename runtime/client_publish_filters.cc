#include "runtime/client_publish_filters.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "compiler/byte_words.h"
#include "compiler/compiled_grant.h"
#include "core/topic.h"
#include "runtime/topic_validation.h"

namespace mqauthz {
namespace {

// The records of the packed buffer after the hashes. They are copied in and out with
// std::memcpy, which compiles to plain loads and needs no alignment.
struct PackedExactTopic {
  std::uint32_t offset = 0;  // into the text section
  std::uint32_t size = 0;
  CompiledGrant grant;
};
static_assert(sizeof(PackedExactTopic) == 20, "PackedExactTopic must stay five 32-bit fields");

struct PackedWildcardFilter {
  std::uint32_t first_level = 0;  // into the levels section
  std::uint32_t level_count = 0;
  std::uint32_t literals_offset = 0;  // into the text section
  CompiledGrant grant;
};
static_assert(sizeof(PackedWildcardFilter) == 24, "PackedWildcardFilter must stay 24 bytes");

// A level packs its kind into the top two bits and the literal size into the rest. A
// literal is at most kMaxTopicBytes long, so the size fits.
constexpr int kLevelKindShift = 30;
constexpr std::uint32_t kLevelSizeMask = (std::uint32_t{1} << kLevelKindShift) - 1;
static_assert(kMaxTopicBytes <= kLevelSizeMask, "a literal size must fit below the kind bits");

std::uint32_t PackLevel(const BoundFilterLevel& level) {
  return (static_cast<std::uint32_t>(level.kind) << kLevelKindShift) | level.literal_size;
}

template <typename T>
void StoreAt(std::byte* at, const T& value) {
  std::memcpy(at, &value, sizeof(T));
}

// The byte offsets of the buffer's sections after the hashes, which start at 0.
struct Layout {
  std::size_t exact_details = 0;
  std::size_t wildcards = 0;
  std::size_t levels = 0;
  std::size_t text = 0;
};

Layout LayoutOf(std::size_t exact_count, std::size_t wildcard_count, std::size_t level_count) {
  Layout layout;
  layout.exact_details = exact_count * sizeof(std::uint64_t);
  layout.wildcards = layout.exact_details + exact_count * sizeof(PackedExactTopic);
  layout.levels = layout.wildcards + wildcard_count * sizeof(PackedWildcardFilter);
  layout.text = layout.levels + level_count * sizeof(std::uint32_t);
  return layout;
}

// Returns whether `filter`, one of the buffer at `data` laid out as `layout`, matches
// `topic_name`, which must be a valid topic name.
bool WildcardMatches(const std::byte* data, const Layout& layout,
                     const PackedWildcardFilter& filter, std::string_view topic_name) {
  const std::byte* levels = data + layout.levels + filter.first_level * sizeof(std::uint32_t);
  const char* literal = reinterpret_cast<const char*>(data + layout.text + filter.literals_offset);

  // A filter that starts with a wildcard does not match a name that starts with '$'.
  const auto first = LoadWord<std::uint32_t>(levels);
  if ((first >> kLevelKindShift) != static_cast<std::uint32_t>(LevelKind::kLiteral) &&
      topic_name.starts_with('$')) {
    return false;
  }

  const std::size_t size = topic_name.size();
  std::size_t offset = 0;  // start of the current level of the name; size + 1 past the end
  for (std::uint32_t i = 0; i < filter.level_count; ++i) {
    const auto level = LoadWord<std::uint32_t>(levels + i * sizeof(std::uint32_t));
    const auto kind = static_cast<LevelKind>(level >> kLevelKindShift);
    if (kind == LevelKind::kMultiLevelWildcard) return true;
    if (offset > size) return false;

    std::size_t end = offset;
    if (kind == LevelKind::kLiteral) {
      // The literal must fill the level exactly: its bytes, then '/' or the end.
      end += level & kLevelSizeMask;
      if (end > size || (end < size && topic_name[end] != '/')) return false;
      if (!EqualBytes(topic_name.data() + offset, literal, end - offset)) return false;
      literal += end - offset;
    } else {
      end = FindByte(topic_name, offset, '/');
    }
    offset = end + 1;
  }
  return offset > size;
}

}  // namespace

std::optional<CompiledGrant> ClientPublishFilters::FindGrant(
    const HashedTopicName& topic_name) const {
  const std::uint64_t* hashes = words();
  const std::byte* data = bytes();
  const Layout layout = LayoutOf(exact_count_, wildcard_count_, level_count_);
  std::optional<CompiledGrant> best;
  for (std::size_t i = 0; i < exact_count_; ++i) {
    if (hashes[i] != topic_name.hash) continue;
    const auto topic =
        LoadWord<PackedExactTopic>(data + layout.exact_details + i * sizeof(PackedExactTopic));
    if (topic.size == topic_name.text.size() &&
        EqualBytes(reinterpret_cast<const char*>(data + layout.text + topic.offset),
                   topic_name.text.data(), topic.size)) {
      best = topic.grant;
      break;
    }
  }

  // The wildcard filters are in document order: the first that matches is the best of
  // them, and none after a grant already found can beat it.
  for (std::size_t w = 0; w < wildcard_count_; ++w) {
    const auto filter =
        LoadWord<PackedWildcardFilter>(data + layout.wildcards + w * sizeof(PackedWildcardFilter));
    if (best.has_value() && *best < filter.grant) break;
    if (WildcardMatches(data, layout, filter, topic_name.text)) return filter.grant;
  }
  return best;
}

std::size_t ClientPublishFilters::MemoryBytes() const {
  return heap_.capacity() * sizeof(std::uint64_t);
}

void ClientPublishFiltersBuilder::AddExactTopic(std::string_view topic,
                                                const CompiledGrant& grant) {
  const std::uint64_t hash = HashTopicName(topic);
  for (const ExactTopic& known : exact_topics_) {
    if (known.hash == hash && known.size == topic.size() &&
        text_.compare(known.offset, known.size, topic) == 0) {
      return;
    }
  }
  exact_topics_.push_back({hash, static_cast<std::uint32_t>(text_.size()),
                           static_cast<std::uint32_t>(topic.size()), grant});
  text_ += topic;
}

void ClientPublishFiltersBuilder::AddWildcardFilter(std::span<const BoundFilterLevel> levels,
                                                    std::string_view literals,
                                                    const CompiledGrant& grant) {
  wildcards_.push_back({static_cast<std::uint32_t>(levels_.size()),
                        static_cast<std::uint32_t>(levels.size()),
                        static_cast<std::uint32_t>(text_.size()), grant});
  levels_.insert(levels_.end(), levels.begin(), levels.end());
  text_ += literals;
}

ClientPublishFilters ClientPublishFiltersBuilder::Build() const {
  ClientPublishFilters filters;
  filters.exact_count_ = static_cast<std::uint8_t>(exact_topics_.size());
  filters.wildcard_count_ = static_cast<std::uint8_t>(wildcards_.size());
  filters.complete_ = true;
  filters.level_count_ = static_cast<std::uint32_t>(levels_.size());

  const Layout layout = LayoutOf(exact_topics_.size(), wildcards_.size(), levels_.size());
  const std::size_t size = layout.text + text_.size();
  const std::size_t word_count = (size + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t);
  std::uint64_t* words = filters.inline_.data();
  if (word_count > filters.inline_.size()) {
    filters.heap_.resize(word_count);
    filters.on_heap_ = true;
    words = filters.heap_.data();
  }
  auto* data = reinterpret_cast<std::byte*>(words);
  for (std::size_t i = 0; i < exact_topics_.size(); ++i) {
    const ExactTopic& topic = exact_topics_[i];
    words[i] = topic.hash;
    StoreAt(data + layout.exact_details + i * sizeof(PackedExactTopic),
            PackedExactTopic{topic.offset, topic.size, topic.grant});
  }
  for (std::size_t w = 0; w < wildcards_.size(); ++w) {
    const WildcardFilter& filter = wildcards_[w];
    StoreAt(data + layout.wildcards + w * sizeof(PackedWildcardFilter),
            PackedWildcardFilter{filter.first_level, filter.level_count, filter.literals_offset,
                                 filter.grant});
  }
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    StoreAt(data + layout.levels + l * sizeof(std::uint32_t), PackLevel(levels_[l]));
  }
  if (!text_.empty()) std::memcpy(data + layout.text, text_.data(), text_.size());
  return filters;
}

}  // namespace mqauthz
