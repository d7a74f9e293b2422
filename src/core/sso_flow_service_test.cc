// Tests of single sign-on in core: the start's checks and state, the callback's state, binding and
// provider checks, whose account (identity, verified email, invite, open sign-up), MFA, the
// programmatic mode's exchange code, linking and unlinking, audit — on the memory store with a
// fake provider and the in-process EphemeralStore.
#include "core/sso_flow_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "common/mutex.h"
#include "common/thread_annotations.h"
#include "core/access_claims.h"
#include "core/testing/company_fixture.h"
#include "core/testing/fake_identity_provider.h"
#include "core/testing/loopback_broadcast.h"
#include "core/totp.h"

namespace portcullis::core {
namespace {

using testing::FakeCodeChallenges;
using testing::FakeIdentityProvider;

constexpr char kCallback[] = "https://auth.test/v1/auth/corp/callback";

ProviderAssertion Assertion(std::string subject, std::string email, bool verified,
                            std::string name = "Pat Doe") {
  ProviderAssertion a;
  a.subject = std::move(subject);
  a.email = std::move(email);
  a.email_verified = verified;
  a.name = std::move(name);
  return a;
}

class SsoFlowServiceTest : public testing::CompanyFixture {
 protected:
  // Alice registered with a password and proved her address (an activation mail came back).
  IssuedTokens VerifiedAlice() {
    IssuedTokens alice = RegisterAlice();
    EXPECT_TRUE(store.Write([&](Repositories& r) {
      return r.users().SetEmailVerified(alice.user.id, clock.NowSeconds(), clock.NowSeconds());
    }));
    return alice;
  }
  void SetUp() override {
    CompanyFixture::SetUp();
    ConfigureSso(SsoPolicy());
  }

  void ConfigureSso(SsoPolicy policy, EphemeralStore* flows = nullptr) {
    sso =
        std::make_unique<SsoFlowService>(SsoDeps{.policy = std::move(policy),
                                                 .providers = {{"corp", corp}, {"other", other}},
                                                 .store = store,
                                                 .ephemeral = flows != nullptr ? *flows : ephemeral,
                                                 .redirects = redirects,
                                                 .tokens = tokens,
                                                 .challenges = challenges,
                                                 .sign_in = sign_in,
                                                 .mfa = &mfa,
                                                 .codes = codes,
                                                 .enrollment = enrollment,
                                                 .audit = flow_audit,
                                                 .clock = clock,
                                                 .random = random,
                                                 .log_failure = [this](std::string_view line) {
                                                   MutexLock lock(log_mu);
                                                   log_lines.emplace_back(line);
                                                 }});
  }

  SsoStart Start(SsoStartRequest request = {}) {
    if (request.provider.empty()) request.provider = "corp";
    request.callback_url = kCallback;
    auto started = sso->Start(request);
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().detail);
    return started.ok() ? *started : SsoStart();
  }

  SsoCallbackRequest CallbackFor(const SsoStart& start, const std::string& state,
                                 const ProviderAssertion& assertion) {
    SsoCallbackRequest callback;
    callback.provider = "corp";
    callback.state = state;
    callback.code = corp->Approve(state, assertion);
    callback.browser_binding = start.browser_binding;
    callback.callback_url = kCallback;
    callback.client = client;
    return callback;
  }

  // A whole login: start, the provider vouches for `assertion`, the callback.
  SsoCallbackOutcome LogIn(const ProviderAssertion& assertion, SsoStartRequest request = {}) {
    const SsoStart start = Start(std::move(request));
    return sso->Callback(CallbackFor(start, corp->last_state(), assertion));
  }

  static IssuedTokens TokensOf(const SsoCallbackOutcome& outcome) {
    EXPECT_EQ(outcome.error, "");
    EXPECT_TRUE(outcome.login.has_value());
    if (!outcome.login || !std::holds_alternative<IssuedTokens>(*outcome.login)) return {};
    return std::get<IssuedTokens>(*outcome.login);
  }

  std::vector<LinkedIdentity> IdentitiesOf(const std::string& user_id) {
    auto listed = sso->ListIdentities(user_id);
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? *listed : std::vector<LinkedIdentity>();
  }

  bool HasUser(std::string_view email) {
    return store
        .Read([&](Repositories& repos) -> Status {
          RETURN_IF_ERROR(repos.users().FindByEmail(email));
          return Status::Ok();
        })
        .ok();
  }

  // Every sso_failed event's detail, after the trail's buffer is written.
  std::vector<std::string> FailureDetails() {
    EXPECT_TRUE(flow_audit.Flush(store).ok());
    SecurityEventQuery query;
    query.type = "sso_failed";
    query.limit = 200;
    auto events =
        store.ReadValue([&](Repositories& repos) { return repos.security_events().List(query); });
    EXPECT_TRUE(events.ok());
    std::vector<std::string> details;
    if (events.ok()) {
      for (const SecurityEvent& event : *events) details.push_back(event.detail);
    }
    return details;
  }

  void Disable(const std::string& user_id) {
    ASSERT_TRUE(store
                    .Write([&](Repositories& repos) {
                      return repos.users().SetDisabled(user_id, clock.NowSeconds(),
                                                       clock.NowSeconds());
                    })
                    .ok());
  }

  // The access token's claims for `issued`'s session.
  AccessClaims ClaimsOf(const IssuedTokens& issued) {
    return BuildAccessClaims(Policy(), issued.user, issued.session, issued.company, "jti",
                             clock.NowSeconds());
  }

  std::shared_ptr<FakeIdentityProvider> corp =
      std::make_shared<FakeIdentityProvider>("corp", challenges);
  std::shared_ptr<FakeIdentityProvider> other =
      std::make_shared<FakeIdentityProvider>("other", challenges);
  std::unique_ptr<SsoFlowService> sso;
  Mutex log_mu;
  std::vector<std::string> log_lines GUARDED_BY(log_mu);
};

// --- Start

TEST_F(SsoFlowServiceTest, StartSendsAFreshStateNonceAndTheS256OfAFreshVerifier) {
  const SsoStart first = Start();
  const auto request = corp->RequestFor(corp->last_state());
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(first.authorization_url, "https://idp.test/corp/authorize?state=" + request->state);
  EXPECT_EQ(request->redirect_uri, kCallback);
  EXPECT_FALSE(request->nonce.empty());
  EXPECT_NE(request->nonce, request->state);
  EXPECT_EQ(request->code_challenge.size(), 43u);
  EXPECT_FALSE(first.browser_binding.empty());
  const SsoStart second = Start();
  const auto next = corp->RequestFor(corp->last_state());
  ASSERT_TRUE(next.has_value());
  EXPECT_NE(next->state, request->state);
  EXPECT_NE(next->nonce, request->nonce);
  EXPECT_NE(next->code_challenge, request->code_challenge);
  EXPECT_NE(second.browser_binding, first.browser_binding);
}

TEST_F(SsoFlowServiceTest, StartRefusesAnUnknownProviderARedirectOffTheAllowlistAndABadChallenge) {
  SsoStartRequest request;
  request.provider = "nope";
  auto unknown = sso->Start(request);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  request.provider = "corp";
  request.redirect_uri = "https://evil.test/callback";
  auto open_redirect = sso->Start(request);
  ASSERT_FALSE(open_redirect.ok());
  EXPECT_EQ(open_redirect.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(open_redirect.error().field, Field::kRedirectTo);

  request.redirect_uri = "https://app.test/callback";
  request.code_challenge = "short";
  auto challenge = sso->Start(request);
  ASSERT_FALSE(challenge.ok());
  EXPECT_EQ(challenge.error().code, ErrorCode::kInvalidRequest);

  request.code_challenge = FakeCodeChallenges::ChallengeOf("client-verifier");
  EXPECT_TRUE(sso->Start(request).ok());
}

TEST_F(SsoFlowServiceTest, StartRefusesADeadInviteBeforeTheProvider) {
  SsoStartRequest request;
  request.provider = "corp";
  request.invite = "no-such-invite";
  auto started = sso->Start(request);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(started.error().field, Field::kInvite);
  EXPECT_EQ(corp->last_state(), "");
}

TEST_F(SsoFlowServiceTest, StartIsUnavailableWhenTheProviderOrTheStateStoreIsDown) {
  SsoStartRequest request;
  request.provider = "corp";
  corp->SetUnavailable(true);
  auto provider_down = sso->Start(request);
  ASSERT_FALSE(provider_down.ok());
  EXPECT_EQ(provider_down.error().code, ErrorCode::kUnavailable);
  corp->SetUnavailable(false);

  testing::LoopbackBroadcast no_values;  // single-use values answer kUnavailable
  ConfigureSso(SsoPolicy(), &no_values);
  auto store_down = sso->Start(request);
  ASSERT_FALSE(store_down.ok());
  EXPECT_EQ(store_down.error().code, ErrorCode::kUnavailable);
  ConfigureSso(SsoPolicy());
}

// --- The callback's state

TEST_F(SsoFlowServiceTest, AStateIsUsedOnce) {
  ConfigureSso(SsoPolicy{.signup = true});
  const SsoStart start = Start();
  const std::string state = corp->last_state();
  const ProviderAssertion pat = Assertion("s-1", "pat@example.com", true);
  EXPECT_EQ(sso->Callback(CallbackFor(start, state, pat)).error, "");
  const int redeemed = corp->redeemed();
  const SsoCallbackOutcome replay = sso->Callback(CallbackFor(start, state, pat));
  EXPECT_EQ(replay.error, sso_error::kInvalidState);
  EXPECT_FALSE(replay.login.has_value());
  EXPECT_EQ(corp->redeemed(), redeemed);  // refused before the provider is asked
}

TEST_F(SsoFlowServiceTest, AnotherBrowsersCallbackFailsAndSpendsTheState) {
  ConfigureSso(SsoPolicy{.signup = true});
  SsoStartRequest programmatic;
  programmatic.redirect_uri = "https://app.test/callback";
  const SsoStart start = Start(programmatic);
  const std::string state = corp->last_state();
  const ProviderAssertion pat = Assertion("s-1", "pat@example.com", true);
  SsoCallbackRequest foreign = CallbackFor(start, state, pat);
  foreign.browser_binding = "another browser's cookie";
  const SsoCallbackOutcome refused = sso->Callback(foreign);
  EXPECT_EQ(refused.error, sso_error::kInvalidState);
  EXPECT_EQ(refused.redirect_uri, "");  // not the flow's target: the state was not this browser's
  SsoCallbackRequest no_cookie = CallbackFor(start, state, pat);
  no_cookie.browser_binding.clear();
  EXPECT_EQ(sso->Callback(no_cookie).error, sso_error::kInvalidState);
  EXPECT_EQ(sso->Callback(CallbackFor(start, state, pat)).error, sso_error::kInvalidState);
  EXPECT_FALSE(HasUser("pat@example.com"));
}

TEST_F(SsoFlowServiceTest, AStateExpiresAfterStateTtl) {
  ConfigureSso(SsoPolicy{.signup = true});
  const SsoStart start = Start();
  const std::string state = corp->last_state();
  clock.Advance(301);
  EXPECT_EQ(
      sso->Callback(CallbackFor(start, state, Assertion("s-1", "pat@example.com", true))).error,
      sso_error::kInvalidState);
}

TEST_F(SsoFlowServiceTest, AStateIsOnlyGoodForTheProviderItWasStartedFor) {
  ConfigureSso(SsoPolicy{.signup = true});
  const SsoStart start = Start();
  SsoCallbackRequest callback =
      CallbackFor(start, corp->last_state(), Assertion("s-1", "pat@example.com", true));
  callback.provider = "other";
  EXPECT_EQ(sso->Callback(callback).error, sso_error::kInvalidState);
  callback.provider = "nope";
  EXPECT_EQ(sso->Callback(callback).error, sso_error::kUnknownProvider);
}

TEST_F(SsoFlowServiceTest, ConcurrentCallbacksWithOneStateHaveOneWinner) {
  ConfigureSso(SsoPolicy{.signup = true});
  const SsoStart start = Start();
  const std::string state = corp->last_state();
  const ProviderAssertion pat = Assertion("s-1", "pat@example.com", true);
  std::vector<SsoCallbackRequest> callbacks;
  for (int i = 0; i < 8; ++i) callbacks.push_back(CallbackFor(start, state, pat));
  std::atomic<int> won{0};
  std::atomic<int> invalid{0};
  std::vector<std::thread> threads;
  for (const SsoCallbackRequest& callback : callbacks) {
    threads.emplace_back([&, callback] {
      const SsoCallbackOutcome outcome = sso->Callback(callback);
      if (outcome.error.empty()) ++won;
      if (outcome.error == sso_error::kInvalidState) ++invalid;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(invalid.load(), 7);
}

// --- The provider's answer

TEST_F(SsoFlowServiceTest, TheProvidersErrorAnswerEndsTheFlow) {
  const SsoStart start = Start();
  SsoCallbackRequest denied = CallbackFor(start, corp->last_state(), {});
  denied.code.clear();
  denied.error = "access_denied";
  EXPECT_EQ(sso->Callback(denied).error, sso_error::kAccessDenied);

  const SsoStart again = Start();
  SsoCallbackRequest failed = CallbackFor(again, corp->last_state(), {});
  failed.code.clear();
  failed.error = "temporarily_unavailable";
  EXPECT_EQ(sso->Callback(failed).error, sso_error::kProviderError);
  EXPECT_EQ(corp->redeemed(), 0);
}

TEST_F(SsoFlowServiceTest, ACodeTheProviderRefusesOrATokenThatFailsVerificationIsInvalidToken) {
  ConfigureSso(SsoPolicy{.signup = true});
  const ProviderAssertion pat = Assertion("s-1", "pat@example.com", true);
  corp->FailRedeem(MakeError(ErrorCode::kTokenInvalid, "bad signature"));
  EXPECT_EQ(LogIn(pat).error, sso_error::kInvalidToken);
  corp->FailRedeem(MakeError(ErrorCode::kInvalidRequest, "invalid_grant"));
  EXPECT_EQ(LogIn(pat).error, sso_error::kInvalidToken);
  corp->FailRedeem(MakeError(ErrorCode::kUnavailable, "timeout"));
  EXPECT_EQ(LogIn(pat).error, sso_error::kProviderUnavailable);
  corp->FailRedeem(std::nullopt);
  // A code redeemed with another flow's verifier and nonce: the provider refuses it.
  const SsoStart first = Start();
  const std::string first_state = corp->last_state();
  const SsoStart second = Start();
  SsoCallbackRequest crossed = CallbackFor(second, corp->last_state(), pat);
  crossed.code = corp->Approve(first_state, pat);
  EXPECT_EQ(sso->Callback(crossed).error, sso_error::kInvalidToken);
  static_cast<void>(first);
  EXPECT_FALSE(HasUser("pat@example.com"));
}

// --- Whose account

TEST_F(SsoFlowServiceTest, AKnownIdentityLogsInWithAmrSsoAndTheProviderInIdp) {
  ConfigureSso(SsoPolicy{.signup = true});
  const IssuedTokens first = TokensOf(LogIn(Assertion("s-1", "pat@example.com", true)));
  clock.Advance(60);
  // The provider's address changed since: the identity still names the account.
  const IssuedTokens again = TokensOf(LogIn(Assertion("s-1", "pat@elsewhere.example", false)));
  EXPECT_EQ(again.user.id, first.user.id);
  EXPECT_EQ(again.session.amr, "sso:corp");
  const AccessClaims claims = ClaimsOf(again);
  EXPECT_EQ(claims.amr, std::vector<std::string>{"sso"});
  ASSERT_EQ(claims.extra.size(), 1u);
  EXPECT_EQ(claims.extra[0].first, "idp");
  EXPECT_EQ(claims.extra[0].second, "\"corp\"");
  const auto identities = IdentitiesOf(first.user.id);
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].last_login_at, clock.NowSeconds());
  EXPECT_EQ(UserEventTypes(first.user.id),
            (std::vector<std::string>{"sso_signup", "sso_login", "sso_login"}));
}

TEST_F(SsoFlowServiceTest, AVerifiedAddressLinksItsAccount) {
  const IssuedTokens alice = VerifiedAlice();
  const IssuedTokens issued = TokensOf(LogIn(Assertion("s-9", "ALICE@example.com", true)));
  EXPECT_EQ(issued.user.id, alice.user.id);
  const auto identities = IdentitiesOf(alice.user.id);
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].provider, "corp");
  EXPECT_EQ(identities[0].subject, "s-9");
  const auto types = UserEventTypes(alice.user.id);
  ASSERT_GE(types.size(), 2u);
  EXPECT_EQ(types[types.size() - 2], "sso_linked");
  EXPECT_EQ(types.back(), "sso_login");
}

// Pre-account hijacking: someone registers the owner's address with a password of their own and
// never proves it; the owner's verified provider login must not hand them the owner's identity.
TEST_F(SsoFlowServiceTest, AnAccountWhoseAddressWasNeverProvenIsNotLinked) {
  const IssuedTokens squatter = RegisterAlice();
  const SsoCallbackOutcome refused = LogIn(Assertion("s-9", "alice@example.com", true));
  EXPECT_EQ(refused.error, sso_error::kEmailNotVerified);
  EXPECT_FALSE(refused.login.has_value());
  EXPECT_TRUE(IdentitiesOf(squatter.user.id).empty());
  EXPECT_EQ(store.ReadValue([&](Repositories& r) { return r.users().FindById(squatter.user.id); })
                ->email_verified_at,
            0);
}

TEST_F(SsoFlowServiceTest, AnUnverifiedAddressLinksNothing) {
  const IssuedTokens alice = VerifiedAlice();
  ConfigureSso(SsoPolicy{.signup = true});
  const SsoCallbackOutcome refused = LogIn(Assertion("s-9", "alice@example.com", false));
  EXPECT_EQ(refused.error, sso_error::kEmailNotVerified);
  EXPECT_FALSE(refused.login.has_value());
  EXPECT_TRUE(IdentitiesOf(alice.user.id).empty());
  // The identity is not linked to anyone: the next login through it is no known identity.
  EXPECT_EQ(LogIn(Assertion("s-9", "alice@example.com", false)).error,
            sso_error::kEmailNotVerified);
}

TEST_F(SsoFlowServiceTest, LinkByEmailOffLinksNothingEvenVerified) {
  const IssuedTokens alice = VerifiedAlice();
  ConfigureSso(SsoPolicy{.signup = true, .link_by_email = false});
  EXPECT_EQ(LogIn(Assertion("s-9", "alice@example.com", true)).error, sso_error::kEmailNotVerified);
  EXPECT_TRUE(IdentitiesOf(alice.user.id).empty());
}

TEST_F(SsoFlowServiceTest, WithoutSignUpOrInviteAnUnknownUserGetsNoAccount) {
  EXPECT_EQ(LogIn(Assertion("s-1", "pat@example.com", true)).error, sso_error::kSignupDisabled);
  EXPECT_FALSE(HasUser("pat@example.com"));
}

TEST_F(SsoFlowServiceTest, OpenSignUpCreatesAnAccountWithoutAPassword) {
  ConfigureSso(SsoPolicy{.signup = true});
  const IssuedTokens issued = TokensOf(LogIn(Assertion("s-1", "Pat@Example.com", true)));
  EXPECT_EQ(issued.user.email, "pat@example.com");
  EXPECT_TRUE(issued.user.password_hash.empty());
  EXPECT_TRUE(issued.user.active);
  EXPECT_NE(issued.user.email_verified_at, 0);
  EXPECT_EQ(issued.user.display_name, "Pat Doe");
  ASSERT_EQ(IdentitiesOf(issued.user.id).size(), 1u);
  // An address the provider does not vouch for makes no account: its real owner's verified
  // login would later link into it.
  EXPECT_EQ(LogIn(Assertion("s-2", "sam@example.com", false)).error, sso_error::kEmailNotVerified);
  EXPECT_FALSE(HasUser("sam@example.com"));
  // No address at all: no account.
  EXPECT_EQ(LogIn(Assertion("s-3", "", false)).error, sso_error::kEmailNotVerified);
}

TEST_F(SsoFlowServiceTest, AnInviteForTheAddressCreatesAMemberOfTheInvitingCompany) {
  const IssuedTokens owner = Register("owner@example.com");
  const std::string company = CompanyOf(owner);
  ASSERT_TRUE(
      invites.Invite(As(owner), company, "pat@example.com", CompanyRole::kAdmin, client).ok());
  const std::string ticket = TakeMail().back().Ticket();
  SsoStartRequest request;
  request.invite = ticket;
  const IssuedTokens pat = TokensOf(LogIn(Assertion("s-1", "pat@example.com", false), request));
  ASSERT_TRUE(pat.company.has_value());
  EXPECT_EQ(pat.company->company_id, company);
  EXPECT_EQ(pat.company->role, CompanyRole::kAdmin);
  EXPECT_NE(pat.user.email_verified_at, 0);  // the invite mailed to it came back
  // The invite is spent.
  auto reused = sso->Start(SsoStartRequest{.provider = "corp", .invite = ticket});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().field, Field::kInvite);
}

TEST_F(SsoFlowServiceTest, AnInviteForAnotherAddressCreatesNothing) {
  const IssuedTokens owner = Register("owner@example.com");
  const std::string company = CompanyOf(owner);
  ASSERT_TRUE(
      invites.Invite(As(owner), company, "pat@example.com", CompanyRole::kMember, client).ok());
  const std::string ticket = TakeMail().back().Ticket();
  SsoStartRequest request;
  request.invite = ticket;
  EXPECT_EQ(LogIn(Assertion("s-1", "sam@example.com", true), request).error,
            sso_error::kInvalidInvite);
  EXPECT_FALSE(HasUser("sam@example.com"));
  // The invite is still good for its own address.
  request.invite = ticket;
  const IssuedTokens pat = TokensOf(LogIn(Assertion("s-2", "pat@example.com", true), request));
  ASSERT_TRUE(pat.company.has_value());
  EXPECT_EQ(pat.company->company_id, company);
}

TEST_F(SsoFlowServiceTest, ADisabledAccountGetsNoSession) {
  ConfigureSso(SsoPolicy{.signup = true});
  const IssuedTokens pat = TokensOf(LogIn(Assertion("s-1", "pat@example.com", true)));
  Disable(pat.user.id);
  const SsoCallbackOutcome refused = LogIn(Assertion("s-1", "pat@example.com", true));
  EXPECT_EQ(refused.error, sso_error::kAccountDisabled);
  EXPECT_FALSE(refused.login.has_value());
  const IssuedTokens alice = VerifiedAlice();
  Disable(alice.user.id);
  EXPECT_EQ(LogIn(Assertion("s-2", "alice@example.com", true)).error, sso_error::kAccountDisabled);
  EXPECT_TRUE(IdentitiesOf(alice.user.id).empty());  // refused in the Write: nothing linked
}

// --- MFA

TEST_F(SsoFlowServiceTest, AUserWithTotpGetsATicketWhoseSecondStepSaysSsoAndOtp) {
  const IssuedTokens alice = VerifiedAlice();
  EnableMfa(alice.user.id);
  const SsoCallbackOutcome outcome = LogIn(Assertion("s-9", "alice@example.com", true));
  EXPECT_EQ(outcome.error, "");
  ASSERT_TRUE(outcome.login.has_value());
  ASSERT_TRUE(std::holds_alternative<MfaChallenge>(*outcome.login));
  const std::string code = TotpCode(mfa_crypto, "secret", TotpStep(clock.NowSeconds()));
  auto second =
      flow_accounts->LoginWithTicket(std::get<MfaChallenge>(*outcome.login).ticket, code, client);
  ASSERT_TRUE(second.ok()) << second.error().detail;
  EXPECT_EQ(second->user.id, alice.user.id);
  EXPECT_EQ(second->session.amr, "sso:corp,otp");
  const AccessClaims claims = ClaimsOf(*second);
  EXPECT_EQ(claims.amr, (std::vector<std::string>{"sso", "otp"}));
  ASSERT_EQ(claims.extra.size(), 1u);
  EXPECT_EQ(claims.extra[0].second, "\"corp\"");
}

TEST_F(SsoFlowServiceTest, ATrustedProvidersMfaSkipsTheTotpStep) {
  const IssuedTokens alice = VerifiedAlice();
  EnableMfa(alice.user.id);
  ProviderAssertion with_mfa = Assertion("s-9", "alice@example.com", true);
  with_mfa.amr = {"pwd", "mfa"};
  // Not trusted: the provider's word is not enough.
  const SsoCallbackOutcome untrusted = LogIn(with_mfa);
  ASSERT_TRUE(untrusted.login.has_value());
  EXPECT_TRUE(std::holds_alternative<MfaChallenge>(*untrusted.login));

  SsoPolicy policy;
  policy.trust_mfa["corp"] = true;
  ConfigureSso(policy);
  const IssuedTokens trusted = TokensOf(LogIn(with_mfa));
  EXPECT_EQ(trusted.user.id, alice.user.id);
  EXPECT_EQ(trusted.session.amr, "sso:corp,mfa");
  EXPECT_EQ(ClaimsOf(trusted).amr, (std::vector<std::string>{"sso", "mfa"}));
  // Trusted, but this login showed no MFA: the TOTP step.
  const SsoCallbackOutcome password_only = LogIn(Assertion("s-9", "alice@example.com", true));
  ASSERT_TRUE(password_only.login.has_value());
  EXPECT_TRUE(std::holds_alternative<MfaChallenge>(*password_only.login));
  // One method, however strong, is not multiple factors (a mailed one-time code reports "otp", a
  // passkey alone "hwk"): the TOTP step.
  for (const char* single : {"otp", "hwk", "sms"}) {
    ProviderAssertion one_method = Assertion("s-9", "alice@example.com", true);
    one_method.amr = {single};
    const SsoCallbackOutcome asked = LogIn(one_method);
    ASSERT_TRUE(asked.login.has_value()) << single;
    EXPECT_TRUE(std::holds_alternative<MfaChallenge>(*asked.login)) << single;
  }
}

// --- Programmatic mode

TEST_F(SsoFlowServiceTest, ProgrammaticModeEndsInAnExchangeCodeForTheClientsVerifier) {
  ConfigureSso(SsoPolicy{.signup = true});
  SsoStartRequest request;
  request.redirect_uri = "https://app.test/callback";
  request.code_challenge = FakeCodeChallenges::ChallengeOf("client-verifier");
  const SsoCallbackOutcome outcome = LogIn(Assertion("s-1", "pat@example.com", true), request);
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(outcome.redirect_uri, "https://app.test/callback");
  EXPECT_FALSE(outcome.login.has_value());
  EXPECT_FALSE(outcome.mfa.has_value());
  ASSERT_FALSE(outcome.exchange_code.empty());
  EXPECT_FALSE(codes.Redeem(outcome.exchange_code, "another verifier", client).ok());

  const SsoCallbackOutcome again = LogIn(Assertion("s-1", "pat@example.com", true), request);
  auto redeemed = codes.Redeem(again.exchange_code, "client-verifier", client);
  ASSERT_TRUE(redeemed.ok()) << redeemed.error().detail;
  const IssuedTokens issued = Tokens(std::move(redeemed));
  EXPECT_EQ(issued.user.email, "pat@example.com");
  EXPECT_EQ(issued.session.amr, "sso:corp");
  EXPECT_FALSE(codes.Redeem(again.exchange_code, "client-verifier", client).ok());
}

TEST_F(SsoFlowServiceTest, ProgrammaticModeAsksAUserWithTotpForTheSecondStep) {
  const IssuedTokens alice = VerifiedAlice();
  EnableMfa(alice.user.id);
  SsoStartRequest request;
  request.redirect_uri = "https://app.test/callback";
  const SsoCallbackOutcome outcome = LogIn(Assertion("s-9", "alice@example.com", true), request);
  EXPECT_EQ(outcome.error, "");
  EXPECT_TRUE(outcome.exchange_code.empty());
  EXPECT_FALSE(outcome.login.has_value());
  ASSERT_TRUE(outcome.mfa.has_value());
  const std::string code = TotpCode(mfa_crypto, "secret", TotpStep(clock.NowSeconds()));
  auto second = flow_accounts->LoginWithTicket(outcome.mfa->ticket, code, client);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->session.amr, "sso:corp,otp");
}

TEST_F(SsoFlowServiceTest, ProgrammaticModeWithATrustedProvidersMfaRedeemsWithoutTheSecondStep) {
  const IssuedTokens alice = VerifiedAlice();
  EnableMfa(alice.user.id);
  SsoPolicy policy;
  policy.trust_mfa["corp"] = true;
  ConfigureSso(policy);
  ProviderAssertion with_mfa = Assertion("s-9", "alice@example.com", true);
  with_mfa.amr = {"mfa"};
  SsoStartRequest request;
  request.redirect_uri = "https://app.test/callback";
  const SsoCallbackOutcome outcome = LogIn(with_mfa, request);
  ASSERT_FALSE(outcome.exchange_code.empty());
  const IssuedTokens issued = Tokens(codes.Redeem(outcome.exchange_code, "", client));
  EXPECT_EQ(issued.user.id, alice.user.id);
  EXPECT_EQ(issued.session.amr, "sso:corp,mfa");
}

// --- Linking and unlinking

TEST_F(SsoFlowServiceTest, ALinkFlowLinksTheIdentityToTheSignedInUserOnce) {
  const IssuedTokens alice = VerifiedAlice();
  SsoStartRequest request;
  request.purpose = SsoPurpose::kLink;
  request.link_user_id = alice.user.id;
  // Another address than the account's: linking does not look at it.
  const SsoCallbackOutcome linked = LogIn(Assertion("s-9", "a.l@corp.example", false), request);
  EXPECT_EQ(linked.error, "");
  EXPECT_EQ(linked.purpose, SsoPurpose::kLink);
  EXPECT_FALSE(linked.login.has_value());
  EXPECT_TRUE(linked.exchange_code.empty());
  ASSERT_TRUE(linked.linked.has_value());
  EXPECT_EQ(linked.linked->user_id, alice.user.id);
  EXPECT_EQ(linked.linked->subject, "s-9");
  const SsoCallbackOutcome again = LogIn(Assertion("s-9", "a.l@corp.example", false), request);
  EXPECT_EQ(again.error, "");
  ASSERT_TRUE(again.linked.has_value());
  EXPECT_EQ(again.linked->id, linked.linked->id);
  EXPECT_EQ(IdentitiesOf(alice.user.id).size(), 1u);
  // The identity now logs alice in.
  EXPECT_EQ(TokensOf(LogIn(Assertion("s-9", "a.l@corp.example", false))).user.id, alice.user.id);
}

TEST_F(SsoFlowServiceTest, AnIdentityOfAnotherAccountIsNotLinked) {
  ConfigureSso(SsoPolicy{.signup = true});
  const IssuedTokens pat = TokensOf(LogIn(Assertion("s-1", "pat@example.com", true)));
  const IssuedTokens alice = VerifiedAlice();
  SsoStartRequest request;
  request.purpose = SsoPurpose::kLink;
  request.link_user_id = alice.user.id;
  const SsoCallbackOutcome taken = LogIn(Assertion("s-1", "pat@example.com", true), request);
  EXPECT_EQ(taken.error, sso_error::kIdentityTaken);
  EXPECT_FALSE(taken.linked.has_value());
  EXPECT_TRUE(IdentitiesOf(alice.user.id).empty());
  EXPECT_EQ(IdentitiesOf(pat.user.id).size(), 1u);
}

TEST_F(SsoFlowServiceTest, UnlinkRefusesTheLastWayToLogIn) {
  ConfigureSso(SsoPolicy{.signup = true});
  const IssuedTokens pat = TokensOf(LogIn(Assertion("s-1", "pat@example.com", true)));
  const auto only = IdentitiesOf(pat.user.id);
  ASSERT_EQ(only.size(), 1u);
  Status refused = sso->Unlink(pat.user.id, only[0].id, client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().reason, Reason::kLastLoginMethod);

  SsoStartRequest link;
  link.purpose = SsoPurpose::kLink;
  link.link_user_id = pat.user.id;
  ASSERT_EQ(LogIn(Assertion("s-2", "pat@example.com", true), link).error, "");
  ASSERT_EQ(IdentitiesOf(pat.user.id).size(), 2u);
  EXPECT_TRUE(sso->Unlink(pat.user.id, only[0].id, client).ok());
  const auto left = IdentitiesOf(pat.user.id);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].subject, "s-2");
  EXPECT_EQ(UserEventTypes(pat.user.id).back(), "sso_unlinked");
  // Unlinked: s-1 is nobody's now (and sign-up would make it a new account).
  EXPECT_NE(TokensOf(LogIn(Assertion("s-1", "other@example.com", true))).user.id, pat.user.id);
}

TEST_F(SsoFlowServiceTest, UnlinkLeavesAnAccountWithAPasswordNoIdentityAndKnowsOnlyItsOwn) {
  const IssuedTokens alice = VerifiedAlice();
  ASSERT_EQ(LogIn(Assertion("s-9", "alice@example.com", true)).error, "");
  const auto identities = IdentitiesOf(alice.user.id);
  ASSERT_EQ(identities.size(), 1u);
  ConfigureSso(SsoPolicy{.signup = true});
  const IssuedTokens pat = TokensOf(LogIn(Assertion("s-1", "pat@example.com", true)));
  Status foreign = sso->Unlink(pat.user.id, identities[0].id, client);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(sso->Unlink(alice.user.id, identities[0].id, client).ok());
  EXPECT_TRUE(IdentitiesOf(alice.user.id).empty());
  Status gone = sso->Unlink(alice.user.id, identities[0].id, client);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

// --- Audit and logs

TEST_F(SsoFlowServiceTest, FailuresAreAuditedAndLoggedWithTheirCodeButNoSecret) {
  const SsoStart start = Start();
  const std::string state = corp->last_state();
  SsoCallbackRequest foreign = CallbackFor(start, state, Assertion("s-1", "pat@example.com", true));
  const std::string code = foreign.code;
  foreign.browser_binding = "another browser's cookie";
  EXPECT_EQ(sso->Callback(foreign).error, sso_error::kInvalidState);
  EXPECT_EQ(LogIn(Assertion("s-2", "sam@example.com", true)).error, sso_error::kSignupDisabled);
  const auto details = FailureDetails();
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[1], "provider=corp error=invalid_state");  // newest first
  EXPECT_EQ(details[0], "provider=corp error=signup_disabled");
  MutexLock lock(log_mu);
  ASSERT_EQ(log_lines.size(), 2u);
  for (const std::string& line : log_lines) {
    EXPECT_EQ(line.find(state), std::string::npos) << line;
    EXPECT_EQ(line.find(code), std::string::npos) << line;
    EXPECT_EQ(line.find(start.browser_binding), std::string::npos) << line;
    EXPECT_NE(line.find("provider=corp"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace portcullis::core
