#include "fuzz/fuzz_policy_decoder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/token.h"
#include "runtime/decision_cache.h"
#include "tests/support/policy_generator.h"

namespace mqauthz::fuzzing {
namespace {

using testing::JsonString;

constexpr std::size_t kMaxLevels = 5;
constexpr std::size_t kMaxGlobPieces = 4;
constexpr std::size_t kMaxPatterns = 3;
// A Publish or Subscribe resource may have more filters than other lists have patterns,
// so that some clients can use more Publish filters than Bind collects for a client, and
// Decide walks the Publish trie for them.
constexpr std::size_t kMaxTopics = 10;
constexpr std::size_t kMaxResources = 3;

struct TokenSpelling {
  const char* text;
  TokenKind kind;
  const char* attribute;
};

// Attribute names may contain '/', which a topic filter must not read as a separator.
constexpr std::array<TokenSpelling, 5> kTokens = {{
    {"{principal.clientId}", TokenKind::kClientId, ""},
    {"{principal.username}", TokenKind::kUsername, ""},
    {"{principal.attributes.building}", TokenKind::kAttribute, "building"},
    {"{principal.attributes.floor}", TokenKind::kAttribute, "floor"},
    {"{principal.attributes.a/b}", TokenKind::kAttribute, "a/b"},
}};

constexpr std::array<const char*, 3> kAttributeNames = {"building", "floor", "a/b"};

// Literal topic levels. '*', '?', brackets and braces are ordinary characters in MQTT;
// "{principal" without the dot starts no token.
constexpr std::array<const char*, 15> kLevelWords = {
    "a",   "b",   "sensors", "$SYS",     "$share", "",           "*", "?",
    "{x}", "[x]", "\\",      "\xc3\xa9", "x y",    "{principal", "c1"};

// Client values, and principal entries (where the empty value, which the loader rejects,
// becomes "c1"). The first entry of each list is what an exhausted input decodes to, so
// "c1" there makes the shortest inputs decode to a client that their rule names.
constexpr std::array<const char*, 25> kClientValues = {"c1",
                                                       "a",
                                                       "b",
                                                       "",
                                                       "+",
                                                       "#",
                                                       "/",
                                                       "a/b",
                                                       "*",
                                                       "?",
                                                       "[x]",
                                                       "[",
                                                       "]",
                                                       "{",
                                                       "}",
                                                       "\\",
                                                       "{principal.username}",
                                                       "{principal.clientId}",
                                                       "$SYS",
                                                       "a*",
                                                       "a+",
                                                       "#/+",
                                                       "x y",
                                                       "sensors",
                                                       "\xc3\xa9"};

// Literal glob text, with no glob syntax in it.
constexpr std::array<const char*, 8> kGlobWords = {"a",   "b",        "c1", "sensors/",
                                                   "x y", "\xc3\xa9", "/",  "$"};

// Glob classes, each with one byte that it matches.
struct GlobClass {
  const char* text;
  char member;
};
constexpr std::array<GlobClass, 11> kGlobClasses = {{
    {"[a-c]", 'b'},
    {"[^a]", 'c'},
    {"[!a]", '!'},
    {"[\\]]", ']'},
    {"[+--]", ','},
    {"[z-a]", 'x'},
    {"[-]", '-'},
    {"[ab]", 'a'},
    {"[\\\\]", '\\'},
    {"[#/]", '/'},
    {"[^\\x]", 'y'},
}};

constexpr std::string_view kGlobEscapable = "*?[]\\{";

// Parts of String keys and requested keys. "{user1}:cart" is a Redis hash tag, not a token.
constexpr std::array<const char*, 9> kKeyWords = {
    "a", "b", "{user1}:cart", "config/", "\xc3\xa9", "x y", "*", "?", "c1"};

// The characters of raw policy text: ASCII, so always valid UTF-8, with those that mean
// something in topic filters, globs and tokens.
constexpr std::string_view kRawAlphabet = "ab/+#*?[]{}\\^-!$ .";

// The characters a special-character variant of a client value introduces.
constexpr std::string_view kSpecialCharacters = "+#/*?[]{}\\";

template <typename T, std::size_t N>
const T& Pick(FuzzedDataProvider& data, const std::array<T, N>& items) {
  return items[data.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

template <typename T>
const T& Pick(FuzzedDataProvider& data, const std::vector<T>& items) {
  return items[data.ConsumeIntegralInRange<std::size_t>(0, items.size() - 1)];
}

std::string JsonList(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  quoted.reserve(items.size());
  for (const std::string& item : items) quoted.push_back(JsonString(item));
  return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
}

std::string PrincipalsJson(const DecodedRule& rule) {
  std::vector<std::string> fields;
  if (!rule.usernames.empty()) {
    fields.push_back(absl::StrCat("\"usernames\": ", JsonList(rule.usernames)));
  }
  if (!rule.client_ids.empty()) {
    fields.push_back(absl::StrCat("\"clientIds\": ", JsonList(rule.client_ids)));
  }
  if (!rule.attributes.empty()) {
    std::vector<std::string> maps;
    for (const auto& map : rule.attributes) {
      std::vector<std::string> pairs;
      for (const auto& [name, value] : map) {
        pairs.push_back(absl::StrCat(JsonString(name), ": ", JsonString(value)));
      }
      maps.push_back(absl::StrCat("{", absl::StrJoin(pairs, ", "), "}"));
    }
    fields.push_back(absl::StrCat("\"attributes\": [", absl::StrJoin(maps, ", "), "]"));
  }
  return absl::StrCat("{", absl::StrJoin(fields, ", "), "}");
}

std::string BrokerResourceJson(const DecodedBrokerResource& resource) {
  std::string json = absl::StrCat("{\"method\": ", JsonString(resource.method));
  if (!resource.client_ids.empty()) {
    absl::StrAppend(&json, ", \"clientIds\": ", JsonList(resource.client_ids));
  }
  if (!resource.topics.empty()) absl::StrAppend(&json, ", \"topics\": ", JsonList(resource.topics));
  json.push_back('}');
  return json;
}

std::string StateStoreResourceJson(const DecodedStateStoreResource& resource) {
  std::string json = absl::StrCat("{\"method\": ", JsonString(resource.method));
  if (!resource.key_type.empty()) {
    absl::StrAppend(&json, ", \"keyType\": ", JsonString(resource.key_type));
  }
  absl::StrAppend(&json, ", \"keys\": ", JsonList(resource.keys), "}");
  return json;
}

std::string RuleJson(const DecodedRule& rule) {
  std::vector<std::string> broker;
  for (const DecodedBrokerResource& resource : rule.broker_resources) {
    broker.push_back(BrokerResourceJson(resource));
  }
  std::string json = absl::StrCat("{\"principals\": ", PrincipalsJson(rule),
                                  ",\n   \"brokerResources\": [", absl::StrJoin(broker, ", "), "]");
  if (!rule.state_store_resources.empty()) {
    std::vector<std::string> state_store;
    for (const DecodedStateStoreResource& resource : rule.state_store_resources) {
      state_store.push_back(StateStoreResourceJson(resource));
    }
    absl::StrAppend(&json, ",\n   \"stateStoreResources\": [", absl::StrJoin(state_store, ", "),
                    "]");
  }
  json.push_back('}');
  return json;
}

// Replaces kNeverDecodedByte, so that no decoded value contains it.
std::string WithoutReservedByte(std::string text) {
  std::replace(text.begin(), text.end(), kNeverDecodedByte, '~');
  return text;
}

}  // namespace

std::string PolicyDocument(const DecodedPolicy& policy) {
  std::vector<std::string> rules;
  rules.reserve(policy.rules.size());
  for (const DecodedRule& rule : policy.rules) rules.push_back(RuleJson(rule));
  return absl::StrCat("{\"authorizationPolicies\": {\"cache\": \"",
                      policy.cache_enabled ? "Enabled" : "Disabled", "\", \"rules\": [\n  ",
                      absl::StrJoin(rules, ",\n  "), "\n]}}\n");
}

// ---------------------------------------------------------------------------------------
// Counts and choices

std::size_t CaseDecoder::DecodeIndex(std::size_t size) {
  return data_.ConsumeIntegralInRange<std::size_t>(0, size - 1);
}

std::size_t CaseDecoder::DecodeCount(std::size_t low, std::size_t high) {
  return data_.ConsumeIntegralInRange<std::size_t>(low, high);
}

std::vector<std::size_t> CaseDecoder::DecodePermutation(std::size_t size) {
  std::vector<std::size_t> order(size);
  for (std::size_t i = 0; i < size; ++i) order[i] = i;
  for (std::size_t i = size; i > 1; --i) std::swap(order[i - 1], order[DecodeIndex(i)]);
  return order;
}

std::string CaseDecoder::RawText(std::size_t max_length) {
  std::string text = data_.ConsumeRandomLengthString(max_length);
  for (char& c : text) c = kRawAlphabet[static_cast<unsigned char>(c) % kRawAlphabet.size()];
  return text;
}

std::string CaseDecoder::RawBytes(std::size_t max_length) {
  return WithoutReservedByte(data_.ConsumeRandomLengthString(max_length));
}

// ---------------------------------------------------------------------------------------
// Policies

DecodedPolicy CaseDecoder::DecodePolicy() {
  DecodedPolicy policy;
  policy.cache_enabled = !data_.ConsumeBool();
  const std::size_t rule_count = DecodeCount(1, kMaxRules);
  for (std::size_t i = 0; i < rule_count; ++i) policy.rules.push_back(DecodeRule());
  return policy;
}

DecodedRule CaseDecoder::DecodeRule() {
  DecodedRule rule;
  for (std::size_t i = DecodeCount(0, 2); i > 0; --i) rule.usernames.push_back(PrincipalEntry());
  for (std::size_t i = DecodeCount(0, 2); i > 0; --i) rule.client_ids.push_back(PrincipalEntry());
  for (std::size_t i = DecodeCount(0, 2); i > 0; --i) rule.attributes.push_back(AttributeMap());
  // A rule without principals matches no client, which would waste the rest of the rule.
  if (rule.usernames.empty() && rule.client_ids.empty() && rule.attributes.empty()) {
    rule.client_ids.push_back(PrincipalEntry());
  }

  for (std::size_t i = DecodeCount(1, kMaxResources); i > 0; --i) {
    rule.broker_resources.push_back(BrokerResource());
  }
  for (std::size_t i = DecodeCount(0, 2); i > 0; --i) {
    rule.state_store_resources.push_back(StateStoreResource());
  }
  return rule;
}

std::string CaseDecoder::PrincipalEntry() {
  std::string entry;
  switch (data_.ConsumeIntegralInRange(0, 6)) {
    case 0:
    case 1:
    case 2:
      entry = Pick(data_, kClientValues);
      if (entry.empty()) entry = "c1";
      break;
    case 3:
    case 4:
      return Pick(data_, kTokens).text;
    case 5:
      // A token inside other text, which the loader accepts in principal entries.
      return absl::StrCat(Pick(data_, kTokens).text, "-", Pick(data_, kGlobWords));
    case 6:
      entry = RawText(6);
      break;
  }
  principal_literals_.push_back(entry);
  return entry;
}

std::vector<std::pair<std::string, std::string>> CaseDecoder::AttributeMap() {
  std::vector<std::pair<std::string, std::string>> map;
  for (std::size_t i = DecodeCount(1, 2); i > 0; --i) {
    std::string name = data_.ConsumeBool() ? RawText(4) : Pick(data_, kAttributeNames);
    std::string value;
    if (data_.ConsumeBool()) {
      value = Pick(data_, kTokens).text;
    } else {
      value = Pick(data_, kClientValues);
      attribute_literals_.emplace_back(name, value);
    }

    // A repeated name would be a duplicate JSON key, which the loader rejects.
    const bool repeated =
        std::any_of(map.begin(), map.end(), [&](const auto& pair) { return pair.first == name; });
    if (!repeated) map.emplace_back(std::move(name), std::move(value));
  }
  return map;
}

// Returns `method` as written, or in lower or upper case, because the loader matches
// methods and key types case-insensitively.
std::string CaseDecoder::MethodSpelling(const char* method) {
  std::string spelling = method;
  switch (data_.ConsumeIntegralInRange(0, 7)) {
    case 6:
      for (char& c : spelling) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      break;
    case 7:
      for (char& c : spelling) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
    default:
      break;
  }
  return spelling;
}

DecodedBrokerResource CaseDecoder::BrokerResource() {
  // Publish first, so that the shortest inputs decode to a rule that requests can hit.
  static constexpr std::array<const char*, 3> kMethods = {"Publish", "Subscribe", "Connect"};
  DecodedBrokerResource resource;
  const std::size_t method = DecodeIndex(kMethods.size());
  resource.method = MethodSpelling(kMethods[method]);

  for (std::size_t i = DecodeCount(0, 2); i > 0; --i) {
    resource.client_ids.push_back(Glob(client_id_globs_));
  }
  if (method != 2) {
    // As many filters as other patterns, and now and then up to kMaxTopics.
    std::size_t count = DecodeCount(1, kMaxPatterns);
    if (count == kMaxPatterns) count = DecodeCount(kMaxPatterns, kMaxTopics);
    for (; count > 0; --count) resource.topics.push_back(TopicFilter());
  }
  return resource;
}

DecodedStateStoreResource CaseDecoder::StateStoreResource() {
  static constexpr std::array<const char*, 3> kMethods = {"ReadWrite", "Read", "Write"};
  static constexpr std::array<const char*, 4> kKeyTypes = {"Pattern", "String", "Binary", ""};
  DecodedStateStoreResource resource;
  resource.method = MethodSpelling(Pick(data_, kMethods));
  const std::size_t key_type = DecodeIndex(kKeyTypes.size());
  resource.key_type = kKeyTypes[key_type];
  if (!resource.key_type.empty()) resource.key_type = MethodSpelling(kKeyTypes[key_type]);

  for (std::size_t i = DecodeCount(1, kMaxPatterns); i > 0; --i) {
    switch (key_type) {
      case 1:
        resource.keys.push_back(StringKey());
        break;
      case 2:
        resource.keys.push_back(BinaryKey());
        break;
      default:
        resource.keys.push_back(Glob(key_globs_));
        break;
    }
  }
  return resource;
}

std::string CaseDecoder::TopicFilter() {
  PatternPieces pieces;
  std::vector<std::string> levels;
  for (std::size_t i = DecodeCount(1, kMaxLevels); i > 0; --i) {
    PatternPiece piece;
    std::string text;
    switch (data_.ConsumeIntegralInRange(0, 8)) {
      case 4:
        piece.kind = PatternPiece::Kind::kSingleLevel;
        text = "+";
        break;
      case 5:
        piece.kind = PatternPiece::Kind::kMultiLevel;
        text = "#";
        break;
      case 6:
      case 7:
        piece.kind = PatternPiece::Kind::kToken;
        piece.token = DecodeIndex(kTokens.size());
        text = kTokens[piece.token].text;
        break;
      case 8:
        // Raw text may hold '/', '+' or '#' and so make more levels or an invalid filter.
        text = RawText(4);
        piece.example = text;
        break;
      default:
        text = Pick(data_, kLevelWords);
        piece.example = text;
        break;
    }
    pieces.push_back(piece);
    levels.push_back(std::move(text));
    // '#' must be the last level.
    if (piece.kind == PatternPiece::Kind::kMultiLevel) break;
  }
  filters_.push_back(std::move(pieces));
  return absl::StrJoin(levels, "/");
}

std::string CaseDecoder::Glob(std::vector<PatternPieces>& remembered) {
  PatternPieces pieces;
  std::string text;
  for (std::size_t i = DecodeCount(1, kMaxGlobPieces); i > 0; --i) {
    PatternPiece piece;
    switch (data_.ConsumeIntegralInRange(0, 9)) {
      case 3:
        piece.kind = PatternPiece::Kind::kAnyRun;
        text += "*";
        break;
      case 4:
        piece.kind = PatternPiece::Kind::kAnyByte;
        text += "?";
        break;
      case 5: {
        const GlobClass& glob_class = Pick(data_, kGlobClasses);
        piece.kind = PatternPiece::Kind::kClass;
        piece.example = std::string(1, glob_class.member);
        text += glob_class.text;
        break;
      }
      case 6: {
        const char escaped = kGlobEscapable[DecodeIndex(kGlobEscapable.size())];
        piece.example = std::string(1, escaped);
        text += absl::StrCat("\\", piece.example);
        break;
      }
      case 7:
      case 8:
        piece.kind = PatternPiece::Kind::kToken;
        piece.token = DecodeIndex(kTokens.size());
        text += kTokens[piece.token].text;
        break;
      case 9:
        // Raw text may be glob syntax, even an invalid one.
        piece.example = RawText(4);
        text += piece.example;
        break;
      default:
        piece.example = Pick(data_, kGlobWords);
        text += piece.example;
        break;
    }
    pieces.push_back(std::move(piece));
  }
  remembered.push_back(std::move(pieces));
  return text;
}

std::string CaseDecoder::StringKey() {
  PatternPieces pieces;
  std::string text;
  for (std::size_t i = DecodeCount(1, 3); i > 0; --i) {
    PatternPiece piece;
    switch (data_.ConsumeIntegralInRange(0, 3)) {
      case 2:
        piece.kind = PatternPiece::Kind::kToken;
        piece.token = DecodeIndex(kTokens.size());
        text += kTokens[piece.token].text;
        break;
      case 3:
        piece.example = RawText(4);
        text += piece.example;
        break;
      default:
        piece.example = Pick(data_, kKeyWords);
        text += piece.example;
        break;
    }
    pieces.push_back(std::move(piece));
  }
  string_keys_.push_back(std::move(pieces));
  return text;
}

std::string CaseDecoder::BinaryKey() {
  if (data_.ConsumeIntegralInRange(0, 4) == 4) return RawText(8);  // often not base64
  std::string bytes = RawBytes(6);
  if (bytes.empty()) bytes = std::string(1, '\0');
  binary_keys_.push_back(bytes);
  return absl::Base64Escape(bytes);
}

// ---------------------------------------------------------------------------------------
// Clients

std::string CaseDecoder::ClientValue() {
  switch (data_.ConsumeIntegralInRange(0, 4)) {
    case 2:
      if (!principal_literals_.empty()) return Pick(data_, principal_literals_);
      return Pick(data_, kClientValues);
    case 3:
      return RawText(6);
    case 4:
      return RawBytes(6);
    default:
      return Pick(data_, kClientValues);
  }
}

Client CaseDecoder::DecodeClient() {
  Client client;
  switch (data_.ConsumeIntegralInRange(0, 3)) {
    case 2:
      if (!principal_literals_.empty()) {
        client.client_id = Pick(data_, principal_literals_);
        break;
      }
      client.client_id = ClientValue();
      break;
    case 3:
      if (!client_id_globs_.empty()) {
        client.client_id = InstantiateGlob(Pick(data_, client_id_globs_), client);
        break;
      }
      client.client_id = ClientValue();
      break;
    default:
      client.client_id = ClientValue();
      break;
  }

  switch (data_.ConsumeIntegralInRange(0, 3)) {
    case 1:
      client.username = ClientValue();
      break;
    case 2:
      client.username =
          principal_literals_.empty() ? ClientValue() : Pick(data_, principal_literals_);
      break;
    case 3:
      client.username = client.client_id;
      break;
    default:
      break;
  }

  for (std::size_t i = DecodeCount(0, 3); i > 0; --i) {
    if (!attribute_literals_.empty() && data_.ConsumeBool()) {
      const auto& [name, value] = Pick(data_, attribute_literals_);
      client.attributes[name] = value;
      continue;
    }
    std::string name = data_.ConsumeBool() ? RawText(4) : Pick(data_, kAttributeNames);
    client.attributes[std::move(name)] = ClientValue();
  }
  return client;
}

Client CaseDecoder::DecodeSpecialCharacterVariant(const Client& client) {
  Client variant = client;
  std::vector<std::string*> values = {&variant.client_id};
  if (variant.username.has_value()) values.push_back(&*variant.username);
  for (auto& [name, value] : variant.attributes) values.push_back(&value);

  std::string& value = *values[DecodeIndex(values.size())];
  for (std::size_t i = DecodeCount(1, 2); i > 0; --i) {
    const char special = kSpecialCharacters[DecodeIndex(kSpecialCharacters.size())];
    const std::size_t position = DecodeIndex(value.size() + 1);
    if (position < value.size() && data_.ConsumeBool()) {
      value[position] = special;
    } else {
      value.insert(position, 1, special);
    }
  }
  return variant;
}

// ---------------------------------------------------------------------------------------
// Requests

std::string CaseDecoder::TokenValue(std::size_t token, const Client& client) {
  const TokenSpelling& spelling = kTokens[token];
  const std::optional<std::string_view> value =
      ResolveToken(Token{spelling.kind, spelling.attribute}, client);
  if (!value.has_value()) return Pick(data_, kLevelWords);
  return std::string(*value);
}

std::string CaseDecoder::LongText() {
  constexpr std::size_t kLongest = DecisionCache::kMaxKeyBytes;
  return std::string(DecodeCount(kLongest - 8, kLongest + 8), 'a');
}

std::string CaseDecoder::LevelValue(const Client& client) {
  switch (data_.ConsumeIntegralInRange(0, 6)) {
    case 6:
      return LongText();
    case 2:
      return client.client_id;
    case 3:
      return client.username.value_or("");
    case 4:
      if (client.attributes.empty()) return "";
      return std::next(client.attributes.begin(), DecodeIndex(client.attributes.size()))->second;
    case 5:
      return RawBytes(4);
    default:
      return Pick(data_, kLevelWords);
  }
}

std::string CaseDecoder::KeyFragment(const Client& client) {
  switch (data_.ConsumeIntegralInRange(0, 5)) {
    case 5:
      return LongText();
    case 2:
      return client.client_id;
    case 3:
      return LevelValue(client);
    case 4:
      return RawBytes(4);
    default:
      return Pick(data_, kKeyWords);
  }
}

std::string CaseDecoder::InstantiateFilter(const PatternPieces& filter, const Client& client,
                                           bool keep_wildcards) {
  std::vector<std::string> levels;
  for (const PatternPiece& piece : filter) {
    switch (piece.kind) {
      case PatternPiece::Kind::kSingleLevel:
        levels.push_back(keep_wildcards && data_.ConsumeBool() ? "+" : LevelValue(client));
        break;
      case PatternPiece::Kind::kMultiLevel:
        if (keep_wildcards && data_.ConsumeBool()) {
          levels.push_back("#");
          break;
        }
        for (std::size_t i = DecodeCount(0, 2); i > 0; --i) levels.push_back(LevelValue(client));
        break;
      case PatternPiece::Kind::kToken:
        levels.push_back(TokenValue(piece.token, client));
        break;
      default:
        // Now and then a level differs from the filter's, for near misses.
        levels.push_back(data_.ConsumeIntegralInRange(0, 7) == 7 ? LevelValue(client)
                                                                 : piece.example);
        break;
    }
  }
  return absl::StrJoin(levels, "/");
}

std::string CaseDecoder::InstantiateGlob(const PatternPieces& glob, const Client& client) {
  std::string text;
  for (const PatternPiece& piece : glob) {
    switch (piece.kind) {
      case PatternPiece::Kind::kAnyRun:
        for (std::size_t i = DecodeCount(0, 2); i > 0; --i) text += KeyFragment(client);
        break;
      case PatternPiece::Kind::kAnyByte: {
        const std::string byte = RawBytes(1);
        text += byte.empty() ? "?" : byte;
        break;
      }
      case PatternPiece::Kind::kToken:
        text += TokenValue(piece.token, client);
        break;
      default:
        text += piece.example;
        break;
    }
  }
  return text;
}

std::string CaseDecoder::PublishTopic(const Client& client) {
  if (!filters_.empty() && data_.ConsumeIntegralInRange(0, 3) != 3) {
    return InstantiateFilter(Pick(data_, filters_), client, false);
  }
  std::vector<std::string> levels;
  for (std::size_t i = DecodeCount(1, kMaxLevels); i > 0; --i) levels.push_back(LevelValue(client));
  return absl::StrJoin(levels, "/");
}

std::string CaseDecoder::SubscribeFilter(const Client& client) {
  std::string prefix;
  switch (data_.ConsumeIntegralInRange(0, 7)) {
    case 6:
      prefix = "$share/g/";
      break;
    case 7:
      // Sometimes an empty or wildcard group, which makes the request invalid.
      prefix = absl::StrCat("$share/", LevelValue(client), "/");
      break;
    default:
      break;
  }

  if (!filters_.empty() && data_.ConsumeIntegralInRange(0, 3) != 3) {
    return prefix + InstantiateFilter(Pick(data_, filters_), client, true);
  }
  std::vector<std::string> levels;
  for (std::size_t i = DecodeCount(1, kMaxLevels); i > 0; --i) {
    switch (data_.ConsumeIntegralInRange(0, 5)) {
      case 4:
        levels.push_back("+");
        break;
      case 5:
        levels.push_back("#");
        break;
      default:
        levels.push_back(LevelValue(client));
        break;
    }
  }
  return prefix + absl::StrJoin(levels, "/");
}

std::string CaseDecoder::InstantiateAnyGlob(const std::vector<PatternPieces>& globs,
                                            const Client& client) {
  if (globs.empty()) return KeyFragment(client);
  return InstantiateGlob(Pick(data_, globs), client);
}

std::string CaseDecoder::Key(const Client& client) {
  std::string key;
  switch (data_.ConsumeIntegralInRange(0, 5)) {
    case 1:
      key = InstantiateAnyGlob(string_keys_, client);
      break;
    case 2:
      key = binary_keys_.empty() ? KeyFragment(client) : Pick(data_, binary_keys_);
      break;
    case 3:
      for (std::size_t i = DecodeCount(1, 3); i > 0; --i) key += KeyFragment(client);
      break;
    case 4:
      key = InstantiateAnyGlob(client_id_globs_, client);
      break;
    default:
      key = InstantiateAnyGlob(key_globs_, client);
      break;
  }

  // Now and then a key one fragment longer, for near misses.
  if (data_.ConsumeIntegralInRange(0, 7) == 7) key += KeyFragment(client);
  return key;
}

Request CaseDecoder::DecodeRequest(const Client& client) {
  // Publish first, as for broker resources.
  static constexpr std::array<Action, 8> kActions = {
      Action::kPublish,   Action::kSubscribe, Action::kConnect, Action::kGet,
      Action::kKeyNotify, Action::kSet,       Action::kDel,     Action::kVDel};
  Request request;
  request.action = Pick(data_, kActions);
  switch (request.action) {
    case Action::kConnect:
      break;
    case Action::kPublish:
      request.topic = PublishTopic(client);
      break;
    case Action::kSubscribe:
      request.topic = SubscribeFilter(client);
      break;
    default:
      request.key = Key(client);
      break;
  }
  return request;
}

std::vector<ClientRequest> CaseDecoder::DecodeRequests(const std::vector<Client>& clients) {
  std::vector<ClientRequest> requests;
  for (std::size_t i = 0; i < kMaxRequestsPerCase; ++i) {
    if (i >= clients.size() && exhausted()) break;
    const std::size_t client = i < clients.size() ? i : DecodeIndex(clients.size());
    requests.push_back({client, DecodeRequest(clients[client])});
  }
  return requests;
}

}  // namespace mqauthz::fuzzing
