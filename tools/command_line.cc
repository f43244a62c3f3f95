#include "tools/command_line.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "compiler/diagnostic.h"

namespace mqauthz {

std::string_view OptionName(std::string_view arg) {
  std::size_t equals = arg.find('=');
  return equals == std::string_view::npos ? arg : arg.substr(0, equals);
}

std::optional<std::string_view> ArgumentCursor::TakeValue(std::string_view command,
                                                          std::string_view arg) {
  std::size_t equals = arg.find('=');
  if (equals != std::string_view::npos) return arg.substr(equals + 1);
  if (Done()) {
    UsageError(command, std::string(arg) + " needs a value");
    return std::nullopt;
  }
  return Next();
}

int UsageError(std::string_view command, std::string_view message) {
  std::cerr << "mqauthz " << command << ": " << message << "\n"
            << "Run 'mqauthz " << command << " --help' for usage.\n";
  return 2;
}

bool OpenRequestFile(std::string_view command, const std::string& path, std::ifstream& file) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    std::cerr << "mqauthz " << command << ": cannot read request file '" << path
              << "': it is a directory; give a file with one JSON request per line, or '-' "
                 "to read them from standard input\n";
    return false;
  }
  file.open(path);
  if (!file) {
    std::cerr << "mqauthz " << command << ": cannot read request file '" << path
              << "': " << std::strerror(errno)
              << "; check the path, or give '-' to read requests from standard input\n";
    return false;
  }
  return true;
}

std::optional<AuthenticationMethod> ParseAuthenticationMethod(std::string_view name) {
  if (name == "sat") return AuthenticationMethod::kServiceAccountToken;
  if (name == "x509") return AuthenticationMethod::kX509;
  if (name == "custom") return AuthenticationMethod::kCustom;
  return std::nullopt;
}

std::optional<Policy> ReportLoadResult(const std::string& path, LoadResult result) {
  int errors = 0;
  int warnings = 0;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Severity::kError) {
      ++errors;
      std::cerr << FormatDiagnostic(diagnostic) << "\n";
    } else {
      ++warnings;
    }
  }

  if (!result.policy.has_value()) {
    std::cerr << path << ": policy rejected with " << errors
              << (errors == 1 ? " error\n" : " errors\n");
  } else if (warnings > 0) {
    std::cerr << path << ": " << warnings << (warnings == 1 ? " warning" : " warnings")
              << "; run 'mqauthz validate " << path << "' to list them\n";
  }
  return std::move(result.policy);
}

std::unique_ptr<RequestDecider> LoadDecider(const std::string& path, EngineKind engine) {
  std::optional<Policy> policy = ReportLoadResult(path, LoadPolicyFile(path));
  if (!policy.has_value()) return nullptr;

  absl::StatusOr<std::unique_ptr<RequestDecider>> decider =
      MakeRequestDecider(*std::move(policy), engine);
  if (!decider.ok()) {
    std::cerr << path << ": policy could not be compiled: " << decider.status().message() << "\n";
    return nullptr;
  }
  return *std::move(decider);
}

std::optional<EngineKind> ParseEngineOption(std::string_view command, std::string_view value) {
  std::optional<EngineKind> engine = ParseEngineKind(value);
  if (!engine.has_value()) {
    UsageError(command, "unknown engine '" + std::string(value) + "'; use compiled or reference");
  }
  return engine;
}

}  // namespace mqauthz
