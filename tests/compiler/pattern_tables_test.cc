// The tables a compiled policy keeps instead of the Policy: TextTable, which numbers the
// pattern texts, and the Publish level records that point into them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/publish_levels.h"
#include "compiler/text_table.h"
#include "core/token.h"
#include "core/topic.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

TEST(TextTableTest, ReturnsEachTextByItsNumber) {
  TextTable table;
  const std::vector<std::string> texts = {"sensors/#", "", "b1-*", std::string(300, 'k'), "x"};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(table.Add(texts[i]), i);
  }
  ASSERT_EQ(table.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(table[static_cast<std::uint32_t>(i)], texts[i]) << i;
  }
}

TEST(TextTableTest, ReserveKeepsTheTexts) {
  TextTable table;
  table.Add("a/b");
  table.Reserve(2, 1000);
  table.Add("c");
  EXPECT_EQ(table[0], "a/b");
  EXPECT_EQ(table[1], "c");
  EXPECT_GE(table.MemoryBytes(), 1000u);
}

// Parses `text` and returns its level records.
std::vector<PublishLevel> LevelsOf(std::string_view text) {
  const absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(text);
  EXPECT_TRUE(filter.ok()) << filter.status();
  std::vector<PublishLevel> levels;
  std::vector<std::string_view> spans;
  const absl::Status status = AppendPublishLevels(text, *filter, levels, spans);
  EXPECT_TRUE(status.ok()) << status;
  return levels;
}

TEST(PublishLevelsTest, RecordKindsAndTextOfEveryLevel) {
  const std::string text = "site/{principal.attributes.a/b}/+/{principal.clientId}/#";
  const std::vector<PublishLevel> levels = LevelsOf(text);
  ASSERT_EQ(levels.size(), 5u);

  EXPECT_EQ(levels[0].kind, LevelKind::kLiteral);
  EXPECT_EQ(levels[0].TextIn(text), "site");
  // An attribute name may contain '/', and the record points at the name alone.
  EXPECT_EQ(levels[1].kind, LevelKind::kToken);
  EXPECT_EQ(levels[1].token_kind, TokenKind::kAttribute);
  EXPECT_EQ(levels[1].TextIn(text), "a/b");
  EXPECT_EQ(levels[2].kind, LevelKind::kSingleLevelWildcard);
  EXPECT_EQ(levels[3].kind, LevelKind::kToken);
  EXPECT_EQ(levels[3].token_kind, TokenKind::kClientId);
  EXPECT_EQ(levels[3].TextIn(text), "");
  EXPECT_EQ(levels[4].kind, LevelKind::kMultiLevelWildcard);

  for (std::size_t i = 0; i < levels.size(); ++i) EXPECT_EQ(levels[i].last, i == 4) << i;
  EXPECT_EQ(PublishFilterLevels(levels.data()).size(), 5u);
}

TEST(PublishLevelsTest, FiltersFollowEachOtherInOneTable) {
  std::vector<PublishLevel> levels;
  std::vector<std::string_view> spans;
  for (const std::string_view text : {"a/b/c", "{principal.username}", "x/+"}) {
    const absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(text);
    ASSERT_TRUE(filter.ok()) << filter.status();
    ASSERT_TRUE(AppendPublishLevels(text, *filter, levels, spans).ok());
  }
  ASSERT_EQ(levels.size(), 6u);
  EXPECT_EQ(PublishFilterLevels(&levels[0]).size(), 3u);
  EXPECT_EQ(PublishFilterLevels(&levels[3]).size(), 1u);
  EXPECT_EQ(levels[3].token_kind, TokenKind::kUsername);
  EXPECT_EQ(PublishFilterLevels(&levels[4]).size(), 2u);
}

TEST(PublishLevelsTest, LongestFilterFitsRecords) {
  const std::string_view token = "/{principal.attributes.z}";
  const std::string text = std::string(kMaxTopicBytes - token.size(), 'a') + std::string(token);
  ASSERT_EQ(text.size(), kMaxTopicBytes);
  const std::vector<PublishLevel> levels = LevelsOf(text);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0].TextIn(text), std::string(kMaxTopicBytes - token.size(), 'a'));
  EXPECT_EQ(levels[1].TextIn(text), "z");
}

TEST(PublishLevelsTest, MismatchedFilterIsAnError) {
  const absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter("a/+/c");
  ASSERT_TRUE(filter.ok());
  std::vector<PublishLevel> levels;
  std::vector<std::string_view> spans;
  for (const std::string_view text : {"a/+/d", "a/+", "a/+/c/d", "a/{principal.clientId}/c"}) {
    const absl::Status status = AppendPublishLevels(text, *filter, levels, spans);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(status.message().find(std::string(text)), std::string_view::npos) << status;
    EXPECT_NE(status.message().find("ParsePolicyTopicFilter"), std::string_view::npos) << status;
  }
}

}  // namespace
}  // namespace mqauthz
