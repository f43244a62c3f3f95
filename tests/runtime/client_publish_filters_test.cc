// The per-client Publish filters (runtime/client_publish_filters.h): the level matcher
// against core's FilterMatchesTopic on every small case, the limits past which Bind
// leaves them to the trie, and first-grant order between exact and wildcard filters.

#include "runtime/client_publish_filters.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/compiled_grant.h"
#include "core/client.h"
#include "core/topic.h"
#include "gtest/gtest.h"
#include "runtime/engine.h"
#include "runtime/topic_validation.h"
#include "tests/runtime/runtime_test_support.h"

namespace mqauthz::testing {
namespace {

// Every sequence of 1 to `max_levels` levels drawn from `alphabet`, joined by '/'.
std::vector<std::string> AllTopics(const std::vector<std::string>& alphabet,
                                   std::size_t max_levels) {
  std::vector<std::vector<std::string>> sequences = {{}};
  std::vector<std::string> topics;
  for (std::size_t length = 1; length <= max_levels; ++length) {
    std::vector<std::vector<std::string>> longer;
    for (const std::vector<std::string>& sequence : sequences) {
      for (const std::string& level : alphabet) {
        longer.push_back(sequence);
        longer.back().push_back(level);
        topics.push_back(absl::StrJoin(longer.back(), "/"));
      }
    }
    sequences = std::move(longer);
  }
  return topics;
}

// Packs a filter without tokens as the only filter of a set.
ClientPublishFilters PackAlone(const TopicFilter& filter, const std::string& text) {
  std::vector<BoundFilterLevel> levels;
  std::string literals;
  bool has_wildcard = false;
  for (const FilterLevel& level : filter.levels) {
    levels.push_back({level.kind, static_cast<std::uint32_t>(level.text.size())});
    literals += level.text;
    has_wildcard = has_wildcard || level.kind != LevelKind::kLiteral;
  }
  ClientPublishFiltersBuilder builder;
  if (has_wildcard) {
    builder.AddWildcardFilter(levels, literals, CompiledGrant{});
  } else {
    builder.AddExactTopic(text, CompiledGrant{});
  }
  return builder.Build();
}

TEST(ClientPublishFiltersTest, MatchesAgreeWithCore) {
  const std::vector<std::string> filters = AllTopics({"a", "b", "$x", "", "+", "#"}, 3);
  const std::vector<std::string> names = AllTopics({"a", "b", "$x", ""}, 4);
  const Client client = MakeClient("c");
  std::size_t checked = 0;
  for (const std::string& text : filters) {
    const absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(text);
    if (!filter.ok()) continue;  // '#' before the last level
    const ClientPublishFilters packed = PackAlone(*filter, text);
    for (const std::string& name : names) {
      if (!ValidateTopicName(name).ok()) continue;
      const HashedTopicName hashed{name, HashTopicName(name)};
      EXPECT_EQ(packed.FindGrant(hashed).has_value(), FilterMatchesTopic(*filter, client, name))
          << "filter " << text << ", name " << name;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000u);
}

// Literal levels and exact topics of every length up to 40 bytes, equal or differing in
// one byte at each position: the comparison steps by 8, 4, 2 and 1 bytes.
TEST(ClientPublishFiltersTest, ComparesEveryByteOfLongLevels) {
  const Client client = MakeClient("c");
  for (std::size_t size = 1; size <= 40; ++size) {
    std::string literal;
    for (std::size_t i = 0; i < size; ++i) literal.push_back(static_cast<char>('a' + i % 26));
    for (const std::string& text :
         {absl::StrCat("x/", literal, "/+"), absl::StrCat("x/", literal)}) {
      const absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(text);
      ASSERT_TRUE(filter.ok()) << text;
      const ClientPublishFilters packed = PackAlone(*filter, text);
      for (std::size_t differ = 0; differ <= size; ++differ) {
        std::string level = literal;
        if (differ < size) level[differ] = '_';
        for (const std::string& name :
             {absl::StrCat("x/", level, "/y"), absl::StrCat("x/", level)}) {
          const HashedTopicName hashed{name, HashTopicName(name)};
          EXPECT_EQ(packed.FindGrant(hashed).has_value(), FilterMatchesTopic(*filter, client, name))
              << "filter " << text << ", name " << name;
        }
      }
    }
  }
}

// Many filters in one set, past the inline buffer into a heap block, each still found
// with its own grant.
TEST(ClientPublishFiltersTest, LargeSetsKeepEveryGrant) {
  ClientPublishFiltersBuilder builder;
  for (std::uint32_t i = 0; i < ClientPublishFilters::kMaxExactTopics; ++i) {
    builder.AddExactTopic(absl::StrCat("plant/line-", i, "/telemetry"), CompiledGrant{0, 0, i});
  }
  const BoundFilterLevel plus{LevelKind::kSingleLevelWildcard, 0};
  for (std::uint32_t i = 0; i < ClientPublishFilters::kMaxWildcardFilters; ++i) {
    const std::string literal = absl::StrCat("w", i);
    const std::vector<BoundFilterLevel> levels = {
        {LevelKind::kLiteral, static_cast<std::uint32_t>(literal.size())}, plus};
    builder.AddWildcardFilter(levels, literal, CompiledGrant{1, 0, i});
  }
  ASSERT_TRUE(builder.WithinLimits());
  const ClientPublishFilters filters = builder.Build();
  EXPECT_GT(filters.MemoryBytes(), ClientPublishFilters::kInlineBytes);

  const auto find = [&filters](const std::string& name) {
    return filters.FindGrant({name, HashTopicName(name)});
  };
  for (std::uint32_t i = 0; i < ClientPublishFilters::kMaxExactTopics; ++i) {
    EXPECT_EQ(find(absl::StrCat("plant/line-", i, "/telemetry")), (CompiledGrant{0, 0, i}));
  }
  for (std::uint32_t i = 0; i < ClientPublishFilters::kMaxWildcardFilters; ++i) {
    EXPECT_EQ(find(absl::StrCat("w", i, "/x")), (CompiledGrant{1, 0, i}));
  }
  EXPECT_FALSE(find("plant/line-64/telemetry").has_value());
  EXPECT_FALSE(find("w8/x").has_value());
  EXPECT_FALSE(find("w0").has_value());
}

// A policy whose one rule lets client dev-1 publish to `topics`, in this order.
std::string PublishPolicy(const std::vector<std::string>& topics) {
  std::vector<std::string> quoted;
  for (const std::string& topic : topics) quoted.push_back(absl::StrCat("\"", topic, "\""));
  return absl::StrCat(
      R"({"authorizationPolicies": {"rules": [{"principals": {"clientIds": ["dev-1"]},)",
      R"("brokerResources": [{"method": "Publish", "topics": [)", absl::StrJoin(quoted, ","),
      "]}]}]}}");
}

// Binds dev-1 to a policy of `topics` and reports whether Bind kept its filters.
bool KeepsFilters(const std::vector<std::string>& topics) {
  const auto compiled = CompileOrFail(*LoadOrFail(PublishPolicy(topics)));
  if (compiled == nullptr) return false;
  return Bind(*compiled, MakeClient("dev-1")).publish_filters.complete();
}

TEST(ClientPublishFiltersTest, KeptUpToTheLimits) {
  std::vector<std::string> exact;
  for (std::size_t i = 0; i < ClientPublishFilters::kMaxExactTopics; ++i) {
    exact.push_back(absl::StrCat("t/{principal.clientId}/", i));
  }
  EXPECT_TRUE(KeepsFilters(exact));
  exact.push_back("t/last");
  EXPECT_FALSE(KeepsFilters(exact));

  std::vector<std::string> wildcards;
  for (std::size_t i = 0; i < ClientPublishFilters::kMaxWildcardFilters; ++i) {
    wildcards.push_back(absl::StrCat("w/", i, "/+"));
  }
  EXPECT_TRUE(KeepsFilters(wildcards));
  wildcards.push_back("w/#");
  EXPECT_FALSE(KeepsFilters(wildcards));
}

TEST(ClientPublishFiltersTest, FiltersThatMatchNothingAreNotCounted) {
  // dev-1 has no `site` attribute: these filters match nothing and take no room.
  std::vector<std::string> topics;
  for (std::size_t i = 0; i < 2 * ClientPublishFilters::kMaxWildcardFilters; ++i) {
    topics.push_back(absl::StrCat("{principal.attributes.site}/", i, "/#"));
  }
  EXPECT_TRUE(KeepsFilters(topics));
}

// Both paths, with and without the client's filters, against the reference.
void ExpectFirstGrant(const std::vector<std::string>& topics, const std::string& topic,
                      int expected_pattern) {
  const std::string text = PublishPolicy(topics);
  const std::optional<Policy> policy = LoadOrFail(text);
  ASSERT_TRUE(policy.has_value());
  const auto compiled = CompileOrFail(*policy);
  ASSERT_NE(compiled, nullptr);
  const Client client = MakeClient("dev-1");
  const BoundClient bound = Bind(*compiled, client);
  ASSERT_TRUE(bound.publish_filters.complete());

  const std::string report =
      CompareEngines(*policy, *compiled, bound, client, Publish(topic), text, "first grant");
  EXPECT_TRUE(report.empty()) << report;
  const Decision decision = Decide(*compiled, bound, Publish(topic));
  ASSERT_TRUE(decision.allowed) << topic;
  EXPECT_EQ(decision.grant.pattern, expected_pattern) << topic;
}

TEST(ClientPublishFiltersTest, FirstGrantInDocumentOrder) {
  ExpectFirstGrant({"a/+", "a/{principal.clientId}"}, "a/dev-1", 0);
  ExpectFirstGrant({"a/{principal.clientId}", "a/+"}, "a/dev-1", 0);
  ExpectFirstGrant({"a/dev-1", "a/{principal.clientId}"}, "a/dev-1", 0);
  ExpectFirstGrant({"b/#", "a/{principal.clientId}", "a/#"}, "a/dev-1", 1);
  ExpectFirstGrant({"b/#", "a/#", "a/{principal.clientId}"}, "a/dev-1", 1);
  ExpectFirstGrant({"+/x", "#", "$SYS/#"}, "$SYS/x", 2);
}

}  // namespace
}  // namespace mqauthz::testing
