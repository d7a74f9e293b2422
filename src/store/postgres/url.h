// PostgreSQL connection URLs: recognising one and showing it without its password (for logs,
// messages and `portcullis settings`). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::store::postgres {

// True for postgres://... and postgresql://...
bool IsPostgresUrl(std::string_view url);

// The URL with the password of its user-info part and any `password=` parameter replaced by
// "***": postgres://app:s3cret@db:5432/auth?password=x →
// postgres://app:***@db:5432/auth?password=***
std::string MaskPassword(std::string_view url);

}  // namespace portcullis::store::postgres
