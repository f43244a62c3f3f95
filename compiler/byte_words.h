// Reading, comparing and searching short byte strings a machine word at a time, inline.
//
// Topic levels and topics are mostly a few to a few dozen bytes. For those, a call to
// memcmp, memchr or a variable-size memcpy costs more than the work itself, so the trie's
// level hash, the topic validators and the runtime's level matching use these instead.
// Every load reads only bytes inside the string: the last load of each size overlaps the
// one before it.

#ifndef MQAUTHZ_COMPILER_BYTE_WORDS_H_
#define MQAUTHZ_COMPILER_BYTE_WORDS_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace mqauthz {

// Returns the value of type Word stored at `at`, which needs no alignment.
template <typename Word>
Word LoadWord(const void* at) {
  Word word;
  std::memcpy(&word, at, sizeof(Word));
  return word;
}

// Byte-parallel tests on the eight bytes of a word ("SWAR").
inline constexpr std::uint64_t kEveryByte = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Returns a word whose high bits mark the zero bytes of `word`. It is exact as a boolean,
// and its lowest mark is exact: the borrow can only add marks above a byte that is zero.
constexpr std::uint64_t ZeroBytes(std::uint64_t word) {
  return (word - kEveryByte) & ~word & kHighBits;
}

// Returns the offset of the first `byte` at or after `offset` in `text`, or text.size().
inline std::size_t FindByte(std::string_view text, std::size_t offset, unsigned char byte) {
  static_assert(std::endian::native == std::endian::little, "the lowest bits are the first byte");
  for (; offset + sizeof(std::uint64_t) <= text.size(); offset += sizeof(std::uint64_t)) {
    const std::uint64_t found =
        ZeroBytes(LoadWord<std::uint64_t>(text.data() + offset) ^ (kEveryByte * byte));
    if (found != 0) return offset + static_cast<std::size_t>(std::countr_zero(found)) / 8;
  }
  while (offset < text.size() && static_cast<unsigned char>(text[offset]) != byte) ++offset;
  return offset;
}

// Returns the `size` bytes at `at`, 1 to 7 of them, packed into one word. Equal bytes of
// equal size give equal words. Strings of different sizes may share a word, so a caller
// that hashes the result must mix in the size too.
inline std::uint64_t LoadShortTail(const char* at, std::size_t size) {
  if (size >= sizeof(std::uint32_t)) {
    const std::size_t last = size - sizeof(std::uint32_t);
    return LoadWord<std::uint32_t>(at) |
           (std::uint64_t{LoadWord<std::uint32_t>(at + last)} << (8 * last));
  }
  if (size >= sizeof(std::uint16_t)) {
    const std::size_t last = size - sizeof(std::uint16_t);
    return LoadWord<std::uint16_t>(at) |
           (std::uint64_t{LoadWord<std::uint16_t>(at + last)} << (8 * last));
  }
  return static_cast<unsigned char>(*at);
}

// Returns whether the `size` bytes at `a` and `b` are equal.
inline bool EqualBytes(const char* a, const char* b, std::size_t size) {
  if (size >= sizeof(std::uint64_t)) {
    const std::size_t last = size - sizeof(std::uint64_t);
    for (std::size_t i = 0; i < last; i += sizeof(std::uint64_t)) {
      if (LoadWord<std::uint64_t>(a + i) != LoadWord<std::uint64_t>(b + i)) return false;
    }
    return LoadWord<std::uint64_t>(a + last) == LoadWord<std::uint64_t>(b + last);
  }
  if (size >= sizeof(std::uint32_t)) {
    const std::size_t last = size - sizeof(std::uint32_t);
    return LoadWord<std::uint32_t>(a) == LoadWord<std::uint32_t>(b) &&
           LoadWord<std::uint32_t>(a + last) == LoadWord<std::uint32_t>(b + last);
  }
  if (size >= sizeof(std::uint16_t)) {
    const std::size_t last = size - sizeof(std::uint16_t);
    return LoadWord<std::uint16_t>(a) == LoadWord<std::uint16_t>(b) &&
           LoadWord<std::uint16_t>(a + last) == LoadWord<std::uint16_t>(b + last);
  }
  return size == 0 || *a == *b;
}

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_BYTE_WORDS_H_
