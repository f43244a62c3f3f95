// The workloads that bench/generate_workload.py writes, read back for the benchmarks.
//
// A workload is a policy, a request stream in the `mqauthz replay` format and, for the
// kinds Mosquitto can express, a Mosquitto ACL file that allows the same publish
// requests. Requests keep the file's order and are grouped by action. Each distinct
// client is stored once, so a benchmark binds every client once and then cycles through
// a group's requests: distinct topics and keys from many clients, in file order.

#ifndef MQAUTHZ_BENCH_WORKLOAD_H_
#define MQAUTHZ_BENCH_WORKLOAD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/compiled_policy.h"
#include "core/client.h"
#include "core/policy.h"
#include "core/request.h"

namespace mqauthz::bench {

enum class WorkloadKind { kRealistic, kUsers, kPatterns };

// The groups the report tables use: every state-store operation is one group.
enum class ActionGroup { kConnect, kPublish, kSubscribe, kStateStore };
inline constexpr std::size_t kActionGroupCount = 4;

// Returns "connect", "publish", "subscribe" or "state_store".
const char* ActionGroupName(ActionGroup group);

ActionGroup GroupOf(Action action);

// Names one generated workload: its kind and its size (rules for realistic, users for
// users, pattern lines for patterns).
struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::kRealistic;
  int size = 0;

  // Returns the name used in benchmark names: "realistic-10000", "users-100", "patterns-1000".
  std::string Name() const;

  // Returns the paths of the generated files in `directory`. AclPath is meaningful for
  // the users and patterns kinds only.
  std::string PolicyPath(const std::string& directory) const;
  std::string RequestsPath(const std::string& directory) const;
  std::string AclPath(const std::string& directory) const;
};

struct StreamEntry {
  std::uint32_t client = 0;  // index into RequestStream::clients
  Request request;
};

// The order in which a benchmark decides a group's requests:
//   - kFile: as the request file lists them, so consecutive decisions mostly concern
//     different clients and each one reads a binding that is cold in the CPU caches;
//   - kByClient: grouped by client (file order within a client), so consecutive decisions
//     mostly reuse the binding. Comparing the two separates the cost of the decision from
//     the cost of reaching a client's binding in memory;
//   - kFirstClients: file order, but only the requests of the first kFirstClientCount
//     clients. Every scale then decides for as many clients, whose bindings and topics
//     stay in the CPU caches, so comparing scales shows what the rule count alone costs.
enum class RequestOrder { kFile, kByClient, kFirstClients };

inline constexpr std::uint32_t kFirstClientCount = 64;

struct RequestStream {
  std::vector<Client> clients;  // distinct, in order of first appearance
  std::array<std::vector<StreamEntry>, kActionGroupCount> groups;            // file order
  std::array<std::vector<StreamEntry>, kActionGroupCount> groups_by_client;  // kByClient
  std::array<std::vector<StreamEntry>, kActionGroupCount> groups_first_clients;

  const std::vector<StreamEntry>& group(ActionGroup group,
                                        RequestOrder order = RequestOrder::kFile) const {
    const auto index = static_cast<std::size_t>(group);
    switch (order) {
      case RequestOrder::kFile:
        break;
      case RequestOrder::kByClient:
        return groups_by_client[index];
      case RequestOrder::kFirstClients:
        return groups_first_clients[index];
    }
    return groups[index];
  }
};

// Reads a request file in the `mqauthz replay` format. Errors: NotFound when the file
// cannot be opened, InvalidArgument naming the line of a malformed request.
absl::StatusOr<RequestStream> ReadRequestStream(const std::string& path);

// A loaded workload: the validated Policy (for the reference evaluator and for creating
// Authorizers), its compiled policy and its requests.
struct Workload {
  WorkloadSpec spec;
  std::string directory;
  Policy policy;
  std::shared_ptr<const CompiledPolicy> compiled;
  RequestStream requests;
};

// Loads and validates the policy file at `path`. Errors: InvalidArgument with the first
// error diagnostic (file, line, message and hint), a missing file included.
absl::StatusOr<Policy> LoadValidPolicy(const std::string& path);

// Loads, validates and compiles the policy of `spec` in `directory` and reads its
// requests. Errors: InvalidArgument with the first error diagnostic of an invalid
// policy, NotFound for a missing file, and the errors of CompilePolicy.
absl::StatusOr<std::unique_ptr<Workload>> LoadWorkload(const std::string& directory,
                                                       const WorkloadSpec& spec);

}  // namespace mqauthz::bench

#endif  // MQAUTHZ_BENCH_WORKLOAD_H_
