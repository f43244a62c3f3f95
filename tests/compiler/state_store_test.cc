// Validation of stateStoreResources: methods, key types and keys.

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "gtest/gtest.h"
#include "tests/compiler/test_support.h"

namespace mqauthz {
namespace {

using ::mqauthz::testing::Describe;
using ::mqauthz::testing::Errors;
using ::mqauthz::testing::Load;

constexpr char kKeyPath[] = "rules[0].stateStoreResources[0].keys[0]";

// A policy with one state store resource of `key_type_yaml` whose only key, `key_yaml`,
// starts at line 12, column 15.
std::string PolicyWithKey(const std::string& key_type_yaml, const std::string& key_yaml) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: [c]\n"
      "      brokerResources:\n"
      "        - method: Publish\n"
      "          topics: [statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke]\n"
      "      stateStoreResources:\n"
      "        - method: ReadWrite\n"
      "          keyType: ",
      key_type_yaml,
      "\n"
      "          keys:\n"
      "            - ",
      key_yaml, "\n");
}

struct InvalidKeyCase {
  std::string_view name;
  std::string_view key_type;
  std::string_view key;
  std::string_view message;
};

class InvalidKeyTest : public ::testing::TestWithParam<InvalidKeyCase> {};

TEST_P(InvalidKeyTest, RejectsWithPosition) {
  const LoadResult result =
      Load(PolicyWithKey(std::string(GetParam().key_type), std::string(GetParam().key)));
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 12);
  EXPECT_EQ(errors[0].column, 15);
  EXPECT_EQ(errors[0].path, kKeyPath);
  EXPECT_NE(errors[0].message.find(GetParam().message), std::string::npos) << errors[0].message;
  EXPECT_FALSE(errors[0].hint.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Keys, InvalidKeyTest,
    ::testing::Values(
        InvalidKeyCase{"EmptyPattern", "Pattern", "\"\"", "empty key"},
        InvalidKeyCase{"EmptyString", "String", "\"\"", "empty key"},
        InvalidKeyCase{"EmptyBinary", "Binary", "\"\"", "empty key"},
        InvalidKeyCase{"PatternUnterminatedClass", "Pattern", "\"key[0-9\"",
                       "unterminated character class"},
        InvalidKeyCase{"PatternEmptyClass", "Pattern", "\"key[]\"", "empty character class"},
        InvalidKeyCase{"PatternEmptyNegatedClass", "Pattern", "\"key[^]\"", "empty negated class"},
        InvalidKeyCase{"PatternRangeWithoutEnd", "Pattern", "\"key[a-]\"", "has no end"},
        InvalidKeyCase{"PatternTrailingBackslash", "Pattern", "\"key\\\\\"", "lone '\\'"},
        InvalidKeyCase{"PatternUnknownToken", "Pattern", "\"{principal.id}/*\"", "unknown token"},
        InvalidKeyCase{"StringUnclosedToken", "String", "\"{principal.clientId\"",
                       "unclosed token"},
        InvalidKeyCase{"BinaryNotBase64", "Binary", "\"not base64!\"", "not valid base64"},
        InvalidKeyCase{"BinaryBadPadding", "Binary", "\"dGVzdA\"", "not a multiple of 4"},
        InvalidKeyCase{"BinaryUrlSafe", "Binary", "\"ab-_\"", "not valid base64"},
        InvalidKeyCase{"BinaryNonCanonical", "Binary", "\"dGVzdB==\"", "not canonical"},
        InvalidKeyCase{"BinaryWithToken", "Binary", "\"{principal.clientId}\"", "contains a token"},
        InvalidKeyCase{"PlainNumber", "Pattern", "17", "must be a string, not the number 17"}),
    [](const ::testing::TestParamInfo<InvalidKeyCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(StateStore, ParsesEveryKeyType) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals: {clientIds: [c]}\n"
      "      brokerResources:\n"
      "        - method: Publish\n"
      "          topics: [statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke]\n"
      "      stateStoreResources:\n"
      "        - {method: Read, keys: [\"clients/{principal.clientId}/*\"]}\n"
      "        - {method: write, keyType: string, keys: [\"{user1}:cart\"]}\n"
      "        - {method: READWRITE, keyType: BINARY, keys: [dGVzdA==]}\n");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<StateStoreResource>& resources = result.policy->rules[0].state_store_resources;
  ASSERT_EQ(resources.size(), 3u);
  EXPECT_EQ(resources[0].method, StateStoreMethod::kRead);
  EXPECT_EQ(resources[0].key_type, KeyType::kPattern);
  EXPECT_TRUE(resources[0].keys[0].glob.HasTokens());
  EXPECT_EQ(resources[1].method, StateStoreMethod::kWrite);
  EXPECT_EQ(resources[1].key_type, KeyType::kString);
  EXPECT_EQ(resources[1].keys[0].text, "{user1}:cart");
  EXPECT_FALSE(resources[1].keys[0].exact.HasTokens());
  EXPECT_EQ(resources[2].method, StateStoreMethod::kReadWrite);
  EXPECT_EQ(resources[2].key_type, KeyType::kBinary);
  EXPECT_EQ(resources[2].keys[0].text, "dGVzdA==");
  EXPECT_EQ(resources[2].keys[0].bytes, "test");
}

TEST(StateStore, RejectsUnknownKeyType) {
  const LoadResult result = Load(PolicyWithKey("Glob", "a*"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 10);
  EXPECT_EQ(errors[0].column, 20);
  EXPECT_EQ(errors[0].path, "rules[0].stateStoreResources[0].keyType");
  EXPECT_EQ(errors[0].message, "unknown keyType \"Glob\"");
}

// A rule with one state store resource whose fields are `fields`, from line 9 on.
std::string PolicyWithStateStoreResource(const std::string& fields) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: [c]\n"
      "      brokerResources:\n"
      "        - method: Publish\n"
      "          topics: [statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke]\n"
      "      stateStoreResources:\n",
      fields);
}

TEST(StateStore, RejectsUnknownMethodWithSuggestion) {
  const LoadResult result =
      Load(PolicyWithStateStoreResource("        - method: ReadWrit\n"
                                        "          keys: [a]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 9);
  EXPECT_EQ(errors[0].column, 19);
  EXPECT_EQ(errors[0].hint,
            "did you mean ReadWrite? Use Read, Write or ReadWrite (letter case does not matter)");
}

TEST(StateStore, RejectsMissingKeys) {
  const LoadResult result = Load(PolicyWithStateStoreResource("        - method: Read\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 9);
  EXPECT_EQ(errors[0].column, 11);
  EXPECT_EQ(errors[0].path, "rules[0].stateStoreResources[0]");
  EXPECT_EQ(errors[0].message, "missing required field keys");
}

TEST(StateStore, RejectsEmptyKeys) {
  const LoadResult result =
      Load(PolicyWithStateStoreResource("        - method: Read\n"
                                        "          keys: []\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 10);
  EXPECT_EQ(errors[0].column, 17);
  EXPECT_EQ(errors[0].message, "empty keys list");
}

TEST(StateStore, RejectsMissingMethod) {
  const LoadResult result = Load(PolicyWithStateStoreResource("        - keys: [a]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].message, "missing required field method");
}

TEST(StateStore, RejectsUnknownFieldWithSuggestion) {
  const LoadResult result =
      Load(PolicyWithStateStoreResource("        - method: Read\n"
                                        "          key: [a]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].message, "missing required field keys");
  EXPECT_EQ(errors[1].line, 10);
  EXPECT_EQ(errors[1].column, 11);
  EXPECT_EQ(errors[1].message, "unknown field \"key\" in a state store resource");
  EXPECT_NE(errors[1].hint.find("did you mean keys?"), std::string::npos);
}

TEST(StateStore, DefaultsKeyTypeToPattern) {
  const LoadResult result =
      Load(PolicyWithStateStoreResource("        - method: Read\n"
                                        "          keys: [\"a[0-9]\"]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_EQ(result.policy->rules[0].state_store_resources[0].key_type, KeyType::kPattern);
}

}  // namespace
}  // namespace mqauthz
