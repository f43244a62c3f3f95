#include "compiler/token_slots.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/token.h"

namespace mqauthz {

std::uint32_t TokenSlots::Assign(const Token& token) {
  switch (token.kind) {
    case TokenKind::kClientId:
      return kClientIdSlot;
    case TokenKind::kUsername:
      return kUsernameSlot;
    case TokenKind::kAttribute:
      break;
  }
  const auto next = static_cast<std::uint32_t>(size());
  const auto [it, inserted] = attribute_slots_.try_emplace(token.attribute, next);
  if (inserted) attribute_names_.push_back(token.attribute);
  return it->second;
}

std::optional<std::uint32_t> TokenSlots::FindAttribute(const std::string& name) const {
  const auto it = attribute_slots_.find(name);
  if (it == attribute_slots_.end()) return std::nullopt;
  return it->second;
}

std::size_t TokenSlots::MemoryBytes() const {
  std::size_t bytes =
      attribute_slots_.bucket_count() * sizeof(std::pair<std::string, std::uint32_t>);
  for (const std::string& name : attribute_names_) bytes += 2 * (sizeof(std::string) + name.size());
  return bytes;
}

}  // namespace mqauthz
