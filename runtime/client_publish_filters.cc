#include "runtime/client_publish_filters.h"

#include <cstddef>
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

std::size_t TopicNameHash::operator()(const std::string& topic) const {
  return HashTopicName(topic);
}

std::optional<CompiledGrant> ClientPublishFilters::FindGrant(
    const HashedTopicName& topic_name) const {
  std::optional<CompiledGrant> best;
  if (const auto it = exact.find(topic_name); it != exact.end()) best = it->second;

  // The wildcard filters are in document order: the first that matches is the best of
  // them, and none after a grant already found can beat it.
  for (const BoundWildcardFilter& filter : wildcards) {
    if (best.has_value() && *best < filter.grant()) break;
    if (filter.Matches(topic_name.text)) return filter.grant();
  }
  return best;
}

std::size_t ClientPublishFilters::MemoryBytes() const {
  std::size_t bytes = exact.bucket_count() * (sizeof(decltype(exact)::value_type) + 1);
  for (const auto& [topic, grant] : exact) {
    if (topic.size() >= sizeof(std::string)) bytes += topic.size() + 1;
  }
  bytes += wildcards.capacity() * sizeof(BoundWildcardFilter);
  for (const BoundWildcardFilter& filter : wildcards) bytes += filter.MemoryBytes();
  return bytes;
}

}  // namespace mqauthz
