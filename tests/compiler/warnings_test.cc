// Warnings: the policy loads, and each warning names the place.

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
using ::mqauthz::testing::Warnings;

constexpr char kStateStoreTopic[] =
    "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";

// A policy with one rule whose broker resources are `resources`, from line 6 on.
std::string PolicyWithResources(const std::string& resources) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: [c]\n"
      "      brokerResources:\n",
      resources);
}

TEST(Warnings, WarnsAboutStarInTopicFilter) {
  const LoadResult result =
      Load(PolicyWithResources("        - method: Publish\n"
                               "          topics: [\"sensors/*/temp\", \"ok/+\"]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 7);
  EXPECT_EQ(warnings[0].column, 20);
  EXPECT_EQ(warnings[0].path, "rules[0].brokerResources[0].topics[0]");
  EXPECT_NE(warnings[0].message.find("'*' in topic filter \"sensors/*/temp\" is a literal"),
            std::string::npos);
}

TEST(Warnings, WarnsAboutQuestionMarkInTopicFilter) {
  const LoadResult result =
      Load(PolicyWithResources("        - method: Subscribe\n"
                               "          topics: [\"room?\"]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_NE(warnings[0].message.find("'?'"), std::string::npos);
}

TEST(Warnings, IgnoresStarInsideToken) {
  const LoadResult result =
      Load(PolicyWithResources("        - method: Publish\n"
                               "          topics: [\"a/{principal.attributes.x*}\"]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
}

TEST(Warnings, WarnsAboutEmptyPrincipals) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        usernames: []\n"
      "        clientIds: []\n"
      "      brokerResources: [{method: Connect}]\n");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 4);
  EXPECT_EQ(warnings[0].column, 9);
  EXPECT_EQ(warnings[0].path, "rules[0].principals");
  EXPECT_NE(warnings[0].message.find("matches no client"), std::string::npos);
}

TEST(Warnings, WarnsAboutEmptyPrincipalsMap) {
  const LoadResult result =
      Load("[{\"principals\": {}, \"brokerResources\": [{\"method\": \"Connect\"}]}]");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].column, 17);
}

TEST(Warnings, WarnsAboutEmptyRuleList) {
  for (const std::string_view text : {"authorizationPolicies:\n  rules: []\n", "[]"}) {
    const LoadResult result = Load(text);
    ASSERT_TRUE(result.policy.has_value()) << Describe(result);
    const std::vector<Diagnostic> warnings = Warnings(result);
    ASSERT_EQ(warnings.size(), 1u) << Describe(result);
    EXPECT_EQ(warnings[0].path, "rules");
    EXPECT_EQ(warnings[0].message, "the policy has no rules, so it denies every request");
  }
}

TEST(Warnings, PlacesEmptyRuleListWarningAtList) {
  const LoadResult result = Load("authorizationPolicies:\n  cache: Enabled\n  rules: []\n");
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 3);
  EXPECT_EQ(warnings[0].column, 10);
}

TEST(Warnings, WarnsAboutRuleThatAllowsNothing) {
  for (const char* state_store : {"", "      stateStoreResources: []\n"}) {
    const LoadResult result =
        Load(absl::StrCat("authorizationPolicies:\n"
                          "  rules:\n"
                          "    - principals: {clientIds: [c]}\n"
                          "      brokerResources: [{method: Connect}]\n"
                          "    - principals: {clientIds: [d]}\n"
                          "      brokerResources: []\n",
                          state_store));
    ASSERT_TRUE(result.policy.has_value()) << Describe(result);
    const std::vector<Diagnostic> warnings = Warnings(result);
    ASSERT_EQ(warnings.size(), 1u) << Describe(result);
    EXPECT_EQ(warnings[0].line, 6);
    EXPECT_EQ(warnings[0].column, 24);
    EXPECT_EQ(warnings[0].path, "rules[1].brokerResources");
    EXPECT_NE(warnings[0].message.find("this rule allows nothing"), std::string::npos);
  }
}

TEST(Warnings, AcceptsRuleWithStateStoreResourcesOnly) {
  const LoadResult result =
      Load(absl::StrCat("authorizationPolicies:\n"
                        "  rules:\n"
                        "    - principals: {clientIds: [c]}\n"
                        "      brokerResources: [{method: Publish, topics: [\"",
                        kStateStoreTopic,
                        "\"]}]\n"
                        "    - principals: {clientIds: [c]}\n"
                        "      brokerResources: []\n"
                        "      stateStoreResources: [{method: Read, keys: [k]}]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
}

TEST(Warnings, SkipsAllowsNothingWhenResourcesHaveErrors) {
  // The resources have entries, so their errors explain the rule and no warning is added.
  for (const char* resources :
       {"      brokerResources: [{method: Conect}]\n",
        "      brokerResources: []\n      stateStoreResources: [{method: Red, keys: [k]}]\n",
        "      brokerResources: []\n      stateStoreResources: {method: Read}\n"}) {
    const LoadResult result =
        Load(absl::StrCat("authorizationPolicies:\n"
                          "  rules:\n"
                          "    - principals: {clientIds: [c]}\n",
                          resources));
    EXPECT_FALSE(result.policy.has_value()) << resources;
    EXPECT_EQ(Errors(result).size(), 1u) << Describe(result);
    EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
  }
}

constexpr char kUsernamePolicy[] =
    "authorizationPolicies:\n"
    "  rules:\n"
    "    - principals:\n"
    "        usernames: [alice, \"{principal.clientId}\"]\n"
    "      brokerResources: [{method: Connect}]\n";

TEST(Warnings, WarnsAboutUsernamesWithServiceAccountTokens) {
  LoadOptions options;
  options.authentication_method = AuthenticationMethod::kServiceAccountToken;
  const LoadResult result = Load(kUsernamePolicy, options);
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 2u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 4);
  EXPECT_EQ(warnings[0].column, 21);
  EXPECT_EQ(warnings[0].path, "rules[0].principals.usernames[0]");
  EXPECT_NE(warnings[0].message.find("service account tokens"), std::string::npos);
  EXPECT_EQ(warnings[1].column, 28);
  EXPECT_EQ(warnings[1].path, "rules[0].principals.usernames[1]");
}

TEST(Warnings, AcceptsUsernamesWithOtherAuthentication) {
  for (const AuthenticationMethod method :
       {AuthenticationMethod::kUnspecified, AuthenticationMethod::kX509,
        AuthenticationMethod::kCustom}) {
    LoadOptions options;
    options.authentication_method = method;
    const LoadResult result = Load(kUsernamePolicy, options);
    ASSERT_TRUE(result.policy.has_value()) << Describe(result);
    EXPECT_TRUE(result.diagnostics.empty()) << Describe(result);
  }
}

// A policy whose state store rule can reach the store only through `publish_topic`.
std::string StateStorePolicy(const std::string& publish_topic) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals: {clientIds: [c]}\n"
      "      brokerResources:\n"
      "        - {method: Publish, topics: [\"",
      publish_topic,
      "\"]}\n"
      "      stateStoreResources:\n"
      "        - {method: Read, keys: [k]}\n");
}

TEST(Warnings, WarnsAboutUnreachableStateStore) {
  const LoadResult result = Load(StateStorePolicy("statestore/v1/other/command/invoke"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 7);
  EXPECT_EQ(warnings[0].column, 9);
  EXPECT_EQ(warnings[0].path, "rules[0].stateStoreResources");
  EXPECT_NE(warnings[0].message.find(kStateStoreTopic), std::string::npos);
}

TEST(Warnings, WarnsAboutStateStoreWithSubscribeOnly) {
  const LoadResult result =
      Load(absl::StrCat("authorizationPolicies:\n"
                        "  rules:\n"
                        "    - principals: {clientIds: [c]}\n"
                        "      brokerResources: [{method: Subscribe, topics: [\"",
                        kStateStoreTopic,
                        "\"]}]\n"
                        "      stateStoreResources: [{method: Read, keys: [k]}]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_EQ(Warnings(result).size(), 1u) << Describe(result);
}

class ReachableStateStoreTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(ReachableStateStoreTest, DoesNotWarn) {
  const LoadResult result = Load(StateStorePolicy(std::string(GetParam())));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
}

INSTANTIATE_TEST_SUITE_P(PublishFilters, ReachableStateStoreTest,
                         ::testing::Values(kStateStoreTopic, "statestore/v1/+/command/invoke",
                                           "statestore/#", "#",
                                           "statestore/v1/{principal.clientId}/command/invoke"));

TEST(Warnings, FindsStateStorePublishGrantInOtherRule) {
  const LoadResult result =
      Load(absl::StrCat("authorizationPolicies:\n"
                        "  rules:\n"
                        "    - principals: {clientIds: [c]}\n"
                        "      brokerResources: [{method: Connect}]\n"
                        "      stateStoreResources: [{method: Read, keys: [k]}]\n"
                        "    - principals: {clientIds: [c]}\n"
                        "      brokerResources: [{method: Publish, topics: [\"",
                        kStateStoreTopic, "\"]}]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
}

struct DuplicateCase {
  std::string_view name;
  std::string_view text;
  std::string_view path;
};

class DuplicateTest : public ::testing::TestWithParam<DuplicateCase> {};

TEST_P(DuplicateTest, WarnsAtRepeatedEntry) {
  const LoadResult result = Load(GetParam().text);
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].path, GetParam().path);
  EXPECT_EQ(warnings[0].line, 2);
  EXPECT_NE(warnings[0].message.find("duplicate"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Lists, DuplicateTest,
    ::testing::Values(
        DuplicateCase{"Usernames",
                      "[{principals: {usernames: [a,\n b]}, brokerResources: [{method: Connect}]}"
                      ", {principals: {usernames: [a, a]}, brokerResources: [{method: Connect}]}]",
                      "rules[1].principals.usernames[1]"},
        DuplicateCase{"ClientIds",
                      "[{principals: {clientIds: [dev-1, dev-2,\n dev-1]},"
                      " brokerResources: [{method: Connect}]}]",
                      "rules[0].principals.clientIds[2]"},
        DuplicateCase{"AttributeMapsInAnyOrder",
                      "[{principals: {attributes: [{a: '1', b: '2'},\n {b: '2', a: '1'}]},"
                      " brokerResources: [{method: Connect}]}]",
                      "rules[0].principals.attributes[1]"},
        DuplicateCase{"Topics",
                      "[{principals: {clientIds: [c]}, brokerResources: [{method: Publish,\n"
                      " topics: [a/b, c, a/b]}]}]",
                      "rules[0].brokerResources[0].topics[2]"},
        DuplicateCase{"ClientIdGlobs",
                      "[{principals: {clientIds: [c]}, brokerResources: [{method: Connect,\n"
                      " clientIds: [dev-*, dev-*]}]}]",
                      "rules[0].brokerResources[0].clientIds[1]"},
        DuplicateCase{"Keys",
                      "[{principals: {clientIds: [c]}, brokerResources: [{method: Publish, "
                      "topics: ['#']}],\n stateStoreResources: [{method: Read, keys: [k, k]}]}]",
                      "rules[0].stateStoreResources[0].keys[1]"}),
    [](const ::testing::TestParamInfo<DuplicateCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(Warnings, WarnsAboutCoveredBrokerResource) {
  const LoadResult result =
      Load(PolicyWithResources("        - method: Publish\n"
                               "          topics: [\"sensors/#\"]\n"
                               "        - method: Publish\n"
                               "          topics: [\"sensors/+/temp\", sensors]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 8);
  EXPECT_EQ(warnings[0].column, 11);
  EXPECT_EQ(warnings[0].path, "rules[0].brokerResources[1]");
  EXPECT_NE(warnings[0].message.find("rules[0].brokerResources[0]"), std::string::npos);
}

TEST(Warnings, WarnsAboutLaterOfIdenticalResources) {
  const LoadResult result =
      Load(PolicyWithResources("        - method: Connect\n"
                               "        - method: connect\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].path, "rules[0].brokerResources[1]");
}

TEST(Warnings, WarnsAboutResourceCoveredWithTokens) {
  const LoadResult result =
      Load(PolicyWithResources("        - method: Subscribe\n"
                               "          topics: [\"clients/{principal.clientId}/x\"]\n"
                               "        - method: Subscribe\n"
                               "          topics: [\"clients/{principal.clientId}/#\"]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].path, "rules[0].brokerResources[0]");
}

TEST(Warnings, WarnsAboutCoveredStateStoreResource) {
  const LoadResult result =
      Load(absl::StrCat("authorizationPolicies:\n"
                        "  rules:\n"
                        "    - principals: {clientIds: [c]}\n"
                        "      brokerResources: [{method: Publish, topics: [\"",
                        kStateStoreTopic,
                        "\"]}]\n"
                        "      stateStoreResources:\n"
                        "        - {method: ReadWrite, keys: [a, b]}\n"
                        "        - {method: Read, keyType: pattern, keys: [b]}\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 7);
  EXPECT_EQ(warnings[0].column, 11);
  EXPECT_EQ(warnings[0].path, "rules[0].stateStoreResources[1]");
}

struct NotCoveredCase {
  std::string_view name;
  std::string_view resources;
};

class NotCoveredTest : public ::testing::TestWithParam<NotCoveredCase> {};

TEST_P(NotCoveredTest, DoesNotWarn) {
  const LoadResult result = Load(PolicyWithResources(std::string(GetParam().resources)));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
}

INSTANTIATE_TEST_SUITE_P(
    Resources, NotCoveredTest,
    ::testing::Values(
        NotCoveredCase{"DifferentMethods",
                       "        - {method: Publish, topics: [a]}\n"
                       "        - {method: Subscribe, topics: [a]}\n"},
        NotCoveredCase{"NarrowerClientIds",
                       "        - {method: Publish, topics: ['#'], clientIds: [dev-1]}\n"
                       "        - {method: Publish, topics: [a]}\n"},
        NotCoveredCase{"DifferentClientIds",
                       "        - {method: Connect, clientIds: [dev-1]}\n"
                       "        - {method: Connect, clientIds: [dev-2]}\n"},
        NotCoveredCase{"WildcardDoesNotCoverDollarToken",
                       "        - {method: Publish, topics: [+/x]}\n"
                       "        - {method: Publish, topics: ['{principal.clientId}/x']}\n"},
        NotCoveredCase{"TokenDoesNotCoverLiteral",
                       "        - {method: Publish, topics: ['a/{principal.clientId}']}\n"
                       "        - {method: Publish, topics: [a/x]}\n"},
        NotCoveredCase{"DifferentTokens",
                       "        - {method: Publish, topics: ['a/{principal.clientId}']}\n"
                       "        - {method: Publish, topics: ['a/{principal.username}']}\n"},
        NotCoveredCase{"PartlyCoveredTopics",
                       "        - {method: Publish, topics: [a/#]}\n"
                       "        - {method: Publish, topics: [a/b, c]}\n"}),
    [](const ::testing::TestParamInfo<NotCoveredCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(Warnings, WarnsAboutBangClassInClientIdGlob) {
  const LoadResult result = Load(
      PolicyWithResources("        - method: Connect\n"
                          "          clientIds: [\"dev-[!0-9]\", \"ok-[^0-9]\", \"ok-\\\\[!\"]\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].line, 7);
  EXPECT_EQ(warnings[0].column, 23);
  EXPECT_EQ(warnings[0].path, "rules[0].brokerResources[0].clientIds[0]");
  EXPECT_NE(warnings[0].hint.find("[^"), std::string::npos);
}

TEST(Warnings, WarnsAboutBangClassInPatternKey) {
  const LoadResult result = Load(absl::StrCat(
      "[{principals: {clientIds: [c]}, brokerResources: [{method: Publish, topics: ['#']}],\n"
      " stateStoreResources: [{method: Read, keys: [\"a[!b]\", \"c[a!]\"]}]}]"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].path, "rules[0].stateStoreResources[0].keys[0]");
}

}  // namespace
}  // namespace mqauthz
