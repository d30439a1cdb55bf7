// exhibits.csv (the `ciie exhibitors import` format, docs/match.md) and needs.csv, both from
// ciie_match_bench's generator (bench/match_bench_data): 9,182 exhibits and 11,830 purchase
// needs at scale 1 (ciie-facts §1.2). Needs have no file import (`ciie needs publish` takes one
// need per call), so needs.csv holds that command's arguments, one need a row:
// unit,area,category,keywords,description,budget,quantity (budget in yuan, `12345.00`). They are
// published by about one unit per four needs (≈ 3,000 at scale 1), drawn from this edition's
// mainland units, a few publishing many.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "units.hpp"

namespace ciie::datagen {

struct ExhibitsNeedsWritten {
  std::int64_t exhibits = 0;
  std::int64_t needs = 0;
  std::int64_t publishing_units = 0;
};

ExhibitsNeedsWritten write_exhibits_needs(std::int64_t exhibits, std::int64_t needs,
                                          const std::vector<Unit>& units, std::uint64_t seed,
                                          const std::string& exhibits_path,
                                          const std::string& needs_path);

}  // namespace ciie::datagen
