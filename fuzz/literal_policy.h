// Writes a policy back as a document with one client's values in place of its tokens,
// for the property that a substituted value is literal.
//
// LiteralPolicyDocument returns `policy` as a CLI-config JSON document. In it, every
// token of a principal entry, attribute value, topic filter, clientIds glob, String key
// and Pattern key is replaced by `client`'s value written as literal text: a topic level,
// glob bytes escaped with '\', or plain text. A token can match nothing for this client:
// its value is absent or empty, or, in a topic filter, no valid topic level (it contains
// '/', '+' or '#', for example). Then the whole entry, filter, glob or key is replaced by
// kNeverDecodedByte, which no decoded client value or request contains. Every index stays
// the same, so decisions under the two policies compare grant for grant.
//
// Returns nullopt when a value cannot be written literally in a document. Either it is
// not valid UTF-8, or its literal text would read as a token: a topic level or a String
// key has no escape, so a value such as "{principal.username}" cannot be written there.
// Also nullopt when a glob class cannot be written in UTF-8 because both its members and
// the bytes it leaves out include bytes >= 0x80, as in the class "[\xc3\xa9]" ("[é]").

#ifndef MQAUTHZ_FUZZ_LITERAL_POLICY_H_
#define MQAUTHZ_FUZZ_LITERAL_POLICY_H_

#include <optional>
#include <string>

#include "core/client.h"
#include "core/policy.h"

namespace mqauthz::fuzzing {

std::optional<std::string> LiteralPolicyDocument(const Policy& policy, const Client& client);

}  // namespace mqauthz::fuzzing

#endif  // MQAUTHZ_FUZZ_LITERAL_POLICY_H_
