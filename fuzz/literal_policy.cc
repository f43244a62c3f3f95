#include "fuzz/literal_policy.h"

#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/glob.h"
#include "core/token.h"
#include "core/topic.h"
#include "core/utf8.h"
#include "fuzz/fuzz_policy_decoder.h"
#include "tests/support/policy_generator.h"

namespace mqauthz::fuzzing {
namespace {

using testing::JsonString;

const std::string kMatchesNothing(1, kNeverDecodedByte);

bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == text.size(); }

// Returns the template's text with the client's values, kMatchesNothing when a value is
// absent or empty, or nullopt when the text would not read back as the same literal.
std::optional<std::string> LiteralTemplate(const TokenTemplate& text, const Client& client) {
  const std::optional<std::string> value = Substitute(text, client);
  if (!value.has_value()) return kMatchesNothing;

  if (!IsValidUtf8(*value)) return std::nullopt;
  const absl::StatusOr<TokenTemplate> reread = ParseTokenTemplate(*value);
  if (!reread.ok() || reread->HasTokens()) return std::nullopt;
  return value;
}

// Returns whether `value` can be one level of a valid topic name.
bool IsValidLevel(std::string_view value) {
  for (const char c : {'/', '+', '#', '\0'}) {
    if (value.find(c) != std::string_view::npos) return false;
  }
  return IsValidUtf8(value);
}

std::optional<std::string> LiteralFilter(const TopicFilter& filter, const Client& client) {
  std::vector<std::string> levels;
  TopicFilter expected;
  for (const FilterLevel& level : filter.levels) {
    switch (level.kind) {
      case LevelKind::kSingleLevelWildcard:
        levels.push_back("+");
        break;
      case LevelKind::kMultiLevelWildcard:
        levels.push_back("#");
        break;
      case LevelKind::kLiteral:
        levels.push_back(level.text);
        break;
      case LevelKind::kToken: {
        const std::optional<std::string_view> value =
            ResolveToken(level.token_kind, level.text, client);
        if (!value.has_value() || !IsValidLevel(*value)) return kMatchesNothing;
        levels.emplace_back(*value);
        expected.levels.push_back({.kind = LevelKind::kLiteral, .text = std::string(*value)});
        continue;
      }
    }
    expected.levels.push_back(level);
  }

  // A value such as "{principal.username}" would read back as a token.
  std::string text = absl::StrJoin(levels, "/");
  const absl::StatusOr<TopicFilter> reread = ParsePolicyTopicFilter(text);
  if (!reread.ok() || reread->levels != expected.levels) return std::nullopt;
  return text;
}

void AppendGlobByte(std::string& text, unsigned char byte) {
  constexpr std::string_view kGlobSyntax = "\\*?[]{";
  if (kGlobSyntax.find(static_cast<char>(byte)) != std::string_view::npos) text.push_back('\\');
  text.push_back(static_cast<char>(byte));
}

// Returns the class as its members, each escaped. When the members include bytes >= 0x80,
// which a UTF-8 document cannot hold one by one, returns the negation of the complement.
std::optional<std::string> ClassText(const std::bitset<256>& bytes) {
  bool has_high_byte = false;
  for (std::size_t b = 0x80; b < 256; ++b) has_high_byte = has_high_byte || bytes.test(b);

  const std::bitset<256> members = has_high_byte ? ~bytes : bytes;
  if (members.none()) return std::nullopt;
  std::string text = has_high_byte ? "[^" : "[";
  for (std::size_t b = 0; b < 256; ++b) {
    if (!members.test(b)) continue;
    if (b >= 0x80) return std::nullopt;
    text.push_back('\\');
    text.push_back(static_cast<char>(b));
  }
  text.push_back(']');
  return text;
}

std::optional<std::string> LiteralGlob(const Glob& glob, const Client& client) {
  std::string text;
  Glob expected;
  for (const GlobElement& element : glob.elements) {
    switch (element.kind) {
      case GlobElement::Kind::kByte:
        AppendGlobByte(text, element.byte);
        expected.AddByte(element.byte);
        break;
      case GlobElement::Kind::kAnyByte:
        text.push_back('?');
        expected.AddAnyByte();
        break;
      case GlobElement::Kind::kAnyRun:
        text.push_back('*');
        expected.AddAnyRun();
        break;
      case GlobElement::Kind::kClass: {
        const std::bitset<256>& bytes = glob.ClassBytes(element);
        std::optional<std::string> class_text = ClassText(bytes);
        if (!class_text.has_value()) return std::nullopt;
        text += *class_text;
        expected.AddClass(bytes);
        break;
      }
      case GlobElement::Kind::kToken: {
        const std::optional<std::string_view> value = ResolveToken(glob.TokenOf(element), client);
        if (!value.has_value()) return kMatchesNothing;
        for (const char c : *value) {
          const auto byte = static_cast<unsigned char>(c);
          AppendGlobByte(text, byte);
          expected.AddByte(byte);
        }
        break;
      }
    }
  }

  if (!IsValidUtf8(text)) return std::nullopt;
  const absl::StatusOr<Glob> reread = ParseGlob(text);
  if (!reread.ok() || *reread != expected) return std::nullopt;
  return text;
}

// Collects JSON list items, and remembers whether any could not be written.
class ListWriter {
 public:
  void Add(const std::optional<std::string>& text) {
    if (!text.has_value()) {
      failed_ = true;
      return;
    }
    items_.push_back(JsonString(*text));
  }
  bool failed() const { return failed_; }
  std::string Json() const { return absl::StrCat("[", absl::StrJoin(items_, ", "), "]"); }

 private:
  std::vector<std::string> items_;
  bool failed_ = false;
};

std::optional<std::string> PrincipalsJson(const Principals& principals, const Client& client) {
  ListWriter usernames;
  for (const PrincipalEntry& entry : principals.usernames) {
    usernames.Add(LiteralTemplate(entry.value, client));
  }
  ListWriter client_ids;
  for (const PrincipalEntry& entry : principals.client_ids) {
    client_ids.Add(LiteralTemplate(entry.value, client));
  }

  std::vector<std::string> maps;
  for (const AttributeSet& set : principals.attributes) {
    std::vector<std::string> pairs;
    for (const auto& [name, value] : set.entries) {
      const std::optional<std::string> text = LiteralTemplate(value, client);
      if (!text.has_value()) return std::nullopt;
      pairs.push_back(absl::StrCat(JsonString(name), ": ", JsonString(*text)));
    }
    maps.push_back(absl::StrCat("{", absl::StrJoin(pairs, ", "), "}"));
  }

  if (usernames.failed() || client_ids.failed()) return std::nullopt;
  return absl::StrCat("{\"usernames\": ", usernames.Json(), ", \"clientIds\": ", client_ids.Json(),
                      ", \"attributes\": [", absl::StrJoin(maps, ", "), "]}");
}

std::optional<std::string> BrokerResourceJson(const BrokerResource& resource,
                                              const Client& client) {
  ListWriter client_ids;
  for (const ClientIdGlob& glob : resource.client_ids) {
    client_ids.Add(LiteralGlob(glob.glob, client));
  }
  ListWriter topics;
  for (const PolicyTopicFilter& topic : resource.topics) {
    topics.Add(LiteralFilter(topic.filter, client));
  }
  if (client_ids.failed() || topics.failed()) return std::nullopt;

  std::string json = absl::StrCat("{\"method\": \"", BrokerMethodName(resource.method), "\"");
  if (!resource.client_ids.empty()) absl::StrAppend(&json, ", \"clientIds\": ", client_ids.Json());
  if (!resource.topics.empty()) absl::StrAppend(&json, ", \"topics\": ", topics.Json());
  json.push_back('}');
  return json;
}

std::optional<std::string> StateStoreResourceJson(const StateStoreResource& resource,
                                                  const Client& client) {
  ListWriter keys;
  for (const StateStoreKey& key : resource.keys) {
    switch (resource.key_type) {
      case KeyType::kPattern:
        keys.Add(LiteralGlob(key.glob, client));
        break;
      case KeyType::kString:
        keys.Add(LiteralTemplate(key.exact, client));
        break;
      case KeyType::kBinary:
        keys.Add(absl::Base64Escape(key.bytes));
        break;
    }
  }
  if (keys.failed()) return std::nullopt;
  return absl::StrCat("{\"method\": \"", StateStoreMethodName(resource.method),
                      "\", \"keyType\": \"", KeyTypeName(resource.key_type),
                      "\", \"keys\": ", keys.Json(), "}");
}

std::optional<std::string> RuleJson(const Rule& rule, const Client& client) {
  const std::optional<std::string> principals = PrincipalsJson(rule.principals, client);
  if (!principals.has_value()) return std::nullopt;

  std::vector<std::string> broker;
  for (const BrokerResource& resource : rule.broker_resources) {
    std::optional<std::string> json = BrokerResourceJson(resource, client);
    if (!json.has_value()) return std::nullopt;
    broker.push_back(*std::move(json));
  }
  std::vector<std::string> state_store;
  for (const StateStoreResource& resource : rule.state_store_resources) {
    std::optional<std::string> json = StateStoreResourceJson(resource, client);
    if (!json.has_value()) return std::nullopt;
    state_store.push_back(*std::move(json));
  }

  return absl::StrCat("{\"principals\": ", *principals, ",\n   \"brokerResources\": [",
                      absl::StrJoin(broker, ", "), "],\n   \"stateStoreResources\": [",
                      absl::StrJoin(state_store, ", "), "]}");
}

}  // namespace

std::optional<std::string> LiteralPolicyDocument(const Policy& policy, const Client& client) {
  std::vector<std::string> rules;
  for (const Rule& rule : policy.rules) {
    std::optional<std::string> json = RuleJson(rule, client);
    if (!json.has_value()) return std::nullopt;
    rules.push_back(*std::move(json));
  }
  return absl::StrCat("{\"authorizationPolicies\": {\"cache\": \"",
                      policy.cache_enabled ? "Enabled" : "Disabled", "\", \"rules\": [\n  ",
                      absl::StrJoin(rules, ",\n  "), "\n]}}\n");
}

}  // namespace mqauthz::fuzzing
