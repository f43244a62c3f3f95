// Globs over bytes in the dialect of Redis 7.4 `KEYS` (stringmatchlen, case-sensitive),
// used for state-store Pattern keys and for the `clientIds` of broker resources.
//
//   *      any run of bytes, the empty one too
//   ?      exactly one byte (not one UTF-8 character)
//   [abc]  a class; [a-z] a range, and [z-a] the same range; [^a] a negated class;
//          '!' is not special, so [!a] is the class of '!' and 'a'; a '-' that
//          cannot form a range is literal ([-], [-a]); [+--] is the range from '+'
//          to '-', and [--a] the range from '-' to 'a'
//   \x     the byte x, literally, inside or outside a class
//   /      nothing special
//
// Bytes compare as unsigned values in ranges. Parsing rejects what Redis would read in
// a surprising way: an unterminated '[', an empty class "[]" or "[^]", a range without
// an end ("[a-]"), and a lone trailing '\'. A `{principal.` token outside a class is
// an element whose value matches literally; a token inside a class is rejected, and
// "\{" is a literal brace that starts no token.
//
// Matching takes time bounded by pattern length times subject length (no exponential
// backtracking on patterns such as "*a*a*a*a*b"), and no cut-off changes an answer.

#ifndef MQAUTHZ_CORE_GLOB_H_
#define MQAUTHZ_CORE_GLOB_H_

#include <bitset>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/client.h"
#include "core/token.h"

namespace mqauthz {

struct GlobElement {
  enum class Kind { kByte, kAnyByte, kAnyRun, kClass, kToken };

  Kind kind = Kind::kByte;
  unsigned char byte = 0;  // for kByte
  std::bitset<256> bytes;  // for kClass: the bytes it matches, negation applied
  Token token;             // for kToken
};

struct Glob {
  std::vector<GlobElement> elements;

  bool HasTokens() const;
};

// Parses a glob pattern. Returns InvalidArgument with a hint for the errors listed above
// and for the token errors of ParseTokenTemplate.
absl::StatusOr<Glob> ParseGlob(std::string_view pattern);

// Returns whether `subject` matches `glob` with its tokens bound to `client`. Returns
// false when any token resolves to nothing.
bool GlobMatches(const Glob& glob, const Client& client, std::string_view subject);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_GLOB_H_
