#include "fuzz/glob_fuzz_policy.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/client.h"
#include "core/glob.h"
#include "core/policy.h"
#include "core/token.h"
#include "fuzzer/FuzzedDataProvider.h"

namespace mqauthz::fuzzing {
namespace {

KeyType KeyTypeFromBits(unsigned bits) {
  if (bits == 2) return KeyType::kString;
  if (bits == 3) return KeyType::kBinary;
  return KeyType::kPattern;
}

StateStoreMethod MethodFromBits(unsigned bits) {
  if (bits == 0) return StateStoreMethod::kRead;
  if (bits == 1) return StateStoreMethod::kWrite;
  return StateStoreMethod::kReadWrite;
}

std::optional<ClientIdGlob> MakeClientIdGlob(const std::string& text) {
  if (text.empty()) return std::nullopt;
  absl::StatusOr<Glob> glob = ParseGlob(text);
  if (!glob.ok()) return std::nullopt;
  return ClientIdGlob{text, *std::move(glob)};
}

std::optional<StateStoreKey> MakeKey(const FuzzedPattern& pattern) {
  if (pattern.text.empty()) return std::nullopt;
  StateStoreKey key;
  key.text = pattern.text;
  switch (pattern.key_type) {
    case KeyType::kPattern: {
      absl::StatusOr<Glob> glob = ParseGlob(pattern.text);
      if (!glob.ok()) return std::nullopt;
      key.glob = *std::move(glob);
      break;
    }
    case KeyType::kString: {
      absl::StatusOr<TokenTemplate> exact = ParseTokenTemplate(pattern.text);
      if (!exact.ok()) return std::nullopt;
      key.exact = *std::move(exact);
      break;
    }
    case KeyType::kBinary:
      key.text = absl::Base64Escape(pattern.text);
      key.bytes = pattern.text;
      break;
  }
  return key;
}

// Principals that every client with a non-empty client id matches.
Principals AnyClient() {
  Principals principals;
  const std::string text = "{principal.clientId}";
  principals.client_ids.push_back({text, *ParseTokenTemplate(text)});
  return principals;
}

void AddRulePerPattern(const GlobFuzzCase& fuzz_case, Policy& policy) {
  for (const FuzzedPattern& pattern : fuzz_case.patterns) {
    Rule rule;
    rule.principals = AnyClient();
    if (std::optional<ClientIdGlob> glob = MakeClientIdGlob(pattern.text)) {
      BrokerResource connect;
      connect.client_ids.push_back(*std::move(glob));
      rule.broker_resources.push_back(std::move(connect));
    }
    if (std::optional<StateStoreKey> key = MakeKey(pattern)) {
      rule.state_store_resources.push_back({pattern.method, pattern.key_type, {*std::move(key)}});
    }
    if (rule.broker_resources.empty() && rule.state_store_resources.empty()) continue;
    policy.rules.push_back(std::move(rule));
  }
}

void AddSharedRule(const GlobFuzzCase& fuzz_case, Policy& policy) {
  Rule rule;
  rule.principals = AnyClient();
  BrokerResource connect;
  for (const FuzzedPattern& pattern : fuzz_case.patterns) {
    if (std::optional<ClientIdGlob> glob = MakeClientIdGlob(pattern.text)) {
      connect.client_ids.push_back(*std::move(glob));
    }

    std::optional<StateStoreKey> key = MakeKey(pattern);
    if (!key.has_value()) continue;
    StateStoreResource* resource = nullptr;
    for (StateStoreResource& existing : rule.state_store_resources) {
      if (existing.method == pattern.method && existing.key_type == pattern.key_type) {
        resource = &existing;
      }
    }
    if (resource == nullptr) {
      resource = &rule.state_store_resources.emplace_back();
      resource->method = pattern.method;
      resource->key_type = pattern.key_type;
    }
    resource->keys.push_back(*std::move(key));
  }
  if (!connect.client_ids.empty()) rule.broker_resources.push_back(std::move(connect));
  if (rule.broker_resources.empty() && rule.state_store_resources.empty()) return;
  policy.rules.push_back(std::move(rule));
}

}  // namespace

GlobFuzzCase ReadGlobFuzzCase(const std::uint8_t* data, std::size_t size,
                              std::size_t max_string_bytes) {
  FuzzedDataProvider provider(data, size);
  const auto counts = provider.ConsumeIntegral<std::uint8_t>();
  const auto key_types = provider.ConsumeIntegral<std::uint8_t>();
  const auto methods = provider.ConsumeIntegral<std::uint8_t>();

  GlobFuzzCase fuzz_case;
  fuzz_case.rule_per_pattern = (counts & 0x20) != 0;
  fuzz_case.client.client_id = provider.ConsumeRandomLengthString(max_string_bytes);
  std::string username = provider.ConsumeRandomLengthString(max_string_bytes);
  if ((counts & 0x10) != 0) fuzz_case.client.username = std::move(username);
  std::string attribute_name = provider.ConsumeRandomLengthString(max_string_bytes);
  std::string attribute_value = provider.ConsumeRandomLengthString(max_string_bytes);
  fuzz_case.client.attributes.emplace(std::move(attribute_name), std::move(attribute_value));

  const std::size_t pattern_count = 1 + (counts & 3);
  for (std::size_t i = 0; i < pattern_count; ++i) {
    const unsigned shift = 2 * static_cast<unsigned>(i);
    fuzz_case.patterns.push_back({provider.ConsumeRandomLengthString(max_string_bytes),
                                  KeyTypeFromBits((key_types >> shift) & 3),
                                  MethodFromBits((methods >> shift) & 3)});
  }
  const std::size_t key_count = 1 + ((counts >> 2) & 3);
  for (std::size_t i = 0; i < key_count; ++i) {
    fuzz_case.keys.push_back(provider.ConsumeRandomLengthString(max_string_bytes));
  }
  return fuzz_case;
}

Policy BuildGlobPolicy(const GlobFuzzCase& fuzz_case) {
  Policy policy;
  if (fuzz_case.rule_per_pattern) {
    AddRulePerPattern(fuzz_case, policy);
  } else {
    AddSharedRule(fuzz_case, policy);
  }
  return policy;
}

std::string DescribeGlobFuzzCase(const GlobFuzzCase& fuzz_case) {
  const Client& client = fuzz_case.client;
  std::string text = absl::StrCat("  clientId: \"", absl::CHexEscape(client.client_id), "\"\n");
  absl::StrAppend(
      &text, "  username: ",
      client.username ? absl::StrCat("\"", absl::CHexEscape(*client.username), "\"") : "(none)",
      "\n");
  for (const auto& [name, value] : client.attributes) {
    absl::StrAppend(&text, "  attribute \"", absl::CHexEscape(name), "\" = \"",
                    absl::CHexEscape(value), "\"\n");
  }
  absl::StrAppend(
      &text, "  layout: ", fuzz_case.rule_per_pattern ? "a rule per pattern" : "one rule", "\n");
  for (std::size_t i = 0; i < fuzz_case.patterns.size(); ++i) {
    const FuzzedPattern& pattern = fuzz_case.patterns[i];
    absl::StrAppend(&text, "  pattern ", i, ": \"", absl::CHexEscape(pattern.text), "\" (",
                    KeyTypeName(pattern.key_type), ", ", StateStoreMethodName(pattern.method),
                    ")\n");
  }
  for (std::size_t i = 0; i < fuzz_case.keys.size(); ++i) {
    absl::StrAppend(&text, "  key ", i, ": \"", absl::CHexEscape(fuzz_case.keys[i]), "\"\n");
  }
  return text;
}

}  // namespace mqauthz::fuzzing
