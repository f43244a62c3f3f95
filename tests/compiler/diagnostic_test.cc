#include "compiler/diagnostic.h"

#include <vector>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

Diagnostic MakeDiagnostic(Severity severity) {
  Diagnostic diagnostic;
  diagnostic.severity = severity;
  diagnostic.file = "policy.yaml";
  diagnostic.line = 14;
  diagnostic.column = 9;
  diagnostic.path = "rules[2].brokerResources[1]";
  diagnostic.message = "unknown method \"Pub\"";
  diagnostic.hint = "write Connect, Publish or Subscribe";
  return diagnostic;
}

TEST(FormatDiagnostic, WritesGccFormWithHint) {
  EXPECT_EQ(FormatDiagnostic(MakeDiagnostic(Severity::kError)),
            "policy.yaml:14:9: error: rules[2].brokerResources[1]: unknown method \"Pub\"\n"
            "  hint: write Connect, Publish or Subscribe");
}

TEST(FormatDiagnostic, WritesWarning) {
  Diagnostic diagnostic = MakeDiagnostic(Severity::kWarning);
  diagnostic.hint.clear();
  EXPECT_EQ(FormatDiagnostic(diagnostic),
            "policy.yaml:14:9: warning: rules[2].brokerResources[1]: unknown method \"Pub\"");
}

TEST(FormatDiagnostic, OmitsPositionAndPathOfWholeFile) {
  Diagnostic diagnostic = MakeDiagnostic(Severity::kError);
  diagnostic.line = 0;
  diagnostic.column = 0;
  diagnostic.path.clear();
  diagnostic.hint.clear();
  EXPECT_EQ(FormatDiagnostic(diagnostic), "policy.yaml: error: unknown method \"Pub\"");
}

TEST(HasErrors, IgnoresWarnings) {
  EXPECT_FALSE(HasErrors({MakeDiagnostic(Severity::kWarning)}));
  EXPECT_TRUE(HasErrors({MakeDiagnostic(Severity::kWarning), MakeDiagnostic(Severity::kError)}));
  EXPECT_FALSE(HasErrors({}));
}

}  // namespace
}  // namespace mqauthz
