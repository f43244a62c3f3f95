// A connected client's view of the policy: the snapshot it was bound to, its binding
// and a session id.
//
// Authorizer::Bind creates a Session when a client connects. The session keeps deciding
// under the policy generation it was bound to, even after an update: the product
// disconnects clients when the policy changes, and generation() lets the broker find the
// sessions to disconnect. Decisions other than connect go through the snapshot's cache when
// the policy enables it, keyed by (session id, action, topic or key). Bind already computed
// the connect Decision.
//
// Cost: Decide takes no lock. A cache hit allocates nothing, and a miss runs the compiled
// engine, which allocates nothing either (runtime/engine.h). With a log sink set, every decision
// calls LogSink::IsEnabled(kDebug) once, and formats its debug lines only when that returns true.

#ifndef MQAUTHZ_RUNTIME_SESSION_H_
#define MQAUTHZ_RUNTIME_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/client.h"
#include "core/decision.h"
#include "core/request.h"
#include "runtime/bound_client.h"
#include "runtime/decision_cache.h"
#include "runtime/log_sink.h"
#include "runtime/snapshot.h"

namespace mqauthz {

// Thread safety: a Session is immutable, so any number of threads may call its const
// methods at once. Copies share the snapshot and the session id, and so share cache
// entries, which is correct because they decide for the same client. A moved-from
// session may only be assigned to or destroyed.
class Session {
 public:
  Session(const Session&) = default;
  Session& operator=(const Session&) = default;
  Session(Session&&) = default;
  Session& operator=(Session&&) = default;

  // Decides `request` for this session's client under its snapshot's policy. The result
  // equals EvaluateReference(policy, client, request) for the Policy the snapshot was
  // compiled from, and is always an allow when authorization is disabled. Logs the request and the
  // result at debug level.
  Decision Decide(const Request& request) const;

  // Returns a one-line reason for a decision of this session, such as
  // "allowed by rules[0].brokerResources[1].topics[0] 'sensors/#'", "denied: no rule
  // matched" or "allowed: authorization is disabled". An allow whose grant this session's
  // policy does not contain, such as a decision of a session of another generation, gets
  // a reason stating that. A Decision carries no generation, so one of another
  // generation whose indices this policy has is described with this policy's pattern.
  std::string DescribeDecision(const Decision& decision) const;

  // Returns the number of rules of the policy this session decides with; 0 when
  // authorization is disabled.
  std::size_t rule_count() const { return snapshot_->rule_count(); }

  // Returns the generation of the policy this session was bound to.
  std::uint64_t generation() const { return snapshot_->generation(); }

  // Returns whether this session was bound while authorization was disabled.
  bool allows_all() const { return snapshot_->allows_all(); }

  // Returns the id that Authorizer::Bind gave this session, unique within that Authorizer.
  std::uint64_t id() const { return id_; }

  const std::string& client_id() const { return client_id_; }

  // Returns the counters of the cache this session decides through, or nullopt when its
  // policy has no cache. The cache is shared by every session of the same generation.
  std::optional<DecisionCacheStats> cache_stats() const;

 private:
  friend class Authorizer;

  struct Outcome {
    Decision decision;
    bool from_cache = false;
  };

  // Binds `client` to `snapshot`. `log_sink` may be null and must outlive the session.
  Session(std::shared_ptr<const Snapshot> snapshot, const Client& client, std::uint64_t id,
          LogSink* log_sink);

  Outcome DecideThroughCache(const Request& request) const;
  void LogOutcome(const Request& request, const Outcome& outcome) const;

  std::shared_ptr<const Snapshot> snapshot_;
  std::optional<BoundClient> bound_;  // absent when the snapshot allows all
  std::uint64_t id_ = 0;
  std::string client_id_;        // for log lines
  LogSink* log_sink_ = nullptr;  // not owned
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_SESSION_H_
