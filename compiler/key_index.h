// The state-store keys of a policy for one access class (reads or writes).
//
// Design. `get` and `keynotify` read; `set`, `del` and `vdel` write. A Read resource's
// keys go into the read index, a Write resource's into the write index, and a ReadWrite
// resource's into both, so a request consults exactly one index. Within an index:
//   - exact keys (String keys without tokens, Binary keys, and Pattern keys that are
//     literal bytes) share one hash map from bytes to a grant range;
//   - other Pattern keys are deduplicated by text, and each distinct glob has a grant
//     range and a GlobEntry. Globs of a literal prefix followed by `*` runs and tokens
//     go into a prefix index (compiler/glob_prefix_index.h), which builds far faster than
//     a Hyperscan database. The other globs that fit Hyperscan form one database. Both
//     report pattern indices;
//   - String keys with tokens are not here: they depend on the client, so Bind
//     substitutes them for the rules the client matches (CompiledRule in
//     compiler/compiled_policy.h lists them).
// Grant ranges are sorted by (rule, resource, key), so the runtime intersects them with
// the client's rules instead of scanning them, and a key that 100,000 rules share costs
// one lookup plus a binary search per client rule.

#ifndef MQAUTHZ_COMPILER_KEY_INDEX_H_
#define MQAUTHZ_COMPILER_KEY_INDEX_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/compiled_grant.h"
#include "compiler/glob_database.h"
#include "compiler/glob_entry.h"
#include "compiler/glob_prefix_index.h"
#include "compiler/token_slots.h"
#include "core/glob.h"
#include "core/policy.h"
#include "core/request.h"

namespace mqauthz {

enum class KeyAccess : std::uint8_t { kRead = 0, kWrite = 1 };
inline constexpr std::size_t kKeyAccessCount = 2;

// Returns the access class of a state-store action: kRead for get and keynotify, kWrite
// otherwise.
inline KeyAccess KeyAccessOf(Action action) {
  return IsStateStoreReadAction(action) ? KeyAccess::kRead : KeyAccess::kWrite;
}

// Returns whether a resource with `method` grants `access`.
inline bool MethodGrantsAccess(StateStoreMethod method, KeyAccess access) {
  if (method == StateStoreMethod::kReadWrite) return true;
  return (method == StateStoreMethod::kRead) == (access == KeyAccess::kRead);
}

// A hash for string keys that also takes std::string_view, for lookups without a copy.
struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>()(text);
  }
};

class KeyIndex {
 public:
  struct Pattern {
    GlobEntry glob;  // method is never kLiteral here
    GrantRange grants;
  };

  // Returns the grants of exact keys equal to `key`, or an empty range.
  GrantRange FindExact(std::string_view key) const {
    const auto it = exact_.find(key);
    return it == exact_.end() ? GrantRange{} : it->second;
  }

  std::span<const CompiledGrant> grants(GrantRange range) const { return GrantsIn(grants_, range); }
  const std::vector<Pattern>& patterns() const { return patterns_; }

  // The patterns whose method is kPrefix or kPrefixPrefilter, by prefix bytes; a match
  // reports the pattern index.
  const GlobPrefixIndex& prefixes() const { return prefixes_; }

  // The Hyperscan database of the patterns whose method is kDatabase or kPrefilter; a
  // match reports the pattern index.
  const GlobDatabase& database() const { return database_; }

  // Indices of the patterns that the database does not hold (method kMatcher), in
  // increasing order.
  std::span<const std::uint32_t> matcher_patterns() const { return matcher_patterns_; }

  bool empty() const { return exact_.empty() && patterns_.empty(); }

  // Estimates the heap bytes this index owns, the Hyperscan database included.
  std::size_t MemoryBytes() const;

 private:
  friend class KeyIndexBuilder;

  boost::unordered_flat_map<std::string, GrantRange, StringViewHash, std::equal_to<>> exact_;
  std::vector<CompiledGrant> grants_;
  std::vector<Pattern> patterns_;
  GlobPrefixIndex prefixes_;
  GlobDatabase database_;
  std::vector<std::uint32_t> matcher_patterns_;
};

// Collects keys in document order and builds a KeyIndex.
class KeyIndexBuilder {
 public:
  // Adds an exact key: the bytes a request's key must equal.
  void AddExact(std::string bytes, const CompiledGrant& grant);

  // Adds a Pattern key. `glob` must outlive the index; literal globs become exact keys.
  void AddPattern(const std::string& text, const Glob& glob, const CompiledGrant& grant,
                  TokenSlots& slots);

  // Builds the index. Errors: those of GlobDatabase::Compile.
  absl::StatusOr<KeyIndex> Build() &&;

 private:
  struct PendingPattern {
    GlobEntry glob;
    std::string expression;
    std::string prefix;  // for kPrefix and kPrefixPrefilter
    std::vector<CompiledGrant> grants;
  };

  // Exact keys in first-seen order, so the grant array layout is deterministic.
  boost::unordered_flat_map<std::string, std::uint32_t> exact_ids_;
  std::vector<std::pair<std::string, std::vector<CompiledGrant>>> exact_;
  boost::unordered_flat_map<std::string, std::uint32_t> pattern_ids_;
  std::vector<PendingPattern> patterns_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_KEY_INDEX_H_
