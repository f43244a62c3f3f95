#include "core/glob.h"

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Parses `pattern` and matches it against `subject`. A parse failure fails the test and
// returns false.
bool Matches(std::string_view pattern, std::string_view subject,
             const Client& client = ClientWithId("dev1")) {
  absl::StatusOr<Glob> glob = ParseGlob(pattern);
  EXPECT_TRUE(glob.ok()) << absl::CHexEscape(std::string(pattern)) << ": " << glob.status();
  if (!glob.ok()) return false;
  return GlobMatches(*glob, client, subject);
}

TEST(GlobMatches, Literal) {
  EXPECT_TRUE(Matches("abc", "abc"));
  EXPECT_FALSE(Matches("abc", "abd"));
  EXPECT_FALSE(Matches("abc", "ab"));
  EXPECT_FALSE(Matches("abc", "abcd"));
  EXPECT_FALSE(Matches("abc", "ABC"));
  EXPECT_TRUE(Matches("", ""));
  EXPECT_FALSE(Matches("", "a"));
}

TEST(GlobMatches, Star) {
  EXPECT_TRUE(Matches("*", ""));
  EXPECT_TRUE(Matches("*", "a"));
  EXPECT_TRUE(Matches("*", "any/thing:at all"));
  EXPECT_TRUE(Matches("**", ""));
  EXPECT_TRUE(Matches("a*", "a"));
  EXPECT_TRUE(Matches("a*", "abc"));
  EXPECT_FALSE(Matches("a*", "ba"));
  EXPECT_TRUE(Matches("*a", "ba"));
  EXPECT_FALSE(Matches("*a", "ab"));
  EXPECT_TRUE(Matches("a*b*c", "abc"));
  EXPECT_TRUE(Matches("a*b*c", "a-b-b-c"));
  EXPECT_FALSE(Matches("a*b*c", "a-c-b"));
  EXPECT_TRUE(Matches("a**b", "ab"));
  EXPECT_TRUE(Matches("*:cart", "{user1}:cart"));
}

TEST(GlobMatches, SlashIsOrdinary) {
  EXPECT_TRUE(Matches("a*", "a/b/c"));
  EXPECT_TRUE(Matches("a?c", "a/c"));
  EXPECT_TRUE(Matches("a/*/c", "a/x/y/c"));
}

TEST(GlobMatches, QuestionMarkIsOneByte) {
  EXPECT_TRUE(Matches("?", "a"));
  EXPECT_FALSE(Matches("?", ""));
  EXPECT_FALSE(Matches("?", "ab"));
  // U+00E9 is two bytes in UTF-8.
  EXPECT_FALSE(Matches("caf?", "caf\xC3\xA9"));
  EXPECT_TRUE(Matches("caf??", "caf\xC3\xA9"));
  EXPECT_TRUE(Matches("caf*", "caf\xC3\xA9"));
  EXPECT_TRUE(Matches("?", "\xFF"));
  EXPECT_TRUE(Matches("?", "\0"s));
}

TEST(GlobMatches, ClassOfBytes) {
  EXPECT_TRUE(Matches("[abc]", "a"));
  EXPECT_TRUE(Matches("[abc]", "c"));
  EXPECT_FALSE(Matches("[abc]", "d"));
  EXPECT_FALSE(Matches("[abc]", ""));
  EXPECT_FALSE(Matches("[abc]", "ab"));
  EXPECT_FALSE(Matches("[abc]", "A"));
  EXPECT_TRUE(Matches("x[ab]y", "xby"));
}

TEST(GlobMatches, Range) {
  EXPECT_TRUE(Matches("[a-c]", "a"));
  EXPECT_TRUE(Matches("[a-c]", "b"));
  EXPECT_TRUE(Matches("[a-c]", "c"));
  EXPECT_FALSE(Matches("[a-c]", "d"));
  EXPECT_FALSE(Matches("[a-c]", "-"));
  EXPECT_TRUE(Matches("[0-9a-f]", "7"));
  EXPECT_TRUE(Matches("[0-9a-f]", "e"));
  EXPECT_FALSE(Matches("[0-9a-f]", "g"));
}

TEST(GlobMatches, ReversedRange) {
  EXPECT_TRUE(Matches("[c-a]", "a"));
  EXPECT_TRUE(Matches("[c-a]", "b"));
  EXPECT_TRUE(Matches("[c-a]", "c"));
  EXPECT_FALSE(Matches("[c-a]", "d"));
  EXPECT_FALSE(Matches("[c-a]", "-"));
}

TEST(GlobMatches, DashRanges) {
  // "[+--]" is the range from '+' (0x2B) to '-' (0x2D).
  EXPECT_TRUE(Matches("[+--]", "+"));
  EXPECT_TRUE(Matches("[+--]", ","));
  EXPECT_TRUE(Matches("[+--]", "-"));
  EXPECT_FALSE(Matches("[+--]", "*"));
  EXPECT_FALSE(Matches("[+--]", "."));
  // "[--a]" is the range from '-' to 'a'.
  EXPECT_TRUE(Matches("[--a]", "-"));
  EXPECT_TRUE(Matches("[--a]", "0"));
  EXPECT_TRUE(Matches("[--a]", "a"));
  EXPECT_FALSE(Matches("[--a]", "b"));
}

TEST(GlobMatches, LiteralDash) {
  EXPECT_TRUE(Matches("[-]", "-"));
  EXPECT_FALSE(Matches("[-]", "a"));
  EXPECT_TRUE(Matches("[-a]", "-"));
  EXPECT_TRUE(Matches("[-a]", "a"));
  EXPECT_FALSE(Matches("[-a]", "b"));
  // After the range a-b, the next '-' is followed by 'c', not by a range end.
  EXPECT_TRUE(Matches("[a-b-c]", "-"));
  EXPECT_TRUE(Matches("[a-b-c]", "c"));
  EXPECT_TRUE(Matches("[a-b-c]", "b"));
  EXPECT_FALSE(Matches("[a-b-c]", "d"));
}

TEST(GlobMatches, NegatedClass) {
  EXPECT_TRUE(Matches("[^a]", "b"));
  EXPECT_FALSE(Matches("[^a]", "a"));
  EXPECT_FALSE(Matches("[^a]", ""));
  EXPECT_FALSE(Matches("[^a]", "bc"));
  EXPECT_TRUE(Matches("[^a-c]", "d"));
  EXPECT_FALSE(Matches("[^a-c]", "b"));
  EXPECT_TRUE(Matches("[^^]", "a"));
  EXPECT_FALSE(Matches("[^^]", "^"));
  // '^' other than first is literal.
  EXPECT_TRUE(Matches("[a^]", "^"));
  EXPECT_FALSE(Matches("[a^]", "b"));
}

TEST(GlobMatches, BangIsNotNegation) {
  EXPECT_TRUE(Matches("[!a]", "!"));
  EXPECT_TRUE(Matches("[!a]", "a"));
  EXPECT_FALSE(Matches("[!a]", "b"));
}

TEST(GlobMatches, EscapesOutsideClass) {
  EXPECT_TRUE(Matches("\\*", "*"));
  EXPECT_FALSE(Matches("\\*", "a"));
  EXPECT_FALSE(Matches("\\*", ""));
  EXPECT_TRUE(Matches("\\?", "?"));
  EXPECT_FALSE(Matches("\\?", "a"));
  EXPECT_TRUE(Matches("\\[a]", "[a]"));
  EXPECT_FALSE(Matches("\\[a]", "a"));
  EXPECT_TRUE(Matches("\\a", "a"));
  EXPECT_TRUE(Matches("\\\\", "\\"));
  EXPECT_TRUE(Matches("a\\*b*", "a*bxyz"));
  EXPECT_FALSE(Matches("a\\*b*", "axbxyz"));
}

TEST(GlobMatches, EscapesInsideClass) {
  EXPECT_TRUE(Matches("[\\]]", "]"));
  EXPECT_FALSE(Matches("[\\]]", "\\"));
  EXPECT_TRUE(Matches("[\\^a]", "^"));
  EXPECT_TRUE(Matches("[\\\\]", "\\"));
  // An escaped '-' is a literal byte.
  EXPECT_TRUE(Matches("[a\\-z]", "-"));
  EXPECT_TRUE(Matches("[a\\-z]", "z"));
  EXPECT_FALSE(Matches("[a\\-z]", "m"));
  // Redis checks for an escape before a range, so "[\\a-c]" is 'a', '-' and 'c'.
  EXPECT_TRUE(Matches("[\\a-c]", "a"));
  EXPECT_TRUE(Matches("[\\a-c]", "-"));
  EXPECT_TRUE(Matches("[\\a-c]", "c"));
  EXPECT_FALSE(Matches("[\\a-c]", "b"));
}

TEST(GlobMatches, BackslashAsRangeEnd) {
  // Redis reads the end of a range without escapes: "[a-\\]" is the range from '\\' (0x5C)
  // to 'a' (0x61), and the ']' closes the class.
  EXPECT_TRUE(Matches("[a-\\]", "\\"));
  EXPECT_TRUE(Matches("[a-\\]", "]"));
  EXPECT_TRUE(Matches("[a-\\]", "_"));
  EXPECT_TRUE(Matches("[a-\\]", "a"));
  EXPECT_FALSE(Matches("[a-\\]", "b"));
  EXPECT_FALSE(Matches("[a-\\]", "["));
}

TEST(GlobMatches, BracketInsideClassIsLiteral) {
  EXPECT_TRUE(Matches("[[]", "["));
  EXPECT_TRUE(Matches("[a[]", "a"));
  EXPECT_FALSE(Matches("[[]", "]"));
}

TEST(GlobMatches, HighBytesCompareUnsigned) {
  EXPECT_TRUE(Matches("[\x80-\xFF]", "\x80"));
  EXPECT_TRUE(Matches("[\x80-\xFF]", "\xC3"));
  EXPECT_TRUE(Matches("[\x80-\xFF]", "\xFF"));
  EXPECT_FALSE(Matches("[\x80-\xFF]", "\x7F"));
  EXPECT_FALSE(Matches("[\x80-\xFF]", "a"));
  EXPECT_FALSE(Matches("[\x80-\xFF]", "\0"s));
  EXPECT_TRUE(Matches("[\xFF-\x80]", "\x90"));
  EXPECT_FALSE(Matches("[\xFF-\x80]", "a"));
  EXPECT_TRUE(Matches("[a-\xFF]", "z"));
  EXPECT_TRUE(Matches("[a-\xFF]", "\xFE"));
  EXPECT_FALSE(Matches("[a-\xFF]", "A"));
  EXPECT_TRUE(Matches("[^\x80-\xFF]", "a"));
  EXPECT_FALSE(Matches("[^\x80-\xFF]", "\x90"));
  EXPECT_TRUE(Matches("\xFF", "\xFF"));
  EXPECT_FALSE(Matches("\xFF", "\xFE"));
}

TEST(GlobMatches, ClassOfMultiByteCharacterIsBytes) {
  // "[\xC3\xA9]" is the class of the two bytes of U+00E9, not of the character.
  EXPECT_TRUE(Matches("[\xC3\xA9]", "\xC3"));
  EXPECT_TRUE(Matches("[\xC3\xA9]", "\xA9"));
  EXPECT_FALSE(Matches("[\xC3\xA9]", "\xC3\xA9"));
  EXPECT_TRUE(Matches("[\xC3\xA9][\xC3\xA9]", "\xC3\xA9"));
}

TEST(GlobMatches, NulBytes) {
  EXPECT_TRUE(Matches("a\0b"s, "a\0b"s));
  EXPECT_FALSE(Matches("a\0b"s, "a"));
  EXPECT_FALSE(Matches("a\0b"s, "a\0c"s));
  EXPECT_TRUE(Matches("[\0]"s, "\0"s));
  EXPECT_FALSE(Matches("[\0]"s, "0"));
  EXPECT_TRUE(Matches("[^\0]"s, "0"));
  EXPECT_FALSE(Matches("[^\0]"s, "\0"s));
  EXPECT_TRUE(Matches("*", "a\0b"s));
  EXPECT_TRUE(Matches("a*b", "a\0\0b"s));
}

TEST(GlobMatches, OtherBracesAreLiteral) {
  EXPECT_TRUE(Matches("{user1}:*", "{user1}:cart"));
  EXPECT_FALSE(Matches("{user1}:*", "user1:cart"));
  EXPECT_TRUE(Matches("{Principal.clientId}", "{Principal.clientId}"));
}

TEST(GlobMatches, ClientIdToken) {
  EXPECT_TRUE(Matches("{principal.clientId}*", "dev1"));
  EXPECT_TRUE(Matches("{principal.clientId}*", "dev1-x"));
  EXPECT_FALSE(Matches("{principal.clientId}*", "dev2-x"));
  EXPECT_FALSE(Matches("{principal.clientId}*", "dev"));
  EXPECT_TRUE(Matches("keys/{principal.clientId}/?", "keys/dev1/a"));
  EXPECT_FALSE(Matches("keys/{principal.clientId}/?", "keys/dev1/ab"));
}

TEST(GlobMatches, AttributeTokenPrefix) {
  // The product's example: under "{principal.attributes.building}*", a client whose building
  // is building22 may use building22-x but not building23-x.
  Client client = ClientWithId("building22-x");
  client.attributes["building"] = "building22";
  EXPECT_TRUE(Matches("{principal.attributes.building}*", "building22-x", client));
  EXPECT_FALSE(Matches("{principal.attributes.building}*", "building23-x", client));
}

// A client id with glob syntax matches only itself as literal text.
TEST(GlobMatches, TokenValueIsLiteral) {
  EXPECT_TRUE(Matches("{principal.clientId}", "*", ClientWithId("*")));
  EXPECT_FALSE(Matches("{principal.clientId}", "x", ClientWithId("*")));
  EXPECT_FALSE(Matches("{principal.clientId}", "", ClientWithId("*")));
  EXPECT_TRUE(Matches("{principal.clientId}", "?", ClientWithId("?")));
  EXPECT_FALSE(Matches("{principal.clientId}", "x", ClientWithId("?")));
  EXPECT_TRUE(Matches("{principal.clientId}", "[x]", ClientWithId("[x]")));
  EXPECT_FALSE(Matches("{principal.clientId}", "x", ClientWithId("[x]")));
  EXPECT_TRUE(Matches("{principal.clientId}x", "\\x", ClientWithId("\\")));
  EXPECT_FALSE(Matches("{principal.clientId}x", "x", ClientWithId("\\")));
  EXPECT_TRUE(Matches("a/{principal.clientId}", "a/#", ClientWithId("#")));
  EXPECT_FALSE(Matches("a/{principal.clientId}", "a/b", ClientWithId("#")));
}

TEST(GlobMatches, TokenValueLookingLikeTokenIsLiteral) {
  Client client = ClientWithId("{principal.username}");
  client.username = "alice";
  EXPECT_TRUE(Matches("{principal.clientId}", "{principal.username}", client));
  EXPECT_FALSE(Matches("{principal.clientId}", "alice", client));
}

TEST(GlobMatches, MissingTokenValueMatchesNothing) {
  EXPECT_FALSE(Matches("{principal.clientId}*", "", ClientWithId("")));
  EXPECT_FALSE(Matches("{principal.clientId}*", "x", ClientWithId("")));
  Client client = ClientWithId("dev1");
  EXPECT_FALSE(Matches("*{principal.username}*", "", client));
  EXPECT_FALSE(Matches("*{principal.username}*", "alice", client));
  client.username = "";
  EXPECT_FALSE(Matches("*{principal.username}*", "", client));
  EXPECT_FALSE(Matches("*{principal.attributes.site}", "x", client));
  client.username = "alice";
  EXPECT_TRUE(Matches("*{principal.username}*", "xalicex", client));
}

TEST(GlobMatches, EscapedBraceStartsNoToken) {
  absl::StatusOr<Glob> glob = ParseGlob("\\{principal.clientId}");
  ASSERT_TRUE(glob.ok()) << glob.status();
  EXPECT_FALSE(glob->HasTokens());
  EXPECT_TRUE(GlobMatches(*glob, ClientWithId("dev1"), "{principal.clientId}"));
  EXPECT_FALSE(GlobMatches(*glob, ClientWithId("dev1"), "dev1"));
}

TEST(GlobMatches, EscapedBraceInsideClass) {
  // The escaped brace is a literal byte, so the class contains '{' and the bytes of
  // "principal.clientId}" and no token.
  absl::StatusOr<Glob> glob = ParseGlob("[\\{principal.clientId}]");
  ASSERT_TRUE(glob.ok()) << glob.status();
  EXPECT_FALSE(glob->HasTokens());
  EXPECT_TRUE(GlobMatches(*glob, Client{}, "{"));
  EXPECT_TRUE(GlobMatches(*glob, Client{}, "}"));
  EXPECT_FALSE(GlobMatches(*glob, Client{}, "z"));
}

TEST(GlobMatches, PathologicalPatternIsQuick) {
  // A backtracking matcher takes exponential time here (Redis's CVE-2022-36021).
  const std::string pattern = "*a*a*a*a*a*a*a*a*b";
  const std::string key(10000, 'a');
  EXPECT_FALSE(Matches(pattern, key));
  EXPECT_TRUE(Matches(pattern, key + "b"));
  // Redis gives up past 1,000 nested '*'. This matcher has no such cut-off.
  EXPECT_FALSE(Matches(std::string(2000, '*') + "b", key));
  EXPECT_TRUE(Matches(std::string(2000, '*') + "b", key + "b"));
}

TEST(ParseGlob, Elements) {
  absl::StatusOr<Glob> glob = ParseGlob("a*?[b]\\c{principal.clientId}");
  ASSERT_TRUE(glob.ok()) << glob.status();
  ASSERT_EQ(glob->elements.size(), 6u);
  EXPECT_EQ(glob->elements[0].kind, GlobElement::Kind::kByte);
  EXPECT_EQ(glob->elements[0].byte, 'a');
  EXPECT_EQ(glob->elements[1].kind, GlobElement::Kind::kAnyRun);
  EXPECT_EQ(glob->elements[2].kind, GlobElement::Kind::kAnyByte);
  EXPECT_EQ(glob->elements[3].kind, GlobElement::Kind::kClass);
  EXPECT_EQ(glob->ClassBytes(glob->elements[3]).count(), 1u);
  EXPECT_TRUE(glob->ClassBytes(glob->elements[3]).test('b'));
  EXPECT_EQ(glob->elements[4].kind, GlobElement::Kind::kByte);
  EXPECT_EQ(glob->elements[4].byte, 'c');
  EXPECT_EQ(glob->elements[5].kind, GlobElement::Kind::kToken);
  EXPECT_EQ(glob->TokenOf(glob->elements[5]), (Token{TokenKind::kClientId, ""}));
  EXPECT_TRUE(glob->HasTokens());
}

TEST(ParseGlob, NegatedClassBytes) {
  absl::StatusOr<Glob> glob = ParseGlob("[^a-c]");
  ASSERT_TRUE(glob.ok()) << glob.status();
  ASSERT_EQ(glob->elements.size(), 1u);
  EXPECT_EQ(glob->ClassBytes(glob->elements[0]).count(), 253u);
  EXPECT_FALSE(glob->ClassBytes(glob->elements[0]).test('b'));
}

TEST(ParseGlob, ElementIsEightBytes) { EXPECT_EQ(sizeof(GlobElement), 8u); }

// Plain bytes, '?' and '*' are elements alone. Classes and tokens are elements that index
// the glob's side tables, which list them in the order they appear.
TEST(ParseGlob, SideTables) {
  absl::StatusOr<Glob> glob =
      ParseGlob("a?*[b-d][^x]{principal.username}/[\\]]{principal.attributes.room}");
  ASSERT_TRUE(glob.ok()) << glob.status();
  using Kind = GlobElement::Kind;
  const std::vector<GlobElement> expected_elements = {
      {Kind::kByte, 'a', 0}, {Kind::kAnyByte, 0, 0}, {Kind::kAnyRun, 0, 0},
      {Kind::kClass, 0, 0},  {Kind::kClass, 0, 1},   {Kind::kToken, 0, 0},
      {Kind::kByte, '/', 0}, {Kind::kClass, 0, 2},   {Kind::kToken, 0, 1},
  };
  EXPECT_EQ(glob->elements, expected_elements);

  ASSERT_EQ(glob->classes.size(), 3u);
  std::bitset<256> b_to_d;
  for (const unsigned char byte : {'b', 'c', 'd'}) b_to_d.set(byte);
  EXPECT_EQ(glob->classes[0], b_to_d);
  EXPECT_EQ(glob->classes[1], ~std::bitset<256>().set('x'));
  EXPECT_EQ(glob->classes[2], std::bitset<256>().set(']'));
  const std::vector<Token> expected_tokens = {{TokenKind::kUsername, ""},
                                              {TokenKind::kAttribute, "room"}};
  EXPECT_EQ(glob->tokens, expected_tokens);
  EXPECT_TRUE(glob->HasTokens());

  // A copy is equal, and matches through its own tables.
  const Glob copy = *glob;
  EXPECT_EQ(copy, *glob);
  Client client;
  client.username = "u1";
  client.attributes["room"] = "r9";
  EXPECT_TRUE(GlobMatches(copy, client, "aZcyu1/]r9"));
  EXPECT_TRUE(GlobMatches(copy, client, "aZ-run-byu1/]r9"));
  EXPECT_FALSE(GlobMatches(copy, client, "aZeyu1/]r9"));   // 'e' is not in [b-d]
  EXPECT_FALSE(GlobMatches(copy, client, "aZcxu1/]r9"));   // 'x' is not in [^x]
  EXPECT_FALSE(GlobMatches(copy, client, "aZcyu2/]r9"));   // not the username
  EXPECT_FALSE(GlobMatches(copy, client, "aZcyu1/[r9"));   // '[' is not in [\]]
  EXPECT_FALSE(GlobMatches(copy, client, "aZcyu1/]r10"));  // not the attribute
  EXPECT_FALSE(GlobMatches(copy, client, "acyu1/]r9"));    // '?' needs its own byte
}

TEST(ParseGlob, NoTokens) {
  absl::StatusOr<Glob> glob = ParseGlob("{user1}:*");
  ASSERT_TRUE(glob.ok()) << glob.status();
  EXPECT_FALSE(glob->HasTokens());
}

// Checks that `pattern` is rejected with a message containing `message_part` and a hint.
void ExpectRejected(std::string_view pattern, const char* message_part) {
  const absl::Status status = ParseGlob(pattern).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
      << absl::CHexEscape(std::string(pattern));
  EXPECT_NE(status.message().find(message_part), std::string_view::npos)
      << absl::CHexEscape(std::string(pattern)) << ": " << status.message();
  EXPECT_FALSE(HintOf(status).empty()) << absl::CHexEscape(std::string(pattern));
}

TEST(ParseGlob, RejectsUnterminatedClass) {
  ExpectRejected("[", "unterminated character class");
  ExpectRejected("a[", "unterminated character class");
  ExpectRejected("[abc", "unterminated character class");
  ExpectRejected("[^", "unterminated character class");
  ExpectRejected("[^a", "unterminated character class");
  ExpectRejected("[a-", "unterminated character class");
  ExpectRejected("[a-b", "unterminated character class");
  // The escape takes the ']', so nothing closes the class.
  ExpectRejected("[\\]", "unterminated character class");
  ExpectRejected("[a\\", "unterminated character class");
}

TEST(ParseGlob, UnterminatedClassMessage) {
  const absl::Status status = ParseGlob("ab[cd").status();
  EXPECT_EQ(status.message(),
            "unterminated character class in pattern `ab[cd`: the '[' at byte 2 has no closing "
            "']'");
  EXPECT_EQ(HintOf(status), "close the class with ']', or write `\\[` to match a literal '['");
}

TEST(ParseGlob, RejectsEmptyClass) {
  ExpectRejected("[]", "empty character class");
  ExpectRejected("[]a]", "empty character class");
  ExpectRejected("x[]", "empty character class");
  ExpectRejected("[^]", "empty negated class");
  ExpectRejected("[^]a]", "empty negated class");
}

TEST(ParseGlob, RejectsRangeWithoutEnd) {
  ExpectRejected("[a-]", "has no end");
  ExpectRejected("[a-]b]", "has no end");
  ExpectRejected("[--]", "has no end");
  ExpectRejected("[[-]", "has no end");
  ExpectRejected("[xa-]", "has no end");
}

TEST(ParseGlob, RejectsLoneTrailingBackslash) {
  ExpectRejected("\\", "ends with a lone '\\'");
  ExpectRejected("abc\\", "ends with a lone '\\'");
  ExpectRejected("\\\\\\", "ends with a lone '\\'");
}

TEST(ParseGlob, RejectsTokenInClass) {
  ExpectRejected("[{principal.clientId}]", "inside a character class");
  ExpectRejected("[a{principal.clientId}]", "inside a character class");
  ExpectRejected("[a-{principal.clientId}]", "inside a character class");
}

TEST(ParseGlob, RejectsTokenErrors) {
  ExpectRejected("{principal.foo}*", "unknown token {principal.foo}");
  ExpectRejected("*{principal.clientId", "unclosed token");
  ExpectRejected("{principal.attributes.}", "empty attribute name");
}

TEST(ParseGlob, ControlBytesEscapedInMessage) {
  const absl::Status status = ParseGlob("\x01[").status();
  EXPECT_NE(status.message().find("`\\x01[`"), std::string_view::npos) << status.message();
}

// A second matcher, written independently of core/glob.cc for the property test: memoized
// recursion over the raw pattern text. It follows Redis 7.4 class syntax and applies the
// rejections of ParseGlob. It does not handle tokens.
class OracleGlob {
 public:
  explicit OracleGlob(std::string_view pattern) : pattern_(pattern) {}

  bool Rejected() const {
    std::size_t i = 0;
    while (i < pattern_.size()) {
      if (pattern_[i] == '\\') {
        if (i + 1 == pattern_.size()) return true;
        i += 2;
      } else if (pattern_[i] == '[') {
        const ClassReading reading = ReadClass(i, 0);
        if (!reading.valid) return true;
        i = reading.end;
      } else {
        ++i;
      }
    }
    return false;
  }

  bool Matches(std::string_view subject) {
    subject_ = subject;
    memo_.assign((pattern_.size() + 1) * (subject_.size() + 1), kUnknown);
    return MatchFrom(0, 0);
  }

 private:
  static constexpr std::int8_t kUnknown = -1;

  struct ClassReading {
    bool valid = false;
    bool contains = false;
    std::size_t end = 0;
  };

  unsigned char PatternByte(std::size_t i) const { return static_cast<unsigned char>(pattern_[i]); }

  // Reads the class that opens at `open` and tests whether it contains `byte`.
  ClassReading ReadClass(std::size_t open, unsigned char byte) const {
    const std::size_t size = pattern_.size();
    std::size_t i = open + 1;
    bool negated = false;
    if (i < size && pattern_[i] == '^') {
      negated = true;
      ++i;
    }
    if (i < size && pattern_[i] == ']') return {};
    bool found = false;
    while (i < size) {
      if (pattern_[i] == '\\' && i + 1 < size) {
        found = found || PatternByte(i + 1) == byte;
        i += 2;
      } else if (pattern_[i] == ']') {
        return {true, found != negated, i + 1};
      } else if (i + 2 < size && pattern_[i + 1] == '-') {
        if (pattern_[i + 2] == ']') return {};
        const unsigned char first = PatternByte(i);
        const unsigned char last = PatternByte(i + 2);
        found = found || (first <= byte && byte <= last) || (last <= byte && byte <= first);
        i += 3;
      } else {
        found = found || PatternByte(i) == byte;
        ++i;
      }
    }
    return {};
  }

  bool MatchFrom(std::size_t p, std::size_t s) {
    std::int8_t& memo = memo_[p * (subject_.size() + 1) + s];
    if (memo == kUnknown) memo = Compute(p, s) ? 1 : 0;
    return memo == 1;
  }

  bool Compute(std::size_t p, std::size_t s) {
    if (p == pattern_.size()) return s == subject_.size();
    if (pattern_[p] == '*') {
      return MatchFrom(p + 1, s) || (s < subject_.size() && MatchFrom(p, s + 1));
    }
    if (s == subject_.size()) return false;
    const auto byte = static_cast<unsigned char>(subject_[s]);
    switch (pattern_[p]) {
      case '?':
        return MatchFrom(p + 1, s + 1);
      case '\\':
        return PatternByte(p + 1) == byte && MatchFrom(p + 2, s + 1);
      case '[': {
        const ClassReading reading = ReadClass(p, byte);
        return reading.contains && MatchFrom(reading.end, s + 1);
      }
      default:
        return PatternByte(p) == byte && MatchFrom(p + 1, s + 1);
    }
  }

  std::string_view pattern_;
  std::string_view subject_;
  std::vector<std::int8_t> memo_;
};

std::string RandomText(std::mt19937& rng, std::string_view alphabet, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<std::size_t> index(0, alphabet.size() - 1);
  std::string text(length(rng), ' ');
  for (char& c : text) c = alphabet[index(rng)];
  return text;
}

TEST(GlobMatches, AgreesWithRecursiveMatcher) {
  constexpr std::string_view kPatternBytes = "*?[]^-\\!ab\xE9";
  constexpr std::string_view kSubjectBytes = "ab!-^]\\[*?c\xE9";
  std::mt19937 rng(20240611);
  const Client client;

  int rejected_count = 0;
  int compared_count = 0;
  int match_count = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::string pattern = RandomText(rng, kPatternBytes, 8);
    OracleGlob oracle(pattern);
    const absl::StatusOr<Glob> glob = ParseGlob(pattern);
    ASSERT_EQ(glob.ok(), !oracle.Rejected())
        << "pattern " << absl::CHexEscape(std::string(pattern)) << ": " << glob.status();
    if (!glob.ok()) {
      ++rejected_count;
      continue;
    }
    for (int trial = 0; trial < 5; ++trial) {
      const std::string subject = RandomText(rng, kSubjectBytes, 6);
      const bool expected = oracle.Matches(subject);
      ASSERT_EQ(GlobMatches(*glob, client, subject), expected)
          << "pattern " << absl::CHexEscape(std::string(pattern)) << " subject "
          << absl::CHexEscape(std::string(subject));
      ++compared_count;
      if (expected) ++match_count;
    }
  }
  // Both results and rejected patterns must occur often, or the test would check little.
  EXPECT_GT(rejected_count, 1000);
  EXPECT_GT(compared_count, 20000);
  EXPECT_GT(match_count, 1000);
}

}  // namespace
}  // namespace mqauthz
