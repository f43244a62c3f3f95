// Scanning a subject with a compiled GlobDatabase, using per-thread scratch space.
//
// Design. Hyperscan needs scratch space per concurrent scan, sized for the databases it
// scans. Each thread keeps one scratch, allocated on its first scan and grown with
// hs_alloc_scratch when it meets a database it has not yet been fitted to. Scratch only
// grows, so once fitted to a database it stays fitted. The thread remembers the unique ids
// of the last 16 databases (GlobDatabase::unique_id) to skip the fitting call. The
// scratch is freed when the thread exits. In steady state a scan allocates nothing and
// takes no lock.

#ifndef MQAUTHZ_RUNTIME_HYPERSCAN_SCAN_H_
#define MQAUTHZ_RUNTIME_HYPERSCAN_SCAN_H_

#include <cstdint>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "compiler/glob_database.h"

namespace mqauthz {

// Calls `on_match(id)` once for each expression of `database` that matches all of
// `subject`, in no particular order. Returns false when the scan could not run (no scratch
// space could be allocated, or Hyperscan failed), and the caller must then decide without
// the database. A database without a handle matches nothing and returns true.
//
// Not reentrant on one thread: `on_match` must not scan.
bool ScanWhole(const GlobDatabase& database, std::string_view subject,
               absl::FunctionRef<void(std::uint32_t)> on_match);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_HYPERSCAN_SCAN_H_
