// Declarations of the HTTP server's settings: names, bounds, help and former flat names.
// Pure functions; thread-safe.
#include "http/server_settings.h"

#include <algorithm>
#include <string>

#include "http/client_address.h"

namespace portcullis::http {

Status ParseListenAddress(std::string_view text, std::string& host_out, uint16_t& port_out) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return MakeError(ErrorCode::kInvalidRequest, "must be HOST:PORT");
  }
  auto port = options::Traits<uint16_t>::Parse(text.substr(colon + 1));
  if (!port) {
    return MakeError(ErrorCode::kInvalidRequest, "must be HOST:PORT with a port from 0 to 65535");
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  host_out = std::string(host);
  port_out = *port;
  return Status::Ok();
}

namespace {

Status ParseListen(ServerOptions& options, std::string_view text) {
  return ParseListenAddress(text, options.host, options.port);
}

}  // namespace

options::Section<ServerOptions> ServerSection() {
  using std::chrono::seconds;
  options::Section<ServerOptions> s("http", "HTTP server");
  s.Custom("listen", "HOST:PORT to listen on", ParseListen, [](const ServerOptions& o) {
     return o.host + ":" + std::to_string(o.port);
   }).Alias("listen");
  s.Add("io_threads", &ServerOptions::io_threads, "HTTP I/O threads")
      .Between(1, 256)
      .Alias("io_threads");
  s.Add("worker_threads", &ServerOptions::worker_threads, "threads for blocking request work")
      .Between(1, 1024)
      .Alias("worker_threads");
  s.Add("worker_queue", &ServerOptions::worker_queue,
        "requests that may wait for a worker; beyond it 503")
      .Between(1, 1000000)
      .Alias("worker_queue");
  s.Add("max_body_bytes", &ServerOptions::max_body_bytes, "largest request body; beyond it 413")
      .Between(1024, 1024 * 1024 * 1024)
      .Alias("max_body_bytes");
  s.Add("max_header_bytes", &ServerOptions::max_header_bytes, "largest request head")
      .Between(1024, 1024 * 1024)
      .Alias("max_header_bytes");
  s.Add("read_timeout", &ServerOptions::read_timeout, "seconds to receive a whole request")
      .Between(seconds(1), seconds(3600))
      .Alias("read_timeout");
  s.Add("idle_timeout", &ServerOptions::idle_timeout, "seconds a keep-alive connection may idle")
      .Between(seconds(1), seconds(3600))
      .Alias("idle_timeout");
  s.Add("trusted_proxies", &ServerOptions::trusted_proxies,
        "CIDRs of reverse proxies whose X-Forwarded-For / Forwarded is believed for the client "
        "IP (the right-most address that is not itself a trusted proxy); empty: the TCP peer")
      .Require(
          [](const std::vector<std::string>& list) {
            return std::all_of(list.begin(), list.end(),
                               [](const std::string& c) { return TrustedProxies::IsValid(c); });
          },
          "must be IP addresses or CIDRs, e.g. 10.0.0.0/8,fd00::/8")
      .Alias("trusted_proxies");
  s.Add("content_security_policy", &ServerOptions::content_security_policy,
        "Content-Security-Policy sent with HTML responses that set none; empty: none")
      .Require(
          [](const std::string& value) {
            return std::none_of(value.begin(), value.end(), [](char c) {
              return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
            });
          },
          "must not contain control characters")
      .Alias("content_security_policy");
  s.Add("hsts_max_age", &ServerOptions::hsts_max_age,
        "Strict-Transport-Security max-age in seconds, sent when public_url is https; 0: off")
      .Between(seconds(0), seconds(2 * 365 * 24 * 3600))
      .Alias("hsts_max_age");
  return s;
}

}  // namespace portcullis::http
