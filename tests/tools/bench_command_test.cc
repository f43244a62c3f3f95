// Runs the built `mqauthz bench` command on small policies and request files, and on
// every kind of bad input it must reject.

#include <cstdint>
#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/tools/command_runner.h"

namespace mqauthz {
namespace {

const std::string kExamples = MQAUTHZ_EXAMPLES_DIR;

constexpr char kPolicy[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"clientIds": ["c1", "c2"]},
   "brokerResources": [
     {"method": "Connect"},
     {"method": "Publish", "topics": ["devices/{principal.clientId}/#"]}]}
]}})";

constexpr char kInvalidPolicy[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"clientIds": ["c1"]},
   "brokerResources": [{"method": "Publish", "topics": ["a/#/b"]}]}
]}})";

// Four requests, three allowed and one denied, from three distinct clients: c1 with an
// attribute is another client than c1 without one.
constexpr char kRequests[] =
    "{\"clientId\":\"c1\",\"action\":\"connect\"}\n"
    "\n"
    "{\"clientId\":\"c1\",\"action\":\"publish\",\"topic\":\"devices/c1/t\"}\n"
    "{\"clientId\":\"c2\",\"action\":\"publish\",\"topic\":\"devices/c1/t\"}\n"
    "{\"clientId\":\"c1\",\"attributes\":{\"a\":\"b\"},\"action\":\"connect\"}\n";

struct BenchFiles {
  std::string policy;
  std::string requests;
};

BenchFiles WriteBenchFiles(const std::string& name) {
  return {WriteTempFile(name + "-policy.json", kPolicy),
          WriteTempFile(name + "-requests.jsonl", kRequests)};
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(BenchCommandTest, HelpAndTopLevelListing) {
  CommandResult help = RunMqauthz("bench --help");
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_TRUE(Contains(help.out, "Usage: mqauthz bench")) << help.out;
  EXPECT_TRUE(Contains(help.out, "--iterations N")) << help.out;

  CommandResult top = RunMqauthz("--help");
  EXPECT_TRUE(Contains(top.out, "bench POLICY REQUESTS")) << top.out;
}

TEST(BenchCommandTest, TextReportCountsClientsAndDecisions) {
  BenchFiles files = WriteBenchFiles("text");
  CommandResult result =
      RunMqauthz("bench --iterations 3 '" + files.policy + "' '" + files.requests + "'");
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_TRUE(Contains(result.out, "policy    " + files.policy + ": 1 rule\n")) << result.out;
  EXPECT_TRUE(Contains(result.out, "load      ")) << result.out;
  EXPECT_TRUE(Contains(result.out, "compile   ")) << result.out;
  EXPECT_TRUE(Contains(result.out, "bind      3 distinct clients in ")) << result.out;
  EXPECT_TRUE(Contains(result.out, "requests  4 per pass: 3 allowed, 1 denied\n")) << result.out;
  EXPECT_TRUE(Contains(result.out, "ns per decision (median of 3 passes; min ")) << result.out;
  EXPECT_TRUE(Contains(result.out, "decisions/s\n")) << result.out;
  EXPECT_EQ(result.err, "");
}

TEST(BenchCommandTest, JsonReportHasEveryMeasurement) {
  BenchFiles files = WriteBenchFiles("json");
  CommandResult result =
      RunMqauthz("bench --json --iterations=4 '" + files.policy + "' '" + files.requests + "'");
  ASSERT_EQ(result.exit_status, 0) << result.err;

  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(result.out).get(report), simdjson::SUCCESS) << result.out;
  EXPECT_EQ(std::string_view(report["engine"]), "mqauthz");
  EXPECT_EQ(std::string_view(report["policy"]), files.policy);
  EXPECT_EQ(int64_t(report["rules"]), 1);
  EXPECT_EQ(int64_t(report["clients"]), 3);
  EXPECT_EQ(int64_t(report["requests"]), 4);
  EXPECT_EQ(int64_t(report["allowed"]), 3);
  EXPECT_EQ(int64_t(report["denied"]), 1);
  EXPECT_EQ(int64_t(report["passes"]), 4);
  EXPECT_EQ(int64_t(report["decisions"]), 16);
  EXPECT_EQ(simdjson::dom::array(report["samples"]).size(), 4u);
  for (const char* field : {"load_ms", "compile_ms", "bind_ms", "bind_ns_per_client"}) {
    EXPECT_GE(double(report[field]), 0) << field;
  }

  double min = report["ns_per_decision_min"];
  double median = report["ns_per_decision_median"];
  double max = report["ns_per_decision_max"];
  EXPECT_GT(min, 0);
  EXPECT_LE(min, median);
  EXPECT_LE(median, max);
  EXPECT_GT(double(report["decisions_per_second"]), 0);
}

TEST(BenchCommandTest, DefaultRunsManyPasses) {
  BenchFiles files = WriteBenchFiles("default");
  CommandResult result = RunMqauthz("bench --json '" + files.policy + "' '" + files.requests + "'");
  ASSERT_EQ(result.exit_status, 0) << result.err;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(result.out).get(report), simdjson::SUCCESS) << result.out;
  // Four decisions take microseconds, so about one second fits far more than 100 passes.
  EXPECT_GT(int64_t(report["passes"]), 100);
  EXPECT_LE(int64_t(report["passes"]), 1'000'000);
}

TEST(BenchCommandTest, CountsMatchReplayOnQuickstart) {
  std::string arguments =
      "'" + kExamples + "/quickstart/policy.yaml' '" + kExamples + "/quickstart/requests.jsonl'";
  CommandResult bench = RunMqauthz("bench --iterations 1 " + arguments);
  CommandResult replay = RunMqauthz("replay " + arguments);
  ASSERT_EQ(bench.exit_status, 0) << bench.err;
  ASSERT_TRUE(Contains(replay.err, "requests 15, allowed 8, denied 7")) << replay.err;
  EXPECT_TRUE(Contains(bench.out, "requests  15 per pass: 8 allowed, 7 denied")) << bench.out;
}

TEST(BenchCommandTest, ReadsRequestsFromStandardInput) {
  BenchFiles files = WriteBenchFiles("stdin");
  CommandResult result = RunMqauthz("bench --iterations 2 '" + files.policy + "' -", kRequests);
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_TRUE(Contains(result.out, "requests  4 per pass")) << result.out;
}

TEST(BenchCommandTest, MissingOrExtraArguments) {
  BenchFiles files = WriteBenchFiles("arguments");
  CommandResult no_arguments = RunMqauthz("bench");
  EXPECT_EQ(no_arguments.exit_status, 2);
  EXPECT_TRUE(Contains(no_arguments.err, "no policy file given")) << no_arguments.err;

  CommandResult policy_only = RunMqauthz("bench '" + files.policy + "'");
  EXPECT_EQ(policy_only.exit_status, 2);
  EXPECT_TRUE(Contains(policy_only.err, "no request file given")) << policy_only.err;

  CommandResult three =
      RunMqauthz("bench '" + files.policy + "' '" + files.requests + "' extra.jsonl");
  EXPECT_EQ(three.exit_status, 2);
  EXPECT_TRUE(Contains(three.err, "unexpected argument 'extra.jsonl'")) << three.err;

  CommandResult unknown =
      RunMqauthz("bench --fast '" + files.policy + "' '" + files.requests + "'");
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_TRUE(Contains(unknown.err, "unknown option '--fast'")) << unknown.err;
  EXPECT_TRUE(Contains(unknown.err, "Run 'mqauthz bench --help'")) << unknown.err;
}

TEST(BenchCommandTest, RejectsBadIterations) {
  BenchFiles files = WriteBenchFiles("iterations");
  std::string paths = " '" + files.policy + "' '" + files.requests + "'";
  struct Case {
    std::string option;
    std::string message;
  };
  const Case cases[] = {
      {"--iterations 0", "--iterations '0' is out of range"},
      {"--iterations -5", "--iterations '-5' is out of range"},
      {"--iterations=-1", "--iterations '-1' is out of range"},
      {"--iterations 1000001", "--iterations '1000001' is out of range"},
      {"--iterations 99999999999999999999", "--iterations '99999999999999999999' is out of range"},
      {"--iterations=-99999999999999999999",
       "--iterations '-99999999999999999999' is out of range"},
      {"--iterations abc", "--iterations 'abc' is not a whole number"},
      {"--iterations 1.5", "--iterations '1.5' is not a whole number"},
      {"--iterations 10x", "--iterations '10x' is not a whole number"},
      {"--iterations ' 5'", "--iterations ' 5' is not a whole number"},
      {"--iterations=", "--iterations '' is not a whole number"},
  };
  for (const Case& bad : cases) {
    SCOPED_TRACE(bad.option);
    CommandResult result = RunMqauthz("bench " + bad.option + paths);
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(Contains(result.err, bad.message)) << result.err;
    EXPECT_TRUE(Contains(result.err, "give a whole number of passes from 1 to 1000000"))
        << result.err;
    EXPECT_EQ(result.out, "");
  }

  CommandResult missing = RunMqauthz("bench" + paths + " --iterations");
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_TRUE(Contains(missing.err, "--iterations needs a value")) << missing.err;

  CommandResult twice = RunMqauthz("bench --iterations 2 --iterations 3" + paths);
  EXPECT_EQ(twice.exit_status, 2);
  EXPECT_TRUE(Contains(twice.err, "--iterations is given twice")) << twice.err;

  EXPECT_EQ(RunMqauthz("bench --iterations 1000000 --help").exit_status, 0);
}

TEST(BenchCommandTest, RequestFileErrors) {
  BenchFiles files = WriteBenchFiles("request-files");
  CommandResult missing = RunMqauthz("bench '" + files.policy + "' /nonexistent/requests.jsonl");
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_TRUE(Contains(missing.err, "cannot read request file '/nonexistent/requests.jsonl'"))
      << missing.err;
  EXPECT_TRUE(Contains(missing.err, "check the path, or give '-'")) << missing.err;

  CommandResult directory = RunMqauthz("bench '" + files.policy + "' /tmp");
  EXPECT_EQ(directory.exit_status, 2);
  EXPECT_TRUE(Contains(directory.err, "'/tmp': it is a directory")) << directory.err;
  EXPECT_TRUE(Contains(directory.err, "one JSON request per line")) << directory.err;

  std::string broken = WriteTempFile("broken.jsonl", "{not json}\n");
  CommandResult invalid = RunMqauthz("bench '" + files.policy + "' '" + broken + "'");
  EXPECT_EQ(invalid.exit_status, 2);
  EXPECT_TRUE(Contains(invalid.err, broken + ":1: invalid JSON")) << invalid.err;
  EXPECT_TRUE(Contains(invalid.err, "write one object per line")) << invalid.err;

  std::string blank = WriteTempFile("blank.jsonl", "\n  \n\n");
  CommandResult empty = RunMqauthz("bench '" + files.policy + "' '" + blank + "'");
  EXPECT_EQ(empty.exit_status, 2);
  EXPECT_TRUE(Contains(empty.err, blank + " has no requests")) << empty.err;
}

TEST(BenchCommandTest, MalformedLinesAreListedAndNothingRuns) {
  BenchFiles files = WriteBenchFiles("malformed");
  std::string requests = WriteTempFile("malformed.jsonl",
                                       "{\"clientId\":\"c1\",\"action\":\"connect\"}\n"
                                       "\n"
                                       "{\"clientId\":\"c1\",\"action\":\"teleport\"}\n"
                                       "not json\n"
                                       "{\"clientId\":\"c1\",\"action\":\"get\",\"key\":\"" +
                                           std::string(5 << 20, 'k') + "\"}\n");
  CommandResult result = RunMqauthz("bench '" + files.policy + "' '" + requests + "'");
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(Contains(result.err, requests + ":3: unknown action 'teleport'")) << result.err;
  EXPECT_TRUE(Contains(result.err, requests + ":4: not a JSON object")) << result.err;
  EXPECT_TRUE(Contains(result.err, requests + ":5: line longer than 4 MiB")) << result.err;
  EXPECT_TRUE(Contains(result.err, "3 malformed request lines in " + requests)) << result.err;
}

TEST(BenchCommandTest, ManyMalformedLinesAreCounted) {
  BenchFiles files = WriteBenchFiles("many-malformed");
  std::string lines;
  for (int i = 0; i < 13; ++i) lines += "{}\n";
  std::string requests = WriteTempFile("many-malformed.jsonl", lines);
  CommandResult result = RunMqauthz("bench '" + files.policy + "' '" + requests + "'");
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_TRUE(Contains(result.err, requests + ":10: missing field 'clientId'")) << result.err;
  EXPECT_FALSE(Contains(result.err, requests + ":11:")) << result.err;
  EXPECT_TRUE(Contains(result.err, requests + ": and 3 more malformed lines")) << result.err;
  EXPECT_TRUE(Contains(result.err, "13 malformed request lines")) << result.err;
}

TEST(BenchCommandTest, PolicyErrorsExitOne) {
  BenchFiles files = WriteBenchFiles("policy-errors");
  CommandResult missing = RunMqauthz("bench /nonexistent/policy.json '" + files.requests + "'");
  EXPECT_EQ(missing.exit_status, 1);
  EXPECT_TRUE(Contains(missing.err, "/nonexistent/policy.json")) << missing.err;
  EXPECT_EQ(missing.out, "");

  std::string invalid = WriteTempFile("bench-invalid.json", kInvalidPolicy);
  CommandResult rejected = RunMqauthz("bench '" + invalid + "' '" + files.requests + "'");
  EXPECT_EQ(rejected.exit_status, 1);
  EXPECT_TRUE(Contains(rejected.err, "error: rules[0].brokerResources[0].topics[0]"))
      << rejected.err;
  EXPECT_TRUE(Contains(rejected.err, "policy rejected with 1 error")) << rejected.err;
  EXPECT_EQ(rejected.out, "");
}

}  // namespace
}  // namespace mqauthz
