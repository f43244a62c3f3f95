// The `clientIds` globs of a policy's broker resources, for evaluation at Bind.
//
// Design. A client's id is fixed for its session, so Bind evaluates each glob once and
// Decide never matches a glob. Globs are deduplicated by text into entries (GlobEntry in
// compiler/glob_entry.h). Literal globs sit in a hash map from bytes to entry. Globs of a
// literal prefix followed by `*` runs and tokens (`b17-*`, `{principal.clientId}*`) sit
// in a prefix index (compiler/glob_prefix_index.h), because Hyperscan compiles 100,000 of
// them slowly. The rest that fit Hyperscan form one database. So Bind learns every
// matching entry with one literal lookup, one lookup per distinct prefix length and one
// scan of the client id. Globs with tokens are prefiltered by the prefix index or the
// database and verified with the client's values; globs too large for Hyperscan go to
// the glob matcher. One database serves all three broker methods: Bind needs the globs
// of every method at once, and one scan is cheaper than three.

#ifndef MQAUTHZ_COMPILER_CLIENT_ID_INDEX_H_
#define MQAUTHZ_COMPILER_CLIENT_ID_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/glob_database.h"
#include "compiler/glob_entry.h"
#include "compiler/glob_prefix_index.h"
#include "compiler/key_index.h"
#include "compiler/token_slots.h"
#include "core/glob.h"

namespace mqauthz {

class ClientIdGlobIndex {
 public:
  const std::vector<GlobEntry>& entries() const { return entries_; }

  // Returns the entry of the literal glob equal to `client_id`, if there is one.
  std::optional<std::uint32_t> FindLiteral(std::string_view client_id) const {
    const auto it = literal_entries_.find(client_id);
    if (it == literal_entries_.end()) return std::nullopt;
    return it->second;
  }

  // The entries whose method is kPrefix or kPrefixPrefilter, by prefix bytes.
  const GlobPrefixIndex& prefixes() const { return prefix_entries_; }

  // The Hyperscan database of the entries whose method is kDatabase or kPrefilter; a
  // match reports the entry index.
  const GlobDatabase& database() const { return database_; }

  // Estimates the heap bytes this index owns, the Hyperscan database included.
  std::size_t MemoryBytes() const;

 private:
  friend class ClientIdGlobIndexBuilder;

  std::vector<GlobEntry> entries_;
  boost::unordered_flat_map<std::string, std::uint32_t, StringViewHash, std::equal_to<>>
      literal_entries_;
  GlobPrefixIndex prefix_entries_;
  GlobDatabase database_;
};

class ClientIdGlobIndexBuilder {
 public:
  // Adds a glob, or finds the entry of the same text. Returns the entry index. `glob`
  // must outlive the index.
  std::uint32_t Add(const std::string& text, const Glob& glob, TokenSlots& slots);

  // Builds the index. Errors: those of GlobDatabase::Compile.
  absl::StatusOr<ClientIdGlobIndex> Build() &&;

 private:
  ClientIdGlobIndex index_;
  boost::unordered_flat_map<std::string, std::uint32_t> ids_by_text_;
  std::vector<GlobDatabase::Expression> expressions_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_CLIENT_ID_INDEX_H_
