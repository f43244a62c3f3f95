// State that the benchmarks share: the workload folder, loaded workloads, and a map of
// values built on first use.
//
// Loading the 100,000-rule policy takes seconds. So each workload and each structure
// built from it (bindings, sessions, baselines) is built once, by the first benchmark
// that needs it. Later benchmarks and the other threads of a multi-threaded benchmark
// reuse it. Google Benchmark does not time what a benchmark function does
// before its loop, so building is never measured.

#ifndef MQAUTHZ_BENCH_SHARED_STATE_H_
#define MQAUTHZ_BENCH_SHARED_STATE_H_

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/workload.h"
#include "benchmark/benchmark.h"

namespace mqauthz::bench {

// The sizes each kind of workload is measured at. bench/run_benchmarks.sh generates the
// same ones.
inline const std::vector<int> kRealisticSizes = {100, 1000, 10000, 100000};
inline const std::vector<int> kUsersSizes = {100, 1000, 10000, 100000};
inline const std::vector<int> kPatternsSizes = {100, 1000};

// Values by name, each built on first use and then kept until the process exits, so
// pointers to them stay valid. A failed build is kept too and returned to every later
// caller. Thread-safe: building holds a lock, so other callers wait for it.
template <typename T>
class LazyMap {
 public:
  // Returns the value named `name`, building it with `make` (a callable returning
  // absl::StatusOr<std::unique_ptr<T>>) when no caller has asked for it yet.
  template <typename Factory>
  absl::StatusOr<const T*> Get(const std::string& name, Factory&& make) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = values_.find(name);
    if (it == values_.end()) it = values_.emplace(name, make()).first;
    if (!it->second.ok()) return it->second.status();
    return it->second->get();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, absl::StatusOr<std::unique_ptr<T>>> values_;
};

// Sets the folder that GetWorkload reads. Call it once, before running benchmarks.
void SetWorkloadDirectory(std::string directory);

// Returns the folder that SetWorkloadDirectory set.
const std::string& GetWorkloadDirectory();

// Returns the workload, loading and compiling it on first use.
absl::StatusOr<const Workload*> GetWorkload(const WorkloadSpec& spec);

// Returns the value, or marks the benchmark as failed with the error's message and
// returns nullptr.
template <typename T>
const T* ValueOrSkip(benchmark::State& state, const absl::StatusOr<const T*>& value) {
  if (value.ok()) return *value;
  state.SkipWithError(std::string(value.status().message()).c_str());
  return nullptr;
}

// Returns where the calling thread starts in an array of `size` requests: the threads
// of a benchmark start evenly spread, so that they do not decide the same requests in
// lockstep.
inline std::size_t StartIndex(const benchmark::State& state, std::size_t size) {
  return size * static_cast<std::size_t>(state.thread_index()) /
         static_cast<std::size_t>(state.threads());
}

// Sets the counters every decision benchmark reports: items processed (one per
// decision), the number of distinct requests cycled through, and the share of them
// that is allowed.
void SetDecisionCounters(benchmark::State& state, std::size_t request_count, double allowed_share);

}  // namespace mqauthz::bench

#endif  // MQAUTHZ_BENCH_SHARED_STATE_H_
