// Store administration: store URIs as people may see them, and moving a SQLite store to a
// PostgreSQL server (docs/deployment.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ciie/status.hpp"

namespace ciie {

// `uri` with any password replaced by "***" ("postgresql://ciie:***@db/ciie", "password=***"):
// what output and messages show of a store URI. A SQLite path comes back as it is.
std::string redacted_store_uri(std::string_view uri);

// What copy_store_to_postgres copied.
struct StoreCopyReport {
  int schema_version = 0;
  std::vector<std::pair<std::string, std::int64_t>> tables;  // in copy order, with their rows
  std::int64_t rows = 0;
};

// Copies every table of the SQLite store `from` (a path or sqlite:PATH, at the latest schema
// version) into the PostgreSQL database `to`, which must hold no ciie schema yet: applies the
// same schema version there, then copies the tables with COPY in one transaction, in the order
// their references need, checks each table's row count on both sides and moves the id
// sequences past the copied ids. Nothing is written to `to` unless all of it succeeds.
// Errors: store.uri (`from` not SQLite or `to` not PostgreSQL), store.open,
// store.not_initialized, store.outdated (`from` needs `ciie init` first), store.exists (`to`
// holds a ciie schema), store.busy, store.io.
Result<StoreCopyReport> copy_store_to_postgres(const std::string& from, const std::string& to,
                                               std::int64_t busy_timeout_ms);

}  // namespace ciie
