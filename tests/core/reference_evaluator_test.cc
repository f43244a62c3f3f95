#include "core/reference_evaluator.h"

#include <string>

#include "compiler/policy_loader.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

Policy MustLoad(const std::string& json) {
  LoadResult result = LoadPolicyText(json, "test.json");
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Severity::kError) ADD_FAILURE() << FormatDiagnostic(diagnostic);
  }
  return result.policy.value_or(Policy{});
}

Client MakeClient(std::string client_id) {
  Client client;
  client.client_id = std::move(client_id);
  return client;
}

Request Publish(std::string topic) { return {Action::kPublish, std::move(topic), ""}; }
Request Subscribe(std::string filter) { return {Action::kSubscribe, std::move(filter), ""}; }
Request Connect() { return {Action::kConnect, "", ""}; }
Request StateStore(Action action, std::string key) { return {action, "", std::move(key)}; }

bool Allows(const Policy& policy, const Client& client, const Request& request) {
  return EvaluateReference(policy, client, request).allowed;
}

TEST(ReferenceEvaluatorTest, EmptyPolicyDeniesEverything) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": []}})");
  Decision decision = EvaluateReference(policy, MakeClient("c"), Connect());
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.deny_reason, DenyReason::kNoRuleMatched);
}

TEST(ReferenceEvaluatorTest, PrincipalsOrAttributeMapsAnd) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"usernames": ["alice"], "clientIds": ["dev-1"],
                    "attributes": [{"city": "seattle", "organization": "contoso"},
                                   {"building": "17"}]},
     "brokerResources": [{"method": "Connect"}]}]}})");

  Client by_username = MakeClient("x");
  by_username.username = "alice";
  EXPECT_TRUE(Allows(policy, by_username, Connect()));
  EXPECT_TRUE(Allows(policy, MakeClient("dev-1"), Connect()));

  Client both_attributes = MakeClient("x");
  both_attributes.attributes = {{"city", "seattle"}, {"organization", "contoso"}};
  EXPECT_TRUE(Allows(policy, both_attributes, Connect()));

  Client one_attribute = MakeClient("x");
  one_attribute.attributes = {{"city", "seattle"}};
  EXPECT_FALSE(Allows(policy, one_attribute, Connect()));

  Client wrong_value = MakeClient("x");
  wrong_value.attributes = {{"city", "seattle"}, {"organization", "Contoso"}};
  EXPECT_FALSE(Allows(policy, wrong_value, Connect()));

  Client second_set = MakeClient("x");
  second_set.attributes = {{"building", "17"}, {"extra", "ignored"}};
  EXPECT_TRUE(Allows(policy, second_set, Connect()));

  Client case_differs = MakeClient("DEV-1");
  EXPECT_FALSE(Allows(policy, case_differs, Connect()));
}

TEST(ReferenceEvaluatorTest, MethodMappingForBrokerAndStateStore) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Publish", "topics": ["p"]},
                         {"method": "Subscribe", "topics": ["s"]}],
     "stateStoreResources": [{"method": "Read", "keyType": "String", "keys": ["r"]},
                             {"method": "Write", "keyType": "String", "keys": ["w"]},
                             {"method": "ReadWrite", "keyType": "String", "keys": ["rw"]}]}]}})");
  Client client = MakeClient("c");
  EXPECT_FALSE(Allows(policy, client, Connect()));
  EXPECT_TRUE(Allows(policy, client, Publish("p")));
  EXPECT_FALSE(Allows(policy, client, Publish("s")));
  EXPECT_TRUE(Allows(policy, client, Subscribe("s")));
  EXPECT_FALSE(Allows(policy, client, Subscribe("p")));

  for (Action read : {Action::kGet, Action::kKeyNotify}) {
    EXPECT_TRUE(Allows(policy, client, StateStore(read, "r")));
    EXPECT_FALSE(Allows(policy, client, StateStore(read, "w")));
    EXPECT_TRUE(Allows(policy, client, StateStore(read, "rw")));
  }
  for (Action write : {Action::kSet, Action::kDel, Action::kVDel}) {
    EXPECT_FALSE(Allows(policy, client, StateStore(write, "r")));
    EXPECT_TRUE(Allows(policy, client, StateStore(write, "w")));
    EXPECT_TRUE(Allows(policy, client, StateStore(write, "rw")));
  }
}

TEST(ReferenceEvaluatorTest, ReasonNamesFirstGrantInDocumentOrder) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["other"]},
     "brokerResources": [{"method": "Publish", "topics": ["#"]}]},
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Subscribe", "topics": ["#"]},
                         {"method": "Publish", "topics": ["x/y", "a/+", "a/#"]},
                         {"method": "Publish", "topics": ["a/b"]}]},
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Publish", "topics": ["a/b"]}]}]}})");
  Decision decision = EvaluateReference(policy, MakeClient("c"), Publish("a/b"));
  ASSERT_TRUE(decision.allowed);
  EXPECT_EQ(decision.grant, (Grant{1, ResourceKind::kBroker, 1, 1}));
  EXPECT_EQ(DescribeDecision(policy, decision),
            "allowed by rules[1].brokerResources[1].topics[1] 'a/+'");
}

// A grant of a decision on another policy names no pattern here: its reason is the
// resource path alone, whatever index is out of range.
TEST(ReferenceEvaluatorTest, ForeignGrantHasNoPattern) {
  const Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Connect", "clientIds": ["c*"]},
                         {"method": "Publish", "topics": ["a/b"]}],
     "stateStoreResources": [{"method": "Read", "keyType": "String", "keys": ["k"]}]}]}})");
  const Grant grants[] = {
      {3, ResourceKind::kBroker, 0, 0},     {0, ResourceKind::kBroker, 2, 0},
      {0, ResourceKind::kBroker, 0, 1},     {0, ResourceKind::kBroker, 1, 1},
      {0, ResourceKind::kStateStore, 1, 0}, {0, ResourceKind::kStateStore, 0, 1},
      {-1, ResourceKind::kBroker, -1, -1}};
  for (const Grant& grant : grants) {
    EXPECT_EQ(GrantPatternText(policy, grant), nullptr) << GrantResourcePath(grant);
    EXPECT_EQ(DescribeDecision(policy, Decision::Allow(grant)),
              "allowed by " + GrantResourcePath(grant));
  }
  EXPECT_EQ(DescribeDecision(policy, Decision::Allow({0, ResourceKind::kStateStore, 0, 0})),
            "allowed by rules[0].stateStoreResources[0].keys[0] 'k'");
}

// A reason stays one line, whatever bytes the pattern holds.
TEST(ReferenceEvaluatorTest, ReasonEscapesControlCharacters) {
  const Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Publish", "topics": ["a\nb/\u001b[31m/x'y"]}]}]}})");
  const Decision decision =
      EvaluateReference(policy, MakeClient("c"), Publish("a\nb/\x1b[31m/x'y"));
  ASSERT_TRUE(decision.allowed);
  EXPECT_EQ(DescribeDecision(policy, decision),
            "allowed by rules[0].brokerResources[0].topics[0] 'a\\nb/\\u001b[31m/x'y'");
}

TEST(ReferenceEvaluatorTest, ClientIdGlobsRestrictResources) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"attributes": [{"building": "building22"}, {"building": "building23"}]},
     "brokerResources": [
       {"method": "Connect", "clientIds": ["{principal.attributes.building}*"]},
       {"method": "Publish", "clientIds": ["sensor-?", "[xy]*"],
        "topics": ["sensors/{principal.attributes.building}/{principal.clientId}/sensor"]}]}]}})");

  Client in_building = MakeClient("building22-x");
  in_building.attributes = {{"building", "building22"}};
  Decision connect = EvaluateReference(policy, in_building, Connect());
  ASSERT_TRUE(connect.allowed);
  EXPECT_EQ(connect.grant.pattern, 0);

  Client other_building = MakeClient("building23-x");
  other_building.attributes = {{"building", "building22"}};
  EXPECT_FALSE(Allows(policy, other_building, Connect()));

  Client sensor = MakeClient("sensor-1");
  sensor.attributes = {{"building", "building23"}};
  EXPECT_TRUE(Allows(policy, sensor, Publish("sensors/building23/sensor-1/sensor")));
  EXPECT_FALSE(Allows(policy, sensor, Publish("sensors/building22/sensor-1/sensor")));

  Client not_matching_glob = MakeClient("sensor-12");
  not_matching_glob.attributes = {{"building", "building23"}};
  EXPECT_FALSE(Allows(policy, not_matching_glob, Publish("sensors/building23/sensor-12/sensor")));

  Client by_class = MakeClient("y-device");
  by_class.attributes = {{"building", "building23"}};
  Decision publish =
      EvaluateReference(policy, by_class, Publish("sensors/building23/y-device/sensor"));
  ASSERT_TRUE(publish.allowed);
  EXPECT_EQ(publish.grant, (Grant{0, ResourceKind::kBroker, 1, 0}));
}

TEST(ReferenceEvaluatorTest, ConnectGlobValueIsLiteral) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"attributes": [{"building": "*"}, {"building": "b[12]"}]},
     "brokerResources": [
       {"method": "Connect", "clientIds": ["{principal.attributes.building}-*"]}]}]}})");
  Client star = MakeClient("anything-x");
  star.attributes = {{"building", "*"}};
  EXPECT_FALSE(Allows(policy, star, Connect()));
  star.client_id = "*-x";
  EXPECT_TRUE(Allows(policy, star, Connect()));

  Client bracket = MakeClient("b1-x");
  bracket.attributes = {{"building", "b[12]"}};
  EXPECT_FALSE(Allows(policy, bracket, Connect()));
  bracket.client_id = "b[12]-x";
  EXPECT_TRUE(Allows(policy, bracket, Connect()));
}

TEST(ReferenceEvaluatorTest, TokenInjectionNeverWidensAccess) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"attributes": [{"role": "device"}]},
     "brokerResources": [
       {"method": "Publish", "topics": ["clients/{principal.clientId}/#"]},
       {"method": "Subscribe", "topics": ["clients/{principal.clientId}/inbox"]}],
     "stateStoreResources": [
       {"method": "ReadWrite", "keyType": "Pattern", "keys": ["clients/{principal.clientId}/*"]},
       {"method": "Read", "keyType": "String", "keys": ["cfg/{principal.clientId}"]}]}]}})");

  for (const char* hostile : {"#", "+", "a/b", "*", "[x]", "{principal.username}", "?"}) {
    SCOPED_TRACE(hostile);
    Client client = MakeClient(hostile);
    client.username = "victim";
    client.attributes = {{"role", "device"}};
    EXPECT_FALSE(Allows(policy, client, Publish("clients/victim/data")));
    EXPECT_FALSE(Allows(policy, client, Publish("clients/other/data")));
    EXPECT_FALSE(Allows(policy, client, Subscribe("clients/+/inbox")));
    EXPECT_FALSE(Allows(policy, client, Subscribe("clients/victim/inbox")));
    EXPECT_FALSE(Allows(policy, client, StateStore(Action::kGet, "clients/victim/k")));
    EXPECT_FALSE(Allows(policy, client, StateStore(Action::kGet, "cfg/victim")));
  }

  Client star = MakeClient("*");
  star.attributes = {{"role", "device"}};
  EXPECT_TRUE(Allows(policy, star, StateStore(Action::kGet, "clients/*/k")));
  EXPECT_TRUE(Allows(policy, star, StateStore(Action::kGet, "cfg/*")));

  Client slash = MakeClient("a/b");
  slash.attributes = {{"role", "device"}};
  EXPECT_FALSE(Allows(policy, slash, Publish("clients/a/b/x")));
  EXPECT_TRUE(Allows(policy, slash, StateStore(Action::kGet, "clients/a/b/k")));
}

TEST(ReferenceEvaluatorTest, AbsentOrEmptyTokenMatchesNothing) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"usernames": ["{principal.clientId}"], "attributes": [{"role": "any"}]},
     "brokerResources": [
       {"method": "Connect"},
       {"method": "Publish", "topics": ["u/{principal.username}/#", "o/{principal.attributes.org}"]}],
     "stateStoreResources": [
       {"method": "Read", "keys": ["{principal.username}*"]}]}]}})");

  Client no_username = MakeClient("c");
  no_username.attributes = {{"role", "any"}};
  EXPECT_TRUE(Allows(policy, no_username, Connect()));
  EXPECT_FALSE(Allows(policy, no_username, Publish("u//x")));
  EXPECT_FALSE(Allows(policy, no_username, Publish("u")));
  EXPECT_FALSE(Allows(policy, no_username, Publish("o/")));
  EXPECT_FALSE(Allows(policy, no_username, StateStore(Action::kGet, "anything")));

  Client empty_username = no_username;
  empty_username.username = "";
  EXPECT_FALSE(Allows(policy, empty_username, Publish("u//x")));
  EXPECT_FALSE(Allows(policy, empty_username, StateStore(Action::kGet, "anything")));

  Client empty_attribute = no_username;
  empty_attribute.attributes["org"] = "";
  EXPECT_FALSE(Allows(policy, empty_attribute, Publish("o/")));

  // A username principal that must equal the client id.
  Client same = MakeClient("dev");
  same.username = "dev";
  EXPECT_TRUE(Allows(policy, same, Connect()));
  Client different = MakeClient("dev");
  different.username = "other";
  EXPECT_FALSE(Allows(policy, different, Connect()));

  Client empty_id = MakeClient("");
  empty_id.username = "";
  EXPECT_FALSE(Allows(policy, empty_id, Connect()));
}

TEST(ReferenceEvaluatorTest, InvalidRequestsGetTheirOwnReason) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Publish", "topics": ["#"]},
                         {"method": "Subscribe", "topics": ["#"]}],
     "stateStoreResources": [{"method": "ReadWrite", "keys": ["*"]}]}]}})");
  Client client = MakeClient("c");

  for (std::string topic : {std::string(""), std::string("a/+"), std::string("a/#"),
                            std::string("a\0b", 3), std::string("\xff"), std::string(65536, 'a')}) {
    EXPECT_EQ(EvaluateReference(policy, client, Publish(topic)).deny_reason,
              DenyReason::kInvalidTopic);
  }
  EXPECT_TRUE(Allows(policy, client, Publish(std::string(65535, 'a'))));

  for (const char* filter : {"", "a/#/b", "a+", "$share/", "$share/g", "$share//x", "$share/g+/x",
                             "$share/#/x", "$share/g/"}) {
    SCOPED_TRACE(filter);
    EXPECT_EQ(EvaluateReference(policy, client, Subscribe(filter)).deny_reason,
              DenyReason::kInvalidFilter);
  }
  EXPECT_EQ(EvaluateReference(policy, client, StateStore(Action::kSet, "")).deny_reason,
            DenyReason::kInvalidKey);
  EXPECT_TRUE(Allows(policy, client, StateStore(Action::kSet, std::string("\0", 1))));
}

TEST(ReferenceEvaluatorTest, SharedSubscriptionsAreAuthorizedAsTheirFilter) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Subscribe", "topics": ["jobs/+", "$share/literal"]}]}]}})");
  Client client = MakeClient("c");
  EXPECT_TRUE(Allows(policy, client, Subscribe("$share/workers/jobs/a")));
  EXPECT_TRUE(Allows(policy, client, Subscribe("$share/workers/jobs/+")));
  EXPECT_FALSE(Allows(policy, client, Subscribe("$share/workers/jobs/#")));
  EXPECT_FALSE(Allows(policy, client, Subscribe("$share/workers/$share/workers/jobs/a")));
  EXPECT_FALSE(Allows(policy, client, Subscribe("$share/literal")));
}

TEST(ReferenceEvaluatorTest, StateStoreKeyTypes) {
  Policy policy = MustLoad(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["c"]},
     "stateStoreResources": [
       {"method": "Read", "keyType": "String", "keys": ["exact[0-9]*", "{user1}:cart"]},
       {"method": "Read", "keyType": "Binary", "keys": ["AAH/"]},
       {"method": "Read", "keys": ["glob[0-9]", "{user1}:*"]}],
     "brokerResources": [{"method": "Publish",
        "topics": ["statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke"]}]}]}})");
  Client client = MakeClient("c");
  EXPECT_TRUE(Allows(policy, client, StateStore(Action::kGet, "exact[0-9]*")));
  EXPECT_FALSE(Allows(policy, client, StateStore(Action::kGet, "exact5x")));
  EXPECT_TRUE(Allows(policy, client, StateStore(Action::kGet, "{user1}:cart")));
  EXPECT_TRUE(Allows(policy, client, StateStore(Action::kGet, std::string("\x00\x01\xff", 3))));
  EXPECT_FALSE(Allows(policy, client, StateStore(Action::kGet, "AAH/")));
  EXPECT_TRUE(Allows(policy, client, StateStore(Action::kGet, "glob7")));
  EXPECT_FALSE(Allows(policy, client, StateStore(Action::kGet, "globx")));
  Decision tag = EvaluateReference(policy, client, StateStore(Action::kGet, "{user1}:orders"));
  ASSERT_TRUE(tag.allowed);
  EXPECT_EQ(tag.grant, (Grant{0, ResourceKind::kStateStore, 2, 1}));
}

}  // namespace
}  // namespace mqauthz
