// The reference evaluator: the oracle that every faster engine is checked against.
//
// It walks the policy in document order and tests each rule with the plain matchers of
// core/topic.h and core/glob.h. It is written to be obviously right, not fast: a
// decision costs time linear in the size of the policy. Thread-safe: it only reads.

#ifndef MQAUTHZ_CORE_REFERENCE_EVALUATOR_H_
#define MQAUTHZ_CORE_REFERENCE_EVALUATOR_H_

#include "core/client.h"
#include "core/decision.h"
#include "core/policy.h"
#include "core/request.h"

namespace mqauthz {

// Decides `request` for `client` under `policy`. An action is allowed when some rule
// allows it. The client must match the rule's principals (usernames OR clientIds OR any
// attribute set, each set an AND). One of the rule's resources for the action's method
// must then match the client id with its clientIds globs, when it has any, and have a
// topic filter, coverage or key that fits the request. Invalid topics, filters and keys
// are denied with their own reason before any rule is consulted.
Decision EvaluateReference(const Policy& policy, const Client& client, const Request& request);

// Returns whether `client` matches `principals`.
bool PrincipalsMatch(const Principals& principals, const Client& client);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_REFERENCE_EVALUATOR_H_
