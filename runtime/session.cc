// Deciding for one bound client, through the snapshot's cache (see session.h).

#include "runtime/session.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "compiler/compiled_policy.h"
#include "runtime/engine.h"

namespace mqauthz {
namespace {

// Returns the part of the request that, with the action, determines the decision: the
// topic for publish and subscribe, the key for state store actions, nothing for connect.
std::string_view CacheResource(const Request& request) {
  switch (request.action) {
    case Action::kConnect:
      return {};
    case Action::kPublish:
    case Action::kSubscribe:
      return request.topic;
    case Action::kGet:
    case Action::kKeyNotify:
    case Action::kSet:
    case Action::kDel:
    case Action::kVDel:
      return request.key;
  }
  return {};
}

}  // namespace

Session::Session(std::shared_ptr<const Snapshot> snapshot, const Client& client, std::uint64_t id,
                 LogSink* log_sink)
    : snapshot_(std::move(snapshot)), id_(id), client_id_(client.client_id), log_sink_(log_sink) {
  if (!snapshot_->allows_all()) bound_.emplace(mqauthz::Bind(*snapshot_->compiled(), client));
}

Decision Session::Decide(const Request& request) const {
  const bool debug = IsLogEnabled(log_sink_, LogLevel::kDebug);
  if (debug) log_sink_->Write(LogLevel::kDebug, FormatAuthorizationCheck(client_id_, request));

  const Outcome outcome = DecideThroughCache(request);

  if (debug) LogOutcome(request, outcome);
  return outcome.decision;
}

Session::Outcome Session::DecideThroughCache(const Request& request) const {
  if (snapshot_->allows_all()) return {Decision::Allow(Grant{}), false};

  const CompiledPolicy& compiled = *snapshot_->compiled();
  DecisionCache* cache = snapshot_->cache();
  // Bind already computed the connect Decision, which costs less to return than a lookup.
  if (cache == nullptr || request.action == Action::kConnect) {
    return {mqauthz::Decide(compiled, *bound_, request), false};
  }

  const std::string_view resource = CacheResource(request);
  if (std::optional<Decision> cached = cache->Lookup(id_, request.action, resource)) {
    return {*cached, true};
  }
  const Decision decision = mqauthz::Decide(compiled, *bound_, request);
  cache->Insert(id_, request.action, resource, decision);
  return {decision, false};
}

void Session::LogOutcome(const Request& request, const Outcome& outcome) const {
  log_sink_->Write(LogLevel::kDebug, FormatResult(client_id_, DescribeDecision(outcome.decision),
                                                  outcome.from_cache));
  if (!outcome.decision.allowed) {
    log_sink_->Write(LogLevel::kDebug, FormatDenial(client_id_, request.action));
  }
}

std::string Session::DescribeDecision(const Decision& decision) const {
  if (!decision.allowed) return mqauthz::DescribeDecision(decision, std::nullopt);
  if (snapshot_->allows_all()) return "allowed: authorization is disabled";
  const CompiledPolicy& compiled = *snapshot_->compiled();
  if (!compiled.ContainsGrant(decision.grant)) {
    return absl::StrCat("allowed by a grant that policy generation ", snapshot_->generation(),
                        " does not contain: describe a decision with the session that made it");
  }
  return mqauthz::DescribeDecision(decision,
                                   snapshot_->compiled()->FindGrantPattern(decision.grant));
}

std::optional<DecisionCacheStats> Session::cache_stats() const {
  const DecisionCache* cache = snapshot_->cache();
  if (cache == nullptr) return std::nullopt;
  return cache->Stats();
}

}  // namespace mqauthz
