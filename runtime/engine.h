// The compiled engine: decisions against a CompiledPolicy, for a client bound once.
//
// Binding happens when a client connects: it finds the rules whose principals the
// client matches (through the principal index, without scanning every rule), evaluates
// each `clientIds` glob of those rules against the fixed client id, and resolves every
// token value once. Decide then walks the per-method automata and takes the first grant
// in document order among those the binding enabled, so that its Decision, reason
// included, equals EvaluateReference's for the same policy, client and request.
//
// Decide takes no lock and, in steady state, allocates no memory: only the first
// decisions on a thread allocate its Hyperscan scratch space and its walk buffer, which
// later decisions reuse. Both functions are thread-safe on a shared CompiledPolicy, and a
// BoundClient is read-only after Bind. docs/design.md describes the data structures.

#ifndef MQAUTHZ_RUNTIME_ENGINE_H_
#define MQAUTHZ_RUNTIME_ENGINE_H_

#include "compiler/compiled_policy.h"
#include "core/client.h"
#include "core/decision.h"
#include "core/request.h"
#include "runtime/bound_client.h"

namespace mqauthz {

// Binds `client` to `policy`. The result refers to `policy`, which must outlive it.
BoundClient Bind(const CompiledPolicy& policy, const Client& client);

// Decides `request` for the bound client. `bound` must come from Bind on `policy`.
Decision Decide(const CompiledPolicy& policy, const BoundClient& bound, const Request& request);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_ENGINE_H_
