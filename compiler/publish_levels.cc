#include "compiler/publish_levels.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/token.h"
#include "core/topic.h"

namespace mqauthz {
namespace {

constexpr std::string_view kAttributeTokenPrefix = "{principal.attributes.";

// Returns whether `span`, a level of a filter's text, is how `level` is written.
bool SpelledAs(std::string_view span, const FilterLevel& level) {
  switch (level.kind) {
    case LevelKind::kLiteral:
      return span == level.text;
    case LevelKind::kSingleLevelWildcard:
      return span == "+";
    case LevelKind::kMultiLevelWildcard:
      return span == "#";
    case LevelKind::kToken:
      switch (level.token_kind) {
        case TokenKind::kClientId:
          return span == "{principal.clientId}";
        case TokenKind::kUsername:
          return span == "{principal.username}";
        case TokenKind::kAttribute:
          return span.size() == kAttributeTokenPrefix.size() + level.text.size() + 1 &&
                 span.starts_with(kAttributeTokenPrefix) && span.ends_with('}') &&
                 span.substr(kAttributeTokenPrefix.size(), level.text.size()) == level.text;
      }
  }
  return false;
}

absl::Status Mismatch(std::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("topic filter `", std::string(text),
                   "` does not match its parsed levels; build a PolicyTopicFilter's `filter` "
                   "with ParsePolicyTopicFilter(text)"));
}

}  // namespace

absl::Status AppendPublishLevels(std::string_view text, const TopicFilter& filter,
                                 std::vector<PublishLevel>& levels,
                                 std::vector<std::string_view>& spans) {
  SplitPolicyTopicFilter(text, spans);
  if (text.size() > kMaxTopicBytes || spans.size() != filter.levels.size()) return Mismatch(text);

  for (std::size_t i = 0; i < spans.size(); ++i) {
    const FilterLevel& level = filter.levels[i];
    const std::string_view span = spans[i];
    if (!SpelledAs(span, level)) return Mismatch(text);

    PublishLevel record;
    record.kind = level.kind;
    record.token_kind = level.token_kind;
    record.last = i + 1 == spans.size();
    // A literal is its whole level, and an attribute name ends just before the closing '}'.
    // Other levels need no text, and their FilterLevel::text is empty.
    std::size_t begin = static_cast<std::size_t>(span.data() - text.data());
    if (level.kind == LevelKind::kToken) begin += span.size() - 1 - level.text.size();
    if (!level.text.empty()) {
      record.offset = static_cast<std::uint16_t>(begin);
      record.size = static_cast<std::uint16_t>(level.text.size());
    }
    levels.push_back(record);
  }
  return absl::OkStatus();
}

}  // namespace mqauthz
