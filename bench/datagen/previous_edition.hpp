// The 6th edition's export (docs/returning.md), written with bench/past_edition_export's row
// writer. 60 % of this edition's mainland units attended the 6th too; others attended only the
// 6th, so that the export's units number 394/430 of this edition's (the 6th registered 394,000
// people, the 7th 430,000: ciie-facts §1.1). A returning unit's past persons are 70 % of its
// current ones (the same documents: their badges can be reused) and some who did not come back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "units.hpp"

namespace ciie::datagen {

struct PreviousEditionWritten {
  std::int64_t rows = 0;  // unit rows + person rows
  std::int64_t units = 0;
  std::int64_t returning_units = 0;  // also in units.csv
  std::int64_t persons = 0;
};

PreviousEditionWritten write_previous_edition(const std::vector<Unit>& units,
                                              std::uint64_t seed, const std::string& path);

}  // namespace ciie::datagen
