#include "bench/shared_state.h"

namespace mqauthz::bench {
namespace {

std::string& WorkloadDirectory() {
  static std::string directory;
  return directory;
}

LazyMap<Workload>& Workloads() {
  static LazyMap<Workload> workloads;
  return workloads;
}

}  // namespace

void SetWorkloadDirectory(std::string directory) { WorkloadDirectory() = std::move(directory); }

const std::string& GetWorkloadDirectory() { return WorkloadDirectory(); }

absl::StatusOr<const Workload*> GetWorkload(const WorkloadSpec& spec) {
  return Workloads().Get(spec.Name(), [&spec] { return LoadWorkload(WorkloadDirectory(), spec); });
}

void SetDecisionCounters(benchmark::State& state, std::size_t request_count, double allowed_share) {
  state.SetItemsProcessed(state.iterations());
  state.counters["requests"] =
      benchmark::Counter(static_cast<double>(request_count), benchmark::Counter::kAvgThreads);
  state.counters["allowed_share"] =
      benchmark::Counter(allowed_share, benchmark::Counter::kAvgThreads);
}

}  // namespace mqauthz::bench
