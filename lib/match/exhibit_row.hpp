// One row of an exhibits file (docs/match.md "Exhibits file"): an exhibit with its exhibitor's
// columns, and the area and category check that exhibits and purchase needs share.
#pragma once

#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/match.hpp"
#include "ciie/rules.hpp"

namespace ciie::match {

const std::vector<std::string>& exhibit_columns();
const std::vector<std::string>& exhibit_required_columns();

struct ExhibitRow {
  Exhibitor exhibitor;
  Exhibit exhibit;
};

// Parses and checks one record. Errors (with line and column): exhibitor.id, exhibitor.name,
// exhibit.id, exhibit.name, match.area, match.category, match.country.
Result<ExhibitRow> parse_exhibit_row(const Record& record, const Rules& rules);

// Errors (field area / category): match.area (not an [[area]] slug), match.category (not one of
// that area's categories).
Status check_area_category(const Rules& rules, const std::string& area,
                           const std::string& category);

}  // namespace ciie::match
