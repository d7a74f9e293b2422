// Tests of company invites on the memory store: the mail, accepting (address, expiry, single
// use), registering with an invite, listing and revoking.
#include "core/invite_service.h"

#include <gtest/gtest.h>

#include "core/testing/company_fixture.h"

namespace portcullis::core {
namespace {

using InviteServiceTest = testing::CompanyFixture;

TEST_F(InviteServiceTest, AnInviteIsMailedWithItsLinkAndStoredOnlyAsAHash) {
  const IssuedTokens alice = Register("alice@example.com");
  const std::string company = CompanyOf(alice);
  ASSERT_TRUE(companies.Rename(As(alice), company, "Acme").ok());
  auto invite = invites.Invite(As(alice), company, "Bob@Example.com", CompanyRole::kAdmin, client);
  ASSERT_TRUE(invite.ok());
  EXPECT_EQ(invite->email, "bob@example.com");
  EXPECT_TRUE(invite->token_hash.empty());
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "invite");
  EXPECT_EQ(mail[0].to, "bob@example.com");
  EXPECT_EQ(mail[0].Value("company_name"), "Acme");
  EXPECT_EQ(mail[0].Value("inviter_name"), "alice@example.com");
  EXPECT_EQ(mail[0].Value("expires_in_minutes"), "60");
  EXPECT_EQ(mail[0].Value("link").rfind("https://app.test/join?ticket=", 0), 0u);
  auto stored =
      store.ReadValue([&](Repositories& repos) { return repos.invites().ListForCompany(company); });
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().token_hash, tokens.HashOf(mail[0].Ticket()));
  EXPECT_NE(stored->front().token_hash, mail[0].Ticket());
}

TEST_F(InviteServiceTest, OnlyTheInvitedAddressAcceptsOnceBeforeExpiry) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const IssuedTokens eve = Register("eve@example.com");
  const std::string company = CompanyOf(alice);
  ASSERT_TRUE(
      invites.Invite(As(alice), company, "bob@example.com", CompanyRole::kAdmin, client).ok());
  const std::string ticket = TakeMail().back().Ticket();

  auto wrong = invites.Accept(As(eve), ticket);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kNotFound);
  auto joined = invites.Accept(As(bob), ticket);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->company.id, company);
  EXPECT_EQ(joined->role, CompanyRole::kAdmin);
  auto again = invites.Accept(As(bob), ticket);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, Reason::kTicketUnusable);

  ASSERT_TRUE(
      invites.Invite(As(alice), company, "eve@example.com", CompanyRole::kMember, client).ok());
  const std::string late = TakeMail().back().Ticket();
  clock.Advance(3601);
  EXPECT_EQ(invites.Accept(As(eve), late).error().reason, Reason::kTicketUnusable);
}

TEST_F(InviteServiceTest, OnlyAnOwnerInvitesAnOwnerAndMembersManageNoInvites) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const IssuedTokens carol = Register("carol@example.com");
  const std::string company = CompanyOf(alice);
  Join(company, As(alice), bob, CompanyRole::kAdmin);
  Join(company, As(alice), carol, CompanyRole::kMember);
  EXPECT_EQ(
      invites.Invite(As(bob), company, "x@example.com", CompanyRole::kOwner, client).error().code,
      ErrorCode::kForbidden);
  EXPECT_EQ(invites.Invite(As(carol), company, "x@example.com", CompanyRole::kMember, client)
                .error()
                .code,
            ErrorCode::kForbidden);
  EXPECT_EQ(invites.Pending(As(carol), company).error().code, ErrorCode::kForbidden);
  auto invite = invites.Invite(As(bob), company, "x@example.com", CompanyRole::kMember, client);
  ASSERT_TRUE(invite.ok());
  auto pending = invites.Pending(As(bob), company);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_TRUE(pending->front().token_hash.empty());
  EXPECT_EQ(invites.Revoke(As(carol), company, invite->id).error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(invites.Revoke(As(bob), company, invite->id).ok());
  EXPECT_TRUE(invites.Pending(As(alice), company)->empty());
  EXPECT_EQ(invites.Revoke(As(bob), company, invite->id).error().code, ErrorCode::kNotFound);
  // A member already in the company is not invited again.
  EXPECT_EQ(invites.Invite(As(alice), company, "carol@example.com", CompanyRole::kAdmin, client)
                .error()
                .code,
            ErrorCode::kConflict);
}

TEST_F(InviteServiceTest, RegisteringWithAnInviteJoinsItsCompanyInsteadOfFoundingOne) {
  const IssuedTokens alice = Register("alice@example.com");
  const std::string company = CompanyOf(alice);
  ASSERT_TRUE(
      invites.Invite(As(alice), company, "dan@example.com", CompanyRole::kAdmin, client).ok());
  const std::string ticket = TakeMail().back().Ticket();

  Registration other;
  other.email = "eve@example.com";
  other.password = "correct horse";
  other.invite = ticket;
  auto refused = enrolling.Register(other, client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(store
                   .ReadValue([&](Repositories& repos) {
                     return repos.users().FindByEmail("eve@example.com");
                   })
                   .ok());

  const IssuedTokens dan = Register("dan@example.com", ticket);
  ASSERT_TRUE(dan.company.has_value());
  EXPECT_EQ(dan.company->company_id, company);
  EXPECT_EQ(dan.company->role, CompanyRole::kAdmin);
  EXPECT_TRUE(dan.user.active);
  EXPECT_GT(dan.user.email_verified_at, 0);
  auto mine = companies.ListMine(As(dan));
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u);
}

TEST_F(InviteServiceTest, InvitesCreatedRevokedAndAcceptedAreInTheCompanysAuditLog) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const std::string company = CompanyOf(alice);
  auto revoked =
      invites.Invite(As(alice), company, "carol@example.com", CompanyRole::kMember, client);
  ASSERT_TRUE(revoked.ok());
  ASSERT_TRUE(invites.Revoke(As(alice), company, revoked->id).ok());
  Join(company, As(alice), bob, CompanyRole::kAdmin);
  ASSERT_TRUE(
      invites.Invite(As(alice), company, "dan@example.com", CompanyRole::kMember, client).ok());
  Register("dan@example.com", TakeMail().back().Ticket());

  const std::vector<std::string> expected = {"invite_created", "invite_revoked",
                                             "invite_created", "invite_accepted",
                                             "invite_created", "invite_accepted"};
  std::vector<std::string> types = CompanyEventTypes(company);
  std::erase_if(types, [](const std::string& type) { return !type.starts_with("invite_"); });
  EXPECT_EQ(types, expected);
  SecurityEventQuery query;
  query.company_id = company;
  query.type = "invite_accepted";
  auto accepted =
      store.ReadValue([&](Repositories& repos) { return repos.security_events().List(query); });
  ASSERT_TRUE(accepted.ok());
  ASSERT_EQ(accepted->size(), 2u);
  const SecurityEvent& by_bob = accepted->back();  // newest first: bob's is the older
  EXPECT_EQ(by_bob.actor_id, bob.user.id);
  EXPECT_EQ(by_bob.user_id, bob.user.id);
  EXPECT_EQ(by_bob.target_type, "invite");
  EXPECT_EQ(by_bob.detail, "role=admin");
  EXPECT_EQ(accepted->front().ip, client.ip);  // the registration's request
}

TEST_F(InviteServiceTest, AnUnusableInviteRefusesTheRegistrationOnTheInviteField) {
  Registration r;
  r.email = "dan@example.com";
  r.password = "correct horse";
  r.invite = "token-unknown";
  auto refused = enrolling.Register(r, client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, Reason::kTicketUnusable);
  EXPECT_EQ(refused.error().field, Field::kInvite);
}

}  // namespace
}  // namespace portcullis::core
