// An index of globs that are a literal prefix followed by `*` runs, tokens or both, so
// the common shapes (`b17-*`, `{principal.attributes.building}*`) skip Hyperscan.
//
// Design. Compiling 100,000 `prefix*` expressions into one Hyperscan 5.4 database took
// about 70% of a 12 s policy compile (perf, bench/generate_workload.py --rules 100000,
// 2-core VM), while a hash map from prefix bytes to glob ids builds in milliseconds. A subject is
// looked up once per distinct prefix length that is at most its size, so a query costs
// one hash of each such prefix of the subject. Policies use few distinct lengths, but a
// policy with n lengths costs n lookups per query.

#ifndef MQAUTHZ_COMPILER_GLOB_PREFIX_INDEX_H_
#define MQAUTHZ_COMPILER_GLOB_PREFIX_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boost/unordered/unordered_flat_map.hpp"
#include "core/glob.h"

namespace mqauthz {

// Returns the literal bytes before the first `*` or token of `glob` when every later
// element is a `*` or a token, else nullopt. A glob without `*` or tokens is a literal
// and returns nullopt. Without tokens, the glob matches exactly the subjects that start
// with the returned bytes; with tokens, those subjects are a superset of its matches.
std::optional<std::string> GlobPrefixBytes(const Glob& glob);

// Glob ids by literal prefix. Immutable after Add calls, and then safe to query from
// any number of threads.
class GlobPrefixIndex {
 public:
  // Adds glob `id` with literal prefix `prefix`. Ids of one prefix are reported in the
  // order they were added.
  void Add(std::string prefix, std::uint32_t id);

  // Calls `report(id)` for each glob whose prefix starts `subject`, shortest prefix
  // first.
  template <typename Report>
  void ForEachMatch(std::string_view subject, Report&& report) const {
    for (const std::size_t length : lengths_) {
      if (length > subject.size()) break;
      const auto it = ids_by_prefix_.find(subject.substr(0, length));
      if (it == ids_by_prefix_.end()) continue;
      for (const std::uint32_t id : it->second) report(id);
    }
  }

  bool empty() const { return ids_by_prefix_.empty(); }

  // Estimates the heap bytes this index owns.
  std::size_t MemoryBytes() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>()(text);
    }
  };

  boost::unordered_flat_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>>
      ids_by_prefix_;
  std::vector<std::size_t> lengths_;  // distinct prefix lengths, increasing
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_GLOB_PREFIX_INDEX_H_
