// Reads JSON text into a Document with simdjson's On-Demand API.
//
// Each node gets the line and column of its first byte (the opening quote of a string),
// each map key the position of its opening quote.
//
// Errors:
//   - invalid JSON, at the best position the parser can give. A comment, a single
//     quote, a comma before a closing bracket and an unquoted word get a message of
//     their own, because hand-written JSON most often breaks on them;
//   - a duplicate key in an object;
//   - nesting deeper than kMaxDocumentDepth, more than kMaxDocumentNodes nodes.
// A duplicate key does not stop reading: the first value is kept, so validation can go
// on and report more problems.

#ifndef MQAUTHZ_COMPILER_JSON_READER_H_
#define MQAUTHZ_COMPILER_JSON_READER_H_

#include <string_view>

#include "compiler/document.h"

namespace mqauthz {

// The start of the message of every JSON syntax error that ReadJson reports, and of no
// other diagnostic.
inline constexpr std::string_view kJsonSyntaxErrorPrefix = "invalid JSON: ";

// Reads `text` as one JSON value; `file_name` is used in diagnostics only.
ReadResult ReadJson(std::string_view text, std::string_view file_name);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_JSON_READER_H_
