// Validation of the policy object and its rules, and of whole files: every error is
// reported, with its position, path, message and hint.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "gtest/gtest.h"
#include "tests/compiler/test_support.h"

namespace mqauthz {
namespace {

using ::mqauthz::testing::Describe;
using ::mqauthz::testing::Errors;
using ::mqauthz::testing::Load;

TEST(Validation, AcceptsEmptyRuleListWithWarning) {
  const LoadResult result = Load("authorizationPolicies:\n  rules: []\n");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(result.policy->rules.empty());
  EXPECT_TRUE(result.policy->cache_enabled);
  EXPECT_TRUE(Errors(result).empty()) << Describe(result);
  ASSERT_EQ(result.diagnostics.size(), 1u) << Describe(result);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(result.diagnostics[0].path, "rules");
}

TEST(Validation, AcceptsEmptyBareRuleList) {
  const LoadResult result = Load("[]");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(result.policy->rules.empty());
}

TEST(Validation, ReadsCacheCaseInsensitively) {
  for (const std::string_view cache : {"Disabled", "disabled", "DISABLED"}) {
    const LoadResult result = Load(std::string("authorizationPolicies:\n  cache: ") +
                                   std::string(cache) + "\n  rules: []\n");
    ASSERT_TRUE(result.policy.has_value()) << Describe(result);
    EXPECT_FALSE(result.policy->cache_enabled) << cache;
  }
}

TEST(Validation, RejectsUnknownCacheValue) {
  const LoadResult result = Load("authorizationPolicies:\n  cache: On\n  rules: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 10);
  EXPECT_EQ(errors[0].path, "cache");
  // `On` unquoted is a YAML boolean.
  EXPECT_EQ(errors[0].message, "cache must be a string, not the boolean On");
}

TEST(Validation, RejectsMisspelledCacheValue) {
  const LoadResult result = Load("authorizationPolicies:\n  cache: Enable\n  rules: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].message, "unknown cache \"Enable\"");
  EXPECT_NE(errors[0].hint.find("did you mean Enabled?"), std::string::npos);
}

TEST(Validation, RejectsMissingRules) {
  const LoadResult result = Load("authorizationPolicies:\n  cache: Enabled\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 3);
  EXPECT_EQ(errors[0].message, "missing required field rules");
  EXPECT_NE(errors[0].hint.find("[]"), std::string::npos);
}

TEST(Validation, RejectsRulesThatAreNotList) {
  const LoadResult result = Load("authorizationPolicies:\n  rules:\n    principals: {}\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].column, 5);
  EXPECT_EQ(errors[0].path, "rules");
  EXPECT_EQ(errors[0].message, "rules must be a list, not a map");
}

TEST(Validation, RejectsUnknownPolicyFieldWithSuggestion) {
  const LoadResult result = Load("authorizationPolicies:\n  rule: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].path, "rule");
  EXPECT_EQ(errors[0].message, "unknown field \"rule\" in authorizationPolicies");
  EXPECT_NE(errors[0].hint.find("did you mean rules?"), std::string::npos);
  EXPECT_EQ(errors[1].message, "missing required field rules");
}

TEST(Validation, RejectsRuleThatIsNotMap) {
  const LoadResult result = Load("authorizationPolicies:\n  rules:\n    - 17\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].column, 7);
  EXPECT_EQ(errors[0].path, "rules[0]");
  EXPECT_EQ(errors[0].message, "a rule must be a map, not the number 17");
}

TEST(Validation, RejectsRuleWithoutPrincipalsOrResources) {
  const LoadResult result =
      Load("authorizationPolicies:\n  rules:\n    - stateStoreResources: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].column, 7);
  EXPECT_EQ(errors[0].path, "rules[0]");
  EXPECT_EQ(errors[0].message, "missing required field principals");
  EXPECT_EQ(errors[1].message, "missing required field brokerResources");
}

TEST(Validation, RejectsUnknownRuleFieldWithSuggestion) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals: {clientIds: [c]}\n"
      "      brokerResources: [{method: Connect}]\n"
      "      stateStoreResource: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 7);
  EXPECT_EQ(errors[0].path, "rules[0].stateStoreResource");
  EXPECT_NE(errors[0].hint.find("did you mean stateStoreResources?"), std::string::npos);
}

TEST(Validation, RejectsResourcesThatAreNotLists) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals: {clientIds: [c]}\n"
      "      brokerResources: {method: Connect}\n"
      "      stateStoreResources: Read\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[0].column, 24);
  EXPECT_EQ(errors[0].path, "rules[0].brokerResources");
  EXPECT_EQ(errors[1].line, 5);
  EXPECT_EQ(errors[1].column, 28);
  EXPECT_EQ(errors[1].path, "rules[0].stateStoreResources");
}

TEST(Validation, ReportsEveryErrorOfFile) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"                                       // 1
      "  cache: sometimes\n"                                           // 2
      "  rules:\n"                                                     // 3
      "    - principals:\n"                                            // 4
      "        clientId: [dev-1]\n"                                    // 5
      "      brokerResources:\n"                                       // 6
      "        - method: Connect\n"                                    // 7
      "          topics: [a]\n"                                        // 8
      "        - method: Publish\n"                                    // 9
      "          topics: [\"a/#/b\", \"x+\"]\n"                        // 10
      "    - principals: {usernames: [\"\"]}\n"                        // 11
      "      brokerResources: []\n"                                    // 12
      "      stateStoreResources:\n"                                   // 13
      "        - {method: Read, keyType: Binary, keys: [\"%%\"]}\n");  // 14

  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 7u) << Describe(result);

  EXPECT_EQ(errors[0].path, "cache");
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[1].path, "rules[0].principals.clientId");
  EXPECT_EQ(errors[1].line, 5);
  EXPECT_EQ(errors[2].path, "rules[0].brokerResources[0].topics");
  EXPECT_EQ(errors[2].line, 8);
  EXPECT_EQ(errors[3].path, "rules[0].brokerResources[1].topics[0]");
  EXPECT_EQ(errors[3].line, 10);
  EXPECT_EQ(errors[3].column, 20);
  EXPECT_EQ(errors[4].path, "rules[0].brokerResources[1].topics[1]");
  EXPECT_EQ(errors[4].line, 10);
  EXPECT_EQ(errors[4].column, 29);
  EXPECT_EQ(errors[5].path, "rules[1].principals.usernames[0]");
  EXPECT_EQ(errors[5].line, 11);
  EXPECT_EQ(errors[5].column, 32);
  EXPECT_EQ(errors[6].path, "rules[1].stateStoreResources[0].keys[0]");
  EXPECT_EQ(errors[6].line, 14);
  EXPECT_EQ(errors[6].column, 50);
}

TEST(Validation, ReportsDuplicateKeyAlongWithOtherErrors) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules: []\n"
      "  rules: []\n"
      "  cash: Enabled\n");
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_NE(errors[0].message.find("duplicate key \"rules\""), std::string::npos);
  EXPECT_EQ(errors[1].line, 4);
  EXPECT_NE(errors[1].hint.find("did you mean cache?"), std::string::npos);
}

TEST(Validation, FormatsErrorsWithFileName) {
  const LoadResult result = LoadPolicyText("[17]", "rules.json");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(result.diagnostics[0]),
            "rules.json:1:2: error: rules[0]: a rule must be a map, not the number 17\n"
            "  hint: write a map of fields (`name: value` lines in YAML, {...} in JSON)");
}

TEST(Validation, ReportsUnreadableFile) {
  const LoadResult result = LoadPolicyFile("/nonexistent/policy.yaml");
  EXPECT_FALSE(result.policy.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(result.diagnostics[0].file, "/nonexistent/policy.yaml");
  EXPECT_EQ(result.diagnostics[0].line, 0);
  EXPECT_NE(result.diagnostics[0].message.find("cannot open the file"), std::string::npos);
}

TEST(Validation, ReportsDirectoryAsUnreadable) {
  const LoadResult result = LoadPolicyFile(MQAUTHZ_EXAMPLES_DIR);
  EXPECT_FALSE(result.policy.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 0);
}

TEST(Validation, RejectsTextOverSizeLimit) {
  const std::string text(kMaxPolicyBytes + 1, ' ');
  const LoadResult result = Load(text);
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_NE(errors[0].message.find("more than the limit"), std::string::npos);
}

TEST(Validation, KeepsPolicyTextAsWritten) {
  const LoadResult result = Load(
      "[{principals: {clientIds: [\"  spaced  \"]},\n"
      "  brokerResources: [{method: Subscribe, topics: [\"$share-not/+/x\"]}]}]");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_EQ(result.policy->rules[0].principals.client_ids[0].text, "  spaced  ");
  EXPECT_EQ(result.policy->rules[0].broker_resources[0].topics[0].text, "$share-not/+/x");
}

}  // namespace
}  // namespace mqauthz
