// The store's SQL as PostgreSQL reads it. The shared SQL (store/sql/) keeps to what both engines
// accept, except three spellings SQLite offers no common form for; the PostgreSQL connection
// rewrites them when it prepares a statement:
//   ?N                   → $N   (numbered parameters; a bare ? takes the next number)
//   instr(a, b)          → strpos(a, b)   (same arguments, same result: 1-based, 0 when absent)
//   json_each(?N)        → json_array_elements_text(CAST($N AS json))   (its column is `value`
//                          too, so `SELECT value FROM json_each(?N)` reads the same)
// Text inside '…' quotes, "…" identifiers and -- comments is left alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ciie::store::postgres {

struct TranslatedSql {
  std::string text;
  int parameters = 0;         // the highest parameter number used
  std::vector<bool> present;  // [N - 1]: whether $N occurs (a bound but unused parameter needs
                              // a declared type: the server cannot infer one)
};

TranslatedSql translate_to_postgres(std::string_view sqlite_sql);

}  // namespace ciie::store::postgres
