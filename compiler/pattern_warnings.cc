#include "compiler/pattern_warnings.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "core/token.h"
#include "core/topic.h"

namespace mqauthz {

bool GlobHasBangClass(std::string_view pattern) {
  bool in_class = false;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\\') {
      i += 2;  // the escaped byte is literal
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      ++i;
      continue;
    }
    if (pattern.substr(i).starts_with(kTokenPrefix)) {
      const std::size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      continue;
    }
    if (c == '[') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '!') return true;
      in_class = true;
    }
    ++i;
  }
  return false;
}

char FindGlobCharacterInFilter(const TopicFilter& filter) {
  for (const FilterLevel& level : filter.levels) {
    if (level.kind != LevelKind::kLiteral) continue;
    const std::size_t found = level.text.find_first_of("*?");
    if (found != std::string::npos) return level.text[found];
  }
  return '\0';
}

}  // namespace mqauthz
