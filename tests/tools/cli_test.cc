// Runs the built `mqauthz` command on files and checks its output and exit statuses.

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/tools/command_runner.h"

namespace mqauthz {
namespace {

const std::string kExamples = MQAUTHZ_EXAMPLES_DIR;
const std::string kQuickstartPolicy = kExamples + "/quickstart/policy.yaml";

constexpr char kSmallPolicy[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"clientIds": ["c1"], "usernames": ["u1"]},
   "brokerResources": [
     {"method": "Connect"},
     {"method": "Publish", "topics": ["devices/{principal.clientId}/#"]},
     {"method": "Subscribe", "topics": ["commands/+"]}],
   "stateStoreResources": [
     {"method": "Read", "keyType": "Binary", "keys": ["AAH/"]},
     {"method": "ReadWrite", "keys": ["cfg/*"]}]}
]}})";

constexpr char kInvalidPolicy[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"clientIds": ["c1"]},
   "brokerResources": [{"method": "Publish", "topics": ["a/#/b"]}]}
]}})";

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(CliTest, TopLevelHelpAndUnknownCommand) {
  CommandResult help = RunMqauthz("--help");
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("validate"), std::string::npos);

  CommandResult none = RunMqauthz("");
  EXPECT_EQ(none.exit_status, 2);

  CommandResult unknown = RunMqauthz("frobnicate");
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(CliTest, EverySubcommandHasHelp) {
  for (const char* command : {"validate", "check", "replay"}) {
    SCOPED_TRACE(command);
    CommandResult result = RunMqauthz(std::string(command) + " --help");
    EXPECT_EQ(result.exit_status, 0);
    EXPECT_NE(result.out.find(std::string("Usage: mqauthz ") + command), std::string::npos);
  }
}

TEST(CliTest, ValidateAcceptsQuickstart) {
  CommandResult result = RunMqauthz("validate '" + kQuickstartPolicy + "'");
  EXPECT_EQ(result.exit_status, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("valid custom resource (YAML), 2 rules"), std::string::npos)
      << result.out;
}

TEST(CliTest, ValidateRejectsWithLocation) {
  std::string path = WriteTempFile("invalid.json", kInvalidPolicy);
  CommandResult result = RunMqauthz("validate '" + path + "'");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.out.find(path + ":3:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("error: rules[0].brokerResources[0].topics[0]"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("invalid, 1 error"), std::string::npos) << result.out;
}

TEST(CliTest, ValidateManyFilesFailsWhenAnyIsInvalid) {
  std::string good = WriteTempFile("good.json", kSmallPolicy);
  std::string bad = WriteTempFile("bad.json", kInvalidPolicy);
  EXPECT_EQ(RunMqauthz("validate '" + good + "' '" + good + "'").exit_status, 0);
  EXPECT_EQ(RunMqauthz("validate '" + good + "' '" + bad + "'").exit_status, 1);
}

TEST(CliTest, ValidateUsageErrors) {
  EXPECT_EQ(RunMqauthz("validate").exit_status, 2);
  EXPECT_EQ(RunMqauthz("validate --bogus x.yaml").exit_status, 2);
  CommandResult method = RunMqauthz("validate --authentication-method kerberos x.yaml");
  EXPECT_EQ(method.exit_status, 2);
  EXPECT_NE(method.err.find("use sat, x509 or custom"), std::string::npos);
}

TEST(CliTest, ValidateMissingFileIsInvalid) {
  CommandResult result = RunMqauthz("validate /nonexistent/policy.yaml");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.out.find("/nonexistent/policy.yaml"), std::string::npos);
}

TEST(CliTest, ValidateWarnsOnUsernamesUnderServiceAccountTokens) {
  std::string path = WriteTempFile("usernames.json", kSmallPolicy);
  CommandResult plain = RunMqauthz("validate '" + path + "'");
  CommandResult sat = RunMqauthz("validate --authentication-method=sat '" + path + "'");
  EXPECT_EQ(plain.exit_status, 0);
  EXPECT_EQ(sat.exit_status, 0);
  EXPECT_EQ(plain.out.find("warning: rules[0].principals.usernames"), std::string::npos)
      << plain.out;
  EXPECT_NE(sat.out.find("warning: rules[0].principals.usernames"), std::string::npos)
      << sat.out;
}

TEST(CliTest, CheckAllowedAndDenied) {
  std::string path = WriteTempFile("small.json", kSmallPolicy);
  CommandResult allowed = RunMqauthz("check '" + path + "' --client-id c1 --publish devices/c1/x");
  EXPECT_EQ(allowed.exit_status, 0) << allowed.err;
  EXPECT_EQ(allowed.out,
            "allowed by rules[0].brokerResources[1].topics[0] 'devices/{principal.clientId}/#'\n");

  CommandResult denied = RunMqauthz("check '" + path + "' --client-id c1 --publish devices/c2/x");
  EXPECT_EQ(denied.exit_status, 3);
  EXPECT_EQ(denied.out, "denied: no rule matched\n");

  CommandResult invalid = RunMqauthz("check '" + path + "' --client-id c1 --publish 'a/+'");
  EXPECT_EQ(invalid.exit_status, 3);
  EXPECT_EQ(invalid.out, "denied: invalid topic\n");
}

TEST(CliTest, CheckEveryActionKind) {
  std::string path = WriteTempFile("actions.json", kSmallPolicy);
  std::string base = "check '" + path + "' --client-id c1 ";
  EXPECT_EQ(RunMqauthz(base + "--connect").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--subscribe commands/+").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--subscribe 'commands/#'").exit_status, 3);
  EXPECT_EQ(RunMqauthz(base + "--subscribe '$share/g/commands/x'").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--get AAH/ --key-base64").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--set AAH/ --key-base64").exit_status, 3);
  EXPECT_EQ(RunMqauthz(base + "--keynotify cfg/a").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--set=cfg/a").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--del cfg/a").exit_status, 0);
  EXPECT_EQ(RunMqauthz(base + "--vdel other").exit_status, 3);
}

TEST(CliTest, CheckClientOptions) {
  std::string path = WriteTempFile("client.json", kSmallPolicy);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id x --connect").exit_status, 3);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id x --username u1 --connect").exit_status,
            0);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id x --attr a=b --connect").exit_status, 3);
}

TEST(CliTest, CheckUsageErrors) {
  std::string path = WriteTempFile("usage.json", kSmallPolicy);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --connect").exit_status, 2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1").exit_status, 2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --connect --publish a").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --publish").exit_status, 2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --attr novalue --connect").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --get '%%' --key-base64").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --connect --key-base64").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check --client-id c1 --connect").exit_status, 2);
}

TEST(CliTest, CheckInvalidPolicyExitsOne) {
  std::string path = WriteTempFile("check-invalid.json", kInvalidPolicy);
  CommandResult result = RunMqauthz("check '" + path + "' --client-id c1 --connect");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("error:"), std::string::npos);
}

TEST(CliTest, ReplayQuickstart) {
  CommandResult result = RunMqauthz("replay '" + kQuickstartPolicy + "' '" + kExamples +
                                    "/quickstart/requests.jsonl'");
  EXPECT_EQ(result.exit_status, 0) << result.err;
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 15u) << result.out;
  EXPECT_EQ(lines[0], R"({"decision":"allow","rule":0,"resource":"rules[0].brokerResources[0]"})");
  EXPECT_EQ(lines[2], R"({"decision":"deny","reason":"no rule matched"})");
  EXPECT_EQ(lines[6], R"({"decision":"allow","rule":1,"resource":"rules[1].brokerResources[0]",)"
                      R"("pattern":"{principal.attributes.building}*"})");
  EXPECT_EQ(lines[7], R"({"decision":"deny","reason":"no rule matched"})");
  EXPECT_EQ(lines[9], R"({"decision":"deny","reason":"no rule matched"})");
  EXPECT_EQ(lines[14], R"({"decision":"deny","reason":"invalid topic"})");
  EXPECT_NE(result.err.find("replay: 15 requests, 8 allowed, 7 denied, 0 errors"),
            std::string::npos)
      << result.err;
}

TEST(CliTest, ReplayMalformedLinesKeepGoing) {
  std::string path = WriteTempFile("replay.json", kSmallPolicy);
  std::string input =
      "{\"clientId\":\"c1\",\"action\":\"connect\"}\n"
      "\n"
      "{\"clientId\":\"c1\",\"action\":\"teleport\"}\n"
      "not json\n"
      "{\"clientId\":\"c2\",\"action\":\"connect\"}\n";
  CommandResult result = RunMqauthz("replay '" + path + "'", input);
  EXPECT_EQ(result.exit_status, 2);
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 4u) << result.out;
  EXPECT_EQ(lines[0].rfind(R"({"decision":"allow")", 0), 0u);
  EXPECT_EQ(lines[1].rfind(R"({"error":"unknown action 'teleport')", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find(R"("line":3})"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(R"("line":4})"), std::string::npos) << lines[2];
  EXPECT_EQ(lines[3], R"({"decision":"deny","reason":"no rule matched"})");
  EXPECT_NE(result.err.find("2 requests, 1 allowed, 1 denied, 2 errors"), std::string::npos)
      << result.err;
}

TEST(CliTest, ReplayReadsStandardInputWithDash) {
  std::string path = WriteTempFile("dash.json", kSmallPolicy);
  CommandResult result =
      RunMqauthz("replay '" + path + "' -", "{\"clientId\":\"c1\",\"action\":\"connect\"}\n");
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(Lines(result.out).size(), 1u);
}

TEST(CliTest, ReplayUsageAndFileErrors) {
  std::string path = WriteTempFile("replay-usage.json", kSmallPolicy);
  EXPECT_EQ(RunMqauthz("replay").exit_status, 2);
  EXPECT_EQ(RunMqauthz("replay '" + path + "' a b").exit_status, 2);
  CommandResult missing = RunMqauthz("replay '" + path + "' /nonexistent/requests.jsonl");
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("cannot read request file '/nonexistent/requests.jsonl'"),
            std::string::npos);
  std::string bad = WriteTempFile("replay-invalid.json", kInvalidPolicy);
  EXPECT_EQ(RunMqauthz("replay '" + bad + "'", "{}\n").exit_status, 1);
}

}  // namespace
}  // namespace mqauthz
