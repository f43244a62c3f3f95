// A compiled policy keeps no reference to the Policy it was compiled from: every part of
// Bind and Decide that reads rule text, and the reasons, work after that Policy is gone.
// Under AddressSanitizer a leftover reference reads freed memory and fails the test.

#include "compiler/compiled_policy.h"

#include <memory>
#include <optional>
#include <string>

#include "core/client.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/request.h"
#include "gtest/gtest.h"
#include "runtime/engine.h"
#include "tests/runtime/runtime_test_support.h"

namespace mqauthz {
namespace {

using testing::CompileOrFail;
using testing::LoadOrFail;
using testing::MakeClient;

// Every path that used to read the Policy: an attribute map with a token, a String key
// with a token, Publish filters with an attribute token, and clientIds and key globs with
// tokens, which the glob matcher verifies.
constexpr char kPolicy[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"attributes": [{"site": "{principal.clientId}-site"}]},
   "brokerResources": [
     {"method": "Connect", "clientIds": ["{principal.username}-*"]},
     {"method": "Publish", "topics": ["sites/{principal.attributes.site}/+/data",
                                      "own/{principal.clientId}"]}],
   "stateStoreResources": [
     {"method": "Read", "keyType": "String", "keys": ["cfg/{principal.clientId}"]},
     {"method": "ReadWrite", "keyType": "Pattern", "keys": ["tmp/{principal.username}?[0-9]*"]}]}
]}})";

std::shared_ptr<const CompiledPolicy> CompileAndDropPolicy() {
  const std::optional<Policy> policy = LoadOrFail(kPolicy);
  if (!policy.has_value()) return nullptr;
  return CompileOrFail(*policy);
}

Client Gateway() {
  Client client = MakeClient("ann-gw");
  client.username = "ann";
  client.attributes["site"] = "ann-gw-site";
  return client;
}

std::string Reason(const CompiledPolicy& compiled, const Decision& decision) {
  if (!decision.allowed) return DescribeDecision(decision, std::nullopt);
  return DescribeDecision(decision, compiled.FindGrantPattern(decision.grant));
}

TEST(CompiledPolicyTest, DecidesAfterPolicyIsFreed) {
  const std::shared_ptr<const CompiledPolicy> compiled = CompileAndDropPolicy();
  ASSERT_NE(compiled, nullptr);
  EXPECT_EQ(compiled->rule_count(), 1u);

  const BoundClient bound = Bind(*compiled, Gateway());
  const auto reason = [&](const Request& request) {
    return Reason(*compiled, Decide(*compiled, bound, request));
  };
  EXPECT_EQ(reason(Request{Action::kConnect, "", ""}),
            "allowed by rules[0].brokerResources[0].clientIds[0] '{principal.username}-*'");
  EXPECT_EQ(reason(Request{Action::kPublish, "sites/ann-gw-site/pump/data", ""}),
            "allowed by rules[0].brokerResources[1].topics[0] "
            "'sites/{principal.attributes.site}/+/data'");
  EXPECT_EQ(reason(Request{Action::kPublish, "own/ann-gw", ""}),
            "allowed by rules[0].brokerResources[1].topics[1] 'own/{principal.clientId}'");
  EXPECT_EQ(reason(Request{Action::kPublish, "sites/other/pump/data", ""}),
            "denied: no rule matched");
  EXPECT_EQ(reason(Request{Action::kGet, "", "cfg/ann-gw"}),
            "allowed by rules[0].stateStoreResources[0].keys[0] 'cfg/{principal.clientId}'");
  EXPECT_EQ(reason(Request{Action::kSet, "", "tmp/annx7"}),
            "allowed by rules[0].stateStoreResources[1].keys[0] "
            "'tmp/{principal.username}?[0-9]*'");
  EXPECT_EQ(reason(Request{Action::kSet, "", "cfg/ann-gw"}), "denied: no rule matched");
}

TEST(CompiledPolicyTest, TokenAttributeMapSelectsClients) {
  const std::shared_ptr<const CompiledPolicy> compiled = CompileAndDropPolicy();
  ASSERT_NE(compiled, nullptr);

  Client other = Gateway();
  other.attributes["site"] = "elsewhere";
  const BoundClient bound = Bind(*compiled, other);
  EXPECT_FALSE(Decide(*compiled, bound, Request{Action::kPublish, "own/ann-gw", ""}).allowed);
  EXPECT_FALSE(Decide(*compiled, bound, Request{Action::kConnect, "", ""}).allowed);
}

}  // namespace
}  // namespace mqauthz
