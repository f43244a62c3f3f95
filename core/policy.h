// The policy model: one `authorizationPolicies` object of a BrokerAuthorization resource.
//
// A Policy is plain data, built by the loader in compiler/ after validation. Every string
// is kept exactly as the user wrote it (tokens included), and the parsed forms that the
// evaluators need (topic filters, globs, token templates, decoded binary keys) sit beside
// the original text, so nothing a user gave is lost. Indices follow document order, and
// decisions name grants by those indices.

#ifndef MQAUTHZ_CORE_POLICY_H_
#define MQAUTHZ_CORE_POLICY_H_

#include <string>
#include <utility>
#include <vector>

#include "core/glob.h"
#include "core/token.h"
#include "core/topic.h"

namespace mqauthz {

enum class BrokerMethod { kConnect, kPublish, kSubscribe };
enum class StateStoreMethod { kRead, kWrite, kReadWrite };
enum class KeyType { kPattern, kString, kBinary };

// Returns the product's spelling: "Connect", "Publish", "Subscribe", and so on.
const char* BrokerMethodName(BrokerMethod method);
const char* StateStoreMethodName(StateStoreMethod method);
const char* KeyTypeName(KeyType key_type);

// One `principals.usernames` or `principals.clientIds` entry: exact text, which may
// contain tokens (`{principal.clientId}`).
struct PrincipalEntry {
  std::string text;
  TokenTemplate value;
};

// One map of `principals.attributes`: every name must be present with an equal value.
struct AttributeSet {
  std::vector<std::pair<std::string, TokenTemplate>> entries;  // name, value
  std::vector<std::string> value_texts;                        // as written, same order
};

struct Principals {
  std::vector<PrincipalEntry> usernames;
  std::vector<PrincipalEntry> client_ids;
  std::vector<AttributeSet> attributes;
};

// A `clientIds` glob of a broker resource.
struct ClientIdGlob {
  std::string text;
  Glob glob;
};

struct PolicyTopicFilter {
  std::string text;
  TopicFilter filter;
};

struct BrokerResource {
  BrokerMethod method = BrokerMethod::kConnect;
  std::vector<ClientIdGlob> client_ids;   // empty: any client id
  std::vector<PolicyTopicFilter> topics;  // empty for Connect
};

// One `keys` entry. Which member is meaningful depends on the resource's key type:
// `glob` for Pattern, `exact` for String, `bytes` (decoded base64) for Binary.
struct StateStoreKey {
  std::string text;
  Glob glob;
  TokenTemplate exact;
  std::string bytes;
};

struct StateStoreResource {
  StateStoreMethod method = StateStoreMethod::kRead;
  KeyType key_type = KeyType::kPattern;
  std::vector<StateStoreKey> keys;
};

struct Rule {
  Principals principals;
  std::vector<BrokerResource> broker_resources;
  std::vector<StateStoreResource> state_store_resources;
};

struct Policy {
  bool cache_enabled = true;
  std::vector<Rule> rules;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_POLICY_H_
