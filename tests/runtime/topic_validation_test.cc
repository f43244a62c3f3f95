// The allocation-free validators of runtime/topic_validation.h against core/topic.h's
// ValidateTopicName, ValidateTopicFilter and StripSharePrefix, on every short input over an
// alphabet that has each byte class the rules treat differently.

#include "runtime/topic_validation.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "core/topic.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

// '/', '+', '#', '$', a letter, NUL, and bytes that start or continue UTF-8 sequences,
// including the lead bytes of the overlong, surrogate and out-of-range cases.
constexpr std::string_view kAlphabet("/+#$a\0\x80\xBF\xC2\xE0\xED\xF0\xF4\xA0", 14);

std::vector<std::string> AllStrings(std::size_t max_length) {
  std::vector<std::string> strings = {""};
  std::size_t begin = 0;
  for (std::size_t length = 1; length <= max_length; ++length) {
    const std::size_t end = strings.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (const char c : kAlphabet) strings.push_back(strings[i] + c);
    }
    begin = end;
  }
  return strings;
}

std::string Shown(const std::string& text) { return absl::CHexEscape(text); }

TEST(TopicValidationTest, NamesAgreeWithCore) {
  for (const std::string& name : AllStrings(4)) {
    EXPECT_EQ(IsValidTopicName(name), ValidateTopicName(name).ok()) << Shown(name);
  }
  // Well-formed multi-byte sequences, and the length limit.
  for (const std::string& name :
       {std::string("caf\xC3\xA9"), std::string("\xE2\x82\xAC"), std::string("\xF0\x9F\x98\x80"),
        std::string("\xED\x9F\xBF"), std::string(kMaxTopicBytes, 'a'),
        std::string(kMaxTopicBytes + 1, 'a')}) {
    EXPECT_EQ(IsValidTopicName(name), ValidateTopicName(name).ok()) << Shown(name);
  }
}

TEST(TopicValidationTest, FiltersAgreeWithCore) {
  for (const std::string& filter : AllStrings(4)) {
    EXPECT_EQ(IsValidTopicFilter(filter), ValidateTopicFilter(filter).ok()) << Shown(filter);
  }
  for (const std::string& filter :
       {std::string("a/+/#"), std::string("+/+/+"), std::string("a/#/"), std::string("#/"),
        std::string("a/b#"), std::string(kMaxTopicBytes, '+'),
        std::string(kMaxTopicBytes + 1, 'a')}) {
    EXPECT_EQ(IsValidTopicFilter(filter), ValidateTopicFilter(filter).ok()) << Shown(filter);
  }
}

// The validators read ASCII text eight bytes at a time. These texts put every short string
// at every offset of such a word, with ASCII around it. So each byte class lands in every
// byte of a word and in the bytes after the last whole word.
std::vector<std::string> ShortStringsAtEveryOffset() {
  std::vector<std::string> texts;
  for (const std::string& middle : AllStrings(2)) {
    for (std::size_t before = 0; before <= 17; ++before) {
      for (const std::size_t after : {0, 3, 8, 11}) {
        texts.push_back(std::string(before, 'a') + middle + std::string(after, 'b'));
        texts.push_back(std::string(before, '/') + middle + std::string(after, '/'));
      }
    }
  }
  return texts;
}

TEST(TopicValidationTest, LongNamesAgreeWithCore) {
  for (const std::string& name : ShortStringsAtEveryOffset()) {
    EXPECT_EQ(IsValidTopicName(name), ValidateTopicName(name).ok()) << Shown(name);
  }
}

TEST(TopicValidationTest, LongFiltersAgreeWithCore) {
  for (const std::string& filter : ShortStringsAtEveryOffset()) {
    EXPECT_EQ(IsValidTopicFilter(filter), ValidateTopicFilter(filter).ok()) << Shown(filter);
  }
}

TEST(TopicValidationTest, HashOfValidNameIsTopicHash) {
  std::vector<std::string> names = ShortStringsAtEveryOffset();
  names.push_back("caf\xC3\xA9/with/a/long/non-ASCII/level");
  names.push_back("\xF0\x9F\x98\x80");
  std::size_t valid = 0;
  for (const std::string& name : names) {
    const std::optional<std::uint64_t> hash = HashValidTopicName(name);
    ASSERT_EQ(hash.has_value(), IsValidTopicName(name)) << Shown(name);
    if (!hash.has_value()) continue;
    EXPECT_EQ(*hash, HashTopicName(name)) << Shown(name);
    ++valid;
  }
  EXPECT_GT(valid, 1000u);
}

TEST(TopicValidationTest, HashSeparatesNearNames) {
  // Names that differ in one byte, in length only, or in the bytes that the last,
  // overlapping word reads twice.
  const std::vector<std::string> names = {"a",
                                          "b",
                                          "aa",
                                          "ba",
                                          "baa",
                                          "a/",
                                          "/a",
                                          "abcdefgh",
                                          "abcdefgha",
                                          "abcdefghi",
                                          "abcdefghaa",
                                          "abcdefgh/abcdefgh",
                                          "abcdefgh/abcdefgi"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      EXPECT_NE(HashTopicName(names[i]), HashTopicName(names[j])) << names[i] << " " << names[j];
    }
  }
}

TEST(TopicValidationTest, SharePrefixAgreesWithCore) {
  std::vector<std::string> filters;
  for (const std::string& rest : AllStrings(3)) {
    filters.push_back("$share/" + rest);
    filters.push_back("$share/g/" + rest);
    filters.push_back(rest);
  }
  filters.push_back("$share");
  filters.push_back("$shared/g/x");
  for (const std::string& filter : filters) {
    const absl::StatusOr<std::string_view> core = StripSharePrefix(filter);
    const std::optional<std::string_view> fast = RemoveSharePrefix(filter);
    ASSERT_EQ(fast.has_value(), core.ok()) << Shown(filter);
    if (core.ok()) {
      EXPECT_EQ(*fast, *core) << Shown(filter);
    }
  }
}

}  // namespace
}  // namespace mqauthz
