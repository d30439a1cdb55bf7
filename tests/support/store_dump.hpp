// A canonical text dump of a SQLite store, to tell whether a command changed anything: the
// schema, then every table's rows in rowid order, each value tagged with its storage class.
#pragma once

#include <map>
#include <set>
#include <string>

namespace ciie::test {

// Table name → its dump (every table of sqlite_master, sqlite_sequence included): the CREATE
// statement, then one line per row in rowid order (a table WITHOUT ROWID: in the order of all
// its columns). The key "sqlite_master" holds every schema entry (tables, indexes, triggers).
// Columns named "table.column" in `ignore` are written as "~" (for a value a command may
// legitimately touch, such as a token's last use).
// Opens the file read-only; throws std::runtime_error when it cannot be read.
std::map<std::string, std::string> dump_store(const std::string& db_path,
                                              const std::set<std::string>& ignore = {});

// The names of the tables whose dumps differ between `before` and `after` ("" when none).
std::string changed_tables(const std::map<std::string, std::string>& before,
                           const std::map<std::string, std::string>& after);

}  // namespace ciie::test
