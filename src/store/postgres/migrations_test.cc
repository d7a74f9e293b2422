// PostgreSQL migrations: applied once at open, twice concurrently still once (advisory lock), and
// a database newer than this binary is refused. Needs PORTCULLIS_TEST_POSTGRES.
#include "store/postgres/migrations.h"

#include <gtest/gtest.h>

#include <future>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/postgres/test_schema_for_test.h"

namespace portcullis::store::postgres {
namespace {

constexpr std::string_view kApplied =
    "SELECT COUNT(*), COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kRecordFuture =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)";

constexpr std::string_view kInsertOldUser =
    "INSERT INTO users (id, email, created_at, updated_at) VALUES ('u1', 'a@example.com', 1, 1)";
constexpr std::string_view kUserLifecycle =
    "SELECT active, email_verified_at FROM users WHERE id = 'u1'";
constexpr std::string_view kLifecycleTables =
    "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
    " AND tablename IN ('one_time_tickets', 'mail_outbox')";

constexpr std::string_view kInsertOldMfaTicket =
    "INSERT INTO mfa_tickets (hash, user_id, created_at, expires_at) VALUES ('t1', 'u1', 1, 301)";
constexpr std::string_view kMfaTicketFirstFactor =
    "SELECT first_factor FROM mfa_tickets WHERE hash = 't1'";

constexpr std::string_view kInsertRoles =
    "INSERT INTO users (id, email, role, created_at, updated_at) VALUES"
    " ('admin', 'a@example.com', 'admin', 1, 1), ('member', 'm@example.com', 'member', 1, 1),"
    " ('owner', 'o@example.com', 'owner', 1, 1)";
constexpr std::string_view kInsertOldSession =
    "INSERT INTO sessions (id, user_id, created_at, last_refreshed_at, expires_at, auth_time)"
    " VALUES ('s1', 'member', 1, 1, 9999999999, 1)";
constexpr std::string_view kInstanceRoles =
    "SELECT id, instance_role, last_company_id IS NULL FROM users ORDER BY id COLLATE \"C\"";
constexpr std::string_view kSessionCompany = "SELECT company_id FROM sessions WHERE id = 's1'";
constexpr std::string_view kCompanyTables =
    "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN"
    " ('companies', 'company_members', 'company_invites', 'credentials',"
    " 'credential_permissions', 'permission_names', 'permission_grants')";
constexpr std::string_view kInsertNewUser =
    "INSERT INTO users (id, email, created_at, updated_at) VALUES ('new', 'n@example.com', 1, 1)";
constexpr std::string_view kNewUserRole = "SELECT instance_role FROM users WHERE id = 'new'";
constexpr std::string_view kInsertCompanyOfOwner =
    "INSERT INTO companies (id, name, created_by, created_at, updated_at)"
    " VALUES ('c1', 'One', 'owner', 1, 1)";
constexpr std::string_view kMakeLastCompany =
    "UPDATE users SET last_company_id = 'c1' WHERE id IN ('member', 'owner')";
constexpr std::string_view kDeleteOwner = "DELETE FROM users WHERE id = 'owner'";
constexpr std::string_view kCompanyCreator = "SELECT created_by IS NULL FROM companies";
constexpr std::string_view kDeleteCompany = "DELETE FROM companies WHERE id = 'c1'";
constexpr std::string_view kUsersWithLastCompany =
    "SELECT COUNT(*) FROM users WHERE last_company_id IS NOT NULL";

constexpr std::string_view kInsertSevenRows[] = {
    "INSERT INTO users (id, email, created_at, updated_at) VALUES ('u1', 'a@example.com', 1, 1)",
    "INSERT INTO companies (id, name, created_by, created_at, updated_at)"
    " VALUES ('c1', 'One', 'u1', 1, 1)",
    "INSERT INTO permission_grants (id, company_id, subject_type, subject_id, user_id, feature,"
    " scope, action, created_at) VALUES ('g1', 'c1', 'user', 'u1', 'u1', 'users', 'all', 'read', "
    "1)",
    "INSERT INTO security_events (id, user_id, type, at)"
    " VALUES ('e1', 'u1', 'login', 5), ('e2', 'u1', 'logout', 6), ('e3', 'u1', 'mfa_failed', 7)"};
constexpr std::string_view kUserEnabled = "SELECT disabled_at FROM users WHERE id = 'u1'";
constexpr std::string_view kGrantsWithoutClient =
    "SELECT COUNT(*) FROM permission_grants WHERE client_id IS NULL";
constexpr std::string_view kOldEventsAsTheUsersOwn =
    "SELECT COUNT(*) FROM security_events WHERE actor_type = 'user' AND actor_id = 'u1' AND"
    " company_id = '' AND target_type = 'user' AND target_id = 'u1' AND outcome = 'success'";
constexpr std::string_view kOldRefusalsAsFailures =
    "SELECT COUNT(*) FROM security_events WHERE outcome = 'failure' AND id = 'e3'";
constexpr std::string_view kEventSeqs = "SELECT id, seq FROM security_events ORDER BY seq";
constexpr std::string_view kClientRows[] = {
    "INSERT INTO service_clients (id, company_id, name, created_by, created_at, updated_at)"
    " VALUES ('k1', 'c1', 'ci', 'u1', 1, 1)",
    "INSERT INTO client_secrets (id, client_id, secret_hash, created_at) VALUES ('s1', 'k1', 'h', "
    "1)",
    "INSERT INTO permission_grants (id, company_id, subject_type, subject_id, client_id, feature,"
    " scope, action, created_at) VALUES ('g2', 'c1', 'client', 'k1', 'k1', 'users', 'all', 'read',"
    " 1)",
    "DELETE FROM service_clients WHERE id = 'k1'"};
constexpr std::string_view kClientLeftovers =
    "SELECT (SELECT COUNT(*) FROM client_secrets), (SELECT COUNT(*) FROM permission_grants)";

constexpr std::string_view kInsertEightUsers =
    "INSERT INTO users (id, email, instance_role, created_at, updated_at)"
    " VALUES ('u1', 'a@example.com', 'user', 1, 1), ('u2', 'b@example.com', 'user', 1, 1)";
// The users kept, the identities (none yet), the users without a password (single sign-on's read
// as an empty hash), the index by user.
constexpr std::string_view kIdentitiesAfterNine =
    "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM identities),"
    " (SELECT COUNT(*) FROM users WHERE password_hash = ''),"
    " (SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"
    "  AND tablename = 'identities' AND indexname = 'identities_user')";
constexpr std::string_view kInsertIdentities =
    "INSERT INTO identities (id, user_id, provider, subject, created_at)"
    " VALUES ('i1', 'u1', 'google', 's1', 1), ('i2', 'u1', 'google', 's2', 2),"
    " ('i3', 'u2', 'github', 's1', 3)";
constexpr std::string_view kIdentityDefaults =
    "SELECT COUNT(*) FROM identities WHERE email = '' AND last_login_at = 0";
constexpr std::string_view kInsertLinkedSubject =
    "INSERT INTO identities (id, user_id, provider, subject, created_at)"
    " VALUES ('i4', 'u2', 'google', 's1', 4)";
constexpr std::string_view kInsertOrphanIdentity =
    "INSERT INTO identities (id, user_id, provider, subject, created_at)"
    " VALUES ('i5', 'nobody', 'corp', 's5', 5)";
constexpr std::string_view kDeleteFirstUser = "DELETE FROM users WHERE id = 'u1'";
constexpr std::string_view kIdentitiesLeft =
    "SELECT COUNT(*), COUNT(*) FILTER (WHERE user_id = 'u2') FROM identities";

int64_t Latest() { return EmbeddedMigrations().back().version; }

TEST(PostgresMigrations, ApplyEveryEmbeddedMigrationOnceAndAgainNothing) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  ASSERT_TRUE(Migrate(schema.url(), {}).ok());
  ASSERT_TRUE(Migrate(schema.url(), {}).ok());
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  auto version = SchemaVersion(**conn);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, Latest());
  auto rows = (*conn)->Run(kApplied);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), static_cast<int64_t>(EmbeddedMigrations().size()));
}

TEST(PostgresMigrations, AFreshSchemaHasVersionZero) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  auto version = SchemaVersion(**conn);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 0);
}

TEST(PostgresMigrations, NodesMigratingTogetherApplyEachVersionOnce) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  std::vector<std::future<Status>> nodes;
  for (int i = 0; i < 4; ++i) {
    nodes.push_back(std::async(std::launch::async, [&] { return Migrate(schema.url(), {}); }));
  }
  for (auto& node : nodes) {
    Status status = node.get();
    EXPECT_TRUE(status.ok()) << status.error().detail;
  }
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  auto applied = (*conn)->Run(kApplied);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->Int(0, 0), static_cast<int64_t>(EmbeddedMigrations().size()));
  EXPECT_EQ(applied->Int(0, 1), Latest());
}

TEST(PostgresMigrations, AccountLifecycleKeepsExistingUsersActiveAndUnverified) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 5u);
  ASSERT_EQ(all[4].version, 5);
  ASSERT_TRUE(ApplyMigrations(**conn, all.subspan(0, 4)).ok());
  ASSERT_TRUE((*conn)->Run(kInsertOldUser).ok());
  ASSERT_TRUE(ApplyMigrations(**conn, all).ok());
  auto user = (*conn)->Run(kUserLifecycle);
  ASSERT_TRUE(user.ok());
  ASSERT_EQ(user->size(), 1);
  EXPECT_TRUE(user->Bool(0, 0));
  EXPECT_EQ(user->Int(0, 1), 0);
  auto tables = (*conn)->Run(kLifecycleTables);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->Int(0, 0), 2);
}

TEST(PostgresMigrations, ADatabaseNewerThanThisBinaryIsRefused) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  ASSERT_TRUE(Migrate(schema.url(), {}).ok());
  {
    auto conn = Connection::Open(schema.url(), {});
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Run(kRecordFuture).ok());
  }
  auto store = Open(schema.url());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().detail.find("9999"), std::string::npos) << store.error().detail;
  EXPECT_NE(store.error().detail.find("newer than this binary"), std::string::npos);
}

TEST(PostgresMigrations, AFailingMigrationAppliesNothing) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  static constexpr Migration kBroken[] = {
      {1, "ok", "CREATE TABLE first_table (x bigint)"},
      {2, "broken", "CREATE TABLE second_table (x no_such_type)"},
  };
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  Status status = ApplyMigrations(**conn, kBroken);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().detail.find("migration 2"), std::string::npos);
  auto version = SchemaVersion(**conn);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 0);
}

TEST(PostgresMigrations, MfaTicketsIssuedBeforeFirstFactorFollowedAPassword) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 6u);
  ASSERT_EQ(all[5].version, 6);
  ASSERT_TRUE(ApplyMigrations(**conn, all.subspan(0, 5)).ok());
  ASSERT_TRUE((*conn)->Run(kInsertOldUser).ok());
  ASSERT_TRUE((*conn)->Run(kInsertOldMfaTicket).ok());
  ASSERT_TRUE(ApplyMigrations(**conn, all).ok());
  auto first_factor = (*conn)->Run(kMfaTicketFirstFactor);
  ASSERT_TRUE(first_factor.ok());
  ASSERT_EQ(first_factor->size(), 1);
  EXPECT_EQ(first_factor->Text(0, 0), "pwd");
}

TEST(PostgresMigrations, CompaniesRenameTheRoleToAnInstanceRoleThatIsAdminOrUser) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 7u);
  ASSERT_EQ(all[6].version, 7);
  ASSERT_TRUE(ApplyMigrations(**conn, all.subspan(0, 6)).ok());
  ASSERT_TRUE((*conn)->Run(kInsertRoles).ok());
  ASSERT_TRUE((*conn)->Run(kInsertOldSession).ok());
  ASSERT_TRUE(ApplyMigrations(**conn, all).ok());

  auto users = (*conn)->Run(kInstanceRoles);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 3);
  EXPECT_EQ(users->Text(0, 0), "admin");
  EXPECT_EQ(users->Text(0, 1), "admin");
  EXPECT_EQ(users->Text(1, 0), "member");
  EXPECT_EQ(users->Text(1, 1), "user");
  EXPECT_EQ(users->Text(2, 0), "owner");
  EXPECT_EQ(users->Text(2, 1), "user");
  for (int r = 0; r < users->size(); ++r) EXPECT_TRUE(users->Bool(r, 2));  // no last company
  auto session = (*conn)->Run(kSessionCompany);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->Text(0, 0), "");
  auto tables = (*conn)->Run(kCompanyTables);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->Int(0, 0), 7);
  // A new account defaults to an ordinary user.
  ASSERT_TRUE((*conn)->Run(kInsertNewUser).ok());
  auto role = (*conn)->Run(kNewUserRole);
  ASSERT_TRUE(role.ok());
  EXPECT_EQ(role->Text(0, 0), "user");

  // The new references: a deleted creator leaves NULL, a deleted company clears last_company_id.
  ASSERT_TRUE((*conn)->Run(kInsertCompanyOfOwner).ok());
  ASSERT_TRUE((*conn)->Run(kMakeLastCompany).ok());
  ASSERT_TRUE((*conn)->Run(kDeleteOwner).ok());
  auto creator = (*conn)->Run(kCompanyCreator);
  ASSERT_TRUE(creator.ok());
  EXPECT_TRUE(creator->Bool(0, 0));
  ASSERT_TRUE((*conn)->Run(kDeleteCompany).ok());
  auto last = (*conn)->Run(kUsersWithLastCompany);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->Int(0, 0), 0);
}

TEST(PostgresMigrations, ClientsAdminAuditKeepTheRowsOfADatabaseAtSeven) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 8u);
  ASSERT_EQ(all[7].version, 8);
  ASSERT_TRUE(ApplyMigrations(**conn, all.subspan(0, 7)).ok());
  for (std::string_view insert : kInsertSevenRows) ASSERT_TRUE((*conn)->Run(insert).ok()) << insert;
  ASSERT_TRUE(ApplyMigrations(**conn, all).ok());

  auto user = (*conn)->Run(kUserEnabled);
  ASSERT_TRUE(user.ok());
  ASSERT_EQ(user->size(), 1);
  EXPECT_EQ(user->Int(0, 0), 0);
  auto grants = (*conn)->Run(kGrantsWithoutClient);
  ASSERT_TRUE(grants.ok());
  EXPECT_EQ(grants->Int(0, 0), 1);
  // The old events keep their order and read as the user's own doings; a refusal is a failure.
  auto events = (*conn)->Run(kOldEventsAsTheUsersOwn);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->Int(0, 0), 2);
  auto refusals = (*conn)->Run(kOldRefusalsAsFailures);
  ASSERT_TRUE(refusals.ok());
  EXPECT_EQ(refusals->Int(0, 0), 1);
  auto seqs = (*conn)->Run(kEventSeqs);
  ASSERT_TRUE(seqs.ok());
  ASSERT_EQ(seqs->size(), 3);
  EXPECT_EQ(seqs->Text(0, 0), "e1");
  EXPECT_LT(seqs->Int(0, 1), seqs->Int(1, 1));
  // A client goes with its secrets and the grants naming it.
  for (std::string_view step : kClientRows) ASSERT_TRUE((*conn)->Run(step).ok()) << step;
  auto left = (*conn)->Run(kClientLeftovers);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->Int(0, 0), 0);
  EXPECT_EQ(left->Int(0, 1), 1);
}

TEST(PostgresMigrations, IdentitiesArriveEmptyOnADatabaseAtEightAndGoWithTheirUser) {
  SKIP_WITHOUT_POSTGRES();
  TestSchema schema;
  auto conn = Connection::Open(schema.url(), {});
  ASSERT_TRUE(conn.ok());
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 9u);
  ASSERT_EQ(all[8].version, 9);
  ASSERT_EQ(all[8].name, "identities");
  ASSERT_TRUE(ApplyMigrations(**conn, all.subspan(0, 8)).ok());
  ASSERT_TRUE((*conn)->Run(kInsertEightUsers).ok());
  ASSERT_TRUE(ApplyMigrations(**conn, all).ok());

  auto after = (*conn)->Run(kIdentitiesAfterNine);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->Int(0, 0), 2);
  EXPECT_EQ(after->Int(0, 1), 0);
  EXPECT_EQ(after->Int(0, 2), 2);
  EXPECT_EQ(after->Int(0, 3), 1);
  ASSERT_TRUE((*conn)->Run(kInsertIdentities).ok());
  auto defaults = (*conn)->Run(kIdentityDefaults);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->Int(0, 0), 3);
  // One (provider, subject) is one account; an identity needs its user.
  auto linked = (*conn)->Run(kInsertLinkedSubject);
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(linked.error().code, ErrorCode::kConflict);
  EXPECT_EQ(linked.error().detail, "identity");
  auto orphan = (*conn)->Run(kInsertOrphanIdentity);
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE((*conn)->Run(kDeleteFirstUser).ok());
  auto left = (*conn)->Run(kIdentitiesLeft);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->Int(0, 0), 1);
  EXPECT_EQ(left->Int(0, 1), 1);
}

}  // namespace
}  // namespace portcullis::store::postgres
