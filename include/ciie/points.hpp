// Points (PTS-1, PTS-2): an append-only ledger per unit and per person, awards that are
// idempotent per (rule, subject), reversing entries for refunds and rejections, and e-coupons
// bought with points. Rules and decisions: docs/points.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/money.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie {

// What earned or spent points. kReversal undoes an earlier entry (`reverses`), kCoupon pays for an
// e-coupon, kManual is an organizer's adjustment.
enum class PointsRule { kRegister, kInvite, kAttend, kDeal, kNeed, kManual, kCoupon, kReversal };
// "register", "invite", "attend", "deal", "need", "manual", "coupon", "reversal"; and the reverse.
std::string_view to_string(PointsRule rule);
std::optional<PointsRule> parse_points_rule(std::string_view text);

// Who holds points: "unit:<account>" or "person:<id>".
struct PointsHolder {
  enum class Kind { kUnit, kPerson };
  Kind kind = Kind::kUnit;
  std::string account;      // kUnit
  std::int64_t person = 0;  // kPerson

  static PointsHolder unit(std::string account);
  static PointsHolder of_person(std::int64_t id);
  std::string to_string() const;
  friend bool operator==(const PointsHolder&, const PointsHolder&) = default;
};
// "unit:91310115591693856A" or "person:12". Errors: points.holder.
Result<PointsHolder> parse_points_holder(std::string_view text);

// One ledger entry. Never changed nor deleted once written.
struct PointsEntry {
  std::int64_t id = 0;
  int edition = 0;
  std::string holder;  // PointsHolder::to_string()
  PointsRule rule = PointsRule::kManual;
  // What the entry is about, unique with rule and holder: "unit:<account>" / "person:<id>"
  // (register), "invitee:<account>" (invite), "edition:<n>" (attend), "deal:<reference>",
  // "need:<id>", "coupon:<code>", "manual:<key>", "<cause>|<entry id>" (reversal).
  std::string subject;
  std::int64_t points = 0;    // signed: awards > 0, coupons and reversals < 0
  std::int64_t reverses = 0;  // the entry a reversal undoes, else 0
  // A reversal takes at most the holder's balance; what it could not take (points spent on a
  // coupon meanwhile) is recorded here, and the balance stays ≥ 0.
  std::int64_t shortfall = 0;
  std::string reason;
  Instant at;
  std::string by;  // the actor, or "automatic"
};

// What an award call did.
enum class AwardOutcome { kAwarded, kUnchanged, kCapped, kNone };
// "awarded", "unchanged" (the same rule and subject earned already), "capped" (a cap reached),
// "none" (the rule is worth 0 points, or the holder earns nothing).
std::string_view to_string(AwardOutcome outcome);

struct AwardResult {
  AwardOutcome outcome = AwardOutcome::kNone;
  std::optional<PointsEntry> entry;  // the entry written, or the earlier one for kUnchanged
};

// An e-coupon bought with points (PTS-2).
struct CouponRedemption {
  std::int64_t id = 0;
  std::string code;    // the generated coupon code, "E" + 9 characters, unique
  std::string coupon;  // the coupon kind's code in [[points.coupon]], e.g. "badge-20"
  int edition = 0;
  std::string holder;
  std::int64_t cost_points = 0;
  Money value;
  std::int64_t entry = 0;  // the ledger entry that paid for it
  Instant at;
  std::string by;
};

// A holder's standing.
struct PointsBalance {
  std::string holder;
  std::int64_t balance = 0;  // sum of the entries, never negative
  std::int64_t earned = 0;   // sum of the positive entries
  std::int64_t spent = 0;    // points paid for coupons (positive number)
  std::int64_t entries = 0;
  std::vector<CouponRedemption> coupons;  // newest first
};

// Which entries history() returns, newest first.
struct PointsQuery {
  std::string holder;  // exact holder, required
  std::optional<PointsRule> rule;
  int limit = 1000;
  int offset = 0;
};

// An organizer's manual adjustment (`ciie points award --rule manual`). A negative adjustment
// that would take the balance below 0 is refused (points.insufficient).
struct ManualAward {
  std::string holder;
  std::int64_t points = 0;  // non-zero
  std::string reason;       // required
  std::string key;          // idempotency key; "" = derived from the reason
};

// A recorded deal (`ciie points deal`): a unit bought for `amount`; it earns
// deal_per_10k_yuan per whole 10,000 yuan. Idempotent per reference.
struct DealRecord {
  std::string reference;  // required, unique
  std::string unit;
  Money amount;
  int edition = 0;
  Instant at;
  std::string by;
};

// What record_deal did.
struct DealOutcome {
  DealRecord deal;
  bool recorded = false;  // false: the reference was recorded before with the same unit and amount
  AwardResult award;
};

}  // namespace ciie
