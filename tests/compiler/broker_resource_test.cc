// Validation of brokerResources: methods, topics and clientIds globs.

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

using ::mqauthz::testing::At;
using ::mqauthz::testing::Describe;
using ::mqauthz::testing::Errors;
using ::mqauthz::testing::Load;

// A policy whose only topic filter, `topic_yaml`, starts at line 8, column 15.
std::string PolicyWithTopic(const std::string& topic_yaml) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: [c]\n"
      "      brokerResources:\n"
      "        - method: Publish\n"
      "          topics:\n"
      "            - ",
      topic_yaml, "\n");
}

// A policy whose only clientIds glob, `glob_yaml`, starts at line 8, column 15.
std::string PolicyWithGlob(const std::string& glob_yaml) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: [c]\n"
      "      brokerResources:\n"
      "        - method: Connect\n"
      "          clientIds:\n"
      "            - ",
      glob_yaml, "\n");
}

constexpr char kTopicPath[] = "rules[0].brokerResources[0].topics[0]";
constexpr char kGlobPath[] = "rules[0].brokerResources[0].clientIds[0]";

struct InvalidEntryCase {
  std::string_view name;
  std::string_view yaml;     // the entry as written in YAML
  std::string_view message;  // a part of the expected message
};

class InvalidTopicTest : public ::testing::TestWithParam<InvalidEntryCase> {};

TEST_P(InvalidTopicTest, RejectsWithPosition) {
  const LoadResult result = Load(PolicyWithTopic(std::string(GetParam().yaml)));
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 8);
  EXPECT_EQ(errors[0].column, 15);
  EXPECT_EQ(errors[0].path, kTopicPath);
  EXPECT_NE(errors[0].message.find(GetParam().message), std::string::npos) << errors[0].message;
  EXPECT_FALSE(errors[0].hint.empty());
}

INSTANTIATE_TEST_SUITE_P(
    TopicFilters, InvalidTopicTest,
    ::testing::Values(InvalidEntryCase{"Empty", "\"\"", "topic filter is empty"},
                      InvalidEntryCase{"HashNotLast", "\"a/#/b\"", "'#' must be the last level"},
                      InvalidEntryCase{"HashInLevel", "\"a/b#\"", "'#' must be a whole level"},
                      InvalidEntryCase{"PlusInLevel", "\"a/b+/c\"", "'+' must be a whole level"},
                      InvalidEntryCase{"NulCharacter", "\"a\\0b\"", "U+0000"},
                      InvalidEntryCase{"TokenNotWholeLevel", "\"client-{principal.clientId}/#\"",
                                       "must be the whole topic level"},
                      InvalidEntryCase{"UnknownToken", "\"a/{principal.foo}\"", "unknown token"},
                      InvalidEntryCase{"EmptyAttributeName", "\"a/{principal.attributes.}\"",
                                       "empty attribute name"},
                      InvalidEntryCase{"UnclosedToken", "\"a/{principal.clientId\"",
                                       "unclosed token"},
                      InvalidEntryCase{"Number", "17", "must be a string, not the number 17"},
                      InvalidEntryCase{"Boolean", "yes", "must be a string, not the boolean yes"},
                      InvalidEntryCase{"Null", "~", "must be a string, not null"},
                      InvalidEntryCase{"List", "[a]", "must be a string, not a list"}),
    [](const ::testing::TestParamInfo<InvalidEntryCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(BrokerResource, RejectsTopicLongerThanMqttMaximum) {
  const LoadResult result = Load(PolicyWithTopic(std::string(65536, 'a')));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 8);
  EXPECT_EQ(errors[0].column, 15);
  EXPECT_NE(errors[0].message.find("65536 bytes"), std::string::npos);
}

TEST(BrokerResource, AcceptsTopicOfMqttMaximum) {
  const LoadResult result = Load(PolicyWithTopic(std::string(65535, 'a')));
  EXPECT_TRUE(result.policy.has_value()) << Describe(result);
}

TEST(BrokerResource, RejectsInvalidUtf8InYamlAtItsByte) {
  const LoadResult result = Load(PolicyWithTopic("\"a\xFF\""));
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 8);
  EXPECT_EQ(errors[0].column, 17);
  EXPECT_NE(errors[0].message.find("not valid UTF-8"), std::string::npos);
}

TEST(BrokerResource, RejectsLoneSurrogateEscapeInJson) {
  // A lone UTF-16 surrogate has no UTF-8 encoding, so the string is invalid JSON.
  const LoadResult result = Load(
      "{\"authorizationPolicies\": {\"rules\": [{\"principals\": {\"clientIds\": [\"c\"]},\n"
      " \"brokerResources\": [{\"method\": \"Publish\", \"topics\": [\"a\\ud800\"]}]}]}}");
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 55);
  EXPECT_NE(errors[0].message.find("invalid JSON"), std::string::npos);
}

TEST(BrokerResource, ParsesValidTopicFilters) {
  const LoadResult result = Load(PolicyWithTopic("\"clients/{principal.clientId}/#\""));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const BrokerResource& resource = result.policy->rules[0].broker_resources[0];
  EXPECT_EQ(resource.method, BrokerMethod::kPublish);
  ASSERT_EQ(resource.topics.size(), 1u);
  EXPECT_EQ(resource.topics[0].text, "clients/{principal.clientId}/#");
  ASSERT_EQ(resource.topics[0].filter.levels.size(), 3u);
  EXPECT_EQ(resource.topics[0].filter.levels[1].kind, LevelKind::kToken);
  EXPECT_EQ(resource.topics[0].filter.levels[2].kind, LevelKind::kMultiLevelWildcard);
}

class InvalidGlobTest : public ::testing::TestWithParam<InvalidEntryCase> {};

TEST_P(InvalidGlobTest, RejectsWithPosition) {
  const LoadResult result = Load(PolicyWithGlob(std::string(GetParam().yaml)));
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 8);
  EXPECT_EQ(errors[0].column, 15);
  EXPECT_EQ(errors[0].path, kGlobPath);
  EXPECT_NE(errors[0].message.find(GetParam().message), std::string::npos) << errors[0].message;
  EXPECT_FALSE(errors[0].hint.empty());
}

INSTANTIATE_TEST_SUITE_P(
    ClientIdGlobs, InvalidGlobTest,
    ::testing::Values(InvalidEntryCase{"Empty", "\"\"", "empty clientIds glob"},
                      InvalidEntryCase{"UnterminatedClass", "\"dev-[a\"",
                                       "unterminated character class"},
                      InvalidEntryCase{"EmptyClass", "\"dev-[]\"", "empty character class"},
                      InvalidEntryCase{"EmptyNegatedClass", "\"dev-[^]\"", "empty negated class"},
                      InvalidEntryCase{"RangeWithoutEnd", "\"dev-[a-]\"", "has no end"},
                      InvalidEntryCase{"TrailingBackslash", "\"dev-\\\\\"", "lone '\\'"},
                      InvalidEntryCase{"UnknownToken", "\"{principal.foo}*\"", "unknown token"},
                      InvalidEntryCase{"Number", "17", "must be a string, not the number 17"}),
    [](const ::testing::TestParamInfo<InvalidEntryCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(BrokerResource, ParsesClientIdGlob) {
  const LoadResult result = Load(PolicyWithGlob("\"{principal.attributes.building}*\""));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const BrokerResource& resource = result.policy->rules[0].broker_resources[0];
  EXPECT_EQ(resource.method, BrokerMethod::kConnect);
  ASSERT_EQ(resource.client_ids.size(), 1u);
  EXPECT_EQ(resource.client_ids[0].text, "{principal.attributes.building}*");
  EXPECT_TRUE(resource.client_ids[0].glob.HasTokens());
}

// A rule with one broker resource whose fields are `fields`, written from line 6 on.
std::string PolicyWithResource(const std::string& fields) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: [c]\n"
      "      brokerResources:\n",
      fields);
}

TEST(BrokerResource, RejectsConnectWithTopics) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Connect\n"
                              "          topics: [a/b]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_EQ(errors[0].column, 19);
  EXPECT_EQ(errors[0].path, "rules[0].brokerResources[0].topics");
  EXPECT_NE(errors[0].message.find("Connect resource must not have topics"), std::string::npos);
}

TEST(BrokerResource, AcceptsConnectWithEmptyTopicsAndClientIds) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Connect\n"
                              "          topics: []\n"
                              "          clientIds: []\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(result.policy->rules[0].broker_resources[0].topics.empty());
}

TEST(BrokerResource, AcceptsConnectWithNullTopics) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Connect\n"
                              "          topics:\n"));
  EXPECT_TRUE(result.policy.has_value()) << Describe(result);
}

TEST(BrokerResource, RejectsPublishWithoutTopics) {
  const LoadResult result = Load(PolicyWithResource("        - method: Publish\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 6);
  EXPECT_EQ(errors[0].column, 11);
  EXPECT_EQ(errors[0].path, "rules[0].brokerResources[0]");
  EXPECT_NE(errors[0].message.find("Publish resource needs topics"), std::string::npos);
}

TEST(BrokerResource, RejectsSubscribeWithEmptyTopics) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Subscribe\n"
                              "          topics: []\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_EQ(errors[0].column, 19);
  EXPECT_EQ(errors[0].path, "rules[0].brokerResources[0].topics");
  EXPECT_NE(errors[0].message.find("empty topics list"), std::string::npos);
}

TEST(BrokerResource, RejectsTopicsThatAreNotList) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Subscribe\n"
                              "          topics: a/b\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_EQ(errors[0].column, 19);
  EXPECT_NE(errors[0].message.find("topics must be a list, not the string \"a/b\""),
            std::string::npos);
  EXPECT_NE(errors[0].hint.find("[\"a/b\"]"), std::string::npos);
}

TEST(BrokerResource, RejectsMissingMethod) {
  const LoadResult result = Load(PolicyWithResource("        - topics: [a]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 6);
  EXPECT_EQ(errors[0].column, 11);
  EXPECT_EQ(errors[0].message, "missing required field method");
  EXPECT_EQ(errors[0].hint, "add a method field with the value Connect, Publish or Subscribe");
}

TEST(BrokerResource, RejectsUnknownMethodWithSuggestion) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Publsh\n"
                              "          topics: [a]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 6);
  EXPECT_EQ(errors[0].column, 19);
  EXPECT_EQ(errors[0].path, "rules[0].brokerResources[0].method");
  EXPECT_EQ(errors[0].message, "unknown method \"Publsh\"");
  EXPECT_EQ(errors[0].hint,
            "did you mean Publish? Use Connect, Publish or Subscribe (letter case does not "
            "matter)");
}

TEST(BrokerResource, ListsMethodsForUnknownMethodWithoutNearName) {
  const LoadResult result = Load(PolicyWithResource("        - method: Delete\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  // "Write Connect, ..." would read as if Write were a method.
  EXPECT_EQ(errors[0].hint, "use Connect, Publish or Subscribe (letter case does not matter)");
}

TEST(BrokerResource, RejectsUnknownFieldWithSuggestion) {
  const LoadResult result =
      Load(PolicyWithResource("        - method: Connect\n"
                              "          clientId: [dev-1]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_EQ(errors[0].column, 11);
  EXPECT_EQ(errors[0].path, "rules[0].brokerResources[0].clientId");
  EXPECT_EQ(errors[0].message, "unknown field \"clientId\" in a broker resource");
  EXPECT_NE(errors[0].hint.find("did you mean clientIds?"), std::string::npos);
}

TEST(BrokerResource, TreatsFieldNamesCaseSensitively) {
  const LoadResult result = Load(PolicyWithResource("        - Method: Connect\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].message, "unknown field \"Method\" in a broker resource");
  EXPECT_NE(errors[0].hint.find("did you mean method?"), std::string::npos);
  EXPECT_EQ(errors[1].message, "missing required field method");
}

struct MethodCase {
  std::string_view text;
  BrokerMethod method;
};

class MethodSpellingTest : public ::testing::TestWithParam<MethodCase> {};

TEST_P(MethodSpellingTest, MatchesCaseInsensitively) {
  const LoadResult result = Load(PolicyWithResource(absl::StrCat(
      "        - method: ", std::string(GetParam().text), "\n          topics: [a]\n")));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_EQ(result.policy->rules[0].broker_resources[0].method, GetParam().method);
}

INSTANTIATE_TEST_SUITE_P(Spellings, MethodSpellingTest,
                         ::testing::Values(MethodCase{"publish", BrokerMethod::kPublish},
                                           MethodCase{"PUBLISH", BrokerMethod::kPublish},
                                           MethodCase{"\"SubScribe\"", BrokerMethod::kSubscribe}));

}  // namespace
}  // namespace mqauthz
