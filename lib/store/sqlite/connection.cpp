// SQLite connection settings and error translation. WAL lets readers work while one writer
// commits; synchronous=FULL makes every commit durable (nothing is lost on power failure);
// foreign keys are off by default in SQLite and must be switched on per connection.
#include "store/sqlite/connection.hpp"

#include <filesystem>
#include <utility>

namespace ciie::store::sqlite {

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

Result<Connection> Connection::open(const std::string& path, bool create,
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
  Connection connection(db);  // closes db even when open failed
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
  CIIE_RETURN_IF_ERROR(connection.exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  return connection;
}

Connection::Connection(sqlite3* db)
    : db_(db), pool_(db != nullptr ? std::make_unique<StatementPool>(db) : nullptr) {}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), pool_(std::move(other.pool_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    pool_.reset();
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    pool_ = std::move(other.pool_);
  }
  return *this;
}

Connection::~Connection() {
  pool_.reset();  // finalise pooled statements before closing
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) { return pool_->take(sql); }

StatementPool::~StatementPool() {
  for (auto& [sql, statements] : idle_) {
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  }
}

Result<Statement> StatementPool::take(std::string_view sql) {
  auto it = idle_.find(sql);
  if (it == idle_.end()) it = idle_.emplace(std::string(sql), Slot()).first;
  Slot& slot = it->second;
  sqlite3_stmt* stmt = nullptr;
  if (!slot.empty()) {
    stmt = slot.back();
    slot.pop_back();
  } else {
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return status_from_sqlite(rc, db_,
                                "prepare '" + std::string(sql.substr(0, sql.find('\n'))) + "'");
    }
  }
  Statement statement(db_, stmt);
  statement.slot_ = &slot;
  return statement;
}

void StatementPool::give_back(Slot& slot, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  slot.push_back(stmt);
}

Status Connection::exec(std::string_view sql) {
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

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return status_from_sqlite(rc, db,
                              "prepare '" + std::string(sql.substr(0, sql.find('\n'))) + "'");
  }
  return Statement(db, stmt);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      slot_(std::exchange(other.slot_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    slot_ = std::exchange(other.slot_, nullptr);
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() {
  if (stmt_ == nullptr) return;
  if (slot_ != nullptr) {
    StatementPool::give_back(*slot_, std::exchange(stmt_, nullptr));
  } else {
    sqlite3_finalize(std::exchange(stmt_, nullptr));
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_unowned(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return status_from_sqlite(rc, db_, "step");
}

Status Statement::run() {
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, step());
    if (!row) return Status::ok();
  }
}

void Statement::reset() { sqlite3_reset(stmt_); }

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  return text != nullptr
             ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
             : std::string();
}

std::string Statement::column_blob(int index) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  return bytes != nullptr
             ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
             : std::string();
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace ciie::store::sqlite
