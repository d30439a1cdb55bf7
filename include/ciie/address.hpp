// Delivery addresses (证件快递常用地址, ADR-1): at most five per unit, exactly one the default
// whenever any exist. Badges go by express within the mainland only, so an address names a
// mainland GB/T 2260 county-level division and a mainland phone.
#pragma once

#include <cstdint>
#include <string>

#include "ciie/time.hpp"

namespace ciie {

struct AddressRequest {
  std::string recipient;  // 收件人, 1–100 bytes
  std::string phone;      // a mainland mobile (`address.mainland_only` otherwise)
  std::string division;   // a 6-digit division code in use today: "310115"
  std::string detail;     // street and number, 1–300 bytes
  std::string postcode;   // optional, 6 digits
  bool make_default = false;  // the first address is the default whatever this says
};

struct Address {
  std::int64_t id = 0;
  std::string unit;
  std::string recipient;
  std::string phone;  // masked in listings unless revealed
  std::string division;
  std::string division_name;  // "上海市浦东新区"
  std::string detail;
  std::string postcode;
  bool is_default = false;
  Instant created_at;
};

// The most addresses a unit keeps (ADR-1).
inline constexpr int kMaxAddresses = 5;

}  // namespace ciie
