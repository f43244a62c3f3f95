// One generation of an Authorizer's policy: the compiled policy, its generation number
// and its decision cache, immutable once built.
//
// The cache lives inside the snapshot so that it is dropped atomically with its policy.
// A session bound to generation N decides and caches through generation N's snapshot, so
// no decision of an older policy can be served under a newer one. The snapshot, its cache
// included, lives as long as the Authorizer or a Session refers to it.
//
// A snapshot with no compiled policy means authorization disabled: it allows every
// action and has no cache.

#ifndef MQAUTHZ_RUNTIME_SNAPSHOT_H_
#define MQAUTHZ_RUNTIME_SNAPSHOT_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "compiler/compiled_policy.h"
#include "runtime/decision_cache.h"

namespace mqauthz {

class Snapshot {
 public:
  // Creates generation `generation` of `compiled`, which must not be null. When the
  // policy has `cache: Enabled`, a DecisionCache bounded by `cache_max_bytes` is created
  // with it. Errors: InvalidArgument from DecisionCache::Create when the bound is too
  // small for a cache.
  static absl::StatusOr<std::shared_ptr<const Snapshot>> Create(
      std::shared_ptr<const CompiledPolicy> compiled, std::uint64_t generation,
      std::size_t cache_max_bytes);

  // Creates a snapshot that allows every action (authorization disabled).
  static std::shared_ptr<const Snapshot> CreateAllowAll(std::uint64_t generation);

  // Restricts construction to the factories while letting them use std::make_shared.
  class ConstructionKey {
   private:
    ConstructionKey() = default;
    friend class Snapshot;
  };
  Snapshot(ConstructionKey key, std::shared_ptr<const CompiledPolicy> compiled,
           std::uint64_t generation, std::unique_ptr<DecisionCache> cache);

  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // Returns whether this snapshot is authorization disabled.
  bool allows_all() const { return compiled_ == nullptr; }

  // Returns the compiled policy, or null when allows_all().
  const CompiledPolicy* compiled() const { return compiled_.get(); }

  // Returns the number of rules of the policy, or 0 when allows_all().
  std::size_t rule_count() const { return compiled_ != nullptr ? compiled_->rule_count() : 0; }

  // Returns the generation number: 1 for an Authorizer's first snapshot, then one more
  // for each successful update.
  std::uint64_t generation() const { return generation_; }

  // Returns the decision cache, or null when the policy sets `cache: Disabled` or
  // allows_all(). The cache is thread-safe, so a const snapshot hands out a mutable one.
  DecisionCache* cache() const { return cache_.get(); }

 private:
  const std::shared_ptr<const CompiledPolicy> compiled_;
  const std::uint64_t generation_;
  const std::unique_ptr<DecisionCache> cache_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_SNAPSHOT_H_
