// MQTT 5.0 topic names and topic filters (section 4.7 of the standard).
//
// Levels are split on '/'. Empty levels are real levels ("a//b", a leading "/"). '+'
// matches exactly one level, an empty one too; '#' matches the parent level and any
// number of further levels ("a/#" matches "a"). A filter whose first level is '+' or '#'
// does not match a topic name that starts with '$'.
//
// The matching functions here are the reference: written to be obviously right, not
// fast. The compiled engine in runtime/ is checked against them.

#ifndef MQAUTHZ_CORE_TOPIC_H_
#define MQAUTHZ_CORE_TOPIC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/client.h"
#include "core/token.h"

namespace mqauthz {

// Maximum length in bytes of a topic name or filter: MQTT carries it after a two-byte
// length prefix.
inline constexpr std::size_t kMaxTopicBytes = 65535;

// Checks a topic name as a client publishes it: non-empty, no '+', '#' or U+0000, valid
// UTF-8, at most kMaxTopicBytes. Returns InvalidArgument with a hint otherwise.
absl::Status ValidateTopicName(std::string_view name);

// Checks a topic filter as a client subscribes with it (no tokens): non-empty, '#' alone
// in the last level, '+' alone in its level, no U+0000, valid UTF-8, at most
// kMaxTopicBytes. Returns InvalidArgument with a hint otherwise.
absl::Status ValidateTopicFilter(std::string_view filter);

// Removes one leading `$share/GROUP/` from a requested filter, so that a shared
// subscription is authorized as the filter it shares. Returns the filter unchanged when
// it does not start with "$share/". Errors: an empty group, a group containing '+' or
// '#', or nothing after the group. The returned view points into `filter`.
absl::StatusOr<std::string_view> StripSharePrefix(std::string_view filter);

enum class LevelKind : std::uint8_t { kLiteral, kSingleLevelWildcard, kMultiLevelWildcard, kToken };

// One level of a policy topic filter. A policy holds many levels (about 11 per rule in the
// realistic benchmark workload), so a token level stores its token as `token_kind` and
// `text` rather than as a Token, which keeps a level within 40 bytes. Fields that a kind does not
// use keep their default values, so that equal levels compare equal.
struct FilterLevel {
  LevelKind kind = LevelKind::kLiteral;
  TokenKind token_kind = TokenKind::kClientId;  // kToken: the token's kind
  // kLiteral: the level's text. kToken of kind kAttribute: the attribute name. Else empty.
  std::string text = {};

  // Returns the token of a kToken level. This copies the attribute name, so hot paths call
  // ResolveToken(token_kind, text, client) instead.
  Token token() const;

  friend bool operator==(const FilterLevel&, const FilterLevel&) = default;
};

static_assert(sizeof(FilterLevel) <= 40,
              "rules have around a dozen levels each: keep levels small");

// A policy topic filter split into levels. A token is always a whole level.
struct TopicFilter {
  std::vector<FilterLevel> levels;

  bool HasTokens() const;
};

// Splits a policy topic filter into its levels at each '/' outside a token (attribute
// names may contain '/'), as ParsePolicyTopicFilter does, and replaces the contents of
// `levels` with them, so that a caller splitting many filters allocates once. The views
// point into `text`.
void SplitPolicyTopicFilter(std::string_view text, std::vector<std::string_view>& levels);

// Parses a topic filter of a policy: the rules of ValidateTopicFilter, plus tokens, each
// of which must be the whole text of its level (`clients/{principal.clientId}/#` is
// valid, `client-{principal.clientId}/#` is not). Token errors are those of
// ParseTokenTemplate.
absl::StatusOr<TopicFilter> ParsePolicyTopicFilter(std::string_view text);

// Returns whether `filter`, with its tokens bound to `client`, matches `topic_name`.
// A token level matches exactly one level equal to the token's value; a value that is
// absent, empty or contains '/' makes the filter match nothing. `topic_name` must be
// valid (ValidateTopicName).
bool FilterMatchesTopic(const TopicFilter& filter, const Client& client,
                        std::string_view topic_name);

// Returns whether `allowed`, with its tokens bound to `client`, covers `requested`:
// every valid topic name that `requested` matches is matched by `allowed`. So
// "sensors/#" covers "sensors/+/temp", "sensors/+" does not cover "sensors/#", and "+/#"
// covers "#" (the only name it misses, the empty one, is not a valid topic name).
// `requested` must be valid (ValidateTopicFilter) with any `$share/GROUP/` removed.
bool FilterCoversFilter(const TopicFilter& allowed, const Client& client,
                        std::string_view requested);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_TOPIC_H_
