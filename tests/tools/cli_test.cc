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

TEST(CliTest, VersionPrintsProjectVersion) {
  CommandResult result = RunMqauthz("--version");
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out.rfind("mqauthz ", 0), 0u) << result.out;
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
  EXPECT_NE(sat.out.find("warning: rules[0].principals.usernames"), std::string::npos) << sat.out;
}

TEST(CliTest, CheckAllowedAndDenied) {
  std::string path = WriteTempFile("small.json", kSmallPolicy);
  CommandResult allowed = RunMqauthz("check '" + path + "' --client-id c1 --publish devices/c1/x");
  EXPECT_EQ(allowed.exit_status, 0) << allowed.err;
  EXPECT_EQ(allowed.out,
            "allowed by rules[0].brokerResources[1].topics[0] 'devices/{principal.clientId}/#'\n");

  CommandResult denied = RunMqauthz("check '" + path + "' --client-id c1 --publish devices/c2/x");
  EXPECT_EQ(denied.exit_status, 3);
  EXPECT_EQ(
      denied.out,
      "denied: no rule matched\n"
      "  rules[0]: principals match, but none of its Publish topics matches 'devices/c2/x'\n");

  CommandResult invalid = RunMqauthz("check '" + path + "' --client-id c1 --publish 'a/+'");
  EXPECT_EQ(invalid.exit_status, 3);
  EXPECT_EQ(invalid.out,
            "denied: invalid topic\n"
            "  topic name `a/+` contains the wildcard '+'\n"
            "  hint: wildcards are allowed only in topic filters: publish to a concrete topic "
            "name, such as `sensors/kitchen/temperature`\n");

  CommandResult shared = RunMqauthz("check '" + path + "' --client-id c1 --subscribe '$share//x'");
  EXPECT_EQ(shared.exit_status, 3);
  EXPECT_EQ(shared.out.rfind("denied: invalid filter\n  shared subscription `$share//x` has an "
                             "empty group name\n",
                             0),
            0u)
      << shared.out;
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
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --connect --publish a").exit_status, 2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --publish").exit_status, 2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --attr novalue --connect").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --get '%%' --key-base64").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check '" + path + "' --client-id c1 --connect --key-base64").exit_status,
            2);
  EXPECT_EQ(RunMqauthz("check --client-id c1 --connect").exit_status, 2);
}

TEST(CliTest, CheckExplainsNoRuleMatched) {
  std::string path = WriteTempFile("explain.json", kSmallPolicy);
  CommandResult glob = RunMqauthz("check '" + kQuickstartPolicy +
                                  "' --client-id x --attr building=building22 --connect");
  EXPECT_EQ(glob.exit_status, 3);
  EXPECT_NE(glob.out.find("rules[1]: principals match, but the clientIds of brokerResources[0] "
                          "do not match client id 'x'"),
            std::string::npos)
      << glob.out;

  CommandResult topic = RunMqauthz("check '" + path + "' --client-id c1 --subscribe 'commands/#'");
  EXPECT_NE(topic.out.find("rules[0]: principals match, but none of its Subscribe topics covers "
                           "'commands/#'"),
            std::string::npos)
      << topic.out;

  CommandResult key = RunMqauthz("check '" + path + "' --client-id c1 --set other");
  EXPECT_NE(key.out.find("rules[0]: principals match, but none of its Write keys matches"),
            std::string::npos)
      << key.out;

  CommandResult nobody = RunMqauthz("check '" + path + "' --client-id c9 --connect");
  EXPECT_NE(nobody.out.find("no rule's principals match this client (client id 'c9', no "
                            "username, 0 attributes)"),
            std::string::npos)
      << nobody.out;
}

TEST(CliTest, CheckRejectsRepeatedAndMissingValues) {
  std::string path = WriteTempFile("repeat.json", kSmallPolicy);
  std::string base = "check '" + path + "' ";
  CommandResult twice = RunMqauthz(base + "--client-id a --client-id b --connect");
  EXPECT_EQ(twice.exit_status, 2);
  EXPECT_NE(twice.err.find("--client-id is given twice"), std::string::npos);
  EXPECT_EQ(RunMqauthz(base + "--client-id a --username u --username v --connect").exit_status, 2);
  CommandResult attr = RunMqauthz(base + "--client-id a --attr b=1 --attr b=2 --connect");
  EXPECT_EQ(attr.exit_status, 2);
  EXPECT_NE(attr.err.find("--attr b is given twice"), std::string::npos);

  CommandResult option_as_value = RunMqauthz(base + "--client-id c1 --publish --connect");
  EXPECT_EQ(option_as_value.exit_status, 2);
  EXPECT_NE(option_as_value.err.find("--publish needs a value"), std::string::npos);
  EXPECT_EQ(RunMqauthz(base + "--client-id c1 --publish=--x").exit_status, 3);
}

TEST(CliTest, CheckBase64KeysAreStrict) {
  std::string path = WriteTempFile("strict.json", kSmallPolicy);
  std::string base = "check '" + path + "' --client-id c1 --get ";
  EXPECT_EQ(RunMqauthz(base + "AAH/ --key-base64").exit_status, 0);
  for (const char* bad : {"AAH", "'AA H/'", "AAH_", "YR=="}) {
    SCOPED_TRACE(bad);
    CommandResult result = RunMqauthz(base + bad + " --key-base64");
    EXPECT_EQ(result.exit_status, 2);
    // The decoder's message names the key and the fault once, after the option.
    EXPECT_NE(result.err.find("mqauthz check: --key-base64: binary key"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("base64: "), std::string::npos) << result.err;
  }
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
  EXPECT_NE(result.err.find("replay: requests 15, allowed 8, denied 7, errors 0"),
            std::string::npos)
      << result.err;
}

TEST(CliTest, ReplayEnginesGiveIdenticalOutput) {
  std::string requests = kExamples + "/quickstart/requests.jsonl";
  CommandResult compiled = RunMqauthz("replay '" + kQuickstartPolicy + "' '" + requests + "'");
  CommandResult explicit_compiled =
      RunMqauthz("replay --engine compiled '" + kQuickstartPolicy + "' '" + requests + "'");
  CommandResult reference =
      RunMqauthz("replay --engine=reference '" + kQuickstartPolicy + "' '" + requests + "'");
  EXPECT_EQ(compiled.exit_status, 0);
  EXPECT_EQ(reference.exit_status, 0);
  EXPECT_FALSE(compiled.out.empty());
  EXPECT_EQ(compiled.out, reference.out);
  EXPECT_EQ(compiled.out, explicit_compiled.out);
}

TEST(CliTest, CheckEnginesGiveIdenticalOutput) {
  std::string base =
      "check '" + kQuickstartPolicy + "' --client-id building22-x --attr building=building22 ";
  for (const char* action : {"--connect", "--publish sensors/building22/building22-x/sensor",
                             "--set clients/building22-x/k", "--get building-config/building23"}) {
    SCOPED_TRACE(action);
    CommandResult compiled = RunMqauthz(base + action);
    CommandResult reference = RunMqauthz(base + action + " --engine=reference");
    EXPECT_EQ(compiled.exit_status, reference.exit_status);
    EXPECT_EQ(compiled.out, reference.out);
  }
}

TEST(CliTest, UnknownEngineIsUsageError) {
  CommandResult replay = RunMqauthz("replay --engine fast '" + kQuickstartPolicy + "'", "\n");
  EXPECT_EQ(replay.exit_status, 2);
  EXPECT_NE(replay.err.find("unknown engine 'fast'"), std::string::npos) << replay.err;
  CommandResult check =
      RunMqauthz("check '" + kQuickstartPolicy + "' --client-id c --connect --engine=fast");
  EXPECT_EQ(check.exit_status, 2);
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
  EXPECT_NE(result.err.find("requests 2, allowed 1, denied 1, errors 2"), std::string::npos)
      << result.err;
}

TEST(CliTest, ReplayRejectsLongLinesAndBadBase64) {
  std::string path = WriteTempFile("long.json", kSmallPolicy);
  std::string input = "{\"clientId\":\"c1\",\"action\":\"get\",\"key\":\"" +
                      std::string(5 << 20, 'k') + "\"}\n" +
                      "{\"clientId\":\"c1\",\"action\":\"get\",\"keyBase64\":\"AAH\"}\n" +
                      "{\"clientId\":\"c1\",\"action\":\"get\",\"keyBase64\":\"AAH/\"}";
  CommandResult result = RunMqauthz("replay '" + path + "'", input);
  EXPECT_EQ(result.exit_status, 2);
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out.substr(0, 500);
  EXPECT_NE(lines[0].find("line longer than 4 MiB"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"("line":1})"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("'keyBase64' is not valid base64"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].rfind(R"({"decision":"allow")", 0), 0u) << lines[2];
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
  CommandResult directory = RunMqauthz("replay '" + path + "' /tmp");
  EXPECT_EQ(directory.exit_status, 2);
  EXPECT_NE(directory.err.find("it is a directory"), std::string::npos) << directory.err;
  CommandResult missing = RunMqauthz("replay '" + path + "' /nonexistent/requests.jsonl");
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("cannot read request file '/nonexistent/requests.jsonl'"),
            std::string::npos);
  EXPECT_NE(missing.err.find("check the path, or give '-'"), std::string::npos) << missing.err;
  std::string bad = WriteTempFile("replay-invalid.json", kInvalidPolicy);
  EXPECT_EQ(RunMqauthz("replay '" + bad + "'", "{}\n").exit_status, 1);
}

}  // namespace
}  // namespace mqauthz
