#include "compiler/client_id_index.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/glob_database.h"
#include "compiler/glob_entry.h"
#include "compiler/glob_prefix_index.h"
#include "compiler/token_slots.h"
#include "core/glob.h"

namespace mqauthz {

std::uint32_t ClientIdGlobIndexBuilder::Add(const std::string& text, const Glob& glob,
                                            TokenSlots& slots) {
  const auto id = static_cast<std::uint32_t>(index_.entries_.size());
  const auto [it, inserted] = ids_by_text_.try_emplace(text, id);
  if (!inserted) return it->second;

  std::string expression;
  std::string literal;
  index_.entries_.push_back(MakeGlobEntry(glob, slots, expression, literal));
  switch (index_.entries_.back().method) {
    case GlobMatchMethod::kLiteral:
      // Two texts can spell the same bytes ("a" and "\a"). The first keeps the map slot,
      // and the glob matcher decides the later ones.
      if (!index_.literal_entries_.try_emplace(std::move(literal), id).second) {
        index_.entries_.back().method = GlobMatchMethod::kMatcher;
      }
      break;
    case GlobMatchMethod::kPrefix:
    case GlobMatchMethod::kPrefixPrefilter:
      index_.prefix_entries_.Add(std::move(literal), id);
      break;
    case GlobMatchMethod::kDatabase:
    case GlobMatchMethod::kPrefilter:
      expressions_.push_back({std::move(expression), id});
      break;
    case GlobMatchMethod::kMatcher:
      break;
  }
  return id;
}

absl::StatusOr<ClientIdGlobIndex> ClientIdGlobIndexBuilder::Build() && {
  std::vector<std::uint32_t> rejected;
  absl::StatusOr<GlobDatabase> database = GlobDatabase::Compile(std::move(expressions_), rejected);
  if (!database.ok()) return database.status();
  index_.database_ = *std::move(database);
  for (const std::uint32_t id : rejected) index_.entries_[id].method = GlobMatchMethod::kMatcher;
  return std::move(index_);
}

std::size_t ClientIdGlobIndex::MemoryBytes() const {
  std::size_t bytes = entries_.capacity() * sizeof(GlobEntry);
  for (const GlobEntry& entry : entries_) {
    bytes += entry.HeapBytes();
  }
  bytes += literal_entries_.bucket_count() * (sizeof(decltype(literal_entries_)::value_type) + 1);
  return bytes + prefix_entries_.MemoryBytes() + database_.SizeBytes();
}

}  // namespace mqauthz
