// Decoding of the Hubler token request's body.
// Pure functions; thread-safe.
#include "api/hubler/hubler_token_request.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string_view>

#include "api/common/json_body_scan.h"
#include "api/hubler/hubler_error_table.h"
#include "common/ascii_case.h"

namespace portcullis::api::hubler {
namespace {

constexpr std::size_t kMaxDepth = 32;
constexpr std::string_view kMembers[] = {"account", "secret", "user_id"};

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool IsObjectId(std::string_view id) {
  return id.size() == 24 && std::all_of(id.begin(), id.end(), IsHex);
}

// 8-4-4-4-12 hex digits.
bool IsUuid(std::string_view id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? id[i] != '-' : !IsHex(id[i])) return false;
  }
  return true;
}

// A member that is absent, null or the empty string: Hubler's "missing".
bool Missing(const boost::json::object& body, std::string_view name) {
  const boost::json::value* v = body.if_contains(name);
  return v == nullptr || v->is_null() || (v->is_string() && v->get_string().empty());
}

Error Invalid(std::string_view message) { return HublerError(ErrorCode::kInvalidRequest, message); }

// The body as an object, or the "missing" row the failure stands for.
Result<boost::json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec || !value.is_object()) return Invalid(kMissingAccount);
  // Boost.JSON keeps the last of a repeated member; Hubler refuses the request instead.
  if (Status scanned = ScanJsonBody(text, kMaxDepth); !scanned) {
    return Invalid(scanned.error().member == "secret" ? kMissingSecret : kMissingAccount);
  }
  for (const auto& member : value.get_object()) {
    if (std::find(std::begin(kMembers), std::end(kMembers), member.key()) == std::end(kMembers)) {
      return Invalid(kMissingAccount);
    }
  }
  return std::move(value.get_object());
}

}  // namespace

Result<HublerTokenRequest> DecodeHublerTokenRequest(const http::Request& request) {
  auto parsed = ParseObject(request.body);
  if (!parsed) return parsed.error();
  const boost::json::object& body = *parsed;
  if (Missing(body, "account")) return Invalid(kMissingAccount);
  if (Missing(body, "secret")) return Invalid(kMissingSecret);
  const boost::json::value& account = body.at("account");
  if (!account.is_string() || !IsObjectId(account.get_string())) {
    return Invalid(kAccountNotObjectId);
  }
  const boost::json::value& secret = body.at("secret");
  if (!secret.is_string()) return Invalid(kSecretNotString);
  HublerTokenRequest out;
  out.account = AsciiLower(account.get_string());
  out.secret = std::string(secret.get_string());
  if (!Missing(body, "user_id")) {
    const boost::json::value& user_id = body.at("user_id");
    if (!user_id.is_string() ||
        !(IsObjectId(user_id.get_string()) || IsUuid(user_id.get_string()))) {
      return Invalid(kUserIdMalformed);
    }
    out.user_id = AsciiLower(user_id.get_string());
  }
  return out;
}

}  // namespace portcullis::api::hubler
