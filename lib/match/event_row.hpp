// One row of an events file (docs/match.md "Events file") → the Event import_events stores.
#pragma once

#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/match.hpp"

namespace ciie::match {

const std::vector<std::string>& event_columns();
const std::vector<std::string>& event_required_columns();

// Parses and checks one record (imported_at, updated_at and taken left unset). Errors (with line
// and column): event.code, event.name, event.organiser, event.dates (the last day before the
// first), event.capacity (not a whole number ≥ 1), time.format (a date), bulk.value (open: not
// yes/no).
Result<Event> parse_event_row(const Record& record);

// Whether `text` is an identifier of an event, exhibitor or exhibit: [A-Za-z0-9._-]{1,40}.
bool is_valid_id(std::string_view text);
// "yes"/"no", "true"/"false", "1"/"0", "是"/"否" (any ASCII case); nullopt otherwise.
std::optional<bool> parse_yes_no(std::string_view text);

}  // namespace ciie::match
