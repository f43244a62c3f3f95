#include "core/utf8.h"

#include <cstddef>
#include <string_view>

namespace mqauthz {

std::size_t Utf8SequenceLength(std::string_view text, std::size_t offset) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char first = byte(offset);
  if (first < 0x80) return 1;

  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (first >= 0xC2 && first <= 0xDF) {
    length = 2;
  } else if (first >= 0xE0 && first <= 0xEF) {
    length = 3;
    if (first == 0xE0) min_second = 0xA0;  // overlong
    if (first == 0xED) max_second = 0x9F;  // UTF-16 surrogates
  } else if (first >= 0xF0 && first <= 0xF4) {
    length = 4;
    if (first == 0xF0) min_second = 0x90;  // overlong
    if (first == 0xF4) max_second = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (offset + length > text.size()) return 0;

  const unsigned char second = byte(offset + 1);
  if (second < min_second || second > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(offset + k) < 0x80 || byte(offset + k) > 0xBF) return 0;
  }
  return length;
}

std::size_t FindInvalidUtf8(std::string_view text) {
  std::size_t offset = 0;
  while (offset < text.size()) {
    const std::size_t length = Utf8SequenceLength(text, offset);
    if (length == 0) return offset;
    offset += length;
  }
  return text.size();
}

}  // namespace mqauthz
