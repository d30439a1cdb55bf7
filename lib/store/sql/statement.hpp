// A prepared statement of either backend, behind one small value type. The store's SQL code
// (sql_*.cpp) binds, steps and reads columns through Statement and never sees the database
// library; each backend implements StatementImpl (store/sqlite/sql_database.cpp,
// store/postgres/pg_database.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie::store::sql {

// One backend's prepared statement. Bind parameters are 1-based; columns 0-based.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_int(int index, std::int64_t value) = 0;
  // `copy` false: the bytes stay alive and unchanged until the statement has run.
  virtual void bind_text(int index, std::string_view value, bool copy) = 0;
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  virtual void bind_null(int index) = 0;
  // An instant, given as its UTC text (Instant::to_utc_string): SQLite stores the text, which
  // sorts as time; PostgreSQL sends it as a TIMESTAMPTZ.
  virtual void bind_instant(int index, std::string_view utc_text) = 0;
  // True with a row, false when done.
  virtual Result<bool> step() = 0;
  // Ready to run again, bindings kept.
  virtual void reset() = 0;
  // Ready to run again with no bindings (before going back to a pool).
  virtual void clear() = 0;
  virtual std::int64_t column_int(int index) const = 0;
  virtual std::string column_text(int index) const = 0;
  virtual std::string column_blob(int index) const = 0;
  virtual bool column_is_null(int index) const = 0;
};

// Prepared statements kept for reuse, by SQL text. A statement is taken out while in use and
// given back (reset, bindings cleared) when its Statement goes away, so a nested use of the same
// SQL simply prepares a second one. Parsing SQL is a large share of a small write; bulk work
// runs the same few statements hundreds of thousands of times.
class StatementPool {
 public:
  using Slot = std::vector<std::unique_ptr<StatementImpl>>;
  // The idle statements of `sql`, created on first use. Slots never move (unordered_map
  // nodes), so a Statement can point at its slot.
  Slot& slot(std::string_view sql);
  // Destroys every idle statement (a backend does this before closing its connection).
  void clear() { idle_.clear(); }

 private:
  // Looked up by string_view without building a std::string (C++20 heterogeneous lookup).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, Slot, TextHash, std::equal_to<>> idle_;
};

// A prepared statement, owned for as long as it is in use; it goes back to its pool slot (or
// away) when the Statement does. REQUIRES: it goes away before its Database.
class Statement {
 public:
  Statement(std::unique_ptr<StatementImpl> impl, StatementPool::Slot* slot)
      : impl_(std::move(impl)), slot_(slot) {}
  Statement(Statement&& other) noexcept = default;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { release(); }

  Statement& bind(int index, std::int64_t value) {
    impl_->bind_int(index, value);
    return *this;
  }
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value) {
    impl_->bind_text(index, value, true);
    return *this;
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, Instant at) {
    impl_->bind_instant(index, at.to_utc_string());
    return *this;
  }
  Statement& bind_null(int index) {
    impl_->bind_null(index);
    return *this;
  }
  // Binds text without copying it. REQUIRES: `value`'s bytes stay alive and unchanged until the
  // statement has run (a hot path's row struct, never a temporary).
  Statement& bind_unowned(int index, std::string_view value) {
    impl_->bind_text(index, value, false);
    return *this;
  }
  // Binds bytes as a BLOB / BYTEA.
  Statement& bind_blob(int index, std::string_view bytes) {
    impl_->bind_blob(index, bytes);
    return *this;
  }

  // Advances: true with a row, false when done. Errors: the backend's mapping (store.busy,
  // store.constraint, store.io).
  Result<bool> step() { return impl_->step(); }
  // Steps to completion, for statements without rows.
  Status run();
  // Resets for re-execution (bindings kept).
  void reset() { impl_->reset(); }

  std::int64_t column_int(int index) const { return impl_->column_int(index); }
  std::string column_text(int index) const { return impl_->column_text(index); }
  // The bytes of a BLOB / BYTEA (or any) column; "" for NULL.
  std::string column_blob(int index) const { return impl_->column_blob(index); }
  bool column_is_null(int index) const { return impl_->column_is_null(index); }

 private:
  void release();
  std::unique_ptr<StatementImpl> impl_;
  StatementPool::Slot* slot_ = nullptr;  // when set, the statement goes back there, not away
};

}  // namespace ciie::store::sql
