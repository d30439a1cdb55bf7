// The SQLite backend of sql::Database: a connection to a store file (or an in-memory database),
// its prepared statements, and the translation of SQLite result codes into Status.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "ciie/status.hpp"

#include "store/sql/database.hpp"

namespace ciie::store::sqlite {

// Maps a SQLite result code to a Status: SQLITE_BUSY/LOCKED → conflict store.busy; FULL, IOERR,
// CORRUPT, … → storage store.io; constraint failures → conflict store.constraint.
Status status_from_sqlite(int rc, sqlite3* db, std::string_view context);

// Thread-safety: not thread-safe; one per thread.
class SqliteDatabase final : public sql::Database {
 public:
  // Opens (and with `create`, creates) a database file; ":memory:" for an in-memory database.
  // Errors: store.open, store.not_initialized (missing file and !create).
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path, bool create,
                                                      std::int64_t busy_timeout_ms);
  ~SqliteDatabase() override;

  std::string_view backend() const override { return "sqlite"; }
  Status exec(std::string_view sql) override;
  std::int64_t changes() const override { return sqlite3_changes64(db_); }
  Result<std::int64_t> last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  // BEGIN IMMEDIATE: the write lock is taken up front, so two writers never deadlock upgrading
  // a read lock, and a writer that cannot get it within the busy timeout fails with store.busy.
  Status begin_write() override { return exec("BEGIN IMMEDIATE"); }
  // PRAGMA user_version.
  Result<int> read_schema_version() override;
  Status write_schema_version(int version) override;
  std::span<const sql::Migration> migrations() const override;
  bool last_error_raised(std::string_view message) const override;

 protected:
  Result<std::unique_ptr<sql::StatementImpl>> create_statement(std::string_view sql) override;

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace ciie::store::sqlite
