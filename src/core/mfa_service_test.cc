// Tests for MFA: enrolment, both login flows, replay, recovery codes, tickets, throttling and
// step-up, on the memory store with fakes and a fake clock.
#include "core/mfa_service.h"

#include <gtest/gtest.h>

#include "core/testing/service_fixture.h"
#include "core/totp.h"

namespace portcullis::core {
namespace {

class MfaServiceTest : public testing::ServiceFixture {
 protected:
  // Registers alice, enrols her and returns her recovery codes.
  std::vector<std::string> EnrolAlice() {
    alice = RegisterAlice();
    auto principal = sessions.Authenticate(alice.access_token);
    EXPECT_TRUE(principal.ok());
    me = *principal;
    auto setup = mfa.BeginSetup(me, client);
    EXPECT_TRUE(setup.ok());
    secret = Base32Decode(setup->secret).value_or("");
    EXPECT_EQ(secret.size(), 20u);
    auto codes = mfa.ConfirmSetup(me, Code(), client);
    EXPECT_TRUE(codes.ok());
    return codes.ok() ? *codes : std::vector<std::string>{};
  }
  std::string Code() { return TotpCode(crypto, secret, TotpStep(clock.NowSeconds())); }
  void NextStep() { clock.Advance(kTotpPeriod); }
  Credentials AliceCredentials(std::optional<std::string> code = std::nullopt) {
    Credentials c{"alice@example.com", "", "correct horse", std::move(code)};
    return c;
  }
  // The second factor checked and spent in a Write of its own, as a login would.
  Result<SecondFactor> Verify(std::string_view code, const ClientInfo& from) {
    return store.WriteDecision([&](Repositories& repos) {
      return mfa.Verify(repos, alice.user.id, code, from, Field::kTotpCode, clock.NowSeconds());
    });
  }
  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    auto events = store.ReadValue(
        [&](Repositories& r) { return r.security_events().ListForUser(alice.user.id, 100); });
    if (!events.ok()) return types;
    for (std::size_t i = 0; i < events->size(); ++i) types.push_back((*events)[i].type);
    return types;
  }

  testing::FakeMfaCrypto crypto;
  StepUpGuard guard{300, clock};
  MfaService mfa{MfaPolicy{}, store, crypto, tokens, random, clock, guard};
  AccountService mfa_accounts{store, hasher, sessions, random, clock, &mfa};
  ClientInfo client{"192.0.2.7", "test-agent"};
  IssuedTokens alice;
  Principal me;
  std::string secret;
};

TEST_F(MfaServiceTest, EnrolmentNeedsARightCodeAndGivesEightRecoveryCodes) {
  alice = RegisterAlice();
  me = *sessions.Authenticate(alice.access_token);
  auto none = mfa.ConfirmSetup(me, "123456", client);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidRequest);
  auto setup = mfa.BeginSetup(me, client);
  ASSERT_TRUE(setup.ok());
  EXPECT_TRUE(setup->otpauth_uri.starts_with("otpauth://totp/Portcullis:alice%40example.com?"));
  secret = *Base32Decode(setup->secret);
  auto wrong = mfa.ConfirmSetup(me, "000000", client);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_FALSE(store.ReadValue([&](Repositories& r) { return r.users().FindById(alice.user.id); })
                   ->mfa_enabled);
  auto codes = mfa.ConfirmSetup(me, Code(), client);
  ASSERT_TRUE(codes.ok());
  EXPECT_EQ(codes->size(), 8u);
  EXPECT_TRUE(store.ReadValue([&](Repositories& r) { return r.users().FindById(alice.user.id); })
                  ->mfa_enabled);
  auto state = store.ReadValue([&](Repositories& r) { return r.mfa().Find(alice.user.id); });
  ASSERT_TRUE(state.ok());
  EXPECT_TRUE(state->enabled);
  EXPECT_TRUE(state->pending_sealed.empty());
  EXPECT_EQ(*store.ReadValue(
                [&](Repositories& r) { return r.mfa().CountUnusedRecoveryCodes(alice.user.id); }),
            8);
  auto again = mfa.BeginSetup(me, client);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(EventTypes(), (std::vector<std::string>{"mfa_enabled", "mfa_failed"}));
}

TEST_F(MfaServiceTest, OneStepLoginNeedsTheCodeAndRefusesItsReplay) {
  EnrolAlice();
  auto plain = mfa_accounts.Login(AliceCredentials(), client);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(TicketOf(plain).empty());
  // The enrolment code's step is spent already.
  auto replayed_enrolment = Opened(mfa_accounts.Login(AliceCredentials(Code()), client));
  ASSERT_FALSE(replayed_enrolment.ok());
  EXPECT_EQ(replayed_enrolment.error().code, ErrorCode::kInvalidCredentials);
  NextStep();
  const std::string code = Code();
  auto login = Opened(mfa_accounts.Login(AliceCredentials(code), client));
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->session.amr, "pwd,otp");
  auto replay = Opened(mfa_accounts.Login(AliceCredentials(code), client));
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(replay.error().field, Field::kTotpCode);
  auto wrong_password =
      Opened(mfa_accounts.Login({"alice@example.com", "", "nope nope", code}, client));
  ASSERT_FALSE(wrong_password.ok());
  EXPECT_EQ(wrong_password.error().code, ErrorCode::kInvalidCredentials);
}

TEST_F(MfaServiceTest, RecoveryCodeWorksOnceInAnyCaseOrSpacing) {
  auto codes = EnrolAlice();
  std::string typed = codes[3];
  for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto login = Opened(mfa_accounts.Login(AliceCredentials(typed), client));
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->session.amr, "pwd,recovery");
  auto again = Opened(mfa_accounts.Login(AliceCredentials(codes[3]), client));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(*store.ReadValue(
                [&](Repositories& r) { return r.mfa().CountUnusedRecoveryCodes(alice.user.id); }),
            7);
  EXPECT_EQ(EventTypes().at(1), "recovery_code_used");
}

TEST_F(MfaServiceTest, TicketIsSingleUseAndExpires) {
  EnrolAlice();
  NextStep();
  auto first = mfa_accounts.Login(AliceCredentials(), client);
  const std::string ticket = TicketOf(first);
  auto login = mfa_accounts.LoginWithTicket(ticket, Code(), client);
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->session.amr, "pwd,otp");
  NextStep();
  auto reused = mfa_accounts.LoginWithTicket(ticket, Code(), client);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().field, Field::kTicket);

  auto second = mfa_accounts.Login(AliceCredentials(), client);
  const std::string late = TicketOf(second);
  clock.Advance(301);
  auto expired = mfa_accounts.LoginWithTicket(late, Code(), client);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(expired.error().field, Field::kTicket);
  EXPECT_FALSE(mfa_accounts.LoginWithTicket("no such ticket", Code(), client).ok());
}

TEST_F(MfaServiceTest, TicketDiesAfterFiveWrongCodes) {
  EnrolAlice();
  NextStep();
  const std::string ticket = TicketOf(mfa_accounts.Login(AliceCredentials(), client));
  for (int i = 0; i < 5; ++i) {
    auto wrong = mfa_accounts.LoginWithTicket(ticket, "000000", client);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().field, Field::kCode);
  }
  clock.Advance(2);  // past the throttling delay that the fifth failure started
  auto right = mfa_accounts.LoginWithTicket(ticket, Code(), client);
  ASSERT_FALSE(right.ok());
  EXPECT_EQ(right.error().field, Field::kTicket);
}

TEST_F(MfaServiceTest, WrongCodesAreSlowedThenLocked) {
  EnrolAlice();
  NextStep();
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Verify("000000", client).ok());
  // The fifth failure asks for a 1 s pause: even the right code is refused inside it.
  EXPECT_FALSE(Verify(Code(), client).ok());
  clock.Advance(1);
  EXPECT_TRUE(Verify(Code(), client).ok());  // and success resets the count
  NextStep();
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(Verify("000000", client).ok());
    clock.Advance(60);
  }
  const auto state = *store.ReadValue([&](Repositories& r) { return r.mfa().Find(alice.user.id); });
  EXPECT_GT(state.locked_until, clock.NowSeconds());
  auto locked = Verify(Code(), client);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kInvalidCredentials);
  clock.Set(state.locked_until);
  EXPECT_TRUE(Verify(Code(), client).ok());
  EXPECT_NE(std::find(EventTypes().begin(), EventTypes().end(), "mfa_locked"), EventTypes().end());
}

TEST_F(MfaServiceTest, DisableAndRegenerateNeedARecentStepUp) {
  auto codes = EnrolAlice();
  clock.Advance(301);
  me = *sessions.Authenticate(alice.access_token);
  auto stale = mfa.Disable(me, Code(), client);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kStepUpRequired);
  auto stale_codes = mfa.RegenerateRecoveryCodes(me, client);
  ASSERT_FALSE(stale_codes.ok());
  EXPECT_EQ(stale_codes.error().code, ErrorCode::kStepUpRequired);

  auto no_code = mfa_accounts.StepUp(me, "correct horse", std::nullopt, client);
  ASSERT_FALSE(no_code.ok());
  EXPECT_EQ(no_code.error().code, ErrorCode::kMfaRequired);
  auto bad_password = mfa_accounts.StepUp(me, "wrong horse", Code(), client);
  ASSERT_FALSE(bad_password.ok());
  EXPECT_EQ(bad_password.error().code, ErrorCode::kInvalidCredentials);
  auto stepped = mfa_accounts.StepUp(me, "correct horse", Code(), client);
  ASSERT_TRUE(stepped.ok());
  EXPECT_TRUE(stepped->refresh_token.empty());
  EXPECT_EQ(
      store.ReadValue([&](Repositories& r) { return r.sessions().FindSession(me.session_id); })
          ->step_up_at,
      clock.NowSeconds());
  me = *sessions.Authenticate(stepped->access_token);
  EXPECT_EQ(me.auth_time, clock.NowSeconds());

  auto fresh_codes = mfa.RegenerateRecoveryCodes(me, client);
  ASSERT_TRUE(fresh_codes.ok());
  EXPECT_EQ(fresh_codes->size(), 8u);
  EXPECT_FALSE(mfa.Disable(me, codes[0], client).ok());  // the old codes are gone
  ASSERT_TRUE(mfa.Disable(me, (*fresh_codes)[0], client).ok());
  EXPECT_FALSE(store.ReadValue([&](Repositories& r) { return r.users().FindById(alice.user.id); })
                   ->mfa_enabled);
  EXPECT_TRUE(Opened(mfa_accounts.Login(AliceCredentials(), client)).ok());
  // A refreshed token keeps the step-up time.
  auto refreshed = sessions.Refresh(alice.refresh_token);
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(sessions.Authenticate(refreshed->access_token)->auth_time, clock.NowSeconds());
  const auto types = EventTypes();
  EXPECT_EQ(types.front(), "mfa_disabled");
  EXPECT_NE(std::find(types.begin(), types.end(), "step_up"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "step_up_failed"), types.end());
}

TEST_F(MfaServiceTest, EnrolmentNeedsARecentStepUp) {
  alice = RegisterAlice();
  clock.Advance(301);
  me = *sessions.Authenticate(alice.access_token);
  auto stale_setup = mfa.BeginSetup(me, client);
  ASSERT_FALSE(stale_setup.ok());
  EXPECT_EQ(stale_setup.error().code, ErrorCode::kStepUpRequired);

  // A setup begun inside the window cannot be confirmed once the window has passed.
  auto stepped = mfa_accounts.StepUp(me, "correct horse", std::nullopt, client);
  ASSERT_TRUE(stepped.ok());
  me = *sessions.Authenticate(stepped->access_token);
  auto setup = mfa.BeginSetup(me, client);
  ASSERT_TRUE(setup.ok());
  secret = Base32Decode(setup->secret).value_or("");
  clock.Advance(301);
  auto stale_confirm = mfa.ConfirmSetup(me, Code(), client);
  ASSERT_FALSE(stale_confirm.ok());
  EXPECT_EQ(stale_confirm.error().code, ErrorCode::kStepUpRequired);
  EXPECT_FALSE(store.ReadValue([&](Repositories& r) { return r.users().FindById(alice.user.id); })
                   ->mfa_enabled);
}

TEST_F(MfaServiceTest, ALoginWithItsSecondFactorIsOneCommit) {
  EnrolAlice();
  NextStep();
  // A failure first, so that the successful login also has a throttle to reset.
  EXPECT_FALSE(Opened(mfa_accounts.Login(AliceCredentials("000000"), client)).ok());
  const uint64_t before = store.commits();
  auto login = Opened(mfa_accounts.Login(AliceCredentials(Code()), client));
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(store.commits() - before, 1u);
  EXPECT_EQ(store.ReadValue([&](Repositories& r) { return r.mfa().Find(alice.user.id); })->failures,
            0);

  NextStep();
  const std::string ticket = TicketOf(mfa_accounts.Login(AliceCredentials(), client));
  ASSERT_FALSE(ticket.empty());
  const uint64_t mid = store.commits();
  ASSERT_TRUE(mfa_accounts.LoginWithTicket(ticket, Code(), client).ok());
  EXPECT_EQ(store.commits() - mid, 1u);
}

TEST_F(MfaServiceTest, ARefusedCodeIsCountedEvenThoughTheLoginFails) {
  EnrolAlice();
  NextStep();
  auto wrong = Opened(mfa_accounts.Login(AliceCredentials("000000"), client));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason, Reason::kWrongCode);
  EXPECT_EQ(store.ReadValue([&](Repositories& r) { return r.mfa().Find(alice.user.id); })->failures,
            1);
  EXPECT_EQ(EventTypes().front(), "mfa_failed");
  auto active = sessions.ListActive(alice.user.id);
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->size(), 1u);  // only the registration's session
}

}  // namespace
}  // namespace portcullis::core
