// Unit tests of the compiled engine for the cases that are easy to get wrong: token
// levels, the '$' rule, coverage corners, first-grant selection in popular trie nodes,
// Hyperscan and the glob prefix index on bytes >= 0x80 and NUL, deep filters, and compile budgets.
// Every decision is also checked against the reference evaluator.

#include "runtime/engine.h"

#include <hs.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/compiled_policy.h"
#include "compiler/glob_entry.h"
#include "compiler/glob_prefix_index.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "core/glob.h"
#include "core/reference_evaluator.h"
#include "gtest/gtest.h"
#include "runtime/glob_matcher.h"
#include "tests/runtime/runtime_test_support.h"
#include "tests/support/policy_generator.h"

namespace mqauthz::testing {
namespace {

// A policy compiled from JSON text, with both engines at hand.
class Engines {
 public:
  explicit Engines(std::string_view json, const CompileOptions& options = {}) : text_(json) {
    std::optional<Policy> policy = LoadOrFail(json);
    if (!policy.has_value()) return;
    policy_ = *std::move(policy);
    compiled_ = CompileOrFail(policy_, options);
  }

  bool ok() const { return compiled_ != nullptr; }
  const CompiledPolicy& compiled() const { return *compiled_; }

  // Returns the compiled engine's Decision, after checking that the reference agrees.
  Decision Decide(const Client& client, const Request& request) const {
    const BoundClient bound = Bind(*compiled_, client);
    const std::string report =
        CompareEngines(policy_, *compiled_, bound, client, request, text_, "test");
    EXPECT_TRUE(report.empty()) << report;
    return mqauthz::Decide(*compiled_, bound, request);
  }

  bool Allows(const Client& client, const Request& request) const {
    return Decide(client, request).allowed;
  }

 private:
  std::string text_;
  Policy policy_;
  std::shared_ptr<const CompiledPolicy> compiled_;
};

std::string OneRule(const std::string& principals, const std::string& broker,
                    const std::string& state_store = "") {
  std::string rule =
      absl::StrCat(R"({"principals": )", principals, R"(, "brokerResources": [)", broker, "]");
  if (!state_store.empty())
    absl::StrAppend(&rule, R"(, "stateStoreResources": [)", state_store, "]");
  return absl::StrCat(R"({"authorizationPolicies": {"rules": [)", rule, "}]}}");
}

constexpr char kAnyClient[] = R"({"attributes": [{"role": "device"}]})";

Client Device(std::string client_id) {
  Client client = MakeClient(std::move(client_id));
  client.attributes["role"] = "device";
  return client;
}

TEST(EngineTest, TokenLevelMatchesOnlyTheClientsOwnValue) {
  const Engines engines(OneRule(kAnyClient, R"({"method": "Publish", "topics":
      ["clients/{principal.clientId}/#", "sites/{principal.attributes.site}/+"]})"));
  ASSERT_TRUE(engines.ok());

  Client client = Device("dev-1");
  client.attributes["site"] = "s1";
  EXPECT_TRUE(engines.Allows(client, Publish("clients/dev-1")));
  EXPECT_TRUE(engines.Allows(client, Publish("clients/dev-1/a/b")));
  EXPECT_FALSE(engines.Allows(client, Publish("clients/dev-2/a")));
  EXPECT_TRUE(engines.Allows(client, Publish("sites/s1/x")));
  EXPECT_FALSE(engines.Allows(client, Publish("sites/s2/x")));
  EXPECT_FALSE(engines.Allows(Device("dev-1"), Publish("sites/s1/x")));  // no site attribute
}

TEST(EngineTest, HostileTokenValuesStayLiteral) {
  const Engines engines(OneRule(kAnyClient, R"({"method": "Publish", "topics":
      ["clients/{principal.clientId}/data"]}, {"method": "Subscribe", "topics":
      ["clients/{principal.clientId}/#"]})"));
  ASSERT_TRUE(engines.ok());

  for (const char* hostile : {"#", "+", "*", "[x]", "{principal.username}"}) {
    SCOPED_TRACE(hostile);
    const Client client = Device(hostile);
    EXPECT_FALSE(engines.Allows(client, Publish("clients/victim/data")));
    EXPECT_FALSE(engines.Allows(client, Subscribe("clients/+/data")));
    EXPECT_FALSE(engines.Allows(client, Subscribe("clients/victim/#")));
  }
  EXPECT_TRUE(engines.Allows(Device("*"), Publish("clients/*/data")));

  // A value with '/' cannot equal one level, so it matches nothing.
  const Client slash = Device("a/b");
  EXPECT_FALSE(engines.Allows(slash, Publish("clients/a/b/data")));
  EXPECT_FALSE(engines.Allows(slash, Subscribe("clients/a/b/#")));
}

TEST(EngineTest, AbsentOrEmptyTokenMatchesNothing) {
  const Engines engines(OneRule(kAnyClient, R"({"method": "Publish", "topics":
      ["users/{principal.username}/#", "{principal.attributes.site}"]})"));
  ASSERT_TRUE(engines.ok());

  Client absent = Device("c");
  EXPECT_FALSE(engines.Allows(absent, Publish("users//x")));
  EXPECT_FALSE(engines.Allows(absent, Publish("users")));
  Client empty = Device("c");
  empty.username = "";
  empty.attributes["site"] = "";
  EXPECT_FALSE(engines.Allows(empty, Publish("users//x")));
  EXPECT_FALSE(engines.Allows(empty, Publish("/")));
  Client named = Device("c");
  named.username = "u";
  EXPECT_TRUE(engines.Allows(named, Publish("users/u/x")));
}

TEST(EngineTest, DollarTopicsSkipLeadingWildcards) {
  const Engines engines(OneRule(kAnyClient, R"(
      {"method": "Publish", "topics": ["#", "+/x", "$SYS/#", "{principal.clientId}/y"]},
      {"method": "Subscribe", "topics": ["#", "+/x", "+/+/#"]})"));
  ASSERT_TRUE(engines.ok());
  const Client client = Device("$dev");

  EXPECT_EQ(engines.Decide(client, Publish("a/x")).grant.pattern, 0);
  EXPECT_EQ(engines.Decide(client, Publish("$SYS/x")).grant.pattern, 2);
  EXPECT_FALSE(engines.Allows(client, Publish("$other/x")));
  // A token at level 0 is a literal after substitution, so '$' does not stop it.
  EXPECT_EQ(engines.Decide(client, Publish("$dev/y")).grant.pattern, 3);
  // '$' only matters at level 0.
  EXPECT_TRUE(engines.Allows(client, Publish("a/$x")));

  EXPECT_FALSE(engines.Allows(client, Subscribe("$SYS/x")));
  EXPECT_FALSE(engines.Allows(client, Subscribe("$SYS/#")));
  EXPECT_TRUE(engines.Allows(client, Subscribe("+/x")));
  EXPECT_TRUE(engines.Allows(client, Subscribe("#")));
}

// Coverage corners, each with whether the allowed filter covers the requested one.
struct CoverageCase {
  const char* allowed;
  const char* requested;
  bool covered;
};

TEST(EngineTest, CoverageCorners) {
  const CoverageCase kCases[] = {
      {"+/#", "#", true},       // only the empty name, which is invalid, is missed
      {"/+/#", "/#", true},     // the same after one empty level
      {"a/+/#", "a/#", false},  // misses "a"
      {"+/+/#", "#", false},    // misses one-level names
      {"#", "#", true},
      {"#", "$SYS/#", false},
      {"+/x", "$SYS/x", false},
      {"+/#", "$SYS/#", false},
      {"$SYS/#", "$SYS/+/x", true},
      {"sensors/#", "sensors/+/temp", true},
      {"sensors/#", "sensors", true},  // '#' also matches the parent level
      {"sensors/+", "sensors/#", false},
      {"sensors/+", "sensors/+", true},
      {"sensors/a", "sensors/+", false},
      {"a//b", "a/+/b", false},
      {"a/+/b", "a//b", true},
      {"+", "+", true},
      {"+", "#", false},
      {"/#", "/", true},
      {"+/#", "/", true},
  };
  for (const CoverageCase& c : kCases) {
    SCOPED_TRACE(absl::StrCat("allowed ", c.allowed, ", requested ", c.requested));
    const Engines engines(OneRule(
        kAnyClient, absl::StrCat(R"({"method": "Subscribe", "topics": [")", c.allowed, R"("]})")));
    ASSERT_TRUE(engines.ok());
    EXPECT_EQ(engines.Allows(Device("c"), Subscribe(c.requested)), c.covered);
  }
}

TEST(EngineTest, SharedSubscriptionsAreAuthorizedAsTheirFilter) {
  const Engines engines(
      OneRule(kAnyClient, R"({"method": "Subscribe", "topics": ["jobs/#", "$share/g/x"]})"));
  ASSERT_TRUE(engines.ok());
  const Client client = Device("c");

  EXPECT_TRUE(engines.Allows(client, Subscribe("$share/workers/jobs/a")));
  // The prefix is removed once, so the policy's "$share/g/x" is a literal filter.
  EXPECT_FALSE(engines.Allows(client, Subscribe("$share/g/x")));
  EXPECT_TRUE(engines.Allows(client, Subscribe("$share/h/$share/g/x")));
  for (const char* invalid :
       {"$share//jobs/a", "$share/g+/jobs", "$share/g", "$share/g/", "jobs/#/a", "jobs/a+"}) {
    SCOPED_TRACE(invalid);
    EXPECT_EQ(engines.Decide(client, Subscribe(invalid)).deny_reason, DenyReason::kInvalidFilter);
  }
}

TEST(EngineTest, InvalidRequestsGetTheirOwnReason) {
  const Engines engines(OneRule(kAnyClient, R"({"method": "Publish", "topics": ["#"]})"));
  ASSERT_TRUE(engines.ok());
  const Client client = Device("c");
  for (const std::string& topic :
       {std::string(""), std::string("a/+"), std::string("a#"), std::string("a\0b", 3),
        std::string("\xC3"), std::string(kMaxTopicBytes + 1, 'a')}) {
    EXPECT_EQ(engines.Decide(client, Publish(topic)).deny_reason, DenyReason::kInvalidTopic);
  }
  EXPECT_EQ(engines.Decide(client, StateStore(Action::kGet, "")).deny_reason,
            DenyReason::kInvalidKey);
  // Invalid requests are invalid even for clients that match no rule.
  EXPECT_EQ(engines.Decide(MakeClient("stranger"), Publish("a/+")).deny_reason,
            DenyReason::kInvalidTopic);
}

TEST(EngineTest, FirstGrantInDocumentOrderAcrossNodes) {
  const Engines engines(R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["other"]},
     "brokerResources": [{"method": "Publish", "topics": ["#"]}]},
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Subscribe", "topics": ["#"]},
                         {"method": "Publish", "clientIds": ["nope"], "topics": ["a/b"]},
                         {"method": "Publish", "topics": ["x/y", "a/#", "a/+"]},
                         {"method": "Publish", "topics": ["a/b"]}]},
    {"principals": {"clientIds": ["c"]},
     "brokerResources": [{"method": "Publish", "topics": ["a/b", "#"]}]}]}})");
  ASSERT_TRUE(engines.ok());
  const Decision decision = engines.Decide(MakeClient("c"), Publish("a/b"));
  ASSERT_TRUE(decision.allowed);
  // Resource 1 is disabled by its clientIds, and within resource 2 "a/#" comes first.
  EXPECT_EQ(decision.grant, (Grant{1, ResourceKind::kBroker, 2, 1}));
}

// 20,000 rules each grant "devices/{principal.clientId}/#", which all end in one trie node.
std::string PopularNodePolicy(int rules) {
  std::vector<std::string> texts;
  for (int i = 0; i < rules; ++i) {
    texts.push_back(absl::StrCat(R"({"principals": {"clientIds": ["dev-)", i, R"("]},
        "brokerResources": [{"method": "Publish", "topics": ["devices/{principal.clientId}/#"]},
                            {"method": "Subscribe", "topics": ["devices/{principal.clientId}/#"]}],
        "stateStoreResources": [{"method": "Read", "keys": ["devices/{principal.clientId}/*"]},
                                {"method": "Read", "keyType": "String", "keys": ["shared"]}]})"));
  }
  return absl::StrCat(R"({"authorizationPolicies": {"rules": [)", absl::StrJoin(texts, ","), "]}}");
}

TEST(EngineTest, PopularNodeSelectsTheClientsOwnRule) {
  const Engines engines(PopularNodePolicy(20000));
  ASSERT_TRUE(engines.ok());

  for (const int id : {0, 1, 12345, 19999}) {
    SCOPED_TRACE(id);
    const Client client = MakeClient(absl::StrCat("dev-", id));
    const Decision publish =
        engines.Decide(client, Publish(absl::StrCat("devices/dev-", id, "/t")));
    ASSERT_TRUE(publish.allowed);
    EXPECT_EQ(publish.grant, (Grant{id, ResourceKind::kBroker, 0, 0}));
    EXPECT_TRUE(engines.Allows(client, Subscribe(absl::StrCat("devices/dev-", id, "/#"))));
    EXPECT_FALSE(engines.Allows(client, Publish("devices/dev-7/t")));

    const Decision pattern =
        engines.Decide(client, StateStore(Action::kGet, absl::StrCat("devices/dev-", id, "/k")));
    EXPECT_EQ(pattern.grant, (Grant{id, ResourceKind::kStateStore, 0, 0}));
    const Decision shared = engines.Decide(client, StateStore(Action::kGet, "shared"));
    EXPECT_EQ(shared.grant, (Grant{id, ResourceKind::kStateStore, 1, 0}));
  }
}

// Returns a policy of 166 rules. There are 64 rules for every client of group "all", each
// with Publish and Subscribe filters on its own line. One more rule of the group has a
// Publish resource that only clients "allowed-*" may use. One rule is for client "one",
// and 100 rules are for other clients. A client of the group matches 65 rules and gets a
// bitmap of them, and client "one" does not.
std::string DenseRulesPolicy() {
  std::vector<std::string> rules;
  for (int line = 0; line < 64; ++line) {
    rules.push_back(absl::StrCat(
        R"({"principals": {"attributes": [{"group": "all"}]}, "brokerResources": [)",
        R"({"method": "Publish", "topics": ["line/)", line, R"(/{principal.clientId}/+"]},)",
        R"({"method": "Subscribe", "topics": ["line/)", line, R"(/#"]}]})"));
  }
  rules.push_back(R"({"principals": {"attributes": [{"group": "all"}]}, "brokerResources": [)"
                  R"({"method": "Publish", "clientIds": ["allowed-*"], "topics": ["gated/+"]}]})");
  rules.push_back(R"({"principals": {"clientIds": ["one"]}, "brokerResources": [)"
                  R"({"method": "Publish", "topics": ["solo/+"]}]})");
  for (int other = 0; other < 100; ++other) {
    rules.push_back(
        absl::StrCat(R"({"principals": {"clientIds": ["other-)", other,
                     R"("]}, "brokerResources": [{"method": "Publish", "topics": ["x"]}]})"));
  }
  return absl::StrCat(R"({"authorizationPolicies": {"rules": [)", absl::StrJoin(rules, ","), "]}}");
}

TEST(EngineTest, RuleBitmapAndRuleListAgree) {
  const Engines engines(DenseRulesPolicy());
  ASSERT_TRUE(engines.ok());
  Client gated = MakeClient("d1");
  gated.attributes["group"] = "all";
  Client allowed = MakeClient("allowed-1");
  allowed.attributes["group"] = "all";
  const Client one = MakeClient("one");

  const BoundClient gated_bound = Bind(engines.compiled(), gated);
  EXPECT_FALSE(gated_bound.rule_bits.empty());
  EXPECT_FALSE(gated_bound.every_broker_resource_enabled);
  const BoundClient allowed_bound = Bind(engines.compiled(), allowed);
  EXPECT_FALSE(allowed_bound.rule_bits.empty());
  EXPECT_TRUE(allowed_bound.every_broker_resource_enabled);
  const BoundClient one_bound = Bind(engines.compiled(), one);
  EXPECT_TRUE(one_bound.rule_bits.empty());
  EXPECT_TRUE(one_bound.every_broker_resource_enabled);

  for (const Client* client : {&gated, &allowed}) {
    SCOPED_TRACE(client->client_id);
    for (const int line : {0, 1, 63}) {
      const Decision publish = engines.Decide(
          *client, Publish(absl::StrCat("line/", line, "/", client->client_id, "/t")));
      ASSERT_TRUE(publish.allowed);
      EXPECT_EQ(publish.grant, (Grant{line, ResourceKind::kBroker, 0, 0}));
      EXPECT_TRUE(engines.Allows(*client, Subscribe(absl::StrCat("line/", line, "/a/#"))));
      EXPECT_FALSE(engines.Allows(*client, Publish(absl::StrCat("line/", line, "/other/t"))));
    }
    EXPECT_FALSE(engines.Allows(*client, Publish("line/64/d1/t")));
    EXPECT_FALSE(engines.Allows(*client, Publish("solo/t")));
    EXPECT_FALSE(engines.Allows(*client, Publish("x")));
  }
  EXPECT_FALSE(engines.Allows(gated, Publish("gated/t")));
  EXPECT_TRUE(engines.Allows(allowed, Publish("gated/t")));

  EXPECT_TRUE(engines.Allows(one, Publish("solo/t")));
  EXPECT_FALSE(engines.Allows(one, Publish("line/0/one/t")));
  EXPECT_FALSE(engines.Allows(one, Publish("gated/t")));
}

TEST(EngineTest, HyperscanKeysAreBytes) {
  // The JSON escapes give the loader "é" (C3 A9) and NUL bytes.
  const Engines engines(OneRule(kAnyClient, R"({"method": "Connect"})", R"(
      {"method": "Read", "keys": ["caf?", "caf??x", "[é]", "a?b", "a[bc]"]},
      {"method": "Read", "keyType": "String", "keys": ["nul\u0000key"]},
      {"method": "Read", "keyType": "Binary", "keys": ["AP+A"]})"));
  ASSERT_TRUE(engines.ok());
  const Client client = Device("c");
  const auto get = [&](std::string key) {
    return engines.Decide(client, StateStore(Action::kGet, std::move(key)));
  };

  EXPECT_FALSE(get("café").allowed);  // '?' is one byte, and "é" is two
  EXPECT_EQ(get("café"
                "x")
                .grant.pattern,
            1);
  EXPECT_EQ(get("\xC3").grant.pattern, 2);
  EXPECT_EQ(get("\xA9").grant.pattern, 2);
  EXPECT_FALSE(get("\xC3\xA9").allowed);
  EXPECT_EQ(get(std::string("a\0b", 3)).grant.pattern, 3);
  EXPECT_EQ(get("a\xFF"
                "b")
                .grant.pattern,
            3);
  EXPECT_EQ(get("a\nb").grant.pattern, 3);  // '?' matches "\n" too
  // `$` in Hyperscan would also match before a final newline; the engine anchors with `\z`.
  EXPECT_EQ(get("ab").grant.pattern, 4);
  EXPECT_FALSE(get("ab\n").allowed);
  EXPECT_EQ(get(std::string("nul\0key", 7)).grant.resource, 1);
  EXPECT_FALSE(get("nul").allowed);
  EXPECT_EQ(get(std::string("\x00\xFF\x80", 3)).grant.resource, 2);
}

TEST(EngineTest, KeysWithTokensUseTheClientsValues) {
  const Engines engines(OneRule(kAnyClient, R"({"method": "Connect"})", R"(
      {"method": "ReadWrite", "keys": ["clients/{principal.clientId}/*", "{principal.username}?"]},
      {"method": "Write", "keyType": "String", "keys": ["cfg/{principal.clientId}"]},
      {"method": "Read", "keyType": "String", "keys": ["{user1}:cart"]})"));
  ASSERT_TRUE(engines.ok());

  Client client = Device("*");
  client.username = "u[1]";
  EXPECT_TRUE(engines.Allows(client, StateStore(Action::kGet, "clients/*/k")));
  EXPECT_FALSE(engines.Allows(client, StateStore(Action::kGet, "clients/x/k")));
  EXPECT_TRUE(engines.Allows(client, StateStore(Action::kSet, "u[1]x")));
  EXPECT_FALSE(engines.Allows(client, StateStore(Action::kSet, "u1x")));
  EXPECT_TRUE(engines.Allows(client, StateStore(Action::kDel, "cfg/*")));
  EXPECT_FALSE(engines.Allows(client, StateStore(Action::kGet, "cfg/*")));  // Write only
  EXPECT_FALSE(engines.Allows(client, StateStore(Action::kDel, "cfg/x")));
  EXPECT_TRUE(engines.Allows(client, StateStore(Action::kKeyNotify, "{user1}:cart")));

  const Client no_username = Device("c");
  EXPECT_FALSE(engines.Allows(no_username, StateStore(Action::kSet, "x")));
}

TEST(EngineTest, ClientIdGlobsAreDecidedAtBind) {
  std::string many_stars;
  for (int i = 0; i < 70; ++i) many_stars += "*a";
  const Engines engines(absl::StrCat(R"({"authorizationPolicies": {"rules": [
    {"principals": {"attributes": [{"role": "device"}]},
     "brokerResources": [
       {"method": "Connect", "clientIds": ["x", "{principal.attributes.building}-*", ")",
                                     many_stars, R"(", "*"]},
       {"method": "Publish", "clientIds": ["sensor-?", "[^a-z]*"], "topics": ["t"]}]}]}})"));
  ASSERT_TRUE(engines.ok());

  Client building = Device("b22-x");
  building.attributes["building"] = "b22";
  EXPECT_EQ(engines.Decide(building, Connect()).grant.pattern, 1);
  building.client_id = "b23-x";
  EXPECT_EQ(engines.Decide(building, Connect()).grant.pattern, 3);
  EXPECT_EQ(engines.Decide(Device("x"), Connect()).grant.pattern, 0);
  EXPECT_EQ(engines.Decide(Device(std::string(70, 'a')), Connect()).grant.pattern, 2);
  // The empty client id matches "*".
  EXPECT_EQ(engines.Decide(Device(""), Connect()).grant.pattern, 3);

  EXPECT_TRUE(engines.Allows(Device("sensor-1"), Publish("t")));
  EXPECT_TRUE(engines.Allows(Device("Sensor"), Publish("t")));
  EXPECT_FALSE(engines.Allows(Device("sensor-12"), Publish("t")));
}

TEST(GlobPrefixIndexTest, ShapesThatHaveAPrefix) {
  const struct {
    const char* text;
    std::optional<std::string> prefix;
  } cases[] = {
      {"b17-*", "b17-"},
      {"*", ""},
      {"**", ""},
      {"a**", "a"},
      {"\\**", "*"},
      {"{principal.attributes.building}*", ""},
      {"x{principal.clientId}", "x"},
      {"b*{principal.clientId}*", "b"},
      {"b17", std::nullopt},  // a literal
      {"b*c", std::nullopt},
      {"b?*", std::nullopt},
      {"[ab]*", std::nullopt},
      {"*{principal.clientId}-", std::nullopt},
  };
  for (const auto& c : cases) {
    absl::StatusOr<Glob> glob = ParseGlob(c.text);
    ASSERT_TRUE(glob.ok()) << c.text << ": " << glob.status();
    EXPECT_EQ(GlobPrefixBytes(*glob), c.prefix) << c.text;
  }
}

std::vector<std::uint32_t> PrefixMatches(const GlobPrefixIndex& index, std::string_view subject) {
  std::vector<std::uint32_t> ids;
  index.ForEachMatch(subject, [&ids](std::uint32_t id) { ids.push_back(id); });
  return ids;
}

TEST(GlobPrefixIndexTest, ReportsEveryPrefixOfTheSubject) {
  GlobPrefixIndex index;
  index.Add("ab", 0);
  index.Add("", 1);
  index.Add("a", 2);
  index.Add("ab", 3);
  index.Add("abc", 4);
  index.Add(std::string("a\0", 2), 5);
  index.Add("\xC3\xA9", 6);
  index.Add("\xFF", 7);

  using Ids = std::vector<std::uint32_t>;
  // Shortest prefix first, and the ids of one prefix in the order they were added.
  EXPECT_EQ(PrefixMatches(index, "abc"), (Ids{1, 2, 0, 3, 4}));
  EXPECT_EQ(PrefixMatches(index, "abx"), (Ids{1, 2, 0, 3}));
  // A prefix equal to the whole subject matches, as `*` matches the empty run.
  EXPECT_EQ(PrefixMatches(index, "ab"), (Ids{1, 2, 0, 3}));
  EXPECT_EQ(PrefixMatches(index, "a"), (Ids{1, 2}));
  // The empty prefix matches every subject, the empty one included.
  EXPECT_EQ(PrefixMatches(index, ""), (Ids{1}));
  EXPECT_EQ(PrefixMatches(index, "b"), (Ids{1}));
  // NUL and bytes >= 0x80 are ordinary bytes.
  EXPECT_EQ(PrefixMatches(index, std::string("a\0z", 3)), (Ids{1, 2, 5}));
  EXPECT_EQ(PrefixMatches(index, "\xC3\xA9x"), (Ids{1, 6}));
  EXPECT_EQ(PrefixMatches(index, "\xC3"), (Ids{1}));
  EXPECT_EQ(PrefixMatches(index, "\xFF\x80"), (Ids{1, 7}));
  EXPECT_EQ(PrefixMatches(index, "\x7F"), (Ids{1}));
}

TEST(EngineTest, PrefixClientIdsNameTheFirstGrant) {
  const Engines engines(R"({"authorizationPolicies": {"rules": [
    {"principals": {"attributes": [{"role": "device"}]},
     "brokerResources": [
       {"method": "Connect", "clientIds": ["b17-*", "b1*", "b17-x", "\u00e9*",
                                     "{principal.attributes.building}*", "*"]}]}]}})");
  ASSERT_TRUE(engines.ok());

  EXPECT_EQ(engines.Decide(Device("b17-x"), Connect()).grant.pattern, 0);
  EXPECT_EQ(engines.Decide(Device("b17-"), Connect()).grant.pattern, 0);  // the whole id
  EXPECT_EQ(engines.Decide(Device("b17"), Connect()).grant.pattern, 1);
  EXPECT_EQ(engines.Decide(Device("b1"), Connect()).grant.pattern, 1);
  EXPECT_EQ(engines.Decide(Device("\xC3\xA9"), Connect()).grant.pattern, 3);
  EXPECT_EQ(engines.Decide(Device("\xC3"), Connect()).grant.pattern, 5);

  Client building = Device("north-7");
  building.attributes["building"] = "north";
  EXPECT_EQ(engines.Decide(building, Connect()).grant.pattern, 4);
  building.attributes["building"] = "south";
  EXPECT_EQ(engines.Decide(building, Connect()).grant.pattern, 5);
  EXPECT_EQ(engines.Decide(Device(""), Connect()).grant.pattern, 5);
}

TEST(EngineTest, PrefixKeysNameTheFirstGrant) {
  const Engines engines(OneRule(kAnyClient, R"({"method": "Connect"})", R"(
      {"method": "Read", "keys": ["cfg/a*", "cfg/*", "nul\u0000*", "caf\u00e9*"]},
      {"method": "Read", "keys": ["{principal.clientId}/*", "cfg/a", "*"]})"));
  ASSERT_TRUE(engines.ok());
  const Client client = Device("c");
  const auto get = [&](std::string key) {
    return engines.Decide(client, StateStore(Action::kGet, std::move(key)));
  };

  EXPECT_EQ(get("cfg/ab").grant.pattern, 0);
  EXPECT_EQ(get("cfg/a").grant.pattern, 0);  // the whole key
  EXPECT_EQ(get("cfg/b").grant.pattern, 1);
  EXPECT_EQ(get(std::string("nul\0", 4)).grant.pattern, 2);
  EXPECT_EQ(get(std::string("nul\0\xFF", 5)).grant.pattern, 2);
  EXPECT_EQ(get("caf\xC3\xA9!").grant.pattern, 3);

  EXPECT_EQ(get("c/x").grant.resource, 1);
  EXPECT_EQ(get("c/x").grant.pattern, 0);
  EXPECT_EQ(get("d/x").grant.pattern, 2);
  EXPECT_EQ(get("caf\xC3").grant.pattern, 2);
}

TEST(EngineTest, DeepFiltersAndTopics) {
  // 32,767 levels of '+' and a final '#': 65,535 bytes, the MQTT maximum.
  std::string deep_filter;
  for (int i = 0; i < 32767; ++i) deep_filter += "+/";
  deep_filter += "#";
  std::string literal_filter;
  for (int i = 0; i < 32767; ++i) literal_filter += "a/";
  literal_filter += "a";
  const Engines engines(
      OneRule(kAnyClient, absl::StrCat(R"({"method": "Publish", "topics": [")", deep_filter,
                                       R"(", ")", literal_filter, R"("]},
         {"method": "Subscribe", "topics": [")",
                                       deep_filter, R"("]})")));
  ASSERT_TRUE(engines.ok());
  const Client client = Device("c");

  EXPECT_EQ(engines.Decide(client, Publish(literal_filter)).grant.pattern, 0);
  EXPECT_FALSE(engines.Allows(client, Publish("a/a")));
  // '#' also matches its parent level, so 32,767 levels match and 32,766 do not.
  std::string topic;
  for (int i = 0; i < 32766; ++i) topic += "a/";
  topic += "a";
  EXPECT_TRUE(engines.Allows(client, Publish(topic)));
  topic.resize(topic.size() - 2);
  EXPECT_FALSE(engines.Allows(client, Publish(topic)));
  EXPECT_TRUE(engines.Allows(client, Subscribe(deep_filter)));
  EXPECT_FALSE(engines.Allows(client, Subscribe("#")));
}

TEST(EngineTest, ManyWildcardPaths) {
  // Every combination of '+' and "a" over 12 levels: 4,096 filters, and a topic of "a"
  // levels reaches all of them at once.
  std::vector<std::string> filters;
  for (int mask = 0; mask < (1 << 12); ++mask) {
    std::vector<std::string> levels;
    for (int bit = 0; bit < 12; ++bit) levels.push_back((mask >> bit) & 1 ? "+" : "a");
    filters.push_back(absl::StrCat("\"", absl::StrJoin(levels, "/"), "\""));
  }
  const Engines engines(OneRule(kAnyClient, absl::StrCat(R"({"method": "Publish", "topics": [)",
                                                         absl::StrJoin(filters, ","), "]}")));
  ASSERT_TRUE(engines.ok());
  const Decision decision = engines.Decide(Device("c"), Publish("a/a/a/a/a/a/a/a/a/a/a/a"));
  ASSERT_TRUE(decision.allowed);
  EXPECT_EQ(decision.grant.pattern, 0);
  EXPECT_FALSE(engines.Allows(Device("c"), Publish("a/a/a/a/a/a/a/a/a/a/a/a/a")));
}

TEST(EngineTest, LinearTimeOnBacktrackingPatterns) {
  // Redis CVE-2022-36021: "*a*a*a...b" against a long run of "a" backtracks exponentially
  // in a naive matcher. 70 stars also put the glob past Hyperscan, on the glob matcher.
  std::string pattern;
  for (int i = 0; i < 70; ++i) pattern += "*a";
  pattern += "*b";
  const Engines engines(
      OneRule(kAnyClient, R"({"method": "Connect"})",
              absl::StrCat(R"({"method": "Read", "keys": [")", pattern, R"("]})")));
  ASSERT_TRUE(engines.ok());
  EXPECT_FALSE(engines.Allows(Device("c"), StateStore(Action::kGet, std::string(3000, 'a'))));
  EXPECT_TRUE(engines.Allows(Device("c"), StateStore(Action::kGet, std::string(3000, 'a') + "b")));
}

TEST(EngineTest, ClientWithoutRulesIsDeniedEverything) {
  const Engines engines(PopularNodePolicy(3));
  ASSERT_TRUE(engines.ok());
  const Client stranger = MakeClient("stranger");
  EXPECT_EQ(engines.Decide(stranger, Connect()).deny_reason, DenyReason::kNoRuleMatched);
  EXPECT_FALSE(engines.Allows(stranger, Publish("devices/stranger/x")));
  EXPECT_FALSE(engines.Allows(stranger, StateStore(Action::kGet, "shared")));
}

TEST(EngineTest, TrieBudgetErrorNamesTheBudget) {
  std::optional<Policy> policy =
      LoadOrFail(OneRule(kAnyClient, R"({"method": "Publish", "topics": ["a/b/c/d", "e/#"]})"));
  ASSERT_TRUE(policy.has_value());

  CompileOptions options;
  options.max_trie_nodes = 4;
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(*policy, options);
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(compiled.status().message().find("max_trie_nodes"), std::string::npos)
      << compiled.status();
  // The number is the budget the caller set, not what remained for one trie.
  EXPECT_NE(compiled.status().message().find("more than 4 nodes"), std::string::npos)
      << compiled.status();

  // 4 nodes below the publish root and the subscribe root: exactly enough.
  options.max_trie_nodes = 7;
  EXPECT_TRUE(CompilePolicy(*policy, options).ok());
  options.max_trie_nodes = 1;
  EXPECT_EQ(CompilePolicy(*policy, options).status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(EngineTest, HyperscanBudgetErrorNamesTheBudget) {
  std::optional<Policy> policy =
      LoadOrFail(OneRule(kAnyClient, R"({"method": "Connect", "clientIds": ["a*b"]})",
                         R"({"method": "Read", "keys": ["x*y", "[a-z]*q"]})"));
  ASSERT_TRUE(policy.has_value());

  CompileOptions options;
  options.max_hyperscan_bytes = 64;
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(*policy, options);
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(compiled.status().message().find("max_hyperscan_bytes"), std::string::npos)
      << compiled.status();
  EXPECT_TRUE(CompilePolicy(*policy, CompileOptions{}).ok());
}

// Returns the serialized bytes of a Hyperscan database, or "" without one.
std::string Serialized(const GlobDatabase& database) {
  if (database.handle() == nullptr) return "";
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(database.handle(), &bytes, &length) != HS_SUCCESS) return "error";
  std::string result(bytes, length);
  std::free(bytes);
  return result;
}

TEST(EngineTest, CompilationIsDeterministic) {
  PolicyGeneratorOptions options;
  options.min_rules = 30;
  options.max_rules = 30;
  PolicyGenerator generator(7, options);
  const std::string text = generator.NextPolicyJson();
  std::optional<Policy> policy = LoadOrFail(text);
  ASSERT_TRUE(policy.has_value());
  const std::shared_ptr<const CompiledPolicy> first = CompileOrFail(*policy);
  const std::shared_ptr<const CompiledPolicy> second = CompileOrFail(*policy);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);

  for (const BrokerMethod method : {BrokerMethod::kPublish, BrokerMethod::kSubscribe}) {
    const TopicTrie& a = first->trie(method);
    const TopicTrie& b = second->trie(method);
    ASSERT_EQ(a.node_count(), b.node_count());
    for (std::uint32_t id = 0; id < a.node_count(); ++id) {
      const TopicTrie::Node& x = a.node(id);
      const TopicTrie::Node& y = b.node(id);
      EXPECT_EQ(x.plus_child, y.plus_child);
      EXPECT_EQ(x.min_rule, y.min_rule);
      EXPECT_EQ(x.literal_child_count, y.literal_child_count);
      EXPECT_TRUE(std::ranges::equal(a.end_grants(x), b.end_grants(y)));
      EXPECT_TRUE(std::ranges::equal(a.multi_level_grants(x), b.multi_level_grants(y)));
    }
  }
  EXPECT_EQ(Serialized(first->client_id_globs.database()),
            Serialized(second->client_id_globs.database()));
  for (const KeyAccess access : {KeyAccess::kRead, KeyAccess::kWrite}) {
    EXPECT_EQ(Serialized(first->key_index(access).database()),
              Serialized(second->key_index(access).database()));
  }
  EXPECT_EQ(first->MemoryBytes(), second->MemoryBytes());
  EXPECT_GT(first->MemoryBytes(), 0u);
}

// Returns every string of length 0 to `max_length` over `alphabet`.
std::vector<std::string> AllStrings(std::string_view alphabet, std::size_t max_length) {
  std::vector<std::string> strings = {""};
  std::size_t begin = 0;
  for (std::size_t length = 1; length <= max_length; ++length) {
    const std::size_t end = strings.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (const char c : alphabet) strings.push_back(strings[i] + c);
    }
    begin = end;
  }
  return strings;
}

TEST(GlobMatcherTest, AgreesWithCoreMatcherOnAllShortSubjects) {
  Client client = MakeClient("ab");
  client.username = "*";
  TokenSlots slots;
  BoundClient bound;
  bound.token_values = {{TokenSlots::kClientIdSlot, true, "ab"},
                        {TokenSlots::kUsernameSlot, true, "*"}};

  const std::string_view alphabet("ab*\0\xFF", 5);
  const std::vector<std::string> subjects = AllStrings(alphabet, 5);
  for (const char* text :
       {"*", "a*", "*a", "a*b", "*a*b*", "?", "??", "a?b", "*?*", "[ab]*", "[^a]?", "\\**", "*\\*",
        "{principal.clientId}*", "*{principal.username}", "?{principal.clientId}?", "**a**",
        "{principal.attributes.missing}*", "[*-b]*"}) {
    absl::StatusOr<Glob> glob = ParseGlob(text);
    ASSERT_TRUE(glob.ok()) << text << ": " << glob.status();
    std::string expression;
    std::string literal;
    const GlobEntry entry = MakeGlobEntry(*glob, slots, expression, literal);
    for (const std::string& subject : subjects) {
      EXPECT_EQ(MatchGlob(entry, bound, subject), GlobMatches(*glob, client, subject))
          << "glob " << text << ", subject \"" << absl::CHexEscape(subject) << "\"";
    }
  }
}

}  // namespace
}  // namespace mqauthz::testing
