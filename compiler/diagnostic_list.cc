#include "compiler/diagnostic_list.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text_quote.h"

namespace mqauthz {

void DiagnosticList::Error(const Node& node, std::string_view path, std::string message,
                           std::string hint) {
  Add(Severity::kError, TextPosition{node.line, node.column}, path, std::move(message),
      std::move(hint));
}

void DiagnosticList::Warning(const Node& node, std::string_view path, std::string message,
                             std::string hint) {
  Add(Severity::kWarning, TextPosition{node.line, node.column}, path, std::move(message),
      std::move(hint));
}

void DiagnosticList::Add(Severity severity, TextPosition position, std::string_view path,
                         std::string message, std::string hint) {
  Diagnostic diagnostic;
  diagnostic.severity = severity;
  diagnostic.file = file_;
  diagnostic.line = position.line;
  diagnostic.column = position.column;
  // Messages quote user text, and some come from yaml-cpp or core/ with raw bytes in them,
  // such as the unknown token "{principal.\x01}".
  diagnostic.path = EscapeUnprintable(path);
  diagnostic.message = EscapeUnprintable(message);
  diagnostic.hint = EscapeUnprintable(hint);
  if (severity == Severity::kError) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticList::Append(std::vector<Diagnostic> diagnostics) {
  for (Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == Severity::kError) ++error_count_;
    diagnostics_.push_back(std::move(diagnostic));
  }
}

std::vector<Diagnostic> DiagnosticList::TakeSorted() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.line != b.line) return a.line < b.line;
                     return a.column < b.column;
                   });
  std::vector<Diagnostic> result = std::move(diagnostics_);
  diagnostics_.clear();
  error_count_ = 0;
  return result;
}

}  // namespace mqauthz
