// TrustedProxies: CIDR matching with Boost.Asio's address parsing, and the right-most-untrusted
// walk over X-Forwarded-For / Forwarded. Pure functions over immutable state; thread-safe.
#include "http/client_address.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace portcullis::http {
namespace {

namespace ip = boost::asio::ip;

// At most this many hops are looked at (a header is bounded by max_header_bytes anyway).
constexpr int kMaxHops = 64;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address as a header may carry it: "1.2.3.4", "1.2.3.4:80", "2001:db8::1", "[2001:db8::1]",
// "[2001:db8::1]:443", possibly in double quotes (Forwarded). IPv4-mapped IPv6 becomes IPv4.
std::optional<ip::address> ParseHostAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));  // IPv4 with a port
  }
  if (text.empty() || text.size() > 64) return std::nullopt;
  boost::system::error_code ec;
  ip::address address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

// The items of a comma-separated list, right to left.
std::vector<std::string_view> ItemsRightToLeft(std::string_view list) {
  std::vector<std::string_view> items;
  while (!list.empty() && static_cast<int>(items.size()) < kMaxHops) {
    const auto comma = list.rfind(',');
    if (comma == std::string_view::npos) {
      items.push_back(Trim(list));
      break;
    }
    items.push_back(Trim(list.substr(comma + 1)));
    list = list.substr(0, comma);
  }
  return items;
}

// The `for=` value of one Forwarded element ("for=1.2.3.4;proto=https"), or empty.
std::string_view ForwardedFor(std::string_view element) {
  while (!element.empty()) {
    const auto semi = element.find(';');
    std::string_view pair = Trim(element.substr(0, semi));
    if (pair.size() > 4) {
      std::string key(pair.substr(0, 4));
      std::transform(key.begin(), key.end(), key.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (key == "for=") return pair.substr(4);
    }
    if (semi == std::string_view::npos) break;
    element = element.substr(semi + 1);
  }
  return {};
}

}  // namespace

std::optional<TrustedProxies::Network> TrustedProxies::ParseNetwork(std::string_view text) {
  text = Trim(text);
  const auto slash = text.find('/');
  const std::string_view host = text.substr(0, slash);
  if (host.empty() || host.front() == '[' || host.front() == '"') return std::nullopt;
  boost::system::error_code ec;
  ip::address address = ip::make_address(std::string(host), ec);
  if (ec) return std::nullopt;
  Network network;
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), network.bytes.begin());
  } else {
    const auto bytes = address.to_v6().to_bytes();
    std::copy(bytes.begin(), bytes.end(), network.bytes.begin());
    network.v6 = true;
  }
  const int max_prefix = network.v6 ? 128 : 32;
  network.prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const std::string_view bits = text.substr(slash + 1);
    int prefix = -1;
    const auto [end, err] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (bits.empty() || err != std::errc() || end != bits.data() + bits.size() || prefix < 0 ||
        prefix > max_prefix) {
      return std::nullopt;
    }
    network.prefix = prefix;
  }
  return network;
}

bool TrustedProxies::IsValid(std::string_view text) { return ParseNetwork(text).has_value(); }

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies out;
  for (const auto& cidr : cidrs) {
    auto network = ParseNetwork(cidr);
    if (!network) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "'" + cidr + "' is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)");
    }
    out.networks_.push_back(*network);
  }
  return out;
}

namespace {

bool InNetwork(const std::array<uint8_t, 16>& bytes, const std::array<uint8_t, 16>& net,
               int prefix) {
  int i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (bytes[i] != net[i]) return false;
  }
  if (prefix == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xFF << (8 - prefix));
  return (bytes[i] & mask) == (net[i] & mask);
}

}  // namespace

bool TrustedProxies::Contains(std::string_view address) const {
  if (networks_.empty()) return false;
  auto parsed = ParseHostAddress(address);
  if (!parsed) return false;
  std::array<uint8_t, 16> bytes{};
  if (parsed->is_v4()) {
    const auto v4 = parsed->to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), bytes.begin());
  } else {
    bytes = parsed->to_v6().to_bytes();
  }
  for (const Network& network : networks_) {
    if (network.v6 == parsed->is_v6() && InNetwork(bytes, network.bytes, network.prefix)) {
      return true;
    }
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer, std::string_view forwarded_for,
                                          std::string_view forwarded) const {
  if (networks_.empty() || !Contains(peer)) return std::string(peer);
  std::string last_trusted(peer);
  const bool use_xff = !Trim(forwarded_for).empty();
  for (std::string_view item : ItemsRightToLeft(use_xff ? forwarded_for : forwarded)) {
    auto address = ParseHostAddress(use_xff ? item : ForwardedFor(item));
    if (!address) return last_trusted;  // garbage: stop at the last hop we trust
    std::string text = address->to_string();
    if (!Contains(text)) return text;
    last_trusted = std::move(text);
  }
  return last_trusted;  // every hop is a proxy of ours (or there were none)
}

}  // namespace portcullis::http
