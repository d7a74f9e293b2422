// The table of settings and their loading from TOML, the environment and flags.
// Loaded once at start from one thread.
#include "app/settings.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <limits>

namespace portcullis::app {
namespace {

Error Bad(std::string_view name, std::string_view why) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "setting " + std::string(name) + ": " + std::string(why), std::string(name));
}

template <class Int>
Result<Int> ParseInt(std::string_view name, const std::string& text, Int min, Int max) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return Bad(name, "must be an integer, got '" + text + "'");
  if (value < static_cast<long long>(min) || value > static_cast<long long>(max)) {
    return Bad(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return static_cast<Int>(value);
}

Result<bool> ParseBool(std::string_view name, const std::string& text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return Bad(name, "must be true or false, got '" + text + "'");
}

// A setting bound to an integer member with bounds.
template <class Int>
SettingSpec IntSetting(std::string name, std::string help, Int Settings::*member, Int min,
                       Int max) {
  SettingSpec spec;
  spec.name = name;
  spec.help = std::move(help);
  spec.apply = [name, member, min, max](Settings& s, const std::string& text) -> Status {
    auto value = ParseInt<Int>(name, text, min, max);
    if (!value) return value.error();
    s.*member = *value;
    return Status::Ok();
  };
  spec.show = [member](const Settings& s) { return std::to_string(s.*member); };
  return spec;
}

SettingSpec BoolSetting(std::string name, std::string help, bool Settings::*member) {
  SettingSpec spec;
  spec.name = name;
  spec.help = std::move(help);
  spec.apply = [name, member](Settings& s, const std::string& text) -> Status {
    auto value = ParseBool(name, text);
    if (!value) return value.error();
    s.*member = *value;
    return Status::Ok();
  };
  spec.show = [member](const Settings& s) { return std::string(s.*member ? "true" : "false"); };
  return spec;
}

SettingSpec StringSetting(std::string name, std::string help, std::string Settings::*member,
                          bool secret = false) {
  SettingSpec spec;
  spec.name = std::move(name);
  spec.help = std::move(help);
  spec.apply = [member](Settings& s, const std::string& text) -> Status {
    s.*member = text;
    return Status::Ok();
  };
  spec.show = [member, secret](const Settings& s) {
    return secret ? std::string((s.*member).empty() ? "" : "(set)") : s.*member;
  };
  spec.secret = secret;
  return spec;
}

Status ApplyListen(Settings& s, const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Bad("listen", "must be HOST:PORT");
  auto port = ParseInt<uint16_t>("listen", text.substr(colon + 1), 0, 65535);
  if (!port) return Bad("listen", "must be HOST:PORT with a port from 0 to 65535");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  s.listen_host = host;
  s.listen_port = *port;
  return Status::Ok();
}

Status ApplyDatabase(Settings& s, const std::string& text) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (!text.starts_with(kSqlite) || text.size() == kSqlite.size()) {
    return Bad("database", "must be sqlite:PATH (the only backend of this version)");
  }
  s.database_path = text.substr(kSqlite.size());
  return Status::Ok();
}

std::vector<SettingSpec> BuildSettings() {
  std::vector<SettingSpec> all;
  all.push_back({"listen", "HOST:PORT to listen on", ApplyListen, [](const Settings& s) {
                   return s.listen_host + ":" + std::to_string(s.listen_port);
                 }});
  all.push_back(
      {"database", "sqlite:PATH of the database file", ApplyDatabase, [](const Settings& s) {
         return "sqlite:" +
                (s.database_path.empty() ? s.data_dir + "/portcullis.db" : s.database_path);
       }});
  all.push_back(
      StringSetting("data_dir", "directory for generated keys and secrets", &Settings::data_dir));
  all.push_back(StringSetting(
      "jwt_alg", "access-token algorithm: HS256, HS512, RS256, ES256, EdDSA", &Settings::jwt_alg));
  all.push_back(StringSetting(
      "jwt_secret", "HMAC secret for HS256/HS512 (at least 32 bytes); generated when empty",
      &Settings::jwt_secret, /*secret=*/true));
  all.push_back(StringSetting(
      "jwt_key_file", "PEM private key for RS256/ES256/EdDSA; generated in data_dir when empty",
      &Settings::jwt_key_file));
  all.push_back(StringSetting("issuer", "the iss claim of access tokens", &Settings::issuer));
  all.push_back(IntSetting<int64_t>("access_ttl", "access-token lifetime, seconds",
                                    &Settings::access_ttl, 1, 86400));
  all.push_back(IntSetting<int64_t>("refresh_ttl",
                                    "refresh-token lifetime, seconds (renewed on rotation)",
                                    &Settings::refresh_ttl, 60, 366 * 86400));
  all.push_back(IntSetting<int64_t>(
      "refresh_reuse_grace",
      "seconds in which replaying the previous refresh token is a race, not theft",
      &Settings::refresh_reuse_grace, 0, 300));
  all.push_back(IntSetting<int64_t>("token_leeway",
                                    "clock skew tolerated on access tokens, seconds",
                                    &Settings::token_leeway, 0, 300));
  all.push_back(IntSetting<uint32_t>("argon2_memory_kib",
                                     "Argon2id memory cost, KiB (OWASP: 19456)",
                                     &Settings::argon2_memory_kib, 8, 4 * 1024 * 1024));
  all.push_back(IntSetting<uint32_t>("argon2_iterations", "Argon2id time cost (OWASP: 2)",
                                     &Settings::argon2_iterations, 1, 100));
  all.push_back(IntSetting<uint32_t>("argon2_parallelism", "Argon2id lanes (OWASP: 1)",
                                     &Settings::argon2_parallelism, 1, 64));
  all.push_back(IntSetting<int>("argon2_threads", "password-hashing threads; 0 = one per core",
                                &Settings::argon2_threads, 0, 256));
  all.push_back(IntSetting<int>("argon2_queue", "password hashes that may wait; beyond it 503",
                                &Settings::argon2_queue, 1, 100000));
  all.push_back(BoolSetting(
      "cookie_secure", "mark the refresh cookie Secure (false only for plain-HTTP development)",
      &Settings::cookie_secure));
  all.push_back(StringSetting("refresh_cookie_name", "name of the refresh-token cookie",
                              &Settings::refresh_cookie_name));
  all.push_back(IntSetting<std::size_t>("max_body_bytes", "largest request body; beyond it 413",
                                        &Settings::max_body_bytes, 1024, 1024 * 1024 * 1024));
  all.push_back(IntSetting<std::size_t>("max_header_bytes", "largest request head",
                                        &Settings::max_header_bytes, 1024, 1024 * 1024));
  all.push_back(IntSetting<int>("io_threads", "HTTP I/O threads", &Settings::io_threads, 1, 256));
  all.push_back(IntSetting<int>("worker_threads", "threads for blocking request work",
                                &Settings::worker_threads, 1, 1024));
  all.push_back(IntSetting<int>("worker_queue",
                                "requests that may wait for a worker; beyond it 503",
                                &Settings::worker_queue, 1, 1000000));
  all.push_back(IntSetting<int64_t>("read_timeout", "seconds to receive a whole request",
                                    &Settings::read_timeout, 1, 3600));
  all.push_back(IntSetting<int64_t>("idle_timeout", "seconds a keep-alive connection may idle",
                                    &Settings::idle_timeout, 1, 3600));
  all.push_back(StringSetting("mfa_encryption_key",
                              "AEAD keys for TOTP secrets at rest: KID:BASE64URL (32 bytes), "
                              "comma-separated, the first seals; generated in data_dir when empty",
                              &Settings::mfa_encryption_key, /*secret=*/true));
  all.push_back(StringSetting("mfa_recovery_key",
                              "HMAC-SHA-256 key for recovery codes, base64url (at least 32 bytes); "
                              "generated in data_dir when empty",
                              &Settings::mfa_recovery_key, /*secret=*/true));
  all.push_back(StringSetting("mfa_issuer", "issuer name shown by authenticator apps",
                              &Settings::mfa_issuer));
  all.push_back(IntSetting<int64_t>("mfa_ticket_ttl", "seconds an MFA login ticket lives",
                                    &Settings::mfa_ticket_ttl, 1, 3600));
  all.push_back(IntSetting<int64_t>(
      "step_up_window",
      "seconds after a login or step-up in which sensitive operations are allowed",
      &Settings::step_up_window, 1, 86400));
  all.push_back(
      StringSetting("log_level", "trace, debug, info, warn, error", &Settings::log_level));
  all.push_back(
      BoolSetting("access_log", "write one JSON line per request", &Settings::access_log));
  return all;
}

Status Validate(const Settings& s) {
  static const std::vector<std::string> kAlgs = {"HS256", "HS512", "RS256", "ES256", "EdDSA"};
  if (std::find(kAlgs.begin(), kAlgs.end(), s.jwt_alg) == kAlgs.end()) {
    return Bad("jwt_alg", "must be one of HS256, HS512, RS256, ES256, EdDSA");
  }
  if (!s.jwt_secret.empty() && s.jwt_secret.size() < 32) {
    return Bad("jwt_secret", "must be at least 32 bytes");
  }
  if (s.issuer.empty()) return Bad("issuer", "must not be empty");
  if (s.mfa_issuer.empty() || s.mfa_issuer.find(':') != std::string::npos) {
    return Bad("mfa_issuer", "must be non-empty and contain no ':'");
  }
  if (s.argon2_memory_kib < 8 * s.argon2_parallelism) {
    return Bad("argon2_memory_kib", "must be at least 8 KiB per lane (argon2_parallelism)");
  }
  if (s.data_dir.empty()) return Bad("data_dir", "must not be empty");
  if (s.refresh_cookie_name.empty() ||
      s.refresh_cookie_name.find_first_of(" ;=,\t\"") != std::string::npos) {
    return Bad("refresh_cookie_name",
               "must be a cookie token (no spaces, ';', '=', ',' or quotes)");
  }
  static const std::vector<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (std::find(kLevels.begin(), kLevels.end(), s.log_level) == kLevels.end()) {
    return Bad("log_level", "must be one of trace, debug, info, warn, error");
  }
  return Status::Ok();
}

std::string TomlValueText(const toml::node& node) {
  if (auto v = node.value<std::string>()) return *v;
  if (auto v = node.value<bool>(); v && node.is_boolean()) return *v ? "true" : "false";
  if (auto v = node.value<int64_t>(); v && node.is_integer()) return std::to_string(*v);
  return {};
}

Status ApplyFile(Settings& settings, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Bad("config", path + ": " + std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    const auto& all = AllSettings();
    // A named copy: clang 14 cannot capture a structured binding in a lambda.
    const std::string name(key.str());
    const auto spec =
        std::find_if(all.begin(), all.end(), [&](const SettingSpec& s) { return s.name == name; });
    if (spec == all.end()) return Bad(key.str(), "unknown setting in " + path);
    const std::string text = TomlValueText(node);
    if (text.empty() && !node.is_string()) {
      return Bad(key.str(), "must be a string, an integer or a boolean");
    }
    if (Status s = spec->apply(settings, text); !s) return s;
  }
  return Status::Ok();
}

Status ApplyMap(Settings& settings, const std::map<std::string, std::string>& values) {
  for (const auto& spec : AllSettings()) {
    if (auto it = values.find(spec.name); it != values.end()) {
      if (Status s = spec.apply(settings, it->second); !s) return s;
    }
  }
  return Status::Ok();
}

}  // namespace

const std::vector<SettingSpec>& AllSettings() {
  static const std::vector<SettingSpec> all = BuildSettings();
  return all;
}

std::map<std::string, std::string> SettingsFromEnvironment() {
  std::map<std::string, std::string> out;
  for (const auto& spec : AllSettings()) {
    std::string variable = "PORTCULLIS_";
    for (char c : spec.name)
      variable.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (const char* value = std::getenv(variable.c_str())) out[spec.name] = value;
  }
  return out;
}

Result<Settings> LoadSettings(const SettingSources& sources) {
  Settings settings;
  if (sources.config_file) {
    if (Status s = ApplyFile(settings, *sources.config_file); !s) return s.error();
  }
  if (Status s = ApplyMap(settings, sources.environment); !s) return s.error();
  if (Status s = ApplyMap(settings, sources.flags); !s) return s.error();
  if (Status s = Validate(settings); !s) return s.error();
  if (settings.database_path.empty()) settings.database_path = settings.data_dir + "/portcullis.db";
  return settings;
}

}  // namespace portcullis::app
