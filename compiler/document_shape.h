// Recognizes which of the four document shapes a document has and finds the policy in
// it. See policy_loader.h for the shapes.
//
// Paths of envelope errors start at the document root (`spec.authorizationPolicies`,
// `properties`); policy paths start at the policy object (policy_builder.h).

#ifndef MQAUTHZ_COMPILER_DOCUMENT_SHAPE_H_
#define MQAUTHZ_COMPILER_DOCUMENT_SHAPE_H_

#include <optional>

#include "compiler/document.h"
#include "compiler/node_reader.h"
#include "compiler/policy_loader.h"

namespace mqauthz {

struct PolicyLocation {
  DocumentShape shape = DocumentShape::kRuleList;
  // The `authorizationPolicies` object, or the rule list for kRuleList. Null when the
  // shape was recognized but its policy is missing or null.
  const Node* policy = nullptr;
};

// Returns the shape and the policy of the document, or nullopt when the top level fits
// no shape. Reports every envelope error. A top-level apiVersion, kind or spec makes a
// custom resource, and these are errors in it:
//   - an apiVersion other than mqttbroker.iotoperations.azure.com/v1 or v1beta1;
//   - a kind other than BrokerAuthorization;
//   - a field other than apiVersion, kind, metadata, spec and status;
//   - a spec field other than authorizationPolicies, a missing spec or policy.
// A top-level properties makes an ARM resource, and these are errors in it:
//   - a field other than id, name, type, extendedLocation, systemData, tags and
//     properties;
//   - a properties field other than authorizationPolicies and provisioningState;
//   - a missing policy.
// A top-level authorizationPolicies makes a CLI config, where any other top-level field
// is an error. Any other top level, a scalar included, is an error that lists the four
// shapes. The contents of metadata, status and the ARM envelope are not checked.
std::optional<PolicyLocation> LocatePolicy(BuildContext& context);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_DOCUMENT_SHAPE_H_
