// `mqauthz bench POLICY REQUESTS`: measures the compiled engine on a request file.
//
// Steps, each timed on its own: load the policy (read, parse, validate), compile it, bind
// each distinct client once, then decide every request with Decide (runtime/engine.h),
// without the decision cache, in passes over the whole set. Requests are parsed before
// any timing. Untimed passes first warm up the CPU caches and the per-thread state that
// the first decisions allocate, and the fastest of them sets the default number of
// passes.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "runtime/engine.h"
#include "tools/bench_report.h"
#include "tools/command_line.h"
#include "tools/commands.h"
#include "tools/request_set.h"

namespace mqauthz {
namespace {

constexpr char kBenchHelp[] = R"(Usage: mqauthz bench [--iterations N] [--json] POLICY REQUESTS

Measures how fast the compiled engine decides the requests of the REQUESTS file (or
standard input when it is '-'), in the `mqauthz replay` format: one JSON object per line,
blank lines skipped.

It loads and compiles the policy once, binds each distinct client (client id, username
and attributes) once, as a broker does when a client connects, and then decides every
request in passes over the whole file, without the decision cache. Untimed passes come
first, for at least 50 ms. Every request is parsed before any timing, so parsing is not
measured.

Prints the load and compile times, the bind time in total and per client, the allowed
and denied counts of one pass, and the time per decision: the median over the passes,
with the fastest and the slowest pass.

Options:
  --iterations N   number of timed passes, from 1 to 1000000 (default: as many as fit
                   in about 1 second, judging by the fastest untimed pass)
  --json           print one JSON object instead of text, with the time of every pass
                   in "samples" (nanoseconds per decision)

Exit status: 0 after a run, 1 when the policy is invalid, 2 on a usage error or when a
request line is malformed (each one is listed, and nothing is measured).
)";

// Maximum number of timed passes. It stops a typo from running for days and bounds the
// memory for samples.
constexpr long kMaxIterations = 1'000'000;

// The default number of passes aims at this much timed work.
constexpr double kDefaultSeconds = 1.0;

// Untimed passes run for at least this long, and at least once.
constexpr double kWarmUpSeconds = 0.05;

struct BenchArguments {
  std::string policy_path;
  std::string requests_path;
  std::optional<long> iterations;
  bool json = false;
};

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Parses the value of --iterations. Prints a usage error and returns nullopt unless it is
// a whole number from 1 to kMaxIterations.
std::optional<long> ParseIterations(std::string_view value) {
  std::string fix = absl::StrCat("; give a whole number of passes from 1 to ", kMaxIterations);
  long parsed = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  bool whole_number = error != std::errc::invalid_argument && end == value.data() + value.size();
  if (!whole_number) {
    UsageError("bench",
               absl::StrCat("--iterations '", std::string(value), "' is not a whole number", fix));
    return std::nullopt;
  }
  if (error == std::errc::result_out_of_range || parsed < 1 || parsed > kMaxIterations) {
    UsageError("bench",
               absl::StrCat("--iterations '", std::string(value), "' is out of range", fix));
    return std::nullopt;
  }
  return parsed;
}

// Parses the arguments. Returns an exit status when parsing ends the command.
std::optional<int> ParseBenchArguments(std::span<const std::string_view> args,
                                       BenchArguments& parsed) {
  std::vector<std::string> positional;
  ArgumentCursor cursor(args);
  while (!cursor.Done()) {
    std::string_view arg = cursor.Next();
    if (arg == "-h" || arg == "--help") {
      std::cout << kBenchHelp;
      return kExitOk;
    }
    if (arg == "--json") {
      parsed.json = true;
      continue;
    }
    if (OptionName(arg) == "--iterations") {
      if (parsed.iterations.has_value()) return UsageError("bench", "--iterations is given twice");
      std::optional<std::string_view> value = cursor.TakeValue("bench", arg);
      if (!value.has_value()) return kExitUsage;
      parsed.iterations = ParseIterations(*value);
      if (!parsed.iterations.has_value()) return kExitUsage;
      continue;
    }
    if (arg.size() > 1 && arg.front() == '-') {
      return UsageError("bench", "unknown option '" + std::string(arg) + "'");
    }
    positional.emplace_back(arg);
  }

  if (positional.empty()) return UsageError("bench", "no policy file given");
  if (positional.size() == 1) {
    return UsageError("bench", "no request file given; give one after the policy, or '-'");
  }
  if (positional.size() > 2) {
    return UsageError("bench", "unexpected argument '" + positional[2] +
                                   "'; give one policy and one request file");
  }
  parsed.policy_path = positional[0];
  parsed.requests_path = positional[1];
  return std::nullopt;
}

// Reads and parses the whole request file. Prints what is wrong and returns nullopt when
// the file cannot be read, has a malformed line or has no request.
std::optional<RequestSet> ReadRequests(const std::string& path) {
  std::ifstream file;
  if (path != "-" && !OpenRequestFile("bench", path, file)) return std::nullopt;

  RequestSetResult result = ReadRequestSet(path == "-" ? std::cin : file);
  std::string name = path == "-" ? "<stdin>" : path;
  for (const RequestLineError& error : result.errors) {
    std::cerr << name << ":" << error.line << ": " << error.message << "\n";
  }
  if (result.error_count > static_cast<long>(result.errors.size())) {
    std::cerr << name << ": and " << result.error_count - static_cast<long>(result.errors.size())
              << " more malformed lines\n";
  }
  if (result.error_count > 0) {
    std::cerr << "mqauthz bench: " << result.error_count
              << (result.error_count == 1 ? " malformed request line" : " malformed request lines")
              << " in " << name << "; fix " << (result.error_count == 1 ? "it" : "them")
              << " and run again\n";
    return std::nullopt;
  }
  if (result.set.requests.empty()) {
    std::cerr << "mqauthz bench: " << name
              << " has no requests; give a file with one JSON request per line\n";
    return std::nullopt;
  }
  return std::move(result.set);
}

// Decides every request once and returns the number allowed.
std::size_t DecideAll(const CompiledPolicy& policy, const std::vector<BoundClient>& bound,
                      const RequestSet& set) {
  std::size_t allowed = 0;
  for (const RequestSet::Entry& entry : set.requests) {
    allowed += Decide(policy, bound[entry.client], entry.request).allowed ? 1 : 0;
  }
  return allowed;
}

struct WarmUp {
  std::size_t allowed = 0;  // allowed requests in one pass
  // The fastest pass, which a busy machine disturbs least.
  double fastest_pass_seconds = 0;
};

// Runs untimed passes for at least kWarmUpSeconds.
WarmUp RunWarmUp(const CompiledPolicy& policy, const std::vector<BoundClient>& bound,
                 const RequestSet& set) {
  WarmUp result;
  double total_seconds = 0;
  for (long pass = 0; total_seconds < kWarmUpSeconds; ++pass) {
    Clock::time_point start = Clock::now();
    result.allowed = DecideAll(policy, bound, set);
    double seconds = SecondsSince(start);
    result.fastest_pass_seconds =
        pass == 0 ? seconds : std::min(result.fastest_pass_seconds, seconds);
    total_seconds += seconds;
  }
  return result;
}

// Returns the nanoseconds per decision of each of `iterations` timed passes.
std::vector<double> TimePasses(const CompiledPolicy& policy, const std::vector<BoundClient>& bound,
                               const RequestSet& set, long iterations) {
  std::vector<double> samples;
  samples.reserve(iterations);
  for (long pass = 0; pass < iterations; ++pass) {
    Clock::time_point start = Clock::now();
    DecideAll(policy, bound, set);
    double seconds = SecondsSince(start);
    samples.push_back(seconds * 1e9 / static_cast<double>(set.requests.size()));
  }
  return samples;
}

// Returns the number of passes that take about kDefaultSeconds.
long DefaultIterations(double pass_seconds) {
  if (pass_seconds <= 0) return kMaxIterations;
  double passes = std::floor(kDefaultSeconds / pass_seconds);
  return static_cast<long>(std::clamp(passes, 1.0, static_cast<double>(kMaxIterations)));
}

}  // namespace

int RunBench(std::span<const std::string_view> args) {
  BenchArguments arguments;
  if (std::optional<int> status = ParseBenchArguments(args, arguments)) return *status;

  std::optional<RequestSet> requests = ReadRequests(arguments.requests_path);
  if (!requests.has_value()) return kExitUsage;

  BenchResult result;
  result.policy_path = arguments.policy_path;
  Clock::time_point start = Clock::now();
  LoadResult loaded = LoadPolicyFile(arguments.policy_path);
  result.load_seconds = SecondsSince(start);
  std::optional<Policy> policy = ReportLoadResult(arguments.policy_path, std::move(loaded));
  if (!policy.has_value()) return kExitInvalidPolicy;
  result.rules = policy->rules.size();

  start = Clock::now();
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled =
      CompilePolicy(*std::move(policy));
  result.compile_seconds = SecondsSince(start);
  if (!compiled.ok()) {
    std::cerr << arguments.policy_path
              << ": policy could not be compiled: " << compiled.status().message() << "\n";
    return kExitInvalidPolicy;
  }

  std::vector<BoundClient> bound;
  bound.reserve(requests->clients.size());
  start = Clock::now();
  for (const Client& client : requests->clients) bound.push_back(Bind(**compiled, client));
  result.bind_seconds = SecondsSince(start);
  result.clients = bound.size();

  WarmUp warm_up = RunWarmUp(**compiled, bound, *requests);
  result.requests = requests->requests.size();
  result.allowed = warm_up.allowed;
  result.denied = result.requests - result.allowed;
  long iterations = arguments.iterations.value_or(DefaultIterations(warm_up.fastest_pass_seconds));
  result.ns_per_decision = TimePasses(**compiled, bound, *requests, iterations);

  std::cout << (arguments.json ? FormatBenchJson(result, MQAUTHZ_VERSION)
                               : FormatBenchText(result));
  return kExitOk;
}

}  // namespace mqauthz
