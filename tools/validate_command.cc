// `mqauthz validate POLICY...`: prints every error and warning of each policy.

#include <iostream>
#include <string>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "tools/command_line.h"
#include "tools/commands.h"

namespace mqauthz {
namespace {

constexpr char kValidateHelp[] = R"(Usage: mqauthz validate [OPTIONS] POLICY...

Checks BrokerAuthorization policies (custom resource, CLI config, ARM resource or rule
list; JSON or YAML) and prints every error and warning as FILE:LINE:COL.

Options:
  --authentication-method METHOD
                 how the broker authenticates these clients: sat (Kubernetes service
                 account tokens), x509 or custom. With sat, principals.usernames
                 entries get a warning, because those usernames are not verified.
  -q, --quiet    print diagnostics only, not the one-line summary per file
  -h, --help     print this help
  --             end of options; every later argument is a policy file

Exit status: 0 when every policy is valid (warnings allowed), 1 when any policy is
invalid, 2 on a usage error.
)";

int CountSeverity(const std::vector<Diagnostic>& diagnostics, Severity severity) {
  int count = 0;
  for (const Diagnostic& diagnostic : diagnostics) count += diagnostic.severity == severity;
  return count;
}

void PrintSummary(const std::string& path, const LoadResult& result) {
  int errors = CountSeverity(result.diagnostics, Severity::kError);
  int warnings = CountSeverity(result.diagnostics, Severity::kWarning);
  if (!result.policy.has_value()) {
    std::cout << path << ": invalid, " << errors << (errors == 1 ? " error" : " errors");
    if (warnings > 0) std::cout << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
    std::cout << "\n";
    return;
  }
  std::cout << path << ": valid " << DocumentShapeName(*result.shape) << " ("
            << (*result.syntax == DocumentSyntax::kJson ? "JSON" : "YAML") << "), "
            << result.policy->rules.size()
            << (result.policy->rules.size() == 1 ? " rule" : " rules");
  if (warnings > 0) std::cout << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
  std::cout << "\n";
}

}  // namespace

int RunValidate(std::span<const std::string_view> args) {
  LoadOptions options;
  bool quiet = false;
  std::vector<std::string> paths;

  ArgumentCursor cursor(args);
  bool options_ended = false;
  while (!cursor.Done()) {
    std::string_view arg = cursor.Next();
    std::string_view name = OptionName(arg);
    if (options_ended) {
      paths.emplace_back(arg);
    } else if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kValidateHelp;
      return kExitOk;
    } else if (arg == "-q" || arg == "--quiet") {
      quiet = true;
    } else if (name == "--authentication-method") {
      std::optional<std::string_view> value = cursor.TakeValue("validate", arg);
      if (!value.has_value()) return kExitUsage;
      std::optional<AuthenticationMethod> method = ParseAuthenticationMethod(*value);
      if (!method.has_value()) {
        return UsageError("validate", "unknown authentication method '" + std::string(*value) +
                                          "'; use sat, x509 or custom");
      }
      options.authentication_method = *method;
    } else if (arg.size() > 1 && arg.front() == '-') {
      return UsageError("validate", "unknown option '" + std::string(arg) + "'");
    } else {
      paths.emplace_back(arg);
    }
  }
  if (paths.empty()) return UsageError("validate", "no policy file given");

  bool all_valid = true;
  for (const std::string& path : paths) {
    LoadResult result = LoadPolicyFile(path, options);
    for (const Diagnostic& diagnostic : result.diagnostics) {
      std::cout << FormatDiagnostic(diagnostic) << "\n";
    }
    if (!quiet) PrintSummary(path, result);
    all_valid = all_valid && result.policy.has_value();
  }
  return all_valid ? kExitOk : kExitInvalidPolicy;
}

}  // namespace mqauthz
