// Fuzzes topic names and topic filters: validation, shared-subscription prefixes,
// matching and subscribe coverage, against the naive model of fuzz/naive_topic.h.
//
// Input (FuzzedDataProvider): from the end, one options byte; from the front, six strings
// in its backslash format (`\\` is one backslash, `\` and any other byte ends a string):
// a policy filter A, a text T, the client id, the username, an attribute name and its
// value. Options bit 0 gives the client its username. Strings are at most 256 bytes, so
// the 65,535-byte limit is left to the unit tests (TopicValidationTest): with inputs
// padded to 64 KiB this fuzzer ran about 240 instead of 8,800 inputs a second, because
// every check reads the text again.
//
// Checks, each failure a crash with a report on stderr:
//   - for A and T: ValidateTopicName, ValidateTopicFilter and StripSharePrefix of
//     core/topic.h and IsValidTopicName, IsValidTopicFilter and RemoveSharePrefix of
//     runtime/topic_validation.h give the naive model's verdicts;
//   - ParsePolicyTopicFilter(A) accepts A exactly when the naive model does;
//   - FilterMatchesTopic(A, client, T) for a valid name T equals the naive match;
//   - FilterCoversFilter(A, client, F), where F is T without `$share/GROUP/`, equals the
//     brute-force coverage of NaiveCovers, when that has at most kMaxCoverageNames names
//     to try.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "compiler/absl_view.h"
#include "core/client.h"
#include "core/topic.h"
#include "fuzz/naive_topic.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "runtime/topic_validation.h"

namespace mqauthz::fuzzing {
namespace {

// Longer strings only slow the mutator down.
constexpr std::size_t kMaxStringBytes = 256;

// Bounds the brute force of NaiveCovers, which tries every name it builds.
constexpr std::size_t kMaxCoverageNames = 4096;

struct TopicInput {
  std::string allowed;
  std::string text;
  Client client;
};

TopicInput ReadInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const auto options = provider.ConsumeIntegral<std::uint8_t>();
  TopicInput input;
  input.allowed = provider.ConsumeRandomLengthString(kMaxStringBytes);
  input.text = provider.ConsumeRandomLengthString(kMaxStringBytes);
  input.client.client_id = provider.ConsumeRandomLengthString(kMaxStringBytes);
  std::string username = provider.ConsumeRandomLengthString(kMaxStringBytes);
  if ((options & 1) != 0) input.client.username = std::move(username);
  std::string attribute_name = provider.ConsumeRandomLengthString(kMaxStringBytes);
  std::string attribute_value = provider.ConsumeRandomLengthString(kMaxStringBytes);
  input.client.attributes.emplace(std::move(attribute_name), std::move(attribute_value));

  return input;
}

std::string Shown(std::string_view text) {
  constexpr std::size_t kMaxShownBytes = 300;
  if (text.size() <= kMaxShownBytes) return "\"" + absl::CHexEscape(AbslView(text)) + "\"";
  return "\"" + absl::CHexEscape(AbslView(text.substr(0, kMaxShownBytes))) + "\"... (" +
         std::to_string(text.size()) + " bytes)";
}

[[noreturn]] void Fail(std::string_view check, const TopicInput& input) {
  std::fprintf(stderr,
               "topic check failed: %.*s\n  A: %s\n  T: %s\n  clientId: %s\n  username: %s\n",
               static_cast<int>(check.size()), check.data(), Shown(input.allowed).c_str(),
               Shown(input.text).c_str(), Shown(input.client.client_id).c_str(),
               input.client.username ? Shown(*input.client.username).c_str() : "(none)");
  for (const auto& [name, value] : input.client.attributes) {
    std::fprintf(stderr, "  attribute %s = %s\n", Shown(name).c_str(), Shown(value).c_str());
  }
  std::abort();
}

void Require(bool condition, std::string_view check, const TopicInput& input) {
  if (!condition) Fail(check, input);
}

// Compares the validators of core/topic.h and runtime/topic_validation.h with the naive
// model on `text`.
void CheckValidators(std::string_view text, const TopicInput& input) {
  const bool name = NaiveIsValidName(text);
  Require(ValidateTopicName(text).ok() == name, "ValidateTopicName", input);
  Require(IsValidTopicName(text) == name, "IsValidTopicName", input);

  const bool filter = NaiveIsValidFilter(text);
  Require(ValidateTopicFilter(text).ok() == filter, "ValidateTopicFilter", input);
  Require(IsValidTopicFilter(text) == filter, "IsValidTopicFilter", input);

  const std::optional<std::string> shared = NaiveRemoveShare(text);
  const absl::StatusOr<std::string_view> core = StripSharePrefix(text);
  const std::optional<std::string_view> fast = RemoveSharePrefix(text);
  Require(core.ok() == shared.has_value(), "StripSharePrefix accepts", input);
  Require(fast.has_value() == shared.has_value(), "RemoveSharePrefix accepts", input);
  if (shared.has_value()) {
    Require(*core == *shared, "StripSharePrefix result", input);
    Require(*fast == *shared, "RemoveSharePrefix result", input);
  }
}

// Compares matching and coverage of the policy filter A with the naive model.
void CheckPolicyFilter(const TopicInput& input) {
  const absl::StatusOr<TopicFilter> parsed = ParsePolicyTopicFilter(input.allowed);
  const std::optional<NaivePolicyFilter> naive = NaiveReadPolicyFilter(input.allowed, input.client);
  if (!naive.has_value()) return;
  Require(parsed.ok() == naive->valid, "ParsePolicyTopicFilter accepts", input);
  if (!parsed.ok()) return;

  if (NaiveIsValidName(input.text)) {
    const bool expected =
        naive->bound.has_value() && NaiveMatches(*naive->bound, NaiveSplit(input.text));
    Require(FilterMatchesTopic(*parsed, input.client, input.text) == expected,
            "FilterMatchesTopic(A, client, T)", input);
  }

  const std::optional<std::string> requested = NaiveRemoveShare(input.text);
  if (!requested.has_value() || !NaiveIsValidFilter(*requested)) return;
  std::optional<bool> expected = false;
  if (naive->bound.has_value()) {
    expected = NaiveCovers(*naive->bound, NaiveParseFilter(*requested), kMaxCoverageNames);
  }
  if (!expected.has_value()) return;
  Require(FilterCoversFilter(*parsed, input.client, *requested) == *expected,
          "FilterCoversFilter(A, client, T without $share/GROUP/)", input);
}

}  // namespace
}  // namespace mqauthz::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mqauthz::fuzzing;
  const TopicInput input = ReadInput(data, size);
  CheckValidators(input.allowed, input);
  CheckValidators(input.text, input);
  CheckPolicyFilter(input);
  return 0;
}
