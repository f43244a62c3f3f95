// mqauthz's per-client state for a workload, built once and shared by the benchmarks:
//   - EngineBindings: every distinct client of the request stream bound once with Bind
//     (runtime/engine.h), as a broker binds a client when it connects;
//   - SessionState: an Authorizer (runtime/authorizer.h) for the same policy, with its
//     decision cache, and one Session per distinct client.

#ifndef MQAUTHZ_BENCH_ENGINE_STATE_H_
#define MQAUTHZ_BENCH_ENGINE_STATE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/workload.h"
#include "core/decision.h"
#include "runtime/authorizer.h"
#include "runtime/bound_client.h"
#include "runtime/session.h"

namespace mqauthz::bench {

struct EngineBindings {
  std::vector<BoundClient> clients;  // by index into RequestStream::clients
};

struct SessionState {
  std::unique_ptr<Authorizer> authorizer;
  std::vector<Session> sessions;  // by index into RequestStream::clients
};

// Returns the bindings of `workload`'s clients, binding them on first use. Thread-safe.
absl::StatusOr<const EngineBindings*> GetEngineBindings(const Workload& workload);

// Returns an Authorizer for `workload`'s policy, with the default options (a 64 MiB
// decision cache), and its clients' sessions, creating them on first use. Thread-safe.
// Errors: those of Authorizer::Create.
absl::StatusOr<const SessionState*> GetSessions(const Workload& workload);

// Returns the compiled engine's decision for one request of `workload`.
Decision DecideEntry(const Workload& workload, const EngineBindings& bindings,
                     const StreamEntry& entry);

// Returns the share of `entries` that the compiled engine allows, 0 for none.
double AllowedShare(const Workload& workload, const EngineBindings& bindings,
                    const std::vector<StreamEntry>& entries);

}  // namespace mqauthz::bench

#endif  // MQAUTHZ_BENCH_ENGINE_STATE_H_
