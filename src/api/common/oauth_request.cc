// Decoding of OAuth 2.0 endpoint requests: form or JSON parameters, Basic client credentials.
// Pure functions; thread-safe.
#include "api/common/oauth_request.h"

#include <array>
#include <boost/json.hpp>

#include "api/common/json_body_scan.h"
#include "common/status_macros.h"
#include "http/query.h"

namespace portcullis::api {
namespace {

Error Invalid(std::string detail) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(detail));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Standard base64 with optional padding; nullopt for anything else.
std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  if (count >= 6) return std::nullopt;  // a lone sextet is no whole byte
  return out;
}

bool IsMediaType(std::string_view content_type, std::string_view type) {
  const std::size_t semicolon = content_type.find(';');
  std::string_view base = content_type.substr(0, semicolon);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  if (base.size() != type.size()) return false;
  for (std::size_t i = 0; i < base.size(); ++i) {
    char c = base[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != type[i]) return false;
  }
  return true;
}

Status AddParam(OAuthRequest& out, std::string name, std::string value) {
  if (out.params.contains(name)) return Invalid("parameter " + name + " is repeated");
  out.params.emplace(std::move(name), std::move(value));
  return Status::Ok();
}

Status ParseForm(const std::string& body, OAuthRequest& out) {
  auto params = http::ParseQuery(body);
  if (!params) return Invalid("the form body is malformed");
  for (auto& [name, value] : *params) {
    if (Status s = AddParam(out, std::move(name), std::move(value)); !s) return s;
  }
  return Status::Ok();
}

Status ParseJson(const std::string& body, OAuthRequest& out) {
  boost::system::error_code ec;
  std::array<unsigned char, 4096> buffer;
  boost::json::monotonic_resource arena(buffer.data(), buffer.size());
  boost::json::parse_options options;
  options.max_depth = 4;
  const boost::json::value value = boost::json::parse(body, ec, &arena, options);
  if (ec || !value.is_object()) return Invalid("the JSON body must be an object");
  RETURN_IF_ERROR(ScanJsonBody(body, options.max_depth));  // a repeated member, as in a form
  for (const auto& member : value.get_object()) {
    if (!member.value().is_string()) {
      return Invalid("parameter " + std::string(member.key()) + " must be a string");
    }
    if (Status s =
            AddParam(out, std::string(member.key()), std::string(member.value().get_string()));
        !s) {
      return s;
    }
  }
  return Status::Ok();
}

Result<std::optional<core::ClientCredentials>> ParseBasic(const http::Request& request) {
  const auto header = request.Header("authorization");
  if (!header) return std::optional<core::ClientCredentials>();
  std::string_view value = *header;
  constexpr std::string_view kBasic = "basic ";
  if (value.size() < kBasic.size() || !IsMediaType(value.substr(0, kBasic.size() - 1), "basic") ||
      value[kBasic.size() - 1] != ' ') {
    // An authentication method the server does not support is a failed client authentication
    // (RFC 6749 §5.2): 401 invalid_client, with the scheme to use in WWW-Authenticate.
    return MakeError(ErrorCode::kUnauthorized,
                     "the Authorization header must use the Basic scheme");
  }
  value.remove_prefix(kBasic.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  const auto decoded = Base64Decode(value);
  if (!decoded) return Invalid("the Basic credentials are not base64");
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return Invalid("the Basic credentials lack a ':'");
  auto id = FormDecode(std::string_view(*decoded).substr(0, colon));
  auto secret = FormDecode(std::string_view(*decoded).substr(colon + 1));
  if (!id || !secret) return Invalid("the Basic credentials are not URL-encoded");
  return std::optional<core::ClientCredentials>(
      core::ClientCredentials{std::move(*id), std::move(*secret)});
}

}  // namespace

std::optional<std::string> OAuthRequest::Param(std::string_view name) const {
  const auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      const char byte = static_cast<char>(hi * 16 + lo);
      if (byte == '\0') return std::nullopt;
      out.push_back(byte);
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<OAuthRequest> ParseOAuthRequest(const http::Request& request) {
  if (request.body.size() > kMaxOAuthBodyBytes) return Invalid("the body is too large");
  OAuthRequest out;
  if (!request.body.empty()) {
    const std::string_view type = request.Header("content-type").value_or("");
    if (IsMediaType(type, "application/x-www-form-urlencoded")) {
      if (Status s = ParseForm(request.body, out); !s) return s.error();
    } else if (IsMediaType(type, "application/json")) {
      if (Status s = ParseJson(request.body, out); !s) return s.error();
    } else {
      return Invalid("the body must be application/x-www-form-urlencoded or application/json");
    }
  }
  auto basic = ParseBasic(request);
  if (!basic) return basic.error();
  out.basic = std::move(*basic);
  return out;
}

Result<core::ClientCredentials> ClientCredentialsOf(const OAuthRequest& request) {
  const auto body_id = request.Param("client_id");
  const auto body_secret = request.Param("client_secret");
  if (request.basic) {
    if (body_secret) {
      return Invalid("use one client authentication method: HTTP Basic or client_secret, not both");
    }
    if (body_id && *body_id != request.basic->client_id) {
      return Invalid("client_id differs from the HTTP Basic credentials");
    }
    return *request.basic;
  }
  if (!body_id || !body_secret) {
    return MakeError(ErrorCode::kUnauthorized, "client authentication is required");
  }
  return core::ClientCredentials{*body_id, *body_secret};
}

}  // namespace portcullis::api
