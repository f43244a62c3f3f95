#include "runtime/topic_validation.h"

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/topic.h"

namespace mqauthz {
namespace {

constexpr std::string_view kSharePrefix = "$share/";

// Returns whether `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogates, nothing above U+10FFFF. The same rules as core/topic.cc.
bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;
      if (lead == 0xED) second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < second_min || second > second_max) return false;
    for (std::size_t k = 2; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(text[i + k]);
      if (continuation < 0x80 || continuation > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

// The checks that topic names and filters share: non-empty, at most kMaxTopicBytes, no
// U+0000, well-formed UTF-8.
bool IsValidTopicText(std::string_view text) {
  return !text.empty() && text.size() <= kMaxTopicBytes &&
         text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

}  // namespace

bool IsValidTopicName(std::string_view name) {
  return IsValidTopicText(name) && name.find_first_of("+#") == std::string_view::npos;
}

bool IsValidTopicFilter(std::string_view filter) {
  if (!IsValidTopicText(filter)) return false;

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
