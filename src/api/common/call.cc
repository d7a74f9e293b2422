// Call: client facts of the request a handler is answering.
// Reads one request; thread-compatible.
#include "api/common/call.h"

#include <string>

namespace portcullis::api {

core::ClientInfo Call::Client() const {
  core::ClientInfo client;
  client.ip = request.remote_ip;
  client.user_agent = std::string(request.Header("user-agent").value_or("")).substr(0, 256);
  client.locale = std::string(request.Header("accept-language").value_or("")).substr(0, 256);
  return client;
}

}  // namespace portcullis::api
