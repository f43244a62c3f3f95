// Decide must not allocate in steady state. This file replaces the global operator new
// of the test program with one that counts a thread's allocations while counting is on.
// The test decides a mix of requests twice: the first pass warms the per-thread caches
// (Hyperscan scratch space, the walk's spill buffer), and the second must allocate nothing.

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/engine.h"
#include "tests/runtime/runtime_test_support.h"
#include "tests/support/policy_generator.h"

// AddressSanitizer replaces operator new itself, and reports frees of memory from a
// replacement as mismatches, so sanitizer builds skip this test.
#if defined(__SANITIZE_ADDRESS__)
#define MQAUTHZ_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MQAUTHZ_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef MQAUTHZ_COUNT_ALLOCATIONS
#define MQAUTHZ_COUNT_ALLOCATIONS 1
#endif

namespace {

thread_local bool counting_allocations = false;
thread_local std::size_t allocation_count = 0;

}  // namespace

#if MQAUTHZ_COUNT_ALLOCATIONS
void* operator new(std::size_t size) {
  if (counting_allocations) ++allocation_count;
  void* memory = std::malloc(size == 0 ? 1 : size);
  if (memory == nullptr) std::abort();
  return memory;
}

// GCC 12 cannot see that the replacement operator new above allocates with malloc, and
// takes free here for a mismatch.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#pragma GCC diagnostic pop
#endif  // MQAUTHZ_COUNT_ALLOCATIONS

namespace mqauthz::testing {
namespace {

TEST(AllocationTest, DecideDoesNotAllocateInSteadyState) {
  if (!MQAUTHZ_COUNT_ALLOCATIONS) GTEST_SKIP() << "operator new is not replaceable under ASan";
  PolicyGeneratorOptions options;
  options.min_rules = 40;
  options.max_rules = 40;
  options.deep_levels = 100;  // deep filters make some walks spill past the inline stack
  PolicyGenerator policy_generator(11, options);
  std::optional<Policy> policy = LoadOrFail(policy_generator.NextPolicyJson());
  ASSERT_TRUE(policy.has_value());
  const std::shared_ptr<const CompiledPolicy> compiled = CompileOrFail(*policy);
  ASSERT_NE(compiled, nullptr);

  // Valid requests only: invalid ones are rejected before any automaton runs.
  RequestGeneratorOptions request_options;
  request_options.invalid_percent = 0;
  RequestGenerator generator(*policy, 11, request_options);
  struct Case {
    BoundClient bound;
    std::vector<Request> requests;
  };
  std::vector<Case> cases;
  int allowed = 0;
  for (int c = 0; c < 30; ++c) {
    const Client client = generator.NextClient();
    Case& entry = cases.emplace_back(Case{Bind(*compiled, client), {}});
    for (int r = 0; r < 60; ++r) entry.requests.push_back(generator.NextRequest(client));
    std::string deep_topic;
    for (int level = 0; level < 400; ++level) absl::StrAppend(&deep_topic, "d/");
    deep_topic += "d";
    entry.requests.push_back(Publish(deep_topic));
    entry.requests.push_back(Subscribe(deep_topic));
  }

  for (const Case& entry : cases) {
    for (const Request& request : entry.requests) Decide(*compiled, entry.bound, request);
  }
  counting_allocations = true;
  for (const Case& entry : cases) {
    for (const Request& request : entry.requests) {
      allowed += Decide(*compiled, entry.bound, request).allowed ? 1 : 0;
    }
  }
  counting_allocations = false;

  EXPECT_EQ(allocation_count, 0u);
  EXPECT_GT(allowed, 100) << "too few allowed requests to exercise the grant paths";
}

}  // namespace
}  // namespace mqauthz::testing
