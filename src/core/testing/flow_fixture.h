// A core test fixture for the account-lifecycle flows: ServiceFixture's services plus tickets,
// the mail outbox (fake composer and sealer), exchange codes and every flow service, and a reader
// of the messages the outbox holds. Not thread-safe to construct; the services it holds are.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/status_macros.h"
#include "core/account_deletion_service.h"
#include "core/activation_service.h"
#include "core/audit_trail.h"
#include "core/email_change_service.h"
#include "core/in_process_ephemeral_store.h"
#include "core/magic_link_service.h"
#include "core/mail_outbox.h"
#include "core/mfa_service.h"
#include "core/password_reset_service.h"
#include "core/rate_limiter.h"
#include "core/redirect_policy.h"
#include "core/testing/flow_fakes.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core::testing {

// A message the outbox holds, opened.
struct SentMail {
  std::string kind;
  std::string to;
  std::string text;
  // The value `name` the message carries ("link", "new_email", ...), or "".
  std::string Value(std::string_view name) const {
    const std::string key = "\n" + std::string(name) + "=";
    const auto at = ("\n" + text).find(key);
    if (at == std::string::npos) return {};
    const auto start = at + key.size() - 1;
    return text.substr(start, text.find('\n', start) - start);
  }
  // The ticket at the end of the link (after the last '=').
  std::string Ticket() const {
    const std::string link = Value("link");
    return link.substr(link.rfind('=') + 1);
  }
};

class FlowFixture : public ServiceFixture {
 protected:
  // Rebuilds the flows with `policy` (call before using them when a test needs other flags).
  void Configure(AccountFlowPolicy policy) {
    FlowDeps deps{policy, Links(), store,  mailed,  sign_in,
                  codes,  clock,   random, nullptr, &flow_audit};
    activation = std::make_unique<ActivationService>(deps);
    magic_links = std::make_unique<MagicLinkService>(deps, redirects);
    resets = std::make_unique<PasswordResetService>(deps, hasher, sessions);
    email_changes = std::make_unique<EmailChangeService>(deps, guard, sessions);
    deletions = std::make_unique<AccountDeletionService>(deps, guard, sessions);
    flow_accounts = std::make_unique<AccountService>(store, hasher, sessions, random, clock, &mfa,
                                                     &limiter, activation.get());
  }
  void SetUp() override { Configure(AccountFlowPolicy()); }

  static MailLinks Links() {
    return MailLinks{.activation = "https://auth.test/v1/auth/activate?ticket=",
                     .magic_link = "https://auth.test/v1/auth/magic-link?token=",
                     .password_reset = "https://auth.test/v1/auth/password/reset?ticket=",
                     .email_change = "https://auth.test/v1/me/email/confirm?ticket=",
                     .password_reset_start = "https://auth.test/v1/auth/password/reset"};
  }

  // Every message waiting in the outbox, oldest first; they stay there (ClaimDue leases them, so
  // each call sees only the messages enqueued since the last one).
  std::vector<SentMail> TakeMail() {
    std::vector<SentMail> out;
    EXPECT_TRUE(store
                    .Write([&](Repositories& repos) -> Status {
                      auto due = repos.outbox().ClaimDue(clock.NowSeconds() + 100000,
                                                         clock.NowSeconds() + 10'000'000, 1000);
                      if (!due) return due.error();
                      for (const OutboxMessage& message : *due) {
                        auto content = OpenMailContent(sealer, message);
                        if (!content) return content.error();
                        out.push_back({message.kind, message.recipient, content->text});
                      }
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  User UserByEmail(std::string_view email) {
    auto user =
        store.ReadValue([&](Repositories& repos) { return repos.users().FindByEmail(email); });
    EXPECT_TRUE(user.ok());
    return user.ok() ? *user : User();
  }

  static IssuedTokens Tokens(Result<LoginOutcome> outcome) {
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().detail);
    if (!outcome || !std::holds_alternative<IssuedTokens>(*outcome)) return {};
    return std::get<IssuedTokens>(std::move(outcome).value());
  }

  Principal PrincipalOf(const IssuedTokens& issued) {
    auto principal = sessions.Authenticate(issued.access_token);
    EXPECT_TRUE(principal.ok());
    return principal.ok() ? *principal : Principal();
  }

  // The types of the audit events of `user_id`, oldest first.
  std::vector<std::string> UserEventTypes(const std::string& user_id) {
    auto events = store.ReadValue(
        [&](Repositories& repos) { return repos.security_events().ListForUser(user_id, 200); });
    EXPECT_TRUE(events.ok());
    std::vector<std::string> types;
    if (!events.ok()) return types;
    for (auto it = events->rbegin(); it != events->rend(); ++it) types.push_back(it->type);
    return types;
  }

  // Turns MFA on for `user_id` (a pending secret, then enabled), as enrolment would.
  void EnableMfa(const std::string& user_id) {
    const std::string sealed = mfa_crypto.SealSecret("secret", user_id);
    ASSERT_TRUE(store
                    .Write([&](Repositories& repos) -> Status {
                      RETURN_IF_ERROR(repos.mfa().SavePending(user_id, sealed, clock.NowSeconds()));
                      auto enabled = repos.mfa().Enable(user_id, sealed, 0, clock.NowSeconds());
                      if (!enabled) return enabled.error();
                      return Status::Ok();
                    })
                    .ok());
  }

  const ClientInfo client{"192.0.2.1", "test", "en"};
  CountingMailComposer composer;
  ClearDataSealer sealer;
  FakeCodeChallenges challenges;
  FakeMfaCrypto mfa_crypto;
  StepUpGuard guard{300, clock};
  MfaService mfa{MfaPolicy(), store, mfa_crypto, tokens, random, clock, guard};
  InProcessEphemeralStore ephemeral{clock};
  RateLimitPolicy limits;
  RateLimiter limiter{limits, ephemeral, clock};
  MailOutbox outbox{composer, sealer, random, clock};
  TicketService tickets{TicketTtls(), tokens, clock};
  MailedTickets mailed{tickets, outbox, &limiter};
  EmailSignIn sign_in{sessions, &mfa};
  ExchangeCodes codes{store, tickets, sign_in, challenges, clock};
  RedirectPolicy redirects{{"https://app.test/callback", "https://*.apps.test/"}};
  AuditTrail flow_audit{clock, random};  // the flows' events
  std::unique_ptr<ActivationService> activation;
  std::unique_ptr<MagicLinkService> magic_links;
  std::unique_ptr<PasswordResetService> resets;
  std::unique_ptr<EmailChangeService> email_changes;
  std::unique_ptr<AccountDeletionService> deletions;
  std::unique_ptr<AccountService> flow_accounts;
};

}  // namespace portcullis::core::testing
