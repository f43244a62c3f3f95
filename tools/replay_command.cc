// `mqauthz replay POLICY [REQUESTS]`: the batch job. Streams JSON Lines requests through
// the policy and writes one JSON decision per request, in order. Memory stays flat: one
// line is read, decided and written at a time (output is flushed in blocks, and whenever
// the input makes it wait).

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "simdjson.h"
#include "tools/command_line.h"
#include "tools/commands.h"
#include "tools/decision_json.h"
#include "tools/line_reader.h"
#include "tools/request_json.h"

namespace mqauthz {
namespace {

constexpr char kReplayHelp[] = R"(Usage: mqauthz replay [--engine ENGINE] POLICY [REQUESTS]

Decides a stream of requests, one JSON object per line, read from the REQUESTS file or,
when it is missing or '-', from standard input:

  {"clientId": "c1", "username": "u1", "attributes": {"building": "b22"},
   "action": "publish", "topic": "sensors/b22/c1/sensor"}

action is one of connect, publish, subscribe (topic is then a filter), get,
keynotify, set, del, vdel (with "key" as text or "keyBase64" as bytes). Blank lines are
skipped; a line may be at most 4 MiB.

Writes one JSON object per request line to standard output, in order:
  {"decision":"allow","rule":0,"resource":"rules[0].brokerResources[1]","pattern":"..."}
  {"decision":"deny","reason":"no rule matched"}
A malformed line gets {"error":"...","line":N} in its place and the run goes on.
A summary goes to standard error.

Options:
  --engine ENGINE  compiled (default) or reference: the plain evaluator that the
                   compiled engine is tested against; both decide the same

Exit status: 0 when every line was decided, 2 when any line was malformed (or on a usage
error), 1 when the policy is invalid.
)";

// Output is written in blocks of about this many bytes.
constexpr std::size_t kOutputBlockBytes = 1 << 16;

struct ReplayCounts {
  long requests = 0;
  long allowed = 0;
  long denied = 0;
  long errors = 0;
};

void FlushOutput(std::string& out) {
  std::fwrite(out.data(), 1, out.size(), stdout);
  out.clear();
}

ReplayCounts ReplayStream(RequestDecider& decider, std::istream& input) {
  ReplayCounts counts;
  simdjson::ondemand::parser parser;
  std::string out;
  // Flushing before each wait for input streams decisions to a reader of a live producer,
  // and still writes in blocks when the input is a file or arrives faster than decided.
  LineReader reader(input, kMaxRequestLineBytes, [&out] {
    FlushOutput(out);
    std::fflush(stdout);
  });
  std::string line;
  long line_number = 0;

  while (true) {
    LineReader::Result read = reader.Next(line);
    if (read == LineReader::Result::kEnd) break;
    ++line_number;
    if (read == LineReader::Result::kLine && line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }

    absl::StatusOr<ClientRequest> parsed =
        read == LineReader::Result::kTooLong
            ? absl::InvalidArgumentError("line longer than 4 MiB; a request line must be shorter")
            : ParseRequestJson(parser, line);
    if (!parsed.ok()) {
      ++counts.errors;
      out.append(R"({"error":)");
      AppendJsonString(std::string(parsed.status().message()), out);
      absl::StrAppend(&out, R"(,"line":)", line_number, "}\n");
    } else {
      Decision decision = decider.Decide(parsed->client, parsed->request);
      ++counts.requests;
      ++(decision.allowed ? counts.allowed : counts.denied);
      AppendDecisionJson(decider.policy(), decision, out);
      out.push_back('\n');
    }
    if (out.size() >= kOutputBlockBytes) FlushOutput(out);
  }
  FlushOutput(out);
  std::fflush(stdout);
  return counts;
}

}  // namespace

int RunReplay(std::span<const std::string_view> args) {
  std::vector<std::string> positional;
  EngineKind engine = EngineKind::kCompiled;
  ArgumentCursor cursor(args);
  while (!cursor.Done()) {
    std::string_view arg = cursor.Next();
    if (arg == "-h" || arg == "--help") {
      std::cout << kReplayHelp;
      return kExitOk;
    }
    if (OptionName(arg) == "--engine") {
      std::optional<std::string_view> value = cursor.TakeValue("replay", arg);
      if (!value.has_value()) return kExitUsage;
      std::optional<EngineKind> kind = ParseEngineOption("replay", *value);
      if (!kind.has_value()) return kExitUsage;
      engine = *kind;
      continue;
    }
    if (arg.size() > 1 && arg.front() == '-') {
      return UsageError("replay", "unknown option '" + std::string(arg) + "'");
    }
    positional.emplace_back(arg);
  }
  if (positional.empty()) return UsageError("replay", "no policy file given");
  if (positional.size() > 2) return UsageError("replay", "give one policy and one request file");

  std::ifstream file;
  bool from_stdin = positional.size() == 1 || positional[1] == "-";
  if (!from_stdin && !OpenRequestFile("replay", positional[1], file)) {
    return kExitUsage;
  }

  std::unique_ptr<RequestDecider> decider = LoadDecider(positional[0], engine);
  if (decider == nullptr) return kExitInvalidPolicy;

  auto start = std::chrono::steady_clock::now();
  ReplayCounts counts = ReplayStream(*decider, from_stdin ? std::cin : file);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  double rate = seconds > 0 ? static_cast<double>(counts.requests) / seconds : 0;
  std::cerr << absl::StrFormat(
      "replay: requests %d, allowed %d, denied %d, errors %d, %.0f decisions/s\n", counts.requests,
      counts.allowed, counts.denied, counts.errors, rate);
  return counts.errors > 0 ? kExitUsage : kExitOk;
}

}  // namespace mqauthz
