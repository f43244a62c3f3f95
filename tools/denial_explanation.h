// Explains a "no rule matched" denial for `mqauthz check`: which rules the client's
// principals match, and for each of those, which resource came closest and what did not
// fit (the method, the clientIds globs, or the topics and keys).

#ifndef MQAUTHZ_TOOLS_DENIAL_EXPLANATION_H_
#define MQAUTHZ_TOOLS_DENIAL_EXPLANATION_H_

#include <string>
#include <vector>

#include "core/client.h"
#include "core/policy.h"
#include "core/request.h"

namespace mqauthz {

// Returns one line per rule whose principals match the client, saying why that rule does
// not allow the request, or a single line saying that no rule's principals match. At
// most `max_lines` lines, the last one counting what was left out.
std::vector<std::string> ExplainDenial(const Policy& policy, const Client& client,
                                       const Request& request, int max_lines = 10);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_DENIAL_EXPLANATION_H_
