// Every outcome the product documentation states for its policy examples, replayed with
// the built `mqauthz replay` on the transcribed examples in examples/product/.
// tests/data/product-outcomes.tsv contains one request a line with the expected decision.

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/tools/command_runner.h"

namespace mqauthz {
namespace {

struct Outcome {
  std::string expected;  // "allow" or "deny"
  std::string request;
  std::string statement;
};

// Returns the outcomes grouped by example file, in file order.
std::map<std::string, std::vector<Outcome>> ReadOutcomes() {
  std::map<std::string, std::vector<Outcome>> outcomes;
  std::ifstream input(std::string(MQAUTHZ_TEST_DATA_DIR) + "/product-outcomes.tsv");
  std::string line;
  while (std::getline(input, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 4) {
      ADD_FAILURE() << "malformed line: " << line;
      continue;
    }
    outcomes[fields[0]].push_back({fields[1], fields[2], fields[3]});
  }
  return outcomes;
}

TEST(ProductOutcomesTest, ReplayReproducesEveryStatedOutcome) {
  std::map<std::string, std::vector<Outcome>> outcomes = ReadOutcomes();
  ASSERT_GE(outcomes.size(), 14u);

  for (const auto& [file, expected] : outcomes) {
    SCOPED_TRACE(file);
    std::string requests;
    for (const Outcome& outcome : expected) requests += outcome.request + "\n";

    std::string policy = std::string(MQAUTHZ_EXAMPLES_DIR) + "/product/" + file;
    for (const char* engine : {"compiled", "reference"}) {
      SCOPED_TRACE(engine);
      CommandResult result =
          RunMqauthz(std::string("replay --engine ") + engine + " '" + policy + "'", requests);
      ASSERT_EQ(result.exit_status, 0) << result.err;

      std::vector<std::string> decisions = absl::StrSplit(result.out, '\n', absl::SkipEmpty());
      ASSERT_EQ(decisions.size(), expected.size()) << result.out;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        std::string prefix = "{\"decision\":\"" + expected[i].expected + "\"";
        EXPECT_EQ(decisions[i].rfind(prefix, 0), 0u)
            << expected[i].statement << "\n  request: " << expected[i].request
            << "\n  decision: " << decisions[i];
      }
    }
  }
}

}  // namespace
}  // namespace mqauthz
