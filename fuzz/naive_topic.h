// A deliberately naive model of MQTT 5.0 topic names and topic filters (section 4.7 of the
// standard), which the topic fuzzer compares with core/topic.h and
// runtime/topic_validation.h. It shares no code with either: it splits text on '/' into
// strings, decodes UTF-8 into code points, matches level by level, and decides coverage by
// brute force over every short name built from a small alphabet of levels.

#ifndef MQAUTHZ_FUZZ_NAIVE_TOPIC_H_
#define MQAUTHZ_FUZZ_NAIVE_TOPIC_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client.h"

namespace mqauthz::fuzzing {

enum class NaiveLevelKind { kLiteral, kPlus, kHash };

struct NaiveLevel {
  NaiveLevelKind kind = NaiveLevelKind::kLiteral;
  std::string text;  // for kLiteral
};

using NaiveFilter = std::vector<NaiveLevel>;

// Splits on every '/'; the empty text is one empty level. The views point into `text`.
std::vector<std::string_view> NaiveSplit(std::string_view text);

// Returns whether `text` is well-formed UTF-8 (RFC 3629): every sequence decodes to a code
// point of the length its lead byte announces, at most U+10FFFF and not a surrogate.
bool NaiveIsUtf8(std::string_view text);

// Returns whether a client may publish to `name`: 1 to 65,535 bytes, UTF-8, no U+0000,
// '+' or '#'.
bool NaiveIsValidName(std::string_view name);

// Returns whether a client may subscribe with `filter`: the text rules of a name, '+'
// only as a whole level, '#' only as the whole last level.
bool NaiveIsValidFilter(std::string_view filter);

// Returns `filter` without a leading "$share/GROUP/", the filter itself when it does not
// start with "$share/", or nullopt when the group is empty, contains '+' or '#', or nothing
// follows it.
std::optional<std::string> NaiveRemoveShare(std::string_view filter);

// Returns the levels of a valid filter.
NaiveFilter NaiveParseFilter(std::string_view filter);

// Returns whether `filter` matches the name split into `name`: level by level, '+' any
// one level, '#' the rest (the parent level too), and no wildcard first level for a name
// that starts with '$'.
bool NaiveMatches(const NaiveFilter& filter, const std::vector<std::string_view>& name);

// Returns whether every valid name that `requested` matches is matched by `allowed`, by
// trying every name of up to max(levels) + 1 levels over an alphabet of the literal levels
// of both filters, the empty level, one other level and one other level starting with
// '$'. Matching only compares levels for equality and tests the '$' of level 0, so these
// names stand for all names. As in core/topic.h, names are unbounded in length here: the
// 65,535-byte limit is not applied. Returns nullopt when there would be more than
// `max_names` names to try.
std::optional<bool> NaiveCovers(const NaiveFilter& allowed, const NaiveFilter& requested,
                                std::size_t max_names);

// A policy topic filter as the naive model reads it: tokens such as
// `{principal.clientId}` must be whole levels, and each is replaced by the client's value
// as a literal level.
struct NaivePolicyFilter {
  bool valid = false;
  // The levels with tokens replaced; nullopt when a token has no value, an empty value or
  // a value with '/', because the filter then matches nothing.
  std::optional<NaiveFilter> bound;
};

// Reads a policy topic filter for `client`. Returns nullopt when the naive reading cannot
// decide: a token's closing '}' lies after a '/', because core/topic.h lets an attribute
// name contain '/' and this model splits on every '/'.
std::optional<NaivePolicyFilter> NaiveReadPolicyFilter(std::string_view text, const Client& client);

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_NAIVE_TOPIC_H_
