// The measurements of one `mqauthz bench` run, and their text and JSON forms.

#ifndef MQAUTHZ_TOOLS_BENCH_REPORT_H_
#define MQAUTHZ_TOOLS_BENCH_REPORT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mqauthz {

struct BenchResult {
  std::string policy_path;
  std::size_t rules = 0;
  double load_seconds = 0;     // reading, parsing and validating the policy file
  double compile_seconds = 0;  // CompilePolicy
  std::size_t clients = 0;     // distinct clients, each bound once
  double bind_seconds = 0;     // all Bind calls together
  std::size_t requests = 0;    // requests per pass
  std::size_t allowed = 0;     // allowed requests in one pass
  std::size_t denied = 0;
  // Nanoseconds per decision of each timed pass over all requests, in run order.
  std::vector<double> ns_per_decision;
};

// Returns the median of `values`, which must not be empty. For an even number of values
// it is the mean of the two middle ones.
double Median(std::vector<double> values);

// Returns the human-readable report, several lines each ending in '\n'.
std::string FormatBenchText(const BenchResult& result);

// Returns the report as one JSON object and a '\n'. `version` is the mqauthz version.
std::string FormatBenchJson(const BenchResult& result, std::string_view version);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_BENCH_REPORT_H_
