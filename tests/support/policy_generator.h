// Seeded generators of policies, clients and requests, for differential tests, fuzzers
// and benchmarks.
//
// PolicyGenerator writes CLI-config JSON policies that the loader accepts, mixing
// realistic rules (devices publishing under `clients/{principal.clientId}/#`, state-store
// keys per client) with adversarial ones: tokens in topics, keys, globs and principals,
// '+', '#', '$' levels, empty levels, globs with classes, ranges, escapes and runs of
// `*?`, binary keys with NUL and bytes >= 0x80, and, on request, very deep filters and
// many rules. RequestGenerator reads any loaded Policy and produces clients and requests
// that hit its principals, filters and keys often and miss them narrowly otherwise. Its
// clients get ids, usernames and attributes such as "#", "+", "a/b", "*", "[x]",
// "{principal.username}", empty values and absent usernames.
//
// Output depends only on the seed and the options: the generators use std::mt19937_64,
// whose output sequence the C++ standard fixes, and their own reductions instead of the
// implementation-defined std::uniform_int_distribution.

#ifndef MQAUTHZ_TESTS_SUPPORT_POLICY_GENERATOR_H_
#define MQAUTHZ_TESTS_SUPPORT_POLICY_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/client.h"
#include "core/glob.h"
#include "core/policy.h"
#include "core/request.h"
#include "core/topic.h"

namespace mqauthz::testing {

// A deterministic source of random choices.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t Next() { return engine_(); }

  // Returns a value in [0, bound). `bound` must be positive.
  std::size_t Below(std::size_t bound) { return static_cast<std::size_t>(Next() % bound); }

  // Returns a value in [low, high].
  std::size_t Between(std::size_t low, std::size_t high) { return low + Below(high - low + 1); }

  // Returns true with probability percent / 100.
  bool Chance(unsigned percent) { return Below(100) < percent; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  std::mt19937_64 engine_;
};

struct PolicyGeneratorOptions {
  std::size_t min_rules = 1;
  std::size_t max_rules = 6;
  std::size_t max_resources = 3;  // broker resources, and state-store resources, per rule
  std::size_t max_patterns = 3;   // topics, clientIds globs or keys per resource
  std::size_t max_levels = 5;     // levels of an ordinary topic filter
  // Chance, at each choice, of an adversarial construct instead of a realistic one.
  unsigned adversarial_percent = 30;
  // When positive, about 1 filter in 20 gets this many levels.
  std::size_t deep_levels = 0;
};

// Generates policy documents. Each call to NextPolicyJson returns a new policy.
class PolicyGenerator {
 public:
  explicit PolicyGenerator(std::uint64_t seed, PolicyGeneratorOptions options = {});

  // Returns a policy as CLI-config JSON: {"authorizationPolicies": {...}}.
  std::string NextPolicyJson();

 private:
  std::string Rule();
  std::string Principals();
  std::string BrokerResource();
  std::string StateStoreResource();
  std::string TopicFilter();
  std::string Glob();
  std::string GlobElementText();
  std::string StringKey();
  std::string BinaryKey();
  std::string Token();
  std::string Word();

  Random random_;
  PolicyGeneratorOptions options_;
};

struct RequestGeneratorOptions {
  // Chance of an adversarial client value or request instead of one taken from the policy.
  unsigned adversarial_percent = 25;
  // Chance of an invalid topic, filter or key.
  unsigned invalid_percent = 4;
  // Globs with more elements than this are not instantiated into client ids and keys. A
  // key that matches a glob of 50,000 '?' has 50,000 bytes, and the reference evaluator
  // takes glob length times key length to match it, which is seconds per request.
  std::size_t max_instantiated_glob_elements = 2000;
};

// Generates clients and requests for one policy. `policy` must outlive the generator.
class RequestGenerator {
 public:
  RequestGenerator(const Policy& policy, std::uint64_t seed, RequestGeneratorOptions options = {});

  Client NextClient();

  // Returns a request of any action, shaped to hit `client`'s grants often.
  Request NextRequest(const Client& client);

 private:
  struct KeyChoice {
    const StateStoreKey* key = nullptr;
    KeyType type = KeyType::kPattern;
  };

  bool Instantiable(const mqauthz::Glob& glob) const;
  std::vector<const Rule*> MatchedRules(const Client& client) const;
  const mqauthz::TopicFilter* PickFilter(const Client& client, BrokerMethod method);
  KeyChoice PickKeyOfMatchedRule(const Client& client);
  void SatisfyPrincipals(Client& client);
  std::string ClientId();
  std::string ValueFor(const Token& token, const Client& client);
  std::string InstantiateFilter(const mqauthz::TopicFilter& filter, const Client& client,
                                bool keep_wildcards);
  std::string InstantiateGlob(const mqauthz::Glob& glob, const Client& client);
  std::string PublishTopic(const Client& client);
  std::string SubscribeFilter(const Client& client);
  std::string Key(const Client& client);
  std::string Mutate(std::string text);
  std::string RandomLevel();

  const Policy& policy_;
  Random random_;
  RequestGeneratorOptions options_;

  // Gathered from the policy, in document order.
  std::vector<std::string> client_ids_;
  std::vector<std::string> usernames_;
  std::vector<const AttributeSet*> attribute_sets_;
  std::vector<std::string> attribute_names_;
  std::vector<const mqauthz::TopicFilter*> filters_;
  std::vector<const mqauthz::Glob*> client_id_globs_;
  std::vector<const StateStoreKey*> pattern_keys_;
  std::vector<const StateStoreKey*> string_keys_;
  std::vector<const StateStoreKey*> binary_keys_;
};

// Returns `client` as one line in JSON style, with bytes that are not printable ASCII
// written as C escapes (\xHH), so the line is for people, not for a JSON parser.
std::string DescribeClient(const Client& client);

// Returns `request` as one line, such as `publish "a/b"` or `get key="k\x00"`.
std::string DescribeRequest(const Request& request);

// Returns `text` as a JSON string literal, quotes included. Bytes >= 0x80 are copied as
// they are, so `text` must be valid UTF-8 for the result to be valid JSON.
std::string JsonString(std::string_view text);

}  // namespace mqauthz::testing

#endif  // MQAUTHZ_TESTS_SUPPORT_POLICY_GENERATOR_H_
