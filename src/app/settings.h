// Settings: the server's configuration, composed of each module's own options struct (which owns
// its defaults and declares its settings) plus the app's data_dir and database, loaded from a TOML
// file, the environment and flags, in that precedence. Loaded once at start; read-only afterwards.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/common/origin_settings.h"
#include "api/common/refresh_cookie.h"
#include "api/hbp/hbp_settings.h"
#include "api/hubler/hubler_settings.h"
#include "api/machhub/machhub_settings.h"
#include "api/native/native_settings.h"
#include "api/native/sso_routes.h"
#include "app/config_loader.h"
#include "app/key_settings.h"
#include "app/log_settings.h"
#include "app/metrics_settings.h"
#include "app/mfa_feature_settings.h"
#include "app/sso_settings.h"
#include "common/options.h"
#include "common/status.h"
#include "core/account_flow_policy.h"
#include "core/audit_retention.h"
#include "core/auth_options.h"
#include "core/client_token_settings.h"
#include "core/company_policy.h"
#include "core/credential_settings.h"
#include "core/expired_ticket_purger.h"
#include "core/hasura_settings.h"
#include "core/outbox_sender.h"
#include "core/rate_limit.h"
#include "core/revocation_poller.h"
#include "core/sso_service.h"
#include "crypto/argon2_hasher.h"
#include "http/server.h"
#include "mail/mail_options.h"
#include "storage/storage_options.h"
#include "store/postgres/postgres_store.h"
#include "store/redis/redis_options.h"
#include "store/sqlite/sqlite_store.h"

namespace portcullis::app {

struct Settings {
  std::string data_dir = "data";  // generated keys and secrets
  std::string database_path;      // from `database = sqlite:PATH`; loaded: data_dir/portcullis.db
  std::string postgres_url;       // from `database = postgres://...`; empty: SQLite
  // From `ephemeral`: "memory" (this process, one node) or "redis" (the server in `redis`).
  std::string ephemeral = "memory";
  store::redis::Options redis;  // host, port, db and password from `ephemeral = redis://...`
  core::RevocationPollOptions revocation_poll;
  core::ExpiredTicketPurgeOptions ticket_purge;
  core::AuditRetentionOptions audit;       // audit_retention_days
  core::CredentialOptions credentials;     // API key prefixes, last_used_at flushes
  core::ClientTokenOptions client_tokens;  // service clients' access tokens
  http::ServerOptions http;
  MetricsListenerOptions metrics;  // the operator listener and the main listener's metrics token
  JwtKeyOptions jwt;
  core::AuthPolicy auth;  // auth.hasura is a copy of `hasura`, resolved by LoadSettings
  core::HasuraPolicy hasura;
  MfaFeature mfa_feature;  // mfa.enabled
  core::StepUpPolicy step_up;
  MfaKeyOptions mfa_keys;
  core::MfaPolicy mfa;
  core::RateLimitPolicy rate_limits;
  core::AccountFlowPolicy flows;
  core::TicketTtls ticket_ttls;
  core::CompanyPolicy companies;
  storage::StorageOptions storage;  // loaded: url is file:<data_dir>/storage when not set
  mail::MailOptions mail;
  core::OutboxSenderOptions mail_outbox;
  crypto::Argon2HasherOptions argon2;
  api::CookieOptions cookie;
  api::OriginOptions origins;       // allowed_origins, beside flows.public_url
  core::SsoPolicy sso_policy;       // sso_signup, sso_link_by_email
  api::native::SsoPages sso_pages;  // sso.success_url, sso.error_url, sso.mfa_url
  SsoProviderSettings sso;          // the [sso.<name>] provider tables
  api::native::NativeOptions native_api;
  api::hbp::HbpOptions hbp;              // [dialects.hbp]
  api::machhub::MachhubOptions machhub;  // [dialects.machhub]
  api::hubler::HublerOptions hubler;     // [dialects.hubler]
  store::sqlite::Options sqlite;
  store::postgres::Options postgres;
  LogOptions log;
};

// The database as shown in logs and messages: "sqlite:PATH", or the postgres:// URL with its
// password masked.
std::string DatabaseLabel(const Settings& settings);

// Every setting, in documentation order: each module's section nested into one schema.
const options::Section<Settings>& SettingsSchema();

// "mfa.encryption_key (mfa_encryption_key)": a setting's name and former names, for messages.
std::string SettingLabel(std::string_view name);

// The raw values of each source, keyed by setting name (full dotted or former flat name).
using SettingSources = ConfigSources;

// Reads PORTCULLIS_<NAME> for every name (and former name) of every setting.
std::map<std::string, std::string> SettingsFromEnvironment();
// Reads the bare variables other products use for the same settings (HBP's MAGIC_LINK_ENABLED,
// JWT_CLAIMS_NAMESPACE, ...), the lowest source: see ConfigSources::environment_aliases.
std::map<std::string, std::string> SettingsFromEnvironmentAliases();

// Defaults, then the environment aliases, then the file, then the environment, then flags; then the
// checks over several settings. The error detail is one line naming the setting, e.g. "setting
// jwt.alg (jwt_alg) from PORTCULLIS_JWT_ALG: must be one of HS256, HS512, RS256, ES256, EdDSA".
Result<Settings> LoadSettings(const SettingSources& sources);

}  // namespace portcullis::app
