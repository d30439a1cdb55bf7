// The persons of the generated units as `ciie person import` files (docs/person-input.md). That
// import is per unit account and its format has no unit column, so each unit with persons gets
// persons/<key>.csv, <key> its USCC (or its e-mail outside the mainland). Mainland units' persons
// hold cn_id numbers with the unit's division as address code, 2 % foreign staff passports;
// overseas units' persons passports; 85 % `full` and 15 % `weekend` badges (as ciie_order_bench).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "units.hpp"

namespace ciie::datagen {

struct Person {
  std::string name, document_kind, document_number, phone, position, badge_type;
};

// The persons of `unit`, the same for the same seed whatever else is generated.
std::vector<Person> persons_of(const Unit& unit, std::uint64_t seed);

struct PersonsWritten {
  std::int64_t files = 0;
  std::int64_t rows = 0;
  std::string sha256;  // of every file's "<relative path>\0<content>" in units.csv order
  std::int64_t bytes = 0;
};

// Writes `dir`/persons/<key>.csv for every unit.
PersonsWritten write_persons(const std::vector<Unit>& units, std::uint64_t seed,
                             const std::string& dir);

}  // namespace ciie::datagen
