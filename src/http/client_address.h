// TrustedProxies: the `trusted_proxies` CIDR list, and the client address of a request — the TCP
// peer, or, when the peer is a trusted proxy, what X-Forwarded-For / Forwarded say. Immutable
// after Parse; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace portcullis::http {

class TrustedProxies {
 public:
  // CIDRs ("10.0.0.0/8", "fd00::/8") or single addresses ("192.0.2.7", "::1"). An error names the
  // first entry that is not one.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);
  // Whether `text` is one CIDR or address Parse accepts.
  static bool IsValid(std::string_view text);

  bool empty() const { return networks_.empty(); }
  // Whether the address (text; IPv4-mapped IPv6 counts as IPv4) lies in a trusted network.
  bool Contains(std::string_view address) const;

  // The client's address. Headers are believed only when `peer` is trusted: walking the
  // X-Forwarded-For list (or, without it, the Forwarded `for=` list) from the right, trusted
  // proxies are skipped and the first address that is not trusted is the client. An entry that is
  // not an address (garbage, "unknown", an obfuscated name) ends the walk at the last trusted hop,
  // which is answered instead. `forwarded_for` / `forwarded` are every line of the header, joined
  // with commas (empty when absent).
  std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                            std::string_view forwarded) const;

 private:
  struct Network {
    std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4
    bool v6 = false;
    int prefix = 0;
  };
  static std::optional<Network> ParseNetwork(std::string_view text);
  std::vector<Network> networks_;
};

}  // namespace portcullis::http
