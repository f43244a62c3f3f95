#include "fuzz/naive_glob.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/client.h"

namespace mqauthz::fuzzing {
namespace {

constexpr std::string_view kTokenStart = "{principal.";
constexpr std::string_view kAttributesBody = "attributes.";

bool TokenStartsAt(std::string_view pattern, std::size_t offset) {
  return pattern.substr(offset).starts_with(kTokenStart);
}

unsigned char ByteAt(std::string_view text, std::size_t offset) {
  return static_cast<unsigned char>(text[offset]);
}

struct ByteRange {
  unsigned char low = 0;
  unsigned char high = 0;
};

struct NaiveClass {
  bool negated = false;
  std::vector<ByteRange> ranges;
  std::size_t end = 0;  // the offset after its ']'
};

// Reads the class whose '[' is at `open`, in the order of Redis 7.4 stringmatchlen: an
// escape, then ']', then a range "X-Y" when three bytes are left, then a literal byte.
std::optional<NaiveClass> ReadClass(std::string_view pattern, std::size_t open) {
  NaiveClass result;
  std::size_t i = open + 1;
  if (i < pattern.size() && pattern[i] == '^') {
    result.negated = true;
    ++i;
  }
  if (i < pattern.size() && pattern[i] == ']') return std::nullopt;
  while (true) {
    if (i >= pattern.size()) return std::nullopt;
    const std::size_t left = pattern.size() - i;
    if (pattern[i] == '\\' && left >= 2) {
      result.ranges.push_back({ByteAt(pattern, i + 1), ByteAt(pattern, i + 1)});
      i += 2;
    } else if (pattern[i] == ']') {
      result.end = i + 1;
      return result;
    } else if (left >= 3 && pattern[i + 1] == '-') {
      if (pattern[i + 2] == ']' || TokenStartsAt(pattern, i + 2)) return std::nullopt;
      const unsigned char first = ByteAt(pattern, i);
      const unsigned char last = ByteAt(pattern, i + 2);
      result.ranges.push_back({std::min(first, last), std::max(first, last)});
      i += 3;
    } else if (TokenStartsAt(pattern, i)) {
      return std::nullopt;
    } else {
      result.ranges.push_back({ByteAt(pattern, i), ByteAt(pattern, i)});
      ++i;
    }
  }
}

bool ClassAccepts(const NaiveClass& byte_class, unsigned char byte) {
  bool in_range = false;
  for (const ByteRange& range : byte_class.ranges) {
    if (byte >= range.low && byte <= range.high) in_range = true;
  }
  return in_range != byte_class.negated;
}

struct NaiveToken {
  bool valid = false;
  std::string value;    // empty when the client has no value
  std::size_t end = 0;  // the offset after its '}'
};

NaiveToken ReadToken(std::string_view pattern, std::size_t start, const Client& client) {
  NaiveToken token;
  const std::size_t close = pattern.find('}', start);
  if (close == std::string_view::npos) return token;
  const std::string_view body =
      pattern.substr(start + kTokenStart.size(), close - start - kTokenStart.size());
  token.end = close + 1;
  if (body == "clientId") {
    token.value = client.client_id;
  } else if (body == "username") {
    token.value = client.username.value_or("");
  } else if (body.starts_with(kAttributesBody) && body.size() > kAttributesBody.size()) {
    const auto it = client.attributes.find(body.substr(kAttributesBody.size()));
    if (it != client.attributes.end()) token.value = it->second;
  } else {
    return token;
  }
  token.valid = true;
  return token;
}

// Returns whether the pattern is valid, and sets `resolves` to false when a token has no
// value for the client.
bool IsValidPattern(std::string_view pattern, const Client& client, bool& resolves) {
  resolves = true;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '[') {
      const std::optional<NaiveClass> byte_class = ReadClass(pattern, i);
      if (!byte_class.has_value()) return false;
      i = byte_class->end;
    } else if (pattern[i] == '\\') {
      if (i + 1 == pattern.size()) return false;
      i += 2;
    } else if (TokenStartsAt(pattern, i)) {
      const NaiveToken token = ReadToken(pattern, i, client);
      if (!token.valid) return false;
      if (token.value.empty()) resolves = false;
      i = token.end;
    } else {
      ++i;
    }
  }
  return true;
}

// Decides whether the pattern from offset i matches the subject from offset j, once per
// (i, j).
class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view subject, const Client& client)
      : pattern_(pattern),
        subject_(subject),
        client_(client),
        memo_((pattern.size() + 1) * (subject.size() + 1), kUnknown) {}

  bool Match(std::size_t i, std::size_t j) {
    std::int8_t& memo = memo_[i * (subject_.size() + 1) + j];
    if (memo == kUnknown) memo = Compute(i, j) ? 1 : 0;
    return memo == 1;
  }

 private:
  static constexpr std::int8_t kUnknown = -1;

  bool SubjectByteIs(std::size_t j, unsigned char byte) const {
    return j < subject_.size() && ByteAt(subject_, j) == byte;
  }

  bool Compute(std::size_t i, std::size_t j) {
    if (i == pattern_.size()) return j == subject_.size();
    switch (pattern_[i]) {
      case '*':
        return Match(i + 1, j) || (j < subject_.size() && Match(i, j + 1));
      case '?':
        return j < subject_.size() && Match(i + 1, j + 1);
      case '[': {
        const std::optional<NaiveClass> byte_class = ReadClass(pattern_, i);
        return j < subject_.size() && ClassAccepts(*byte_class, ByteAt(subject_, j)) &&
               Match(byte_class->end, j + 1);
      }
      case '\\':
        return SubjectByteIs(j, ByteAt(pattern_, i + 1)) && Match(i + 2, j + 1);
      default:
        break;
    }
    if (TokenStartsAt(pattern_, i)) {
      const NaiveToken token = ReadToken(pattern_, i, client_);
      return subject_.substr(j).starts_with(token.value) &&
             Match(token.end, j + token.value.size());
    }
    return SubjectByteIs(j, ByteAt(pattern_, i)) && Match(i + 1, j + 1);
  }

  std::string_view pattern_;
  std::string_view subject_;
  const Client& client_;
  std::vector<std::int8_t> memo_;
};

}  // namespace

std::optional<bool> NaiveGlobMatches(std::string_view pattern, std::string_view subject,
                                     const Client& client) {
  bool resolves = true;
  if (!IsValidPattern(pattern, client, resolves)) return std::nullopt;
  if (!resolves) return false;
  Matcher matcher(pattern, subject, client);
  return matcher.Match(0, 0);
}

}  // namespace mqauthz::fuzzing
