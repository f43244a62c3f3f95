#include "compiler/state_store_builder.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/pattern_warnings.h"
#include "compiler/strict_base64.h"
#include "core/glob.h"
#include "core/status_hint.h"
#include "core/text_quote.h"
#include "core/token.h"

namespace mqauthz {
namespace {

constexpr std::array<std::string_view, 3> kStateStoreFields = {"method", "keyType", "keys"};
// In the order of StateStoreMethod and KeyType.
constexpr std::array<std::string_view, 3> kStateStoreMethodNames = {"Read", "Write", "ReadWrite"};
constexpr std::array<std::string_view, 3> kKeyTypeNames = {"Pattern", "String", "Binary"};

// Parses `key.text` for `key_type` into `key`. Returns false after reporting an error.
bool ParseKey(BuildContext& context, const Node& node, const std::string& path, KeyType key_type,
              StateStoreKey& key) {
  absl::Status error;
  switch (key_type) {
    case KeyType::kPattern: {
      absl::StatusOr<Glob> glob = ParseGlob(key.text);
      if (glob.ok()) {
        key.glob = *std::move(glob);
      } else {
        error = glob.status();
      }
      break;
    }
    case KeyType::kString: {
      absl::StatusOr<TokenTemplate> exact = ParseTokenTemplate(key.text);
      if (exact.ok()) {
        key.exact = *std::move(exact);
      } else {
        error = exact.status();
      }
      break;
    }
    case KeyType::kBinary: {
      if (absl::StrContains(key.text, AbslView(kTokenPrefix))) {
        context.diagnostics.Error(
            node, path, absl::StrCat("binary key ", QuoteText(key.text), " contains a token"),
            "Binary keys are exact bytes; use keyType String or Pattern for keys with tokens");
        return false;
      }
      absl::StatusOr<std::string> bytes = DecodeStrictBase64(key.text);
      if (bytes.ok()) {
        key.bytes = *std::move(bytes);
      } else {
        error = bytes.status();
      }
      break;
    }
  }
  if (error.ok()) return true;
  context.diagnostics.Error(node, path, std::string(error.message()), HintOf(error));
  return false;
}

std::optional<StateStoreKey> ReadKey(BuildContext& context, const Node& node,
                                     const std::string& path, std::optional<KeyType> key_type) {
  const std::string* text = ExpectString(context, node, path, "a key");
  if (text == nullptr) return std::nullopt;
  if (text->empty()) {
    context.diagnostics.Error(node, path, "empty key",
                              "write the key or key pattern, or remove the entry; the state "
                              "store has no empty key");
    return std::nullopt;
  }

  StateStoreKey key;
  key.text = *text;
  // Without a valid key type there is no rule to check the key against.
  if (!key_type.has_value()) return key;
  if (!ParseKey(context, node, path, *key_type, key)) return std::nullopt;

  if (*key_type == KeyType::kPattern && GlobHasBangClass(key.text)) {
    context.diagnostics.Warning(
        node, path,
        absl::StrCat("key pattern ", QuoteText(key.text),
                     " has a class starting with '!', which matches '!' rather than negating"),
        "write [^...] for a negated class");
  }
  return key;
}

std::vector<StateStoreKey> ReadKeys(BuildContext& context, const Node& resource,
                                    const std::string& path, std::optional<KeyType> key_type) {
  std::vector<StateStoreKey> keys;
  const Node* list = RequiredField(context, resource, path, "keys",
                                   "add keys with at least one key, such as keys: [\"mykey\"]");
  if (list == nullptr) return keys;
  const std::string keys_path = FieldPath(path, "keys");
  if (!ExpectList(context, *list, keys_path, "keys")) return keys;
  if (list->items.empty()) {
    context.diagnostics.Error(*list, keys_path, "empty keys list",
                              "add at least one key, such as \"mykey\" or \"clients/*\"");
    return keys;
  }

  DuplicateTracker duplicates("key");
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Node& item = context.document.node(list->items[i]);
    const std::string item_path = IndexPath(keys_path, i);
    std::optional<StateStoreKey> key = ReadKey(context, item, item_path, key_type);
    if (!key.has_value()) continue;
    duplicates.Check(context, key->text, item, item_path, key->text);
    keys.push_back(*std::move(key));
  }
  return keys;
}

}  // namespace

std::optional<StateStoreResource> BuildStateStoreResource(BuildContext& context, const Node& node,
                                                          std::string_view path_view) {
  const std::string path(path_view);
  if (!ExpectMap(context, node, path, "a state store resource")) return std::nullopt;
  const int errors_before = context.diagnostics.error_count();
  CheckKnownFields(context, node, path, kStateStoreFields, "a state store resource");

  std::optional<StateStoreMethod> method;
  if (const Node* method_node =
          RequiredField(context, node, path, "method",
                        "add a method field with the value Read, Write or ReadWrite")) {
    const std::optional<std::size_t> index = ExpectEnum(
        context, *method_node, FieldPath(path, "method"), "method", kStateStoreMethodNames);
    if (index.has_value()) method = static_cast<StateStoreMethod>(*index);
  }

  std::optional<KeyType> key_type = KeyType::kPattern;
  if (const Node* key_type_node = OptionalField(context, node, "keyType")) {
    const std::optional<std::size_t> index =
        ExpectEnum(context, *key_type_node, FieldPath(path, "keyType"), "keyType", kKeyTypeNames);
    key_type.reset();
    if (index.has_value()) key_type = static_cast<KeyType>(*index);
  }

  StateStoreResource resource;
  resource.keys = ReadKeys(context, node, path, key_type);
  if (context.diagnostics.error_count() != errors_before || !method.has_value() ||
      !key_type.has_value()) {
    return std::nullopt;
  }
  resource.method = *method;
  resource.key_type = *key_type;
  return resource;
}

}  // namespace mqauthz
