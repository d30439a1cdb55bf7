// The SQLite schema as an ordered list of forward migrations. A migration, once released, never
// changes: new needs get a new migration at the end. PRAGMA user_version holds the version.
#pragma once

#include <span>
#include <string_view>

namespace ciie::store::sqlite {

struct Migration {
  int version;                   // 1, 2, … without gaps
  std::string_view description;  // for `ciie init` output and the audit trail
  std::string_view sql;          // one or more statements, run in one transaction
};

// Every migration, in version order.
std::span<const Migration> migrations();

}  // namespace ciie::store::sqlite
