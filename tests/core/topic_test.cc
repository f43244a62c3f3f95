#include "core/topic.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "core/client.h"
#include "core/status_hint.h"
#include "core/token.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

using std::string_literals::operator""s;

Client ClientWithId(std::string client_id) {
  Client client;
  client.client_id = std::move(client_id);
  return client;
}

// Parses a policy filter and matches it against a valid topic name. A parse failure or an
// invalid topic name fails the test and returns false.
bool Matches(std::string_view filter_text, std::string_view topic_name,
             const Client& client = ClientWithId("dev1")) {
  EXPECT_TRUE(ValidateTopicName(topic_name).ok()) << "test topic name " << topic_name;
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(filter_text);
  EXPECT_TRUE(filter.ok()) << filter_text << ": " << filter.status();
  if (!filter.ok()) return false;
  return FilterMatchesTopic(*filter, client, topic_name);
}

// MQTT 5.0 section 4.7.1.2, multi-level wildcard examples.
TEST(FilterMatchesTopic, MultiLevelWildcardExamples) {
  EXPECT_TRUE(Matches("sport/tennis/player1/#", "sport/tennis/player1"));
  EXPECT_TRUE(Matches("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
  EXPECT_TRUE(Matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"));
  EXPECT_FALSE(Matches("sport/tennis/player1/#", "sport/tennis/player2"));
  EXPECT_FALSE(Matches("sport/tennis/player1/#", "sport/tennis"));
  EXPECT_TRUE(Matches("sport/#", "sport"));
  EXPECT_TRUE(Matches("sport/#", "sport/"));
  EXPECT_FALSE(Matches("sport/#", "sports"));
  EXPECT_TRUE(Matches("#", "sport/tennis/player1"));
  EXPECT_TRUE(Matches("#", "/"));
}

// MQTT 5.0 section 4.7.1.3, single-level wildcard examples.
TEST(FilterMatchesTopic, SingleLevelWildcardExamples) {
  EXPECT_TRUE(Matches("sport/tennis/+", "sport/tennis/player1"));
  EXPECT_TRUE(Matches("sport/tennis/+", "sport/tennis/player2"));
  EXPECT_FALSE(Matches("sport/tennis/+", "sport/tennis/player1/ranking"));
  EXPECT_FALSE(Matches("sport/+", "sport"));
  EXPECT_TRUE(Matches("sport/+", "sport/"));
  EXPECT_TRUE(Matches("sport/+/player1", "sport/tennis/player1"));
  EXPECT_TRUE(Matches("+/tennis/#", "sport/tennis/player1"));
  EXPECT_TRUE(Matches("+", "sport"));
  EXPECT_FALSE(Matches("+", "sport/tennis"));
}

// MQTT 5.0 section 4.7.1.3: "/finance" has two levels, the first one empty.
TEST(FilterMatchesTopic, LeadingSlashExamples) {
  EXPECT_TRUE(Matches("+/+", "/finance"));
  EXPECT_TRUE(Matches("/+", "/finance"));
  EXPECT_FALSE(Matches("+", "/finance"));
  EXPECT_FALSE(Matches("finance", "/finance"));
  EXPECT_TRUE(Matches("/finance", "/finance"));
  EXPECT_TRUE(Matches("/#", "/finance"));
}

TEST(FilterMatchesTopic, EmptyLevels) {
  EXPECT_TRUE(Matches("a//b", "a//b"));
  EXPECT_FALSE(Matches("a/b", "a//b"));
  EXPECT_FALSE(Matches("a//b", "a/b"));
  EXPECT_TRUE(Matches("a/+/b", "a//b"));
  EXPECT_TRUE(Matches("+/+", "/"));
  EXPECT_FALSE(Matches("+", "/"));
  EXPECT_TRUE(Matches("a/+", "a/"));
  EXPECT_TRUE(Matches("a/#", "a/"));
  EXPECT_TRUE(Matches("a/#", "a//"));
  EXPECT_FALSE(Matches("a/+", "a//"));
}

// MQTT 5.0 section 4.7.2: wildcards in the first level skip names that start with '$'.
TEST(FilterMatchesTopic, DollarTopics) {
  EXPECT_FALSE(Matches("#", "$SYS/monitor/Clients"));
  EXPECT_FALSE(Matches("+/monitor/Clients", "$SYS/monitor/Clients"));
  EXPECT_TRUE(Matches("$SYS/#", "$SYS/monitor/Clients"));
  EXPECT_TRUE(Matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
  EXPECT_FALSE(Matches("+", "$SYS"));
  EXPECT_FALSE(Matches("#", "$"));
  EXPECT_TRUE(Matches("$SYS", "$SYS"));
}

TEST(FilterMatchesTopic, DollarInLaterLevel) {
  EXPECT_TRUE(Matches("#", "a/$SYS"));
  EXPECT_TRUE(Matches("a/+", "a/$SYS"));
  EXPECT_TRUE(Matches("+/$SYS", "a/$SYS"));
}

TEST(FilterMatchesTopic, CaseSensitive) {
  EXPECT_FALSE(Matches("Sport/#", "sport/tennis"));
  EXPECT_FALSE(Matches("sport/Tennis", "sport/tennis"));
}

TEST(FilterMatchesTopic, StarAndQuestionMarkAreLiteral) {
  EXPECT_TRUE(Matches("a/*", "a/*"));
  EXPECT_FALSE(Matches("a/*", "a/b"));
  EXPECT_FALSE(Matches("a/?", "a/b"));
}

TEST(FilterMatchesTopic, ClientIdToken) {
  EXPECT_TRUE(Matches("clients/{principal.clientId}/#", "clients/dev1"));
  EXPECT_TRUE(Matches("clients/{principal.clientId}/#", "clients/dev1/a/b"));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/dev2/a"));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/dev1x"));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/{principal.clientId}"));
}

// A client id with MQTT wildcards or a separator must match only itself as literal text,
// never more topics (the Mosquitto CVE-2017-7650 mistake).
TEST(FilterMatchesTopic, TokenValueHashIsLiteral) {
  const Client client = ClientWithId("#");
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/dev1", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/dev1/a", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}", "clients/x", client));
  EXPECT_FALSE(Matches("{principal.clientId}", "anything", client));
}

TEST(FilterMatchesTopic, TokenValuePlusIsLiteral) {
  const Client client = ClientWithId("+");
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/dev1", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/x", "clients/dev1/x", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/x", "clients//x", client));
}

TEST(FilterMatchesTopic, TokenValueWithSlashMatchesNothing) {
  const Client client = ClientWithId("a/b");
  EXPECT_FALSE(Matches("clients/{principal.clientId}", "clients/a/b", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/a/b", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/a/b/c", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients/a", client));
  // The filter matches nothing at all, even where the token level is never reached.
  EXPECT_FALSE(Matches("x/{principal.clientId}", "y/z", client));
}

TEST(FilterMatchesTopic, TokenValueGlobCharactersAreLiteral) {
  EXPECT_TRUE(Matches("clients/{principal.clientId}", "clients/*", ClientWithId("*")));
  EXPECT_FALSE(Matches("clients/{principal.clientId}", "clients/x", ClientWithId("*")));
  EXPECT_TRUE(Matches("clients/{principal.clientId}", "clients/[x]", ClientWithId("[x]")));
  EXPECT_FALSE(Matches("clients/{principal.clientId}", "clients/x", ClientWithId("[x]")));
}

TEST(FilterMatchesTopic, TokenValueLookingLikeTokenIsLiteral) {
  Client client = ClientWithId("{principal.username}");
  client.username = "alice";
  EXPECT_TRUE(Matches("clients/{principal.clientId}", "clients/{principal.username}", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}", "clients/alice", client));
}

TEST(FilterMatchesTopic, TokenValueDollarIsLiteral) {
  // The '$' rule is about wildcards. A token is a literal, so its value may start with '$'.
  EXPECT_TRUE(Matches("{principal.clientId}/x", "$SYS/x", ClientWithId("$SYS")));
}

TEST(FilterMatchesTopic, EmptyClientIdMatchesNothing) {
  const Client client = ClientWithId("");
  EXPECT_FALSE(Matches("clients/{principal.clientId}", "clients/", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients//x", client));
  EXPECT_FALSE(Matches("clients/{principal.clientId}/#", "clients", client));
}

TEST(FilterMatchesTopic, UsernameAbsentOrEmpty) {
  Client client = ClientWithId("dev1");
  EXPECT_FALSE(Matches("users/{principal.username}", "users/", client));
  EXPECT_FALSE(Matches("users/{principal.username}/#", "users", client));
  client.username = "";
  EXPECT_FALSE(Matches("users/{principal.username}", "users/", client));
  client.username = "alice";
  EXPECT_TRUE(Matches("users/{principal.username}", "users/alice", client));
  EXPECT_FALSE(Matches("users/{principal.username}", "users/", client));
}

TEST(FilterMatchesTopic, AttributeToken) {
  Client client = ClientWithId("temperature-sensor");
  EXPECT_FALSE(Matches("/sensor/{principal.attributes.organization}", "/sensor/contoso", client));
  client.attributes["organization"] = "";
  EXPECT_FALSE(Matches("/sensor/{principal.attributes.organization}", "/sensor/", client));
  client.attributes["organization"] = "contoso";
  EXPECT_TRUE(Matches("/sensor/{principal.attributes.organization}", "/sensor/contoso", client));
  EXPECT_FALSE(Matches("/sensor/{principal.attributes.organization}", "/sensor/fabrikam", client));
}

TEST(FilterMatchesTopic, AttributeNameWithSlash) {
  Client client = ClientWithId("dev1");
  client.attributes["site/name"] = "north";
  EXPECT_TRUE(Matches("sites/{principal.attributes.site/name}/#", "sites/north/a", client));
  EXPECT_FALSE(Matches("sites/{principal.attributes.site/name}/#", "sites/site/name", client));
}

TEST(ValidateTopicName, Accepts) {
  for (const std::string_view name :
       {"a", "/", "//", "a/b", "a//b", "/a", "a/", "$SYS/x", "a b", "a*b?", "{principal.clientId}",
        "caf\xC3\xA9", "\xC2\x80", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_TRUE(ValidateTopicName(name).ok()) << name;
  }
}

TEST(ValidateTopicName, RejectsEmpty) {
  const absl::Status status = ValidateTopicName("");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "topic name is empty");
  // A topic name cannot hold a wildcard, so its example must not either.
  EXPECT_EQ(HintOf(status), "write a non-empty topic name, such as `sensors/kitchen/temperature`");
  EXPECT_EQ(HintOf(ValidateTopicFilter("")), "write a non-empty topic filter, such as `sensors/#`");
}

TEST(ValidateTopicName, RejectsWildcards) {
  for (const std::string_view name : {"+", "#", "a/+", "a/#", "a+", "a#b", "+/x"}) {
    const absl::Status status = ValidateTopicName(name);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_NE(status.message().find("wildcard"), std::string_view::npos) << name;
    EXPECT_FALSE(HintOf(status).empty()) << name;
  }
}

TEST(ValidateTopicName, RejectsNul) {
  const absl::Status status = ValidateTopicName("a\0b"s);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("U+0000 at byte 1"), std::string_view::npos);
  EXPECT_FALSE(HintOf(status).empty());
}

TEST(ValidateTopicName, RejectsInvalidUtf8) {
  // Overlong forms (also of U+0000), surrogates, code points above U+10FFFF, stray
  // continuation bytes, truncated sequences, and bytes that never occur in UTF-8.
  for (const std::string_view name : {"\xC0\x80",
                                      "\xC1\xBF",
                                      "\xE0\x80\x80",
                                      "\xE0\x9F\xBF",
                                      "\xF0\x80\x80\x80",
                                      "\xF0\x8F\xBF\xBF",
                                      "\xED\xA0\x80",
                                      "\xED\xBF\xBF",
                                      "\xF4\x90\x80\x80",
                                      "\xF5\x80\x80\x80",
                                      "\xF8\x88\x80\x80\x80",
                                      "\x80",
                                      "a\xBF",
                                      "\xE2\x82",
                                      "\xC3",
                                      "\xC3\x28",
                                      "\xE2\x28\xA1",
                                      "\xF0\x90\x28\xBC",
                                      "\xFE",
                                      "\xFF"}) {
    const absl::Status status = ValidateTopicName(name);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << absl::CHexEscape(std::string(name));
    EXPECT_NE(status.message().find("not valid UTF-8"), std::string_view::npos)
        << absl::CHexEscape(std::string(name));
  }
}

TEST(ValidateTopicName, InvalidUtf8Offset) {
  const absl::Status status = ValidateTopicName("ab\xC3\xA9x\xED\xA0\x80");
  EXPECT_NE(status.message().find("at byte 5"), std::string_view::npos) << status.message();
}

TEST(ValidateTopicName, MaximumLength) {
  EXPECT_TRUE(ValidateTopicName(std::string(kMaxTopicBytes, 'a')).ok());
  const absl::Status status = ValidateTopicName(std::string(kMaxTopicBytes + 1, 'a'));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("65536 bytes"), std::string_view::npos);
}

TEST(ValidateTopicFilter, Accepts) {
  for (const std::string_view filter :
       {"#", "+", "+/+", "/+", "a/#", "a/+/b", "sport/tennis/#", "sport/+/player1", "+/tennis/#",
        "/", "a//b", "$SYS/#", "a*", "?", "{x}", "caf\xC3\xA9/+"}) {
    EXPECT_TRUE(ValidateTopicFilter(filter).ok()) << filter;
  }
}

TEST(ValidateTopicFilter, RejectsMisplacedHash) {
  for (const std::string_view filter :
       {"sport/tennis/#/ranking", "#/a", "a/#/#", "sport/tennis#", "#a", "a/b#", "##", "a/#b"}) {
    const absl::Status status = ValidateTopicFilter(filter);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << filter;
    EXPECT_FALSE(HintOf(status).empty()) << filter;
  }
}

TEST(ValidateTopicFilter, HashNotLastSuggestsCut) {
  const absl::Status status = ValidateTopicFilter("sport/tennis/#/ranking");
  EXPECT_EQ(status.message(),
            "'#' must be the last level of topic filter `sport/tennis/#/ranking`");
  EXPECT_EQ(HintOf(status), "'#' already matches every level below it: write `sport/tennis/#`");
}

TEST(ValidateTopicFilter, RejectsMixedPlus) {
  for (const std::string_view filter : {"sport+", "+a", "a/b+/c", "a/++", "+#"}) {
    const absl::Status status = ValidateTopicFilter(filter);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << filter;
    EXPECT_FALSE(HintOf(status).empty()) << filter;
  }
  EXPECT_EQ(ValidateTopicFilter("a/b+/c").message(),
            "'+' must be a whole level, but level `b+` of topic filter `a/b+/c` mixes it with "
            "other text");
}

TEST(ValidateTopicFilter, RejectsEmptyNulUtf8AndLength) {
  EXPECT_EQ(ValidateTopicFilter("").message(), "topic filter is empty");
  EXPECT_EQ(ValidateTopicFilter("a/\0"s).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateTopicFilter("a/\xC0\x80").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateTopicFilter("\xED\xA0\x80/#").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateTopicFilter(std::string(kMaxTopicBytes - 2, 'a') + "/#").ok());
  EXPECT_EQ(ValidateTopicFilter(std::string(kMaxTopicBytes - 1, 'a') + "/#").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(StripSharePrefix, RemovesOnePrefix) {
  EXPECT_EQ(StripSharePrefix("$share/group/a/b").value(), "a/b");
  EXPECT_EQ(StripSharePrefix("$share/group/#").value(), "#");
  EXPECT_EQ(StripSharePrefix("$share/g/$share/h/x").value(), "$share/h/x");
  EXPECT_EQ(StripSharePrefix("$share/g//x").value(), "/x");
}

TEST(StripSharePrefix, OtherFiltersUnchanged) {
  EXPECT_EQ(StripSharePrefix("a/b").value(), "a/b");
  EXPECT_EQ(StripSharePrefix("$share").value(), "$share");
  EXPECT_EQ(StripSharePrefix("$shared/g/x").value(), "$shared/g/x");
  EXPECT_EQ(StripSharePrefix("$SHARE/g/x").value(), "$SHARE/g/x");
  EXPECT_EQ(StripSharePrefix("x/$share/g/y").value(), "x/$share/g/y");
}

TEST(StripSharePrefix, ReturnsViewIntoInput) {
  const std::string filter = "$share/g/a/b";
  absl::StatusOr<std::string_view> stripped = StripSharePrefix(filter);
  ASSERT_TRUE(stripped.ok()) << stripped.status();
  EXPECT_EQ(stripped->data(), filter.data() + 9);
}

TEST(StripSharePrefix, RejectsBadGroup) {
  for (const std::string_view filter : {"$share/", "$share//a", "$share/g", "$share/g/",
                                        "$share/+/a", "$share/#/a", "$share/g+/a", "$share/a#/b"}) {
    const absl::StatusOr<std::string_view> stripped = StripSharePrefix(filter);
    EXPECT_EQ(stripped.status().code(), absl::StatusCode::kInvalidArgument) << filter;
    EXPECT_FALSE(HintOf(stripped.status()).empty()) << filter;
  }
}

TEST(ParsePolicyTopicFilter, Levels) {
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter("clients/{principal.clientId}/+/#");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_EQ(filter->levels.size(), 4u);
  EXPECT_EQ(filter->levels[0], (FilterLevel{.kind = LevelKind::kLiteral, .text = "clients"}));
  EXPECT_EQ(filter->levels[1],
            (FilterLevel{.kind = LevelKind::kToken, .token_kind = TokenKind::kClientId}));
  EXPECT_EQ(filter->levels[2], (FilterLevel{.kind = LevelKind::kSingleLevelWildcard}));
  EXPECT_EQ(filter->levels[3], (FilterLevel{.kind = LevelKind::kMultiLevelWildcard}));
  EXPECT_TRUE(filter->HasTokens());
}

TEST(ParsePolicyTopicFilter, EmptyLevelsKept) {
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter("/a//");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_EQ(filter->levels.size(), 4u);
  EXPECT_EQ(filter->levels[0].text, "");
  EXPECT_EQ(filter->levels[1].text, "a");
  EXPECT_EQ(filter->levels[2].text, "");
  EXPECT_EQ(filter->levels[3].text, "");
  EXPECT_FALSE(filter->HasTokens());
}

TEST(ParsePolicyTopicFilter, OtherBracesAreLiteral) {
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter("{user1}/{Principal.clientId}");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_EQ(filter->levels.size(), 2u);
  EXPECT_EQ(filter->levels[0], (FilterLevel{.kind = LevelKind::kLiteral, .text = "{user1}"}));
  EXPECT_EQ(filter->levels[1],
            (FilterLevel{.kind = LevelKind::kLiteral, .text = "{Principal.clientId}"}));
}

TEST(ParsePolicyTopicFilter, AttributeNameWithSlashIsOneLevel) {
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter("a/{principal.attributes.x/y}/b");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_EQ(filter->levels.size(), 3u);
  EXPECT_EQ(
      filter->levels[1],
      (FilterLevel{.kind = LevelKind::kToken, .token_kind = TokenKind::kAttribute, .text = "x/y"}));
  EXPECT_EQ(filter->levels[1].token(), (Token{TokenKind::kAttribute, "x/y"}));
}

TEST(ParsePolicyTopicFilter, TokenMixedWithText) {
  const absl::Status status = ParsePolicyTopicFilter("client-{principal.clientId}/#").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "token {principal.clientId} must be the whole topic level, but level "
            "`client-{principal.clientId}` mixes it with other text");
  EXPECT_EQ(HintOf(status), "use a level of its own, such as clients/{principal.clientId}/#");
}

TEST(ParsePolicyTopicFilter, TwoTokensInOneLevel) {
  const absl::Status status =
      ParsePolicyTopicFilter("a/{principal.clientId}{principal.username}").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("must be the whole topic level"), std::string_view::npos);
}

TEST(ParsePolicyTopicFilter, TokenThenWildcardText) {
  const absl::Status status = ParsePolicyTopicFilter("a/{principal.clientId}#").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("must be the whole topic level"), std::string_view::npos);
}

TEST(ParsePolicyTopicFilter, TokenErrors) {
  EXPECT_EQ(ParsePolicyTopicFilter("a/{principal.foo}").status().message(),
            "unknown token {principal.foo}");
  EXPECT_EQ(ParsePolicyTopicFilter("a/{principal.attributes.}").status().message(),
            "token {principal.attributes.} has an empty attribute name");
  EXPECT_NE(
      ParsePolicyTopicFilter("a/{principal.clientId/b").status().message().find("unclosed token"),
      std::string_view::npos);
  EXPECT_FALSE(HintOf(ParsePolicyTopicFilter("a/{principal.clientid}").status()).empty());
}

TEST(ParsePolicyTopicFilter, WildcardRules) {
  EXPECT_EQ(ParsePolicyTopicFilter("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePolicyTopicFilter("a/#/b").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePolicyTopicFilter("a/#/{principal.clientId}").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePolicyTopicFilter("a+").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePolicyTopicFilter("a#").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePolicyTopicFilter("a/\0"s).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePolicyTopicFilter("\xFF").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParsePolicyTopicFilter, PlusInsideTokenNameIsAllowed) {
  // The attribute name is not MQTT text, so '+' and '#' in it are not wildcards.
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter("a/{principal.attributes.x+#}");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_EQ(filter->levels.size(), 2u);
  EXPECT_EQ(filter->levels[1].kind, LevelKind::kToken);
  EXPECT_EQ(filter->levels[1].token().attribute, "x+#");
}

TEST(FilterLevel, FitsInFortyBytes) {
  // A rule of the realistic benchmark workload has about 11 filter levels, so their size
  // weighs on the memory per rule.
  EXPECT_LE(sizeof(FilterLevel), 40u);
}

TEST(ParsePolicyTopicFilter, MixedLevelsParseAndMatch) {
  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(
      "site/{principal.attributes.building}/+/{principal.clientId}/{principal.username}/data/#");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_EQ(filter->levels.size(), 7u);
  EXPECT_EQ(filter->levels[0], (FilterLevel{.kind = LevelKind::kLiteral, .text = "site"}));
  EXPECT_EQ(filter->levels[1], (FilterLevel{.kind = LevelKind::kToken,
                                            .token_kind = TokenKind::kAttribute,
                                            .text = "building"}));
  EXPECT_EQ(filter->levels[2], (FilterLevel{.kind = LevelKind::kSingleLevelWildcard}));
  EXPECT_EQ(filter->levels[3],
            (FilterLevel{.kind = LevelKind::kToken, .token_kind = TokenKind::kClientId}));
  EXPECT_EQ(filter->levels[4],
            (FilterLevel{.kind = LevelKind::kToken, .token_kind = TokenKind::kUsername}));
  EXPECT_EQ(filter->levels[5], (FilterLevel{.kind = LevelKind::kLiteral, .text = "data"}));
  EXPECT_EQ(filter->levels[6], (FilterLevel{.kind = LevelKind::kMultiLevelWildcard}));
  EXPECT_EQ(filter->levels[1].token(), (Token{TokenKind::kAttribute, "building"}));
  EXPECT_EQ(filter->levels[3].token(), (Token{TokenKind::kClientId, ""}));
  EXPECT_EQ(filter->levels[4].token(), (Token{TokenKind::kUsername, ""}));

  Client client = ClientWithId("dev1");
  client.username = "alice";
  client.attributes["building"] = "b7";
  EXPECT_TRUE(FilterMatchesTopic(*filter, client, "site/b7/floor2/dev1/alice/data"));
  EXPECT_TRUE(FilterMatchesTopic(*filter, client, "site/b7/floor2/dev1/alice/data/temp/now"));
  EXPECT_TRUE(FilterMatchesTopic(*filter, client, "site/b7//dev1/alice/data/x"));
  EXPECT_FALSE(FilterMatchesTopic(*filter, client, "site/b8/floor2/dev1/alice/data"));
  EXPECT_FALSE(FilterMatchesTopic(*filter, client, "site/b7/floor2/dev2/alice/data"));
  EXPECT_FALSE(FilterMatchesTopic(*filter, client, "site/b7/floor2/dev1/bob/data"));
  EXPECT_FALSE(FilterMatchesTopic(*filter, client, "site/b7/floor2/dev1/alice/other"));
  EXPECT_FALSE(FilterMatchesTopic(*filter, client, "site/b7/dev1/alice/data"));
  // A token level matches the client's value, never the token's own name.
  EXPECT_FALSE(FilterMatchesTopic(*filter, client, "site/building/floor2/dev1/alice/data"));

  Client without_building = client;
  without_building.attributes.clear();
  EXPECT_FALSE(FilterMatchesTopic(*filter, without_building, "site/b7/floor2/dev1/alice/data"));
  Client without_username = client;
  without_username.username.reset();
  EXPECT_FALSE(FilterMatchesTopic(*filter, without_username, "site/b7/floor2/dev1/alice/data"));
}

}  // namespace
}  // namespace mqauthz
