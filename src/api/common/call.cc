// Call: client facts of the request a handler is answering.
// Reads one request; thread-compatible.
#include "api/common/call.h"

#include <string>

#include "common/utf8.h"

namespace portcullis::api {

core::ClientInfo Call::Client() const {
  core::ClientInfo client;
  client.ip = request.remote_ip;
  // Stored (sessions, the audit log) and echoed: valid UTF-8, cut on a character boundary.
  client.user_agent = ValidUtf8Prefix(request.Header("user-agent").value_or(""), 256);
  client.locale = ValidUtf8Prefix(request.Header("accept-language").value_or(""), 256);
  return client;
}

const OriginRule& Call::Origins() const {
  static const OriginRule kTrustsNoOrigin("", {});
  return origin_rule != nullptr ? *origin_rule : kTrustsNoOrigin;
}

}  // namespace portcullis::api
