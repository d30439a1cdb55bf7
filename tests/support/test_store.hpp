// The backend a test's stores live on. The suite runs twice (scripts/test): on SQLite files,
// and, when CIIE_TEST_POSTGRES holds the URI of a throwaway PostgreSQL server
// (scripts/pg-cluster), on PostgreSQL. A test names its store by the SQLite path it would use;
// store_location maps that path to the store of the current pass, so the same test body runs
// on both backends.
#pragma once

#include <string>
#include <vector>

namespace ciie::test {

// Whether this run's stores are on PostgreSQL (CIIE_TEST_POSTGRES is set and not empty).
bool testing_postgres();

// The store for `sqlite_path`: the path itself on the SQLite pass; on the PostgreSQL pass a
// URI selecting a schema of its own on the test server (search_path), created empty on first
// use, the same for the same absolute path. An empty schema opens as an uninitialised store,
// as a missing file does.
std::string store_location(const std::string& sqlite_path);

// The rows `sql` (no parameters) returns from the store at `location`, a store_location of
// either backend, each column as text ("" for NULL): for the checks a test makes straight on
// the tables, past the library. Throws std::runtime_error when the query fails.
std::vector<std::vector<std::string>> query_store(const std::string& location,
                                                  const std::string& sql);

// Runs statements without results (no parameters) on the store at `location`, past the
// library: the test's own tampering. Throws std::runtime_error when they fail.
void exec_store(const std::string& location, const std::string& sql);

// Drops the PostgreSQL schemas made for paths under `directory` (TempDir does this when it
// goes away). Nothing on the SQLite pass.
void drop_stores_under(const std::string& directory);

// For a test that reads or writes the SQLite file itself (a dump, a tampering, a copy): true,
// after a note on stderr, on the PostgreSQL pass, where the test then returns without checking
// anything. The note names the test's own PostgreSQL counterpart when there is one.
bool sqlite_only(const char* why);

}  // namespace ciie::test
