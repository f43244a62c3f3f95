#include "tests/compiler/test_support.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"

namespace mqauthz::testing {

LoadResult Load(std::string_view text, const LoadOptions& options) {
  return LoadPolicyText(text, "policy.yaml", options);
}

std::vector<Diagnostic> Errors(const LoadResult& result) {
  std::vector<Diagnostic> errors;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Severity::kError) errors.push_back(diagnostic);
  }
  return errors;
}

std::vector<Diagnostic> Warnings(const LoadResult& result) {
  std::vector<Diagnostic> warnings;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Severity::kWarning) warnings.push_back(diagnostic);
  }
  return warnings;
}

std::vector<Diagnostic> At(const LoadResult& result, Severity severity, std::string_view path) {
  std::vector<Diagnostic> found;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == severity && diagnostic.path == path) found.push_back(diagnostic);
  }
  return found;
}

std::string Describe(const LoadResult& result) {
  std::string out;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    out += FormatDiagnostic(diagnostic);
    out += '\n';
  }
  return out;
}

std::string ReadFileForTest(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<std::string> ListFiles(const std::string& directory,
                                   const std::vector<std::string>& extensions) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    for (const std::string& extension : extensions) {
      if (name.size() >= extension.size() &&
          name.compare(name.size() - extension.size(), extension.size(), extension) == 0) {
        files.push_back(entry.path().string());
        break;
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace mqauthz::testing
