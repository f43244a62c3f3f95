#include "compiler/resource_coverage.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/absl_view.h"
#include "core/client.h"
#include "core/glob.h"
#include "core/token.h"
#include "core/topic.h"

namespace mqauthz {
namespace {

// Token values start with U+E000, a private-use character, so that they are unlikely to
// equal a level a user wrote; PolicyFilterCovers checks that they do not.
constexpr std::string_view kPlaceholderPrefix = "\xEE\x80\x80";

// Gives every distinct token its own placeholder value and binds them in a client.
class TokenPlaceholders {
 public:
  std::string ValueOf(const Token& token) {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i] == token) return values_[i];
    }
    tokens_.push_back(token);
    values_.push_back(absl::StrCat(AbslView(kPlaceholderPrefix), tokens_.size()));
    switch (token.kind) {
      case TokenKind::kClientId:
        client_.client_id = values_.back();
        break;
      case TokenKind::kUsername:
        client_.username = values_.back();
        break;
      case TokenKind::kAttribute:
        client_.attributes[token.attribute] = values_.back();
        break;
    }
    return values_.back();
  }

  bool IsPlaceholder(std::string_view text) const {
    for (const std::string& value : values_) {
      if (value == text) return true;
    }
    return false;
  }

  const Client& client() const { return client_; }

 private:
  std::vector<Token> tokens_;
  std::vector<std::string> values_;
  Client client_;
};

bool IsWildcard(const FilterLevel& level) {
  return level.kind == LevelKind::kSingleLevelWildcard ||
         level.kind == LevelKind::kMultiLevelWildcard;
}

bool MatchesEverything(const Glob& glob) {
  if (glob.elements.empty()) return false;
  for (const GlobElement& element : glob.elements) {
    if (element.kind != GlobElement::Kind::kAnyRun) return false;
  }
  return true;
}

// Returns whether the globs of `coverer` admit every client id that those of `covered`
// admit. An empty list admits every client id.
bool ClientIdsCover(const std::vector<ClientIdGlob>& coverer,
                    const std::vector<ClientIdGlob>& covered) {
  if (coverer.empty()) return true;
  for (const ClientIdGlob& glob : coverer) {
    if (MatchesEverything(glob.glob)) return true;
  }
  if (covered.empty()) return false;
  for (const ClientIdGlob& needed : covered) {
    bool found = false;
    for (const ClientIdGlob& glob : coverer) found = found || glob.text == needed.text;
    if (!found) return false;
  }
  return true;
}

bool MethodIncludes(StateStoreMethod coverer, StateStoreMethod covered) {
  return coverer == covered || coverer == StateStoreMethod::kReadWrite;
}

bool KeyCovered(const StateStoreResource& coverer, const StateStoreKey& key, KeyType key_type) {
  for (const StateStoreKey& candidate : coverer.keys) {
    if (coverer.key_type == KeyType::kPattern && MatchesEverything(candidate.glob)) return true;
    if (coverer.key_type == key_type && candidate.text == key.text) return true;
  }
  return false;
}

}  // namespace

bool PolicyFilterCovers(const TopicFilter& allowed, const TopicFilter& requested) {
  if (allowed.levels.empty() || requested.levels.empty()) return false;
  // A token's value may start with '$', which a leading wildcard does not match.
  if (requested.levels.front().kind == LevelKind::kToken && IsWildcard(allowed.levels.front())) {
    return false;
  }

  TokenPlaceholders placeholders;
  std::vector<std::string> requested_levels;
  for (const FilterLevel& level : requested.levels) {
    switch (level.kind) {
      case LevelKind::kLiteral:
        requested_levels.push_back(level.text);
        break;
      case LevelKind::kSingleLevelWildcard:
        requested_levels.push_back("+");
        break;
      case LevelKind::kMultiLevelWildcard:
        requested_levels.push_back("#");
        break;
      case LevelKind::kToken:
        requested_levels.push_back(placeholders.ValueOf(level.token()));
        break;
    }
  }
  for (const FilterLevel& level : allowed.levels) {
    if (level.kind == LevelKind::kToken) placeholders.ValueOf(level.token());
  }

  // A literal equal to a placeholder would make two different levels compare equal.
  for (const TopicFilter* filter : {&allowed, &requested}) {
    for (const FilterLevel& level : filter->levels) {
      if (level.kind == LevelKind::kLiteral && placeholders.IsPlaceholder(level.text)) {
        return false;
      }
    }
  }

  const std::string requested_text = absl::StrJoin(requested_levels, "/");
  if (!ValidateTopicFilter(requested_text).ok()) return false;
  return FilterCoversFilter(allowed, placeholders.client(), requested_text);
}

bool BrokerResourceCovers(const BrokerResource& coverer, const BrokerResource& covered) {
  if (coverer.method != covered.method) return false;
  if (!ClientIdsCover(coverer.client_ids, covered.client_ids)) return false;
  for (const PolicyTopicFilter& needed : covered.topics) {
    bool found = false;
    for (const PolicyTopicFilter& filter : coverer.topics) {
      if (PolicyFilterCovers(filter.filter, needed.filter)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool StateStoreResourceCovers(const StateStoreResource& coverer,
                              const StateStoreResource& covered) {
  if (!MethodIncludes(coverer.method, covered.method)) return false;
  for (const StateStoreKey& key : covered.keys) {
    if (!KeyCovered(coverer, key, covered.key_type)) return false;
  }
  return true;
}

bool FilterCouldMatchTopic(const TopicFilter& filter, std::string_view topic_name) {
  std::vector<std::string_view> name;
  std::size_t level_start = 0;
  for (std::size_t slash = topic_name.find('/'); slash != std::string_view::npos;
       slash = topic_name.find('/', level_start)) {
    name.push_back(topic_name.substr(level_start, slash - level_start));
    level_start = slash + 1;
  }
  name.push_back(topic_name.substr(level_start));

  for (std::size_t i = 0; i < filter.levels.size(); ++i) {
    const FilterLevel& level = filter.levels[i];
    if (level.kind == LevelKind::kMultiLevelWildcard) return true;
    if (i == name.size()) return false;
    if (level.kind == LevelKind::kLiteral && level.text != name[i]) return false;
  }
  return filter.levels.size() == name.size();
}

}  // namespace mqauthz
