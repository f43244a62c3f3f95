// Decision benchmarks of mqauthz itself, per workload and action group:
//   - mqauthz_uncached: the compiled engine, each client bound once, then Decide;
//   - mqauthz_cached: sessions of an Authorizer (runtime/authorizer.h), whose decision
//     cache returns the stored decision of a repeated request;
//   - reference: the reference evaluator (core/reference_evaluator.h) on the same
//     requests.
//   - mqauthz_uncached_by_client: the compiled engine on the publish requests grouped by
//     client, and mqauthz_uncached_first_clients on those of the first 64 clients alone
//     (RequestOrder in bench/workload.h).
// Each benchmark cycles through the group's requests in file order unless its name says
// otherwise. The threads of a two-thread run start half the array apart.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/engine_state.h"
#include "bench/registration.h"
#include "bench/shared_state.h"
#include "benchmark/benchmark.h"
#include "core/reference_evaluator.h"
#include "runtime/authorizer.h"
#include "runtime/decision_cache.h"
#include "runtime/engine.h"
#include "runtime/session.h"

namespace mqauthz::bench {
namespace {

constexpr ActionGroup kAllGroups[] = {ActionGroup::kConnect, ActionGroup::kPublish,
                                      ActionGroup::kSubscribe, ActionGroup::kStateStore};

// Returns the requests of `group`, or marks the benchmark as failed and returns nullptr
// when the workload has none.
const std::vector<StreamEntry>* GroupOrSkip(benchmark::State& state, const Workload& workload,
                                            ActionGroup group) {
  const std::vector<StreamEntry>& entries = workload.requests.group(group);
  if (!entries.empty()) return &entries;
  const std::string message =
      "workload " + workload.spec.Name() + " has no " + ActionGroupName(group) + " requests";
  state.SkipWithError(message.c_str());
  return nullptr;
}

void DecideUncached(benchmark::State& state, WorkloadSpec spec, ActionGroup group,
                    RequestOrder order) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  const EngineBindings* bindings = ValueOrSkip(state, GetEngineBindings(*workload));
  if (bindings == nullptr) return;
  if (GroupOrSkip(state, *workload, group) == nullptr) return;
  const std::vector<StreamEntry>* entries = &workload->requests.group(group, order);

  const CompiledPolicy& policy = *workload->compiled;
  std::size_t i = StartIndex(state, entries->size());
  for (auto _ : state) {
    const StreamEntry& entry = (*entries)[i];
    benchmark::DoNotOptimize(Decide(policy, bindings->clients[entry.client], entry.request));
    if (++i == entries->size()) i = 0;
  }

  SetDecisionCounters(state, entries->size(), AllowedShare(*workload, *bindings, *entries));
}

void DecideCached(benchmark::State& state, WorkloadSpec spec, ActionGroup group) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  const SessionState* sessions = ValueOrSkip(state, GetSessions(*workload));
  if (sessions == nullptr) return;
  const EngineBindings* bindings = ValueOrSkip(state, GetEngineBindings(*workload));
  if (bindings == nullptr) return;
  const std::vector<StreamEntry>* entries = GroupOrSkip(state, *workload, group);
  if (entries == nullptr) return;

  const std::optional<DecisionCacheStats> before = sessions->authorizer->CacheStats();
  std::size_t i = StartIndex(state, entries->size());
  for (auto _ : state) {
    const StreamEntry& entry = (*entries)[i];
    benchmark::DoNotOptimize(sessions->sessions[entry.client].Decide(entry.request));
    if (++i == entries->size()) i = 0;
  }

  SetDecisionCounters(state, entries->size(), AllowedShare(*workload, *bindings, *entries));
  const std::optional<DecisionCacheStats> after = sessions->authorizer->CacheStats();
  if (before.has_value() && after.has_value()) {
    const double hits = static_cast<double>(after->hits - before->hits);
    const double lookups = hits + static_cast<double>(after->misses - before->misses);
    state.counters["cache_hit_share"] =
        benchmark::Counter(lookups > 0 ? hits / lookups : 0, benchmark::Counter::kAvgThreads);
  }
}

void DecideReference(benchmark::State& state, WorkloadSpec spec, ActionGroup group) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  const EngineBindings* bindings = ValueOrSkip(state, GetEngineBindings(*workload));
  if (bindings == nullptr) return;
  const std::vector<StreamEntry>* entries = GroupOrSkip(state, *workload, group);
  if (entries == nullptr) return;

  const Policy& policy = workload->policy;
  const std::vector<Client>& clients = workload->requests.clients;
  std::size_t i = StartIndex(state, entries->size());
  for (auto _ : state) {
    const StreamEntry& entry = (*entries)[i];
    benchmark::DoNotOptimize(EvaluateReference(policy, clients[entry.client], entry.request));
    if (++i == entries->size()) i = 0;
  }

  SetDecisionCounters(state, entries->size(), AllowedShare(*workload, *bindings, *entries));
}

std::string BenchmarkName(const char* family, const WorkloadSpec& spec, ActionGroup group) {
  return std::string(family) + "/" + spec.Name() + "/" + ActionGroupName(group);
}

// The reference evaluator's cost grows with the rule count (about 8 ms per publish
// decision at 100,000 rules on a 2-core 2.6 GHz EPYC VM), so its iterations are fixed:
// thousands of requests at small scales, 50 at the largest.
benchmark::IterationCount ReferenceIterations(int rule_count) {
  return std::max<benchmark::IterationCount>(50, 2'000'000 / rule_count);
}

}  // namespace

void RegisterDecisionBenchmarks() {
  for (const int size : kRealisticSizes) {
    const WorkloadSpec spec{WorkloadKind::kRealistic, size};
    for (const ActionGroup group : kAllGroups) {
      benchmark::RegisterBenchmark(BenchmarkName("mqauthz_uncached", spec, group).c_str(),
                                   DecideUncached, spec, group, RequestOrder::kFile)
          ->Threads(1)
          ->Threads(2)
          ->UseRealTime();
      benchmark::RegisterBenchmark(BenchmarkName("mqauthz_cached", spec, group).c_str(),
                                   DecideCached, spec, group)
          ->Threads(1)
          ->Threads(2)
          ->UseRealTime();
      benchmark::RegisterBenchmark(BenchmarkName("reference", spec, group).c_str(), DecideReference,
                                   spec, group)
          ->Iterations(ReferenceIterations(size))
          ->UseRealTime();
    }
  }

  // The publish requests grouped by client give the engine's cost per decision without
  // the misses of reaching a cold binding. Those of the first clients alone show what the
  // rule count costs with the same working set at every scale. bench/baseline_benchmarks.cc
  // measures the hash in the same two ways.
  for (const int size : kRealisticSizes) {
    const WorkloadSpec spec{WorkloadKind::kRealistic, size};
    benchmark::RegisterBenchmark(
        BenchmarkName("mqauthz_uncached_by_client", spec, ActionGroup::kPublish).c_str(),
        DecideUncached, spec, ActionGroup::kPublish, RequestOrder::kByClient)
        ->UseRealTime();
    benchmark::RegisterBenchmark(
        BenchmarkName("mqauthz_uncached_first_clients", spec, ActionGroup::kPublish).c_str(),
        DecideUncached, spec, ActionGroup::kPublish, RequestOrder::kFirstClients)
        ->UseRealTime();
  }

  // The workloads Mosquitto can express are publish-only: bench/baseline_benchmarks.cc
  // measures the baselines on the same requests.
  for (const auto& [kind, sizes] : {std::pair{WorkloadKind::kUsers, kUsersSizes},
                                    std::pair{WorkloadKind::kPatterns, kPatternsSizes}}) {
    for (const int size : sizes) {
      const WorkloadSpec spec{kind, size};
      benchmark::RegisterBenchmark(
          BenchmarkName("mqauthz_uncached", spec, ActionGroup::kPublish).c_str(), DecideUncached,
          spec, ActionGroup::kPublish, RequestOrder::kFile)
          ->UseRealTime();
    }
  }
}

}  // namespace mqauthz::bench
