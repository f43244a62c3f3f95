#include "compiler/key_index.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/compiled_grant.h"
#include "compiler/glob_database.h"
#include "compiler/glob_entry.h"
#include "compiler/glob_prefix_index.h"
#include "compiler/token_slots.h"
#include "core/glob.h"

namespace mqauthz {

void KeyIndexBuilder::AddExact(std::string bytes, const CompiledGrant& grant) {
  const auto [it, inserted] =
      exact_ids_.try_emplace(bytes, static_cast<std::uint32_t>(exact_.size()));
  if (inserted) exact_.emplace_back(std::move(bytes), std::vector<CompiledGrant>{});
  exact_[it->second].second.push_back(grant);
}

void KeyIndexBuilder::AddPattern(const std::string& text, const Glob& glob,
                                 const CompiledGrant& grant, TokenSlots& slots) {
  if (const auto it = pattern_ids_.find(text); it != pattern_ids_.end()) {
    patterns_[it->second].grants.push_back(grant);
    return;
  }

  std::string expression;
  std::string literal;
  GlobEntry entry = MakeGlobEntry(glob, slots, expression, literal);
  if (entry.method == GlobMatchMethod::kLiteral) {
    AddExact(std::move(literal), grant);
    return;
  }
  pattern_ids_.emplace(text, static_cast<std::uint32_t>(patterns_.size()));
  patterns_.push_back({std::move(entry), std::move(expression), std::move(literal), {grant}});
}

absl::StatusOr<KeyIndex> KeyIndexBuilder::Build() && {
  KeyIndex index;
  const auto append_grants = [&index](const std::vector<CompiledGrant>& grants) {
    const GrantRange range{static_cast<std::uint32_t>(index.grants_.size()),
                           static_cast<std::uint32_t>(grants.size())};
    index.grants_.insert(index.grants_.end(), grants.begin(), grants.end());
    return range;
  };

  // Exact keys that appear both as String and as literal Pattern keys get one list, so
  // it is merged back into document order.
  for (auto& [bytes, grants] : exact_) {
    std::sort(grants.begin(), grants.end());
    index.exact_.emplace(std::move(bytes), append_grants(grants));
  }

  std::vector<GlobDatabase::Expression> expressions;
  for (std::size_t id = 0; id < patterns_.size(); ++id) {
    PendingPattern& pattern = patterns_[id];
    index.patterns_.push_back({std::move(pattern.glob), append_grants(pattern.grants)});
    const GlobMatchMethod method = index.patterns_.back().glob.method;
    if (method == GlobMatchMethod::kPrefix || method == GlobMatchMethod::kPrefixPrefilter) {
      index.prefixes_.Add(std::move(pattern.prefix), static_cast<std::uint32_t>(id));
    } else if (pattern.expression.empty()) {
      index.matcher_patterns_.push_back(static_cast<std::uint32_t>(id));
    } else {
      expressions.push_back({std::move(pattern.expression), static_cast<std::uint32_t>(id)});
    }
  }

  std::vector<std::uint32_t> rejected;
  absl::StatusOr<GlobDatabase> database = GlobDatabase::Compile(std::move(expressions), rejected);
  if (!database.ok()) return database.status();
  index.database_ = *std::move(database);
  for (const std::uint32_t id : rejected) {
    index.patterns_[id].glob.method = GlobMatchMethod::kMatcher;
    index.matcher_patterns_.push_back(id);
  }
  std::sort(index.matcher_patterns_.begin(), index.matcher_patterns_.end());
  return index;
}

std::size_t KeyIndex::MemoryBytes() const {
  std::size_t bytes = exact_.bucket_count() * (sizeof(decltype(exact_)::value_type) + 1);
  for (const auto& [key, range] : exact_) {
    if (key.size() >= sizeof(std::string)) bytes += key.size() + 1;
  }
  bytes += grants_.capacity() * sizeof(CompiledGrant) + patterns_.capacity() * sizeof(Pattern);
  for (const Pattern& pattern : patterns_) {
    bytes += pattern.glob.HeapBytes();
  }
  bytes += matcher_patterns_.capacity() * sizeof(std::uint32_t) + prefixes_.MemoryBytes();
  bytes += database_.SizeBytes();
  return bytes;
}

}  // namespace mqauthz
