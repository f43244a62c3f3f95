#include "core/policy.h"

namespace mqauthz {

const char* BrokerMethodName(BrokerMethod method) {
  switch (method) {
    case BrokerMethod::kConnect:
      return "Connect";
    case BrokerMethod::kPublish:
      return "Publish";
    case BrokerMethod::kSubscribe:
      return "Subscribe";
  }
  return "Unknown";
}

const char* StateStoreMethodName(StateStoreMethod method) {
  switch (method) {
    case StateStoreMethod::kRead:
      return "Read";
    case StateStoreMethod::kWrite:
      return "Write";
    case StateStoreMethod::kReadWrite:
      return "ReadWrite";
  }
  return "Unknown";
}

const char* KeyTypeName(KeyType key_type) {
  switch (key_type) {
    case KeyType::kPattern:
      return "Pattern";
    case KeyType::kString:
      return "String";
    case KeyType::kBinary:
      return "Binary";
  }
  return "Unknown";
}

}  // namespace mqauthz
