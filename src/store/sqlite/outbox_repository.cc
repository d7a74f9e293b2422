// SqliteOutboxRepository: mail outbox rows over one connection; a claim moves each message's
// next attempt to the end of its lease. Not thread-safe: the connection's thread only.
#include "store/sqlite/outbox_repository.h"

#include "common/status_macros.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

// Reads the column order of sql::kSelectDueMail.
core::OutboxMessage ReadOutboxMessage(const Statement& row) {
  core::OutboxMessage message;
  message.id = row.ColumnText(0);
  message.kind = row.ColumnText(1);
  message.recipient = row.ColumnText(2);
  message.sealed_content = row.ColumnText(3);
  message.created_at = row.ColumnInt(4);
  message.next_attempt_at = row.ColumnInt(5);
  message.attempts = row.ColumnInt(6);
  message.last_error = row.ColumnText(7);
  message.parked = row.ColumnInt(8) != 0;
  return message;
}

int64_t Flag(bool value) { return value ? 1 : 0; }

}  // namespace

Status SqliteOutboxRepository::Enqueue(const core::OutboxMessage& message) {
  ASSIGN_OR_RETURN(auto insert, conn_.Prepare(sql::kInsertMail));
  insert->BindAll(message.id, message.kind, message.recipient, message.sealed_content,
                  message.created_at, message.next_attempt_at, message.attempts, message.last_error,
                  Flag(message.parked));
  return insert->Run();
}

Result<std::vector<core::OutboxMessage>> SqliteOutboxRepository::ClaimDue(int64_t now,
                                                                          int64_t lease_until,
                                                                          int64_t limit) {
  std::vector<core::OutboxMessage> due;
  if (limit <= 0) return due;
  Status status = conn_.InSavepoint("outbox_claim", [&]() -> Status {
    {
      ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectDueMail));
      select->BindAll(now, limit);
      for (;;) {
        ASSIGN_OR_RETURN(bool row, select->Step());
        if (!row) break;
        due.push_back(ReadOutboxMessage(*select));
      }
    }
    ASSIGN_OR_RETURN(auto lease, conn_.Prepare(sql::kLeaseMail));
    for (core::OutboxMessage& message : due) {
      lease->BindAll(message.id, lease_until);
      RETURN_IF_ERROR(lease->Run());
      lease->Reset();
      message.next_attempt_at = lease_until;
      message.attempts += 1;
    }
    return Status::Ok();
  });
  if (!status) return status.error();
  return due;
}

Status SqliteOutboxRepository::Delete(std::string_view id) {
  ASSIGN_OR_RETURN(auto remove, conn_.Prepare(sql::kDeleteMail));
  remove->BindAll(id);
  return remove->Run();
}

Status SqliteOutboxRepository::RecordFailure(std::string_view id, int64_t next_attempt_at,
                                             std::string_view error, bool parked) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kRecordMailFailure));
  update->BindAll(id, next_attempt_at, error, Flag(parked));
  RETURN_IF_ERROR(update->Run());
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "message");
  return Status::Ok();
}

Result<core::OutboxCounts> SqliteOutboxRepository::Count() {
  ASSIGN_OR_RETURN(auto count, conn_.Prepare(sql::kCountMail));
  ASSIGN_OR_RETURN(bool row, count->Step());
  core::OutboxCounts counts;
  if (row) {
    counts.pending = count->ColumnInt(0);
    counts.parked = count->ColumnInt(1);
  }
  return counts;
}

}  // namespace portcullis::store::sqlite
