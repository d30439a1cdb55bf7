// The generated data of ciie_match_bench (match_bench_data.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ciie/match.hpp"

namespace ciie::bench {

struct Generated {
  std::string exhibits_csv;           // an exhibits file (docs/match.md), ids in order
  std::vector<NeedRequest> needs;     // units filled in by the caller
};

// `exhibits` exhibits of ~1–5 per exhibitor and `needs` needs, the same for the same seed.
Generated generate(std::int64_t exhibits, std::int64_t needs, std::uint64_t seed);

// A valid Shanghai Pudong enterprise USCC, distinct for every index < 10^7.
std::string pudong_uscc(std::int64_t index);

}  // namespace ciie::bench
