// Construction of policy snapshots (see snapshot.h).

#include "runtime/snapshot.h"

#include <cassert>
#include <utility>

namespace mqauthz {

Snapshot::Snapshot(ConstructionKey /*key*/, std::shared_ptr<const CompiledPolicy> compiled,
                   std::uint64_t generation, std::unique_ptr<DecisionCache> cache)
    : compiled_(std::move(compiled)), generation_(generation), cache_(std::move(cache)) {}

absl::StatusOr<std::shared_ptr<const Snapshot>> Snapshot::Create(
    std::shared_ptr<const CompiledPolicy> compiled, std::uint64_t generation,
    std::size_t cache_max_bytes) {
  assert(compiled != nullptr);
  std::unique_ptr<DecisionCache> cache;
  if (compiled->cache_enabled) {
    absl::StatusOr<std::unique_ptr<DecisionCache>> created = DecisionCache::Create(cache_max_bytes);
    if (!created.ok()) return created.status();
    cache = *std::move(created);
  }
  return std::make_shared<const Snapshot>(ConstructionKey(), std::move(compiled), generation,
                                          std::move(cache));
}

std::shared_ptr<const Snapshot> Snapshot::CreateAllowAll(std::uint64_t generation) {
  return std::make_shared<const Snapshot>(ConstructionKey(), nullptr, generation, nullptr);
}

}  // namespace mqauthz
