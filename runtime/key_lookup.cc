#include "runtime/key_lookup.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/glob_entry.h"
#include "compiler/key_index.h"
#include "runtime/bound_client.h"
#include "runtime/glob_matcher.h"
#include "runtime/grant_selection.h"
#include "runtime/hyperscan_scan.h"

namespace mqauthz {
namespace {

class KeySearch {
 public:
  KeySearch(const KeyIndex& index, const BoundClient& bound, std::string_view key)
      : index_(index), bound_(bound), key_(key) {}

  void OfferExact(GrantRange range) {
    if (const CompiledGrant* grant =
            FindFirstUsableGrant<false>(index_.grants(range), bound_, best_)) {
      best_ = grant;
    }
  }

  void OfferGrant(const CompiledGrant& grant) {
    if (best_ == nullptr || grant < *best_) best_ = &grant;
  }

  // Offers pattern `id`. `reported` is true when Hyperscan or the prefix index reported
  // it, which settles a glob without tokens; every other case runs the glob matcher.
  void OfferPattern(std::uint32_t id, bool reported) {
    const KeyIndex::Pattern& pattern = index_.patterns()[id];
    const CompiledGrant* grant =
        FindFirstUsableGrant<false>(index_.grants(pattern.grants), bound_, best_);
    if (grant == nullptr) return;
    const GlobMatchMethod method = pattern.glob.method;
    const bool settled =
        reported && (method == GlobMatchMethod::kDatabase || method == GlobMatchMethod::kPrefix);
    if (!settled && !MatchGlob(pattern.glob, bound_, key_)) return;
    best_ = grant;
  }

  std::optional<CompiledGrant> result() const {
    if (best_ == nullptr) return std::nullopt;
    return *best_;
  }

 private:
  const KeyIndex& index_;
  const BoundClient& bound_;
  const std::string_view key_;
  const CompiledGrant* best_ = nullptr;
};

}  // namespace

std::optional<CompiledGrant> FindKeyGrant(const CompiledPolicy& policy, const BoundClient& bound,
                                          KeyAccess access, std::string_view key) {
  const auto a = static_cast<std::size_t>(access);
  if ((bound.key_access_mask & (1u << a)) == 0) return std::nullopt;
  const KeyIndex& index = policy.key_index(access);
  KeySearch search(index, bound, key);

  // 1. Exact keys, and 2. the client's substituted String keys.
  search.OfferExact(index.FindExact(key));
  const auto& token_keys = bound.token_string_keys[a];
  if (const auto it = token_keys.find(key); it != token_keys.end()) search.OfferGrant(it->second);

  // 3. Patterns in the prefix index, and 4. in the Hyperscan database. Without scratch
  // space, every pattern of the database goes to the glob matcher instead.
  index.prefixes().ForEachMatch(key,
                                [&search](std::uint32_t id) { search.OfferPattern(id, true); });
  const bool scanned = ScanWhole(index.database(), key,
                                 [&search](std::uint32_t id) { search.OfferPattern(id, true); });
  if (!scanned) {
    for (std::uint32_t id = 0; id < index.patterns().size(); ++id) {
      const GlobMatchMethod method = index.patterns()[id].glob.method;
      if (method == GlobMatchMethod::kDatabase || method == GlobMatchMethod::kPrefilter) {
        search.OfferPattern(id, false);
      }
    }
  }

  // 5. Patterns too large for Hyperscan.
  for (const std::uint32_t id : index.matcher_patterns()) search.OfferPattern(id, false);
  return search.result();
}

}  // namespace mqauthz
