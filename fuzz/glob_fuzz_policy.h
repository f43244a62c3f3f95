// The glob fuzzer's input, and the small policy it builds from it.
//
// Input (FuzzedDataProvider): from the end, three options bytes; from the front, strings
// in its backslash format (`\\` is one backslash, `\` and any other byte ends a string):
// the client id, the username, an attribute name and its value, then the patterns, then
// the keys. Options byte 0: bits 0-1 the pattern count minus one, bits 2-3 the key count
// minus one, bit 4 gives the client its username, bit 5 puts every pattern in a rule of
// its own. Byte 1: two bits per pattern for its key type (0 and 1 Pattern, 2 String, 3
// Binary). Byte 2: two bits per pattern for its method (0 Read, 1 Write, 2 and 3
// ReadWrite).

#ifndef MQAUTHZ_FUZZ_GLOB_FUZZ_POLICY_H_
#define MQAUTHZ_FUZZ_GLOB_FUZZ_POLICY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/client.h"
#include "core/policy.h"

namespace mqauthz::fuzzing {

struct FuzzedPattern {
  std::string text;  // the glob; a Binary key holds these bytes, written in base64
  KeyType key_type = KeyType::kPattern;
  StateStoreMethod method = StateStoreMethod::kReadWrite;
};

struct GlobFuzzCase {
  Client client;
  std::vector<FuzzedPattern> patterns;
  std::vector<std::string> keys;
  bool rule_per_pattern = false;
};

// Reads a case from fuzzer input. Strings are at most `max_string_bytes` long.
GlobFuzzCase ReadGlobFuzzCase(const std::uint8_t* data, std::size_t size,
                              std::size_t max_string_bytes);

// Builds the policy of a case: principals that match every client with a non-empty id
// (`clientIds: ["{principal.clientId}"]`), each pattern as a `clientIds` glob of a
// Connect resource and as a state-store key of its key type and method. With
// `rule_per_pattern`, pattern i gets rule i; otherwise one rule has one Connect resource
// with every glob, and one state-store resource per (method, key type) in order of first
// appearance. A pattern that is invalid as a glob, or for its key type, is left out there,
// as the loader would reject it. Returns a policy without rules when nothing is left.
Policy BuildGlobPolicy(const GlobFuzzCase& fuzz_case);

// Returns the case as text for a failure report: the client, each pattern with its key
// type and method, and each key, with bytes escaped.
std::string DescribeGlobFuzzCase(const GlobFuzzCase& fuzz_case);

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_GLOB_FUZZ_POLICY_H_
