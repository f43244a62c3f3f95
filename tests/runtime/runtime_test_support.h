// Helpers for the runtime tests: loading and compiling policies, and comparing the
// compiled engine with the reference evaluator.

#ifndef MQAUTHZ_TESTS_RUNTIME_RUNTIME_TEST_SUPPORT_H_
#define MQAUTHZ_TESTS_RUNTIME_RUNTIME_TEST_SUPPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/compiled_policy.h"
#include "compiler/policy_compiler.h"
#include "core/client.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/request.h"
#include "runtime/bound_client.h"

namespace mqauthz::testing {

// Loads `text` (any policy shape). Adds a test failure listing the errors and returns
// nullopt when the loader rejects it.
std::optional<Policy> LoadOrFail(std::string_view text);

// Compiles `policy`. Adds a test failure and returns nullptr on an error.
std::shared_ptr<const CompiledPolicy> CompileOrFail(const Policy& policy,
                                                    const CompileOptions& options = {});

// Binds `client` and decides `request` with the compiled engine.
Decision DecideCompiled(const CompiledPolicy& compiled, const Client& client,
                        const Request& request);

// Decides `request` with both engines: the reference on `policy`, the compiled engine on
// `compiled`, compiled from it. Returns an empty string when the Decisions and their
// reasons are equal, else a report: the policy text, the client, the request and both
// Decisions. `origin` names where the case came from (a file and line, or a seed).
std::string CompareEngines(const Policy& policy, const CompiledPolicy& compiled,
                           const BoundClient& bound, const Client& client, const Request& request,
                           std::string_view policy_text, std::string_view origin);

// Returns a Decision as one line, with the grant indices and the pattern text.
std::string DescribeFully(const Policy& policy, const Decision& decision);

Client MakeClient(std::string client_id);
Request Connect();
Request Publish(std::string topic);
Request Subscribe(std::string filter);
Request StateStore(Action action, std::string key);

}  // namespace mqauthz::testing

#endif  // MQAUTHZ_TESTS_RUNTIME_RUNTIME_TEST_SUPPORT_H_
