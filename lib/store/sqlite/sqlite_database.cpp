// SQLite connection settings, statements and error translation. WAL lets readers work while one
// writer commits; synchronous=FULL makes every commit durable (nothing is lost on power failure);
// foreign keys are off by default in SQLite and must be switched on per connection.
#include "store/sqlite/sqlite_database.hpp"

#include <filesystem>
#include <utility>

#include "store/sqlite/migrations.hpp"

namespace ciie::store::sqlite {
namespace {

// A prepared sqlite3_stmt. SQLITE_PREPARE_PERSISTENT: it lives in the pool for the whole run.
class SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_int(int index, std::int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void bind_text(int index, std::string_view value, bool copy) override {
    sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                        copy ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8);
  }
  void bind_blob(int index, std::string_view bytes) override {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  void bind_null(int index) override { sqlite3_bind_null(stmt_, index); }
  void bind_instant(int index, std::string_view utc_text) override {
    bind_text(index, utc_text, true);
  }

  Result<bool> step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return status_from_sqlite(rc, db_, "step");
  }
  void reset() override { sqlite3_reset(stmt_); }
  void clear() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::int64_t column_int(int index) const override { return sqlite3_column_int64(stmt_, index); }
  std::string column_text(int index) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text != nullptr
               ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
               : std::string();
  }
  std::string column_blob(int index) const override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
    return bytes != nullptr
               ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
               : std::string();
  }
  bool column_is_null(int index) const override {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace

Status status_from_sqlite(int rc, sqlite3* db, std::string_view context) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string message = std::string(context) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::conflict(
          "store.busy",
          "the store is busy (another writer held it past the busy timeout): " + detail);
    case SQLITE_CONSTRAINT:
      return Status::conflict("store.constraint", message);
    default:
      return Status::storage("store.io", message);
  }
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path, bool create,
                                                             std::int64_t busy_timeout_ms) {
  const bool memory = path == ":memory:";
  if (!memory && !create && !std::filesystem::exists(path)) {
    return Status::storage("store.not_initialized",
                           "no store at '" + path + "' (create it with `ciie init`)");
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(db));  // closes db on failure too
  if (rc != SQLITE_OK) {
    return Status::storage("store.open",
                           "cannot open store '" + path +
                               "': " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout_ms));
  // journal_mode returns a row; exec() discards it. In-memory databases stay in "memory" mode.
  // A 64 MiB page cache keeps a bulk transaction in memory instead of spilling it to the WAL
  // page by page before the commit. temp_store=MEMORY keeps the statement journal of each bulk
  // row's savepoint in memory: on disk it spilled to a temporary file rewritten for every row
  // (about 9 GB of writes for a 100,000-line statement, docs/performance.md).
  CIIE_RETURN_IF_ERROR(
      database->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                     "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  return database;
}

SqliteDatabase::~SqliteDatabase() {
  release_statements();  // finalise pooled statements before closing
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Result<std::unique_ptr<sql::StatementImpl>> SqliteDatabase::create_statement(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return status_from_sqlite(rc, db_,
                              "prepare '" + std::string(sql.substr(0, sql.find('\n'))) + "'");
  }
  return std::unique_ptr<sql::StatementImpl>(std::make_unique<SqliteStatement>(db_, stmt));
}

Status SqliteDatabase::exec(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    Status status = status_from_sqlite(rc, db_, "exec");
    sqlite3_free(error);
    return status;
  }
  return Status::ok();
}

Result<int> SqliteDatabase::read_schema_version() {
  CIIE_ASSIGN_OR_RETURN(sql::Statement stmt, prepare("PRAGMA user_version"));
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return 0;
  return static_cast<int>(stmt.column_int(0));
}

Status SqliteDatabase::write_schema_version(int version) {
  return exec("PRAGMA user_version = " + std::to_string(version));
}

std::span<const sql::Migration> SqliteDatabase::migrations() const { return sqlite::migrations(); }

bool SqliteDatabase::last_error_raised(std::string_view message) const {
  return sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_TRIGGER &&
         std::string_view(sqlite3_errmsg(db_)) == message;
}

}  // namespace ciie::store::sqlite
