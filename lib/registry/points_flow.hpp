// Points awards and reversals (PTS-1) as steps inside the caller's transaction: the review,
// submission, refund and check-in use cases call these where the state change happens, and the
// matchmaking module calls award_need_published. Every award is idempotent per (rule, subject,
// holder) in the store itself; every reversal per (cause, entry). Rules: docs/points.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ciie/person.hpp"
#include "ciie/points.hpp"
#include "ciie/rules.hpp"
#include "ciie/unit.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// Appends `points` (> 0) for (rule, subject) to `holder` in the current edition. kNone when
// `points` is 0; kUnchanged (with the earlier entry) when that award exists already.
// REQUIRES: inside store.write_transaction.
Result<AwardResult> award(store::Store& store, const Rules& rules, const std::string& holder,
                          PointsRule rule, const std::string& subject, std::int64_t points,
                          const std::string& reason, Instant at, const std::string& by);

// A unit's registration approved (automatically on submission, or by a reviewer): the unit earns
// register_approved, and the issuer of the referral code it registered with, when that issuer
// is a unit, earns invite_approved unless it has invite_cap standing invitation awards this
// edition already. Delegation and organizer issuers are not point holders: they earn nothing.
// REQUIRES: inside store.write_transaction.
Status award_unit_approved(store::Store& store, const Rules& rules, const Unit& unit, Instant at,
                           const std::string& by);

// A person's registration approved (person review, or automatically on entering it): the person
// earns register_approved. REQUIRES: inside store.write_transaction.
Status award_person_approved(store::Store& store, const Rules& rules, const Person& person,
                             Instant at, const std::string& by);

// Reverses the entry (rule, subject, holder) when it exists and is not reversed yet: a reversal
// keyed "<cause>|<entry id>" takes back the entry's points, at most the holder's balance (the
// rest is its shortfall). nullopt when there was nothing to reverse. REQUIRES: inside
// store.write_transaction.
Result<std::optional<PointsEntry>> reverse_award(store::Store& store, const Rules& rules,
                                                 PointsRule rule, const std::string& subject,
                                                 const std::string& holder,
                                                 const std::string& cause,
                                                 const std::string& reason, Instant at,
                                                 const std::string& by);

// A unit's approval overridden by a rejection: reverses the unit's registration award and its
// referral issuer's invitation award for it, keyed by the decision ("rejection:unit:<account>@
// <instant>"). REQUIRES: inside store.write_transaction.
Status reverse_unit_approval(store::Store& store, const Rules& rules, const Unit& unit,
                             Instant at, const std::string& by);

// A person's registration award reversed, keyed by `cause` ("refund:<id>" for RFD-5, or the
// rejecting decision). REQUIRES: inside store.write_transaction.
Status reverse_person_registration(store::Store& store, const Rules& rules, std::int64_t person,
                                   const std::string& cause, const std::string& reason,
                                   Instant at, const std::string& by);

// A purchase need published by `unit` (MATCH-1): the unit earns publish_need, once per need.
// REQUIRES: inside store.write_transaction. Errors: store.*.
Status award_need_published(store::Store& store, const Rules& rules, const std::string& unit,
                            std::int64_t need_id, Instant at, const std::string& by);

// A person's attendance (its check-in): attend, once per person per edition.
// REQUIRES: inside store.write_transaction.
Result<AwardResult> award_attendance(store::Store& store, const Rules& rules,
                                     std::int64_t person, Instant at, const std::string& by);

// Turns the redemption guard off (true) or on. With it off, Registry::redeem_coupon judges the
// balance and the coupon limit from reads taken before its transaction and then debits
// unconditionally: the check-then-act race the guarded statement exists to prevent. Only the
// concurrency test's negative control does this.
namespace testing {
void set_points_guard_disabled(bool disabled);
}  // namespace testing
bool points_guard_is_disabled();

}  // namespace ciie::registry
