#include "runtime/client_publish_filters.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/compiled_grant.h"
#include "core/topic.h"
#include "runtime/topic_validation.h"

namespace mqauthz {

bool BoundWildcardFilter::Matches(std::string_view topic_name) const {
  // A filter that starts with a wildcard does not match a name that starts with '$'.
  if (levels_.front().kind != LevelKind::kLiteral && topic_name.starts_with('$')) return false;

  const char* literal = literals_.data();
  std::size_t offset = 0;  // start of the current level of the name; size + 1 past the end
  for (const Level& level : levels_) {
    if (level.kind == LevelKind::kMultiLevelWildcard) return true;
    if (offset > topic_name.size()) return false;

    std::size_t end = topic_name.find('/', offset);
    if (end == std::string_view::npos) end = topic_name.size();
    if (level.kind == LevelKind::kLiteral) {
      if (end - offset != level.literal_size) return false;
      if (std::memcmp(topic_name.data() + offset, literal, level.literal_size) != 0) return false;
      literal += level.literal_size;
    }
    offset = end + 1;
  }
  return offset > topic_name.size();
}

std::size_t BoundWildcardFilter::MemoryBytes() const {
  std::size_t bytes = levels_.capacity() * sizeof(Level);
  if (literals_.size() >= sizeof(std::string)) bytes += literals_.capacity() + 1;
  return bytes;
}

void ClientPublishFilters::AddExactTopic(std::string_view topic, const CompiledGrant& grant) {
  const std::uint64_t hash = HashTopicName(topic);
  for (const ExactTopic& known : exact_topics_) {
    if (known.hash == hash && known.size == topic.size() &&
        exact_text_.compare(known.offset, known.size, topic) == 0) {
      return;
    }
  }
  exact_topics_.push_back({hash, grant, static_cast<std::uint32_t>(exact_text_.size()),
                           static_cast<std::uint32_t>(topic.size())});
  exact_text_ += topic;
}

std::optional<CompiledGrant> ClientPublishFilters::FindGrant(
    const HashedTopicName& topic_name) const {
  std::optional<CompiledGrant> best;
  for (const ExactTopic& topic : exact_topics_) {
    if (topic.hash == topic_name.hash && topic.size == topic_name.text.size() &&
        std::memcmp(exact_text_.data() + topic.offset, topic_name.text.data(), topic.size) == 0) {
      best = topic.grant;
      break;
    }
  }

  // The wildcard filters are in document order: the first that matches is the best of
  // them, and none after a grant already found can beat it.
  for (const BoundWildcardFilter& filter : wildcards_) {
    if (best.has_value() && *best < filter.grant()) break;
    if (filter.Matches(topic_name.text)) return filter.grant();
  }
  return best;
}

std::size_t ClientPublishFilters::MemoryBytes() const {
  std::size_t bytes = exact_topics_.capacity() * sizeof(ExactTopic);
  if (exact_text_.size() >= sizeof(std::string)) bytes += exact_text_.capacity() + 1;
  bytes += wildcards_.capacity() * sizeof(BoundWildcardFilter);
  for (const BoundWildcardFilter& filter : wildcards_) bytes += filter.MemoryBytes();
  return bytes;
}

}  // namespace mqauthz
