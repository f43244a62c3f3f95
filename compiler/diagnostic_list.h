// Collects the diagnostics of one policy file.

#ifndef MQAUTHZ_COMPILER_DIAGNOSTIC_LIST_H_
#define MQAUTHZ_COMPILER_DIAGNOSTIC_LIST_H_

#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/document.h"

namespace mqauthz {

class DiagnosticList {
 public:
  explicit DiagnosticList(std::string_view file) : file_(file) {}

  // Adds a diagnostic at the position of `node`.
  void Error(const Node& node, std::string_view path, std::string message, std::string hint = "");
  void Warning(const Node& node, std::string_view path, std::string message, std::string hint = "");

  // Adds a diagnostic at an explicit position; line 0 means the file as a whole.
  void Add(Severity severity, TextPosition position, std::string_view path, std::string message,
           std::string hint);

  // Appends diagnostics made elsewhere, such as by a reader.
  void Append(std::vector<Diagnostic> diagnostics);

  bool has_errors() const { return error_count_ > 0; }
  int error_count() const { return error_count_; }
  const std::string& file() const { return file_; }

  // Returns the diagnostics sorted by position (stable, so equal positions keep the order
  // they were added in) and empties the list.
  std::vector<Diagnostic> TakeSorted();

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_DIAGNOSTIC_LIST_H_
