// The embedder's entry point: the policy in force, live updates, and sessions.
//
//   AuthorizerOptions options;
//   options.log_sink = &my_sink;
//   absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
//       Authorizer::Create(*LoadPolicyFile("authz.yaml").policy, options);
//   ...
//   Session session = (*authorizer)->Bind(client);          // on CONNECT
//   if (!session.Decide({Action::kConnect, "", ""}).allowed) { /* CONNACK 0x87 */ }
//   Decision d = session.Decide({Action::kPublish, "sensors/1/temp", ""});
//
// Design. The policy in force is an immutable Snapshot (compiled policy, generation
// number, decision cache) behind a SnapshotPointer, whose readers take no lock. Update
// compiles the new policy to the side while the old snapshot stays in force, then swaps
// the pointer, so every decision is the old policy's or the new one's. A failed compile
// leaves the old snapshot in place. Sessions keep the snapshot they were bound to: the
// product disconnects clients when the policy changes, and a broker finds the sessions to
// disconnect by comparing Session::generation() with generation().
//
// Authorization disabled is a mode of its own (CreateAllowAll, DisableAuthorization),
// logged when it starts. No error ever falls back to it.
//
// Memory: each snapshot of a policy with `cache: Enabled` allocates its cache's whole
// bound when it is created. A snapshot lives while the Authorizer or a session refers to
// it, so sessions still bound to older generations keep their caches allocated.

#ifndef MQAUTHZ_RUNTIME_AUTHORIZER_H_
#define MQAUTHZ_RUNTIME_AUTHORIZER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/policy_compiler.h"
#include "core/client.h"
#include "core/policy.h"
#include "runtime/decision_cache.h"
#include "runtime/log_sink.h"
#include "runtime/session.h"
#include "runtime/snapshot.h"
#include "runtime/snapshot_pointer.h"

namespace mqauthz {

struct AuthorizerOptions {
  // Memory bound in bytes of each policy generation's decision cache, used when the
  // policy sets `cache: Enabled`. Must be at least DecisionCache::MinBytes().
  std::size_t cache_max_bytes = std::size_t{64} << 20;

  // Receives log messages; null logs nothing. Not owned: it must outlive the Authorizer
  // and every Session bound from it.
  LogSink* log_sink = nullptr;

  // Budgets for compiling each policy.
  CompileOptions compile_options;
};

// Thread safety: every method may be called concurrently. Bind and generation() never
// wait for Update or DisableAuthorization; updates are serialized among themselves.
// Sessions may outlive the Authorizer.
class Authorizer {
 public:
  // Compiles `policy`, which must have passed validation (LoadPolicyText or
  // LoadPolicyFile), and puts it in force as generation 1. Errors: InvalidArgument when
  // options.cache_max_bytes is below DecisionCache::MinBytes(); the errors of
  // CompilePolicy (ResourceExhausted for a compile budget, Internal).
  static absl::StatusOr<std::unique_ptr<Authorizer>> Create(const Policy& policy,
                                                            const AuthorizerOptions& options = {});

  // Creates an Authorizer with authorization disabled: every action of every client is
  // allowed. Logs a warning saying so. A later Update puts a policy in force. Errors:
  // InvalidArgument for options.cache_max_bytes, as for Create.
  static absl::StatusOr<std::unique_ptr<Authorizer>> CreateAllowAll(
      const AuthorizerOptions& options = {});

  // Use Create or CreateAllowAll.
  class ConstructionKey {
   private:
    ConstructionKey() = default;
    friend class Authorizer;
  };
  Authorizer(ConstructionKey key, const AuthorizerOptions& options,
             std::shared_ptr<const Snapshot> initial);

  Authorizer(const Authorizer&) = delete;
  Authorizer& operator=(const Authorizer&) = delete;

  // Compiles `policy` (validated, as for Create) and, on success, puts it in force as
  // the next generation with a new, empty cache. Sessions bound earlier keep deciding
  // under their own generation. On error the policy in force stays, the error is logged,
  // and returned: ResourceExhausted for a compile budget, Internal.
  absl::Status Update(const Policy& policy);

  // Puts authorization disabled in force as the next generation and logs a warning.
  void DisableAuthorization();

  // Binds `client` to the policy in force and returns its session. Never waits for an
  // update. Costs one engine Bind (see runtime/engine.h), a copy of the client id and a
  // few atomic operations.
  Session Bind(const Client& client) const;

  // Returns the generation in force: 1 after Create, one more after each successful
  // Update or DisableAuthorization.
  std::uint64_t generation() const;

  // Returns whether the generation in force allows every action.
  bool allows_all() const;

  // Returns the counters of the cache of the generation in force, or nullopt when it has
  // no cache.
  std::optional<DecisionCacheStats> CacheStats() const;

 private:
  static absl::Status ValidateOptions(const AuthorizerOptions& options);

  // Compiles `policy` into a snapshot of generation `generation`.
  static absl::StatusOr<std::shared_ptr<const Snapshot>> BuildSnapshot(
      const Policy& policy, std::uint64_t generation, const AuthorizerOptions& options);

  // Puts `next` in force. Requires update_mutex_.
  void Publish(std::shared_ptr<const Snapshot> next);

  const AuthorizerOptions options_;
  SnapshotPointer<Snapshot> current_;
  mutable std::atomic<std::uint64_t> next_session_id_{1};

  std::mutex update_mutex_;            // serializes updates; readers never take it
  std::uint64_t last_generation_ = 1;  // guarded by update_mutex_
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_AUTHORIZER_H_
