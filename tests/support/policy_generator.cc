#include "tests/support/policy_generator.h"

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/client.h"
#include "core/glob.h"
#include "core/policy.h"
#include "core/reference_evaluator.h"
#include "core/request.h"
#include "core/token.h"
#include "core/topic.h"

namespace mqauthz::testing {
namespace {

// Words shared by policies and requests, so that generated requests hit generated rules.
constexpr std::string_view kWords[] = {"sensors", "temp",    "a",          "b",       "x",
                                       "dev-1",   "dev-2",   "building22", "contoso", "café",
                                       "€",       "{user1}", "cmd",        "state",   "v1"};

// Client ids, usernames and attribute values meant to break a careless engine: wildcards,
// separators, glob syntax and token text that must all stay literal.
constexpr std::string_view kHostileValues[] = {
    "#",    "+",       "a/b", "*", "?", "[x]",  "{principal.username}", "{principal.clientId}", "",
    "$SYS", "dev-1/#", "\\",  "é", "/", "dev-*"};

constexpr std::string_view kClientIds[] = {"dev-1",    "dev-2", "c", "building22-x",
                                           "sensor-7", "café",  "x"};
constexpr std::string_view kUsernames[] = {"alice", "bob", "dev-1", "contoso"};
constexpr std::string_view kAttributeNames[] = {"building", "organization", "role", "a/b", "x.y"};
constexpr std::string_view kAttributeValues[] = {"building22", "contoso", "device", "dev-1", "b"};

// Class texts that the loader accepts, each a case where Redis's reading is easy to get
// wrong: reversed ranges, '!' that does not negate, '-' first or as a range end, escapes.
constexpr std::string_view kGlobClasses[] = {"[abc]",  "[a-z]", "[z-a]", "[^a]",   "[!a]",
                                             "[-a]",   "[-]",   "[+--]", "[\\]]",  "[é]",
                                             "[\\-x]", "[^/]",  "[0-9]", "[^\\x]", "[a\\-z]"};
constexpr std::string_view kGlobEscapes[] = {"\\*", "\\?", "\\[", "\\\\", "\\{", "\\a", "\\]"};

template <std::size_t N>
std::string Pick(Random& random, const std::string_view (&items)[N]) {
  return std::string(items[random.Below(N)]);
}

std::string JsonList(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  quoted.reserve(items.size());
  for (const std::string& item : items) quoted.push_back(JsonString(item));
  return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
}

// Returns the bytes of `value` with '\0' and bytes >= 0x80 allowed, as base64.
std::string RandomBytes(Random& random, std::size_t length) {
  static constexpr unsigned char kInteresting[] = {0x00, 0x01, 0x2A, 0x2F, 0x3F, 0x5B,
                                                   0x61, 0x7F, 0x80, 0xC3, 0xA9, 0xFF};
  std::string bytes;
  for (std::size_t i = 0; i < length; ++i) {
    bytes.push_back(static_cast<char>(kInteresting[random.Below(sizeof(kInteresting))]));
  }
  return bytes;
}

std::string Escaped(std::string_view bytes) { return absl::CHexEscape(std::string(bytes)); }

}  // namespace

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(static_cast<unsigned>(byte), absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

// ---------------------------------------------------------------------------------------
// PolicyGenerator

PolicyGenerator::PolicyGenerator(std::uint64_t seed, PolicyGeneratorOptions options)
    : random_(seed), options_(options) {}

std::string PolicyGenerator::NextPolicyJson() {
  const std::size_t count = random_.Between(options_.min_rules, options_.max_rules);
  std::vector<std::string> rules;
  rules.reserve(count);
  for (std::size_t i = 0; i < count; ++i) rules.push_back(Rule());
  const char* cache = random_.Chance(50) ? "Enabled" : "disabled";
  return absl::StrCat("{\"authorizationPolicies\": {\"cache\": \"", cache, "\", \"rules\": [\n  ",
                      absl::StrJoin(rules, ",\n  "), "\n]}}\n");
}

std::string PolicyGenerator::Rule() {
  std::vector<std::string> broker;
  const std::size_t broker_count = random_.Between(1, options_.max_resources);
  for (std::size_t i = 0; i < broker_count; ++i) broker.push_back(BrokerResource());
  std::string rule = absl::StrCat("{\"principals\": ", Principals(), ", \"brokerResources\": [",
                                  absl::StrJoin(broker, ", "), "]");
  if (random_.Chance(60)) {
    std::vector<std::string> state;
    const std::size_t state_count = random_.Between(1, options_.max_resources);
    for (std::size_t i = 0; i < state_count; ++i) state.push_back(StateStoreResource());
    absl::StrAppend(&rule, ", \"stateStoreResources\": [", absl::StrJoin(state, ", "), "]");
  }
  rule.push_back('}');
  return rule;
}

std::string PolicyGenerator::Principals() {
  const unsigned adversarial = options_.adversarial_percent;
  std::vector<std::string> fields;

  if (random_.Chance(50)) {
    std::vector<std::string> ids;
    const std::size_t count = random_.Between(1, 3);
    for (std::size_t i = 0; i < count; ++i) {
      if (random_.Chance(adversarial)) {
        // A token entry, or a literal that looks like one of the hostile client ids.
        ids.push_back(random_.Chance(50) ? Token() : absl::StrCat(Token(), "-x"));
      } else {
        ids.push_back(Pick(random_, kClientIds));
      }
    }
    fields.push_back(absl::StrCat("\"clientIds\": ", JsonList(ids)));
  }
  if (random_.Chance(35)) {
    std::vector<std::string> names;
    const std::size_t count = random_.Between(1, 2);
    for (std::size_t i = 0; i < count; ++i) {
      names.push_back(random_.Chance(adversarial) ? Token() : Pick(random_, kUsernames));
    }
    fields.push_back(absl::StrCat("\"usernames\": ", JsonList(names)));
  }
  if (random_.Chance(45)) {
    std::vector<std::string> maps;
    const std::size_t count = random_.Between(1, 2);
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<std::string> entries;
      // JSON object keys must be distinct, so the second name is the next one in the list.
      const std::size_t size = random_.Between(1, 2);
      const std::size_t first_name = random_.Below(std::size(kAttributeNames));
      for (std::size_t j = 0; j < size; ++j) {
        std::string value;
        if (random_.Chance(adversarial / 2)) {
          value = Token();
        } else if (random_.Chance(adversarial / 3)) {
          value = Pick(random_, kHostileValues);
        } else {
          value = Pick(random_, kAttributeValues);
        }
        const std::string_view name =
            kAttributeNames[(first_name + j) % std::size(kAttributeNames)];
        entries.push_back(absl::StrCat(JsonString(name), ": ", JsonString(value)));
      }
      maps.push_back(absl::StrCat("{", absl::StrJoin(entries, ", "), "}"));
    }
    fields.push_back(absl::StrCat("\"attributes\": [", absl::StrJoin(maps, ", "), "]"));
  }
  return absl::StrCat("{", absl::StrJoin(fields, ", "), "}");
}

std::string PolicyGenerator::BrokerResource() {
  static const char* const kMethods[] = {"Connect", "Publish", "Subscribe", "publish", "SUBSCRIBE"};
  const char* method = kMethods[random_.Below(5)];
  std::string resource = absl::StrCat("{\"method\": \"", method, "\"");

  if (random_.Chance(30)) {
    std::vector<std::string> globs;
    const std::size_t count = random_.Between(1, options_.max_patterns);
    for (std::size_t i = 0; i < count; ++i) globs.push_back(Glob());
    absl::StrAppend(&resource, ", \"clientIds\": ", JsonList(globs));
  }
  if (std::string_view(method) != "Connect") {
    std::vector<std::string> topics;
    const std::size_t count = random_.Between(1, options_.max_patterns);
    for (std::size_t i = 0; i < count; ++i) topics.push_back(TopicFilter());
    absl::StrAppend(&resource, ", \"topics\": ", JsonList(topics));
  }
  resource.push_back('}');
  return resource;
}

std::string PolicyGenerator::StateStoreResource() {
  static const char* const kMethods[] = {"Read", "Write", "ReadWrite", "readwrite"};
  static const char* const kKeyTypes[] = {"Pattern", "String", "Binary", "pattern"};
  const char* method = kMethods[random_.Below(4)];
  const bool omit_key_type = random_.Chance(20);
  const char* key_type = omit_key_type ? "Pattern" : kKeyTypes[random_.Below(4)];

  std::vector<std::string> keys;
  const std::size_t count = random_.Between(1, options_.max_patterns);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view type(key_type);
    if (type == "String") {
      keys.push_back(StringKey());
    } else if (type == "Binary") {
      keys.push_back(BinaryKey());
    } else {
      keys.push_back(Glob());
    }
  }
  std::string resource = absl::StrCat("{\"method\": \"", method, "\"");
  if (!omit_key_type) absl::StrAppend(&resource, ", \"keyType\": \"", key_type, "\"");
  absl::StrAppend(&resource, ", \"keys\": ", JsonList(keys), "}");
  return resource;
}

std::string PolicyGenerator::TopicFilter() {
  const unsigned adversarial = options_.adversarial_percent;
  if (options_.deep_levels > 0 && random_.Chance(5)) {
    std::vector<std::string> levels(options_.deep_levels, "d");
    if (random_.Chance(50)) levels.back() = std::string("#");
    if (random_.Chance(50)) levels[random_.Below(levels.size())] = std::string("+");
    return absl::StrJoin(levels, "/");
  }

  // Realistic shapes first.
  if (!random_.Chance(adversarial)) {
    switch (random_.Below(5)) {
      case 0:
        return "clients/{principal.clientId}/#";
      case 1:
        return absl::StrCat("sensors/", random_.Chance(50) ? "+" : Word(), "/temp");
      case 2:
        return absl::StrCat(Word(), "/#");
      case 3:
        return "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";
      default:
        return absl::StrCat("sensors/{principal.attributes.building}/", Word());
    }
  }

  const std::size_t count = random_.Between(1, options_.max_levels);
  std::vector<std::string> levels;
  for (std::size_t i = 0; i < count; ++i) {
    const bool last = i + 1 == count;
    const std::size_t choice = random_.Below(100);
    if (last && choice < 20) {
      levels.push_back("#");
    } else if (choice < 35) {
      levels.push_back("+");
    } else if (choice < 50) {
      levels.push_back(Token());
    } else if (choice < 58) {
      levels.push_back("");
    } else if (i == 0 && choice < 66) {
      levels.push_back(random_.Chance(50) ? "$SYS" : "$share");
    } else if (choice < 70) {
      levels.push_back(random_.Chance(50) ? "a*" : "?");  // literal in MQTT; a warning
    } else {
      levels.push_back(Word());
    }
  }
  std::string filter = absl::StrJoin(levels, "/");
  // One empty level would be an empty filter, which the loader rejects.
  if (filter.empty()) filter.push_back('/');
  return filter;
}

std::string PolicyGenerator::Glob() {
  const unsigned adversarial = options_.adversarial_percent;
  if (!random_.Chance(adversarial)) {
    switch (random_.Below(6)) {
      case 0:
        return absl::StrCat(Word(), "*");
      case 1:
        return "clients/{principal.clientId}/*";
      case 2:
        return "{principal.attributes.building}*";
      case 3:
        return "sensor-?";
      case 4:
        return Word();  // a literal glob
      default:
        return absl::StrCat("*", Word(), "*");
    }
  }
  if (random_.Chance(5)) {
    // Past kMaxHyperscanAnyRuns, so the glob matcher decides it alone.
    std::string many;
    for (int i = 0; i < 70; ++i) absl::StrAppend(&many, random_.Chance(50) ? "*a" : "*?");
    return many;
  }

  std::string glob;
  const std::size_t count = random_.Between(1, 6);
  for (std::size_t i = 0; i < count; ++i) glob += GlobElementText();
  return glob;
}

std::string PolicyGenerator::GlobElementText() {
  switch (random_.Below(9)) {
    case 0:
      return "*";
    case 1:
      return "?";
    case 2:
      return "*?";
    case 3:
      return Pick(random_, kGlobClasses);
    case 4:
      return Pick(random_, kGlobEscapes);
    case 5:
      return Token();
    case 6:
      return "/";
    default:
      return Word();
  }
}

std::string PolicyGenerator::StringKey() {
  switch (random_.Below(6)) {
    case 0:
      return absl::StrCat("clients/", Token(), "/cfg");
    case 1:
      return Token();
    case 2:
      return std::string("nul\0key", 7);
    case 3:
      return "{user1}:cart";
    default:
      return absl::StrCat(Word(), random_.Chance(50) ? "*" : "");
  }
}

std::string PolicyGenerator::BinaryKey() {
  return absl::Base64Escape(RandomBytes(random_, random_.Between(1, 6)));
}

std::string PolicyGenerator::Token() {
  switch (random_.Below(6)) {
    case 0:
    case 1:
      return "{principal.clientId}";
    case 2:
      return "{principal.username}";
    case 3:
      return "{principal.attributes.building}";
    case 4:
      return "{principal.attributes.a/b}";
    default:
      return "{principal.attributes.missing}";
  }
}

std::string PolicyGenerator::Word() { return Pick(random_, kWords); }

// ---------------------------------------------------------------------------------------
// RequestGenerator

RequestGenerator::RequestGenerator(const Policy& policy, std::uint64_t seed,
                                   RequestGeneratorOptions options)
    : policy_(policy), random_(seed), options_(options) {
  for (const Rule& rule : policy_.rules) {
    for (const PrincipalEntry& entry : rule.principals.client_ids) {
      if (!entry.value.HasTokens()) client_ids_.push_back(entry.text);
    }
    for (const PrincipalEntry& entry : rule.principals.usernames) {
      if (!entry.value.HasTokens()) usernames_.push_back(entry.text);
    }
    for (const AttributeSet& set : rule.principals.attributes) {
      attribute_sets_.push_back(&set);
      for (const auto& [name, value] : set.entries) attribute_names_.push_back(name);
    }
    for (const mqauthz::BrokerResource& resource : rule.broker_resources) {
      for (const ClientIdGlob& glob : resource.client_ids) {
        if (Instantiable(glob.glob)) client_id_globs_.push_back(&glob.glob);
      }
      for (const PolicyTopicFilter& topic : resource.topics) filters_.push_back(&topic.filter);
    }
    for (const mqauthz::StateStoreResource& resource : rule.state_store_resources) {
      for (const StateStoreKey& key : resource.keys) {
        switch (resource.key_type) {
          case KeyType::kPattern:
            if (Instantiable(key.glob)) pattern_keys_.push_back(&key);
            break;
          case KeyType::kString:
            string_keys_.push_back(&key);
            break;
          case KeyType::kBinary:
            binary_keys_.push_back(&key);
            break;
        }
      }
    }
  }
}

std::string RequestGenerator::ClientId() {
  const std::size_t choice = random_.Below(100);
  if (choice < 35 && !client_ids_.empty()) return random_.Pick(client_ids_);
  if (choice < 55 && !client_id_globs_.empty()) {
    return InstantiateGlob(*random_.Pick(client_id_globs_), Client{});
  }
  if (random_.Chance(options_.adversarial_percent)) return Pick(random_, kHostileValues);
  return Pick(random_, kClientIds);
}

Client RequestGenerator::NextClient() {
  Client client;
  client.client_id = ClientId();

  const std::size_t username_choice = random_.Below(100);
  if (username_choice < 25) {
    // Absent.
  } else if (username_choice < 55 && !usernames_.empty()) {
    client.username = random_.Pick(usernames_);
  } else if (username_choice < 65) {
    client.username = client.client_id;
  } else if (random_.Chance(options_.adversarial_percent)) {
    client.username = Pick(random_, kHostileValues);
  } else {
    client.username = Pick(random_, kUsernames);
  }

  // Attributes: often a whole attribute map of the policy, with token values resolved for
  // this client, plus extra pairs.
  if (!attribute_sets_.empty() && random_.Chance(55)) {
    const AttributeSet& set = *random_.Pick(attribute_sets_);
    for (const auto& [name, value] : set.entries) {
      std::optional<std::string> resolved = Substitute(value, client);
      client.attributes[name] = resolved.value_or(Pick(random_, kAttributeValues));
    }
  }
  const std::size_t extra = random_.Below(3);
  for (std::size_t i = 0; i < extra; ++i) {
    const std::string name = Pick(random_, kAttributeNames);
    client.attributes[name] = random_.Chance(options_.adversarial_percent)
                                  ? Pick(random_, kHostileValues)
                                  : Pick(random_, kAttributeValues);
  }
  if (!policy_.rules.empty() && random_.Chance(40)) SatisfyPrincipals(client);
  return client;
}

void RequestGenerator::SatisfyPrincipals(Client& client) {
  // Pick a rule, then one of its principal entries, and make the client fit that entry.
  // Entries with tokens are resolved with the client's values as they stand.
  const Principals& principals = random_.Pick(policy_.rules).principals;
  switch (random_.Below(3)) {
    case 0:
      if (!principals.client_ids.empty()) {
        const PrincipalEntry& entry = random_.Pick(principals.client_ids);
        client.client_id = Substitute(entry.value, client).value_or(entry.text);
      }
      break;
    case 1:
      if (!principals.usernames.empty()) {
        const PrincipalEntry& entry = random_.Pick(principals.usernames);
        client.username = Substitute(entry.value, client).value_or(entry.text);
      }
      break;
    default:
      if (!principals.attributes.empty()) {
        for (const auto& [name, value] : random_.Pick(principals.attributes).entries) {
          client.attributes[name] =
              Substitute(value, client).value_or(value.parts.empty() ? "" : "v");
        }
      }
      break;
  }
}

std::string RequestGenerator::ValueFor(const Token& token, const Client& client) {
  if (random_.Chance(80)) {
    const std::optional<std::string_view> value = ResolveToken(token, client);
    if (value.has_value()) return std::string(*value);
  }
  return random_.Chance(50) ? Pick(random_, kHostileValues) : Pick(random_, kWords);
}

std::string RequestGenerator::RandomLevel() {
  if (random_.Chance(10)) return "";
  if (random_.Chance(5)) return "$SYS";
  return Pick(random_, kWords);
}

std::string RequestGenerator::InstantiateFilter(const mqauthz::TopicFilter& filter,
                                                const Client& client, bool keep_wildcards) {
  std::vector<std::string> levels;
  for (const FilterLevel& level : filter.levels) {
    switch (level.kind) {
      case LevelKind::kLiteral:
        levels.push_back(keep_wildcards && random_.Chance(15) ? "+" : level.text);
        break;
      case LevelKind::kToken:
        levels.push_back(keep_wildcards && random_.Chance(15) ? "+"
                                                              : ValueFor(level.token(), client));
        break;
      case LevelKind::kSingleLevelWildcard:
        levels.push_back(keep_wildcards && random_.Chance(50) ? "+" : RandomLevel());
        break;
      case LevelKind::kMultiLevelWildcard: {
        if (keep_wildcards && random_.Chance(50)) {
          levels.push_back("#");
          break;
        }
        const std::size_t extra = random_.Below(4);
        for (std::size_t i = 0; i < extra; ++i) levels.push_back(RandomLevel());
        if (keep_wildcards && random_.Chance(30)) levels.push_back("#");
        break;
      }
    }
  }
  // Sometimes cut the filter short with '#' at a random level.
  if (keep_wildcards && !levels.empty() && random_.Chance(15)) {
    levels.resize(random_.Below(levels.size()));
    levels.push_back("#");
  }
  if (levels.empty()) levels.push_back(Pick(random_, kWords));
  return absl::StrJoin(levels, "/");
}

std::string RequestGenerator::InstantiateGlob(const mqauthz::Glob& glob, const Client& client) {
  std::string subject;
  for (const GlobElement& element : glob.elements) {
    switch (element.kind) {
      case GlobElement::Kind::kByte:
        subject.push_back(static_cast<char>(element.byte));
        break;
      case GlobElement::Kind::kAnyByte:
        subject += RandomBytes(random_, 1);
        break;
      case GlobElement::Kind::kAnyRun: {
        const std::size_t length = random_.Below(4);
        subject += random_.Chance(50) ? RandomBytes(random_, length) : std::string(length, 'a');
        break;
      }
      case GlobElement::Kind::kClass: {
        const std::bitset<256>& bytes = glob.ClassBytes(element);
        const std::size_t count = bytes.count();
        std::size_t pick = random_.Below(count);
        for (unsigned byte = 0; byte < 256; ++byte) {
          if (bytes.test(byte) && pick-- == 0) {
            subject.push_back(static_cast<char>(byte));
            break;
          }
        }
        break;
      }
      case GlobElement::Kind::kToken:
        subject += ValueFor(glob.TokenOf(element), client);
        break;
    }
  }
  return subject;
}

std::string RequestGenerator::Mutate(std::string text) {
  switch (random_.Below(4)) {
    case 0:
      if (!text.empty()) text.erase(random_.Below(text.size()), 1);
      break;
    case 1:
      text.insert(random_.Below(text.size() + 1), 1, random_.Chance(50) ? '/' : 'a');
      break;
    case 2:
      if (!text.empty()) text[random_.Below(text.size())] ^= 0x01;
      break;
    default:
      text = absl::StrCat("$", text);
      break;
  }
  return text;
}

bool RequestGenerator::Instantiable(const mqauthz::Glob& glob) const {
  return glob.elements.size() <= options_.max_instantiated_glob_elements;
}

std::vector<const Rule*> RequestGenerator::MatchedRules(const Client& client) const {
  std::vector<const Rule*> rules;
  for (const Rule& rule : policy_.rules) {
    if (PrincipalsMatch(rule.principals, client)) rules.push_back(&rule);
  }
  return rules;
}

const mqauthz::TopicFilter* RequestGenerator::PickFilter(const Client& client,
                                                         BrokerMethod method) {
  // Mostly a filter that a rule of this client grants for `method`, so that requests hit.
  if (random_.Chance(75)) {
    std::vector<const mqauthz::TopicFilter*> granted;
    for (const Rule* rule : MatchedRules(client)) {
      for (const mqauthz::BrokerResource& resource : rule->broker_resources) {
        if (resource.method != method) continue;
        for (const PolicyTopicFilter& topic : resource.topics) granted.push_back(&topic.filter);
      }
    }
    if (!granted.empty()) return random_.Pick(granted);
  }
  return filters_.empty() ? nullptr : random_.Pick(filters_);
}

RequestGenerator::KeyChoice RequestGenerator::PickKeyOfMatchedRule(const Client& client) {
  std::vector<KeyChoice> keys;
  for (const Rule* rule : MatchedRules(client)) {
    for (const mqauthz::StateStoreResource& resource : rule->state_store_resources) {
      for (const StateStoreKey& key : resource.keys) {
        if (resource.key_type != KeyType::kPattern || Instantiable(key.glob)) {
          keys.push_back({&key, resource.key_type});
        }
      }
    }
  }
  if (keys.empty()) return {};
  return random_.Pick(keys);
}

std::string RequestGenerator::PublishTopic(const Client& client) {
  if (random_.Chance(options_.invalid_percent)) {
    static constexpr std::string_view kInvalid[] = {
        "", "a/+", "#", "a/#", std::string_view("a\0b", 3), "\xC3", "\xED\xA0\x80", "a+b"};
    if (random_.Chance(10)) return std::string(kMaxTopicBytes + 1, 'a');
    return Pick(random_, kInvalid);
  }
  std::string topic;
  if (const mqauthz::TopicFilter* filter = PickFilter(client, BrokerMethod::kPublish);
      filter != nullptr && random_.Chance(85)) {
    topic = InstantiateFilter(*filter, client, false);
  } else {
    const std::size_t count = random_.Between(1, 4);
    std::vector<std::string> levels;
    for (std::size_t i = 0; i < count; ++i) levels.push_back(RandomLevel());
    topic = absl::StrJoin(levels, "/");
  }
  if (random_.Chance(10)) topic = Mutate(topic);
  return topic;
}

std::string RequestGenerator::SubscribeFilter(const Client& client) {
  if (random_.Chance(options_.invalid_percent)) {
    static constexpr std::string_view kInvalid[] = {
        "",          "a/#/b",       "a+",
        "$share//x", "$share/g+/x", "$share/g",
        "$share/g/", "#a",          std::string_view("a\0", 2),
        "\xFF"};
    return Pick(random_, kInvalid);
  }
  if (random_.Chance(10)) {
    static constexpr std::string_view kCorners[] = {"#",   "+", "+/#", "/#",   "/+/#", "$SYS/#",
                                                    "+/+", "/", "//#", "$SYS", "+/x/#"};
    return Pick(random_, kCorners);
  }
  std::string filter;
  if (const mqauthz::TopicFilter* allowed = PickFilter(client, BrokerMethod::kSubscribe);
      allowed != nullptr && random_.Chance(85)) {
    filter = InstantiateFilter(*allowed, client, true);
  } else {
    filter = absl::StrCat(RandomLevel(), "/", random_.Chance(50) ? "+" : "#");
  }
  if (random_.Chance(10)) filter = Mutate(filter);
  if (random_.Chance(12)) filter = absl::StrCat("$share/group", random_.Below(3), "/", filter);
  return filter;
}

std::string RequestGenerator::Key(const Client& client) {
  if (random_.Chance(options_.invalid_percent)) return "";
  std::string key;
  const std::size_t choice = random_.Below(100);
  if (const KeyChoice picked = PickKeyOfMatchedRule(client); picked.key != nullptr && choice < 60) {
    switch (picked.type) {
      case KeyType::kPattern:
        key = InstantiateGlob(picked.key->glob, client);
        break;
      case KeyType::kString:
        key = Substitute(picked.key->exact, client).value_or(picked.key->text);
        break;
      case KeyType::kBinary:
        key = picked.key->bytes;
        break;
    }
  } else if (choice < 70 && !pattern_keys_.empty()) {
    key = InstantiateGlob(random_.Pick(pattern_keys_)->glob, client);
  } else if (choice < 80 && !string_keys_.empty()) {
    const StateStoreKey& pick = *random_.Pick(string_keys_);
    key = Substitute(pick.exact, client).value_or(pick.text);
  } else if (choice < 90 && !binary_keys_.empty()) {
    key = random_.Pick(binary_keys_)->bytes;
  } else {
    key = random_.Chance(50) ? Pick(random_, kWords) : RandomBytes(random_, random_.Between(1, 5));
  }
  if (random_.Chance(12)) key = Mutate(key);
  if (key.empty()) key = std::string("k");  // a move: GCC 12 warns falsely on = "k"
  return key;
}

Request RequestGenerator::NextRequest(const Client& client) {
  static constexpr Action kStateStoreActions[] = {Action::kGet, Action::kKeyNotify, Action::kSet,
                                                  Action::kDel, Action::kVDel};
  Request request;
  const std::size_t choice = random_.Below(100);
  if (choice < 8) {
    request.action = Action::kConnect;
  } else if (choice < 38) {
    request.action = Action::kPublish;
    request.topic = PublishTopic(client);
  } else if (choice < 68) {
    request.action = Action::kSubscribe;
    request.topic = SubscribeFilter(client);
  } else {
    request.action = kStateStoreActions[random_.Below(5)];
    request.key = Key(client);
  }
  return request;
}

// ---------------------------------------------------------------------------------------
// Descriptions

std::string DescribeClient(const Client& client) {
  std::string text = absl::StrCat("{\"clientId\": \"", Escaped(client.client_id), "\"");
  if (client.username.has_value()) {
    absl::StrAppend(&text, ", \"username\": \"", Escaped(*client.username), "\"");
  }
  if (!client.attributes.empty()) {
    std::vector<std::string> pairs;
    for (const auto& [name, value] : client.attributes) {
      pairs.push_back(absl::StrCat("\"", Escaped(name), "\": \"", Escaped(value), "\""));
    }
    absl::StrAppend(&text, ", \"attributes\": {", absl::StrJoin(pairs, ", "), "}");
  }
  text.push_back('}');
  return text;
}

std::string DescribeRequest(const Request& request) {
  if (request.action == Action::kConnect) return "connect";
  if (IsStateStoreAction(request.action)) {
    return absl::StrCat(ActionName(request.action), " key=\"", Escaped(request.key), "\"");
  }
  const std::string topic = request.topic.size() > 200
                                ? absl::StrCat(Escaped(request.topic.substr(0, 200)), "...(",
                                               request.topic.size(), " bytes)")
                                : Escaped(request.topic);
  return absl::StrCat(ActionName(request.action), " \"", topic, "\"");
}

}  // namespace mqauthz::testing
