#include "core/text_quote.h"

#include <string>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

TEST(QuoteText, QuotesPlainText) { EXPECT_EQ(QuoteText("sensors/#"), "\"sensors/#\""); }

TEST(QuoteText, EscapesQuotesAndBackslashes) { EXPECT_EQ(QuoteText("a\"b\\c"), "\"a\\\"b\\\\c\""); }

TEST(QuoteText, EscapesControlCharacters) {
  EXPECT_EQ(QuoteText(std::string("a\0b\n", 4)), "\"a\\u0000b\\n\"");
}

// C1 controls such as NEL (U+0085) act as line breaks on some terminals.
TEST(QuoteText, EscapesC1Controls) {
  EXPECT_EQ(QuoteText("a\xC2\x85"
                      "b\xC2\x80\xC2\x9F\xC2\xA0"),
            "\"a\\u0085b\\u0080\\u009f\xC2\xA0\"");
  EXPECT_EQ(EscapeUnprintable("x\xC2\x85y'\""), "x\\u0085y'\"");
}

TEST(QuoteText, KeepsValidUtf8) { EXPECT_EQ(QuoteText("caf\xC3\xA9"), "\"caf\xC3\xA9\""); }

TEST(QuoteText, EscapesInvalidUtf8Bytes) {
  EXPECT_EQ(QuoteText("a\xFF"
                      "b"),
            "\"a\\xFFb\"");
  EXPECT_EQ(QuoteText("\xED\xA0\x80"), "\"\\xED\\xA0\\x80\"");  // a UTF-16 surrogate
}

TEST(QuoteText, CutsLongText) {
  const std::string quoted = QuoteText(std::string(70000, 'x'));
  EXPECT_EQ(quoted, "\"" + std::string(kMaxQuotedBytes, 'x') + "\"... (70000 bytes)");
}

}  // namespace
}  // namespace mqauthz
