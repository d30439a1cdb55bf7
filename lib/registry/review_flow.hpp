// The decisions of review (REV-2, REV-3) as steps inside the caller's transaction, shared by
// one decision, a decisions file and approve-all; and the entry of paid persons into person
// review, which the payment module calls.
#pragma once

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/person.hpp"
#include "ciie/review.hpp"
#include "ciie/unit.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// review.reason_required for a rejection without a reason, review.reason for one longer than
// 1000 bytes (a reason is shown to the unit and kept in the audit trail), both in field reason.
Status check_reason(Decision decision, const std::string& reason);

// Decides a unit waiting for review. The guard is one conditional UPDATE from `submitted`: of
// two reviewers deciding at once, exactly one decision lands and the other gets
// review.not_pending. REQUIRES: inside store.write_transaction. Errors: review.reason_required,
// unit.unknown, auth.forbidden (another queue), review.not_pending.
Result<Unit> decide_unit(store::Store& store, const Options& options, const Actor& actor,
                         const UnitDecision& decision);

// Decides a person under review (REV-3): approving needs a photo (review.photo_missing); a
// rejected person's free place is given back. REQUIRES: inside store.write_transaction.
// Errors: review.reason_required, person.unknown, auth.forbidden, review.not_pending,
// review.photo_missing.
Result<Person> decide_person(store::Store& store, const Options& options, const Actor& actor,
                             const PersonDecision& decision);

// Moves a paid person (submitted) into person review. A person who passes every check (the
// document still valid, a photo present; 一人一证 holds by the store's unique index) is approved
// at once; otherwise it waits, with the reasons, in the queue of its unit's reviewer (for an
// automatically approved unit: its home delegation, or the organizer). REQUIRES: inside
// store.write_transaction. Errors: person.unknown, review.not_pending (not submitted).
Result<Person> enter_person_review(store::Store& store, const Options& options,
                                   const Actor& actor, std::int64_t person_id);

// Turns the review guard off (true) or on. With it off, decide_unit writes the decision
// unconditionally and Registry::review_unit judges "pending" from the state it read before its
// transaction: the check-then-act
// race the guard exists to prevent. Only the concurrency test's negative control does this.
namespace testing {
void set_review_guard_disabled(bool disabled);
}  // namespace testing
bool review_guard_is_disabled();

}  // namespace ciie::registry
