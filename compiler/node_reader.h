// Typed reads of document nodes for the policy builders. Each read that fails adds an
// error to the context's diagnostics and returns nothing, so a builder reports the
// problem and goes on with the next field.
//
// As in Kubernetes, a field whose value is null (`topics:` with nothing after it, or
// JSON null) counts as absent.

#ifndef MQAUTHZ_COMPILER_NODE_READER_H_
#define MQAUTHZ_COMPILER_NODE_READER_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "compiler/diagnostic_list.h"
#include "compiler/document.h"
#include "compiler/policy_loader.h"

namespace mqauthz {

// The document, the diagnostics and the options that the builders share.
struct BuildContext {
  const Document& document;
  DiagnosticList& diagnostics;
  const LoadOptions& options;
};

// Returns "parent.field", or "field" when `parent` is empty.
std::string FieldPath(std::string_view parent, std::string_view field);

// Returns "parent[index]".
std::string IndexPath(std::string_view parent, std::size_t index);

// Reports an error for each key of `map` that is not in `known_fields`, suggesting the
// nearest known name. `owner` names the map in messages, such as "a broker resource".
void CheckKnownFields(BuildContext& context, const Node& map, std::string_view path,
                      std::span<const std::string_view> known_fields, std::string_view owner);

// Returns the value of `field` in `map`, or nullptr when it is absent or null.
const Node* OptionalField(const BuildContext& context, const Node& map, std::string_view field);

// Like OptionalField, but reports a missing field, at the map, with `hint`.
const Node* RequiredField(BuildContext& context, const Node& map, std::string_view map_path,
                          std::string_view field, std::string_view hint);

// Returns whether `node` is a map, and reports an error when it is not. `what` names the
// expected value in messages, such as "a rule".
bool ExpectMap(BuildContext& context, const Node& node, std::string_view path,
               std::string_view what);

// Returns whether `node` is a list, and reports an error when it is not.
bool ExpectList(BuildContext& context, const Node& node, std::string_view path,
                std::string_view what);

// Returns the text of a string node, or reports an error and returns nullptr. A YAML
// plain scalar that resolved to a number, a boolean or null gets a hint to quote it.
const std::string* ExpectString(BuildContext& context, const Node& node, std::string_view path,
                                std::string_view what);

// Returns the index in `names` of the string in `node`, compared case-insensitively, or
// reports an unknown value (suggesting the nearest name) and returns nullopt. `field`
// names the field in messages, such as "method".
std::optional<std::size_t> ExpectEnum(BuildContext& context, const Node& node,
                                      std::string_view path, std::string_view field,
                                      std::span<const std::string_view> names);

// Warns about repeated entries of one list.
class DuplicateTracker {
 public:
  // `what` names an entry in messages, such as "topic filter".
  explicit DuplicateTracker(std::string_view what) : what_(what) {}

  // Warns, at `node`, when `key` was seen before in this list. `text` is what the message
  // quotes.
  void Check(BuildContext& context, const std::string& key, const Node& node, std::string_view path,
             std::string_view text);

 private:
  std::string what_;
  absl::flat_hash_map<std::string, std::string> first_paths_;  // key -> path of first use
};

// Returns "a, b or c".
std::string JoinAlternatives(std::span<const std::string_view> names);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_NODE_READER_H_
