#include "tools/decision_json.h"

#include <string>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

TEST(AppendJsonStringTest, EscapesQuotesControlsAndInvalidUtf8) {
  std::string out;
  AppendJsonString(std::string("a\"b\\c\n\x01\xc3\xa9\xff", 10), out);
  EXPECT_EQ(out, R"("a\"b\\c\u000a\u0001)"
                 "\xc3\xa9"
                 R"(\ufffd")");
}

TEST(AppendDecisionJsonTest, DenyHasReason) {
  Policy policy;
  std::string out;
  AppendDecisionJson(policy, Decision::Deny(DenyReason::kInvalidTopic), out);
  EXPECT_EQ(out, R"({"decision":"deny","reason":"invalid topic"})");
}

TEST(AppendDecisionJsonTest, AllowNamesRuleResourceAndPattern) {
  Policy policy;
  policy.rules.resize(2);
  BrokerResource publish;
  publish.method = BrokerMethod::kPublish;
  publish.topics.push_back({"x", {}});
  publish.topics.push_back({"sensors/\"q\"/#", {}});
  policy.rules[1].broker_resources.push_back(BrokerResource{});
  policy.rules[1].broker_resources.push_back(publish);

  std::string out;
  AppendDecisionJson(policy, Decision::Allow({1, ResourceKind::kBroker, 1, 1}), out);
  EXPECT_EQ(out, R"({"decision":"allow","rule":1,"resource":"rules[1].brokerResources[1]",)"
                 R"("pattern":"sensors/\"q\"/#"})");
}

TEST(AppendDecisionJsonTest, ConnectWithoutClientIdsHasNoPattern) {
  Policy policy;
  policy.rules.resize(1);
  policy.rules[0].broker_resources.push_back(BrokerResource{});

  std::string out;
  AppendDecisionJson(policy, Decision::Allow({0, ResourceKind::kBroker, 0, -1}), out);
  EXPECT_EQ(out, R"({"decision":"allow","rule":0,"resource":"rules[0].brokerResources[0]"})");
}

}  // namespace
}  // namespace mqauthz
