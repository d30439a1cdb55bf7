// libpq connection, statements, session settings and error translation (pg_database.hpp).
#include "store/postgres/pg_database.hpp"

#include <charconv>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/postgres/pg_dialect.hpp"
#include "store/postgres/pg_migrations.hpp"

namespace ciie::store::postgres {
namespace {

// Type OIDs of PostgreSQL's catalogue (pg_type.dat); stable across versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kTimestamptzOid = 1184;
constexpr Oid kJsonbOid = 3802;
constexpr Oid kUnknownOid = 0;  // the server infers the type from the statement

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// "2024-10-20 15:59:59.5+00" (TimeZone UTC, DateStyle ISO) → "2024-10-20T15:59:59.500000Z",
// the text Instant::to_utc_string writes and SQLite stores.
std::string utc_text_from_timestamptz(std::string_view pg) {
  if (pg.size() < 19 || pg[10] != ' ') return std::string(pg);  // not a plain ISO instant
  std::string out(pg.substr(0, 19));
  out[10] = 'T';
  std::size_t i = 19;
  std::string fraction;
  if (i < pg.size() && pg[i] == '.') {
    ++i;
    while (i < pg.size() && pg[i] >= '0' && pg[i] <= '9') fraction += pg[i++];
  }
  fraction.resize(6, '0');
  out += '.';
  out += fraction;
  out += 'Z';
  return out;
}

// JSONB comes back with its keys reordered and spaced ({"b": 1, "a": 2}); the store wrote it
// as nlohmann::json::dump does (sorted keys, no spaces), which is what SQLite gives back: the
// same text again.
std::string compact_json(std::string_view jsonb) {
  try {
    return nlohmann::json::parse(jsonb).dump();
  } catch (const std::exception&) {
    return std::string(jsonb);
  }
}

// A statement prepared on the server. Parameters are kept as text (BYTEA as binary) with the
// type each bind gave them; the statement is prepared for that combination of types on first
// execution. The whole result is fetched at once, so statements may nest freely as on SQLite.
class PgStatement final : public sql::StatementImpl {
 public:
  PgStatement(PgDatabase& db, TranslatedSql sql)
      : db_(db),
        sql_(std::move(sql.text)),
        present_(std::move(sql.present)),
        values_(static_cast<std::size_t>(sql.parameters)),
        kinds_(static_cast<std::size_t>(sql.parameters), 'n') {
    present_.resize(values_.size(), false);
  }

  void bind_int(int index, std::int64_t value) override { set(index, 'i', std::to_string(value)); }
  void bind_text(int index, std::string_view value, bool) override {
    set(index, 't', std::string(value));
  }
  void bind_blob(int index, std::string_view bytes) override {
    set(index, 'b', std::string(bytes));
  }
  void bind_null(int index) override { set(index, 'n', std::string()); }
  void bind_instant(int index, std::string_view utc_text) override {
    set(index, 'T', std::string(utc_text));
  }

  Result<bool> step() override {
    if (state_ == State::kDone) reset();  // as sqlite3_step runs a finished statement again
    if (state_ == State::kFresh) {
      CIIE_RETURN_IF_ERROR(execute());
      row_ = 0;
    } else {
      ++row_;
    }
    if (row_ < rows_) return true;
    state_ = State::kDone;
    return false;
  }
  void reset() override {
    result_.reset();
    rows_ = 0;
    row_ = -1;
    state_ = State::kFresh;
  }
  void clear() override {
    reset();
    for (auto& value : values_) value.clear();
    std::fill(kinds_.begin(), kinds_.end(), 'n');
  }

  std::int64_t column_int(int index) const override {
    if (!has(index)) return 0;
    const char* text = PQgetvalue(result_.get(), row_, index);
    if (PQftype(result_.get(), index) == kBoolOid) return text[0] == 't' ? 1 : 0;
    std::int64_t value = 0;
    const std::size_t length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, index));
    std::from_chars(text, text + length, value);
    return value;
  }
  std::string column_text(int index) const override {
    if (!has(index)) return std::string();
    const std::string_view text(PQgetvalue(result_.get(), row_, index),
                                static_cast<std::size_t>(PQgetlength(result_.get(), row_, index)));
    switch (PQftype(result_.get(), index)) {
      case kTimestamptzOid:
        return utc_text_from_timestamptz(text);
      case kBoolOid:
        return text == "t" ? "1" : "0";
      case kJsonbOid:
        return compact_json(text);
      case kByteaOid:
        return column_blob(index);
      default:
        return std::string(text);
    }
  }
  std::string column_blob(int index) const override {
    if (!has(index)) return std::string();
    const auto* text =
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, index));
    if (PQftype(result_.get(), index) != kByteaOid) {
      return std::string(reinterpret_cast<const char*>(text),
                         static_cast<std::size_t>(PQgetlength(result_.get(), row_, index)));
    }
    std::size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(text, &length);
    if (bytes == nullptr) return std::string();
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }
  bool column_is_null(int index) const override {
    return !has(index) || PQgetisnull(result_.get(), row_, index) != 0;
  }

 private:
  enum class State { kFresh, kRows, kDone };

  void set(int index, char kind, std::string value) {
    if (index < 1 || static_cast<std::size_t>(index) > values_.size()) return;  // as SQLite
    values_[static_cast<std::size_t>(index - 1)] = std::move(value);
    kinds_[static_cast<std::size_t>(index - 1)] = kind;
  }
  bool has(int index) const {
    return result_ != nullptr && row_ >= 0 && row_ < rows_ && index >= 0 &&
           index < PQnfields(result_.get());
  }

  Status execute() {
    const std::size_t n = values_.size();
    std::vector<Oid> types(n, kUnknownOid);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    std::string signature(n, 't');
    for (std::size_t i = 0; i < n; ++i) {
      const char kind = kinds_[i];
      if (!present_[i]) {
        types[i] = kTextOid;  // bound but unused: any declared type will do
        signature[i] = 'u';
        continue;
      }
      if (kind == 'n') continue;  // NULL, type inferred
      if (kind != 'b' && values_[i].find('\0') != std::string::npos) {
        return Status::storage("store.io", "text with a NUL byte cannot be stored in PostgreSQL");
      }
      values[i] = values_[i].c_str();
      if (kind == 'i') types[i] = kInt8Oid;
      if (kind == 'T') types[i] = kTimestamptzOid;
      if (kind == 'b') {
        types[i] = kByteaOid;
        formats[i] = 1;
        lengths[i] = static_cast<int>(values_[i].size());
      }
      signature[i] = kind;
    }
    CIIE_ASSIGN_OR_RETURN(const std::string name, db_.prepared_name(sql_, signature, types));
    result_.reset(PQexecPrepared(db_.connection(), name.c_str(), static_cast<int>(n), values.data(),
                                 lengths.data(), formats.data(), 0));
    const ExecStatusType status = PQresultStatus(result_.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      Status failed = db_.failure(result_.get(), "step");
      result_.reset();
      return failed;
    }
    db_.record_command(result_.get());
    rows_ = status == PGRES_TUPLES_OK ? PQntuples(result_.get()) : 0;
    state_ = State::kRows;
    return Status::ok();
  }

  PgDatabase& db_;
  std::string sql_;
  std::vector<bool> present_;  // [i]: whether parameter i + 1 occurs in the SQL
  std::vector<std::string> values_;
  std::vector<char> kinds_;  // per parameter: 'i' int8, 't' text, 'b' bytea, 'T' timestamptz, 'n'
  ResultPtr result_;
  int rows_ = 0;
  int row_ = -1;
  State state_ = State::kFresh;
};

// The first line of a libpq message, without its trailing newline.
std::string first_line(const char* message) {
  std::string text = message != nullptr ? message : "";
  const auto end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace

std::string redacted(std::string_view uri) {
  std::string out(uri);
  // user:secret@host
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto at = out.find('@', scheme + 3);
    const auto slash = out.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=secret among the parameters (URI query or key=value form)
  for (auto at = out.find("password="); at != std::string::npos;
       at = out.find("password=", at + 1)) {
    const auto value = at + 9;
    auto end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

Result<std::unique_ptr<PgDatabase>> PgDatabase::connect(const std::string& uri,
                                                        const StoreOptions& options) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::unique_ptr<PgDatabase> database(new PgDatabase(conn));  // finishes conn on failure too
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    return Status::storage("store.open", "cannot connect to PostgreSQL at '" + redacted(uri) +
                                             "': " + first_line(PQerrorMessage(conn)));
  }
  // Notices (a NOTICE from CREATE … IF NOT EXISTS, say) are not errors; libpq would print them.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  const std::string session =
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8'; "
      "SET lock_timeout = " +
      std::to_string(options.busy_timeout_ms) + ";";
  CIIE_RETURN_IF_ERROR(database->exec(session));
  return database;
}

PgDatabase::~PgDatabase() {
  release_statements();
  if (conn_ != nullptr) PQfinish(conn_);
}

Result<std::unique_ptr<sql::StatementImpl>> PgDatabase::create_statement(std::string_view sql) {
  return std::unique_ptr<sql::StatementImpl>(
      std::make_unique<PgStatement>(*this, translate_to_postgres(sql)));
}

Result<std::string> PgDatabase::prepared_name(const std::string& sql, const std::string& signature,
                                              const std::vector<Oid>& types) {
  std::string key = sql;
  key += '\0';
  key += signature;
  const auto found = prepared_.find(key);
  if (found != prepared_.end()) return found->second;
  std::string name = "ciie_" + std::to_string(prepared_.size() + 1);
  ResultPtr result(
      PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data()));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return failure(result.get(), "prepare '" + sql.substr(0, sql.find('\n', 1)) + "'");
  }
  prepared_.emplace(std::move(key), name);
  return name;
}

void PgDatabase::record_command(PGresult* result) {
  const std::string_view command = PQcmdStatus(result);
  if (command.starts_with("INSERT") || command.starts_with("UPDATE") ||
      command.starts_with("DELETE")) {
    changes_ = std::strtoll(PQcmdTuples(result), nullptr, 10);
  }
}

Status PgDatabase::failure(PGresult* result, std::string_view context) {
  const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  last_sqlstate_ = sqlstate != nullptr ? sqlstate : "";
  last_message_ = primary != nullptr ? primary : first_line(PQerrorMessage(conn_));
  const std::string message = std::string(context) + ": " + last_message_;
  const std::string_view code = last_sqlstate_;
  if (code == "40001" || code == "40P01") {
    retryable_ = true;
    return Status::conflict(
        "store.busy", "the transaction collided with a concurrent one (" + last_message_ + ")");
  }
  if (code == "55P03" || code == "57014") {
    return Status::conflict("store.busy", "the store is busy (" + last_message_ + ")");
  }
  if (code.starts_with("23") || code == "P0001") {
    return Status::conflict("store.constraint", message);
  }
  if (PQstatus(conn_) != CONNECTION_OK || code.starts_with("08")) {
    return Status::storage("store.io", "lost the connection to PostgreSQL: " + last_message_);
  }
  return Status::storage("store.io", message);
}

Status PgDatabase::exec(std::string_view sql) {
  ResultPtr result(PQexec(conn_, std::string(sql).c_str()));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return failure(result.get(), "exec");
  }
  return Status::ok();
}

Status PgDatabase::copy_begin(const std::string& copy_sql) {
  ResultPtr result(PQexec(conn_, copy_sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) return failure(result.get(), "copy");
  return Status::ok();
}

Status PgDatabase::copy_put(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    return Status::storage("store.io", "copy: " + first_line(PQerrorMessage(conn_)));
  }
  return Status::ok();
}

Status PgDatabase::copy_end() {
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    return Status::storage("store.io", "copy: " + first_line(PQerrorMessage(conn_)));
  }
  Status status = Status::ok();
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultPtr result(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && status.is_ok()) {
      status = failure(raw, "copy");
    }
  }
  return status;
}

Status PgDatabase::begin_write() {
  retryable_ = false;
  return exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
}

Result<std::int64_t> PgDatabase::last_insert_id() {
  CIIE_ASSIGN_OR_RETURN(sql::Statement stmt, prepare("SELECT lastval()"));
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return Status::storage("store.io", "lastval() returned no row");
  return stmt.column_int(0);
}

Result<int> PgDatabase::read_schema_version() {
  CIIE_ASSIGN_OR_RETURN(sql::Statement exists,
                        prepare("SELECT to_regclass('schema_version') IS NOT NULL"));
  CIIE_ASSIGN_OR_RETURN(const bool row, exists.step());
  if (!row || exists.column_int(0) == 0) return 0;
  CIIE_ASSIGN_OR_RETURN(sql::Statement stmt, prepare("SELECT max(version) FROM schema_version"));
  CIIE_ASSIGN_OR_RETURN(const bool has_version, stmt.step());
  if (!has_version) return 0;
  return static_cast<int>(stmt.column_int(0));
}

Status PgDatabase::write_schema_version(int version) {
  return exec("UPDATE schema_version SET version = " + std::to_string(version));
}

std::span<const sql::Migration> PgDatabase::migrations() const { return postgres::migrations(); }

bool PgDatabase::last_error_raised(std::string_view message) const {
  return last_sqlstate_ == "P0001" && last_message_ == message;
}

}  // namespace ciie::store::postgres
