#include "core/glob.h"

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/client.h"
#include "core/status_hint.h"
#include "core/token.h"

namespace mqauthz {
namespace {

unsigned char ByteAt(std::string_view text, std::size_t offset) {
  return static_cast<unsigned char>(text[offset]);
}

bool StartsTokenAt(std::string_view pattern, std::size_t offset) {
  return pattern.substr(offset).starts_with(kTokenPrefix);
}

// Quotes the pattern for a message, with control bytes written as \xHH. Other bytes stay as
// they are, so that UTF-8 text reads as text.
std::string Quoted(std::string_view pattern) {
  std::string quoted = "`";
  for (const char c : pattern) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      absl::StrAppend(&quoted, "\\x", absl::Hex(byte, absl::kZeroPad2));
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('`');
  return quoted;
}

absl::Status UnterminatedClassError(std::string_view pattern, std::size_t open) {
  return InvalidArgumentWithHint(
      absl::StrCat("unterminated character class in pattern ", Quoted(pattern),
                   ": the '[' at byte ", open, " has no closing ']'"),
      "close the class with ']', or write `\\[` to match a literal '['");
}

absl::Status EmptyClassError(std::string_view pattern, std::size_t open, bool negated) {
  if (negated) {
    return InvalidArgumentWithHint(
        absl::StrCat("empty negated class `[^]` at byte ", open, " of pattern ", Quoted(pattern),
                     " (Redis reads it as any byte)"),
        "write `?` to match any byte, or `[^\\]]` to match any byte except ']'");
  }
  return InvalidArgumentWithHint(
      absl::StrCat("empty character class `[]` at byte ", open, " of pattern ", Quoted(pattern),
                   " matches no byte"),
      "write `[\\]]` to match ']', or `\\[\\]` to match the literal text `[]`");
}

absl::Status RangeWithoutEndError(std::string_view pattern, std::size_t start) {
  return InvalidArgumentWithHint(
      absl::StrCat("range at byte ", start, " of pattern ", Quoted(pattern),
                   " has no end: Redis reads the ']' after '-' as the end of the range, not of "
                   "the class"),
      "put '-' first in the class to match it literally, such as `[-a]`, or write a complete "
      "range, such as `[a-z]`");
}

absl::Status TokenInClassError(std::string_view pattern, std::size_t offset) {
  return InvalidArgumentWithHint(
      absl::StrCat("pattern ", Quoted(pattern), " has a token at byte ", offset,
                   " inside a character class, where tokens are not allowed"),
      "move the token out of the brackets, or write `\\{` to match a literal '{'");
}

// Parses the class whose '[' is at `open`, appends it to `glob`, and returns the offset just
// past its ']'. The order of the checks inside the class follows Redis 7.4 stringmatchlen:
// an escape, then ']', then a range "X-Y" (only with at least three bytes left in the
// pattern), then a literal byte.
absl::StatusOr<std::size_t> ParseClass(std::string_view pattern, std::size_t open, Glob& glob) {
  std::size_t i = open + 1;
  const bool negated = i < pattern.size() && pattern[i] == '^';
  if (negated) ++i;
  if (i < pattern.size() && pattern[i] == ']') return EmptyClassError(pattern, open, negated);

  std::bitset<256> bytes;
  while (true) {
    if (i == pattern.size()) return UnterminatedClassError(pattern, open);
    const std::size_t remaining = pattern.size() - i;

    if (pattern[i] == '\\' && remaining >= 2) {
      bytes.set(ByteAt(pattern, i + 1));
      i += 2;
      continue;
    }
    if (pattern[i] == ']') break;
    if (remaining >= 3 && pattern[i + 1] == '-') {
      if (pattern[i + 2] == ']') return RangeWithoutEndError(pattern, i);
      if (StartsTokenAt(pattern, i + 2)) return TokenInClassError(pattern, i + 2);
      // A reversed range means the same range.
      // NOTE: Bytes compare unsigned, as glob.h states. Redis 7.4 compares `char`, which is
      // signed on x86-64, so there a range with one end below 0x80 and the other at or above
      // it differs: Redis reads "[a-\xFF]" as 0xFF and 0x00 to 0x61.
      unsigned char low = ByteAt(pattern, i);
      unsigned char high = ByteAt(pattern, i + 2);
      if (low > high) std::swap(low, high);
      for (unsigned value = low; value <= high; ++value) bytes.set(value);
      i += 3;
      continue;
    }
    if (StartsTokenAt(pattern, i)) return TokenInClassError(pattern, i);
    bytes.set(ByteAt(pattern, i));
    ++i;
  }

  if (negated) bytes.flip();
  glob.AddClass(bytes);
  return i + 1;
}

// Parses the token that starts at `start` (outside a class), appends it to `glob`, and
// returns the offset just past its text.
absl::StatusOr<std::size_t> ParseGlobToken(std::string_view pattern, std::size_t start,
                                           Glob& glob) {
  const std::size_t close = pattern.find('}', start);
  const std::size_t end = close == std::string_view::npos ? pattern.size() : close + 1;
  absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate(pattern.substr(start, end - start));
  if (!parsed.ok()) return parsed.status();

  // The text runs from "{principal." to the first '}', so a successful parse is one token.
  glob.AddToken(std::get<Token>(std::move(parsed->parts.front())));
  return end;
}

// Parses the element that starts at `start`, appends it to `glob`, and returns the offset
// just past its text.
absl::StatusOr<std::size_t> ParseElement(std::string_view pattern, std::size_t start, Glob& glob) {
  switch (pattern[start]) {
    case '*':
      glob.AddAnyRun();
      return start + 1;
    case '?':
      glob.AddAnyByte();
      return start + 1;
    case '[':
      return ParseClass(pattern, start, glob);
    case '\\':
      if (start + 1 == pattern.size()) {
        return InvalidArgumentWithHint(
            absl::StrCat("pattern ", Quoted(pattern), " ends with a lone '\\'"),
            "write `\\\\` to match a literal backslash");
      }
      glob.AddByte(ByteAt(pattern, start + 1));
      return start + 2;
    default:
      if (StartsTokenAt(pattern, start)) return ParseGlobToken(pattern, start, glob);
      glob.AddByte(ByteAt(pattern, start));
      return start + 1;
  }
}

// One state of the matcher: a glob element, with a token element replaced by one kByte step
// per byte of the client's value.
struct Step {
  GlobElement::Kind kind = GlobElement::Kind::kByte;
  unsigned char byte = 0;
  const std::bitset<256>* bytes = nullptr;  // for kClass
};

// Returns the steps of `glob` bound to `client`, or nullopt when a token resolves to nothing.
std::optional<std::vector<Step>> BindSteps(const Glob& glob, const Client& client) {
  std::vector<Step> steps;
  for (const GlobElement& element : glob.elements) {
    if (element.kind == GlobElement::Kind::kClass) {
      steps.push_back({element.kind, 0, &glob.ClassBytes(element)});
      continue;
    }
    if (element.kind != GlobElement::Kind::kToken) {
      steps.push_back({element.kind, element.byte, nullptr});
      continue;
    }
    const std::optional<std::string_view> value = ResolveToken(glob.TokenOf(element), client);
    if (!value.has_value()) return std::nullopt;
    for (const char byte : *value) {
      steps.push_back({GlobElement::Kind::kByte, static_cast<unsigned char>(byte), nullptr});
    }
  }
  return steps;
}

// Marks the state after each '*' whose own state is active, because '*' may match the empty
// run. One pass in order also follows a chain of '*'.
void FollowEmptyRuns(const std::vector<Step>& steps, std::vector<bool>& active) {
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (active[k] && steps[k].kind == GlobElement::Kind::kAnyRun) active[k + 1] = true;
  }
}

bool StepAcceptsByte(const Step& step, unsigned char byte) {
  switch (step.kind) {
    case GlobElement::Kind::kAnyByte:
      return true;
    case GlobElement::Kind::kByte:
      return step.byte == byte;
    case GlobElement::Kind::kClass:
      return step.bytes->test(byte);
    case GlobElement::Kind::kAnyRun:
    case GlobElement::Kind::kToken:
      break;
  }
  return false;
}

}  // namespace

void Glob::AddByte(unsigned char byte) { elements.push_back({GlobElement::Kind::kByte, byte, 0}); }

void Glob::AddAnyByte() { elements.push_back({GlobElement::Kind::kAnyByte, 0, 0}); }

void Glob::AddAnyRun() { elements.push_back({GlobElement::Kind::kAnyRun, 0, 0}); }

// The indices fit in 32 bits because a class takes at least three pattern bytes and a token
// more, and patterns come from policy files of at most 256 MiB.
void Glob::AddClass(const std::bitset<256>& bytes) {
  elements.push_back({GlobElement::Kind::kClass, 0, static_cast<std::uint32_t>(classes.size())});
  classes.push_back(bytes);
}

void Glob::AddToken(Token token) {
  elements.push_back({GlobElement::Kind::kToken, 0, static_cast<std::uint32_t>(tokens.size())});
  tokens.push_back(std::move(token));
}

absl::StatusOr<Glob> ParseGlob(std::string_view pattern) {
  Glob glob;
  std::size_t i = 0;
  while (i < pattern.size()) {
    absl::StatusOr<std::size_t> end = ParseElement(pattern, i, glob);
    if (!end.ok()) return end.status();
    i = *end;
  }

  // A policy keeps its globs while it lives, so the element array gives back its spare
  // capacity.
  glob.elements.shrink_to_fit();
  return glob;
}

// Simulates the pattern as a set of states, one per step, instead of backtracking. Each
// subject byte costs one pass over the steps, so the time is O(steps * subject bytes).
bool GlobMatches(const Glob& glob, const Client& client, std::string_view subject) {
  const std::optional<std::vector<Step>> steps = BindSteps(glob, client);
  if (!steps.has_value()) return false;

  // active[k]: the first k steps match the subject bytes read so far.
  std::vector<bool> active(steps->size() + 1, false);
  active[0] = true;
  FollowEmptyRuns(*steps, active);

  std::vector<bool> next(active.size());
  for (const char subject_byte : subject) {
    const auto byte = static_cast<unsigned char>(subject_byte);
    bool any_active = false;
    next.assign(next.size(), false);
    for (std::size_t k = 0; k < steps->size(); ++k) {
      if (!active[k]) continue;
      const Step& step = (*steps)[k];
      if (step.kind == GlobElement::Kind::kAnyRun) {
        next[k] = true;
        any_active = true;
      } else if (StepAcceptsByte(step, byte)) {
        next[k + 1] = true;
        any_active = true;
      }
    }
    if (!any_active) return false;
    FollowEmptyRuns(*steps, next);
    active.swap(next);
  }
  return active.back();
}

}  // namespace mqauthz
