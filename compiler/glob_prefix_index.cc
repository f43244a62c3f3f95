#include "compiler/glob_prefix_index.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/glob.h"

namespace mqauthz {

std::optional<std::string> GlobPrefixBytes(const Glob& glob) {
  std::string prefix;
  std::size_t i = 0;
  for (; i < glob.elements.size() && glob.elements[i].kind == GlobElement::Kind::kByte; ++i) {
    prefix.push_back(static_cast<char>(glob.elements[i].byte));
  }
  if (i == glob.elements.size()) return std::nullopt;

  for (; i < glob.elements.size(); ++i) {
    const GlobElement::Kind kind = glob.elements[i].kind;
    if (kind != GlobElement::Kind::kAnyRun && kind != GlobElement::Kind::kToken) {
      return std::nullopt;
    }
  }
  return prefix;
}

void GlobPrefixIndex::Add(std::string prefix, std::uint32_t id) {
  const std::size_t length = prefix.size();
  ids_by_prefix_[std::move(prefix)].push_back(id);
  const auto at = std::lower_bound(lengths_.begin(), lengths_.end(), length);
  if (at == lengths_.end() || *at != length) lengths_.insert(at, length);
}

std::size_t GlobPrefixIndex::MemoryBytes() const {
  std::size_t bytes =
      ids_by_prefix_.bucket_count() * (sizeof(decltype(ids_by_prefix_)::value_type) + 1);
  for (const auto& [prefix, ids] : ids_by_prefix_) {
    if (prefix.size() >= sizeof(std::string)) bytes += prefix.size() + 1;
    bytes += ids.capacity() * sizeof(std::uint32_t);
  }
  return bytes + lengths_.capacity() * sizeof(std::size_t);
}

}  // namespace mqauthz
