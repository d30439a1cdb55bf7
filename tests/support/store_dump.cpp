#include "support/store_dump.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ciie::test {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error("store dump: " + sql + ": " + sqlite3_errmsg(db));
  }
  return Stmt(raw);
}

std::string quoted_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// One value with its storage class, so that 1, '1' and 1.0 differ.
std::string render(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_NULL:
      return "NULL";
    case SQLITE_INTEGER:
      return "i:" + std::to_string(sqlite3_column_int64(stmt, column));
    case SQLITE_FLOAT: {
      char text[64];
      std::snprintf(text, sizeof text, "%.17g", sqlite3_column_double(stmt, column));
      return std::string("f:") + text;
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, column));
      const int size = sqlite3_column_bytes(stmt, column);
      std::string out = "x:";
      char hex[3];
      for (int i = 0; i < size; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
        out += hex;
      }
      return out;
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
      const int size = sqlite3_column_bytes(stmt, column);
      // Length-prefixed, so that no byte inside (a NUL, a separator) can make two rows look alike.
      return "t" + std::to_string(size) + ":" + std::string(text, static_cast<std::size_t>(size));
    }
  }
}

std::string dump_rows(sqlite3* db, const std::string& table, bool without_rowid,
                      const std::set<std::string>& ignore) {
  std::string order = "rowid";
  if (without_rowid) {
    order.clear();
    Stmt info = prepare(db, "PRAGMA table_info(" + quoted_identifier(table) + ")");
    for (int n = 1; sqlite3_step(info.get()) == SQLITE_ROW; ++n) {
      order += (n > 1 ? "," : "") + std::to_string(n);
    }
  }
  Stmt rows = prepare(db, "SELECT * FROM " + quoted_identifier(table) + " ORDER BY " + order);
  const int columns = sqlite3_column_count(rows.get());
  std::vector<bool> skipped(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    skipped[static_cast<std::size_t>(c)] =
        ignore.count(table + "." + sqlite3_column_name(rows.get(), c)) > 0;
  }
  std::string out;
  int step;
  while ((step = sqlite3_step(rows.get())) == SQLITE_ROW) {
    for (int c = 0; c < columns; ++c) {
      out += c > 0 ? " | " : "";
      out += skipped[static_cast<std::size_t>(c)] ? "~" : render(rows.get(), c);
    }
    out += '\n';
  }
  if (step != SQLITE_DONE) {
    throw std::runtime_error("store dump: " + table + ": " + sqlite3_errmsg(db));
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> dump_store(const std::string& db_path,
                                              const std::set<std::string>& ignore) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Db db(raw);
  if (opened != SQLITE_OK) {
    throw std::runtime_error("store dump: cannot open " + db_path + ": " +
                             (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  }
  std::map<std::string, std::string> dump;
  std::vector<std::pair<std::string, std::string>> tables;  // name, CREATE statement
  Stmt schema = prepare(db.get(),
                        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  std::string& master = dump["sqlite_master"];
  while (sqlite3_step(schema.get()) == SQLITE_ROW) {
    const auto text = [&](int c) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(schema.get(), c));
      return t == nullptr ? std::string("NULL") : std::string(t);
    };
    master += text(0) + " " + text(1) + " on " + text(2) + ": " + text(3) + "\n";
    // Every table, sqlite_sequence included (AUTOINCREMENT counters); not SQLite's statistics.
    const bool internal = text(1).rfind("sqlite_", 0) == 0 && text(1) != "sqlite_sequence";
    if (text(0) == "table" && !internal) tables.emplace_back(text(1), text(3));
  }
  for (const auto& [name, sql] : tables) {
    const bool without_rowid = sql.find("WITHOUT ROWID") != std::string::npos;
    dump[name] = sql + "\n" + dump_rows(db.get(), name, without_rowid, ignore);
  }
  return dump;
}

std::string changed_tables(const std::map<std::string, std::string>& before,
                           const std::map<std::string, std::string>& after) {
  std::set<std::string> names;
  for (const auto& entry : before) names.insert(entry.first);
  for (const auto& entry : after) names.insert(entry.first);
  std::string changed;
  for (const std::string& name : names) {
    const auto b = before.find(name);
    const auto a = after.find(name);
    if (b == before.end() || a == after.end() || b->second != a->second) {
      changed += (changed.empty() ? "" : ", ") + name;
    }
  }
  return changed;
}

}  // namespace ciie::test
