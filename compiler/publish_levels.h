// Publish filters stored as small level records that point into the filters' text.
//
// Bind substitutes a client's token values into the Publish filters of the rules it
// matches. A compiled policy keeps each filter's text for reasons anyway, so a level needs
// only its kind and where its text sits: 8 bytes, where a parsed FilterLevel takes 40
// plus its string.

#ifndef MQAUTHZ_COMPILER_PUBLISH_LEVELS_H_
#define MQAUTHZ_COMPILER_PUBLISH_LEVELS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/token.h"
#include "core/topic.h"

namespace mqauthz {

// One level of a Publish filter. A literal level, or the attribute name of a
// `{principal.attributes.NAME}` level, is text [offset, offset + size) of the filter.
// Both fit in 16 bits because a filter has at most kMaxTopicBytes bytes.
struct PublishLevel {
  std::uint16_t offset = 0;
  std::uint16_t size = 0;
  LevelKind kind = LevelKind::kLiteral;
  TokenKind token_kind = TokenKind::kClientId;  // kToken: the token's kind
  bool last = false;                            // the filter's last level

  // Returns the literal or attribute name within `filter_text`, the filter's text.
  std::string_view TextIn(std::string_view filter_text) const {
    return filter_text.substr(offset, size);
  }
};

static_assert(sizeof(PublishLevel) == 8, "a policy holds several Publish levels per rule");

// Returns the levels of the filter whose first level is `*first`: through the first one
// marked last.
inline std::span<const PublishLevel> PublishFilterLevels(const PublishLevel* first) {
  const PublishLevel* last = first;
  while (!last->last) ++last;
  return {first, static_cast<std::size_t>(last - first) + 1};
}

// Appends the levels of `filter`, parsed from `text`, to `levels`, the last one marked.
// `spans` is scratch space, reused across calls. Errors: InvalidArgument when `filter` is
// not what ParsePolicyTopicFilter(text) gives, which only a Policy built by hand, not by
// the loader, can cause.
absl::Status AppendPublishLevels(std::string_view text, const TopicFilter& filter,
                                 std::vector<PublishLevel>& levels,
                                 std::vector<std::string_view>& spans);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_PUBLISH_LEVELS_H_
