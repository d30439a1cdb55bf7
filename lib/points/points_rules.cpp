// Pure points rules; see points_rules.hpp.
#include "points/points_rules.hpp"

#include <algorithm>
#include <limits>

namespace ciie::points {

namespace {
constexpr std::int64_t kFenPer10kYuan = 10'000 * 100;
}  // namespace

std::int64_t deal_points(const PointsRules& rules, Money amount) {
  if (amount.fen() < kFenPer10kYuan || rules.deal_per_10k_yuan <= 0) return 0;
  const std::int64_t units = amount.fen() / kFenPer10kYuan;
  if (units > std::numeric_limits<std::int64_t>::max() / rules.deal_per_10k_yuan) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return units * rules.deal_per_10k_yuan;
}

bool invite_capped(const PointsRules& rules, std::int64_t standing) {
  return standing >= rules.invite_cap;
}

std::int64_t reversal_take(std::int64_t wanted, std::int64_t balance) {
  if (wanted <= 0 || balance <= 0) return 0;
  return std::min(wanted, balance);
}

RedeemVerdict judge_redemption(const CouponRules& coupon, std::int64_t balance,
                               std::int64_t redeemed) {
  if (redeemed >= coupon.max_per_unit_per_edition) return RedeemVerdict::kLimit;
  if (balance < coupon.cost_points) return RedeemVerdict::kInsufficient;
  return RedeemVerdict::kNone;
}

const CouponRules* find_coupon(const PointsRules& rules, std::string_view code) {
  const auto found = std::find_if(rules.coupons.begin(), rules.coupons.end(),
                                  [&](const CouponRules& c) { return c.code == code; });
  return found == rules.coupons.end() ? nullptr : &*found;
}

}  // namespace ciie::points
