// "Did you mean" suggestions for misspelled field names and enum values.

#ifndef MQAUTHZ_COMPILER_SUGGESTION_H_
#define MQAUTHZ_COMPILER_SUGGESTION_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace mqauthz {

// Returns the Levenshtein distance between `a` and `b`, in bytes: the fewest insertions,
// deletions and substitutions that turn one into the other. Costs O(|a|*|b|) time.
std::size_t EditDistance(std::string_view a, std::string_view b);

// Returns the candidate nearest to `text`, or nullopt when none is near enough to be a
// likely typo. A candidate that differs only in letter case always qualifies. Any other
// candidate qualifies when the distance is at most 2, or at most a third of the
// candidate's length for longer names. Ties go to the earlier candidate.
std::optional<std::string_view> NearestName(std::string_view text,
                                            std::span<const std::string_view> candidates);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_SUGGESTION_H_
