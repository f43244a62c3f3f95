// Resolution of plain (unquoted, untagged) YAML scalars the way Kubernetes reads them.
//
// kubectl and the API server read YAML with sigs.k8s.io/yaml, which resolves plain
// scalars with go-yaml v2's YAML 1.1 rules. So `yes`, `on` and `n` are booleans, `~` is
// null, and `017`, `0x1F`, `1_000` and `1e3` are numbers, none of them strings. A policy
// field that needs a string rejects them, with a hint to quote the value.

#ifndef MQAUTHZ_COMPILER_YAML_SCALAR_H_
#define MQAUTHZ_COMPILER_YAML_SCALAR_H_

#include <string_view>

namespace mqauthz {

enum class PlainScalarKind { kNull, kBool, kInt, kFloat, kString, kMergeKey };

// Returns what a plain scalar written as `text` resolves to:
//   null:  "", ~, null, Null, NULL
//   bool:  y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off
//          OFF
//   float: .inf .Inf .INF with an optional sign, .nan .NaN .NAN, and decimal floats
//          such as 1.5, -.5, 1e3 and 08 (not a valid octal integer, so a float)
//   int:   what Go's strconv.ParseInt (base 0) or ParseUint accept once every '_' is
//          removed: decimal, 0x hex, 0o and leading-0 octal, 0b binary, optional sign,
//          within 64 bits
//   kMergeKey: "<<", which is a merge key when it is a map key and a string elsewhere
// Anything else is a string, timestamps included (go-yaml v2 keeps those as strings).
PlainScalarKind ResolvePlainScalar(std::string_view text);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_YAML_SCALAR_H_
