#include "compiler/glob_entry.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "compiler/glob_database.h"
#include "compiler/glob_prefix_index.h"
#include "compiler/token_slots.h"
#include "core/glob.h"
#include "core/token.h"

namespace mqauthz {

std::size_t GlobEntry::HeapBytes() const {
  std::size_t bytes = element_slots.capacity() * sizeof(std::uint32_t) +
                      glob.elements.capacity() * sizeof(GlobElement) +
                      glob.classes.capacity() * sizeof(glob.classes[0]) +
                      glob.tokens.capacity() * sizeof(Token);
  for (const Token& token : glob.tokens) bytes += token.attribute.capacity();
  return bytes;
}

GlobEntry MakeGlobEntry(const Glob& glob, TokenSlots& slots, std::string& expression,
                        std::string& literal) {
  GlobEntry entry;
  entry.glob = glob;
  expression.clear();
  literal.clear();

  if (std::optional<std::string> bytes = GlobLiteralBytes(glob)) {
    entry.method = GlobMatchMethod::kLiteral;
    literal = *std::move(bytes);
    return entry;
  }

  const bool has_tokens = glob.HasTokens();
  if (has_tokens) {
    entry.element_slots.assign(glob.elements.size(), kNoTokenSlot);
    for (std::size_t i = 0; i < glob.elements.size(); ++i) {
      if (glob.elements[i].kind == GlobElement::Kind::kToken) {
        entry.element_slots[i] = slots.Assign(glob.TokenOf(glob.elements[i]));
      }
    }
  }

  if (std::optional<std::string> prefix = GlobPrefixBytes(glob)) {
    entry.method = has_tokens ? GlobMatchMethod::kPrefixPrefilter : GlobMatchMethod::kPrefix;
    literal = *std::move(prefix);
    return entry;
  }

  expression = GlobToHyperscanExpression(glob);
  if (!GlobFitsHyperscan(glob, expression)) {
    entry.method = GlobMatchMethod::kMatcher;
    expression.clear();
    return entry;
  }
  entry.method = has_tokens ? GlobMatchMethod::kPrefilter : GlobMatchMethod::kDatabase;
  return entry;
}

}  // namespace mqauthz
