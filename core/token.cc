#include "core/token.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/client.h"
#include "core/status_hint.h"

namespace mqauthz {
namespace {

constexpr std::string_view kAttributePrefix = "attributes.";
constexpr char kValidForms[] =
    "{principal.clientId}, {principal.username} or {principal.attributes.NAME}";

// Suggests the right spelling when `body` (the text between "{principal." and "}") differs
// from a valid token only in letter case, else lists the valid forms.
std::string UnknownTokenHint(std::string_view body) {
  std::string lower(body);
  absl::AsciiStrToLower(&lower);
  if (lower == "clientid") {
    return "tokens are case-sensitive: write {principal.clientId}";
  }
  if (lower == "username") {
    return "tokens are case-sensitive: write {principal.username}";
  }
  if (lower.starts_with(kAttributePrefix)) {
    return absl::StrCat("tokens are case-sensitive: write {principal.attributes.",
                        std::string(body.substr(kAttributePrefix.size())), "}");
  }
  return absl::StrCat("use ", kValidForms);
}

// Parses the token whose text is `text` ("{principal." through the first "}").
absl::StatusOr<Token> ParseToken(std::string_view text) {
  const std::string_view body =
      text.substr(kTokenPrefix.size(), text.size() - kTokenPrefix.size() - 1);
  if (body == "clientId") return Token{TokenKind::kClientId, ""};
  if (body == "username") return Token{TokenKind::kUsername, ""};
  if (body.starts_with(kAttributePrefix)) {
    const std::string_view name = body.substr(kAttributePrefix.size());
    if (name.empty()) {
      return InvalidArgumentWithHint(
          absl::StrCat("token ", std::string(text), " has an empty attribute name"),
          "name the attribute, such as {principal.attributes.building}");
    }
    return Token{TokenKind::kAttribute, std::string(name)};
  }
  return InvalidArgumentWithHint(absl::StrCat("unknown token ", std::string(text)),
                                 UnknownTokenHint(body));
}

absl::Status UnclosedTokenError(std::string_view rest) {
  // Long keys would make the message unreadable, so only the start of the token is shown.
  constexpr std::size_t kMaxShownBytes = 64;
  const std::string excerpt =
      rest.size() <= kMaxShownBytes
          ? std::string(rest)
          : absl::StrCat(std::string(rest.substr(0, kMaxShownBytes)), "...");
  return InvalidArgumentWithHint(absl::StrCat("unclosed token: `", excerpt, "` has no closing '}'"),
                                 absl::StrCat("close the token with '}' and use ", kValidForms));
}

void AppendLiteral(TokenTemplate& result, std::string_view literal) {
  if (literal.empty()) return;
  if (!result.parts.empty() && std::holds_alternative<std::string>(result.parts.back())) {
    std::get<std::string>(result.parts.back()).append(literal);
    return;
  }
  result.parts.emplace_back(std::string(literal));
}

}  // namespace

std::string TokenText(const Token& token) {
  switch (token.kind) {
    case TokenKind::kClientId:
      return "{principal.clientId}";
    case TokenKind::kUsername:
      return "{principal.username}";
    case TokenKind::kAttribute:
      return absl::StrCat("{principal.attributes.", token.attribute, "}");
  }
  return "{principal.?}";
}

std::optional<std::string_view> ResolveToken(const Token& token, const Client& client) {
  return ResolveToken(token.kind, token.attribute, client);
}

std::optional<std::string_view> ResolveToken(TokenKind kind, std::string_view attribute,
                                             const Client& client) {
  std::optional<std::string_view> value;
  switch (kind) {
    case TokenKind::kClientId:
      value = client.client_id;
      break;
    case TokenKind::kUsername:
      if (client.username.has_value()) value = *client.username;
      break;
    case TokenKind::kAttribute: {
      const auto it = client.attributes.find(attribute);
      if (it != client.attributes.end()) value = it->second;
      break;
    }
  }
  if (value.has_value() && value->empty()) return std::nullopt;
  return value;
}

bool TokenTemplate::HasTokens() const {
  for (const auto& part : parts) {
    if (std::holds_alternative<Token>(part)) return true;
  }
  return false;
}

absl::StatusOr<TokenTemplate> ParseTokenTemplate(std::string_view text) {
  TokenTemplate result;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t start = text.find(kTokenPrefix, position);
    if (start == std::string_view::npos) {
      AppendLiteral(result, text.substr(position));
      break;
    }
    AppendLiteral(result, text.substr(position, start - position));

    const std::size_t close = text.find('}', start + kTokenPrefix.size());
    if (close == std::string_view::npos) return UnclosedTokenError(text.substr(start));
    absl::StatusOr<Token> token = ParseToken(text.substr(start, close + 1 - start));
    if (!token.ok()) return token.status();
    result.parts.emplace_back(*std::move(token));
    position = close + 1;
  }
  return result;
}

std::optional<std::string> Substitute(const TokenTemplate& text, const Client& client) {
  std::string result;
  for (const auto& part : text.parts) {
    if (const auto* literal = std::get_if<std::string>(&part)) {
      result.append(*literal);
      continue;
    }
    const std::optional<std::string_view> value = ResolveToken(std::get<Token>(part), client);
    if (!value.has_value()) return std::nullopt;
    result.append(*value);
  }
  return result;
}

}  // namespace mqauthz
