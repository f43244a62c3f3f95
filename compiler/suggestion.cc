#include "compiler/suggestion.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "compiler/absl_view.h"

namespace mqauthz {
namespace {

// Field names are short; comparing against a long value would only waste time.
constexpr std::size_t kMaxComparedBytes = 64;

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  // One row of the dynamic-programming table at a time.
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;

  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string_view> NearestName(std::string_view text,
                                            std::span<const std::string_view> candidates) {
  if (text.size() > kMaxComparedBytes) return std::nullopt;

  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (std::string_view candidate : candidates) {
    if (absl::EqualsIgnoreCase(AbslView(text), AbslView(candidate))) return candidate;

    const std::size_t distance = EditDistance(text, candidate);
    const std::size_t allowed = std::max<std::size_t>(2, candidate.size() / 3);
    if (distance > allowed) continue;
    if (!best.has_value() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace mqauthz
