// Decisions as one-line JSON objects, the output of `mqauthz replay`:
//
//   {"decision":"allow","rule":0,"resource":"rules[0].brokerResources[1]","pattern":"a/#"}
//   {"decision":"deny","reason":"no rule matched"}
//
// "pattern" is the topic filter, clientIds glob or key as the policy wrote it, and is
// left out for a Connect resource without clientIds.

#ifndef MQAUTHZ_TOOLS_DECISION_JSON_H_
#define MQAUTHZ_TOOLS_DECISION_JSON_H_

#include <string>
#include <string_view>

#include "core/decision.h"
#include "core/policy.h"

namespace mqauthz {

// Appends the decision's JSON object to `out`, without a newline.
void AppendDecisionJson(const Policy& policy, const Decision& decision, std::string& out);

// Appends `text` as a quoted JSON string. Bytes that are not valid UTF-8 become U+FFFD.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_DECISION_JSON_H_
