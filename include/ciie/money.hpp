// Money: an amount of renminbi held as a whole number of fen (1 yuan = 100 fen).
// There is no floating point anywhere in money: amounts are parsed from text, printed with two
// decimals, and every operation that could overflow is checked.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie {

// Thread-safety: a value type.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_fen(std::int64_t fen) { return Money(fen); }
  Money(double) = delete;  // money never comes from a double
  Money(float) = delete;

  // Parses "200", "200.5", "200.50", "-3.07", "1,234.00" (yuan, at most two decimals; grouping
  // commas allowed). Errors: money.format (not a number, three decimals, overflow).
  static Result<Money> parse(std::string_view text);

  constexpr std::int64_t fen() const { return fen_; }
  constexpr bool is_zero() const { return fen_ == 0; }
  constexpr bool is_negative() const { return fen_ < 0; }

  // "200.00", "-3.07": yuan with exactly two decimals, no grouping.
  std::string to_string() const;

  // Checked arithmetic. Errors: money.overflow.
  Result<Money> plus(Money other) const;
  Result<Money> minus(Money other) const;
  Result<Money> times(std::int64_t count) const;

  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(std::int64_t fen) : fen_(fen) {}
  std::int64_t fen_ = 0;
};

}  // namespace ciie
