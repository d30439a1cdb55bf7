// A thin RAII layer over the SQLite C API: one Connection, prepared Statements with typed
// binding and reading, and the translation of SQLite result codes into Status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "ciie/status.hpp"

namespace ciie::store::sqlite {

// Maps a SQLite result code to a Status: SQLITE_BUSY/LOCKED → conflict store.busy; FULL, IOERR,
// CORRUPT, … → storage store.io; constraint failures → conflict store.constraint.
Status status_from_sqlite(int rc, sqlite3* db, std::string_view context);

// Thread-safety: not thread-safe; one per thread.
class Connection {
 public:
  // Opens (and with `create`, creates) a database file; ":memory:" for an in-memory database.
  // Errors: store.open, store.not_initialized (missing file and !create).
  static Result<Connection> open(const std::string& path, bool create,
                                 std::int64_t busy_timeout_ms);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  sqlite3* handle() const { return db_; }
  // Runs one or more statements without results.
  Status exec(std::string_view sql);

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement. Bind parameters are 1-based; columns 0-based.
class Statement {
 public:
  // Errors: store.io (with the SQL's first line in the message: a bug if it happens).
  static Result<Statement> prepare(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind_null(int index);

  // Advances: true with a row, false when done. Errors mapped by status_from_sqlite.
  Result<bool> step();
  // Steps to completion, for statements without rows.
  Status run();
  // Resets for re-execution (bindings kept).
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace ciie::store::sqlite
