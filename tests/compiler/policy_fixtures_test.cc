// Policy files under tests/data/policies/ with their expected diagnostics.
//
// Each policy file F has a file F.expected beside it. It lists every diagnostic that the
// loader must report, one a line and in the loader's order, as `SEVERITY LINE:COLUMN
// PATH`, such as `error 14:9 rules[0].brokerResources[1].topics[0]`. A diagnostic without
// a path, such as a syntax error, ends after the position. Files in valid/ must load, and
// files in invalid/ must be rejected.

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "gtest/gtest.h"
#include "tests/compiler/test_support.h"

namespace mqauthz {
namespace {

using ::mqauthz::testing::Describe;
using ::mqauthz::testing::ListFiles;
using ::mqauthz::testing::ReadFileForTest;

const std::vector<std::string> kPolicyExtensions = {".json", ".yaml", ".yml"};

std::vector<std::string> ExpectedLines(const std::string& policy_file) {
  std::istringstream text(ReadFileForTest(policy_file + ".expected"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> ActualLines(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    std::string line = absl::StrCat(diagnostic.severity == Severity::kError ? "error" : "warning",
                                    " ", diagnostic.line, ":", diagnostic.column);
    if (!diagnostic.path.empty()) absl::StrAppend(&line, " ", diagnostic.path);
    lines.push_back(std::move(line));
  }
  return lines;
}

TEST(PolicyFixtures, InvalidFilesReportExpectedErrors) {
  const std::vector<std::string> files =
      ListFiles(MQAUTHZ_TEST_DATA_DIR "/policies/invalid", kPolicyExtensions);
  ASSERT_GE(files.size(), 8u);
  for (const std::string& file : files) {
    const LoadResult result = LoadPolicyFile(file);
    EXPECT_FALSE(result.policy.has_value()) << file;
    EXPECT_EQ(ActualLines(result), ExpectedLines(file)) << file << "\n" << Describe(result);
  }
}

TEST(PolicyFixtures, ValidFilesLoadWithExpectedWarnings) {
  const std::vector<std::string> files =
      ListFiles(MQAUTHZ_TEST_DATA_DIR "/policies/valid", kPolicyExtensions);
  ASSERT_GE(files.size(), 2u);
  for (const std::string& file : files) {
    const LoadResult result = LoadPolicyFile(file);
    EXPECT_TRUE(result.policy.has_value()) << file << "\n" << Describe(result);
    EXPECT_EQ(ActualLines(result), ExpectedLines(file)) << file << "\n" << Describe(result);
  }
}

TEST(PolicyFixtures, YamlFeaturesBuildExpectedPolicy) {
  const LoadResult result =
      LoadPolicyFile(MQAUTHZ_TEST_DATA_DIR "/policies/valid/yaml-features.cr.yaml");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const Policy& policy = *result.policy;
  EXPECT_TRUE(policy.cache_enabled);
  ASSERT_EQ(policy.rules.size(), 2u);

  const Rule& first = policy.rules[0];
  ASSERT_EQ(first.principals.attributes.size(), 2u);
  EXPECT_EQ(first.principals.attributes[1].value_texts[0], "building23");
  ASSERT_EQ(first.principals.client_ids.size(), 2u);
  EXPECT_EQ(first.principals.client_ids[1].text, "folded-client");
  ASSERT_EQ(first.broker_resources.size(), 2u);
  EXPECT_EQ(first.broker_resources[0].method, BrokerMethod::kConnect);
  EXPECT_EQ(first.broker_resources[1].method, BrokerMethod::kPublish);

  const Rule& second = policy.rules[1];
  ASSERT_EQ(second.principals.attributes.size(), 1u);
  EXPECT_EQ(second.principals.attributes[0].entries[0].first, "building");
  ASSERT_EQ(second.broker_resources.size(), 2u);
  EXPECT_EQ(second.broker_resources[0].method, BrokerMethod::kConnect);
  ASSERT_EQ(second.broker_resources[0].client_ids.size(), 1u);
  EXPECT_EQ(second.broker_resources[0].client_ids[0].text, "building22-gateway");
  EXPECT_EQ(second.broker_resources[1].method, BrokerMethod::kSubscribe);
}

}  // namespace
}  // namespace mqauthz
