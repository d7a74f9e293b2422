// Tests of AdminUserService on the memory store: authorization, disabling (sessions revoked and
// in the revocation list, login refused only after the password), the self and last-admin rules,
// search pages and the audit events each write leaves.
#include "core/admin_user_service.h"

#include <gtest/gtest.h>

#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

class AdminUserServiceTest : public testing::ServiceFixture {
 protected:
  User Create(const std::string& email, const std::string& role) {
    Registration r;
    r.email = email;
    r.password = "correct horse";
    r.instance_role = role;
    auto user = accounts.CreateUser(r);
    EXPECT_TRUE(user.ok()) << user.error().detail;
    return *user;
  }

  IssuedTokens SignIn(const std::string& email, const std::string& password = "correct horse") {
    Credentials c;
    c.email = email;
    c.password = password;
    auto issued = Opened(accounts.Login(c, {"127.0.0.1", "test"}));
    EXPECT_TRUE(issued.ok()) << issued.error().detail;
    return *issued;
  }

  Result<LoginOutcome> TryLogin(const std::string& email, const std::string& password) {
    Credentials c;
    c.email = email;
    c.password = password;
    return accounts.Login(c, {"127.0.0.1", "test"});
  }

  std::vector<SecurityEvent> EventsOf(const std::string& user_id) {
    auto events = store.ReadValue(
        [&](Repositories& repos) { return repos.security_events().ListForUser(user_id, 100); });
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<SecurityEvent>{};
  }

  AuditTrail audit{clock, random};
  Authorizer authorizer;
  AdminUserService admins{store, sessions, audit, authorizer, clock};
};

TEST_F(AdminUserServiceTest, OnlyAnInstanceAdminsSessionMayCall) {
  Create("root@example.com", "admin");
  User bob = Create("bob@example.com", "user");
  IssuedTokens mine = SignIn("bob@example.com");
  auto bob_principal = sessions.Authenticate(mine.access_token);
  ASSERT_TRUE(bob_principal.ok());
  const AdminCaller caller = AdminCaller::Api(*bob_principal, {});
  EXPECT_EQ(admins.Search(caller, "", "", 10).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(admins.Get(caller, bob.id).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(admins.RevokeSessions(caller, bob.id).error().code, ErrorCode::kForbidden);
  Principal key;
  key.kind = PrincipalKind::kApiKey;
  key.company_id = "c";
  EXPECT_EQ(admins.Search(AdminCaller::Api(key, {}), "", "", 10).error().code,
            ErrorCode::kForbidden);
}

TEST_F(AdminUserServiceTest, DisablingRevokesEverySessionAndRefusesLoginAfterThePassword) {
  User root = Create("root@example.com", "admin");
  User bob = Create("bob@example.com", "user");
  IssuedTokens root_tokens = SignIn("root@example.com");
  IssuedTokens first = SignIn("bob@example.com");
  IssuedTokens second = SignIn("bob@example.com");
  auto admin = sessions.Authenticate(root_tokens.access_token);
  ASSERT_TRUE(admin.ok());

  AdminUserPatch patch;
  patch.disabled = true;
  auto disabled = admins.Update(AdminCaller::Api(*admin, {"10.0.0.1", "ua"}), bob.id, patch);
  ASSERT_TRUE(disabled.ok()) << disabled.error().detail;
  EXPECT_NE(disabled->disabled_at, 0);
  // In the revocation list at once: no store read decides it.
  EXPECT_EQ(sessions.Authenticate(first.access_token).error().reason, Reason::kSessionRevoked);
  EXPECT_EQ(sessions.Authenticate(second.access_token).error().reason, Reason::kSessionRevoked);
  EXPECT_FALSE(sessions.Refresh(first.refresh_token).ok());
  // A wrong password is told nothing new; the right one learns the account is disabled.
  EXPECT_EQ(TryLogin("bob@example.com", "wrong horse").error().code,
            ErrorCode::kInvalidCredentials);
  auto refused = TryLogin("bob@example.com", "correct horse");
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(refused.error().reason, Reason::kAccountDisabled);

  const auto events = EventsOf(bob.id);
  const auto it = std::find_if(events.begin(), events.end(), [](const SecurityEvent& e) {
    return e.type == "admin_user_disabled";
  });
  ASSERT_NE(it, events.end());
  EXPECT_EQ(it->actor_type, "admin");
  EXPECT_EQ(it->actor_id, root.id);
  EXPECT_EQ(it->target_type, "user");
  EXPECT_EQ(it->target_id, bob.id);
  EXPECT_EQ(it->ip, "10.0.0.1");

  patch.disabled = false;
  ASSERT_TRUE(admins.Update(AdminCaller::Api(*admin, {}), bob.id, patch).ok());
  EXPECT_TRUE(TryLogin("bob@example.com", "correct horse").ok());
}

TEST_F(AdminUserServiceTest, NoAdminDisablesOrDemotesThemselfAndOneAdminRemains) {
  User root = Create("root@example.com", "admin");
  auto admin = sessions.Authenticate(SignIn("root@example.com").access_token);
  ASSERT_TRUE(admin.ok());
  AdminUserPatch disable;
  disable.disabled = true;
  AdminUserPatch demote;
  demote.instance_role = "user";
  EXPECT_EQ(admins.Update(AdminCaller::Api(*admin, {}), root.id, disable).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(admins.Update(AdminCaller::Api(*admin, {}), root.id, demote).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(admins.Delete(AdminCaller::Api(*admin, {}), root.id).error().code,
            ErrorCode::kConflict);
  // The command line has no account of its own: it may not remove the last enabled admin.
  auto last = admins.Update(AdminCaller::CommandLine(), root.id, disable);
  EXPECT_EQ(last.error().reason, Reason::kLastInstanceAdmin);
  EXPECT_EQ(admins.Delete(AdminCaller::CommandLine(), root.id).error().reason,
            Reason::kLastInstanceAdmin);
  Create("second@example.com", "admin");
  EXPECT_TRUE(admins.Update(AdminCaller::CommandLine(), root.id, demote).ok());
  const auto events = EventsOf(root.id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().actor_id, kCommandLineActor);
}

TEST_F(AdminUserServiceTest, SearchPagesByIdWithACursor) {
  for (int i = 0; i < 5; ++i) Create("user" + std::to_string(i) + "@example.com", "user");
  Create("other@example.com", "user");
  std::vector<std::string> seen;
  std::string after;
  do {
    auto page = admins.Search(AdminCaller::CommandLine(), "USER", after, 2);
    ASSERT_TRUE(page.ok()) << page.error().detail;
    EXPECT_LE(page->users.size(), 2u);
    for (const auto& user : page->users) seen.push_back(user.id);
    after = page->next_after_id;
  } while (!after.empty());
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(admins.Search(AdminCaller::CommandLine(), "", "", 0).error().code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(admins.Search(AdminCaller::CommandLine(), "", "", 201).error().code,
            ErrorCode::kInvalidRequest);
}

TEST_F(AdminUserServiceTest, RevokeSessionsAndResolve) {
  User bob = Create("bob@example.com", "user");
  IssuedTokens tokens = SignIn("bob@example.com");
  auto resolved = admins.Resolve("Bob@Example.com");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(*resolved, bob.id);
  EXPECT_EQ(admins.Resolve("nobody@example.com").error().code, ErrorCode::kNotFound);
  auto revoked = admins.RevokeSessions(AdminCaller::CommandLine(), bob.id);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(*revoked, 1);
  EXPECT_FALSE(sessions.Authenticate(tokens.access_token).ok());
  EXPECT_TRUE(admins.Delete(AdminCaller::CommandLine(), bob.id).ok());
  EXPECT_EQ(admins.Get(AdminCaller::CommandLine(), bob.id).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace portcullis::core
