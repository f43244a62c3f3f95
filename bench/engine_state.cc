#include "bench/engine_state.h"

#include <utility>

#include "bench/shared_state.h"
#include "runtime/engine.h"

namespace mqauthz::bench {

absl::StatusOr<const EngineBindings*> GetEngineBindings(const Workload& workload) {
  static LazyMap<EngineBindings> bindings_by_workload;
  return bindings_by_workload.Get(workload.spec.Name(),
                                  [&workload]() -> absl::StatusOr<std::unique_ptr<EngineBindings>> {
                                    auto bindings = std::make_unique<EngineBindings>();
                                    bindings->clients.reserve(workload.requests.clients.size());
                                    for (const Client& client : workload.requests.clients) {
                                      bindings->clients.push_back(Bind(*workload.compiled, client));
                                    }
                                    return bindings;
                                  });
}

absl::StatusOr<const SessionState*> GetSessions(const Workload& workload) {
  static LazyMap<SessionState> sessions_by_workload;
  return sessions_by_workload.Get(workload.spec.Name(),
                                  [&workload]() -> absl::StatusOr<std::unique_ptr<SessionState>> {
                                    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
                                        Authorizer::Create(workload.policy);
                                    if (!authorizer.ok()) return authorizer.status();

                                    auto state = std::make_unique<SessionState>();
                                    state->authorizer = *std::move(authorizer);
                                    state->sessions.reserve(workload.requests.clients.size());
                                    for (const Client& client : workload.requests.clients) {
                                      state->sessions.push_back(state->authorizer->Bind(client));
                                    }
                                    return state;
                                  });
}

Decision DecideEntry(const Workload& workload, const EngineBindings& bindings,
                     const StreamEntry& entry) {
  return Decide(*workload.compiled, bindings.clients[entry.client], entry.request);
}

double AllowedShare(const Workload& workload, const EngineBindings& bindings,
                    const std::vector<StreamEntry>& entries) {
  if (entries.empty()) return 0;
  std::size_t allowed = 0;
  for (const StreamEntry& entry : entries) {
    if (DecideEntry(workload, bindings, entry).allowed) ++allowed;
  }
  return static_cast<double>(allowed) / static_cast<double>(entries.size());
}

}  // namespace mqauthz::bench
