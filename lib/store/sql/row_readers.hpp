// Row readers of other subjects' files, shared with the export iteration (sql_export.cpp) so
// that an exported person or order is read exactly as the rest of the store reads it.
#pragma once

#include <string_view>

#include "ciie/order.hpp"
#include "ciie/person.hpp"

#include "store/sql/database.hpp"

namespace ciie::store::sql {

// The person columns (on `person p`) read_person_row expects, in its order (sql_persons.cpp).
std::string_view person_row_columns();
Result<Person> read_person_row(const Statement& stmt);
// The order columns (on `badge_order`) read_order_row expects, in its order (sql_orders.cpp).
std::string_view order_row_columns();
Result<Order> read_order_row(const Statement& stmt);

}  // namespace ciie::store::sql
