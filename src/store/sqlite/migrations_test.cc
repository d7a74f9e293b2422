// Migrations: embedded files, idempotent application, all-or-nothing failure, newer-schema refusal.
// Single-threaded.
#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace portcullis::store::sqlite {
namespace {

std::unique_ptr<Connection> OpenDb(const std::string& path) {
  auto conn = Connection::Open(path, std::chrono::seconds(5));
  EXPECT_TRUE(conn.ok());
  return std::move(conn).value();
}

int64_t CountRows(Connection& conn, std::string_view sql) {
  auto statement = conn.Prepare(sql);
  EXPECT_TRUE(statement.ok());
  auto row = (*statement)->Step();
  EXPECT_TRUE(row.ok() && *row);
  return (*statement)->ColumnInt(0);
}

TEST(Migrations, EmbeddedFilesAreAscendingAndStartWithInit) {
  auto migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "init");
  EXPECT_NE(migrations[0].sql.find("CREATE TABLE users"), std::string_view::npos);
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    EXPECT_LT(migrations[i - 1].version, migrations[i].version);
  }
}

TEST(Migrations, MigrateIsIdempotent) {
  TempDir dir;
  const std::string path = dir.File("db.sqlite");
  ASSERT_TRUE(Migrate(path).ok());
  ASSERT_TRUE(Migrate(path).ok());
  auto conn = OpenDb(path);
  auto version = SchemaVersion(*conn);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, EmbeddedMigrations().back().version);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(EmbeddedMigrations().size()));
  EXPECT_GT(CountRows(*conn, "SELECT MIN(applied_at) FROM schema_migrations"), 1'600'000'000);
  EXPECT_EQ(*conn->PragmaText("PRAGMA journal_mode"), "wal");
}

TEST(Migrations, FreshDatabaseHasVersionZero) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  auto version = SchemaVersion(*conn);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 0);
}

TEST(Migrations, AFailingMigrationAppliesNothing) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const Migration migrations[] = {
      {1, "good", "CREATE TABLE a (x INTEGER) STRICT;"},
      {2, "bad", "CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);"},
  };
  Status status = ApplyMigrations(*conn, migrations);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().detail.find("migration 2"), std::string::npos);
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('a', 'b')"), 0);
  EXPECT_EQ(*SchemaVersion(*conn), 0);
}

TEST(Migrations, AppliesOnlyWhatIsNew) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const Migration first[] = {{1, "one", "CREATE TABLE a (x INTEGER) STRICT;"}};
  ASSERT_TRUE(ApplyMigrations(*conn, first).ok());
  const Migration both[] = {{1, "one", "CREATE TABLE a (x INTEGER) STRICT;"},
                            {2, "two", "CREATE TABLE b (x INTEGER) STRICT;"}};
  ASSERT_TRUE(ApplyMigrations(*conn, both).ok());  // would fail if 1 ran again
  EXPECT_EQ(*SchemaVersion(*conn), 2);
}

TEST(Migrations, RefreshOnSessionEndsOlderSessionsAndDropsTokenRows) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 3u);
  ASSERT_EQ(all[2].version, 3);
  ASSERT_TRUE(ApplyMigrations(*conn, all.subspan(0, 2)).ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO users (id, email, created_at, updated_at)"
                         " VALUES ('u1', 'a@example.com', 1, 1);"
                         "INSERT INTO sessions (id, user_id, created_at, last_refreshed_at,"
                         " expires_at, auth_time) VALUES ('live', 'u1', 1, 1, 9999999999, 1);"
                         "INSERT INTO sessions (id, user_id, created_at, last_refreshed_at,"
                         " expires_at, revoked_at, auth_time)"
                         " VALUES ('ended', 'u1', 1, 1, 9999999999, 5, 1);"
                         "INSERT INTO refresh_tokens (hash, session_id, issued_at, expires_at)"
                         " VALUES ('h', 'live', 1, 9999999999);")
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*conn, all).ok());
  // An older session has no refresh key, so it ends at the upgrade; an ended one keeps its time.
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM sessions WHERE id = 'live' AND"
                      " revoked_at >= unixepoch() - 60"),
            1);
  EXPECT_EQ(CountRows(*conn, "SELECT revoked_at FROM sessions WHERE id = 'ended'"), 5);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'refresh_tokens'"),
            0);
  EXPECT_EQ(CountRows(*conn, "SELECT refresh_counter FROM sessions WHERE id = 'live'"), 0);
}

TEST(Migrations, AccountLifecycleKeepsExistingUsersActiveAndUnverified) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 5u);
  ASSERT_EQ(all[4].version, 5);
  ASSERT_TRUE(ApplyMigrations(*conn, all.subspan(0, 4)).ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO users (id, email, created_at, updated_at)"
                         " VALUES ('u1', 'a@example.com', 1, 1);")
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*conn, all).ok());
  EXPECT_EQ(CountRows(*conn, "SELECT active FROM users WHERE id = 'u1'"), 1);
  EXPECT_EQ(CountRows(*conn, "SELECT email_verified_at FROM users WHERE id = 'u1'"), 0);
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND"
                      " name IN ('one_time_tickets', 'mail_outbox')"),
            2);
}

TEST(Migrations, RefusesADatabaseNewerThanTheBinary) {
  TempDir dir;
  const std::string path = dir.File("db.sqlite");
  ASSERT_TRUE(Migrate(path).ok());
  {
    auto conn = OpenDb(path);
    ASSERT_TRUE(conn->Exec("INSERT INTO schema_migrations VALUES (9999, 0)").ok());
  }
  Status status = Migrate(path);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
}

TEST(Migrations, RejectsUnorderedLists) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const Migration unordered[] = {{2, "two", "SELECT 1;"}, {1, "one", "SELECT 1;"}};
  EXPECT_FALSE(ApplyMigrations(*conn, unordered).ok());
}

TEST(Migrations, MfaTicketsIssuedBeforeFirstFactorFollowedAPassword) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 6u);
  ASSERT_EQ(all[5].version, 6);
  ASSERT_TRUE(ApplyMigrations(*conn, all.subspan(0, 5)).ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO users (id, email, created_at, updated_at)"
                         " VALUES ('u1', 'a@example.com', 1, 1);"
                         "INSERT INTO mfa_tickets (hash, user_id, created_at, expires_at)"
                         " VALUES ('t1', 'u1', 1, 301);")
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*conn, all).ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM mfa_tickets WHERE first_factor = 'pwd'"), 1);
}

TEST(Migrations, CompaniesRenameTheRoleToAnInstanceRoleThatIsAdminOrUser) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 7u);
  ASSERT_EQ(all[6].version, 7);
  ASSERT_TRUE(ApplyMigrations(*conn, all.subspan(0, 6)).ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO users (id, email, role, created_at, updated_at) VALUES"
                         " ('admin', 'a@example.com', 'admin', 1, 1),"
                         " ('member', 'm@example.com', 'member', 1, 1),"
                         " ('owner', 'o@example.com', 'owner', 1, 1);"
                         "INSERT INTO sessions (id, user_id, created_at, last_refreshed_at,"
                         " expires_at, auth_time) VALUES ('s1', 'member', 1, 1, 9999999999, 1);")
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*conn, all).ok());
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM users WHERE id = 'admin' AND"
                      " instance_role = 'admin'"),
            1);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM users WHERE instance_role = 'user'"), 2);
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM users WHERE id IN ('member', 'owner') AND"
                      " instance_role = 'user'"),
            2);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM users WHERE last_company_id IS NULL"), 3);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM sessions WHERE company_id = ''"), 1);
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                      " ('companies', 'company_members', 'company_invites', 'credentials',"
                      " 'credential_permissions', 'permission_names', 'permission_grants')"),
            7);
  // The schema's references all resolve.
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  // A user's last company is a reference: deleting the company clears it.
  ASSERT_TRUE(conn->Exec("INSERT INTO companies (id, name, created_by, created_at, updated_at)"
                         " VALUES ('c1', 'One', 'owner', 1, 1);"
                         "UPDATE users SET last_company_id = 'c1' WHERE id = 'owner';"
                         "DELETE FROM users WHERE id = 'owner';")
                  .ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM companies WHERE created_by IS NULL"), 1);
  ASSERT_TRUE(conn->Exec("UPDATE users SET last_company_id = 'c1' WHERE id = 'member';"
                         "DELETE FROM companies WHERE id = 'c1';")
                  .ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM users WHERE last_company_id IS NULL"), 2);
}

TEST(Migrations, ClientsAdminAuditKeepTheRowsOfADatabaseAtSeven) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 8u);
  ASSERT_EQ(all[7].version, 8);
  ASSERT_TRUE(ApplyMigrations(*conn, all.subspan(0, 7)).ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO users (id, email, instance_role, created_at, updated_at)"
                         " VALUES ('u1', 'a@example.com', 'user', 1, 1);"
                         "INSERT INTO companies (id, name, created_by, created_at, updated_at)"
                         " VALUES ('c1', 'One', 'u1', 1, 1);"
                         "INSERT INTO permission_grants (id, company_id, subject_type, subject_id,"
                         " user_id, feature, scope, action, created_at)"
                         " VALUES ('g1', 'c1', 'user', 'u1', 'u1', 'users', 'all', 'read', 1);"
                         "INSERT INTO security_events (id, user_id, type, at)"
                         " VALUES ('e1', 'u1', 'login', 5), ('e2', 'u1', 'logout', 6),"
                         " ('e3', 'u1', 'mfa_failed', 7);")
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*conn, all).ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM users WHERE id = 'u1' AND disabled_at = 0"), 1);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM permission_grants WHERE client_id IS NULL"), 1);
  // The old events keep their order and read as the user's own doings; a refusal is a failure.
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM security_events WHERE actor_type = 'user' AND"
                      " actor_id = 'u1' AND company_id = '' AND target_type = 'user' AND"
                      " target_id = 'u1' AND outcome = 'success'"),
            2);
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM security_events WHERE id = 'e3' AND"
                      " outcome = 'failure'"),
            1);
  EXPECT_EQ(CountRows(*conn, "SELECT seq FROM security_events WHERE id = 'e2'"),
            CountRows(*conn, "SELECT seq FROM security_events WHERE id = 'e1'") + 1);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  // A client goes with its company, its secrets and grants with it.
  ASSERT_TRUE(conn->Exec("PRAGMA foreign_keys = ON;"
                         "INSERT INTO service_clients (id, company_id, name, created_by,"
                         " created_at, updated_at) VALUES ('k1', 'c1', 'ci', 'u1', 1, 1);"
                         "INSERT INTO client_secrets (id, client_id, secret_hash, created_at)"
                         " VALUES ('s1', 'k1', 'h', 1);"
                         "INSERT INTO permission_grants (id, company_id, subject_type, subject_id,"
                         " client_id, feature, scope, action, created_at)"
                         " VALUES ('g2', 'c1', 'client', 'k1', 'k1', 'users', 'all', 'read', 1);"
                         "DELETE FROM service_clients WHERE id = 'k1';")
                  .ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM client_secrets"), 0);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM permission_grants WHERE id = 'g2'"), 0);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM permission_grants"), 1);
}

TEST(Migrations, IdentitiesArriveEmptyOnADatabaseAtEightAndGoWithTheirUser) {
  TempDir dir;
  auto conn = OpenDb(dir.File("db.sqlite"));
  const auto all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 9u);
  ASSERT_EQ(all[8].version, 9);
  ASSERT_EQ(all[8].name, "identities");
  ASSERT_TRUE(ApplyMigrations(*conn, all.subspan(0, 8)).ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO users (id, email, instance_role, created_at, updated_at)"
                         " VALUES ('u1', 'a@example.com', 'user', 1, 1),"
                         " ('u2', 'b@example.com', 'user', 1, 1);")
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*conn, all).ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM users"), 2);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM identities"), 0);
  // An account without a password (single sign-on's) reads as an empty hash.
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM users WHERE password_hash = ''"), 2);
  EXPECT_EQ(CountRows(*conn,
                      "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND"
                      " name = 'identities_user' AND tbl_name = 'identities'"),
            1);
  ASSERT_TRUE(conn->Exec("PRAGMA foreign_keys = ON;"
                         "INSERT INTO identities (id, user_id, provider, subject, created_at)"
                         " VALUES ('i1', 'u1', 'google', 's1', 1), ('i2', 'u1', 'google', 's2', 2),"
                         " ('i3', 'u2', 'github', 's1', 3);")
                  .ok());
  EXPECT_EQ(
      CountRows(*conn, "SELECT COUNT(*) FROM identities WHERE email = '' AND last_login_at = 0"),
      3);
  // One (provider, subject) is one account; an identity needs its user.
  EXPECT_FALSE(conn->Exec("INSERT INTO identities (id, user_id, provider, subject, created_at)"
                          " VALUES ('i4', 'u2', 'google', 's1', 4)")
                   .ok());
  EXPECT_FALSE(conn->Exec("INSERT INTO identities (id, user_id, provider, subject, created_at)"
                          " VALUES ('i5', 'nobody', 'corp', 's5', 5)")
                   .ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  ASSERT_TRUE(conn->Exec("DELETE FROM users WHERE id = 'u1'").ok());
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM identities"), 1);
  EXPECT_EQ(CountRows(*conn, "SELECT COUNT(*) FROM identities WHERE user_id = 'u2'"), 1);
}

}  // namespace
}  // namespace portcullis::store::sqlite
