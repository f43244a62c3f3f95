// Differential tests: the compiled engine (runtime/engine.h) must give exactly the
// Decision of the reference evaluator (core/reference_evaluator.h), deny reason and grant
// included, for
//   - every case of tests/data/vectors/cases.tsv;
//   - every policy under tests/data/vectors and examples/, with generated requests;
//   - thousands of generated policies with generated clients and requests.
// Each disagreement is reported with the policy, client, request and both Decisions;
// generated cases name their seed, so `--gtest_filter` and the seed reproduce them.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "gtest/gtest.h"
#include "runtime/engine.h"
#include "tests/runtime/runtime_test_support.h"
#include "tests/support/policy_generator.h"
#include "tools/request_json.h"

namespace mqauthz::testing {
namespace {

const std::string kTestDataDir = MQAUTHZ_TEST_DATA_DIR;
const std::string kExamplesDir = MQAUTHZ_EXAMPLES_DIR;

// Stop reporting after this many disagreements in one test; the first few explain the bug.
constexpr int kMaxReports = 5;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  std::ostringstream contents;
  contents << input.rdbuf();
  return contents.str();
}

// Counts comparisons and reports the first kMaxReports disagreements.
class Comparison {
 public:
  void Check(const Policy& policy, const CompiledPolicy& compiled, const BoundClient& bound,
             const Client& client, const Request& request, std::string_view policy_text,
             std::string_view origin) {
    ++compared_;
    const std::string report =
        CompareEngines(policy, compiled, bound, client, request, policy_text, origin);
    if (report.empty()) return;
    if (++disagreements_ <= kMaxReports) ADD_FAILURE() << report;
  }

  // Binds `clients` clients from `generator` and checks `requests` requests for each.
  void CheckGenerated(const Policy& policy, const CompiledPolicy& compiled,
                      RequestGenerator& generator, int clients, int requests,
                      std::string_view policy_text, std::string_view origin) {
    for (int c = 0; c < clients; ++c) {
      const Client client = generator.NextClient();
      const BoundClient bound = Bind(compiled, client);
      for (int r = 0; r < requests; ++r) {
        Check(policy, compiled, bound, client, generator.NextRequest(client), policy_text, origin);
      }
    }
  }

  ~Comparison() { EXPECT_EQ(disagreements_, 0) << "of " << compared_ << " compared decisions"; }

  long compared() const { return compared_; }

 private:
  long compared_ = 0;
  long disagreements_ = 0;
};

// A loaded and compiled policy file, with its text for reports.
struct PolicyFile {
  std::string text;
  Policy policy;
  std::shared_ptr<const CompiledPolicy> compiled;
};

std::optional<PolicyFile> LoadAndCompile(const std::filesystem::path& path) {
  LoadResult result = LoadPolicyFile(path.string());
  if (!result.policy.has_value()) return std::nullopt;
  std::shared_ptr<const CompiledPolicy> compiled = CompileOrFail(*result.policy);
  PolicyFile file{ReadFile(path), *std::move(result.policy), std::move(compiled)};
  if (file.compiled == nullptr) return std::nullopt;
  return file;
}

// Returns the policy files under `directory`, sorted, skipping `invalid/` folders.
std::vector<std::filesystem::path> PolicyFiles(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    const std::filesystem::path& path = entry.path();
    if (path.parent_path().filename() == "invalid") continue;
    const std::string extension = path.extension().string();
    if (extension == ".json" || extension == ".yaml" || extension == ".yml") files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(DifferentialTest, VectorCases) {
  std::ifstream input(kTestDataDir + "/vectors/cases.tsv");
  ASSERT_TRUE(input) << "cannot read cases.tsv";
  std::map<std::string, std::optional<PolicyFile>> policies;
  simdjson::ondemand::parser parser;
  Comparison comparison;

  std::string line;
  for (int number = 1; std::getline(input, line); ++number) {
    const std::vector<std::string> fields = absl::StrSplit(line, absl::MaxSplits('\t', 2));
    if (fields.size() != 3) continue;
    auto [it, inserted] = policies.try_emplace(fields[0]);
    if (inserted) it->second = LoadAndCompile(kTestDataDir + "/vectors/" + fields[0]);
    ASSERT_TRUE(it->second.has_value()) << fields[0] << " did not load or compile";

    absl::StatusOr<ClientRequest> request = ParseRequestJson(parser, fields[2]);
    ASSERT_TRUE(request.ok()) << "cases.tsv line " << number << ": " << request.status();
    const CompiledPolicy& compiled = *it->second->compiled;
    const BoundClient bound = Bind(compiled, request->client);
    comparison.Check(it->second->policy, compiled, bound, request->client, request->request,
                     it->second->text, absl::StrCat("cases.tsv line ", number, ", ", fields[0]));
  }
  EXPECT_GE(comparison.compared(), 290) << "cases.tsv missing or truncated";
}

TEST(DifferentialTest, PolicyFilesWithGeneratedRequests) {
  std::vector<std::filesystem::path> files = PolicyFiles(kTestDataDir);
  const std::vector<std::filesystem::path> examples = PolicyFiles(kExamplesDir);
  files.insert(files.end(), examples.begin(), examples.end());

  Comparison comparison;
  int loaded = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::optional<PolicyFile> file = LoadAndCompile(files[i]);
    if (!file.has_value()) continue;  // not a policy document, such as a fragment
    ++loaded;
    // The reference evaluator takes time linear in the policy per request, so large policy
    // files get a few requests only.
    const bool large = file->text.size() > 20000;
    RequestGenerator generator(file->policy, /*seed=*/i + 1);
    comparison.CheckGenerated(file->policy, *file->compiled, generator, /*clients=*/large ? 1 : 12,
                              /*requests=*/large ? 6 : 40, file->text, files[i].string());
  }
  EXPECT_GE(loaded, 60) << "policy files missing";
}

TEST(DifferentialTest, QuickstartRequests) {
  std::optional<PolicyFile> file = LoadAndCompile(kExamplesDir + "/quickstart/policy.yaml");
  ASSERT_TRUE(file.has_value());
  std::ifstream input(kExamplesDir + "/quickstart/requests.jsonl");
  simdjson::ondemand::parser parser;
  Comparison comparison;
  std::string line;
  for (int number = 1; std::getline(input, line); ++number) {
    if (line.empty()) continue;
    absl::StatusOr<ClientRequest> request = ParseRequestJson(parser, line);
    ASSERT_TRUE(request.ok()) << "requests.jsonl line " << number << ": " << request.status();
    const BoundClient bound = Bind(*file->compiled, request->client);
    comparison.Check(file->policy, *file->compiled, bound, request->client, request->request,
                     file->text, absl::StrCat("quickstart/requests.jsonl line ", number));
  }
  EXPECT_GE(comparison.compared(), 5);
}

// Runs `policies` generated policies from consecutive seeds starting at `first_seed`.
void CheckGeneratedPolicies(std::uint64_t first_seed, int policies,
                            const PolicyGeneratorOptions& options, int clients, int requests) {
  Comparison comparison;
  for (int i = 0; i < policies; ++i) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(i);
    PolicyGenerator policy_generator(seed, options);
    const std::string text = policy_generator.NextPolicyJson();
    std::optional<Policy> policy = LoadOrFail(text);
    ASSERT_TRUE(policy.has_value()) << "generator seed " << seed;
    std::shared_ptr<const CompiledPolicy> compiled = CompileOrFail(*policy);
    ASSERT_NE(compiled, nullptr) << "generator seed " << seed;

    RequestGenerator request_generator(*policy, seed);
    comparison.CheckGenerated(*policy, *compiled, request_generator, clients, requests, text,
                              absl::StrCat("generator seed ", seed));
  }
}

TEST(DifferentialTest, GeneratedPolicies) {
  CheckGeneratedPolicies(/*first_seed=*/1, /*policies=*/1500, PolicyGeneratorOptions{},
                         /*clients=*/6, /*requests=*/30);
}

TEST(DifferentialTest, GeneratedAdversarialPolicies) {
  PolicyGeneratorOptions options;
  options.adversarial_percent = 90;
  options.max_levels = 7;
  options.max_patterns = 4;
  CheckGeneratedPolicies(/*first_seed=*/100001, /*policies=*/800, options, /*clients=*/6,
                         /*requests=*/30);
}

TEST(DifferentialTest, GeneratedLargeAndDeepPolicies) {
  PolicyGeneratorOptions options;
  options.min_rules = 100;
  options.max_rules = 300;
  options.adversarial_percent = 50;
  options.deep_levels = 300;
  CheckGeneratedPolicies(/*first_seed=*/200001, /*policies=*/6, options, /*clients=*/40,
                         /*requests=*/100);
}

}  // namespace
}  // namespace mqauthz::testing
