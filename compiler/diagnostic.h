// Diagnostics for policy files: errors that reject a policy and warnings that do not.
//
// Each one names the file, line and column (1-based), the JSON-pointer-like path inside
// the policy (`rules[2].brokerResources[1].topics[0]`), what is wrong and how to fix it.
// FormatDiagnostic prints the GCC form that editors and CI annotators understand.

#ifndef MQAUTHZ_COMPILER_DIAGNOSTIC_H_
#define MQAUTHZ_COMPILER_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace mqauthz {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is the file as a whole
  int column = 0;  // 1-based, in bytes; 0 when unknown
  std::string path;     // empty for the document as a whole
  std::string message;  // what is wrong, naming the offending value
  std::string hint;     // what to write instead; may be empty
};

// Returns "FILE:LINE:COL: error: PATH: message" and, when there is a hint, a second line
// "  hint: ...". No trailing newline.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// Returns whether any diagnostic is an error.
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_DIAGNOSTIC_H_
