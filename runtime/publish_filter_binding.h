// Binding of a client's Publish filters (runtime/client_publish_filters.h).

#ifndef MQAUTHZ_RUNTIME_PUBLISH_FILTER_BINDING_H_
#define MQAUTHZ_RUNTIME_PUBLISH_FILTER_BINDING_H_

#include "compiler/compiled_policy.h"
#include "core/client.h"
#include "runtime/bound_client.h"

namespace mqauthz {

// Fills `bound.publish_filters` for `client`, or leaves it incomplete when the client has
// too many Publish filters. `bound.rules` and the broker resources they enable must be
// bound already.
void BindPublishFilters(const CompiledPolicy& policy, const Client& client, BoundClient& bound);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_PUBLISH_FILTER_BINDING_H_
