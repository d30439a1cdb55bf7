// Test stores on SQLite files or on schemas of the test PostgreSQL server (test_store.hpp).
#include "support/test_store.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

namespace ciie::test {
namespace {

const char* server_uri() {
  const char* uri = std::getenv("CIIE_TEST_POSTGRES");
  return uri != nullptr && uri[0] != '\0' ? uri : nullptr;
}

// One connection to the test server for this process, for creating and dropping schemas.
class Server {
 public:
  static Server& instance() {
    static Server server;
    return server;
  }

  std::string schema_for(const std::string& path) {
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = schemas_.find(path);
    if (found != schemas_.end()) return found->second;
    // FNV-1a of the path, with the process id: two test processes never share a schema.
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : path) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char name[64];
    std::snprintf(name, sizeof name, "t%d_%016llx", static_cast<int>(getpid()),
                  static_cast<unsigned long long>(hash));
    run("DROP SCHEMA IF EXISTS " + std::string(name) + " CASCADE; CREATE SCHEMA " + name);
    schemas_.emplace(path, name);
    return name;
  }

  void drop_under(const std::string& directory) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = schemas_.begin(); it != schemas_.end();) {
      if (it->first.starts_with(directory)) {
        run("DROP SCHEMA IF EXISTS " + it->second + " CASCADE");
        it = schemas_.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  Server() {
    conn_ = PQconnectdb(server_uri());
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw std::runtime_error(std::string("CIIE_TEST_POSTGRES: cannot connect: ") +
                               PQerrorMessage(conn_));
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~Server() { PQfinish(conn_); }

  void run(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string error = ok ? "" : PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) throw std::runtime_error("CIIE_TEST_POSTGRES: " + sql + ": " + error);
  }

  std::mutex mutex_;
  PGconn* conn_ = nullptr;
  std::map<std::string, std::string> schemas_;  // absolute path → schema
};

}  // namespace

bool testing_postgres() { return server_uri() != nullptr; }

std::string store_location(const std::string& sqlite_path) {
  if (!testing_postgres()) return sqlite_path;
  const std::string absolute = std::filesystem::absolute(sqlite_path).lexically_normal().string();
  const std::string schema = Server::instance().schema_for(absolute);
  std::string uri = server_uri();
  uri += uri.find('?') == std::string::npos ? '?' : '&';
  uri += "options=-csearch_path%3D" + schema;
  return uri;
}

std::vector<std::vector<std::string>> query_store(const std::string& location,
                                                  const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  if (location.rfind("postgresql://", 0) == 0) {
    PGconn* conn = PQconnectdb(location.c_str());
    PGresult* result = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, sql.c_str()) : nullptr;
    const bool ok = result != nullptr && PQresultStatus(result) == PGRES_TUPLES_OK;
    const std::string error =
        result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    for (int r = 0; ok && r < PQntuples(result); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
      rows.push_back(std::move(row));
    }
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("query_store: " + sql + ": " + error);
    return rows;
  }
  sqlite3* db = nullptr;
  const int opened = sqlite3_open_v2(location.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  if (opened != SQLITE_OK || sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string error = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error("query_store: " + sql + ": " + error);
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
      row.emplace_back(text != nullptr ? text : "");
    }
    rows.push_back(std::move(row));
  }
  const std::string error = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  if (rc != SQLITE_DONE) throw std::runtime_error("query_store: " + sql + ": " + error);
  return rows;
}

void exec_store(const std::string& location, const std::string& sql) {
  if (location.rfind("postgresql://", 0) == 0) {
    PGconn* conn = PQconnectdb(location.c_str());
    PGresult* result = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, sql.c_str()) : nullptr;
    const bool ok = result != nullptr && (PQresultStatus(result) == PGRES_COMMAND_OK ||
                                          PQresultStatus(result) == PGRES_TUPLES_OK);
    const std::string error =
        result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("exec_store: " + sql + ": " + error);
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open(location.c_str(), &db);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("exec_store: " + sql + ": " + message);
}

void drop_stores_under(const std::string& directory) {
  if (!testing_postgres()) return;
  Server::instance().drop_under(directory);
}

bool sqlite_only(const char* why) {
  if (!testing_postgres()) return false;
  std::fprintf(stderr, "SQLite only, not run on the PostgreSQL pass: %s\n", why);
  return true;
}

}  // namespace ciie::test
