// Settings: every configurable value of the server, their names, defaults and help, and loading
// from a TOML file, PORTCULLIS_<NAME> environment variables and --name flags, in that precedence.
// Loaded once at start; read-only afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace portcullis::app {

struct Settings {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string database_path;  // from `database = sqlite:PATH`; default data_dir/portcullis.db
  std::string data_dir = "data";
  std::string jwt_alg = "HS256";
  std::string jwt_secret;    // empty: generated into data_dir at first start
  std::string jwt_key_file;  // PEM private key for RS256/ES256/EdDSA; empty: data_dir default
  std::string issuer = "portcullis";
  int64_t access_ttl = 900;
  int64_t refresh_ttl = 30 * 86400;
  int64_t refresh_reuse_grace = 10;
  int64_t token_leeway = 30;
  uint32_t argon2_memory_kib = 19456;
  uint32_t argon2_iterations = 2;
  uint32_t argon2_parallelism = 1;
  int argon2_threads = 0;  // 0: one per core
  int argon2_queue = 16;  // below worker_threads: a login flood is shed by the hash executor
  bool cookie_secure = true;
  std::string refresh_cookie_name = "portcullis_refresh";
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  int io_threads = 2;
  int worker_threads = 32;
  int worker_queue = 1024;
  int64_t read_timeout = 30;
  int64_t idle_timeout = 75;
  std::string mfa_encryption_key;  // "kid:base64url32[,kid:...]"; empty: generated into data_dir
  std::string mfa_recovery_key;    // base64url, at least 32 bytes; empty: generated into data_dir
  std::string mfa_issuer = "Portcullis";
  int64_t mfa_ticket_ttl = 300;
  int64_t step_up_window = 300;
  std::string log_level = "info";
  bool access_log = true;
};

struct SettingSpec {
  std::string name;
  std::string help;
  std::function<Status(Settings&, const std::string&)> apply;  // parses and stores one value
  std::function<std::string(const Settings&)> show;            // the current value, as text
  bool secret = false;                                         // never printed
};

// Every setting, in documentation order.
const std::vector<SettingSpec>& AllSettings();

// The raw values of each source, by setting name.
struct SettingSources {
  std::optional<std::string> config_file;
  std::map<std::string, std::string> environment;  // PORTCULLIS_* already mapped to names
  std::map<std::string, std::string> flags;
};

// Reads PORTCULLIS_<NAME> for every setting from the process environment.
std::map<std::string, std::string> SettingsFromEnvironment();

// Defaults, then the file, then the environment, then flags; then validates the whole. The error
// detail is one line naming the setting ("setting jwt_alg: must be one of ...").
Result<Settings> LoadSettings(const SettingSources& sources);

}  // namespace portcullis::app
