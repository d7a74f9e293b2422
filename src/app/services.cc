// Builds the store, crypto and core services from Settings, handing each its own options struct.
// Called once at start from one thread.
#include "app/services.h"

#include "app/ephemeral_factory.h"
#include "app/key_material.h"
#include "app/logging.h"
#include "common/status_macros.h"
#include "common/uuid.h"
#include "mail/eml_file_mailer.h"
#include "sso/identity_provider_factory.h"

namespace portcullis::app {

Result<std::unique_ptr<Services>> Services::Create(const Settings& settings) {
  std::unique_ptr<Services> s(new Services());
  if (Status ok = EnsureDataDir(settings.data_dir); !ok) return ok.error();
  s->random_ = std::make_shared<crypto::SodiumRandom>();
  s->audit_ = std::make_unique<core::AuditTrail>(s->clock_, *s->random_);

  auto key = LoadSigningKey(settings, *s->random_);
  if (!key) return key.error();
  auto signer = crypto::JwsSigner::Create(*key);
  if (!signer) return signer.error();
  auto verifier = crypto::JwsVerifier::Create({*key});
  if (!verifier) return verifier.error();
  s->jwks_json_ = verifier->JwksJson();
  s->codec_ = std::make_unique<crypto::JwtAccessTokenCodec>(
      std::move(*signer), std::move(*verifier), settings.auth.issuer, settings.auth.token_leeway);

  if (Status ok = s->OpenStore(settings); !ok) return ok.error();
  s->hasher_ = std::make_unique<crypto::Argon2Hasher>(settings.argon2);
  s->tokens_ = std::make_unique<crypto::SodiumOpaqueTokens>(s->random_);

  auto data_keys = LoadDataKeys(settings, *s->random_);
  if (!data_keys) return data_keys.error();
  RETURN_IF_ERROR(s->BuildMail(settings, *data_keys));
  s->refresh_tokens_ =
      std::make_unique<crypto::SealedKeyRefreshTokens>(std::move(*data_keys), s->random_);
  // Short-lived state: shared by the nodes through Redis, or this process's memory (one node).
  ASSIGN_OR_RETURN(s->ephemeral_, MakeSharedEphemeralStore(settings));
  core::RevocationList* revocations = &s->revocations_;
  if (s->ephemeral_) {
    s->shared_ephemeral_ = s->ephemeral_.get();
    s->cross_node_revocations_ = std::make_unique<core::CrossNodeRevocationList>(
        s->revocations_, *s->ephemeral_, s->clock_, NewUuidV4(*s->random_));
    revocations = s->cross_node_revocations_.get();
  } else {
    s->ephemeral_ = std::make_unique<core::InProcessEphemeralStore>(s->clock_);
  }
  s->sessions_ = std::make_unique<core::SessionService>(
      settings.auth, *s->store_, *s->codec_, *s->refresh_tokens_, *s->tokens_, *s->random_,
      s->clock_, *revocations, s->audit_.get());
  // Polls into the local list (what it reads is in the database already: no need to publish).
  // Its first poll, from one access-token lifetime ago, is the warm-up: every session revoked
  // while its access tokens may still be alive.
  const int64_t lifetime = settings.auth.access_ttl + settings.auth.token_leeway;
  s->revocation_poller_ = std::make_unique<core::RevocationPoller>(
      *s->store_, s->revocations_, s->clock_, lifetime, s->clock_.NowSeconds() - lifetime,
      [](const Status& status) {
        if (status) {
          LogInfo("revocation poll: the database answers again");
        } else {
          LogWarn("revocation poll failed (retried every revocation_poll): " +
                  status.error().detail);
        }
      });
  RETURN_IF_ERROR(s->revocation_poller_->PollOnce());
  s->revocation_poll_ = settings.revocation_poll.period;
  auto mfa_crypto = LoadMfaCrypto(settings, *s->random_);
  if (!mfa_crypto) return mfa_crypto.error();
  s->mfa_crypto_ = std::move(*mfa_crypto);
  s->step_up_guard_ = std::make_unique<core::StepUpGuard>(settings.step_up.window, s->clock_);
  s->mfa_ = std::make_unique<core::MfaService>(settings.mfa, *s->store_, *s->mfa_crypto_,
                                               *s->tokens_, *s->random_, s->clock_,
                                               *s->step_up_guard_, s->audit_.get());
  s->limiter_ = std::make_unique<core::RateLimiter>(settings.rate_limits, *s->ephemeral_, s->clock_,
                                                    [](std::string_view line) { LogWarn(line); });
  s->companies_ = std::make_unique<CompanyServices>(
      settings, CompanyServiceParts{*s->store_, *s->sessions_, *s->tokens_, *s->mail_outbox_,
                                    *s->step_up_guard_, *s->random_, s->clock_, s->authorizer_,
                                    s->limiter_.get(), s->audit_.get()});
  core::IdentityProviders providers;
  for (const auto& [name, options] : settings.sso.providers) {
    ASSIGN_OR_RETURN(providers[name], sso::BuildIdentityProvider(options, s->clock_));
  }
  s->flows_ = std::make_unique<AccountFlows>(
      settings,
      AccountFlowParts{*s->store_, *s->sessions_, s->mfa_.get(), *s->tokens_, s->code_challenges_,
                       s->limiter_.get(), *s->mail_outbox_, *s->hasher_, *s->step_up_guard_,
                       *s->random_, s->clock_, &s->companies_->enrollment(), s->audit_.get(),
                       s->ephemeral_.get(), std::move(providers)});
  s->ticket_purger_ =
      std::make_unique<core::ExpiredTicketPurger>(*s->store_, s->clock_, [](const Status& status) {
        if (status) {
          LogInfo("expired ticket purge: the database answers again");
        } else {
          LogWarn("expired ticket purge failed (retried every ticket_purge_interval): " +
                  status.error().detail);
        }
      });
  s->ticket_purge_interval_ = settings.ticket_purge.interval;
  s->audit_flusher_ =
      std::make_unique<core::AuditFlusher>(*s->audit_, *s->store_, [](const Status& status) {
        if (status) {
          LogInfo("audit log flush: the database answers again");
        } else {
          LogWarn("audit log flush failed (kept and retried every second): " +
                  status.error().detail);
        }
      });
  s->audit_retention_ = std::make_unique<core::AuditRetention>(
      settings.audit, *s->store_, s->clock_, [](const Status& status) {
        if (status) {
          LogInfo("audit retention purge: the database answers again");
        } else {
          LogWarn("audit retention purge failed (retried every ticket_purge_interval): " +
                  status.error().detail);
        }
      });
  s->audit_log_ = std::make_unique<core::AuditLogReader>(*s->store_, s->authorizer_);
  s->accounts_ = std::make_unique<core::AccountService>(
      *s->store_, *s->hasher_, *s->sessions_, *s->random_, s->clock_, s->mfa_.get(),
      s->limiter_.get(), s->flows_->activation(), &s->companies_->enrollment(), s->audit_.get());
  RETURN_IF_ERROR(s->BuildCredentials(settings));
  RETURN_IF_ERROR(s->BuildServiceClients(settings, *key));
  s->admin_users_ = std::make_unique<core::AdminUserService>(*s->store_, *s->sessions_, *s->audit_,
                                                             s->authorizer_, s->clock_);
  s->admin_companies_ =
      std::make_unique<core::AdminCompanyService>(*s->store_, *s->audit_, s->authorizer_);
  return s;
}

Status Services::BuildCredentials(const Settings& settings) {
  credential_uses_ =
      std::make_unique<core::CredentialUseRecorder>(*store_, [](const Status& status) {
        if (status) {
          LogInfo("credential last-use flush: the database answers again");
        } else {
          LogWarn("credential last-use flush failed (kept and retried): " + status.error().detail);
        }
      });
  credential_use_interval_ = settings.credentials.use_flush_interval;
  credentials_ = std::make_unique<core::CredentialService>(
      settings.credentials, *store_, *tokens_, *random_, clock_, *step_up_guard_, authorizer_,
      credential_uses_.get(), audit_.get());
  permission_models_ = std::make_unique<core::PermissionModelService>(*store_, *random_, clock_,
                                                                      authorizer_, audit_.get());
  return Status::Ok();
}

Status Services::BuildServiceClients(const Settings& settings, const crypto::JwsKey& signing_key) {
  ASSIGN_OR_RETURN(SecretBytes secret_key, LoadClientSecretKey(settings, *random_));
  client_secret_hasher_ = std::make_unique<crypto::HmacClientSecretHasher>(secret_key);
  ASSIGN_OR_RETURN(crypto::JwsSigner signer, crypto::JwsSigner::Create(signing_key));
  ASSIGN_OR_RETURN(crypto::JwsVerifier verifier, crypto::JwsVerifier::Create({signing_key}));
  client_token_codec_ = std::make_unique<crypto::JwtClientTokenCodec>(
      std::move(signer), std::move(verifier), settings.auth.issuer, settings.auth.token_leeway);
  service_clients_ = std::make_unique<core::ServiceClientService>(
      *store_, *client_secret_hasher_, *tokens_, *random_, clock_, *step_up_guard_, authorizer_,
      *audit_);
  client_tokens_ = std::make_unique<core::ClientTokenService>(
      settings.client_tokens, *store_, *client_secret_hasher_, *client_token_codec_, *random_,
      clock_, *audit_);
  return Status::Ok();
}

Status Services::OpenStore(const Settings& settings) {
  if (!settings.postgres_url.empty()) {
    auto store = store::postgres::Open(settings.postgres_url, settings.postgres);
    if (!store) {
      return MakeError(
          store.error().code,
          "setting database: cannot open " + DatabaseLabel(settings) + ": " + store.error().detail,
          "database");
    }
    postgres_ = store->get();
    store_ = std::move(*store);
    return Status::Ok();
  }
  store::sqlite::Options store_options = settings.sqlite;
  // Every thread that may read at once gets a connection, so an I/O thread never waits for one.
  store_options.max_readers =
      static_cast<std::size_t>(settings.http.worker_threads + settings.http.io_threads);
  auto store = store::sqlite::Open(settings.database_path, store_options);
  if (!store) {
    return MakeError(store.error().code,
                     "setting database: cannot open sqlite:" + settings.database_path + ": " +
                         store.error().detail,
                     "database");
  }
  sqlite_ = store->get();
  store_ = std::move(*store);
  return Status::Ok();
}

Status Services::BuildMail(const Settings& settings, crypto::Aead data_keys) {
  sealer_ = std::make_unique<crypto::AeadDataSealer>(std::move(data_keys));
  if (settings.mail.smtp_url.empty()) {
    ASSIGN_OR_RETURN(mailer_,
                     mail::EmlFileMailer::Create(settings.mail, settings.data_dir + "/mail",
                                                 [](std::string_view line) { LogInfo(line); }));
  } else {
    ASSIGN_OR_RETURN(std::unique_ptr<mail::SmtpMailer> smtp,
                     mail::SmtpMailer::Create(settings.mail));
    smtp_ = smtp.get();
    mailer_ = std::move(smtp);
  }
  ASSIGN_OR_RETURN(composer_, mail::MustacheComposer::Create(settings.mail));
  mail_outbox_ = std::make_unique<core::MailOutbox>(*composer_, *sealer_, *random_, clock_, [this] {
    if (outbox_sender_) outbox_sender_->Wake();
  });
  core::OutboxSenderOptions sender_options = settings.mail_outbox;
  // A claimed message is due again once its lease ends: a little after a delivery's timeout.
  sender_options.lease = settings.mail.smtp_timeout + std::chrono::seconds(10);
  outbox_sender_ = std::make_unique<core::OutboxSender>(
      sender_options, *store_, *mailer_, *sealer_, clock_,
      [](core::OutboxSender::LogLevel level, std::string_view line) {
        if (level == core::OutboxSender::LogLevel::kWarning) {
          LogWarn(line);
        } else {
          LogInfo(line);
        }
      });
  return Status::Ok();
}

std::string_view Services::store_executor_name() const {
  return postgres_ != nullptr ? "postgres" : "sqlite.writer";
}

ExecutorStats Services::store_executor_stats() const {
  return postgres_ != nullptr ? postgres_->executor_stats() : sqlite_->write_queue_stats();
}

Services::~Services() { StopBackground(); }

void Services::StopBackground() {
  if (smtp_ != nullptr) smtp_->Shutdown();
  if (outbox_sender_) outbox_sender_->Stop();
  if (ticket_purger_) ticket_purger_->Stop();
  if (credential_uses_) credential_uses_->Stop();
  if (audit_retention_) audit_retention_->Stop();
  if (audit_flusher_) audit_flusher_->Stop();  // last: what the others recorded gets written
}

void Services::StartBackground() {
  // Twice per period: a poll takes a few milliseconds, so a revocation whose broadcast was lost
  // still takes effect within the period itself, not the period plus a poll.
  revocation_poller_->Start(
      std::chrono::duration_cast<std::chrono::milliseconds>(revocation_poll_) / 2);
  outbox_sender_->Start();
  ticket_purger_->Start(ticket_purge_interval_);
  credential_uses_->Start(credential_use_interval_);
  audit_flusher_->Start(std::chrono::seconds(1));
  audit_retention_->Start(ticket_purge_interval_);
}

}  // namespace portcullis::app
