// The PostgreSQL schema as an ordered list of forward migrations, version by version the same as
// the SQLite schema (store/sqlite/migrations.hpp): the same numbers and descriptions, so that the
// two backends agree on what "schema version N" means. A migration, once released, never
// changes: new needs get a new migration at the end, in both files.
//
// The version lives in the one-row table schema_version (PostgreSQL has no PRAGMA user_version):
// migration 1 creates it holding 0; after running migration N, in the same transaction, the
// store runs `UPDATE schema_version SET version = N`. A database without the table is at 0.
#pragma once

#include <span>
#include <string_view>

#include "store/sql/database.hpp"

namespace ciie::store::postgres {

using sql::Migration;  // version equal to the SQLite migration's

// Every migration, in version order.
std::span<const Migration> migrations();

}  // namespace ciie::store::postgres
