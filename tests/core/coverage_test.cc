#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/client.h"
#include "core/topic.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

Client ClientWithId(std::string client_id) {
  Client client;
  client.client_id = std::move(client_id);
  return client;
}

// Parses the allowed filter and checks that `requested` is a valid requested filter. A
// failure fails the test and returns false.
bool Covers(std::string_view allowed_text, std::string_view requested,
            const Client& client = ClientWithId("dev1")) {
  EXPECT_TRUE(ValidateTopicFilter(requested).ok()) << "test filter " << requested;
  absl::StatusOr<TopicFilter> allowed = ParsePolicyTopicFilter(allowed_text);
  EXPECT_TRUE(allowed.ok()) << allowed_text << ": " << allowed.status();
  if (!allowed.ok()) return false;
  return FilterCoversFilter(*allowed, client, requested);
}

TEST(FilterCoversFilter, SpecExamples) {
  EXPECT_TRUE(Covers("sensors/#", "sensors/+/temp"));
  EXPECT_FALSE(Covers("sensors/+", "sensors/#"));
  EXPECT_FALSE(Covers("+/x", "$SYS/x"));
  EXPECT_FALSE(Covers("#", "$SYS/#"));
}

// "+/#" and "/+/#" each miss only the empty name, which is not a valid topic name.
TEST(FilterCoversFilter, EmptyNameCorner) {
  EXPECT_TRUE(Covers("+/#", "#"));
  EXPECT_TRUE(Covers("/+/#", "/#"));
  EXPECT_TRUE(Covers("+/+/#", "/#"));
  EXPECT_FALSE(Covers("+/+/#", "#"));
  EXPECT_FALSE(Covers("/+/+/#", "/#"));
  EXPECT_FALSE(Covers("+/+/+/#", "/#"));
}

TEST(FilterCoversFilter, RequestedHashAfterOneLevel) {
  // "+/#" matches the one-level name "x", which "+/+/#" misses.
  EXPECT_TRUE(Covers("+/#", "+/#"));
  EXPECT_FALSE(Covers("+/+/#", "+/#"));
  // "a/#" matches "a", which "a/+/#" misses.
  EXPECT_FALSE(Covers("a/+/#", "a/#"));
  EXPECT_TRUE(Covers("a/#", "a/#"));
  // "$x/#" matches "$x".
  EXPECT_FALSE(Covers("$x/+/#", "$x/#"));
}

TEST(FilterCoversFilter, HashCoversNonDollar) {
  EXPECT_TRUE(Covers("#", "#"));
  EXPECT_TRUE(Covers("#", "+/x"));
  EXPECT_TRUE(Covers("#", "a/b/c"));
  EXPECT_TRUE(Covers("#", "+"));
  EXPECT_TRUE(Covers("#", "/"));
  EXPECT_FALSE(Covers("#", "$SYS"));
  EXPECT_FALSE(Covers("#", "$SYS/+"));
}

TEST(FilterCoversFilter, DollarFilters) {
  EXPECT_TRUE(Covers("$SYS/#", "$SYS/+"));
  EXPECT_TRUE(Covers("$SYS/#", "$SYS"));
  EXPECT_TRUE(Covers("$SYS/+", "$SYS/x"));
  EXPECT_FALSE(Covers("$SYS/#", "#"));
  EXPECT_FALSE(Covers("+/#", "$SYS/#"));
  EXPECT_FALSE(Covers("+", "$SYS"));
  EXPECT_TRUE(Covers("+/x", "+/x"));
  EXPECT_TRUE(Covers("a/+", "a/$SYS"));
}

TEST(FilterCoversFilter, SingleLevelWildcard) {
  EXPECT_TRUE(Covers("a/+", "a/b"));
  EXPECT_TRUE(Covers("a/+", "a/+"));
  EXPECT_TRUE(Covers("a/+", "a/"));
  EXPECT_FALSE(Covers("a/+", "a"));
  EXPECT_FALSE(Covers("a/+", "a/b/c"));
  EXPECT_FALSE(Covers("a/+", "a/#"));
  EXPECT_FALSE(Covers("a/b", "a/+"));
  EXPECT_FALSE(Covers("+", "#"));
  EXPECT_TRUE(Covers("+/+/#", "+/+"));
}

TEST(FilterCoversFilter, Literals) {
  EXPECT_TRUE(Covers("a/b", "a/b"));
  EXPECT_FALSE(Covers("a/b", "a/c"));
  EXPECT_FALSE(Covers("a/b", "a/B"));
  EXPECT_FALSE(Covers("a/b", "a/b/c"));
  EXPECT_FALSE(Covers("a/b", "a"));
  EXPECT_TRUE(Covers("a//b", "a//b"));
  EXPECT_FALSE(Covers("a//b", "a/b"));
}

TEST(FilterCoversFilter, MultiLevelWildcard) {
  EXPECT_TRUE(Covers("a/#", "a"));
  EXPECT_TRUE(Covers("a/#", "a/b/c"));
  EXPECT_TRUE(Covers("a/#", "a/+/#"));
  EXPECT_TRUE(Covers("a/#", "a/#"));
  EXPECT_FALSE(Covers("a/#", "b/#"));
  EXPECT_FALSE(Covers("a/b/#", "a/#"));
}

TEST(FilterCoversFilter, ClientIdToken) {
  EXPECT_TRUE(Covers("clients/{principal.clientId}/#", "clients/dev1/+"));
  EXPECT_TRUE(Covers("clients/{principal.clientId}/#", "clients/dev1/#"));
  EXPECT_TRUE(Covers("clients/{principal.clientId}/#", "clients/dev1"));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/+/x"));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/#"));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/dev2/x"));
}

// A client id with MQTT wildcards or a separator must cover only what its literal text
// covers (the Mosquitto CVE-2017-7650 mistake).
TEST(FilterCoversFilter, TokenValueStaysLiteral) {
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/#", ClientWithId("#")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/x", ClientWithId("#")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}", "clients/+", ClientWithId("+")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/+/x", ClientWithId("+")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/a/b", ClientWithId("a/b")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients/a", ClientWithId("a/b")));
  EXPECT_TRUE(Covers("clients/{principal.clientId}", "clients/*", ClientWithId("*")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}", "clients/x", ClientWithId("*")));
}

TEST(FilterCoversFilter, TokenValueDollarIsLiteral) {
  EXPECT_TRUE(Covers("{principal.clientId}/#", "$SYS/x", ClientWithId("$SYS")));
  EXPECT_FALSE(Covers("{principal.clientId}/#", "+/x", ClientWithId("$SYS")));
}

TEST(FilterCoversFilter, MissingTokenValueCoversNothing) {
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients//x", ClientWithId("")));
  EXPECT_FALSE(Covers("clients/{principal.clientId}/#", "clients", ClientWithId("")));
  Client client = ClientWithId("dev1");
  EXPECT_FALSE(Covers("users/{principal.username}/#", "users/alice", client));
  client.username = "";
  EXPECT_FALSE(Covers("users/{principal.username}/#", "users/", client));
  client.username = "alice";
  EXPECT_TRUE(Covers("users/{principal.username}/#", "users/alice/x", client));
  EXPECT_FALSE(Covers("x/{principal.attributes.site}", "x/north", client));
}

// Returns every text of 1 to `max_levels` levels drawn from `alphabet`, joined with '/'.
std::vector<std::string> AllLevelSequences(const std::vector<std::string>& alphabet,
                                           std::size_t max_levels) {
  std::vector<std::string> result;
  std::vector<std::vector<std::string>> current = {{}};
  for (std::size_t depth = 1; depth <= max_levels; ++depth) {
    std::vector<std::vector<std::string>> longer;
    for (const std::vector<std::string>& prefix : current) {
      for (const std::string& level : alphabet) {
        std::vector<std::string> extended = prefix;
        extended.push_back(level);
        result.push_back(absl::StrJoin(extended, "/"));
        longer.push_back(std::move(extended));
      }
    }
    current = std::move(longer);
  }
  return result;
}

// More than the 780 names of at most 4 levels over 5 level texts.
constexpr std::size_t kMaxNames = 1024;
using NameSet = std::bitset<kMaxNames>;

NameSet MatchedNames(const TopicFilter& filter, const Client& client,
                     const std::vector<std::string>& names) {
  NameSet matched;
  for (std::size_t i = 0; i < names.size(); ++i) {
    matched[i] = FilterMatchesTopic(filter, client, names[i]);
  }
  return matched;
}

// Compares FilterCoversFilter with the definition of coverage, decided by enumerating names.
//
// Why names of at most 4 levels over {"a", "b", "$x", "", "c"} find a counterexample whenever
// one exists, for filters of at most 3 levels over {"a", "b", "$x", "", "+", "#"} and the
// token {principal.clientId}:
//
// Level texts. A filter treats one level of a name according to the filter literal that the
// level equals, if any, and, in the first level only, whether it starts with '$'. The
// literals are "a", "b", "$x" and "" (the client ids "a" and "$x" bind the token to one of
// them, and the other client ids make the filter match nothing). So any other level text acts
// as the fresh text "c" does. The one exception is a first level starting with '$' other than
// "$x": wildcards skip it and no literal equals it, so no requested filter matches such a
// name. Replacing a level by its representative keeps the name valid, because the only
// invalid name here is the empty one and non-empty levels map to non-empty levels.
//
// Depth. Filters have at most 3 levels, so a level at index 3 or later is consumed only by a
// trailing '#'. Cutting a longer name to 4 levels changes the result of neither filter: a filter
// without '#' matches neither name, and a filter whose '#' is at index 2 or less reads only the
// first 3 levels, which both names share. The cut name is still valid.
TEST(FilterCoversFilter, AgreesWithEnumeratedNames) {
  std::vector<std::string> names;
  for (std::string& name : AllLevelSequences({"a", "b", "$x", "", "c"}, 4)) {
    if (ValidateTopicName(name).ok()) names.push_back(std::move(name));
  }
  ASSERT_EQ(names.size(), 779u);  // 5 + 25 + 125 + 625, less the empty name
  ASSERT_LE(names.size(), kMaxNames);

  const Client no_tokens;
  std::vector<std::pair<std::string, NameSet>> requested;
  for (const std::string& text : AllLevelSequences({"a", "b", "$x", "", "+", "#"}, 3)) {
    if (!ValidateTopicFilter(text).ok()) continue;
    absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(text);
    ASSERT_TRUE(filter.ok()) << text << ": " << filter.status();
    requested.emplace_back(text, MatchedNames(*filter, no_tokens, names));
  }
  ASSERT_GT(requested.size(), 100u);

  std::vector<std::string> allowed_texts;
  for (std::string& text :
       AllLevelSequences({"a", "b", "$x", "", "+", "#", "{principal.clientId}"}, 3)) {
    if (ParsePolicyTopicFilter(text).ok()) allowed_texts.push_back(std::move(text));
  }
  ASSERT_GT(allowed_texts.size(), 200u);

  std::size_t covered_count = 0;
  std::size_t mismatch_count = 0;
  std::vector<std::string> mismatches;
  for (const std::string client_id : {"a", "$x", "#", "+", "a/b", ""}) {
    const Client client = ClientWithId(client_id);
    for (const std::string& allowed_text : allowed_texts) {
      const TopicFilter allowed = ParsePolicyTopicFilter(allowed_text).value();
      const NameSet allowed_names = MatchedNames(allowed, client, names);
      for (const auto& [requested_text, requested_names] : requested) {
        const NameSet missed = requested_names & ~allowed_names;
        const bool expected = missed.none();
        const bool actual = FilterCoversFilter(allowed, client, requested_text);
        if (expected) ++covered_count;
        if (actual == expected) continue;

        ++mismatch_count;
        if (mismatches.size() < 20) {
          std::string witness = "none";
          for (std::size_t i = 0; i < names.size(); ++i) {
            if (missed[i]) {
              witness = absl::StrCat("\"", names[i], "\"");
              break;
            }
          }
          mismatches.push_back(absl::StrCat("allowed \"", allowed_text, "\" requested \"",
                                            requested_text, "\" client id \"", client_id,
                                            "\": covers returned ", actual ? "true" : "false",
                                            ", missed name: ", witness));
        }
      }
    }
  }
  EXPECT_EQ(mismatch_count, 0u) << absl::StrJoin(mismatches, "\n");
  // The enumeration must contain both answers, or it would test little.
  EXPECT_GT(covered_count, 1000u);
  EXPECT_LT(covered_count, allowed_texts.size() * requested.size() * 6 / 2);
}

}  // namespace
}  // namespace mqauthz
