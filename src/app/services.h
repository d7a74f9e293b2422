// Services: the composition root of everything but HTTP — store, crypto, core services — built
// from Settings. Used by `serve` and by the command-line admin commands. Services are thread-safe.
#pragma once

#include <memory>

#include "app/account_flows.h"
#include "app/company_services.h"
#include "app/settings.h"
#include "common/clock.h"
#include "core/account_service.h"
#include "core/admin_company_service.h"
#include "core/admin_user_service.h"
#include "core/audit_flusher.h"
#include "core/audit_log_reader.h"
#include "core/audit_retention.h"
#include "core/audit_trail.h"
#include "core/authorizer.h"
#include "core/client_token_service.h"
#include "core/credential_service.h"
#include "core/credential_use_recorder.h"
#include "core/cross_node_revocation_list.h"
#include "core/expired_ticket_purger.h"
#include "core/in_process_ephemeral_store.h"
#include "core/in_process_revocation_list.h"
#include "core/mail_outbox.h"
#include "core/mfa_service.h"
#include "core/outbox_sender.h"
#include "core/permission_model_service.h"
#include "core/ports/ephemeral_store.h"
#include "core/rate_limiter.h"
#include "core/revocation_poller.h"
#include "core/service_client_service.h"
#include "core/session_service.h"
#include "crypto/argon2_hasher.h"
#include "crypto/client_secret_hasher.h"
#include "crypto/client_token_codec.h"
#include "crypto/code_challenges.h"
#include "crypto/data_sealer.h"
#include "crypto/jwt_codec.h"
#include "crypto/mfa_crypto.h"
#include "crypto/opaque_tokens.h"
#include "crypto/random.h"
#include "crypto/refresh_tokens.h"
#include "mail/mustache_composer.h"
#include "mail/smtp_mailer.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace portcullis::app {

class Services {
 public:
  static Result<std::unique_ptr<Services>> Create(const Settings& settings);

  core::AccountService& accounts() { return *accounts_; }
  core::SessionService& sessions() { return *sessions_; }
  core::MfaService& mfa() { return *mfa_; }
  core::Store& store() { return *store_; }
  core::RateLimiter& limiter() { return *limiter_; }
  // The executor that store writes wait in ("sqlite.writer" or "postgres"), for metrics.
  std::string_view store_executor_name() const;
  ExecutorStats store_executor_stats() const;
  crypto::Argon2Hasher& hasher() { return *hasher_; }
  const std::string& jwks_json() const { return jwks_json_; }
  // The store shared by the nodes (Redis); nullptr with `ephemeral = memory`.
  core::EphemeralStore* shared_ephemeral() { return shared_ephemeral_; }
  core::RevocationPoller& revocation_poller() { return *revocation_poller_; }
  // How services send mail: Enqueue inside their Write, Wake after it committed.
  core::MailOutbox& mail_outbox() { return *mail_outbox_; }
  core::OutboxSender& outbox_sender() { return *outbox_sender_; }
  // Activation, magic links, password reset, email change and self-deletion.
  AccountFlows& flows() { return *flows_; }
  // Company API keys and personal tokens; the permission model.
  core::CredentialService& credentials() { return *credentials_; }
  core::PermissionModelService& permission_models() { return *permission_models_; }
  // Service clients and their OAuth 2.0 tokens.
  core::ServiceClientService& service_clients() { return *service_clients_; }
  core::ClientTokenService& client_tokens() { return *client_tokens_; }
  // Companies, members, invites and the active company.
  CompanyServices& companies() { return *companies_; }
  // The audit log: Record inside a service's Write, RecordLater where a request writes nothing.
  core::AuditTrail& audit() { return *audit_; }
  // Reads the audit log for a user, a company's owners and admins, and instance admins.
  const core::AuditLogReader& audit_log() const { return *audit_log_; }
  // The instance admins' operations (the admin API and the command line's user commands).
  core::AdminUserService& admin_users() { return *admin_users_; }
  core::AdminCompanyService& admin_companies() { return *admin_companies_; }
  // Re-authentication's window check (linking an identity); the CSPRNG (CSRF cookie values).
  const core::StepUpGuard& step_up_guard() const { return *step_up_guard_; }
  Random& random() { return *random_; }

  ~Services();
  // Starts what runs in the background while serving (the revocation poll, the mail sender, the
  // expired-ticket purge, the flush of the credentials' last use, the audit log's flush every
  // second and its retention purge); commands skip it.
  void StartBackground();
  // Stops the mail sender (a send under way is cut short and retried after a restart), the
  // expired-ticket purge, the credential-use flush and the audit flush (writing what they
  // gathered) and the audit retention purge.
  void StopBackground();

 private:
  Services() = default;
  // Opens the database `settings.database` names (SQLite or PostgreSQL) into store_.
  Status OpenStore(const Settings& settings);
  // The mailer (SMTP, or .eml files without smtp_url), the composer, the outbox and its sender.
  Status BuildMail(const Settings& settings, crypto::Aead data_keys);
  // The Authorizer's users: API keys and personal tokens, the permission model.
  Status BuildCredentials(const Settings& settings);
  // Service clients: the secrets' keyed hash and the client-token codec under the signing key.
  Status BuildServiceClients(const Settings& settings, const crypto::JwsKey& signing_key);

  SystemClock clock_;
  std::shared_ptr<crypto::SodiumRandom> random_;
  std::unique_ptr<core::AuditTrail> audit_;  // its buffer is flushed before the store closes
  std::unique_ptr<core::Store> store_;
  store::sqlite::SqliteStore* sqlite_ = nullptr;        // store_ when on SQLite
  store::postgres::PostgresStore* postgres_ = nullptr;  // store_ when on PostgreSQL
  std::unique_ptr<crypto::Argon2Hasher> hasher_;
  std::unique_ptr<crypto::JwtAccessTokenCodec> codec_;
  std::unique_ptr<crypto::SodiumOpaqueTokens> tokens_;
  std::unique_ptr<crypto::SealedKeyRefreshTokens> refresh_tokens_;
  std::unique_ptr<crypto::SodiumMfaCrypto> mfa_crypto_;
  // Short-lived state (rate-limit counters, broadcast): Redis or this process's memory.
  std::unique_ptr<core::EphemeralStore> ephemeral_;
  core::EphemeralStore* shared_ephemeral_ = nullptr;  // ephemeral_ when it is Redis
  // This node's revocations; with a broadcast, wrapped so Add reaches the other nodes too.
  core::InProcessRevocationList revocations_;
  std::unique_ptr<core::CrossNodeRevocationList> cross_node_revocations_;
  std::unique_ptr<core::RateLimiter> limiter_;
  std::unique_ptr<core::SessionService> sessions_;
  std::unique_ptr<core::RevocationPoller> revocation_poller_;  // stopped before what it reads
  std::chrono::seconds revocation_poll_{1};
  std::unique_ptr<core::StepUpGuard> step_up_guard_;
  std::unique_ptr<core::MfaService> mfa_;
  crypto::Sha256CodeChallenges code_challenges_;
  std::unique_ptr<CompanyServices> companies_;  // before what holds its enrollment
  std::unique_ptr<AccountFlows> flows_;
  std::unique_ptr<core::AccountService> accounts_;
  std::unique_ptr<crypto::AeadDataSealer> sealer_;
  std::unique_ptr<core::Mailer> mailer_;
  mail::SmtpMailer* smtp_ = nullptr;  // mailer_ when it is SMTP
  std::unique_ptr<mail::MustacheComposer> composer_;
  std::unique_ptr<core::MailOutbox> mail_outbox_;
  std::unique_ptr<core::OutboxSender> outbox_sender_;         // stopped before what it uses
  std::unique_ptr<core::ExpiredTicketPurger> ticket_purger_;  // stopped before the store closes
  std::chrono::seconds ticket_purge_interval_{300};
  // Writes the audit events buffered by RecordLater every second and at stop; purges the events
  // older than audit_retention_days every ticket_purge_interval. Both stopped before the store.
  std::unique_ptr<core::AuditFlusher> audit_flusher_;
  std::unique_ptr<core::AuditRetention> audit_retention_;
  std::unique_ptr<core::AuditLogReader> audit_log_;
  core::Authorizer authorizer_;
  // Gathers the credentials' last_used_at; flushed every credential_use_interval_ and at stop.
  std::unique_ptr<core::CredentialUseRecorder> credential_uses_;
  std::chrono::seconds credential_use_interval_{5};
  std::unique_ptr<core::CredentialService> credentials_;
  std::unique_ptr<core::PermissionModelService> permission_models_;
  std::unique_ptr<crypto::HmacClientSecretHasher> client_secret_hasher_;
  std::unique_ptr<crypto::JwtClientTokenCodec> client_token_codec_;
  std::unique_ptr<core::ServiceClientService> service_clients_;
  std::unique_ptr<core::ClientTokenService> client_tokens_;
  std::unique_ptr<core::AdminUserService> admin_users_;
  std::unique_ptr<core::AdminCompanyService> admin_companies_;
  std::string jwks_json_;
};

}  // namespace portcullis::app
