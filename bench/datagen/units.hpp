// This edition's units (docs/register-input.md rows) and how many persons each brings. The mix
// of categories is Anhui's at the 1st edition (ciie-facts §1.3: 71.3 % enterprises, 24.9 %
// government, 3.4 % public institutions, 0.5 % social organisations) over the mainland units;
// 1.4 % of the units are overseas (§9 `overseas_share`). Persons per unit keep Anhui's ratios
// between categories (2.4, 4.3, 3.4, 4.1), scaled so that they add up to the requested total
// (430,000 at scale 1, §1.1), heavy-tailed within a category (log-normal, σ = 1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "delegation_plan.hpp"

namespace ciie::datagen {

struct Unit {
  std::int64_t index = 0;
  bool overseas = false;
  std::string category;  // register-input's values
  std::string uscc;      // mainland only
  std::string division;  // the USCC's 6-digit division (mainland)
  std::string name, phone, email;
  std::string affiliation;  // "", "central", "nhc", "choice"
  std::string delegation, sub_delegation, affiliation_reason;
  std::string legal_representative, address;
  std::int64_t registered_capital_wan = 0;  // 0: not given
  std::string contact_name, contact_phone, contact_position;
  std::string purposes, intentions;
  std::int64_t persons = 1;
  std::int64_t first_person = 0;  // the global index of its first person

  // The account its persons are imported under: the USCC, or the e-mail outside the mainland
  // (the store generates an overseas login; (edition, e-mail) identifies the unit).
  const std::string& key() const { return overseas ? email : uscc; }
};

struct UnitsSpec {
  std::int64_t units = 120'000;
  std::int64_t persons = 430'000;
  double overseas_share = 0.014;
  std::uint64_t seed = 7;
};

// Mainland units of `plan.shares` (their sum must be units − overseas) and the overseas ones.
std::vector<Unit> make_units(const Plan& plan, const UnitsSpec& spec);

// The mainland/overseas split make_units and the plan must agree on.
std::int64_t overseas_units(const UnitsSpec& spec);

// A name for a unit of `category` in `division`: 苏州恒信贸易有限公司, 成都市第3人民医院.
std::string unit_name(const std::string& category, const std::string& division, Rng& rng,
                      std::int64_t index);

// units.csv; returns its data rows.
std::int64_t write_units_csv(const std::vector<Unit>& units, const std::string& path);

}  // namespace ciie::datagen
