#include "compiler/document_shape.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/suggestion.h"
#include "core/text_quote.h"

namespace mqauthz {
namespace {

constexpr std::string_view kApiVersion = "mqttbroker.iotoperations.azure.com/v1";
constexpr std::array<std::string_view, 2> kAcceptedApiVersions = {
    kApiVersion, "mqttbroker.iotoperations.azure.com/v1beta1"};
constexpr std::string_view kKind = "BrokerAuthorization";

constexpr std::array<std::string_view, 5> kCustomResourceFields = {"apiVersion", "kind", "metadata",
                                                                   "spec", "status"};
constexpr std::array<std::string_view, 1> kSpecFields = {"authorizationPolicies"};
constexpr std::array<std::string_view, 7> kArmFields = {
    "id", "name", "type", "extendedLocation", "systemData", "tags", "properties"};
constexpr std::array<std::string_view, 2> kArmPropertiesFields = {"authorizationPolicies",
                                                                  "provisioningState"};
constexpr std::array<std::string_view, 1> kCliFields = {"authorizationPolicies"};
// The top-level fields that identify a shape, for suggestions when none is present.
constexpr std::array<std::string_view, 5> kShapeFields = {"authorizationPolicies", "properties",
                                                          "apiVersion", "kind", "spec"};

constexpr char kShapesHint[] =
    "write one of: a BrokerAuthorization custom resource (apiVersion, kind, metadata, "
    "spec.authorizationPolicies); a CLI config file {\"authorizationPolicies\": {...}}; an "
    "ARM resource {\"properties\": {\"authorizationPolicies\": {...}}}; or a list of rules";

void CheckApiVersion(BuildContext& context, const Node& root) {
  const Node* node = RequiredField(context, root, "", "apiVersion",
                                   absl::StrCat("add apiVersion: ", AbslView(kApiVersion)));
  if (node == nullptr) return;
  const std::string* text = ExpectString(context, *node, "apiVersion", "apiVersion");
  if (text == nullptr) return;
  for (std::string_view accepted : kAcceptedApiVersions) {
    if (*text == accepted) return;
  }
  context.diagnostics.Error(*node, "apiVersion",
                            absl::StrCat("unsupported apiVersion ", QuoteText(*text)),
                            absl::StrCat("write apiVersion: ", AbslView(kApiVersion)));
}

void CheckKind(BuildContext& context, const Node& root) {
  const Node* node =
      RequiredField(context, root, "", "kind", absl::StrCat("add kind: ", AbslView(kKind)));
  if (node == nullptr) return;
  const std::string* text = ExpectString(context, *node, "kind", "kind");
  if (text == nullptr || *text == kKind) return;
  context.diagnostics.Error(
      *node, "kind", absl::StrCat("kind must be ", AbslView(kKind), ", not ", QuoteText(*text)),
      absl::StrCat("write kind: ", AbslView(kKind), " (kinds are case-sensitive)"));
}

PolicyLocation LocateInCustomResource(BuildContext& context, const Node& root) {
  PolicyLocation location;
  location.shape = DocumentShape::kCustomResource;
  CheckKnownFields(context, root, "", kCustomResourceFields, "a BrokerAuthorization resource");
  CheckApiVersion(context, root);
  CheckKind(context, root);

  const Node* spec =
      RequiredField(context, root, "", "spec", "add spec with authorizationPolicies inside");
  if (spec == nullptr || !ExpectMap(context, *spec, "spec", "spec")) return location;
  CheckKnownFields(context, *spec, "spec", kSpecFields, "spec");
  location.policy = RequiredField(context, *spec, "spec", "authorizationPolicies",
                                  "add authorizationPolicies with cache and rules");
  return location;
}

PolicyLocation LocateInArmResource(BuildContext& context, const Node& root) {
  PolicyLocation location;
  location.shape = DocumentShape::kArmResource;
  CheckKnownFields(context, root, "", kArmFields, "an ARM resource");

  const Node* properties = context.document.FindEntry(root, "properties");
  if (!ExpectMap(context, *properties, "properties", "properties")) return location;
  CheckKnownFields(context, *properties, "properties", kArmPropertiesFields,
                   "the properties of an ARM resource");
  location.policy = RequiredField(context, *properties, "properties", "authorizationPolicies",
                                  "add authorizationPolicies with cache and rules");
  return location;
}

PolicyLocation LocateInCliConfig(BuildContext& context, const Node& root) {
  PolicyLocation location;
  location.shape = DocumentShape::kCliConfig;
  CheckKnownFields(context, root, "", kCliFields, "a CLI config file");
  location.policy = RequiredField(context, root, "", "authorizationPolicies",
                                  "add authorizationPolicies with cache and rules");
  return location;
}

void ReportWrongShape(BuildContext& context, const Node& root) {
  std::string message =
      absl::StrCat("the top level is ", DescribeNode(root), ", which is not a policy document");
  std::string hint = kShapesHint;
  if (root.kind == NodeKind::kMap) {
    message =
        "the top-level map has none of the fields authorizationPolicies, properties, "
        "apiVersion, kind or spec, so it is not a policy document";
    for (const MapEntry& entry : root.entries) {
      const auto nearest = NearestName(entry.key, kShapeFields);
      if (!nearest.has_value()) continue;
      hint = absl::StrCat("did you mean ", AbslView(*nearest), " for ", QuoteText(entry.key), "? ",
                          kShapesHint);
      break;
    }
  }
  context.diagnostics.Error(root, "", std::move(message), std::move(hint));
}

}  // namespace

std::optional<PolicyLocation> LocatePolicy(BuildContext& context) {
  const Node& root = context.document.node(context.document.root);
  if (root.kind == NodeKind::kSequence) {
    return PolicyLocation{DocumentShape::kRuleList, &root};
  }
  if (root.kind == NodeKind::kMap) {
    const auto has = [&](std::string_view field) {
      return context.document.FindEntry(root, field) != nullptr;
    };
    if (has("apiVersion") || has("kind") || has("spec")) {
      return LocateInCustomResource(context, root);
    }
    if (has("properties")) return LocateInArmResource(context, root);
    if (has("authorizationPolicies")) return LocateInCliConfig(context, root);
  }
  ReportWrongShape(context, root);
  return std::nullopt;
}

}  // namespace mqauthz
