// A parsed JSON or YAML document as a tree of nodes with source positions.
//
// The readers (json_reader.h, yaml_reader.h) produce a Document; the policy builder reads
// it. Nodes live in one vector and refer to each other by index, so a document of any
// depth is built and destroyed without recursion. A YAML alias refers to the node of its
// anchor, so a node may have several parents; the tree is a directed acyclic graph.

#ifndef MQAUTHZ_COMPILER_DOCUMENT_H_
#define MQAUTHZ_COMPILER_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"

namespace mqauthz {

// Maximum nesting of maps and sequences. A policy nests at most 8 (custom resource, spec,
// authorizationPolicies, rules, rule, principals, attributes, attribute map), so 64
// leaves room for any envelope and still stops pathological nesting early.
inline constexpr int kMaxDocumentDepth = 64;

// Maximum number of nodes, counting every node reached through a YAML alias once per
// alias. It bounds memory and stops "billion laughs" alias expansion. Each of the
// product's example policies has fewer than 100 nodes; a policy of 100,000 generated
// rules (bench/generate_workload.py) has about 2,300,000.
inline constexpr std::uint64_t kMaxDocumentNodes = 4'000'000;

using NodeId = std::size_t;

enum class NodeKind { kNull, kBool, kNumber, kString, kSequence, kMap };

struct MapEntry {
  std::string key;
  int line = 0;  // position of the key, 1-based
  int column = 0;
  NodeId value = 0;
};

struct Node {
  NodeKind kind = NodeKind::kNull;
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
  // For kString, the string's value. For kNumber, kBool and kNull, the spelling in the
  // source ("17", "yes", "~"); empty for a YAML null written as nothing.
  std::string text;
  // True for a kString that was a plain (unquoted, untagged) YAML scalar, and for every
  // kNumber, kBool and kNull that came from YAML. Such values can be quoted to make
  // them strings, which is what an error hint suggests.
  bool yaml_plain = false;
  std::vector<NodeId> items;      // kSequence
  std::vector<MapEntry> entries;  // kMap, in document order, keys unique
};

struct Document {
  DocumentSyntax syntax = DocumentSyntax::kJson;
  std::vector<Node> nodes;
  NodeId root = 0;

  const Node& node(NodeId id) const { return nodes[id]; }

  // Returns the value of `key` in `map`, or nullptr when `map` is not a map or has no such
  // key.
  const Node* FindEntry(const Node& map, std::string_view key) const;
};

// The outcome of reading a text with ReadJson or ReadYaml.
struct ReadResult {
  // Set unless the text could not be parsed. A document may come with errors that do not
  // stop reading, such as duplicate keys.
  std::optional<Document> document;
  std::vector<Diagnostic> diagnostics;
  // True when the text is not valid syntax at all, as opposed to valid syntax that breaks
  // a rule (a duplicate key, a limit). After a JSON syntax error the loader tries YAML,
  // unless the file name ends in .json.
  bool syntax_error = false;
};

// Describes a node's kind and value for messages: `the string "abc"`, `the number 17`,
// `the boolean yes`, `null`, `a list`, `a map`.
std::string DescribeNode(const Node& node);

// Returns the kind's name as users of JSON and YAML call it: "null", "boolean", "number",
// "string", "list", "map".
const char* NodeKindName(NodeKind kind);

struct TextPosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

// Maps byte offsets of a text to line and column numbers.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // Returns the position of `offset`, which may be text.size(), just past the end.
  TextPosition Locate(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_DOCUMENT_H_
