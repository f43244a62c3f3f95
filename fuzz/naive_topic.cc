#include "fuzz/naive_topic.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client.h"

namespace mqauthz::fuzzing {
namespace {

constexpr std::size_t kMaxTextBytes = 65535;
constexpr std::string_view kTokenStart = "{principal.";
constexpr std::string_view kAttributesBody = "attributes.";

bool Has(std::string_view text, char c) { return text.find(c) != std::string_view::npos; }

// The rules that names and filters share, without the length limit.
bool IsWellFormedText(std::string_view text) {
  return !text.empty() && !Has(text, '\0') && NaiveIsUtf8(text);
}

bool IsValidFilterLevel(const std::vector<std::string_view>& levels, std::size_t i) {
  const std::string_view level = levels[i];
  if (Has(level, '#')) return level == "#" && i + 1 == levels.size();
  if (Has(level, '+')) return level == "+";
  return true;
}

// Returns the client's value for the body of a token ("clientId", "username",
// "attributes.NAME"), or nullopt when it is absent. Sets `known` to false for any other
// body.
std::optional<std::string> TokenValue(std::string_view body, const Client& client, bool& known) {
  known = true;
  if (body == "clientId") return client.client_id;
  if (body == "username") return client.username;
  if (body.starts_with(kAttributesBody) && body.size() > kAttributesBody.size()) {
    const auto it = client.attributes.find(body.substr(kAttributesBody.size()));
    if (it == client.attributes.end()) return std::nullopt;
    return it->second;
  }
  known = false;
  return std::nullopt;
}

// Returns whether a token's closing '}' lies after a '/', which this model cannot read.
bool HasTokenAcrossLevels(std::string_view text) {
  for (std::size_t start = text.find(kTokenStart); start != std::string_view::npos;
       start = text.find(kTokenStart, start + 1)) {
    const std::size_t close = text.find('}', start);
    const std::size_t slash = text.find('/', start);
    if (close != std::string_view::npos && slash < close) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string_view> NaiveSplit(std::string_view text) {
  std::vector<std::string_view> levels;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '/') continue;
    levels.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  levels.push_back(text.substr(start));
  return levels;
}

bool NaiveIsUtf8(std::string_view text) {
  static constexpr std::uint32_t kMinCodePoint[] = {0, 0, 0x80, 0x800, 0x10000};
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;

    for (std::size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < kMinCodePoint[length]) return false;  // an overlong form
    if (code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;  // a surrogate
    i += length;
  }
  return true;
}

bool NaiveIsValidName(std::string_view name) {
  return IsWellFormedText(name) && name.size() <= kMaxTextBytes && !Has(name, '+') &&
         !Has(name, '#');
}

bool NaiveIsValidFilter(std::string_view filter) {
  if (!IsWellFormedText(filter) || filter.size() > kMaxTextBytes) return false;
  const std::vector<std::string_view> levels = NaiveSplit(filter);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (!IsValidFilterLevel(levels, i)) return false;
  }
  return true;
}

std::optional<std::string> NaiveRemoveShare(std::string_view filter) {
  constexpr std::string_view kShare = "$share/";
  if (!filter.starts_with(kShare)) return std::string(filter);
  const std::string_view rest = filter.substr(kShare.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view group = rest.substr(0, slash);
  if (group.empty() || Has(group, '+') || Has(group, '#')) return std::nullopt;
  const std::string_view shared = rest.substr(slash + 1);
  if (shared.empty()) return std::nullopt;
  return std::string(shared);
}

NaiveFilter NaiveParseFilter(std::string_view filter) {
  NaiveFilter levels;
  for (const std::string_view level : NaiveSplit(filter)) {
    if (level == "+") {
      levels.push_back({NaiveLevelKind::kPlus, ""});
    } else if (level == "#") {
      levels.push_back({NaiveLevelKind::kHash, ""});
    } else {
      levels.push_back({NaiveLevelKind::kLiteral, std::string(level)});
    }
  }
  return levels;
}

bool NaiveMatches(const NaiveFilter& filter, const std::vector<std::string_view>& name) {
  if (filter.empty() || name.empty()) return false;
  if (filter[0].kind != NaiveLevelKind::kLiteral && name[0].starts_with('$')) return false;
  for (std::size_t i = 0;; ++i) {
    if (i == filter.size()) return i == name.size();
    if (filter[i].kind == NaiveLevelKind::kHash) return true;
    if (i == name.size()) return false;
    if (filter[i].kind == NaiveLevelKind::kLiteral && filter[i].text != name[i]) return false;
  }
}

std::optional<bool> NaiveCovers(const NaiveFilter& allowed, const NaiveFilter& requested,
                                std::size_t max_names) {
  // The alphabet: every literal level, the empty level, and two levels that differ from
  // all of them, one plain and one starting with '$'.
  std::vector<std::string> alphabet = {""};
  std::size_t longest = 0;
  for (const NaiveFilter* filter : {&allowed, &requested}) {
    for (const NaiveLevel& level : *filter) {
      if (level.kind != NaiveLevelKind::kLiteral) continue;
      alphabet.push_back(level.text);
      longest = std::max(longest, level.text.size());
    }
  }
  alphabet.push_back(std::string(longest + 1, 'z'));
  alphabet.push_back("$" + std::string(longest + 1, 'z'));
  std::sort(alphabet.begin(), alphabet.end());
  alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());

  const std::size_t max_levels = std::max(allowed.size(), requested.size()) + 1;
  std::size_t total = 0;
  std::size_t names_of_length = 1;
  for (std::size_t length = 1; length <= max_levels; ++length) {
    names_of_length *= alphabet.size();
    total += names_of_length;
    if (total > max_names) return std::nullopt;
  }

  // A name is valid when each level is, unless it is the one empty level "". The length
  // limit does not apply (see the header).
  std::vector<bool> valid_level;
  for (const std::string& level : alphabet) {
    valid_level.push_back(level.empty() ||
                          (IsWellFormedText(level) && !Has(level, '+') && !Has(level, '#')));
  }

  for (std::size_t length = 1; length <= max_levels; ++length) {
    // `digits` counts in base alphabet.size(); each value is one name.
    std::vector<std::size_t> digits(length, 0);
    while (true) {
      std::vector<std::string_view> name;
      bool valid = length > 1 || !alphabet[digits[0]].empty();
      for (std::size_t i = 0; i < length; ++i) {
        name.push_back(alphabet[digits[i]]);
        valid = valid && valid_level[digits[i]];
      }
      if (valid && NaiveMatches(requested, name) && !NaiveMatches(allowed, name)) return false;

      std::size_t position = 0;
      while (position < length && ++digits[position] == alphabet.size()) {
        digits[position] = 0;
        ++position;
      }
      if (position == length) break;
    }
  }
  return true;
}

std::optional<NaivePolicyFilter> NaiveReadPolicyFilter(std::string_view text,
                                                       const Client& client) {
  if (HasTokenAcrossLevels(text)) return std::nullopt;
  NaivePolicyFilter result;
  if (!IsWellFormedText(text) || text.size() > kMaxTextBytes) return result;

  const std::vector<std::string_view> levels = NaiveSplit(text);
  NaiveFilter bound;
  bool resolved = true;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const std::string_view level = levels[i];
    if (level.find(kTokenStart) == std::string_view::npos) {
      if (!IsValidFilterLevel(levels, i)) return result;
      const NaiveFilter parsed = NaiveParseFilter(level);
      bound.push_back(parsed.front());
      continue;
    }

    // A token must be the whole level: "{principal." BODY "}" with no other '}'.
    const bool whole_level = level.starts_with(kTokenStart) && level.ends_with('}') &&
                             std::count(level.begin(), level.end(), '}') == 1;
    if (!whole_level) return result;
    const std::string_view body =
        level.substr(kTokenStart.size(), level.size() - kTokenStart.size() - 1);
    bool known = false;
    const std::optional<std::string> value = TokenValue(body, client, known);
    if (!known) return result;
    if (!value.has_value() || value->empty() || Has(*value, '/')) {
      resolved = false;
    } else {
      bound.push_back({NaiveLevelKind::kLiteral, *value});
    }
  }

  result.valid = true;
  if (resolved) result.bound = std::move(bound);
  return result;
}

}  // namespace mqauthz::fuzzing
