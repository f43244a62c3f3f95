// Reading and comparing short byte strings a machine word at a time, inline.
//
// Topic levels and topics are mostly a few to a few dozen bytes. For those, a call to
// memcmp or to a variable-size memcpy costs more than the work itself, so the trie's level
// hash and the runtime's comparisons use these instead. Every load reads only bytes inside
// the string: the last load of each size overlaps the one before it.

#ifndef MQAUTHZ_COMPILER_BYTE_WORDS_H_
#define MQAUTHZ_COMPILER_BYTE_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mqauthz {

template <typename Word>
Word LoadWord(const char* at) {
  Word word;
  std::memcpy(&word, at, sizeof(Word));
  return word;
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
