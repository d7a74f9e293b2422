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

}  // namespace
}  // namespace portcullis::store::postgres
