#include "core/token.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/client.h"
#include "core/policy.h"
#include "core/status_hint.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

using Part = std::variant<std::string, Token>;

Token ClientIdToken() { return Token{TokenKind::kClientId, ""}; }
Token UsernameToken() { return Token{TokenKind::kUsername, ""}; }
Token AttributeToken(std::string name) { return Token{TokenKind::kAttribute, std::move(name)}; }

TEST(StatusHint, CarriesHint) {
  const absl::Status status = InvalidArgumentWithHint("bad filter", "write 'a/#' instead");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "bad filter");
  EXPECT_EQ(HintOf(status), "write 'a/#' instead");
}

TEST(StatusHint, EmptyWithoutHint) {
  EXPECT_EQ(HintOf(absl::OkStatus()), "");
  EXPECT_EQ(HintOf(absl::InvalidArgumentError("no hint here")), "");
}

TEST(PolicyNames, ProductSpellings) {
  EXPECT_STREQ(BrokerMethodName(BrokerMethod::kConnect), "Connect");
  EXPECT_STREQ(BrokerMethodName(BrokerMethod::kPublish), "Publish");
  EXPECT_STREQ(BrokerMethodName(BrokerMethod::kSubscribe), "Subscribe");
  EXPECT_STREQ(StateStoreMethodName(StateStoreMethod::kRead), "Read");
  EXPECT_STREQ(StateStoreMethodName(StateStoreMethod::kWrite), "Write");
  EXPECT_STREQ(StateStoreMethodName(StateStoreMethod::kReadWrite), "ReadWrite");
  EXPECT_STREQ(KeyTypeName(KeyType::kPattern), "Pattern");
  EXPECT_STREQ(KeyTypeName(KeyType::kString), "String");
  EXPECT_STREQ(KeyTypeName(KeyType::kBinary), "Binary");
}

TEST(TokenText, EachKind) {
  EXPECT_EQ(TokenText(ClientIdToken()), "{principal.clientId}");
  EXPECT_EQ(TokenText(UsernameToken()), "{principal.username}");
  EXPECT_EQ(TokenText(AttributeToken("building")), "{principal.attributes.building}");
}

TEST(ParseTokenTemplate, TokenTextRoundTrips) {
  for (const Token& token : {ClientIdToken(), UsernameToken(), AttributeToken("building"),
                             AttributeToken("a/b"), AttributeToken("a{b")}) {
    absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate(TokenText(token));
    ASSERT_TRUE(parsed.ok()) << TokenText(token) << ": " << parsed.status();
    ASSERT_EQ(parsed->parts.size(), 1u) << TokenText(token);
    EXPECT_EQ(parsed->parts[0], Part(token)) << TokenText(token);
  }
}

TEST(ParseTokenTemplate, EmptyText) {
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate("");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->parts.empty());
  EXPECT_FALSE(parsed->HasTokens());
}

TEST(ParseTokenTemplate, PlainTextIsOneLiteral) {
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate("sensors/kitchen");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->parts.size(), 1u);
  EXPECT_EQ(parsed->parts[0], Part(std::string("sensors/kitchen")));
  EXPECT_FALSE(parsed->HasTokens());
}

TEST(ParseTokenTemplate, MixedLiteralsAndTokens) {
  absl::StatusOr<TokenTemplate> parsed =
      ParseTokenTemplate("a{principal.clientId}b{principal.username}{principal.attributes.x}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->parts.size(), 5u);
  EXPECT_EQ(parsed->parts[0], Part(std::string("a")));
  EXPECT_EQ(parsed->parts[1], Part(ClientIdToken()));
  EXPECT_EQ(parsed->parts[2], Part(std::string("b")));
  EXPECT_EQ(parsed->parts[3], Part(UsernameToken()));
  EXPECT_EQ(parsed->parts[4], Part(AttributeToken("x")));
  EXPECT_TRUE(parsed->HasTokens());
}

TEST(ParseTokenTemplate, OtherBracesAreLiteral) {
  // Redis hash tags, other casings and a missing dot are not tokens. The literal text
  // around them stays one merged part.
  for (const std::string_view text : {"{user1}:cart", "{Principal.clientId}", "{principal}",
                                      "{principalclientId}", "{}", "}{", "{{", "{principal"}) {
    absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    ASSERT_EQ(parsed->parts.size(), 1u) << text;
    EXPECT_EQ(parsed->parts[0], Part(std::string(text))) << text;
  }
}

TEST(ParseTokenTemplate, BraceBeforeToken) {
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate("{{principal.clientId}}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->parts.size(), 3u);
  EXPECT_EQ(parsed->parts[0], Part(std::string("{")));
  EXPECT_EQ(parsed->parts[1], Part(ClientIdToken()));
  EXPECT_EQ(parsed->parts[2], Part(std::string("}")));
}

TEST(ParseTokenTemplate, AttributeNameKeepsAnyText) {
  absl::StatusOr<TokenTemplate> parsed =
      ParseTokenTemplate("{principal.attributes.aio-broker-auth/site.name{x}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->parts.size(), 1u);
  EXPECT_EQ(parsed->parts[0], Part(AttributeToken("aio-broker-auth/site.name{x")));
}

TEST(ParseTokenTemplate, UnknownToken) {
  const absl::Status status = ParseTokenTemplate("keys/{principal.foo}").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "unknown token {principal.foo}");
  EXPECT_EQ(HintOf(status),
            "use {principal.clientId}, {principal.username} or {principal.attributes.NAME}");
}

TEST(ParseTokenTemplate, WrongCaseSuggestsSpelling) {
  const absl::Status client_id = ParseTokenTemplate("{principal.ClientId}").status();
  EXPECT_EQ(client_id.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HintOf(client_id), "tokens are case-sensitive: write {principal.clientId}");

  const absl::Status username = ParseTokenTemplate("{principal.userName}").status();
  EXPECT_EQ(username.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HintOf(username), "tokens are case-sensitive: write {principal.username}");

  const absl::Status attribute = ParseTokenTemplate("{principal.Attributes.floor}").status();
  EXPECT_EQ(attribute.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HintOf(attribute), "tokens are case-sensitive: write {principal.attributes.floor}");
}

TEST(ParseTokenTemplate, OtherUnknownForms) {
  for (const std::string_view text :
       {"{principal.}", "{principal.attributes}", "{principal.clientId }", "{principal.clientIds}",
        "{principal.clientId/x}", "{principal.{principal.clientId}"}) {
    const absl::Status status = ParseTokenTemplate(text).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(status.message().find("unknown token"), std::string_view::npos) << text;
    EXPECT_FALSE(HintOf(status).empty()) << text;
  }
}

TEST(ParseTokenTemplate, EmptyAttributeName) {
  const absl::Status status = ParseTokenTemplate("{principal.attributes.}").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "token {principal.attributes.} has an empty attribute name");
  EXPECT_EQ(HintOf(status), "name the attribute, such as {principal.attributes.building}");
}

TEST(ParseTokenTemplate, UnclosedToken) {
  const absl::Status status = ParseTokenTemplate("clients/{principal.clientId/#").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "unclosed token: `{principal.clientId/#` has no closing '}'");
  EXPECT_FALSE(HintOf(status).empty());
}

TEST(ParseTokenTemplate, UnclosedAfterValidToken) {
  const absl::Status status = ParseTokenTemplate("{principal.clientId}{principal.").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("unclosed token"), std::string_view::npos);
}

TEST(ParseTokenTemplate, UnclosedMessageIsShortened) {
  const std::string text = "{principal." + std::string(200, 'x');
  const absl::Status status = ParseTokenTemplate(text).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(status.message().size(), 120u);
  EXPECT_NE(status.message().find("..."), std::string_view::npos);
}

TEST(ResolveToken, ClientId) {
  Client client;
  client.client_id = "dev1";
  EXPECT_EQ(ResolveToken(ClientIdToken(), client), std::optional<std::string_view>("dev1"));
  client.client_id = "";
  EXPECT_EQ(ResolveToken(ClientIdToken(), client), std::nullopt);
}

TEST(ResolveToken, UsernameAbsentOrEmpty) {
  Client client;
  EXPECT_EQ(ResolveToken(UsernameToken(), client), std::nullopt);
  client.username = "";
  EXPECT_EQ(ResolveToken(UsernameToken(), client), std::nullopt);
  client.username = "alice";
  EXPECT_EQ(ResolveToken(UsernameToken(), client), std::optional<std::string_view>("alice"));
}

TEST(ResolveToken, Attribute) {
  Client client;
  client.attributes["building"] = "building22";
  client.attributes["floor"] = "";
  EXPECT_EQ(ResolveToken(AttributeToken("building"), client),
            std::optional<std::string_view>("building22"));
  EXPECT_EQ(ResolveToken(AttributeToken("floor"), client), std::nullopt);
  EXPECT_EQ(ResolveToken(AttributeToken("missing"), client), std::nullopt);
  EXPECT_EQ(ResolveToken(AttributeToken("Building"), client), std::nullopt);
}

TEST(ResolveToken, ViewPointsIntoClient) {
  Client client;
  client.client_id = "dev1";
  const std::optional<std::string_view> value = ResolveToken(ClientIdToken(), client);
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->data(), client.client_id.data());
}

TEST(Substitute, ReplacesEveryToken) {
  absl::StatusOr<TokenTemplate> parsed =
      ParseTokenTemplate("{principal.attributes.site}/{principal.clientId}:{principal.username}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Client client;
  client.client_id = "dev1";
  client.username = "alice";
  client.attributes["site"] = "contoso";
  EXPECT_EQ(Substitute(*parsed, client), std::optional<std::string>("contoso/dev1:alice"));
}

TEST(Substitute, ValueStaysLiteral) {
  // A client id that looks like a token is inserted as text and never substituted again.
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate("id={principal.clientId}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Client client;
  client.client_id = "{principal.username}";
  client.username = "alice";
  EXPECT_EQ(Substitute(*parsed, client), std::optional<std::string>("id={principal.username}"));
}

TEST(Substitute, MissingValueGivesNothing) {
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate("user-{principal.username}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Client client;
  client.client_id = "dev1";
  EXPECT_EQ(Substitute(*parsed, client), std::nullopt);
  client.username = "";
  EXPECT_EQ(Substitute(*parsed, client), std::nullopt);
}

TEST(Substitute, NoTokensNeedsNoClient) {
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate("{user1}:cart");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(Substitute(*parsed, Client{}), std::optional<std::string>("{user1}:cart"));
}

}  // namespace
}  // namespace mqauthz
