// The baselines, on the same publish requests as mqauthz_uncached:
//   - mosquitto: the Mosquitto-style ACL check (baselines/mosquitto_acl.h) on the
//     workloads Mosquitto can express, with the generated ACL file;
//   - exact_hash: one hash lookup of the topic string (baselines/exact_topic_map.h) on
//     every workload, the floor for any decision. exact_hash_by_client does the same on
//     the requests grouped by client, and exact_hash_first_clients on those of the first
//     64 clients, as the mqauthz_uncached families of those names do.
// Before measuring, the Mosquitto check must allow exactly the requests the compiled
// engine allows. A difference fails the benchmark and names the request, so the two
// always decide the same question.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/baselines/exact_topic_map.h"
#include "bench/baselines/mosquitto_acl.h"
#include "bench/engine_state.h"
#include "bench/registration.h"
#include "bench/shared_state.h"
#include "benchmark/benchmark.h"

namespace mqauthz::bench {
namespace {

struct MosquittoState {
  MosquittoAcl acl;
  std::vector<MosquittoAcl::Binding> bindings;  // by index into RequestStream::clients
};

// Returns an error naming the first publish request on which the Mosquitto check and the
// compiled engine disagree.
absl::Status CheckSameDecisions(const Workload& workload, const MosquittoState& mosquitto) {
  absl::StatusOr<const EngineBindings*> engine = GetEngineBindings(workload);
  if (!engine.ok()) return engine.status();

  std::string scratch;
  for (const StreamEntry& entry : workload.requests.group(ActionGroup::kPublish)) {
    const bool mosquitto_allows = mosquitto.acl.Check(
        mosquitto.bindings[entry.client], entry.request.topic, kMosquittoWrite, scratch);
    if (mosquitto_allows == DecideEntry(workload, **engine, entry).allowed) continue;

    const Client& client = workload.requests.clients[entry.client];
    return absl::InternalError(absl::StrCat(
        "the Mosquitto ACL and the policy of ", workload.spec.Name(), " disagree: client id '",
        client.client_id, "', username '", client.username.value_or("(none)"), "', publish '",
        entry.request.topic, "': Mosquitto ", mosquitto_allows ? "allows" : "denies",
        "; make bench/generate_workload.py write equivalent files"));
  }
  return absl::OkStatus();
}

absl::StatusOr<const MosquittoState*> GetMosquitto(const Workload& workload) {
  static LazyMap<MosquittoState> mosquitto_by_workload;
  return mosquitto_by_workload.Get(
      workload.spec.Name(), [&workload]() -> absl::StatusOr<std::unique_ptr<MosquittoState>> {
        absl::StatusOr<MosquittoAcl> acl =
            MosquittoAcl::ReadFile(workload.spec.AclPath(workload.directory));
        if (!acl.ok()) return acl.status();

        auto state = std::make_unique<MosquittoState>();
        state->acl = *std::move(acl);
        for (const Client& client : workload.requests.clients) {
          state->bindings.push_back(state->acl.Bind(client.client_id, client.username));
        }
        absl::Status same = CheckSameDecisions(workload, *state);
        if (!same.ok()) return same;
        return state;
      });
}

absl::StatusOr<const ExactTopicMap*> GetExactTopics(const Workload& workload) {
  static LazyMap<ExactTopicMap> maps_by_workload;
  return maps_by_workload.Get(
      workload.spec.Name(), [&workload]() -> absl::StatusOr<std::unique_ptr<ExactTopicMap>> {
        absl::StatusOr<const EngineBindings*> engine = GetEngineBindings(workload);
        if (!engine.ok()) return engine.status();

        auto map = std::make_unique<ExactTopicMap>();
        for (const StreamEntry& entry : workload.requests.group(ActionGroup::kPublish)) {
          const Decision decision = DecideEntry(workload, **engine, entry);
          if (decision.allowed) map->Insert(entry.request.topic, decision);
        }
        return map;
      });
}

// Returns the publish requests of `workload`, or marks the benchmark as failed.
const std::vector<StreamEntry>* PublishOrSkip(benchmark::State& state, const Workload& workload) {
  const std::vector<StreamEntry>& entries = workload.requests.group(ActionGroup::kPublish);
  if (!entries.empty()) return &entries;
  state.SkipWithError(("workload " + workload.spec.Name() + " has no publish requests").c_str());
  return nullptr;
}

void CheckMosquitto(benchmark::State& state, WorkloadSpec spec) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  const MosquittoState* mosquitto = ValueOrSkip(state, GetMosquitto(*workload));
  if (mosquitto == nullptr) return;
  const EngineBindings* engine = ValueOrSkip(state, GetEngineBindings(*workload));
  if (engine == nullptr) return;
  const std::vector<StreamEntry>* entries = PublishOrSkip(state, *workload);
  if (entries == nullptr) return;

  std::string scratch;
  std::size_t i = StartIndex(state, entries->size());
  for (auto _ : state) {
    const StreamEntry& entry = (*entries)[i];
    benchmark::DoNotOptimize(mosquitto->acl.Check(mosquitto->bindings[entry.client],
                                                  entry.request.topic, kMosquittoWrite, scratch));
    if (++i == entries->size()) i = 0;
  }

  SetDecisionCounters(state, entries->size(), AllowedShare(*workload, *engine, *entries));
  state.counters["pattern_lines"] = benchmark::Counter(
      static_cast<double>(mosquitto->acl.pattern_count()), benchmark::Counter::kAvgThreads);
}

void LookUpExactTopic(benchmark::State& state, WorkloadSpec spec, RequestOrder order) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  const ExactTopicMap* topics = ValueOrSkip(state, GetExactTopics(*workload));
  if (topics == nullptr) return;
  const EngineBindings* engine = ValueOrSkip(state, GetEngineBindings(*workload));
  if (engine == nullptr) return;
  if (PublishOrSkip(state, *workload) == nullptr) return;
  const std::vector<StreamEntry>* entries = &workload->requests.group(ActionGroup::kPublish, order);

  std::size_t i = StartIndex(state, entries->size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(topics->Find((*entries)[i].request.topic));
    if (++i == entries->size()) i = 0;
  }

  SetDecisionCounters(state, entries->size(), AllowedShare(*workload, *engine, *entries));
}

}  // namespace

void RegisterBaselineBenchmarks() {
  for (const int size : kRealisticSizes) {
    const WorkloadSpec spec{WorkloadKind::kRealistic, size};
    benchmark::RegisterBenchmark(("exact_hash/" + spec.Name() + "/publish").c_str(),
                                 LookUpExactTopic, spec, RequestOrder::kFile)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("exact_hash_by_client/" + spec.Name() + "/publish").c_str(),
                                 LookUpExactTopic, spec, RequestOrder::kByClient)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("exact_hash_first_clients/" + spec.Name() + "/publish").c_str(),
                                 LookUpExactTopic, spec, RequestOrder::kFirstClients)
        ->UseRealTime();
  }
  for (const auto& [kind, sizes] : {std::pair{WorkloadKind::kUsers, kUsersSizes},
                                    std::pair{WorkloadKind::kPatterns, kPatternsSizes}}) {
    for (const int size : sizes) {
      const WorkloadSpec spec{kind, size};
      benchmark::RegisterBenchmark(("mosquitto/" + spec.Name() + "/publish").c_str(),
                                   CheckMosquitto, spec)
          ->UseRealTime();
      benchmark::RegisterBenchmark(("exact_hash/" + spec.Name() + "/publish").c_str(),
                                   LookUpExactTopic, spec, RequestOrder::kFile)
          ->UseRealTime();
    }
  }
}

}  // namespace mqauthz::bench
