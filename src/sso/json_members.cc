// Typed members of a provider's JSON answers. Pure functions; thread-safe.
#include "sso/json_members.h"

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

namespace portcullis::sso {

Result<boost::json::object> ParseJsonObject(std::string_view text, ErrorCode code,
                                            std::string_view what) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) return MakeError(code, std::string(what) + ": not JSON");
  if (!value.is_object()) return MakeError(code, std::string(what) + ": not a JSON object");
  return std::move(value.get_object());
}

std::optional<std::string> StringMember(const boost::json::object& o, std::string_view key,
                                        bool& ok) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    ok = false;
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<int64_t> IntegerMember(const boost::json::object& o, std::string_view key, bool& ok) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->get_uint64());
  }
  if (v->is_double()) {
    const double d = v->get_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e18) {
      return static_cast<int64_t>(d);
    }
  }
  ok = false;
  return std::nullopt;
}

std::optional<bool> BoolMember(const boost::json::object& o, std::string_view key, bool& ok) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_bool()) return v->get_bool();
  if (v->is_string() && v->get_string() == "true") return true;
  if (v->is_string() && v->get_string() == "false") return false;
  ok = false;
  return std::nullopt;
}

std::optional<std::vector<std::string>> StringsMember(const boost::json::object& o,
                                                      std::string_view key, bool& ok) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return std::vector<std::string>{std::string(v->get_string())};
  if (!v->is_array()) {
    ok = false;
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) {
      ok = false;
      return std::nullopt;
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

}  // namespace portcullis::sso
