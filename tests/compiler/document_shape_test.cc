// Recognition of the four document shapes, in JSON and in YAML, and their envelopes.

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

struct ShapeCase {
  std::string_view name;
  std::string_view text;
  DocumentShape shape;
  DocumentSyntax syntax;
};

class ShapeTest : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(ShapeTest, LoadsPolicy) {
  const LoadResult result = Load(GetParam().text);
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(result.diagnostics.empty()) << Describe(result);
  ASSERT_EQ(result.policy->rules.size(), 1u);
  EXPECT_EQ(result.policy->rules[0].broker_resources.size(), 2u);
  EXPECT_FALSE(result.policy->cache_enabled);
}

TEST_P(ShapeTest, DetectsShape) {
  const LoadResult result = Load(GetParam().text);
  ASSERT_TRUE(result.shape.has_value()) << Describe(result);
  EXPECT_EQ(*result.shape, GetParam().shape);
}

TEST_P(ShapeTest, DetectsSyntax) {
  const LoadResult result = Load(GetParam().text);
  ASSERT_TRUE(result.syntax.has_value()) << Describe(result);
  EXPECT_EQ(*result.syntax, GetParam().syntax);
}

constexpr char kCustomResourceYaml[] = R"(apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthorization
metadata:
  name: my-authz-policies
  namespace: azure-iot-operations
spec:
  authorizationPolicies:
    cache: Disabled
    rules:
      - principals:
          clientIds: [sensor]
        brokerResources:
          - method: Connect
          - method: Publish
            topics: [sensors/#]
status:
  provisioningStatus: Succeeded
)";

constexpr char kCustomResourceJson[] = R"({
  "apiVersion": "mqttbroker.iotoperations.azure.com/v1beta1",
  "kind": "BrokerAuthorization",
  "metadata": {"name": "my-authz-policies"},
  "spec": {"authorizationPolicies": {"cache": "Disabled", "rules": [
    {"principals": {"clientIds": ["sensor"]},
     "brokerResources": [{"method": "Connect"}, {"method": "Publish", "topics": ["sensors/#"]}]}
  ]}}
})";

constexpr char kCliConfigJson[] = R"({"authorizationPolicies": {"cache": "Disabled", "rules": [
  {"principals": {"clientIds": ["sensor"]},
   "brokerResources": [{"method": "Connect"}, {"method": "Publish", "topics": ["sensors/#"]}]}
]}})";

constexpr char kCliConfigYaml[] = R"(authorizationPolicies:
  cache: Disabled
  rules:
    - principals: {clientIds: [sensor]}
      brokerResources: [{method: Connect}, {method: Publish, topics: ["sensors/#"]}]
)";

constexpr char kArmResourceJson[] = R"({
  "id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.IoTOperations/instances/aio/brokers/default/authorizations/policy",
  "name": "policy",
  "type": "Microsoft.IoTOperations/instances/brokers/authorizations",
  "extendedLocation": {"name": "/subscriptions/0000/customLocations/location", "type": "CustomLocation"},
  "systemData": {"createdBy": "someone"},
  "tags": {},
  "properties": {
    "provisioningState": "Succeeded",
    "authorizationPolicies": {"cache": "Disabled", "rules": [
      {"principals": {"clientIds": ["sensor"]},
       "brokerResources": [{"method": "Connect"}, {"method": "Publish", "topics": ["sensors/#"]}]}
    ]}
  }
})";

constexpr char kArmResourceYaml[] = R"(name: policy
type: Microsoft.IoTOperations/instances/brokers/authorizations
properties:
  authorizationPolicies:
    cache: disabled
    rules:
      - principals:
          clientIds: [sensor]
        brokerResources:
          - method: Connect
          - method: Publish
            topics: [sensors/#]
)";

constexpr char kRuleListJson[] = R"([
  {"principals": {"clientIds": ["sensor"]},
   "brokerResources": [{"method": "Connect"}, {"method": "Publish", "topics": ["sensors/#"]}]}
])";

constexpr char kRuleListYaml[] = R"(- principals:
    clientIds: [sensor]
  brokerResources:
    - method: Connect
    - method: Publish
      topics: [sensors/#]
)";

// Rule lists are in RuleListTest: they have no cache field, so they keep the default.
INSTANTIATE_TEST_SUITE_P(
    Shapes, ShapeTest,
    ::testing::Values(ShapeCase{"CustomResourceYaml", kCustomResourceYaml,
                                DocumentShape::kCustomResource, DocumentSyntax::kYaml},
                      ShapeCase{"CustomResourceJson", kCustomResourceJson,
                                DocumentShape::kCustomResource, DocumentSyntax::kJson},
                      ShapeCase{"CliConfigJson", kCliConfigJson, DocumentShape::kCliConfig,
                                DocumentSyntax::kJson},
                      ShapeCase{"CliConfigYaml", kCliConfigYaml, DocumentShape::kCliConfig,
                                DocumentSyntax::kYaml},
                      ShapeCase{"ArmResourceJson", kArmResourceJson, DocumentShape::kArmResource,
                                DocumentSyntax::kJson},
                      ShapeCase{"ArmResourceYaml", kArmResourceYaml, DocumentShape::kArmResource,
                                DocumentSyntax::kYaml}),
    [](const ::testing::TestParamInfo<ShapeCase>& case_info) {
      return std::string(case_info.param.name);
    });

struct RuleListCase {
  std::string_view name;
  std::string_view text;
  DocumentSyntax syntax;
};

class RuleListTest : public ::testing::TestWithParam<RuleListCase> {};

TEST_P(RuleListTest, LoadsWithDefaultCache) {
  const LoadResult result = Load(GetParam().text);
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  EXPECT_TRUE(result.diagnostics.empty()) << Describe(result);
  EXPECT_TRUE(result.policy->cache_enabled);
  ASSERT_EQ(result.policy->rules.size(), 1u);
  EXPECT_EQ(result.policy->rules[0].broker_resources.size(), 2u);
}

TEST_P(RuleListTest, DetectsShapeAndSyntax) {
  const LoadResult result = Load(GetParam().text);
  ASSERT_TRUE(result.shape.has_value()) << Describe(result);
  EXPECT_EQ(*result.shape, DocumentShape::kRuleList);
  ASSERT_TRUE(result.syntax.has_value());
  EXPECT_EQ(*result.syntax, GetParam().syntax);
}

INSTANTIATE_TEST_SUITE_P(
    Syntaxes, RuleListTest,
    ::testing::Values(RuleListCase{"Json", kRuleListJson, DocumentSyntax::kJson},
                      RuleListCase{"Yaml", kRuleListYaml, DocumentSyntax::kYaml}),
    [](const ::testing::TestParamInfo<RuleListCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(DocumentShape, NamesShapes) {
  EXPECT_STREQ(DocumentShapeName(DocumentShape::kCustomResource), "custom resource");
  EXPECT_STREQ(DocumentShapeName(DocumentShape::kCliConfig), "CLI config");
  EXPECT_STREQ(DocumentShapeName(DocumentShape::kArmResource), "ARM resource");
  EXPECT_STREQ(DocumentShapeName(DocumentShape::kRuleList), "rule list");
}

TEST(DocumentShape, ReadsFlowYamlThatStartsLikeJson) {
  const LoadResult result = Load("{authorizationPolicies: {rules: []}}");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  ASSERT_TRUE(result.syntax.has_value());
  EXPECT_EQ(*result.syntax, DocumentSyntax::kYaml);
}

// Policy text that YAML reads as flow style but that is not valid JSON.
struct NotJsonCase {
  std::string_view name;
  std::string_view text;
  int line;
  int column;
  std::string_view message;
};

class NotJsonTest : public ::testing::TestWithParam<NotJsonCase> {};

TEST_P(NotJsonTest, RejectedInJsonFile) {
  const LoadResult result = LoadPolicyText(GetParam().text, "policy.json");
  EXPECT_FALSE(result.policy.has_value());
  EXPECT_FALSE(result.syntax.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].file, "policy.json");
  EXPECT_EQ(errors[0].line, GetParam().line);
  EXPECT_EQ(errors[0].column, GetParam().column);
  EXPECT_EQ(errors[0].message, GetParam().message);
  // The text starts like JSON, so it was meant as JSON and YAML is not suggested.
  EXPECT_EQ(errors[0].hint.find("YAML"), std::string::npos) << errors[0].hint;
}

TEST_P(NotJsonTest, LoadedAsYamlInOtherFiles) {
  for (const std::string_view name : {"policy.yaml", "policy", "policy.json.txt"}) {
    const LoadResult result = LoadPolicyText(GetParam().text, name);
    ASSERT_TRUE(result.policy.has_value()) << name << "\n" << Describe(result);
    ASSERT_TRUE(result.syntax.has_value());
    EXPECT_EQ(*result.syntax, DocumentSyntax::kYaml) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    FlowYaml, NotJsonTest,
    ::testing::Values(NotJsonCase{"TrailingComma",
                                  "{\"authorizationPolicies\": {\"rules\": [\n"
                                  "  {\"principals\": {\"clientIds\": [\"c\"]},\n"
                                  "   \"brokerResources\": [{\"method\": \"Connect\"}]},\n"
                                  "]}}\n",
                                  3, 47, "invalid JSON: comma after the last entry of an array"},
                      NotJsonCase{"SingleQuotes", "{'authorizationPolicies': {'rules': []}}", 1, 2,
                                  "invalid JSON: single quotes are not allowed"},
                      NotJsonCase{
                          "HashComment",
                          "{\n  # deny all\n  \"authorizationPolicies\": {\"rules\": []}\n}", 2, 3,
                          "invalid JSON: comments are not allowed"},
                      NotJsonCase{"UnquotedKeys", "{authorizationPolicies: {rules: []}}", 1, 2,
                                  "invalid JSON: unquoted text \"authorizationPolicies\""}),
    [](const ::testing::TestParamInfo<NotJsonCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(DocumentShape, RejectsSlashCommentInJsonFile) {
  const LoadResult result = LoadPolicyText(
      "{\n  // deny all\n  \"authorizationPolicies\": {\"rules\": []}\n}", "policy.json");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 3);
  EXPECT_EQ(errors[0].message, "invalid JSON: comments are not allowed");
}

TEST(DocumentShape, ReadsJsonFileNameInAnyLetterCase) {
  const LoadResult result = LoadPolicyText("{authorizationPolicies: {rules: []}}", "POLICY.Json");
  EXPECT_FALSE(result.policy.has_value());
  EXPECT_EQ(Errors(result).size(), 1u) << Describe(result);
}

TEST(DocumentShape, SuggestsRenamingYamlInJsonFile) {
  const LoadResult result =
      LoadPolicyText("authorizationPolicies:\n  rules: []\n", "dir/policy.json");
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 1);
  EXPECT_EQ(errors[0].message, "invalid JSON: unquoted text \"authorizationPolicies\"");
  EXPECT_NE(errors[0].hint.find("rename it to .yaml"), std::string::npos) << errors[0].hint;
}

TEST(DocumentShape, DoesNotSuggestRenamingWhenYamlFailsToo) {
  const LoadResult result = LoadPolicyText("authorizationPolicies: [\n", "policy.json");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].hint.find("YAML"), std::string::npos) << errors[0].hint;
}

TEST(DocumentShape, LoadsValidJsonFile) {
  const LoadResult result = LoadPolicyText(kCliConfigJson, "policy.json");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  ASSERT_TRUE(result.syntax.has_value());
  EXPECT_EQ(*result.syntax, DocumentSyntax::kJson);
}

TEST(DocumentShape, ReportsJsonErrorWhenNeitherSyntaxParses) {
  const LoadResult result = Load("{\"authorizationPolicies\": {\"rules\": [}\n");
  EXPECT_FALSE(result.policy.has_value());
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_NE(errors[0].message.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_GT(errors[0].column, 0);
  EXPECT_FALSE(result.syntax.has_value());
}

TEST(DocumentShape, ReportsYamlSyntaxError) {
  const LoadResult result = Load("authorizationPolicies:\n  rules: [\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_NE(errors[0].message.find("invalid YAML"), std::string::npos);
  EXPECT_GT(errors[0].line, 0);
}

TEST(DocumentShape, RejectsEmptyText) {
  for (const std::string_view text : {"", "  \n\t\r\n"}) {
    const LoadResult result = Load(text);
    const std::vector<Diagnostic> errors = Errors(result);
    ASSERT_EQ(errors.size(), 1u) << Describe(result);
    EXPECT_EQ(errors[0].message, "the file is empty");
    EXPECT_EQ(errors[0].line, 0);
  }
}

TEST(DocumentShape, RejectsCommentOnlyText) {
  const LoadResult result = Load("# a policy will go here\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_NE(errors[0].message.find("contains no policy"), std::string::npos);
}

TEST(DocumentShape, RejectsScalarTopLevel) {
  const LoadResult result = Load("just text\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 1);
  EXPECT_NE(errors[0].message.find("not a policy document"), std::string::npos);
  EXPECT_NE(errors[0].hint.find("CLI config"), std::string::npos);
  EXPECT_FALSE(result.shape.has_value());
}

TEST(DocumentShape, RejectsUnknownTopLevelMapWithSuggestion) {
  const LoadResult result = Load("authorizationPolicy:\n  rules: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 1);
  EXPECT_NE(errors[0].hint.find("did you mean authorizationPolicies"), std::string::npos);
  EXPECT_NE(errors[0].hint.find("a list of rules"), std::string::npos);
}

TEST(DocumentShape, RejectsWrongApiVersion) {
  const LoadResult result = Load(
      "apiVersion: mqttbroker.iotoperations.azure.com/v2\n"
      "kind: BrokerAuthorization\n"
      "spec:\n"
      "  authorizationPolicies: {rules: []}\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 13);
  EXPECT_EQ(errors[0].path, "apiVersion");
  EXPECT_EQ(*result.shape, DocumentShape::kCustomResource);
}

TEST(DocumentShape, RejectsWrongKind) {
  const LoadResult result = Load(
      "apiVersion: mqttbroker.iotoperations.azure.com/v1\n"
      "kind: BrokerAuthentication\n"
      "spec:\n"
      "  authorizationPolicies: {rules: []}\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 7);
  EXPECT_EQ(errors[0].path, "kind");
}

TEST(DocumentShape, RejectsMissingKindAndApiVersion) {
  const LoadResult result = Load("spec:\n  authorizationPolicies: {rules: []}\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].message, "missing required field apiVersion");
  EXPECT_EQ(errors[1].message, "missing required field kind");
}

TEST(DocumentShape, RejectsUnknownSpecField) {
  const LoadResult result = Load(
      "apiVersion: mqttbroker.iotoperations.azure.com/v1\n"
      "kind: BrokerAuthorization\n"
      "spec:\n"
      "  authorizationPolicies: {rules: []}\n"
      "  authenticationMethods: []\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 3);
  EXPECT_EQ(errors[0].path, "spec.authenticationMethods");
}

TEST(DocumentShape, RejectsMissingAuthorizationPoliciesInSpec) {
  const LoadResult result = Load(
      "apiVersion: mqttbroker.iotoperations.azure.com/v1\n"
      "kind: BrokerAuthorization\n"
      "spec:\n"
      "  authorizationPolicy: {rules: []}\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 2u) << Describe(result);
  EXPECT_EQ(errors[0].message, "unknown field \"authorizationPolicy\" in spec");
  EXPECT_NE(errors[0].hint.find("did you mean authorizationPolicies?"), std::string::npos);
  EXPECT_EQ(errors[1].message, "missing required field authorizationPolicies");
  EXPECT_EQ(errors[1].path, "spec");
}

TEST(DocumentShape, RejectsUnknownTopLevelFieldOfCustomResource) {
  const LoadResult result = Load(
      "apiVersion: mqttbroker.iotoperations.azure.com/v1\n"
      "kind: BrokerAuthorization\n"
      "metdata: {name: x}\n"
      "spec:\n"
      "  authorizationPolicies: {rules: []}\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_NE(errors[0].hint.find("did you mean metadata?"), std::string::npos);
}

TEST(DocumentShape, RejectsUnknownArmProperty) {
  const LoadResult result =
      Load(R"({"name": "p", "properties": {"authorizationPolicies": {"rules": []}, "state": 1}})");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 70);
  EXPECT_EQ(errors[0].path, "properties.state");
}

TEST(DocumentShape, RejectsUnknownFieldBesideCliPolicy) {
  const LoadResult result = Load(R"({"authorizationPolicies": {"rules": []}, "name": "p"})");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].column, 42);
  EXPECT_EQ(errors[0].path, "name");
}

TEST(DocumentShape, RejectsNullPolicy) {
  const LoadResult result = Load("authorizationPolicies:\n");
  const std::vector<Diagnostic> errors = Errors(result);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].message, "required field authorizationPolicies is null");
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 1);
}

}  // namespace
}  // namespace mqauthz
