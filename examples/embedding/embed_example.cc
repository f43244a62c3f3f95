// An example of embedding mqauthz in a broker: load and compile a policy once, bind each
// client when it connects, and decide its requests through the session.
//
// Usage: embed_example POLICY

#include <iostream>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "runtime/authorizer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: embed_example POLICY\n";
    return 2;
  }

  // 1. Load and validate: every problem is reported, and the policy is all or nothing.
  mqauthz::LoadResult loaded = mqauthz::LoadPolicyFile(argv[1]);
  for (const mqauthz::Diagnostic& diagnostic : loaded.diagnostics) {
    std::cerr << mqauthz::FormatDiagnostic(diagnostic) << "\n";
  }
  if (!loaded.policy.has_value()) return 1;

  // 2. Compile once. The authorizer serves the compiled policy to any number of threads.
  absl::StatusOr<std::unique_ptr<mqauthz::Authorizer>> authorizer =
      mqauthz::Authorizer::Create(*loaded.policy);
  if (!authorizer.ok()) {
    std::cerr << authorizer.status() << "\n";
    return 1;
  }

  // 3. On CONNECT: bind the authenticated client. The session decides without locks.
  mqauthz::Client client;
  client.client_id = "building22-x";
  client.attributes["building"] = "building22";
  mqauthz::Session session = (*authorizer)->Bind(client);

  // 4. On PUBLISH and SUBSCRIBE: decide; deny with reason code 0x87 (Not authorized).
  for (const mqauthz::Request& request : {
           mqauthz::Request{mqauthz::Action::kConnect, "", ""},
           mqauthz::Request{mqauthz::Action::kPublish, "sensors/building22/building22-x/sensor",
                            ""},
           mqauthz::Request{mqauthz::Action::kSubscribe, "sensors/#", ""},
       }) {
    mqauthz::Decision decision = session.Decide(request);
    std::cout << mqauthz::ActionName(request.action) << ": " << session.DescribeDecision(decision)
              << "\n";
  }

  // 5. A policy update: sessions bound to an older generation should be disconnected.
  std::cout << "session generation " << session.generation() << ", authorizer generation "
            << (*authorizer)->generation() << "\n";
  return 0;
}
