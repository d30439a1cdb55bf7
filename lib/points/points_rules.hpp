// Pure points rules (PTS-1, PTS-2): what a deal earns, when the invitation cap is reached, what
// a reversal may take, what a redemption needs. No store: table-tested in points_test.cpp.
#pragma once

#include <cstdint>

#include "ciie/money.hpp"
#include "ciie/rules.hpp"

namespace ciie::points {

// deal_per_10k_yuan for every whole 10,000 yuan (1,000,000 fen) of `amount`; 0 for an amount
// below 10,000 yuan or not positive. Saturates instead of overflowing.
std::int64_t deal_points(const PointsRules& rules, Money amount);

// Whether an issuer with `standing` invitation awards this edition (awards not reversed) has
// reached invite_cap: invite_cap 0 rewards no invitation.
bool invite_capped(const PointsRules& rules, std::int64_t standing);

// What a reversal of `wanted` points (> 0) takes from a holder whose balance is `balance`: at
// most the balance, never below 0. The rest is the reversal's shortfall.
std::int64_t reversal_take(std::int64_t wanted, std::int64_t balance);

// Why a redemption is refused, judged on the holder's balance and its redemptions of that coupon
// this edition; kNone when it may go ahead.
enum class RedeemVerdict { kNone, kInsufficient, kLimit };
RedeemVerdict judge_redemption(const CouponRules& coupon, std::int64_t balance,
                               std::int64_t redeemed);

// The coupon kind with this code, nullptr when there is none.
const CouponRules* find_coupon(const PointsRules& rules, std::string_view code);

}  // namespace ciie::points
