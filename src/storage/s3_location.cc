// Parsing of `storage = s3://...` and the object URLs of an S3 store. Pure functions;
// thread-safe.
#include "storage/s3_location.h"

#include <algorithm>

#include "common/loopback_host.h"
#include "common/url_encoding.h"

namespace portcullis::storage {
namespace {

Error Refused(std::string why) {
  return MakeError(ErrorCode::kInvalidRequest, "storage: " + std::move(why));
}

bool IsBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return name.front() != '.' && name.front() != '-' && name.back() != '.' && name.back() != '-';
}

bool IsRegion(std::string_view region) {
  if (region.empty() || region.size() > 64) return false;
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// https://HOST[:PORT] or http://LOOPBACK[:PORT], with at most a trailing '/'.
Result<std::string> ParseEndpoint(std::string_view url) {
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\' || c == 0x7f || c == '@' || c == '?' ||
        c == '#') {
      return Refused("the endpoint must be scheme://host[:port] (no user info, query or spaces)");
    }
  }
  if (url.ends_with('/')) url.remove_suffix(1);
  const bool https = url.starts_with("https://");
  if (!https && !url.starts_with("http://"))
    return Refused("the endpoint must be https:// or http://");
  const std::string_view authority = url.substr(https ? 8 : 7);
  if (authority.empty() || authority.find('/') != std::string_view::npos) {
    return Refused("the endpoint must be scheme://host[:port] without a path");
  }
  const std::string_view host = HostOfAuthority(authority);
  if (host.empty()) return Refused("the endpoint has no host");
  if (!https && !IsLoopbackHost(host)) {
    return Refused("a plain http:// endpoint is allowed only on loopback; use https://");
  }
  return std::string(url);
}

// The value of a query parameter: only the characters an endpoint or region can hold are allowed
// unencoded, and %3A / %2F are decoded (a URL given percent-encoded).
std::string DecodeParam(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size()) {
      const std::string_view hex = value.substr(i + 1, 2);
      if (hex == "3A" || hex == "3a") {
        out += ':';
        i += 2;
        continue;
      }
      if (hex == "2F" || hex == "2f") {
        out += '/';
        i += 2;
        continue;
      }
    }
    out += value[i];
  }
  return out;
}

}  // namespace

Result<S3Location> ParseS3Url(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  if (!url.starts_with(kScheme)) return Refused("an S3 location starts with s3://");
  std::string_view rest = url.substr(kScheme.size());
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  S3Location location;
  const auto slash = rest.find('/');
  location.bucket = std::string(rest.substr(0, slash));
  if (!IsBucketName(location.bucket)) {
    return Refused("the bucket name must be 3-63 characters of a-z, 0-9, '.' and '-'");
  }
  if (slash != std::string_view::npos) {
    std::string_view prefix = rest.substr(slash + 1);
    while (prefix.ends_with('/')) prefix.remove_suffix(1);
    if (!prefix.empty()) {
      for (char c : prefix) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) {
          return Refused("the key prefix holds a control character or backslash");
        }
      }
      location.prefix = std::string(prefix) + "/";
    }
  }
  bool endpoint_given = false;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const std::string value =
        eq == std::string_view::npos ? std::string() : DecodeParam(pair.substr(eq + 1));
    if (name == "endpoint") {
      auto endpoint = ParseEndpoint(value);
      if (!endpoint) return endpoint.error();
      location.endpoint = std::move(*endpoint);
      endpoint_given = true;
    } else if (name == "region") {
      if (!IsRegion(value)) return Refused("the region must be letters, digits and '-'");
      location.region = value;
    } else {
      return Refused("unknown S3 parameter '" + std::string(name) +
                     "' (endpoint and region are known)");
    }
  }
  if (!endpoint_given) {
    // AWS itself: virtual-hosted style, unless a dot in the bucket would break the certificate's
    // wildcard (then path style at the regional endpoint).
    location.path_style = location.bucket.find('.') != std::string::npos;
    location.endpoint = location.path_style ? "https://s3." + location.region + ".amazonaws.com"
                                            : "https://" + location.bucket + ".s3." +
                                                  location.region + ".amazonaws.com";
  }
  return location;
}

std::string S3Location::ObjectUrl(std::string_view key, std::string_view query) const {
  std::string url = endpoint;
  if (path_style) url += "/" + bucket;
  const std::string full = prefix + std::string(key);
  std::size_t at = 0;
  while (at <= full.size()) {
    const std::size_t end = std::min(full.find('/', at), full.size());
    url += "/" + PercentEncode(std::string_view(full).substr(at, end - at));
    at = end + 1;
  }
  if (!query.empty()) url += "?" + std::string(query);
  return url;
}

std::string DescribeS3Location(const S3Location& location) {
  std::string text = "s3://" + location.bucket;
  if (!location.prefix.empty()) text += "/" + location.prefix.substr(0, location.prefix.size() - 1);
  return text + " at " + location.endpoint + " (" + location.region + ")";
}

}  // namespace portcullis::storage
