#include "runtime/hyperscan_scan.h"

#include <hs.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "compiler/glob_database.h"

namespace mqauthz {
namespace {

class ThreadScratch {
 public:
  ThreadScratch() = default;
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() {
    if (scratch_ != nullptr) hs_free_scratch(scratch_);
  }

  // Returns scratch space that fits `database`, or nullptr when allocation failed.
  hs_scratch_t* For(const GlobDatabase& database) {
    const std::uint64_t id = database.unique_id();
    for (const std::uint64_t fitted : fitted_ids_) {
      if (fitted == id) return scratch_;
    }
    if (hs_alloc_scratch(database.handle(), &scratch_) != HS_SUCCESS) return nullptr;
    fitted_ids_[next_fitted_ % fitted_ids_.size()] = id;
    ++next_fitted_;
    return scratch_;
  }

 private:
  hs_scratch_t* scratch_ = nullptr;
  std::array<std::uint64_t, 16> fitted_ids_{};  // 0 is never a database id
  std::size_t next_fitted_ = 0;
};

int OnHyperscanMatch(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/,
                     unsigned int /*flags*/, void* context) {
  (*static_cast<absl::FunctionRef<void(std::uint32_t)>*>(context))(id);
  return 0;  // continue scanning
}

}  // namespace

bool ScanWhole(const GlobDatabase& database, std::string_view subject,
               absl::FunctionRef<void(std::uint32_t)> on_match) {
  if (database.handle() == nullptr) return true;
  // hs_scan takes an unsigned length. MQTT topics and real keys are far shorter; a longer
  // subject takes the caller's path without the database.
  if (subject.size() > std::numeric_limits<unsigned int>::max()) return false;
  thread_local ThreadScratch thread_scratch;
  hs_scratch_t* scratch = thread_scratch.For(database);
  if (scratch == nullptr) return false;

  const hs_error_t status =
      hs_scan(database.handle(), subject.data(), static_cast<unsigned int>(subject.size()), 0,
              scratch, &OnHyperscanMatch, &on_match);
  return status == HS_SUCCESS;
}

}  // namespace mqauthz
