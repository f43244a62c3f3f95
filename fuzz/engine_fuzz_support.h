// Helpers that the engine fuzzers share besides the decoder: loading and compiling
// decoded policies, and the report printed when a check fails.
//
// A failed check prints a report to stderr and calls std::abort(), which libFuzzer
// records as a crash with the input that caused it. The report states the check and
// everything needed to reproduce the case without the fuzzer: the policy document, the
// client, the request and each decision with its reason and grant.

#ifndef MQAUTHZ_FUZZ_ENGINE_FUZZ_SUPPORT_H_
#define MQAUTHZ_FUZZ_ENGINE_FUZZ_SUPPORT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/compiled_policy.h"
#include "compiler/policy_compiler.h"
#include "core/client.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/request.h"

namespace mqauthz::fuzzing {

// Inputs longer than this are skipped. The decoder reads about 1.5 KiB at most, even for
// the two policies of the live swap target, so longer inputs would only slow libFuzzer's
// mutations down.
inline constexpr std::size_t kMaxInputBytes = 4096;

// Loads `document` with the real loader. Returns nullopt when the loader rejects it, so
// that the caller skips the input.
std::optional<Policy> LoadDocument(std::string_view document);

// Compiles `policy`. A decoded policy is far below every compile budget, so any error is
// reported as a failure, with `document`.
std::shared_ptr<const CompiledPolicy> CompileOrAbort(const Policy& policy,
                                                     std::string_view document,
                                                     const CompileOptions& options = {});

// Returns a decision as one line: allowed or denied, the deny reason, and the grant's
// indices with its pattern text when `policy` has them.
std::string DescribeOutcome(const Policy& policy, const Decision& decision);

// One labelled line of a failure report, such as {"reference", DescribeOutcome(...)}.
using ReportLine = std::pair<std::string, std::string>;

// Prints a failure report and aborts. `check` states what should have held. `lines`
// follow the policy document, the client and the request.
[[noreturn]] void AbortWithReport(std::string_view check, std::string_view document,
                                  const Client& client, const Request& request,
                                  const std::vector<ReportLine>& lines);

// Prints a failure report that is not about one request, such as a wrong generation
// number after an update, and aborts.
[[noreturn]] void AbortWithMessage(std::string_view check, std::string_view details);

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_ENGINE_FUZZ_SUPPORT_H_
