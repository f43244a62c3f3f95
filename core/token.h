// Principal tokens: `{principal.clientId}`, `{principal.username}` and
// `{principal.attributes.NAME}`.
//
// Text that starts with `{principal.` is a token and must be one of those three forms;
// any other brace is a literal character (Redis hash tags such as `{user1}:cart` are
// common in keys). A token's value is always literal text: it never acts as a wildcard,
// level separator, glob or another token. A token whose value is absent or empty
// resolves to nothing, and whatever contains it matches nothing.

#ifndef MQAUTHZ_CORE_TOKEN_H_
#define MQAUTHZ_CORE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "core/client.h"

namespace mqauthz {

// Every token starts with this text.
inline constexpr std::string_view kTokenPrefix = "{principal.";

enum class TokenKind : std::uint8_t { kClientId, kUsername, kAttribute };

struct Token {
  TokenKind kind = TokenKind::kClientId;
  std::string attribute;  // the attribute name, for kAttribute only

  friend bool operator==(const Token&, const Token&) = default;
};

// Returns the token's spelling, such as "{principal.attributes.building}".
std::string TokenText(const Token& token);

// Returns the client's value for the token, or nullopt when it is absent or empty.
// The view points into `client`.
std::optional<std::string_view> ResolveToken(const Token& token, const Client& client);

// Returns the same for a token given as its kind and attribute name, so that callers need
// not build a Token. `attribute` is ignored unless `kind` is kAttribute.
std::optional<std::string_view> ResolveToken(TokenKind kind, std::string_view attribute,
                                             const Client& client);

// Text split into literal runs and tokens, in order. Adjacent literals are merged.
struct TokenTemplate {
  std::vector<std::variant<std::string, Token>> parts;

  bool HasTokens() const;
};

// Splits `text` into literals and tokens. Errors (InvalidArgument, with a hint payload,
// see core/status_hint.h): an unknown token such as `{principal.foo}`, an empty
// attribute name `{principal.attributes.}`, and an unclosed `{principal.`.
absl::StatusOr<TokenTemplate> ParseTokenTemplate(std::string_view text);

// Returns the text with every token replaced by the client's value, or nullopt when any
// token resolves to nothing.
std::optional<std::string> Substitute(const TokenTemplate& text, const Client& client);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_TOKEN_H_
