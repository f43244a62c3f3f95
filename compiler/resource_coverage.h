// Decides whether one resource of a rule allows everything another one allows, for the
// warning about redundant resources, and whether a Publish filter could reach the state
// store.
//
// Tokens make the exact result depend on the client, so each check returns true only when
// coverage holds for every client. A token level is compared as an opaque value that equals only
// the same token: `a/{principal.clientId}` covers `a/{principal.clientId}` and is covered
// by `a/+`, but never covers `a/x`. Globs are compared by text, except that a glob made
// only of '*' matches everything. So a check may miss a redundancy (say `dev-*` against
// `dev-1*`), but it does not report one that does not hold.

#ifndef MQAUTHZ_COMPILER_RESOURCE_COVERAGE_H_
#define MQAUTHZ_COMPILER_RESOURCE_COVERAGE_H_

#include <string_view>

#include "core/policy.h"
#include "core/topic.h"

namespace mqauthz {

// Returns whether `allowed` matches every topic name that `requested` matches, for every
// client, with both filters' tokens bound to the same client.
bool PolicyFilterCovers(const TopicFilter& allowed, const TopicFilter& requested);

// Returns whether `coverer` allows every action that `covered` allows: the same method,
// client id globs that admit every client id `covered` admits, and topic filters that
// cover each of `covered`'s.
bool BrokerResourceCovers(const BrokerResource& coverer, const BrokerResource& covered);

// Returns whether `coverer` allows every state store action that `covered` allows. Its
// method must include the other's (ReadWrite includes Read and Write). For each key it
// needs the same key with the same key type, or a Pattern key made only of '*'.
bool StateStoreResourceCovers(const StateStoreResource& coverer, const StateStoreResource& covered);

// Returns whether `filter` matches `topic_name` for some client: a token level may match
// any single level. `topic_name` must not start with '$'.
bool FilterCouldMatchTopic(const TopicFilter& filter, std::string_view topic_name);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_RESOURCE_COVERAGE_H_
