// The check that the JSON and YAML loader fuzzers share.
//
// Any bytes must load to an error or a policy, never to a crash, a hang or unbounded
// memory. fuzz/run.sh bounds time and memory with libFuzzer's -timeout and -rss_limit_mb.
// A failed check prints what failed and the input size to stderr and calls std::abort(),
// which libFuzzer records as a crash with the input.

#ifndef MQAUTHZ_FUZZ_LOADER_FUZZ_CHECK_H_
#define MQAUTHZ_FUZZ_LOADER_FUZZ_CHECK_H_

#include <string_view>

namespace mqauthz::fuzzing {

// Loads `text` as a file named `file_name` (whose extension chooses the syntax, as in
// LoadPolicyText) and checks the result:
//   - the policy is set exactly when no diagnostic is an error, and then the shape and
//     syntax are set too;
//   - every diagnostic names `file_name`, has a message, its path, message and hint are
//     valid UTF-8 without control characters, and it points at a line and column
//     inside the text (line 0 only for the file as a whole). In UTF-16 and UTF-32 text,
//     which yaml-cpp decodes, positions count characters, and only their signs are
//     checked;
//   - a loaded policy compiles, or fails with ResourceExhausted for a budget. Any other
//     compile error means that the compiler and the validator disagree.
void CheckLoadedText(std::string_view text, std::string_view file_name);

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_LOADER_FUZZ_CHECK_H_
