#include "core/topic.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/client.h"
#include "core/status_hint.h"
#include "core/token.h"
#include "core/utf8.h"

namespace mqauthz {
namespace {

constexpr std::string_view kSharePrefix = "$share/";

bool Contains(std::string_view text, char c) { return text.find(c) != std::string_view::npos; }

// Splits on every '/'. An empty text is one empty level, as in MQTT.
std::vector<std::string_view> SplitLevels(std::string_view text) {
  std::vector<std::string_view> levels;
  std::size_t level_start = 0;
  for (std::size_t slash = text.find('/'); slash != std::string_view::npos;
       slash = text.find('/', level_start)) {
    levels.push_back(text.substr(level_start, slash - level_start));
    level_start = slash + 1;
  }
  levels.push_back(text.substr(level_start));
  return levels;
}

// Checks the rules that topic names and topic filters share. `text_kind` is "topic name" or
// "topic filter".
absl::Status CheckTopicText(std::string_view text, const char* text_kind) {
  if (text.empty()) {
    return InvalidArgumentWithHint(
        absl::StrCat(text_kind, " is empty"),
        absl::StrCat("write a non-empty ", text_kind, ", such as ",
                     std::string_view(text_kind) == "topic name" ? "`sensors/kitchen/temperature`"
                                                                 : "`sensors/#`"));
  }
  if (text.size() > kMaxTopicBytes) {
    return InvalidArgumentWithHint(
        absl::StrCat(text_kind, " is ", text.size(), " bytes long, more than the MQTT maximum of ",
                     kMaxTopicBytes),
        absl::StrCat("shorten the ", text_kind, " to at most ", kMaxTopicBytes, " bytes"));
  }
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return InvalidArgumentWithHint(
        absl::StrCat(text_kind, " `", absl::CHexEscape(std::string(text)),
                     "` contains U+0000 at byte ", nul),
        "remove the null character, which MQTT forbids in topics");
  }
  if (const std::size_t bad = FindInvalidUtf8(text); bad < text.size()) {
    return InvalidArgumentWithHint(
        absl::StrCat(text_kind, " `", absl::CHexEscape(std::string(text)),
                     "` is not valid UTF-8 at byte ", bad),
        "MQTT topics must be well-formed UTF-8: re-encode the text as UTF-8");
  }
  return absl::OkStatus();
}

// Checks the wildcard rules for level `index` of a filter that has no tokens in that level.
absl::Status CheckFilterLevel(std::string_view filter, const std::vector<std::string_view>& levels,
                              std::size_t index) {
  const std::string_view level = levels[index];
  if (level == "#") {
    if (index + 1 == levels.size()) return absl::OkStatus();
    // The levels up to and including this '#' are a prefix of the filter text.
    const std::size_t kept_bytes = level.data() + level.size() - filter.data();
    return InvalidArgumentWithHint(
        absl::StrCat("'#' must be the last level of topic filter `", std::string(filter), "`"),
        absl::StrCat("'#' already matches every level below it: write `",
                     std::string(filter.substr(0, kept_bytes)), "`"));
  }
  if (Contains(level, '#')) {
    return InvalidArgumentWithHint(
        absl::StrCat("'#' must be a whole level, but level `", std::string(level),
                     "` of topic filter `", std::string(filter), "` mixes it with other text"),
        "use '#' as a level of its own, such as `sensors/#`");
  }
  if (level != "+" && Contains(level, '+')) {
    return InvalidArgumentWithHint(
        absl::StrCat("'+' must be a whole level, but level `", std::string(level),
                     "` of topic filter `", std::string(filter), "` mixes it with other text"),
        "use '+' as a level of its own, such as `sensors/+/temperature`");
  }
  return absl::OkStatus();
}

// Parses level `index` of a policy filter: a whole-level token or a literal or wildcard.
absl::StatusOr<FilterLevel> ParsePolicyLevel(std::string_view filter,
                                             const std::vector<std::string_view>& levels,
                                             std::size_t index) {
  const std::string_view text = levels[index];
  absl::StatusOr<TokenTemplate> parts = ParseTokenTemplate(text);
  if (!parts.ok()) return parts.status();

  if (parts->HasTokens()) {
    const Token* token = nullptr;
    for (const auto& part : parts->parts) {
      token = std::get_if<Token>(&part);
      if (token != nullptr) break;
    }
    if (parts->parts.size() == 1) {
      return FilterLevel{
          .kind = LevelKind::kToken, .token_kind = token->kind, .text = token->attribute};
    }
    const std::string token_text = TokenText(*token);
    return InvalidArgumentWithHint(
        absl::StrCat("token ", token_text, " must be the whole topic level, but level `",
                     std::string(text), "` mixes it with other text"),
        absl::StrCat("use a level of its own, such as clients/", token_text, "/#"));
  }

  if (absl::Status status = CheckFilterLevel(filter, levels, index); !status.ok()) return status;
  if (text == "+") return FilterLevel{.kind = LevelKind::kSingleLevelWildcard};
  if (text == "#") return FilterLevel{.kind = LevelKind::kMultiLevelWildcard};
  return FilterLevel{.kind = LevelKind::kLiteral, .text = std::string(text)};
}

// A filter level after token substitution. The kind is never kToken, and a substituted
// value is always kLiteral, whatever its text.
struct BoundLevel {
  LevelKind kind = LevelKind::kLiteral;
  std::string_view literal;
};

// Returns the levels of `filter` with tokens replaced by the client's values, or nullopt
// when a value is absent or empty or contains '/' (it cannot equal one level then).
std::optional<std::vector<BoundLevel>> BindLevels(const TopicFilter& filter, const Client& client) {
  std::vector<BoundLevel> bound;
  for (const FilterLevel& level : filter.levels) {
    if (level.kind != LevelKind::kToken) {
      bound.push_back({level.kind, level.text});
      continue;
    }
    const std::optional<std::string_view> value =
        ResolveToken(level.token_kind, level.text, client);
    if (!value.has_value() || Contains(*value, '/')) return std::nullopt;
    bound.push_back({LevelKind::kLiteral, *value});
  }
  return bound;
}

// Splits a requested filter, which has no tokens, into levels.
std::vector<BoundLevel> SplitRequestedFilter(std::string_view filter) {
  std::vector<BoundLevel> levels;
  for (const std::string_view level : SplitLevels(filter)) {
    if (level == "+") {
      levels.push_back({LevelKind::kSingleLevelWildcard, level});
    } else if (level == "#") {
      levels.push_back({LevelKind::kMultiLevelWildcard, level});
    } else {
      levels.push_back({LevelKind::kLiteral, level});
    }
  }
  return levels;
}

bool IsLiteralStartingWithDollar(const BoundLevel& level) {
  return level.kind == LevelKind::kLiteral && level.literal.starts_with('$');
}

bool MatchLevels(const std::vector<BoundLevel>& filter, const std::vector<std::string_view>& name) {
  // A filter that starts with a wildcard does not match a name that starts with '$'.
  if (filter.front().kind != LevelKind::kLiteral && name.front().starts_with('$')) {
    return false;
  }
  for (std::size_t i = 0; i < filter.size(); ++i) {
    if (filter[i].kind == LevelKind::kMultiLevelWildcard) return true;
    if (i == name.size()) return false;
    if (filter[i].kind == LevelKind::kLiteral && filter[i].literal != name[i]) return false;
  }
  return filter.size() == name.size();
}

// Returns whether the allowed levels from `index` on cover the names that the requested '#'
// at `index` adds. That '#' adds r levels of any text, for every r at least the minimum that
// makes a valid name, so only "+" repeated p times and then "#" covers it, with p no more
// than that minimum.
bool CoversMultiLevelWildcard(const std::vector<BoundLevel>& allowed,
                              const std::vector<BoundLevel>& requested, std::size_t index) {
  std::size_t pluses = 0;
  while (index + pluses < allowed.size() &&
         allowed[index + pluses].kind == LevelKind::kSingleLevelWildcard) {
    ++pluses;
  }
  const std::size_t end = index + pluses;
  if (end == allowed.size() || allowed[end].kind != LevelKind::kMultiLevelWildcard) return false;

  // With no added level the name would be empty when '#' is the first level, or when it
  // follows one empty level (the name ""). The empty string is not a valid topic name.
  const bool must_add_level =
      index == 0 ||
      (index == 1 && requested[0].kind == LevelKind::kLiteral && requested[0].literal.empty());
  const std::size_t min_added_levels = must_add_level ? 1 : 0;
  return pluses <= min_added_levels;
}

// Decides coverage level by level. Both filters advance together, because every level of
// the requested filter other than '#' stands for exactly one level of a name.
//
// NOTE: Names are treated as unbounded in length. Near the limit of kMaxTopicBytes a
// requested filter can match fewer names than assumed here, so the result may be "not
// covered" where the exact result is "covered", never the other way round.
bool CoversLevels(const std::vector<BoundLevel>& allowed,
                  const std::vector<BoundLevel>& requested) {
  for (std::size_t i = 0;; ++i) {
    if (i < allowed.size() && allowed[i].kind == LevelKind::kMultiLevelWildcard) {
      // '#' matches every remaining suffix, but a leading '#' misses names starting with '$'.
      return i != 0 || !IsLiteralStartingWithDollar(requested[0]);
    }
    if (i == requested.size()) return i == allowed.size();
    // The requested filter has more levels (and a requested '#' can always add one), but the
    // allowed filter has none left.
    if (i == allowed.size()) return false;

    const BoundLevel& want = requested[i];
    const BoundLevel& have = allowed[i];
    if (want.kind == LevelKind::kMultiLevelWildcard) {
      return CoversMultiLevelWildcard(allowed, requested, i);
    }
    if (have.kind == LevelKind::kSingleLevelWildcard) {
      // A leading '+' misses a requested literal starting with '$'. A requested '+' in the
      // first level never yields such a name, so it stays covered.
      if (i == 0 && IsLiteralStartingWithDollar(want)) return false;
      continue;
    }
    // The allowed level is a literal, so the requested level must be the same literal: a
    // requested '+' also yields names with any other text in that level.
    if (want.kind != LevelKind::kLiteral || want.literal != have.literal) return false;
  }
}

}  // namespace

absl::Status ValidateTopicName(std::string_view name) {
  if (absl::Status status = CheckTopicText(name, "topic name"); !status.ok()) return status;
  for (const char wildcard : {'+', '#'}) {
    if (Contains(name, wildcard)) {
      return InvalidArgumentWithHint(
          absl::StrCat("topic name `", std::string(name), "` contains the wildcard '",
                       std::string(1, wildcard), "'"),
          "wildcards are allowed only in topic filters: publish to a concrete topic name, such "
          "as `sensors/kitchen/temperature`");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateTopicFilter(std::string_view filter) {
  if (absl::Status status = CheckTopicText(filter, "topic filter"); !status.ok()) return status;
  const std::vector<std::string_view> levels = SplitLevels(filter);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (absl::Status status = CheckFilterLevel(filter, levels, i); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string_view> StripSharePrefix(std::string_view filter) {
  if (!filter.starts_with(kSharePrefix)) return filter;

  constexpr char kShareHint[] = "write `$share/GROUP/FILTER`, such as `$share/workers/jobs/#`";
  const std::string_view rest = filter.substr(kSharePrefix.size());
  const std::size_t slash = rest.find('/');
  const std::string_view group = rest.substr(0, slash);
  if (group.empty()) {
    return InvalidArgumentWithHint(
        absl::StrCat("shared subscription `", std::string(filter), "` has an empty group name"),
        kShareHint);
  }
  if (Contains(group, '+') || Contains(group, '#')) {
    return InvalidArgumentWithHint(absl::StrCat("shared subscription group `", std::string(group),
                                                "` contains a wildcard '+' or '#'"),
                                   "name the group without '+' or '#'");
  }
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    return InvalidArgumentWithHint(absl::StrCat("shared subscription `", std::string(filter),
                                                "` has no topic filter after the group"),
                                   kShareHint);
  }
  return rest.substr(slash + 1);
}

Token FilterLevel::token() const { return Token{token_kind, text}; }

bool TopicFilter::HasTokens() const {
  for (const FilterLevel& level : levels) {
    if (level.kind == LevelKind::kToken) return true;
  }
  return false;
}

void SplitPolicyTopicFilter(std::string_view text, std::vector<std::string_view>& levels) {
  levels.clear();
  std::size_t level_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i).starts_with(kTokenPrefix)) {
      const std::size_t close = text.find('}', i);
      // An unclosed token runs to the end, and parsing that level reports it.
      if (close == std::string_view::npos) break;
      i = close + 1;
      continue;
    }
    if (text[i] == '/') {
      levels.push_back(text.substr(level_start, i - level_start));
      level_start = i + 1;
    }
    ++i;
  }
  levels.push_back(text.substr(level_start));
}

absl::StatusOr<TopicFilter> ParsePolicyTopicFilter(std::string_view text) {
  if (absl::Status status = CheckTopicText(text, "topic filter"); !status.ok()) return status;
  std::vector<std::string_view> levels;
  SplitPolicyTopicFilter(text, levels);
  TopicFilter filter;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    absl::StatusOr<FilterLevel> level = ParsePolicyLevel(text, levels, i);
    if (!level.ok()) return level.status();
    filter.levels.push_back(*std::move(level));
  }
  return filter;
}

bool FilterMatchesTopic(const TopicFilter& filter, const Client& client,
                        std::string_view topic_name) {
  const std::optional<std::vector<BoundLevel>> bound = BindLevels(filter, client);
  if (!bound.has_value() || bound->empty()) return false;
  return MatchLevels(*bound, SplitLevels(topic_name));
}

bool FilterCoversFilter(const TopicFilter& allowed, const Client& client,
                        std::string_view requested) {
  const std::optional<std::vector<BoundLevel>> bound = BindLevels(allowed, client);
  if (!bound.has_value() || bound->empty()) return false;
  return CoversLevels(*bound, SplitRequestedFilter(requested));
}

}  // namespace mqauthz
