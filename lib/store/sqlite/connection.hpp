// A thin RAII layer over the SQLite C API: one Connection, prepared Statements with typed
// binding and reading, and the translation of SQLite result codes into Status.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

#include "ciie/status.hpp"

namespace ciie::store::sqlite {

// Maps a SQLite result code to a Status: SQLITE_BUSY/LOCKED → conflict store.busy; FULL, IOERR,
// CORRUPT, … → storage store.io; constraint failures → conflict store.constraint.
Status status_from_sqlite(int rc, sqlite3* db, std::string_view context);

class Statement;

// Prepared statements kept for reuse, by SQL text. A statement is taken out while in use and
// given back (reset, bindings cleared) when its Statement goes away, so a nested use of the same
// SQL simply prepares a second one. Parsing SQL is a large share of a small write; bulk work
// runs the same few statements hundreds of thousands of times.
class StatementPool {
 public:
  explicit StatementPool(sqlite3* db) : db_(db) {}
  ~StatementPool();
  StatementPool(const StatementPool&) = delete;
  StatementPool& operator=(const StatementPool&) = delete;

  // A statement for `sql`, from the pool or newly prepared. Errors: store.io.
  Result<Statement> take(std::string_view sql);
  // The idle statements of one SQL text. Statements point at their slot (unordered_map nodes
  // never move), so giving one back neither copies nor hashes its text.
  using Slot = std::vector<sqlite3_stmt*>;
  // Called by Statement's destructor.
  static void give_back(Slot& slot, sqlite3_stmt* stmt);

 private:
  // Looked up by string_view without building a std::string (C++20 heterogeneous lookup).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  sqlite3* db_;
  std::unordered_map<std::string, Slot, TextHash, std::equal_to<>> idle_;
};

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
  // A reusable prepared statement (see StatementPool). REQUIRES: the Statement goes away before
  // the Connection.
  Result<Statement> prepare(std::string_view sql);

 private:
  explicit Connection(sqlite3* db);
  sqlite3* db_ = nullptr;
  std::unique_ptr<StatementPool> pool_;  // on the heap: its address survives moves
};

// A prepared statement. Bind parameters are 1-based; columns 0-based.
class Statement {
 public:
  // A statement of its own, finalised when it goes away. Errors: store.io (with the SQL's first
  // line in the message: a bug if it happens).
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
  // Binds text without copying it. REQUIRES: `value`'s bytes stay alive and unchanged until the
  // statement has run (a hot path's row struct, never a temporary).
  Statement& bind_unowned(int index, std::string_view value);
  // Binds bytes as a BLOB (a STRICT table's BLOB column refuses text).
  Statement& bind_blob(int index, std::string_view bytes);

  // Advances: true with a row, false when done. Errors mapped by status_from_sqlite.
  Result<bool> step();
  // Steps to completion, for statements without rows.
  Status run();
  // Resets for re-execution (bindings kept).
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  // The bytes of a BLOB (or any) column; "" for NULL.
  std::string column_blob(int index) const;
  bool column_is_null(int index) const;

 private:
  friend class StatementPool;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  // Finalises the statement, or gives it back to its pool.
  void release();
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  StatementPool::Slot* slot_ = nullptr;  // when set, the statement goes back there, not away
};

}  // namespace ciie::store::sqlite
