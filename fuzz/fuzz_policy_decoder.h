// Decodes fuzzer input into a small BrokerAuthorization policy document, clients and
// requests, for the engine fuzzers (differential, live swap and properties).
//
// Every choice is read from a FuzzedDataProvider, so every byte sequence decodes to a
// case, and once the bytes run out every count reads as its minimum. Policies are built
// from pieces that make matches likely: a shared vocabulary of words, '+', '#', '$'
// levels, empty levels, the three token forms, glob runs, classes and escapes, and raw
// text from the input. Most decoded documents are valid; callers skip the ones that the
// loader rejects.
//
// Client ids, usernames and attribute values come from values with wildcard and separator
// characters ('+', '#', '/', '*', '?', '[', ']', '{', '}', '\', the empty value), from
// the policy's own principal entries, and from raw bytes. Requests instantiate the
// decoded policy's filters, globs and keys for the requesting client (a token becomes the
// client's value, '+' a word, '*' a few bytes), so they hit grants often and miss them
// narrowly otherwise.
//
// No decoded client value, topic or key contains kNeverDecodedByte, so a pattern that
// contains that byte matches none of them.

#ifndef MQAUTHZ_FUZZ_FUZZ_POLICY_DECODER_H_
#define MQAUTHZ_FUZZ_FUZZ_POLICY_DECODER_H_

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/client.h"
#include "core/request.h"

namespace mqauthz::fuzzing {

inline constexpr char kNeverDecodedByte = '\x7f';

// Upper bounds of what one input decodes to. They keep one execution to milliseconds,
// because the reference evaluator and the compiler are linear in the policy's size and
// every property compiles a few variants of the policy.
inline constexpr std::size_t kMaxRules = 5;
inline constexpr std::size_t kMaxClients = 4;
inline constexpr std::size_t kMaxRequestsPerCase = 32;

// A policy as the document states it: every string exactly as written in the JSON.
struct DecodedBrokerResource {
  std::string method;                   // "Connect", "publish", ...: any letter case
  std::vector<std::string> client_ids;  // globs
  std::vector<std::string> topics;      // topic filters
};

struct DecodedStateStoreResource {
  std::string method;    // "Read", "Write" or "ReadWrite", in any letter case
  std::string key_type;  // "Pattern", "String", "Binary", or empty to leave it out
  std::vector<std::string> keys;
};

struct DecodedRule {
  std::vector<std::string> usernames;
  std::vector<std::string> client_ids;
  std::vector<std::vector<std::pair<std::string, std::string>>> attributes;  // name, value
  std::vector<DecodedBrokerResource> broker_resources;
  std::vector<DecodedStateStoreResource> state_store_resources;  // left out when empty
};

struct DecodedPolicy {
  bool cache_enabled = true;
  std::vector<DecodedRule> rules;
};

// Returns the policy as a CLI-config JSON document: {"authorizationPolicies": {...}}.
std::string PolicyDocument(const DecodedPolicy& policy);

// A piece of a decoded topic filter or glob, kept so that requests can instantiate it.
struct PatternPiece {
  enum class Kind { kLiteral, kToken, kSingleLevel, kMultiLevel, kAnyRun, kAnyByte, kClass };

  Kind kind = Kind::kLiteral;
  std::string example;    // kLiteral: its bytes; kClass: one byte the class matches
  std::size_t token = 0;  // kToken: index into the decoder's token list
};

using PatternPieces = std::vector<PatternPiece>;

// A request and the index of the client that sends it.
struct ClientRequest {
  std::size_t client = 0;
  Request request;
};

// Reads one case after another from `data`. Requests are decoded against the patterns
// of every policy this decoder has decoded so far.
class CaseDecoder {
 public:
  explicit CaseDecoder(FuzzedDataProvider& data) : data_(data) {}

  CaseDecoder(const CaseDecoder&) = delete;
  CaseDecoder& operator=(const CaseDecoder&) = delete;

  // Decodes a policy of 1 to kMaxRules rules.
  DecodedPolicy DecodePolicy();

  // Decodes one rule.
  DecodedRule DecodeRule();

  // Decodes a client. Its values often repeat the principal entries, attribute maps and
  // globs of the policies decoded so far.
  Client DecodeClient();

  // Returns `client` with one value (client id, username or an attribute value) changed
  // only in wildcard or separator characters: some of its bytes are replaced by, or
  // preceded by, one of '+', '#', '/', '*', '?', '[', ']', '{', '}', '\'.
  Client DecodeSpecialCharacterVariant(const Client& client);

  // Decodes a request of any action for `client`.
  Request DecodeRequest(const Client& client);

  // Decodes one request for each client, then more for any of them while the input
  // lasts, kMaxRequestsPerCase in all at most. `clients` must not be empty.
  std::vector<ClientRequest> DecodeRequests(const std::vector<Client>& clients);

  // Returns an index below `size`, which must be positive.
  std::size_t DecodeIndex(std::size_t size);

  // Returns a number in [low, high].
  std::size_t DecodeCount(std::size_t low, std::size_t high);

  // Returns a permutation of 0 .. size-1.
  std::vector<std::size_t> DecodePermutation(std::size_t size);

  bool DecodeBool() { return data_.ConsumeBool(); }
  bool exhausted() const { return data_.remaining_bytes() == 0; }

 private:
  std::string PrincipalEntry();
  std::vector<std::pair<std::string, std::string>> AttributeMap();
  DecodedBrokerResource BrokerResource();
  DecodedStateStoreResource StateStoreResource();
  std::string MethodSpelling(const char* method);
  std::string TopicFilter();
  std::string Glob(std::vector<PatternPieces>& remembered);
  std::string StringKey();
  std::string BinaryKey();
  std::string RawText(std::size_t max_length);
  std::string RawBytes(std::size_t max_length);

  // Returns a run of 'a' about as long as the longest topic or key that the decision
  // cache stores, so that requests fall on both sides of that limit.
  std::string LongText();

  std::string ClientValue();
  std::string LevelValue(const Client& client);
  std::string KeyFragment(const Client& client);
  std::string TokenValue(std::size_t token, const Client& client);
  std::string InstantiateFilter(const PatternPieces& filter, const Client& client,
                                bool keep_wildcards);
  std::string InstantiateGlob(const PatternPieces& glob, const Client& client);
  std::string InstantiateAnyGlob(const std::vector<PatternPieces>& globs, const Client& client);
  std::string PublishTopic(const Client& client);
  std::string SubscribeFilter(const Client& client);
  std::string Key(const Client& client);

  FuzzedDataProvider& data_;

  // Gathered from the decoded policies, for clients and requests to reuse.
  std::vector<std::string> principal_literals_;
  std::vector<std::pair<std::string, std::string>> attribute_literals_;
  std::vector<PatternPieces> filters_;
  std::vector<PatternPieces> client_id_globs_;
  std::vector<PatternPieces> key_globs_;
  std::vector<PatternPieces> string_keys_;
  std::vector<std::string> binary_keys_;  // decoded bytes
};

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_FUZZ_POLICY_DECODER_H_
