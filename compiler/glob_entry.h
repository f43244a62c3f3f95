// One distinct glob of a policy (a `clientIds` glob or a Pattern key), and how the
// runtime decides whether it matches.
//
// The compiler deduplicates globs by text and sorts each into one of six matching
// methods, cheapest first (GlobMatchMethod below). Literal globs need a hash lookup, and
// a literal prefix followed by `*` runs and tokens needs the prefix index of
// compiler/glob_prefix_index.h. Other globs go to a Hyperscan database, with tokens as a
// prefilter that the glob matcher verifies. Globs that do not fit Hyperscan
// (GlobFitsHyperscan in compiler/glob_database.h decides) go to the glob matcher alone.

#ifndef MQAUTHZ_COMPILER_GLOB_ENTRY_H_
#define MQAUTHZ_COMPILER_GLOB_ENTRY_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "compiler/token_slots.h"
#include "core/glob.h"

namespace mqauthz {

enum class GlobMatchMethod : std::uint8_t {
  kLiteral,          // literal bytes: a hash lookup finds it
  kPrefix,           // literal prefix then `*` runs: the prefix index decides alone
  kPrefixPrefilter,  // literal prefix then `*` runs and tokens: the prefix index, then
                     // the glob matcher verifies
  kDatabase,         // Hyperscan decides alone
  kPrefilter,        // Hyperscan with each token as `.+`, then the glob matcher verifies
  kMatcher,          // the glob matcher alone (runtime/glob_matcher.h)
};

inline constexpr std::uint32_t kNoTokenSlot = std::numeric_limits<std::uint32_t>::max();

struct GlobEntry {
  // A copy of the glob: the compiled policy does not keep the Policy it came from.
  Glob glob;
  GlobMatchMethod method = GlobMatchMethod::kMatcher;
  // Per element of `glob`: the token slot of a token element, kNoTokenSlot otherwise.
  // Empty when the glob has no tokens.
  std::vector<std::uint32_t> element_slots;

  // Estimates the heap bytes the entry owns: its glob's tables and its slots.
  std::size_t HeapBytes() const;
};

// Describes `glob` as an entry: assigns slots to its tokens, chooses the method, and sets
// `expression` to the Hyperscan expression (meaningful for kDatabase and kPrefilter) and
// `literal` to the bytes (for kLiteral) or the prefix bytes (for kPrefix and
// kPrefixPrefilter).
GlobEntry MakeGlobEntry(const Glob& glob, TokenSlots& slots, std::string& expression,
                        std::string& literal);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_GLOB_ENTRY_H_
