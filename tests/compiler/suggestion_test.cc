#include "compiler/suggestion.h"

#include <array>
#include <optional>
#include <string_view>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

constexpr std::array<std::string_view, 3> kFields = {"method", "clientIds", "topics"};

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("clientId", "clientIds"), 1u);
  EXPECT_EQ(EditDistance("topcis", "topics"), 2u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(NearestName, SuggestsMissingLetter) {
  EXPECT_EQ(NearestName("clientId", kFields), std::optional<std::string_view>("clientIds"));
}

TEST(NearestName, SuggestsTransposedLetters) {
  EXPECT_EQ(NearestName("topcis", kFields), std::optional<std::string_view>("topics"));
}

TEST(NearestName, SuggestsNameDifferingInCase) {
  EXPECT_EQ(NearestName("ClientIDs", kFields), std::optional<std::string_view>("clientIds"));
}

TEST(NearestName, RejectsDistantText) {
  EXPECT_EQ(NearestName("principals", kFields), std::nullopt);
}

TEST(NearestName, RejectsVeryLongText) {
  EXPECT_EQ(NearestName(std::string(100, 'a'), kFields), std::nullopt);
}

}  // namespace
}  // namespace mqauthz
