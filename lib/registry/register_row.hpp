// One row of bulk registration input → a RegisterRequest. The columns are the JSON field names
// of docs/register-input.md; lists use ';' between items (and ':' / '|' inside intentions) so
// that a CSV cell can carry them.
#pragma once

#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/unit.hpp"

namespace ciie::registry {

// Every column bulk registration reads, and the ones a file must have.
const std::vector<std::string>& register_row_columns();
const std::vector<std::string>& register_row_required_columns();

// Parses one record. Errors (with the record's line and the column as field): register.consent,
// register.category, register.region, delegation.affiliation_kind, bulk.value (a number or list
// that does not parse).
Result<RegisterRequest> parse_register_row(const Record& record);
// The same without the consent column (left false): the unit's fields of a record that is not a
// registration (a previous edition's export, returning/export_row.hpp). The same errors but
// register.consent.
Result<RegisterRequest> parse_unit_fields(const Record& record);

}  // namespace ciie::registry
