// The settings schema: the app's own settings (data_dir, database) and each module's section,
// composed in documentation order; and loading through app/config_loader.h.
// The schema is built once (thread-safe static); loading runs once at start.
#include "app/settings.h"

#include "api/common/cookie_settings.h"
#include "api/common/origin_settings.h"
#include "api/native/native_settings.h"
#include "api/native/sso_settings.h"
#include "common/status_macros.h"
#include "core/audit_settings.h"
#include "core/expired_ticket_purge_settings.h"
#include "core/hasura_settings.h"
#include "core/outbox_sender_settings.h"
#include "core/revocation_poll_settings.h"
#include "core/sso_options.h"
#include "crypto/argon2_options.h"
#include "http/server_settings.h"
#include "mail/mail_settings.h"
#include "storage/storage_settings.h"
#include "store/postgres/postgres_settings.h"
#include "store/postgres/url.h"
#include "store/redis/redis_settings.h"
#include "store/sqlite/sqlite_settings.h"

namespace portcullis::app {
namespace {

Status ParseDatabase(Settings& s, std::string_view text) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (store::postgres::IsPostgresUrl(text)) {
    s.postgres_url = std::string(text);
    s.database_path.clear();
    return Status::Ok();
  }
  if (!text.starts_with(kSqlite) || text.size() == kSqlite.size()) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DBNAME");
  }
  s.database_path = std::string(text.substr(kSqlite.size()));
  s.postgres_url.clear();
  return Status::Ok();
}

std::string DatabaseUrl(const Settings& s) {
  if (!s.postgres_url.empty()) return store::postgres::MaskPassword(s.postgres_url);
  return "sqlite:" + (s.database_path.empty() ? s.data_dir + "/portcullis.db" : s.database_path);
}

Status ParseEphemeral(Settings& s, std::string_view text) {
  if (text.empty() || text == "memory") {
    s.ephemeral = "memory";
    return Status::Ok();
  }
  RETURN_IF_ERROR(store::redis::ParseRedisUrl(text, s.redis));
  s.ephemeral = "redis";
  return Status::Ok();
}

std::string EphemeralUrl(const Settings& s) {
  return s.ephemeral == "redis" ? store::redis::RedisUrlForDisplay(s.redis) : s.ephemeral;
}

options::Section<Settings> BuildSchema() {
  options::Section<Settings> s("", "General");
  s.Add("data_dir", &Settings::data_dir, "directory for generated keys and secrets")
      .Require([](const std::string& v) { return !v.empty(); }, "must not be empty");
  s.Custom("database",
           "sqlite:PATH of the database file, or postgres://USER:PASSWORD@HOST:PORT/DBNAME?... "
           "(the password is never shown)",
           ParseDatabase, DatabaseUrl);
  s.Custom("ephemeral",
           "where short-lived shared state lives (rate-limit counters, single-use values, the "
           "revocation broadcast): memory (this process; one node) or "
           "redis://[:PASSWORD@]HOST:PORT/DB (shared by every node)",
           ParseEphemeral, EphemeralUrl);
  s.Nest(core::RevocationPollSection(), &Settings::revocation_poll);
  s.Nest(core::ExpiredTicketPurgeSection(), &Settings::ticket_purge);
  s.Nest(core::AuditRetentionSection(), &Settings::audit);
  s.Nest(core::CredentialSection(), &Settings::credentials);
  s.Nest(core::ClientTokenSection(), &Settings::client_tokens);
  s.Nest(http::ServerSection(), &Settings::http);
  s.Nest(MetricsListenerSection(), &Settings::metrics);
  s.Nest(JwtKeySection(), &Settings::jwt);
  s.Nest(core::AuthPolicySection(), &Settings::auth);
  s.Nest(core::HasuraSection(), &Settings::hasura);
  s.Nest(core::StepUpPolicySection(), &Settings::step_up);
  s.Nest(MfaKeySection(), &Settings::mfa_keys);
  s.Nest(core::MfaPolicySection(), &Settings::mfa);
  s.Nest(MfaFeatureSection(), &Settings::mfa_feature);
  s.Nest(core::RateLimitSection(), &Settings::rate_limits);
  s.Nest(core::AccountFlowSection(), &Settings::flows);
  s.Nest(core::TicketTtlSection(), &Settings::ticket_ttls);
  s.Nest(core::CompanyPolicySection(), &Settings::companies);
  s.Nest(storage::StorageSection(), &Settings::storage);
  s.Nest(mail::MailSection(), &Settings::mail);
  s.Nest(core::OutboxSenderSection(), &Settings::mail_outbox);
  s.Nest(crypto::Argon2HasherSection(), &Settings::argon2);
  s.Nest(api::CookieSection(), &Settings::cookie);
  s.Nest(api::OriginSection(), &Settings::origins);
  s.Nest(core::SsoPolicySection(), &Settings::sso_policy);
  s.Nest(api::native::SsoPagesSection(), &Settings::sso_pages);
  s.Nest(SsoProviderSection(), &Settings::sso);
  s.Nest(api::native::NativeSection(), &Settings::native_api);
  s.Nest(api::hbp::HbpSection(), &Settings::hbp);
  s.Nest(api::machhub::MachhubSection(), &Settings::machhub);
  s.Nest(api::hubler::HublerSection(), &Settings::hubler);
  s.Nest(store::sqlite::SqliteSection(), &Settings::sqlite);
  s.Nest(store::redis::RedisSection(), &Settings::redis);
  s.Nest(store::postgres::PostgresSection(), &Settings::postgres);
  s.Nest(LogSection(), &Settings::log);
  return s;
}

}  // namespace

const options::Section<Settings>& SettingsSchema() {
  static const options::Section<Settings> schema = BuildSchema();
  return schema;
}

std::string DatabaseLabel(const Settings& settings) { return DatabaseUrl(settings); }

std::string SettingLabel(std::string_view name) { return SettingsSchema().Label(name); }

std::map<std::string, std::string> SettingsFromEnvironment() {
  return ReadEnvironment(SettingsSchema().Names());
}

std::map<std::string, std::string> SettingsFromEnvironmentAliases() {
  return ReadEnvironmentAliases(SettingsSchema().EnvAliases());
}

Result<Settings> LoadSettings(const SettingSources& sources) {
  ASSIGN_OR_RETURN(Settings settings, LoadConfig(SettingsSchema(), sources));
  // The access tokens' claims and the registration's roles follow the Hasura settings; the claims
  // are on whenever the HBP dialect is served.
  settings.auth.hasura = settings.hasura;
  settings.auth.hasura.enabled = settings.hasura.enabled || settings.hbp.enabled;
  if (settings.postgres_url.empty() && settings.database_path.empty()) {
    settings.database_path = settings.data_dir + "/portcullis.db";
  }
  if (settings.storage.url.empty()) settings.storage.url = "file:" + settings.data_dir + "/storage";
  return settings;
}

}  // namespace portcullis::app
