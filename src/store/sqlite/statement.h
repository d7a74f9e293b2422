// Statement: RAII owner of one prepared sqlite3_stmt with typed Bind/Step/Column helpers.
// Not thread-safe: used by one thread at a time, like the Connection it was prepared on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace portcullis::store::sqlite {

class Statement {
 public:
  // `persistent` hints SQLite that the statement is kept and reused (cached statements).
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql, bool persistent);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, matching ?1, ?2, ... in the SQL. Text is copied. A failed bind is
  // remembered and reported by the next Step().
  void Bind(int index, int64_t value);
  void Bind(int index, std::string_view value);
  void Bind(int index, const std::string& value) { Bind(index, std::string_view(value)); }
  void Bind(int index, const char* value) { Bind(index, std::string_view(value)); }
  void Bind(int index, std::nullopt_t);
  void Bind(int index, const std::optional<int64_t>& value);
  void Bind(int index, const std::optional<std::string>& value);
  // Binds args to ?1, ?2, ... in order.
  template <class... Args>
  void BindAll(const Args&... args) {
    int index = 0;
    (Bind(++index, args), ...);
  }

  // true when a row is ready, false when the statement is done.
  Result<bool> Step();
  // Steps to completion, discarding rows: for statements run for their effect.
  Status Run();

  // Columns are 0-based. NULL reads as 0 / "" unless read through the Optional variants.
  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;
  std::optional<int64_t> ColumnOptionalInt(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;

  // Makes the statement ready for reuse: resets it and clears its bindings.
  void Reset();

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void NoteBind(int rc);

  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;  // first failed bind since the last Reset(), 0 when none
};

}  // namespace portcullis::store::sqlite
