// Statement, Connection and error mapping: binding and reading values, the statement cache,
// savepoints, and SQLite errors turned into portcullis Errors. Single-threaded.
#include "store/sqlite/statement.h"

#include <gtest/gtest.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace portcullis::store::sqlite {
namespace {

class StatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = Connection::Open(dir_.File("db.sqlite"), std::chrono::seconds(5));
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(conn).value();
    ASSERT_TRUE(conn_->Exec("CREATE TABLE t (i INTEGER, s TEXT, u TEXT UNIQUE) STRICT").ok());
  }
  TempDir dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(StatementTest, BindsAndReadsValuesAndNulls) {
  {
    auto insert = conn_->Prepare("INSERT INTO t (i, s, u) VALUES (?1, ?2, ?3)");
    ASSERT_TRUE(insert.ok());
    (*insert)->BindAll(int64_t{-5}, std::string("with\0nul", 8), std::optional<std::string>());
    ASSERT_TRUE((*insert)->Run().ok());
  }
  auto select = conn_->Prepare("SELECT i, s, u FROM t");
  ASSERT_TRUE(select.ok());
  auto row = (*select)->Step();
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(*row);
  EXPECT_EQ((*select)->ColumnInt(0), -5);
  EXPECT_EQ((*select)->ColumnText(1), std::string("with\0nul", 8));
  EXPECT_EQ((*select)->ColumnOptionalText(2), std::nullopt);
  EXPECT_EQ((*select)->ColumnOptionalInt(0), -5);
  EXPECT_EQ((*select)->ColumnText(2), "");
  auto done = (*select)->Step();
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(*done);
}

TEST_F(StatementTest, CachedStatementIsResetWhenTheLeaseEnds) {
  ASSERT_TRUE(conn_->Exec("INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y')").ok());
  for (int round = 0; round < 3; ++round) {
    auto select = conn_->Prepare("SELECT i FROM t ORDER BY i");
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE(*(*select)->Step());
    EXPECT_EQ((*select)->ColumnInt(0), 1);  // starts over every time
  }
}

TEST_F(StatementTest, UniqueViolationIsAConflict) {
  ASSERT_TRUE(conn_->Exec("INSERT INTO t VALUES (1, 'a', 'x')").ok());
  auto insert = conn_->Prepare("INSERT INTO t (u) VALUES (?1)");
  ASSERT_TRUE(insert.ok());
  (*insert)->BindAll("x");
  Status status = (*insert)->Run();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_EQ(status.error().detail, "constraint");  // t.u is not a column the store names
}

TEST_F(StatementTest, ErrorsCarryNoUserData) {
  auto insert = conn_->Prepare("INSERT INTO t (i) VALUES (?1)");
  ASSERT_TRUE(insert.ok());
  (*insert)->BindAll("secret-value");  // STRICT: text into an INTEGER column
  Status status = (*insert)->Run();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_EQ(status.error().detail.find("secret"), std::string::npos);
  EXPECT_NE(status.error().detail.find("INSERT INTO t"), std::string::npos);
}

TEST_F(StatementTest, BadSqlIsAnInternalError) {
  auto bad = conn_->Prepare("SELEC nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
}

TEST_F(StatementTest, SavepointRollsBackOnlyOnFailure) {
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  ASSERT_TRUE(
      conn_->InSavepoint("ok", [&] { return conn_->Exec("INSERT INTO t (i) VALUES (1)"); }).ok());
  Status failed = conn_->InSavepoint("bad", [&]() -> Status {
    if (Status s = conn_->Exec("INSERT INTO t (i) VALUES (2)"); !s) return s;
    return MakeError(ErrorCode::kForbidden, "no");
  });
  EXPECT_EQ(failed.error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(conn_->Exec("COMMIT").ok());
  auto count = conn_->Prepare("SELECT COUNT(*), MAX(i) FROM t");
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->ColumnInt(0), 1);
  EXPECT_EQ((*count)->ColumnInt(1), 1);
}

TEST(Connection, OpeningAMissingDirectoryIsUnavailable) {
  auto conn = Connection::Open("/nonexistent-dir/portcullis/db.sqlite", std::chrono::seconds(1));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::store::sqlite
