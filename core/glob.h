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
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/client.h"
#include "core/token.h"

namespace mqauthz {

// One element of a glob. Key patterns are mostly plain bytes, so the bytes of a class and
// the token of a token element are stored in side tables of the Glob, and each element
// stays 8 bytes.
struct GlobElement {
  enum class Kind : std::uint8_t { kByte, kAnyByte, kAnyRun, kClass, kToken };

  Kind kind = Kind::kByte;
  unsigned char byte = 0;   // for kByte, 0 otherwise
  std::uint32_t index = 0;  // position in Glob::classes (kClass) or Glob::tokens (kToken), or 0

  friend bool operator==(const GlobElement&, const GlobElement&) = default;
};

// The matchers scan elements in order, and eight elements fit in one 64-byte cache line.
static_assert(sizeof(GlobElement) == 8, "GlobElement must stay a kind, a byte and an index");

// A parsed glob. It stores its elements in pattern order, and the payloads of its classes
// and tokens in the order they appear, so equal patterns parse to equal globs.
struct Glob {
  std::vector<GlobElement> elements;
  std::vector<std::bitset<256>> classes;  // the bytes each class matches, negation applied
  std::vector<Token> tokens;

  // Each Add function appends one element. AddClass and AddToken also append its payload to
  // the side table.
  void AddByte(unsigned char byte);
  void AddAnyByte();
  void AddAnyRun();
  void AddClass(const std::bitset<256>& bytes);
  void AddToken(Token token);

  // Returns the bytes of a kClass element, or the token of a kToken element. The element
  // must belong to this glob.
  const std::bitset<256>& ClassBytes(const GlobElement& element) const {
    return classes[element.index];
  }
  const Token& TokenOf(const GlobElement& element) const { return tokens[element.index]; }

  bool HasTokens() const { return !tokens.empty(); }

  friend bool operator==(const Glob&, const Glob&) = default;
};

// Parses a glob pattern. Returns InvalidArgument with a hint for the errors listed above
// and for the token errors of ParseTokenTemplate.
absl::StatusOr<Glob> ParseGlob(std::string_view pattern);

// Returns whether `subject` matches `glob` with its tokens bound to `client`. Returns
// false when any token resolves to nothing.
bool GlobMatches(const Glob& glob, const Client& client, std::string_view subject);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_GLOB_H_
