// Decision vectors converted from public test suites (the MQTT 5.0 standard, Mosquitto,
// EMQX, Redis, Kvrocks): tests/data/vectors/README.md describes the format, and
// provenance.tsv names the source test of every case line and invalid policy.

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "compiler/policy_loader.h"
#include "core/reference_evaluator.h"
#include "gtest/gtest.h"
#include "tools/request_json.h"

namespace mqauthz {
namespace {

const std::string kVectorsDir = std::string(MQAUTHZ_TEST_DATA_DIR) + "/vectors";

struct VectorCase {
  int line = 0;
  std::string policy_file;
  bool expect_allow = false;
  std::string request_json;
};

std::vector<VectorCase> ReadCases() {
  std::vector<VectorCase> cases;
  std::ifstream input(kVectorsDir + "/cases.tsv");
  std::string line;
  for (int number = 1; std::getline(input, line); ++number) {
    std::vector<std::string> fields = absl::StrSplit(line, absl::MaxSplits('\t', 2));
    if (fields.size() != 3) continue;
    cases.push_back({number, fields[0], fields[1] == "allow", fields[2]});
  }
  return cases;
}

TEST(VectorsTest, EveryCaseMatchesExpectation) {
  std::vector<VectorCase> cases = ReadCases();
  ASSERT_GE(cases.size(), 290u) << "cases.tsv missing or truncated";

  std::map<std::string, Policy> policies;
  simdjson::ondemand::parser parser;
  for (const VectorCase& vector_case : cases) {
    SCOPED_TRACE("cases.tsv line " + std::to_string(vector_case.line) + ": " +
                 vector_case.policy_file);
    auto [it, inserted] = policies.try_emplace(vector_case.policy_file);
    if (inserted) {
      LoadResult result = LoadPolicyFile(kVectorsDir + "/" + vector_case.policy_file);
      ASSERT_TRUE(result.policy.has_value());
      it->second = *std::move(result.policy);
    }

    absl::StatusOr<ClientRequest> request = ParseRequestJson(parser, vector_case.request_json);
    ASSERT_TRUE(request.ok()) << request.status();

    Decision decision = EvaluateReference(it->second, request->client, request->request);
    EXPECT_EQ(decision.allowed, vector_case.expect_allow)
        << vector_case.request_json.substr(0, 300) << " -> "
        << DescribeDecision(it->second, decision);
  }
}

TEST(VectorsTest, EveryInvalidPolicyIsRejectedWithLocation) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kVectorsDir + "/invalid")) {
    SCOPED_TRACE(entry.path().filename().string());
    LoadResult result = LoadPolicyFile(entry.path().string());
    ++count;
    EXPECT_FALSE(result.policy.has_value());
    ASSERT_FALSE(result.diagnostics.empty());
    const Diagnostic& first = result.diagnostics.front();
    EXPECT_EQ(first.severity, Severity::kError);
    EXPECT_GT(first.line, 0);
    EXPECT_GT(first.column, 0);
  }
  EXPECT_GE(count, 50);
}

}  // namespace
}  // namespace mqauthz
