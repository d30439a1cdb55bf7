// How the generated units are spread over the 7th edition's delegations and sub-delegations
// (ciie-facts §1.3, §2.2, §9 "Benchmark-data notes"): unit counts per delegation heavy-tailed
// with Jiangsu pinned at its reported 9,100 units per 120,000, the GB/T 2260 county divisions in
// use in 2024 that route to each local delegation, and the sub-delegations added to the built-in
// ones to reach the edition's 780.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ciie/rules.hpp"
#include "rng.hpp"

namespace ciie::datagen {

// A sub-delegation the plan adds to the built-in ones (written as [[delegation_override]]).
struct AddedSub {
  std::string delegation;  // the owning delegation's slug
  std::string slug;
  std::string name_zh;
  std::string prefix;  // a 6-digit county division, or "" for one joined by affiliation
};

struct DelegationShare {
  const ciie::Delegation* delegation = nullptr;  // into Plan::rules
  std::int64_t units = 0;                        // mainland units planned for it
  // Where its units are registered (6-digit county codes routing here by place), biggest first;
  // for central and nhc, Beijing's (their units are there by affiliation, not place).
  std::vector<std::string> divisions;
};

struct Plan {
  ciie::Rules rules;  // the built-in rules plus `added`: what the generated ciie.toml reads to
  std::vector<DelegationShare> shares;  // in the rules' delegation order
  std::vector<AddedSub> added;
  std::int64_t builtin_sub_delegations = 0;
  std::int64_t sub_delegations = 0;  // builtin + added
};

// `mainland_units` (of `all_units`, the overseas ones included: Jiangsu's share is of all) spread
// over the delegations, `target_subs` sub-delegations in all (never fewer than the built-in
// ones). Throws std::runtime_error when the rules refuse an addition.
Plan make_plan(std::int64_t all_units, std::int64_t mainland_units, std::int64_t target_subs);

// The ranking the unit counts follow (rank 1 first); industry delegations are not in it: their
// members join only with referral codes a store issues, so a file cannot carry them.
const std::vector<std::string>& delegation_ranking();

}  // namespace ciie::datagen
