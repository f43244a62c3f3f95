// The client a decision is made for, as the broker authenticated it.

#ifndef MQAUTHZ_CORE_CLIENT_H_
#define MQAUTHZ_CORE_CLIENT_H_

#include <map>
#include <optional>
#include <string>

namespace mqauthz {

// `username` absent is not the same as an empty username: MQTT CONNECT may omit it.
// Attributes come from X.509 certificate fields, service-account annotations
// (`aio-broker-auth/<name>`) or custom authentication. All comparisons are case-sensitive.
struct Client {
  std::string client_id;
  std::optional<std::string> username;
  std::map<std::string, std::string, std::less<>> attributes;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_CLIENT_H_
