// Reads YAML text into a Document with yaml-cpp's event parser.
//
// Accepts what Kubernetes accepts in a manifest: comments, block and flow style, quoted,
// plain and block scalars, anchors and aliases, merge keys (`<<: *base`), and `---`
// document markers. Plain scalars resolve as in Kubernetes (see yaml_scalar.h), so a
// node records whether it was a plain string, a number, a boolean or null.
//
// Errors:
//   - a YAML syntax error, at yaml-cpp's position, and invalid UTF-8. When the error's
//     line or one of the two lines before it has a tab in its indentation, the error is
//     reported at that tab as a tab in indentation;
//   - no document or only empty ones, more than one non-empty document;
//   - a duplicate key, a key that is not a scalar, an unsupported tag, a recursive alias;
//   - nesting deeper than kMaxDocumentDepth, more than kMaxDocumentNodes nodes with
//     aliases expanded.
// A duplicate key does not stop reading: the first value is kept.

#ifndef MQAUTHZ_COMPILER_YAML_READER_H_
#define MQAUTHZ_COMPILER_YAML_READER_H_

#include <string_view>

#include "compiler/document.h"

namespace mqauthz {

// Reads `text` as a YAML stream of exactly one non-empty document; `file_name` is used in
// diagnostics only.
ReadResult ReadYaml(std::string_view text, std::string_view file_name);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_YAML_READER_H_
