// Tests of one-time tickets: single use, expiry, supersession, kinds.
#include "core/ticket_service.h"

#include <gtest/gtest.h>

#include "core/testing/flow_fixture.h"

namespace portcullis::core {
namespace {

using TicketServiceTest = testing::FlowFixture;

Result<IssuedTicket> IssueFor(Store& store, TicketService& tickets, TicketKind kind,
                              const std::string& user_id) {
  return store.WriteValue([&](Repositories& repos) {
    return tickets.Issue(repos, kind, user_id, "alice@example.com");
  });
}

Result<OneTimeTicket> RedeemIn(Store& store, TicketService& tickets, TicketKind kind,
                               const std::string& plaintext) {
  return store.WriteDecision(
      [&](Repositories& repos) { return tickets.Redeem(repos, kind, plaintext); });
}

void ExpectUnusable(const Result<OneTimeTicket>& redeemed) {
  ASSERT_FALSE(redeemed.ok());
  EXPECT_EQ(redeemed.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(redeemed.error().reason, Reason::kTicketUnusable);
  EXPECT_EQ(redeemed.error().field, Field::kTicket);
}

TEST_F(TicketServiceTest, StoresOnlyTheHashAndIsUsedOnce) {
  const IssuedTokens alice = RegisterAlice();
  auto issued = IssueFor(store, tickets, TicketKind::kPasswordReset, alice.user.id);
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->expires_in, 3600);
  auto redeemed = RedeemIn(store, tickets, TicketKind::kPasswordReset, issued->plaintext);
  ASSERT_TRUE(redeemed.ok());
  EXPECT_EQ(redeemed->user_id, alice.user.id);
  EXPECT_EQ(redeemed->token_hash, tokens.HashOf(issued->plaintext));
  EXPECT_NE(redeemed->token_hash, issued->plaintext);
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kPasswordReset, issued->plaintext));
}

TEST_F(TicketServiceTest, AnExpiredTicketIsRefusedAndGone) {
  const IssuedTokens alice = RegisterAlice();
  auto issued = IssueFor(store, tickets, TicketKind::kMagicLink, alice.user.id);
  ASSERT_TRUE(issued.ok());
  clock.Advance(15 * 60);
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kMagicLink, issued->plaintext));
  clock.Advance(-60);
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kMagicLink, issued->plaintext));
}

TEST_F(TicketServiceTest, ANewerTicketOfTheKindSupersedesTheOlder) {
  const IssuedTokens alice = RegisterAlice();
  auto first = IssueFor(store, tickets, TicketKind::kActivation, alice.user.id);
  auto reset = IssueFor(store, tickets, TicketKind::kPasswordReset, alice.user.id);
  auto second = IssueFor(store, tickets, TicketKind::kActivation, alice.user.id);
  ASSERT_TRUE(first.ok() && reset.ok() && second.ok());
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kActivation, first->plaintext));
  EXPECT_TRUE(RedeemIn(store, tickets, TicketKind::kPasswordReset, reset->plaintext).ok());
  EXPECT_TRUE(RedeemIn(store, tickets, TicketKind::kActivation, second->plaintext).ok());
}

TEST_F(TicketServiceTest, ATicketOfAnotherKindOrEmptyIsRefused) {
  const IssuedTokens alice = RegisterAlice();
  auto issued = IssueFor(store, tickets, TicketKind::kActivation, alice.user.id);
  ASSERT_TRUE(issued.ok());
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kPasswordReset, issued->plaintext));
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kActivation, ""));
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kActivation, "token-999"));
}

TEST_F(TicketServiceTest, ExchangeCodesLiveSixtySecondsAndDoNotSupersede) {
  const IssuedTokens alice = RegisterAlice();
  auto first = IssueFor(store, tickets, TicketKind::kExchangeCode, alice.user.id);
  auto second = IssueFor(store, tickets, TicketKind::kExchangeCode, alice.user.id);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->expires_in, 60);
  EXPECT_TRUE(RedeemIn(store, tickets, TicketKind::kExchangeCode, first->plaintext).ok());
  clock.Advance(60);
  ExpectUnusable(RedeemIn(store, tickets, TicketKind::kExchangeCode, second->plaintext));
}

}  // namespace
}  // namespace portcullis::core
