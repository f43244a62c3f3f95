// Differential fuzzer: the compiled engine (runtime/engine.h) must give exactly the
// Decision of the reference evaluator (core/reference_evaluator.h), deny reason and grant
// included.
//
// Each input decodes (fuzz_policy_decoder.h) into a policy document, up to kMaxClients
// clients and up to kMaxRequestsPerCase requests. The document goes through the real
// loader, and inputs it rejects are skipped. The policy is compiled once, each client is
// bound once, and both engines decide every request. Publish requests are decided twice
// by the compiled engine: from the client's own Publish filters, as Bind keeps them, and
// by the trie walk. A difference aborts with the document, the client, the request and
// both decisions.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/reference_evaluator.h"
#include "core/request.h"
#include "fuzz/engine_fuzz_support.h"
#include "fuzz/fuzz_policy_decoder.h"
#include "runtime/engine.h"

namespace mqauthz::fuzzing {
namespace {

void CompareEngines(const Policy& policy, const CompiledPolicy& compiled,
                    const std::string& document, const Client& client, const BoundClient& bound,
                    const BoundClient& walking, const Request& request) {
  const Decision reference = EvaluateReference(policy, client, request);
  const Decision actual = Decide(compiled, bound, request);
  if (actual != reference) {
    AbortWithReport("the compiled engine decides as the reference evaluator", document, client,
                    request,
                    {{"reference", DescribeOutcome(policy, reference)},
                     {"compiled ", DescribeOutcome(policy, actual)}});
  }

  // The compiled policy quotes the grant's pattern from its own table.
  if (actual.allowed) {
    const std::string expected = DescribeDecision(policy, actual);
    const std::string quoted = DescribeDecision(actual, compiled.FindGrantPattern(actual.grant));
    if (quoted != expected) {
      AbortWithReport("the compiled policy quotes the pattern the Policy holds", document, client,
                      request, {{"Policy  ", expected}, {"compiled", quoted}});
    }
  }

  // A publish is settled from the client's own Publish filters when Bind kept them; the
  // trie walk must agree too.
  if (request.action != Action::kPublish || !bound.publish_filters.complete()) return;
  const Decision walked = Decide(compiled, walking, request);
  if (walked == reference) return;
  AbortWithReport("the Publish trie walk decides as the reference evaluator", document, client,
                  request,
                  {{"reference", DescribeOutcome(policy, reference)},
                   {"trie walk", DescribeOutcome(policy, walked)}});
}

void RunCase(FuzzedDataProvider& data) {
  CaseDecoder decoder(data);
  const std::string document = PolicyDocument(decoder.DecodePolicy());
  std::optional<Policy> policy = LoadDocument(document);
  if (!policy.has_value()) return;
  const std::shared_ptr<const CompiledPolicy> compiled = CompileOrAbort(*policy, document);

  std::vector<Client> clients;
  std::vector<BoundClient> bound;
  std::vector<BoundClient> walking;  // the same bindings without their Publish filters
  for (std::size_t i = decoder.DecodeCount(1, kMaxClients); i > 0; --i) {
    clients.push_back(decoder.DecodeClient());
    bound.push_back(Bind(*compiled, clients.back()));
    walking.push_back(bound.back());
    walking.back().publish_filters = {};
  }

  for (const ClientRequest& item : decoder.DecodeRequests(clients)) {
    CompareEngines(*policy, *compiled, document, clients[item.client], bound[item.client],
                   walking[item.client], item.request);
  }
}

}  // namespace
}  // namespace mqauthz::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > mqauthz::fuzzing::kMaxInputBytes) return 0;
  FuzzedDataProvider provider(data, size);
  mqauthz::fuzzing::RunCase(provider);
  return 0;
}
