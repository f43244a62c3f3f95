// Every product example loads without error, and every invalid test vector is rejected
// with a position.

#include <string>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "gtest/gtest.h"
#include "tests/compiler/test_support.h"

namespace mqauthz {
namespace {

using ::mqauthz::testing::Describe;
using ::mqauthz::testing::Errors;
using ::mqauthz::testing::ListFiles;

const std::vector<std::string> kPolicyExtensions = {".json", ".yaml", ".yml"};

TEST(ProductExamples, AllLoadWithoutError) {
  const std::vector<std::string> files =
      ListFiles(MQAUTHZ_EXAMPLES_DIR "/product", kPolicyExtensions);
  ASSERT_GE(files.size(), 15u);
  for (const std::string& file : files) {
    const LoadResult result = LoadPolicyFile(file);
    EXPECT_TRUE(result.policy.has_value()) << file << "\n" << Describe(result);
    EXPECT_TRUE(Errors(result).empty()) << file << "\n" << Describe(result);
  }
}

TEST(ProductExamples, CoverEveryShape) {
  bool seen[4] = {false, false, false, false};
  for (const std::string& file : ListFiles(MQAUTHZ_EXAMPLES_DIR "/product", kPolicyExtensions)) {
    const LoadResult result = LoadPolicyFile(file);
    if (result.shape.has_value()) seen[static_cast<int>(*result.shape)] = true;
  }
  EXPECT_TRUE(seen[static_cast<int>(DocumentShape::kCustomResource)]);
  EXPECT_TRUE(seen[static_cast<int>(DocumentShape::kCliConfig)]);
  EXPECT_TRUE(seen[static_cast<int>(DocumentShape::kArmResource)]);
  EXPECT_TRUE(seen[static_cast<int>(DocumentShape::kRuleList)]);
}

TEST(ProductExamples, StateStoreFragmentReadsLowercaseKeyTypes) {
  const LoadResult result =
      LoadPolicyFile(MQAUTHZ_EXAMPLES_DIR "/product/state-store-fragment.cr.yaml");
  ASSERT_TRUE(result.policy.has_value()) << Describe(result);
  const std::vector<StateStoreResource>& resources = result.policy->rules[0].state_store_resources;
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0].key_type, KeyType::kPattern);
  EXPECT_EQ(resources[0].keys.size(), 4u);
  EXPECT_EQ(resources[1].method, StateStoreMethod::kReadWrite);
  EXPECT_EQ(resources[1].key_type, KeyType::kBinary);
  EXPECT_EQ(resources[1].keys[0].bytes.size(), 15u);
}

TEST(InvalidVectors, AllRejectedWithPosition) {
  const std::vector<std::string> files =
      ListFiles(MQAUTHZ_TEST_DATA_DIR "/vectors/invalid", kPolicyExtensions);
  ASSERT_FALSE(files.empty());
  for (const std::string& file : files) {
    const LoadResult result = LoadPolicyFile(file);
    EXPECT_FALSE(result.policy.has_value()) << file;
    const std::vector<Diagnostic> errors = Errors(result);
    ASSERT_FALSE(errors.empty()) << file;
    for (const Diagnostic& error : errors) {
      EXPECT_GT(error.line, 0) << FormatDiagnostic(error);
      EXPECT_GT(error.column, 0) << FormatDiagnostic(error);
      EXPECT_FALSE(error.path.empty()) << FormatDiagnostic(error);
    }
  }
}

}  // namespace
}  // namespace mqauthz
