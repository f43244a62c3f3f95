// Validation of principals: usernames, clientIds and attribute maps.

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

// A policy whose principals are `principals_yaml`, written from line 4 on.
std::string PolicyWithPrincipals(const std::string& principals_yaml) {
  return absl::StrCat(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n",
      principals_yaml,
      "      brokerResources:\n"
      "        - method: Connect\n");
}

TEST(Principals, BuildsEntriesAsWritten) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        usernames: [\"{principal.clientId}\", smart-lock]\n"
                                "        clientIds: [temperature-sensor]\n"
                                "        attributes:\n"
                                "          - city: seattle\n"
                                "            organization: \"{principal.username}\"\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const Principals& principals = result.policy->rules[0].principals;
  ASSERT_EQ(principals.usernames.size(), 2u);
  EXPECT_EQ(principals.usernames[0].text, "{principal.clientId}");
  EXPECT_TRUE(principals.usernames[0].value.HasTokens());
  EXPECT_EQ(principals.usernames[1].text, "smart-lock");
  ASSERT_EQ(principals.client_ids.size(), 1u);
  EXPECT_EQ(principals.client_ids[0].text, "temperature-sensor");
  ASSERT_EQ(principals.attributes.size(), 1u);
  ASSERT_EQ(principals.attributes[0].entries.size(), 2u);
  EXPECT_EQ(principals.attributes[0].entries[0].first, "city");
  EXPECT_EQ(principals.attributes[0].value_texts[0], "seattle");
  EXPECT_EQ(principals.attributes[0].entries[1].first, "organization");
  EXPECT_TRUE(principals.attributes[0].entries[1].second.HasTokens());
}

TEST(Principals, RejectsEmptyUsername) {
  const LoadResult result = Load(PolicyWithPrincipals("        usernames: [\"\"]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[0].column, 21);
  EXPECT_EQ(errors[0].path, "rules[0].principals.usernames[0]");
  EXPECT_EQ(errors[0].message, "empty username");
}

TEST(Principals, RejectsEmptyClientId) {
  const LoadResult result = Load(PolicyWithPrincipals("        clientIds: ['']\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[0].column, 21);
  EXPECT_EQ(errors[0].path, "rules[0].principals.clientIds[0]");
  EXPECT_EQ(errors[0].message, "empty client id");
}

TEST(Principals, RejectsUnknownTokenInUsername) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        usernames: [\"{principal.name}\"]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].column, 21);
  EXPECT_NE(errors[0].message.find("unknown token {principal.name}"), std::string::npos);
}

TEST(Principals, RejectsPlainNumberAsClientIdWithQuoteHint) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        clientIds:\n"
                                "          - 17\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 13);
  EXPECT_EQ(errors[0].message, "a client id must be a string, not the number 17");
  EXPECT_NE(errors[0].hint.find("quote it: \"17\""), std::string::npos);
}

TEST(Principals, RejectsJsonNumberAsClientId) {
  const LoadResult result = Load(
      "{\"authorizationPolicies\": {\"rules\": [{\"principals\": {\"clientIds\": [17]},\n"
      "  \"brokerResources\": [{\"method\": \"Connect\"}]}]}}");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 68);
  EXPECT_NE(errors[0].hint.find("JSON string: \"17\""), std::string::npos);
}

TEST(Principals, RejectsUsernamesThatAreNotList) {
  const LoadResult result = Load(PolicyWithPrincipals("        usernames: smart-lock\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[0].column, 20);
  EXPECT_EQ(errors[0].path, "rules[0].principals.usernames");
}

TEST(Principals, RejectsPrincipalsThatAreNotMap) {
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals: [a]\n"
      "      brokerResources: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].column, 19);
  EXPECT_EQ(errors[0].message, "principals must be a map, not a list");
}

TEST(Principals, RejectsUnknownFieldWithSuggestion) {
  const LoadResult result = Load(PolicyWithPrincipals("        clientId: [c]\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[0].column, 9);
  EXPECT_EQ(errors[0].path, "rules[0].principals.clientId");
  EXPECT_NE(errors[0].hint.find("did you mean clientIds?"), std::string::npos);
}

TEST(Principals, RejectsEmptyAttributeMap) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        attributes:\n"
                                "          - {}\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 13);
  EXPECT_EQ(errors[0].path, "rules[0].principals.attributes[0]");
  EXPECT_NE(errors[0].message.find("empty attribute map"), std::string::npos);
}

TEST(Principals, RejectsPlainNumberAsAttributeValue) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        attributes:\n"
                                "          - building: 17\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 23);
  EXPECT_EQ(errors[0].path, "rules[0].principals.attributes[0].building");
  EXPECT_EQ(errors[0].message, "an attribute value must be a string, not the number 17");
  EXPECT_NE(errors[0].hint.find("quote it: \"17\""), std::string::npos);
}

TEST(Principals, RejectsPlainBooleanAsAttributeValue) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        attributes:\n"
                                "          - group: yes\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 20);
  EXPECT_EQ(errors[0].message, "an attribute value must be a string, not the boolean yes");
  EXPECT_NE(errors[0].hint.find("quote it: \"yes\""), std::string::npos);
}

TEST(Principals, AcceptsQuotedNumberAsAttributeValue) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        attributes:\n"
                                "          - building: \"17\"\n"));
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_EQ(result.policy->rules[0].principals.attributes[0].value_texts[0], "17");
}

TEST(Principals, RejectsEmptyAttributeName) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        attributes:\n"
                                "          - \"\": x\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 13);
  EXPECT_EQ(errors[0].message, "empty attribute name");
}

TEST(Principals, RejectsAttributeMapThatIsNotMap) {
  const LoadResult result =
      Load(PolicyWithPrincipals("        attributes:\n"
                                "          - building22\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 13);
  EXPECT_EQ(errors[0].message, "an attribute map must be a map, not the string \"building22\"");
}

// Principals whose only fields have errors: each error is reported once, and the
// warning that principals is empty does not follow it, because the principals the user
// meant are unknown.
struct PrincipalsErrorCase {
  std::string_view name;
  std::string_view principals;
  std::string_view path;
  std::string_view message;
};

class PrincipalsErrorTest : public ::testing::TestWithParam<PrincipalsErrorCase> {};

TEST_P(PrincipalsErrorTest, ReportsErrorWithoutEmptyWarning) {
  const LoadResult result = Load(PolicyWithPrincipals(std::string(GetParam().principals)));
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].path, GetParam().path);
  EXPECT_EQ(errors[0].message, GetParam().message);
  EXPECT_TRUE(Warnings(result).empty()) << Describe(result);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PrincipalsErrorTest,
    ::testing::Values(
        PrincipalsErrorCase{"AttributeMapWithoutList", "        attributes: {building: b1}\n",
                            "rules[0].principals.attributes",
                            "attributes must be a list of maps, not a map"},
        PrincipalsErrorCase{"ClientIdString", "        clientIds: sensor-1\n",
                            "rules[0].principals.clientIds",
                            "clientIds must be a list, not the string \"sensor-1\""},
        PrincipalsErrorCase{"UsernameString", "        usernames: smart-lock\n",
                            "rules[0].principals.usernames",
                            "usernames must be a list, not the string \"smart-lock\""},
        PrincipalsErrorCase{"MisspelledField", "        clientId: [sensor-1]\n",
                            "rules[0].principals.clientId",
                            "unknown field \"clientId\" in principals"},
        PrincipalsErrorCase{"OnlyEntryInvalid", "        clientIds: [17]\n",
                            "rules[0].principals.clientIds[0]",
                            "a client id must be a string, not the number 17"}),
    [](const ::testing::TestParamInfo<PrincipalsErrorCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(Principals, HintsListForAttributeMap) {
  const LoadResult result = Load(PolicyWithPrincipals("        attributes: {building: b1}\n"));
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[0].column, 21);
  EXPECT_NE(errors[0].hint.find("put `- ` before its first name"), std::string::npos)
      << errors[0].hint;
}

TEST(Principals, WarnsAboutEmptyListsBesideErrorElsewhere) {
  // The error is in the resources, not in principals, so the empty principals still get
  // their warning.
  const LoadResult result = Load(
      "authorizationPolicies:\n"
      "  rules:\n"
      "    - principals:\n"
      "        clientIds: []\n"
      "      brokerResources: [{method: Conect}]\n");
  EXPECT_EQ(Errors(result).size(), 1u) << Describe(result);
  const std::vector<Diagnostic> warnings = Warnings(result);
  ASSERT_EQ(warnings.size(), 1u) << Describe(result);
  EXPECT_EQ(warnings[0].path, "rules[0].principals");
}

}  // namespace
}  // namespace mqauthz
