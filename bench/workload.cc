#include "bench/workload.h"

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <map>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/diagnostic.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "simdjson.h"
#include "tools/request_json.h"

namespace mqauthz::bench {
namespace {

const char* KindName(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::kRealistic:
      return "realistic";
    case WorkloadKind::kUsers:
      return "users";
    case WorkloadKind::kPatterns:
      return "patterns";
  }
  return "realistic";
}

// The generator names realistic files without the kind ("policy-100.json"), the names
// that bench/measure_instructions.sh reads.
std::string FileStem(const WorkloadSpec& spec) {
  if (spec.kind == WorkloadKind::kRealistic) return std::to_string(spec.size);
  return absl::StrCat(KindName(spec.kind), "-", spec.size);
}

// Returns a key that is equal for equal clients: the fields separated by NUL bytes,
// which JSON strings may contain but the generator never writes.
std::string ClientKey(const Client& client) {
  std::string key = client.client_id;
  key += '\0';
  if (client.username.has_value()) key += "u:" + *client.username;
  for (const auto& [name, value] : client.attributes) {
    key += '\0';
    key += name;
    key += '=';
    key += value;
  }
  return key;
}

// Returns `entries` grouped by client, in file order within a client.
std::vector<StreamEntry> GroupedByClient(const std::vector<StreamEntry>& entries) {
  std::vector<std::size_t> positions(entries.size());
  std::iota(positions.begin(), positions.end(), std::size_t{0});
  std::stable_sort(positions.begin(), positions.end(), [&entries](std::size_t a, std::size_t b) {
    return entries[a].client < entries[b].client;
  });

  std::vector<StreamEntry> grouped;
  grouped.reserve(entries.size());
  for (const std::size_t position : positions) grouped.push_back(entries[position]);
  return grouped;
}

}  // namespace

const char* ActionGroupName(ActionGroup group) {
  switch (group) {
    case ActionGroup::kConnect:
      return "connect";
    case ActionGroup::kPublish:
      return "publish";
    case ActionGroup::kSubscribe:
      return "subscribe";
    case ActionGroup::kStateStore:
      return "state_store";
  }
  return "connect";
}

ActionGroup GroupOf(Action action) {
  switch (action) {
    case Action::kConnect:
      return ActionGroup::kConnect;
    case Action::kPublish:
      return ActionGroup::kPublish;
    case Action::kSubscribe:
      return ActionGroup::kSubscribe;
    default:
      return ActionGroup::kStateStore;
  }
}

std::string WorkloadSpec::Name() const { return absl::StrCat(KindName(kind), "-", size); }

std::string WorkloadSpec::PolicyPath(const std::string& directory) const {
  return absl::StrCat(directory, "/policy-", FileStem(*this), ".json");
}

std::string WorkloadSpec::RequestsPath(const std::string& directory) const {
  return absl::StrCat(directory, "/requests-", FileStem(*this), ".jsonl");
}

std::string WorkloadSpec::AclPath(const std::string& directory) const {
  return absl::StrCat(directory, "/acl-", FileStem(*this), ".conf");
}

absl::StatusOr<RequestStream> ReadRequestStream(const std::string& path) {
  std::ifstream input(path);
  if (!input) {
    return absl::NotFoundError(absl::StrCat("cannot open request file '", path,
                                            "'; generate it with bench/generate_workload.py"));
  }

  RequestStream stream;
  std::map<std::string, std::uint32_t> client_indices;
  simdjson::ondemand::parser parser;
  std::string line;
  for (int line_number = 1; std::getline(input, line); ++line_number) {
    if (line.empty()) continue;
    absl::StatusOr<ClientRequest> parsed = ParseRequestJson(parser, line);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": ", parsed.status().message()));
    }

    const auto [it, inserted] = client_indices.emplace(
        ClientKey(parsed->client), static_cast<std::uint32_t>(stream.clients.size()));
    if (inserted) stream.clients.push_back(std::move(parsed->client));
    const ActionGroup group = GroupOf(parsed->request.action);
    stream.groups[static_cast<std::size_t>(group)].push_back(
        {it->second, std::move(parsed->request)});
  }

  // Copied right after reading, so that the copies' topics and keys sit in memory in the
  // order they are read, as the file-order ones do.
  for (std::size_t g = 0; g < kActionGroupCount; ++g) {
    stream.groups_by_client[g] = GroupedByClient(stream.groups[g]);
    for (const StreamEntry& entry : stream.groups[g]) {
      if (entry.client < kFirstClientCount) stream.groups_first_clients[g].push_back(entry);
    }
  }
  return stream;
}

absl::StatusOr<Policy> LoadValidPolicy(const std::string& path) {
  LoadResult loaded = LoadPolicyFile(path);
  if (loaded.policy.has_value()) return *std::move(loaded.policy);
  for (const Diagnostic& diagnostic : loaded.diagnostics) {
    if (diagnostic.severity == Severity::kError) {
      return absl::InvalidArgumentError(FormatDiagnostic(diagnostic));
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("invalid policy '", path, "'"));
}

absl::StatusOr<std::unique_ptr<Workload>> LoadWorkload(const std::string& directory,
                                                       const WorkloadSpec& spec) {
  auto workload = std::make_unique<Workload>();
  workload->spec = spec;
  workload->directory = directory;

  absl::StatusOr<Policy> policy = LoadValidPolicy(spec.PolicyPath(directory));
  if (!policy.ok()) return policy.status();
  workload->policy = *std::move(policy);

  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(workload->policy);
  if (!compiled.ok()) return compiled.status();
  workload->compiled = *std::move(compiled);

  absl::StatusOr<RequestStream> requests = ReadRequestStream(spec.RequestsPath(directory));
  if (!requests.ok()) return requests.status();
  workload->requests = *std::move(requests);
  return workload;
}

}  // namespace mqauthz::bench
