// A core test fixture: services wired on the in-memory store with fakes and a fake clock.
// Not thread-safe to construct; the services it holds are.
#pragma once

#include <gtest/gtest.h>

#include "common/clock.h"
#include "core/account_service.h"
#include "core/in_process_revocation_list.h"
#include "core/session_service.h"
#include "core/testing/fakes.h"
#include "store/memory/memory_store.h"

namespace portcullis::core::testing {

class ServiceFixture : public ::testing::Test {
 protected:
  static AuthPolicy Policy() {
    AuthPolicy policy;
    policy.access_ttl = 900;
    policy.refresh_ttl = 3600;
    policy.refresh_reuse_grace = 10;
    return policy;
  }

  // A login's tokens; a challenge for the second factor becomes kMfaRequired.
  static Result<IssuedTokens> Opened(Result<LoginOutcome> outcome) {
    if (!outcome) return outcome.error();
    if (std::holds_alternative<MfaChallenge>(*outcome)) {
      return MakeError(ErrorCode::kMfaRequired, "challenged");
    }
    return std::get<IssuedTokens>(std::move(outcome).value());
  }
  // A login's MFA ticket; empty when the login did not ask for the second factor.
  static std::string TicketOf(const Result<LoginOutcome>& outcome) {
    if (!outcome) return {};
    const auto* challenge = std::get_if<MfaChallenge>(&*outcome);
    return challenge ? challenge->ticket : std::string();
  }

  IssuedTokens RegisterAlice() {
    Registration r;
    r.email = "alice@example.com";
    r.password = "correct horse";
    auto issued = accounts.Register(r, {"127.0.0.1", "test"});
    EXPECT_TRUE(issued.ok());
    return std::move(issued).value();
  }

  FakeClock clock;
  CountingRandom random;
  FakeHasher hasher;
  FakeOpaqueTokens tokens;
  FakeAccessTokenCodec codec;
  FakeRefreshTokens refresh_tokens;
  store::memory::MemoryStore store;
  InProcessRevocationList revocations;
  SessionService sessions{Policy(), store,  codec, refresh_tokens,
                          tokens,   random, clock, revocations};
  AccountService accounts{store, hasher, sessions, random, clock};
};

}  // namespace portcullis::core::testing
