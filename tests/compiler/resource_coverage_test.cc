#include "compiler/resource_coverage.h"

#include <string_view>

#include "absl/status/statusor.h"
#include "core/glob.h"
#include "core/policy.h"
#include "core/topic.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

TopicFilter Filter(std::string_view text) {
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(text);
  EXPECT_TRUE(filter.ok()) << text << ": " << filter.status();
  return filter.ok() ? *filter : TopicFilter{};
}

struct CoverCase {
  std::string_view allowed;
  std::string_view requested;
  bool covers;
};

class PolicyFilterCoversTest : public ::testing::TestWithParam<CoverCase> {};

TEST_P(PolicyFilterCoversTest, DecidesForEveryClient) {
  EXPECT_EQ(PolicyFilterCovers(Filter(GetParam().allowed), Filter(GetParam().requested)),
            GetParam().covers)
      << GetParam().allowed << " over " << GetParam().requested;
}

INSTANTIATE_TEST_SUITE_P(
    Filters, PolicyFilterCoversTest,
    ::testing::Values(CoverCase{"a/#", "a/b", true}, CoverCase{"a/#", "a", true},
                      CoverCase{"a/+", "a/#", false}, CoverCase{"a/b", "a/b", true},
                      CoverCase{"#", "$SYS/x", false},
                      CoverCase{"a/{principal.clientId}", "a/{principal.clientId}", true},
                      CoverCase{"a/+", "a/{principal.clientId}", true},
                      CoverCase{"a/#", "a/{principal.attributes.floor}/x", true},
                      CoverCase{"a/{principal.clientId}", "a/x", false},
                      CoverCase{"a/{principal.clientId}", "a/+", false},
                      CoverCase{"a/{principal.clientId}", "a/{principal.username}", false},
                      CoverCase{"a/{principal.attributes.x}", "a/{principal.attributes.y}", false},
                      CoverCase{"{principal.clientId}/#", "{principal.clientId}/a", true},
                      CoverCase{"+/a", "{principal.clientId}/a", false},
                      CoverCase{"#", "{principal.clientId}", false}));

BrokerResource Resource(BrokerMethod method, std::initializer_list<std::string_view> topics,
                        std::initializer_list<std::string_view> client_ids = {}) {
  BrokerResource resource;
  resource.method = method;
  for (std::string_view topic : topics)
    resource.topics.push_back({std::string(topic), Filter(topic)});
  for (std::string_view client_id : client_ids) {
    absl::StatusOr<Glob> glob = ParseGlob(client_id);
    EXPECT_TRUE(glob.ok()) << client_id;
    resource.client_ids.push_back({std::string(client_id), glob.ok() ? *glob : Glob{}});
  }
  return resource;
}

TEST(BrokerResourceCovers, RequiresSameMethod) {
  EXPECT_FALSE(BrokerResourceCovers(Resource(BrokerMethod::kPublish, {"#"}),
                                    Resource(BrokerMethod::kSubscribe, {"a"})));
}

TEST(BrokerResourceCovers, RequiresEveryTopicCovered) {
  EXPECT_TRUE(BrokerResourceCovers(Resource(BrokerMethod::kPublish, {"a/#", "b"}),
                                   Resource(BrokerMethod::kPublish, {"a/x", "b"})));
  EXPECT_FALSE(BrokerResourceCovers(Resource(BrokerMethod::kPublish, {"a/#"}),
                                    Resource(BrokerMethod::kPublish, {"a/x", "b"})));
}

TEST(BrokerResourceCovers, ComparesClientIdGlobs) {
  const BrokerResource any = Resource(BrokerMethod::kConnect, {});
  const BrokerResource star = Resource(BrokerMethod::kConnect, {}, {"*"});
  const BrokerResource dev = Resource(BrokerMethod::kConnect, {}, {"dev-*"});
  const BrokerResource dev_and_test = Resource(BrokerMethod::kConnect, {}, {"dev-*", "test-*"});
  EXPECT_TRUE(BrokerResourceCovers(any, dev));
  EXPECT_TRUE(BrokerResourceCovers(star, any));
  EXPECT_TRUE(BrokerResourceCovers(dev_and_test, dev));
  EXPECT_FALSE(BrokerResourceCovers(dev, any));
  EXPECT_FALSE(BrokerResourceCovers(dev, dev_and_test));
}

StateStoreResource StateStore(StateStoreMethod method, KeyType key_type,
                              std::initializer_list<std::string_view> keys) {
  StateStoreResource resource;
  resource.method = method;
  resource.key_type = key_type;
  for (std::string_view key : keys) {
    StateStoreKey entry;
    entry.text = std::string(key);
    if (key_type == KeyType::kPattern) {
      absl::StatusOr<Glob> glob = ParseGlob(key);
      EXPECT_TRUE(glob.ok()) << key;
      if (glob.ok()) entry.glob = *glob;
    }
    resource.keys.push_back(entry);
  }
  return resource;
}

TEST(StateStoreResourceCovers, IncludesReadAndWriteInReadWrite) {
  const StateStoreResource read_write =
      StateStore(StateStoreMethod::kReadWrite, KeyType::kString, {"k"});
  EXPECT_TRUE(StateStoreResourceCovers(
      read_write, StateStore(StateStoreMethod::kRead, KeyType::kString, {"k"})));
  EXPECT_TRUE(StateStoreResourceCovers(
      read_write, StateStore(StateStoreMethod::kWrite, KeyType::kString, {"k"})));
  EXPECT_FALSE(StateStoreResourceCovers(
      StateStore(StateStoreMethod::kRead, KeyType::kString, {"k"}), read_write));
}

TEST(StateStoreResourceCovers, ComparesKeysWithTheirType) {
  EXPECT_FALSE(
      StateStoreResourceCovers(StateStore(StateStoreMethod::kRead, KeyType::kString, {"a*"}),
                               StateStore(StateStoreMethod::kRead, KeyType::kPattern, {"a*"})));
  EXPECT_TRUE(StateStoreResourceCovers(
      StateStore(StateStoreMethod::kRead, KeyType::kPattern, {"*"}),
      StateStore(StateStoreMethod::kRead, KeyType::kBinary, {"dGVzdA=="})));
}

TEST(FilterCouldMatchTopic, TreatsTokensAsAnyLevel) {
  constexpr std::string_view kTopic =
      "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";
  EXPECT_TRUE(
      FilterCouldMatchTopic(Filter("statestore/v1/{principal.clientId}/command/invoke"), kTopic));
  EXPECT_TRUE(FilterCouldMatchTopic(Filter("statestore/#"), kTopic));
  EXPECT_TRUE(FilterCouldMatchTopic(Filter("+/+/+/+/+"), kTopic));
  EXPECT_FALSE(FilterCouldMatchTopic(Filter("+/+/+/+"), kTopic));
  EXPECT_FALSE(FilterCouldMatchTopic(Filter("statestore/v2/#"), kTopic));
  EXPECT_FALSE(FilterCouldMatchTopic(Filter("statestore/v1/+/command/invoke/x"), kTopic));
}

}  // namespace
}  // namespace mqauthz
