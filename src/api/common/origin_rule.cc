// The origin rule for cookie-authenticated unsafe requests. Pure; thread-safe.
#include "api/common/origin_rule.h"

namespace portcullis::api {

// Placeholder bodies: the rule itself lands with the hardening work.
OriginRule::OriginRule(std::string_view, const std::vector<std::string>&) {}

Status OriginRule::Check(const http::Request&) const { return Status::Ok(); }

bool OriginRule::Trusts(std::string_view) const { return false; }

}  // namespace portcullis::api
