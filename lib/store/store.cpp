// Store URIs and the choice of backend.
#include "store/store.hpp"

#include "ciie/store_admin.hpp"

#include "store/postgres/pg_database.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace ciie {

std::string redacted_store_uri(std::string_view uri) { return store::postgres::redacted(uri); }

}  // namespace ciie

namespace ciie::store {

Result<StoreUri> parse_store_uri(std::string_view uri) {
  auto starts_with = [&](std::string_view prefix) {
    return uri.substr(0, prefix.size()) == prefix;
  };
  if (uri.empty()) return Status::invalid_input("store.uri", "empty store URI");
  if (uri == "sqlite::memory:" || uri == ":memory:")
    return StoreUri{StoreUri::Kind::kSqliteMemory, ""};
  if (starts_with("postgresql://") || starts_with("postgres://")) {
    return StoreUri{StoreUri::Kind::kPostgres, std::string(uri)};
  }
  if (starts_with("sqlite:")) {
    std::string_view path = uri.substr(7);
    if (path.substr(0, 2) == "//") path.remove_prefix(2);  // sqlite://path
    if (path.empty()) return Status::invalid_input("store.uri", "sqlite: needs a file path");
    return StoreUri{StoreUri::Kind::kSqliteFile, std::string(path)};
  }
  const auto scheme_end = uri.find("://");
  if (scheme_end != std::string_view::npos) {
    return Status::invalid_input("store.uri", "unknown store scheme in '" + std::string(uri) +
                                                  "' (use a path, sqlite:PATH or postgresql://…)");
  }
  return StoreUri{StoreUri::Kind::kSqliteFile, std::string(uri)};
}

Result<std::unique_ptr<Store>> open_store(std::string_view uri, const StoreOptions& options) {
  CIIE_ASSIGN_OR_RETURN(const StoreUri parsed, parse_store_uri(uri));
  switch (parsed.kind) {
    case StoreUri::Kind::kSqliteFile:
    case StoreUri::Kind::kSqliteMemory: {
      const bool memory = parsed.kind == StoreUri::Kind::kSqliteMemory;
      CIIE_ASSIGN_OR_RETURN(auto database,
                            sqlite::SqliteDatabase::open(memory ? ":memory:" : parsed.location,
                                                         options.create_if_missing || memory,
                                                         options.busy_timeout_ms));
      return sql::open_sql_store(std::move(database), parsed.location,
                                 options.create_if_missing || memory);
    }
    case StoreUri::Kind::kPostgres: {
      CIIE_ASSIGN_OR_RETURN(auto database, postgres::PgDatabase::connect(parsed.location, options));
      return sql::open_sql_store(std::move(database), postgres::redacted(parsed.location),
                                 options.create_if_missing);
    }
  }
  return Status::internal("unhandled store kind");
}

}  // namespace ciie::store
