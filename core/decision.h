// The outcome of a request, with its reason.
//
// Every engine gives the same Decision for the same policy and request: when several
// grants allow, the one named is the first in document order (rule, then resource, then
// pattern). Differential tests compare Decisions with operator==.

#ifndef MQAUTHZ_CORE_DECISION_H_
#define MQAUTHZ_CORE_DECISION_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/policy.h"

namespace mqauthz {

enum class DenyReason { kNone, kNoRuleMatched, kInvalidTopic, kInvalidFilter, kInvalidKey };

enum class ResourceKind { kBroker, kStateStore };

// The grant that allowed a request. `resource` indexes the rule's brokerResources or
// stateStoreResources. `pattern` indexes that resource's topics (Publish, Subscribe),
// clientIds (Connect) or keys (state store). It is -1 for a Connect resource without
// clientIds.
struct Grant {
  int rule = -1;
  ResourceKind kind = ResourceKind::kBroker;
  int resource = -1;
  int pattern = -1;

  friend bool operator==(const Grant&, const Grant&) = default;
};

struct Decision {
  bool allowed = false;
  DenyReason deny_reason = DenyReason::kNoRuleMatched;  // kNone when allowed
  // Meaningful when allowed, except that an allow of authorization disabled carries Grant{},
  // whose indices are -1.
  Grant grant;

  static Decision Allow(const Grant& grant) { return {true, DenyReason::kNone, grant}; }
  static Decision Deny(DenyReason reason) { return {false, reason, Grant{}}; }

  friend bool operator==(const Decision&, const Decision&) = default;
};

// Returns "no rule matched", "invalid topic", "invalid filter" or "invalid key".
const char* DenyReasonText(DenyReason reason);

// Returns the grant's resource path, such as "rules[0].brokerResources[1]".
std::string GrantResourcePath(const Grant& grant);

// Returns the text of the grant's pattern as the policy wrote it (a topic filter, a
// clientIds glob or a key), or nullptr when the grant has none or `policy` has no such
// pattern, as for a grant of a decision on another policy.
const std::string* GrantPatternText(const Policy& policy, const Grant& grant);

// The pattern a grant names: the list it sits in ("topics", "clientIds" or "keys") and
// its text as the policy wrote it.
struct GrantPattern {
  const char* list = "";
  std::string_view text;
};

// Returns the pattern of `grant`, or nullopt when GrantPatternText returns nullptr.
std::optional<GrantPattern> FindGrantPattern(const Policy& policy, const Grant& grant);

// Returns a one-line reason: "allowed by rules[0].brokerResources[1].topics[0]
// 'sensors/#'" or "denied: no rule matched". Control characters and invalid UTF-8 in the
// pattern are escaped as EscapeUnprintable (core/text_quote.h) does. `pattern` is the grant's
// pattern, for engines that keep the pattern text but not the Policy.
std::string DescribeDecision(const Decision& decision, std::optional<GrantPattern> pattern);

// Returns the same reason, with the pattern taken from `policy`.
std::string DescribeDecision(const Policy& policy, const Decision& decision);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_DECISION_H_
