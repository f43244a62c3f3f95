#include "compiler/yaml_reader.h"

#include <string>
#include <string_view>

#include "compiler/diagnostic.h"
#include "compiler/document.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

// Returns the value of `key` in the root map, which must exist.
const Node& RootEntry(const Document& document, std::string_view key) {
  const Node* value = document.FindEntry(document.node(document.root), key);
  EXPECT_NE(value, nullptr) << key;
  return *value;
}

TEST(ReadYaml, BuildsBlockStyleTreeWithPositions) {
  const ReadResult result = ReadYaml(
      "# a comment\n"
      "spec:\n"
      "  topics:\n"
      "    - \"a/b\"  # trailing comment\n"
      "    - plain\n",
      "f");
  ASSERT_TRUE(result.document.has_value()) << result.diagnostics.size();
  const Document& document = *result.document;
  EXPECT_EQ(document.syntax, DocumentSyntax::kYaml);

  const Node& root = document.node(document.root);
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(root.entries[0].key, "spec");
  EXPECT_EQ(root.entries[0].line, 2);
  EXPECT_EQ(root.entries[0].column, 1);

  const Node& spec = RootEntry(document, "spec");
  ASSERT_EQ(spec.entries.size(), 1u);
  EXPECT_EQ(spec.entries[0].line, 3);
  EXPECT_EQ(spec.entries[0].column, 3);

  const Node& topics = document.node(spec.entries[0].value);
  ASSERT_EQ(topics.kind, NodeKind::kSequence);
  ASSERT_EQ(topics.items.size(), 2u);
  const Node& quoted = document.node(topics.items[0]);
  EXPECT_EQ(quoted.text, "a/b");
  EXPECT_FALSE(quoted.yaml_plain);
  EXPECT_EQ(quoted.line, 4);
  EXPECT_EQ(quoted.column, 7);
  const Node& plain = document.node(topics.items[1]);
  EXPECT_EQ(plain.kind, NodeKind::kString);
  EXPECT_TRUE(plain.yaml_plain);
  EXPECT_EQ(plain.line, 5);
  EXPECT_EQ(plain.column, 7);
}

TEST(ReadYaml, BuildsFlowStyleTreeWithPositions) {
  const ReadResult result = ReadYaml("{a: [x, 'y'],\n b: {c: d}}", "f");
  ASSERT_TRUE(result.document.has_value());
  const Document& document = *result.document;
  const Node& list = RootEntry(document, "a");
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(document.node(list.items[0]).column, 6);
  EXPECT_EQ(document.node(list.items[1]).text, "y");
  EXPECT_EQ(document.node(list.items[1]).column, 9);
  const Node& inner = RootEntry(document, "b");
  EXPECT_EQ(inner.line, 2);
  EXPECT_EQ(inner.column, 5);
}

TEST(ReadYaml, ResolvesPlainScalarsLikeKubernetes) {
  const ReadResult result = ReadYaml(
      "number: 17\n"
      "boolean: yes\n"
      "null_word: ~\n"
      "empty:\n"
      "quoted_number: \"17\"\n"
      "single_quoted: 'yes'\n"
      "block: |\n"
      "  yes\n",
      "f");
  ASSERT_TRUE(result.document.has_value());
  const Document& document = *result.document;
  EXPECT_EQ(RootEntry(document, "number").kind, NodeKind::kNumber);
  EXPECT_EQ(RootEntry(document, "number").text, "17");
  EXPECT_TRUE(RootEntry(document, "number").yaml_plain);
  EXPECT_EQ(RootEntry(document, "boolean").kind, NodeKind::kBool);
  EXPECT_EQ(RootEntry(document, "boolean").text, "yes");
  EXPECT_EQ(RootEntry(document, "null_word").kind, NodeKind::kNull);
  EXPECT_EQ(RootEntry(document, "null_word").text, "~");
  EXPECT_EQ(RootEntry(document, "empty").kind, NodeKind::kNull);
  EXPECT_EQ(RootEntry(document, "empty").line, 4);
  EXPECT_EQ(RootEntry(document, "quoted_number").kind, NodeKind::kString);
  EXPECT_FALSE(RootEntry(document, "quoted_number").yaml_plain);
  EXPECT_EQ(RootEntry(document, "single_quoted").kind, NodeKind::kString);
  EXPECT_EQ(RootEntry(document, "block").kind, NodeKind::kString);
  EXPECT_EQ(RootEntry(document, "block").text, "yes\n");
}

TEST(ReadYaml, PlacesEmptyListItemOnItsLine) {
  const ReadResult result = ReadYaml("topics:\n  -\n  - a\n", "f");
  ASSERT_TRUE(result.document.has_value());
  const Node& topics = RootEntry(*result.document, "topics");
  ASSERT_EQ(topics.items.size(), 2u);
  const Node& empty = result.document->node(topics.items[0]);
  EXPECT_EQ(empty.kind, NodeKind::kNull);
  EXPECT_EQ(empty.line, 2);
  EXPECT_EQ(empty.column, 3);
}

TEST(ReadYaml, RejectsInvalidUtf8AtItsByte) {
  const ReadResult result = ReadYaml("a: b\nc: \"d\xC3\"\n", "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].column, 6);
}

TEST(ReadYaml, ResolvesExplicitCoreTags) {
  const ReadResult result = ReadYaml("a: !!str 17\nb: !!int \"17\"\n", "f");
  ASSERT_TRUE(result.document.has_value());
  EXPECT_EQ(RootEntry(*result.document, "a").kind, NodeKind::kString);
  EXPECT_EQ(RootEntry(*result.document, "b").kind, NodeKind::kNumber);
}

TEST(ReadYaml, RejectsValueThatDoesNotFitItsTag) {
  const ReadResult result = ReadYaml("a: !!int abc\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].column, 4);
}

TEST(ReadYaml, RejectsUnsupportedTag) {
  const ReadResult result = ReadYaml("a: !custom x\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("unsupported YAML tag \"!custom\""),
            std::string::npos);
}

TEST(ReadYaml, ResolvesAnchorsAndAliases) {
  const ReadResult result = ReadYaml(
      "base: &topics\n"
      "  - a/#\n"
      "copy: *topics\n",
      "f");
  ASSERT_TRUE(result.document.has_value());
  const Node& base = RootEntry(*result.document, "base");
  const Node& copy = RootEntry(*result.document, "copy");
  EXPECT_EQ(&base, &copy);
  ASSERT_EQ(copy.items.size(), 1u);
}

TEST(ReadYaml, AppliesMergeKeys) {
  const ReadResult result = ReadYaml(
      "defaults: &defaults {method: Publish, topics: [a]}\n"
      "resource:\n"
      "  <<: *defaults\n"
      "  topics: [b]\n",
      "f");
  ASSERT_TRUE(result.document.has_value());
  const Document& document = *result.document;
  const Node& resource = RootEntry(document, "resource");
  EXPECT_EQ(resource.entries.size(), 2u);
  const Node* method = document.FindEntry(resource, "method");
  ASSERT_NE(method, nullptr);
  EXPECT_EQ(method->text, "Publish");
  const Node* topics = document.FindEntry(resource, "topics");
  ASSERT_NE(topics, nullptr);
  ASSERT_EQ(topics->items.size(), 1u);
  EXPECT_EQ(document.node(topics->items[0]).text, "b");
  EXPECT_EQ(document.FindEntry(resource, "<<"), nullptr);
}

TEST(ReadYaml, AppliesMergeListWithEarlierMapFirst) {
  const ReadResult result = ReadYaml(
      "one: &one {a: 1}\n"
      "two: &two {a: 2, b: 2}\n"
      "merged:\n"
      "  <<: [*one, *two]\n",
      "f");
  ASSERT_TRUE(result.document.has_value());
  const Document& document = *result.document;
  const Node& merged = RootEntry(document, "merged");
  ASSERT_NE(document.FindEntry(merged, "a"), nullptr);
  EXPECT_EQ(document.FindEntry(merged, "a")->text, "1");
  ASSERT_NE(document.FindEntry(merged, "b"), nullptr);
  EXPECT_EQ(document.FindEntry(merged, "b")->text, "2");
}

TEST(ReadYaml, RejectsMergeOfScalar) {
  const ReadResult result = ReadYaml("a:\n  <<: text\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].column, 7);
}

TEST(ReadYaml, KeepsQuotedMergeKeyAsKey) {
  const ReadResult result = ReadYaml("\"<<\": text\n", "f");
  ASSERT_TRUE(result.document.has_value());
  EXPECT_EQ(RootEntry(*result.document, "<<").text, "text");
}

TEST(ReadYaml, ReportsDuplicateKeyAndKeepsFirstValue) {
  const ReadResult result = ReadYaml("a: 1\nb: 2\na: 3\n", "f");
  ASSERT_TRUE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(result.diagnostics[0].line, 3);
  EXPECT_EQ(result.diagnostics[0].column, 1);
  EXPECT_NE(result.diagnostics[0].message.find("first used on line 1"), std::string::npos);
  EXPECT_EQ(RootEntry(*result.document, "a").text, "1");
}

TEST(ReadYaml, AcceptsOneDocumentAmongEmptyOnes) {
  const ReadResult result = ReadYaml("---\n---\n# only a comment\n---\na: 1\n...\n", "f");
  ASSERT_TRUE(result.document.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(RootEntry(*result.document, "a").text, "1");
}

TEST(ReadYaml, RejectsSecondDocument) {
  const ReadResult result = ReadYaml("a: 1\n---\nb: 2\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 3);
  EXPECT_EQ(result.diagnostics[0].column, 1);
  EXPECT_NE(result.diagnostics[0].message.find("more than one YAML document"), std::string::npos);
}

TEST(ReadYaml, RejectsCommentOnlyText) {
  const ReadResult result = ReadYaml("# nothing here\n\n# still nothing\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 0);
}

TEST(ReadYaml, ReportsSyntaxErrorWithPosition) {
  const ReadResult result = ReadYaml("a:\n  b: [1, 2\n", "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_GT(result.diagnostics[0].line, 0);
  EXPECT_GT(result.diagnostics[0].column, 0);
  EXPECT_NE(result.diagnostics[0].message.find("invalid YAML"), std::string::npos);
}

TEST(ReadYaml, ReportsBadIndentationWithPosition) {
  const ReadResult result = ReadYaml("a:\n  b: 1\n c: 2\n", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 3);
}

struct TabCase {
  std::string_view name;
  std::string_view text;
  int line;
  int column;
};

class IndentationTabTest : public ::testing::TestWithParam<TabCase> {};

TEST_P(IndentationTabTest, ReportsTabAtItsPosition) {
  const ReadResult result = ReadYaml(GetParam().text, "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  const Diagnostic& error = result.diagnostics[0];
  EXPECT_EQ(error.line, GetParam().line);
  EXPECT_EQ(error.column, GetParam().column);
  EXPECT_EQ(error.message,
            "invalid YAML: tab character in indentation, where YAML allows only spaces");
  EXPECT_NE(error.hint.find("replace the tab with spaces"), std::string::npos) << error.hint;
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, IndentationTabTest,
    ::testing::Values(
        // yaml-cpp 0.7 reports "illegal map value" at 2:7 here.
        TabCase{"MapKey", "authorizationPolicies:\n\trules: []\n", 2, 1},
        // yaml-cpp 0.7 reports "illegal block entry" at 5:2 here.
        TabCase{"ListItem",
                "rules:\n  - principals:\n      clientIds: [c]\n    brokerResources:\n\t- method: "
                "Connect\n",
                5, 1},
        TabCase{"TabAfterSpaces", "a:\n  b:\n  \t  - c\n", 3, 3},
        TabCase{"TabBeforeSpaces", "a:\n  b:\n\t  - c\n", 3, 1},
        // yaml-cpp 0.7 reports "end of sequence not found" here.
        TabCase{"DeeperKey", "rules:\n- principals:\n\t\t\tclientIds: [c]\n", 3, 1},
        TabCase{"TabOnlyLine", "a:\n  - b\n\t\n  - c\n", 3, 1}),
    [](const ::testing::TestParamInfo<TabCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(ReadYaml, AcceptsTabsOutsideIndentation) {
  const ReadResult result = ReadYaml(
      "a:\tb\n"
      "c: \"x\ty\"\n"
      "d: [e,\n\tf]\n"
      "g: |\n  h\ti\n",
      "f");
  ASSERT_TRUE(result.document.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(RootEntry(*result.document, "a").text, "b");
  EXPECT_EQ(RootEntry(*result.document, "c").text, "x\ty");
  EXPECT_EQ(RootEntry(*result.document, "d").items.size(), 2u);
  EXPECT_EQ(RootEntry(*result.document, "g").text, "h\ti\n");
}

TEST(ReadYaml, KeepsParserMessageWhenNoTabIsNear) {
  // The tab on line 1 is three lines above the error, so it is not the cause.
  const ReadResult result = ReadYaml("a:\tb\nc: 1\nd: 2\ne: [1, 2\n", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message.find("tab"), std::string::npos)
      << result.diagnostics[0].message;
}

TEST(ReadYaml, RejectsStrayCommaAfterFlowMap) {
  // yaml-cpp 0.7 reports endless empty documents here instead of an error.
  const ReadResult result = ReadYaml("{a: 1},\n  x\n", "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].column, 7);
}

TEST(ReadYaml, RejectsCollectionAsKey) {
  const ReadResult result = ReadYaml("? [a]\n: b\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("map key must be a scalar"), std::string::npos);
}

TEST(ReadYaml, RejectsRecursiveAlias) {
  const ReadResult result = ReadYaml("a: &loop [*loop]\n", "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("alias *loop refers to a node that contains it"),
            std::string::npos);
}

TEST(ReadYaml, RejectsAliasExpansionPastLimit) {
  const ReadResult result = ReadYaml(
      "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
      "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
      "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("once aliases are expanded"), std::string::npos);
}

TEST(ReadYaml, RejectsNestingPastDepthLimit) {
  const std::string text =
      std::string(kMaxDocumentDepth + 1, '[') + std::string(kMaxDocumentDepth + 1, ']');
  const ReadResult result = ReadYaml(text, "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].column, kMaxDocumentDepth + 1);
}

TEST(ReadYaml, RejectsDeepNestingWithoutCrashing) {
  const std::string text = std::string(50000, '[') + std::string(50000, ']');
  const ReadResult result = ReadYaml(text, "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_FALSE(result.diagnostics.empty());
}

}  // namespace
}  // namespace mqauthz
