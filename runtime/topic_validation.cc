#include "runtime/topic_validation.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "compiler/byte_words.h"
#include "core/topic.h"
#include "core/utf8.h"

namespace mqauthz {
namespace {

constexpr std::string_view kSharePrefix = "$share/";

constexpr bool HasZeroByte(std::uint64_t word) { return ZeroBytes(word) != 0; }

// Returns a word whose high bits mark the '+' and '#' bytes of `word`.
constexpr std::uint64_t WildcardBytes(std::uint64_t word) {
  return ZeroBytes(word ^ (kEveryByte * '+')) | ZeroBytes(word ^ (kEveryByte * '#'));
}

// Calls visit(word) for each 8-byte word of `text`: the whole words from the start, then,
// when bytes remain, the last 8 bytes, which overlap the word before. Text shorter than
// 8 bytes makes one word, padded with 'a', which no check rejects. Stops early when visit
// returns false.
template <typename Visit>
void ForEachWord(std::string_view text, Visit visit) {
  constexpr std::size_t kWord = sizeof(std::uint64_t);
  std::uint64_t word = kEveryByte * 'a';
  if (text.size() < kWord) {
    std::memcpy(&word, text.data(), text.size());
    visit(word);
    return;
  }
  std::size_t i = 0;
  for (; i + kWord <= text.size(); i += kWord) {
    std::memcpy(&word, text.data() + i, kWord);
    if (!visit(word)) return;
  }
  if (i < text.size()) {
    std::memcpy(&word, text.data() + text.size() - kWord, kWord);
    visit(word);
  }
}

// One step of the topic hash: a multiply by 2^64 / golden ratio and a fold of the high
// half, which spreads each word over the state. The hash map mixes the result again.
constexpr std::uint64_t MixWord(std::uint64_t hash, std::uint64_t word) {
  hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
  return hash ^ (hash >> 32);
}

// The result of one pass over topic text.
struct TopicTextScan {
  bool valid = false;          // well-formed UTF-8 without U+0000
  bool has_wildcards = false;  // contains '+' or '#'
};

// The byte-at-a-time scan, for text that is not pure ASCII.
TopicTextScan ScanSlowly(std::string_view text) {
  return {text.find('\0') == std::string_view::npos && FindInvalidUtf8(text) == text.size(),
          text.find_first_of("+#") != std::string_view::npos};
}

// Scans ASCII text a word at a time, and other text with ScanSlowly.
TopicTextScan ScanTopicText(std::string_view text) {
  TopicTextScan scan{true, false};
  bool ascii = true;
  ForEachWord(text, [&](std::uint64_t word) {
    if ((word & kHighBits) != 0) {
      ascii = false;
      return false;
    }
    if (HasZeroByte(word)) {
      scan.valid = false;
      return false;
    }
    scan.has_wildcards |= WildcardBytes(word) != 0;
    return true;
  });
  if (!ascii) return ScanSlowly(text);
  return scan;
}

bool HasValidSize(std::string_view text) { return !text.empty() && text.size() <= kMaxTopicBytes; }

}  // namespace

// The words alone do not tell "b" from "ba": padding makes them equal. The length, mixed
// in last, does.
std::uint64_t HashTopicName(std::string_view text) {
  std::uint64_t hash = 0;
  ForEachWord(text, [&hash](std::uint64_t word) {
    hash = MixWord(hash, word);
    return true;
  });
  return MixWord(hash, text.size());
}

std::optional<std::uint64_t> HashValidTopicName(std::string_view name) {
  if (!HasValidSize(name)) return std::nullopt;

  // ASCII names, by far the most common, are checked and hashed in the same pass, with
  // one branch per word for all three checks.
  std::uint64_t hash = 0;
  bool ascii = true;
  bool valid = true;
  ForEachWord(name, [&](std::uint64_t word) {
    if (((word | ZeroBytes(word) | WildcardBytes(word)) & kHighBits) == 0) {
      hash = MixWord(hash, word);
      return true;
    }
    if ((word & kHighBits) != 0) {
      ascii = false;
    } else {
      valid = false;
    }
    return false;
  });
  if (!valid) return std::nullopt;
  if (ascii) return MixWord(hash, name.size());

  const TopicTextScan scan = ScanSlowly(name);
  if (!scan.valid || scan.has_wildcards) return std::nullopt;
  return HashTopicName(name);
}

bool IsValidTopicName(std::string_view name) { return HashValidTopicName(name).has_value(); }

bool IsValidTopicFilter(std::string_view filter) {
  if (!HasValidSize(filter)) return false;
  const TopicTextScan scan = ScanTopicText(filter);
  if (!scan.valid) return false;
  if (!scan.has_wildcards) return true;

  // Each level: '#' only as the whole last level, '+' only as a whole level.
  std::size_t level_start = 0;
  while (true) {
    const std::size_t slash = filter.find('/', level_start);
    const bool last = slash == std::string_view::npos;
    const std::string_view level =
        filter.substr(level_start, last ? std::string_view::npos : slash - level_start);
    if (level == "#") {
      if (!last) return false;
    } else if (level != "+" && level.find_first_of("+#") != std::string_view::npos) {
      return false;
    }
    if (last) return true;
    level_start = slash + 1;
  }
}

std::optional<std::string_view> RemoveSharePrefix(std::string_view filter) {
  if (!filter.starts_with(kSharePrefix)) return filter;
  const std::string_view rest = filter.substr(kSharePrefix.size());
  const std::size_t slash = rest.find('/');
  const std::string_view group = rest.substr(0, slash);
  if (group.empty() || group.find_first_of("+#") != std::string_view::npos) return std::nullopt;
  if (slash == std::string_view::npos || slash + 1 == rest.size()) return std::nullopt;
  return rest.substr(slash + 1);
}

}  // namespace mqauthz
