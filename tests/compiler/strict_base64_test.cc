#include "compiler/strict_base64.h"

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/status_hint.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

TEST(DecodeStrictBase64, DecodesUnpaddedQuanta) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64("dGVzdA==");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, "test");
}

TEST(DecodeStrictBase64, DecodesOnePaddingCharacter) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64("AAE=");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, std::string("\x00\x01", 2));
}

TEST(DecodeStrictBase64, DecodesProductExampleKey) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64("xxxxxxxxxxxxxxxxxxxx");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), 15u);
}

TEST(DecodeStrictBase64, DecodesPlusAndSlash) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64("+/+/");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, "\xFB\xFF\xBF");
}

class DecodeStrictBase64RejectTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(DecodeStrictBase64RejectTest, Rejects) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64(GetParam());
  EXPECT_FALSE(bytes.ok()) << GetParam();
}

TEST_P(DecodeStrictBase64RejectTest, GivesHint) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64(GetParam());
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(HintOf(bytes.status()), "") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(InvalidForms, DecodeStrictBase64RejectTest,
                         ::testing::Values("",           // empty
                                           "dGVzdA",     // padding missing
                                           "dGVzdA=",    // padding short
                                           "dGVzdA===",  // padding long
                                           "dG=zdA==",   // '=' inside
                                           "dGVz dA==",  // whitespace
                                           "-_-_",       // URL-safe alphabet
                                           "dGVzdB==",   // non-zero bits after the last byte
                                           "AAF=",       // non-zero bits after the last byte
                                           "{principal.clientId}"));

TEST(DecodeStrictBase64, SuggestsStandardAlphabetForUrlSafeText) {
  const absl::StatusOr<std::string> bytes = DecodeStrictBase64("ab-_");
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(HintOf(bytes.status()).find("URL-safe"), std::string::npos);
}

}  // namespace
}  // namespace mqauthz
