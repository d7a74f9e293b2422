// PostgresOutboxRepository: mail outbox rows over one connection; a claim moves each message's
// next attempt to the end of its lease in one statement. Not thread-safe: the connection's thread.
#include "store/postgres/outbox_repository.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "common/status_macros.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

// Reads row `row` in the column order of sql::kClaimDueMail's RETURNING.
core::OutboxMessage ReadOutboxMessage(const Rows& rows, int row) {
  core::OutboxMessage message;
  message.id = rows.Text(row, 0);
  message.kind = rows.Text(row, 1);
  message.recipient = rows.Text(row, 2);
  message.sealed_content = rows.Text(row, 3);
  message.created_at = rows.Int(row, 4);
  message.next_attempt_at = rows.Int(row, 5);
  message.attempts = rows.Int(row, 6);
  message.last_error = rows.Text(row, 7);
  message.parked = rows.Bool(row, 8);
  return message;
}

}  // namespace

Status PostgresOutboxRepository::Enqueue(const core::OutboxMessage& message) {
  return conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertMail, message.id, message.kind, message.recipient,
                              message.sealed_content, message.created_at, message.next_attempt_at,
                              message.attempts, message.last_error, message.parked));
    return Status::Ok();
  });
}

Result<std::vector<core::OutboxMessage>> PostgresOutboxRepository::ClaimDue(int64_t now,
                                                                            int64_t lease_until,
                                                                            int64_t limit) {
  std::vector<core::OutboxMessage> claimed;
  if (limit <= 0) return claimed;
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kClaimDueMail, now, lease_until, limit));
  // RETURNING has no order: put them back in the order they were due.
  struct Due {
    int64_t due_at;
    core::OutboxMessage message;
  };
  std::vector<Due> due;
  due.reserve(static_cast<std::size_t>(rows.size()));
  for (int row = 0; row < rows.size(); ++row) {
    due.push_back({rows.Int(row, 9), ReadOutboxMessage(rows, row)});
  }
  std::sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
    return std::tie(a.due_at, a.message.created_at, a.message.id) <
           std::tie(b.due_at, b.message.created_at, b.message.id);
  });
  claimed.reserve(due.size());
  for (Due& d : due) claimed.push_back(std::move(d.message));
  return claimed;
}

Status PostgresOutboxRepository::Delete(std::string_view id) {
  RETURN_IF_ERROR(conn_.Run(sql::kDeleteMail, id));
  return Status::Ok();
}

Status PostgresOutboxRepository::RecordFailure(std::string_view id, int64_t next_attempt_at,
                                               std::string_view error, bool parked) {
  ASSIGN_OR_RETURN(Rows rows,
                   conn_.Run(sql::kRecordMailFailure, id, next_attempt_at, error, parked));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "message");
  return Status::Ok();
}

Result<core::OutboxCounts> PostgresOutboxRepository::Count() {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kCountMail));
  core::OutboxCounts counts;
  if (!rows.empty()) {
    counts.pending = rows.Int(0, 0);
    counts.parked = rows.Int(0, 1);
  }
  return counts;
}

}  // namespace portcullis::store::postgres
