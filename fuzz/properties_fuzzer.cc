// Properties fuzzer: laws that every decision must obey, for a decoded policy P, its
// clients and requests. Each input decodes P, one more rule, a permutation of P's rules,
// up to kMaxClients clients each followed by a special-character variant, and requests.
// Both engines decide every request under every policy built here, and must agree.
//
// - Empty policy. A policy without rules denies every request. The deny reason is the
//   one the reference gives under P when the request is invalid (topic, filter or key),
//   else "no rule matched".
// - Rule order. Permuting P's rules never changes whether a request is allowed, nor the
//   deny reason.
// - Adding a rule. Inserting a rule R at index i never removes an allowed action. More
//   precisely, the decision under P with R is the decision under P with grant rules from
//   i on shifted by one, except where R's own grant comes first. In that case P denied
//   the request or allowed it through a rule at index i or later.
// - Literal values. Let C' be a client C with one value (client id, username or an
//   attribute) changed only in wildcard or separator characters: '+', '#', '/', '*', '?',
//   '[', ']', '{', '}', ''. "C' never gets wider access" cannot mean that C' is allowed
//   at most what C is allowed, because the policy may name the new value itself
//   (clientIds: ["a#"], a glob "a[#]", a key "a*"). It means that a value acts as its own
//   text and nothing else. For C and for C', every decision under P equals, grant
//   included, the decision under the literal policy of that client (literal_policy.h):
//   P with each token replaced by the client's own value written as literal text. So a
//   '#', '+' or '/' in a value never matches more topic levels, and a '*', '?' or '['
//   never matches more keys or client ids, than the same characters written in a
//   document. The literal policy goes through the loader, so this also compares the
//   compiled engine's token paths (token trie edges, token globs, String keys
//   substituted at Bind, token principal entries) with its literal ones. One pair C, C'
//   per input is checked, and a client whose values cannot be written literally is
//   skipped.
// - Cache. Through an Authorizer with the cache on and a bound of one to four times
//   DecisionCache::MinBytes() (4 to 124 slots), so that sessions share and evict slots,
//   every Session::Decide equals Decide on the compiled policy, whether it hits or
//   misses. Each decision other than connect counts one cache lookup.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/reference_evaluator.h"
#include "core/token.h"
#include "fuzz/engine_fuzz_support.h"
#include "fuzz/fuzz_policy_decoder.h"
#include "fuzz/literal_policy.h"
#include "runtime/authorizer.h"
#include "runtime/engine.h"

namespace mqauthz::fuzzing {
namespace {

// A loaded and compiled policy with its document, and each case client bound to it.
struct Variant {
  std::string document;
  Policy policy;
  std::shared_ptr<const CompiledPolicy> compiled;
  std::vector<BoundClient> bound;
};

// Everything one input decodes to.
struct Case {
  DecodedPolicy decoded;
  DecodedRule extra_rule;
  std::size_t extra_rule_index = 0;
  std::vector<std::size_t> rule_order;
  std::size_t cache_size_factor = 1;  // the cache bound, in multiples of MinBytes()
  std::vector<Client> clients;        // each client is followed by its special-character variant
  std::size_t literal_pair = 0;       // the client, and its variant, of the literal-values check
  std::vector<ClientRequest> requests;
};

Case DecodeCase(CaseDecoder& decoder) {
  Case result;
  result.decoded = decoder.DecodePolicy();
  result.extra_rule = decoder.DecodeRule();
  result.extra_rule_index = decoder.DecodeCount(0, result.decoded.rules.size());
  result.rule_order = decoder.DecodePermutation(result.decoded.rules.size());
  result.cache_size_factor = decoder.DecodeCount(1, 4);

  for (std::size_t i = decoder.DecodeCount(1, kMaxClients); i > 0; --i) {
    Client client = decoder.DecodeClient();
    Client variant = decoder.DecodeSpecialCharacterVariant(client);
    result.clients.push_back(std::move(client));
    result.clients.push_back(std::move(variant));
  }
  result.literal_pair = decoder.DecodeIndex(result.clients.size() / 2);
  result.requests = decoder.DecodeRequests(result.clients);
  return result;
}

// Loads and compiles `document` and binds every client. Returns nullopt when the loader
// rejects the document.
std::optional<Variant> Prepare(std::string document, const std::vector<Client>& clients) {
  std::optional<Policy> policy = LoadDocument(document);
  if (!policy.has_value()) return std::nullopt;
  Variant variant;
  variant.policy = *std::move(policy);
  variant.compiled = CompileOrAbort(variant.policy, document);
  for (const Client& client : clients) variant.bound.push_back(Bind(*variant.compiled, client));
  variant.document = std::move(document);
  return variant;
}

// Same as Prepare, for a document that must load because the original one did.
Variant PrepareOrAbort(std::string document, const std::vector<Client>& clients,
                       const std::string& original) {
  std::optional<Variant> variant = Prepare(document, clients);
  if (!variant.has_value()) {
    AbortWithMessage("the loader accepts a policy built from an accepted one",
                     absl::StrCat("original policy:\n", original, "built policy:\n", document));
  }
  return *std::move(variant);
}

// Decides with both engines, which must agree, and returns the decision.
Decision DecideBoth(const Variant& variant, const Client& client, std::size_t client_index,
                    const Request& request) {
  const Decision reference = EvaluateReference(variant.policy, client, request);
  const Decision compiled = Decide(*variant.compiled, variant.bound[client_index], request);
  if (compiled != reference) {
    AbortWithReport("the compiled engine decides as the reference evaluator", variant.document,
                    client, request,
                    {{"reference", DescribeOutcome(variant.policy, reference)},
                     {"compiled ", DescribeOutcome(variant.policy, compiled)}});
  }
  return reference;
}

void CheckEmptyPolicy(const Case& input, const Variant& original) {
  // Compiled once: without rules, only `cache` would differ, and Decide does not read it.
  static const Policy empty_policy = *LoadDocument(PolicyDocument(DecodedPolicy{true, {}}));
  static const std::shared_ptr<const CompiledPolicy> empty =
      CompileOrAbort(empty_policy, PolicyDocument(DecodedPolicy{true, {}}));
  const std::string document = PolicyDocument(DecodedPolicy{true, {}});

  for (const ClientRequest& item : input.requests) {
    const Client& client = input.clients[item.client];
    const Decision before = DecideBoth(original, client, item.client, item.request);
    const Decision after = Decide(*empty, Bind(*empty, client), item.request);
    const Decision reference = EvaluateReference(empty_policy, client, item.request);

    const bool invalid_request =
        !before.allowed && before.deny_reason != DenyReason::kNoRuleMatched;
    const Decision expected =
        Decision::Deny(invalid_request ? before.deny_reason : DenyReason::kNoRuleMatched);
    if (after != expected || reference != expected) {
      AbortWithReport("a policy without rules denies every request", document, client, item.request,
                      {{"expected ", DescribeOutcome(empty_policy, expected)},
                       {"compiled ", DescribeOutcome(empty_policy, after)},
                       {"reference", DescribeOutcome(empty_policy, reference)}});
    }
  }
}

void CheckRuleOrder(const Case& input, const Variant& original) {
  if (input.decoded.rules.size() < 2) return;
  DecodedPolicy permuted = input.decoded;
  for (std::size_t i = 0; i < input.rule_order.size(); ++i) {
    permuted.rules[i] = input.decoded.rules[input.rule_order[i]];
  }
  const Variant variant =
      PrepareOrAbort(PolicyDocument(permuted), input.clients, original.document);

  for (const ClientRequest& item : input.requests) {
    const Client& client = input.clients[item.client];
    const Decision before = DecideBoth(original, client, item.client, item.request);
    const Decision after = DecideBoth(variant, client, item.client, item.request);
    if (after.allowed != before.allowed || after.deny_reason != before.deny_reason) {
      AbortWithReport("permuting the rules keeps every decision's allow or deny", original.document,
                      client, item.request,
                      {{"permuted policy", absl::StrCat("\n", variant.document)},
                       {"original", DescribeOutcome(original.policy, before)},
                       {"permuted", DescribeOutcome(variant.policy, after)}});
    }
  }
}

void CheckAddedRule(const Case& input, const Variant& original) {
  DecodedPolicy extended = input.decoded;
  const auto index = static_cast<int>(input.extra_rule_index);
  extended.rules.insert(extended.rules.begin() + index, input.extra_rule);
  // The added rule may be invalid on its own, and then there is nothing to check.
  const std::optional<Variant> variant = Prepare(PolicyDocument(extended), input.clients);
  if (!variant.has_value()) return;

  for (const ClientRequest& item : input.requests) {
    const Client& client = input.clients[item.client];
    const Decision before = DecideBoth(original, client, item.client, item.request);
    const Decision after = DecideBoth(*variant, client, item.client, item.request);

    bool consistent = false;
    if (after.allowed && after.grant.rule == index) {
      consistent = !before.allowed || before.grant.rule >= index;
    } else {
      Decision shifted = before;
      if (shifted.allowed && shifted.grant.rule >= index) ++shifted.grant.rule;
      consistent = after == shifted;
    }
    if (!consistent) {
      AbortWithReport(
          absl::StrCat("adding rule ", index, " keeps every other grant and removes none"),
          original.document, client, item.request,
          {{"extended policy", absl::StrCat("\n", variant->document)},
           {"original", DescribeOutcome(original.policy, before)},
           {"extended", DescribeOutcome(variant->policy, after)}});
    }
  }
}

void CheckLiteralValues(const Case& input, const Variant& original) {
  // Without tokens the literal policy decides as the original by construction.
  if (original.document.find(kTokenPrefix) == std::string::npos) return;

  for (const std::size_t c : {2 * input.literal_pair, 2 * input.literal_pair + 1}) {
    const Client& client = input.clients[c];
    std::optional<std::string> document = LiteralPolicyDocument(original.policy, client);
    if (!document.has_value()) continue;
    const Variant literal = PrepareOrAbort(*std::move(document), {client}, original.document);

    for (const ClientRequest& item : input.requests) {
      if (item.client != c) continue;
      const Decision with_tokens = DecideBoth(original, client, c, item.request);
      const Decision with_literals = DecideBoth(literal, client, 0, item.request);
      if (with_literals != with_tokens) {
        AbortWithReport("a token acts as the client's value written literally", original.document,
                        client, item.request,
                        {{"literal policy", absl::StrCat("\n", literal.document)},
                         {"with tokens  ", DescribeOutcome(original.policy, with_tokens)},
                         {"with literals", DescribeOutcome(literal.policy, with_literals)}});
      }
    }
  }
}

void CheckCache(const Case& input, const Variant& original) {
  DecodedPolicy cached = input.decoded;
  cached.cache_enabled = true;
  const std::string document = PolicyDocument(cached);
  std::optional<Policy> policy = LoadDocument(document);
  if (!policy.has_value()) {
    AbortWithMessage(
        "the loader accepts a policy built from an accepted one",
        absl::StrCat("original policy:\n", original.document, "built policy:\n", document));
  }

  AuthorizerOptions options;
  options.cache_max_bytes = DecisionCache::MinBytes() * input.cache_size_factor;
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(*std::move(policy), options);
  if (!authorizer.ok()) {
    AbortWithMessage("Authorizer::Create accepts a policy that CompilePolicy accepted",
                     absl::StrCat(authorizer.status().ToString(), "\npolicy:\n", document));
  }

  std::vector<Session> sessions;
  for (const Client& client : input.clients) sessions.push_back((*authorizer)->Bind(client));

  // Two passes, so that the second one meets entries the first one stored.
  std::uint64_t lookups = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const ClientRequest& item : input.requests) {
      const Client& client = input.clients[item.client];
      const Decision expected =
          Decide(*original.compiled, original.bound[item.client], item.request);
      const Decision served = sessions[item.client].Decide(item.request);
      // A session decides connect from its binding, without the cache.
      if (item.request.action != Action::kConnect) ++lookups;
      if (served != expected) {
        AbortWithReport("a session with a decision cache decides as Decide", document, client,
                        item.request,
                        {{"pass", absl::StrCat(pass + 1, " of 2")},
                         {"Decide ", DescribeOutcome(original.policy, expected)},
                         {"session", DescribeOutcome(original.policy, served)}});
      }
    }
  }

  const std::optional<DecisionCacheStats> stats = (*authorizer)->CacheStats();
  if (!stats.has_value() || stats->hits + stats->misses != lookups) {
    AbortWithMessage(
        "every decision other than connect of a session with a cache counts one hit or miss",
        absl::StrCat(lookups, " decisions other than connect, but the cache counted ",
                     stats.has_value()
                         ? absl::StrCat(stats->hits, " hits and ", stats->misses, " misses")
                         : std::string("nothing: it has no cache"),
                     "\npolicy:\n", document));
  }
}

void RunCase(FuzzedDataProvider& data) {
  CaseDecoder decoder(data);
  const Case input = DecodeCase(decoder);
  const std::optional<Variant> original = Prepare(PolicyDocument(input.decoded), input.clients);
  if (!original.has_value()) return;

  CheckEmptyPolicy(input, *original);
  CheckRuleOrder(input, *original);
  CheckAddedRule(input, *original);
  CheckLiteralValues(input, *original);
  CheckCache(input, *original);
}

}  // namespace
}  // namespace mqauthz::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > mqauthz::fuzzing::kMaxInputBytes) return 0;
  FuzzedDataProvider provider(data, size);
  mqauthz::fuzzing::RunCase(provider);
  return 0;
}
