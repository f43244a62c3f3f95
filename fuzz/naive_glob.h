// A deliberately naive glob matcher in the dialect of core/glob.h (Redis 7.4 `KEYS`, over
// bytes, with principal tokens), which the glob fuzzer compares with ParseGlob and
// GlobMatches. It shares no code with core/glob.h: it reads the pattern text directly at
// every step, keeps a class as a list of byte ranges, and matches by memoized recursion
// over (pattern offset, subject offset) instead of simulating a set of states.

#ifndef MQAUTHZ_FUZZ_NAIVE_GLOB_H_
#define MQAUTHZ_FUZZ_NAIVE_GLOB_H_

#include <optional>
#include <string_view>

#include "core/client.h"

namespace mqauthz::fuzzing {

// Returns whether `subject` matches `pattern` with its tokens replaced by `client`'s
// values, or nullopt when core/glob.h must reject the pattern: an unterminated '[', an
// empty class "[]" or "[^]", a range ending at the class's ']', a lone trailing '\', a
// token inside a class, or an invalid token. A glob with a token whose value is absent
// or empty matches nothing. Time and memory are O(pattern bytes * subject bytes).
std::optional<bool> NaiveGlobMatches(std::string_view pattern, std::string_view subject,
                                     const Client& client);

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_NAIVE_GLOB_H_
