#include "bench/shared_state.h"

#include <algorithm>
#include <string>

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

const std::vector<StreamEntry>& RequestsInOrder(const Workload& workload, ActionGroup group,
                                                RequestOrder order) {
  const std::vector<StreamEntry>& in_file_order = workload.requests.group(group);
  if (order == RequestOrder::kFile) return in_file_order;

  static LazyMap<std::vector<StreamEntry>> by_client;
  const std::string name = workload.spec.Name() + "/" + ActionGroupName(group);
  const absl::StatusOr<const std::vector<StreamEntry>*> sorted = by_client.Get(name, [&] {
    auto entries = std::make_unique<std::vector<StreamEntry>>(in_file_order);
    std::stable_sort(
        entries->begin(), entries->end(),
        [](const StreamEntry& a, const StreamEntry& b) { return a.client < b.client; });
    return absl::StatusOr<std::unique_ptr<std::vector<StreamEntry>>>(std::move(entries));
  });
  return **sorted;
}

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
