#include "tools/bench_report.h"

#include <algorithm>
#include <cassert>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/decision_json.h"

namespace mqauthz {
namespace {

double PerSecond(double ns_per_decision) { return ns_per_decision > 0 ? 1e9 / ns_per_decision : 0; }

double NsPerClient(const BenchResult& result) {
  return result.clients > 0 ? result.bind_seconds * 1e9 / static_cast<double>(result.clients) : 0;
}

}  // namespace

double Median(std::vector<double> values) {
  assert(!values.empty());
  std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + middle, values.end());
  double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + middle);
  return (lower + upper) / 2;
}

std::string FormatBenchText(const BenchResult& result) {
  const std::vector<double>& samples = result.ns_per_decision;
  double median = Median(samples);
  auto [min, max] = std::minmax_element(samples.begin(), samples.end());

  std::string out;
  absl::StrAppendFormat(&out, "policy    %s: %d %s\n", result.policy_path, result.rules,
                        result.rules == 1 ? "rule" : "rules");
  absl::StrAppendFormat(&out, "load      %.3f ms (read, parse and validate)\n",
                        result.load_seconds * 1e3);
  absl::StrAppendFormat(&out, "compile   %.3f ms\n", result.compile_seconds * 1e3);
  absl::StrAppendFormat(&out, "bind      %d distinct %s in %.3f ms, %.0f ns per client\n",
                        result.clients, result.clients == 1 ? "client" : "clients",
                        result.bind_seconds * 1e3, NsPerClient(result));
  absl::StrAppendFormat(&out, "requests  %d per pass: %d allowed, %d denied\n", result.requests,
                        result.allowed, result.denied);
  absl::StrAppendFormat(&out,
                        "decide    %.1f ns per decision (median of %d passes; min %.1f, max "
                        "%.1f), %.0f decisions/s\n",
                        median, samples.size(), *min, *max, PerSecond(median));
  return out;
}

std::string FormatBenchJson(const BenchResult& result, std::string_view version) {
  const std::vector<double>& samples = result.ns_per_decision;
  double median = Median(samples);
  auto [min, max] = std::minmax_element(samples.begin(), samples.end());

  std::string out = R"({"engine":"mqauthz","version":)";
  AppendJsonString(version, out);
  out.append(R"(,"policy":)");
  AppendJsonString(result.policy_path, out);
  absl::StrAppendFormat(&out, R"(,"rules":%d,"load_ms":%.3f,"compile_ms":%.3f)", result.rules,
                        result.load_seconds * 1e3, result.compile_seconds * 1e3);
  absl::StrAppendFormat(&out, R"(,"clients":%d,"bind_ms":%.3f,"bind_ns_per_client":%.1f)",
                        result.clients, result.bind_seconds * 1e3, NsPerClient(result));
  absl::StrAppendFormat(&out, R"(,"requests":%d,"allowed":%d,"denied":%d)", result.requests,
                        result.allowed, result.denied);
  absl::StrAppendFormat(&out, R"(,"passes":%d,"decisions":%d)", samples.size(),
                        samples.size() * result.requests);
  absl::StrAppendFormat(&out,
                        R"(,"ns_per_decision_median":%.2f,"ns_per_decision_min":%.2f,)"
                        R"("ns_per_decision_max":%.2f,"decisions_per_second":%.0f)",
                        median, *min, *max, PerSecond(median));
  out.append(R"(,"samples":[)");
  for (std::size_t i = 0; i < samples.size(); ++i) {
    absl::StrAppendFormat(&out, "%s%.2f", i == 0 ? "" : ",", samples[i]);
  }
  out.append("]}\n");
  return out;
}

}  // namespace mqauthz
