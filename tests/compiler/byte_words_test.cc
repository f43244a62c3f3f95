// The word-at-a-time helpers of compiler/byte_words.h against plain byte loops, on every
// size up to 40 bytes and every position of a difference or a match.

#include "compiler/byte_words.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

std::string Letters(std::size_t size) {
  std::string text;
  for (std::size_t i = 0; i < size; ++i) text.push_back(static_cast<char>('a' + i % 26));
  return text;
}

TEST(ByteWordsTest, FindByteAtEveryPosition) {
  for (std::size_t size = 0; size <= 40; ++size) {
    const std::string plain = Letters(size);
    EXPECT_EQ(FindByte(plain, 0, '/'), size) << size;
    for (std::size_t slash = 0; slash < size; ++slash) {
      std::string text = plain;
      text[slash] = '/';
      for (std::size_t offset = 0; offset <= size; ++offset) {
        const std::size_t expected = offset <= slash ? slash : size;
        EXPECT_EQ(FindByte(text, offset, '/'), expected) << text << " from " << offset;
      }
    }
  }
}

TEST(ByteWordsTest, FindByteSkipsHighBytes) {
  // Bytes of 0x80 and above must not look like a match.
  const std::string text = "\xff\xaf\x80\xc3\xa9\xe2\x82\xac/x";
  EXPECT_EQ(FindByte(text, 0, '/'), 8u);
}

TEST(ByteWordsTest, EqualBytesFindsEveryDifference) {
  for (std::size_t size = 0; size <= 40; ++size) {
    const std::string a = Letters(size);
    EXPECT_TRUE(EqualBytes(a.data(), a.data(), size)) << size;
    for (std::size_t differ = 0; differ < size; ++differ) {
      std::string b = a;
      b[differ] = '_';
      EXPECT_FALSE(EqualBytes(a.data(), b.data(), size)) << size << " at " << differ;
    }
  }
}

TEST(ByteWordsTest, ShortTailTellsBytesApart) {
  for (std::size_t size = 1; size <= 7; ++size) {
    const std::string a = Letters(size);
    EXPECT_EQ(LoadShortTail(a.data(), size), LoadShortTail(std::string(a).data(), size));
    for (std::size_t differ = 0; differ < size; ++differ) {
      std::string b = a;
      b[differ] = '_';
      EXPECT_NE(LoadShortTail(a.data(), size), LoadShortTail(b.data(), size))
          << size << " at " << differ;
    }
  }
}

}  // namespace
}  // namespace mqauthz
