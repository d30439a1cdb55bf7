// The SQLite schema as an ordered list of forward migrations. A migration, once released, never
// changes: new needs get a new migration at the end. PRAGMA user_version holds the version.
#pragma once

#include <span>
#include <string_view>

#include "store/sql/database.hpp"

namespace ciie::store::sqlite {

using sql::Migration;

// Every migration, in version order.
std::span<const Migration> migrations();

}  // namespace ciie::store::sqlite
