#include "compiler/diagnostic.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mqauthz {

std::string FormatDiagnostic(const Diagnostic& diagnostic) {
  std::string out = diagnostic.file;
  if (diagnostic.line > 0) {
    absl::StrAppend(&out, ":", diagnostic.line);
    if (diagnostic.column > 0) absl::StrAppend(&out, ":", diagnostic.column);
  }
  absl::StrAppend(&out, diagnostic.severity == Severity::kError ? ": error: " : ": warning: ");
  if (!diagnostic.path.empty()) absl::StrAppend(&out, diagnostic.path, ": ");
  out += diagnostic.message;
  if (!diagnostic.hint.empty()) absl::StrAppend(&out, "\n  hint: ", diagnostic.hint);
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace mqauthz
