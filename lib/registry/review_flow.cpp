// Review decisions and the entry into person review.
#include "registry/review_flow.hpp"

#include <algorithm>
#include <atomic>

#include "ciie/codes.hpp"

#include "audit/audit.hpp"
#include "invoice/platform.hpp"
#include "registry/access.hpp"
#include "registry/person_flow.hpp"
#include "registry/points_flow.hpp"
#include "registry/refund_flow.hpp"
#include "review/review_queue.hpp"

namespace ciie::registry {

namespace {

std::atomic<bool> review_guard_disabled{false};

Status not_pending(const std::string& what, std::string_view state) {
  return Status::conflict("review.not_pending",
                          what + " is not waiting for review (it is " + std::string(state) + ")");
}

// The queue a unit is (or would be) reviewed in: where it waits, else where it would go.
std::string queue_of(const Rules& rules, const Unit& unit) {
  if (!unit.review_queue.empty()) return unit.review_queue;
  review::SubmissionRoute route = review::route_submission(rules, unit);
  if (!route.queue.empty()) return route.queue;
  if (!unit.route.home_delegation.empty()) return "delegation:" + unit.route.home_delegation;
  return "organizer";
}

// Only the organizer and delegations review (REV-2).
bool may_review(const Actor& actor) {
  return actor.kind == ActorKind::kOrganizer ||
         (actor.kind == ActorKind::kDelegation && !actor.id.empty());
}


// REV-3 and RFD: a person rejected after paying is refunded automatically, in the same
// transaction (the money call follows the commit: Registry::review_person sends it).
Status refund_rejected(store::Store& store, const Options& options, const Actor& actor,
                       const Person& person, const PersonDecision& decision) {
  CIIE_ASSIGN_OR_RETURN(const std::string holder, store.order_holding_person(person.id));
  if (holder.empty()) return Status::ok();
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(holder));
  if (!order || order->state != OrderState::kPaid) return Status::ok();
  const auto line = std::find_if(order->lines.begin(), order->lines.end(),
                                 [&](const OrderLine& l) { return l.person_id == person.id; });
  if (line == order->lines.end() || line->fee.is_zero()) return Status::ok();
  const auto platform = invoice::make_platform(store, options.rules.invoice);
  RefundAsk ask;
  ask.persons = {person.id};
  ask.reason = "person review rejected: " + decision.reason;
  ask.automatic = true;
  return create_refund(store, options, *platform, actor, *order, ask).status();
}

}  // namespace

// A decision's reason is shown to the unit and kept in its record and the audit trail: a few
// sentences, not a pasted document.
constexpr std::size_t kMaxReasonBytes = 1000;

// review.reason_required for a rejection without a reason, review.reason for one too long.
Status check_reason(const Decision decision, const std::string& reason) {
  if (decision == Decision::kReject && reason.empty()) {
    return Status::refused("review.reason_required", "a rejection carries a reason (REV-2)")
        .in_field("reason");
  }
  if (reason.size() > kMaxReasonBytes) {
    return Status::refused("review.reason", "the reason is " + std::to_string(reason.size()) +
                                                " bytes, more than the " +
                                                std::to_string(kMaxReasonBytes) + " allowed")
        .in_field("reason");
  }
  return Status::ok();
}


namespace testing {
void set_review_guard_disabled(bool disabled) { review_guard_disabled.store(disabled); }
}  // namespace testing
bool review_guard_is_disabled() { return review_guard_disabled.load(); }

Result<Unit> decide_unit(store::Store& store, const Options& options, const Actor& actor,
                         const UnitDecision& decision) {
  // Scope before anything else (domain §1): an actor outside it learns nothing, not even
  // whether the unit exists, and its input is not judged.
  if (!may_review(actor)) return forbidden(actor, "review units").in_field("unit");
  const bool guarded = !review_guard_disabled.load();
  CIIE_ASSIGN_OR_RETURN(const auto found, store.find_unit(decision.account));
  if (!found || found->edition != options.rules.edition.number) {
    if (actor.kind != ActorKind::kOrganizer) {
      return forbidden(actor, "decide unit " + decision.account).in_field("unit");
    }
    return Status::not_found("unit.unknown", "no unit '" + decision.account + "'")
        .in_field("unit");
  }
  const std::string queue = queue_of(options.rules, *found);
  if (!may_decide_queue(options.rules, actor, queue, found->route.sub_delegation)) {
    return forbidden(actor, "decide unit " + decision.account + " (it is for " + queue + ")")
        .in_field("unit");
  }
  CIIE_RETURN_IF_ERROR(check_reason(decision.decision, decision.reason));
  if (guarded && found->state != UnitState::kSubmitted) {
    return not_pending("unit " + decision.account, to_string(found->state)).in_field("unit");
  }
  const bool approve = decision.decision == Decision::kApprove;
  store::UnitTransition change;
  change.account = decision.account;
  change.from = guarded ? std::vector<UnitState>{UnitState::kSubmitted}
                        : std::vector<UnitState>{UnitState::kSubmitted, UnitState::kApproved,
                                                 UnitState::kRejected};
  change.to = approve ? UnitState::kApproved : UnitState::kRejected;
  change.at = options.clock->now();
  change.set_decided = true;
  change.decided_by = actor.to_string();
  change.review_reason = approve ? std::string() : decision.reason;
  CIIE_ASSIGN_OR_RETURN(const bool changed, store.transition_unit(change));
  if (!changed) return not_pending("unit " + decision.account, "decided already").in_field("unit");
  nlohmann::json details = {{"queue", queue}};
  if (!decision.reason.empty()) details["reason"] = decision.reason;
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     approve ? "review.approve" : "review.reject",
                                     "unit:" + decision.account, details));
  if (approve) {
    CIIE_RETURN_IF_ERROR(award_unit_approved(store, options.rules, *found, change.at,
                                             actor.to_string()));
  } else if (found->state == UnitState::kApproved) {
    // An approval overridden (PTS-1): its points, and the inviter's, are reversed.
    CIIE_RETURN_IF_ERROR(reverse_unit_approval(store, options.rules, *found, change.at,
                                               actor.to_string()));
  }
  CIIE_ASSIGN_OR_RETURN(const auto after, store.find_unit(decision.account));
  if (!after) return Status::internal("a decided unit vanished");
  return *after;
}

Result<Person> decide_person(store::Store& store, const Options& options, const Actor& actor,
                             const PersonDecision& decision) {
  if (!may_review(actor)) return forbidden(actor, "review persons").in_field("person");
  const std::string subject = "person " + std::to_string(decision.person);
  CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(decision.person));
  if (!person || person->edition != options.rules.edition.number) {
    if (actor.kind != ActorKind::kOrganizer) {
      return forbidden(actor, "decide " + subject).in_field("person");
    }
    return Status::not_found("person.unknown", "no " + subject).in_field("person");
  }
  CIIE_ASSIGN_OR_RETURN(const auto unit, store.find_unit(person->unit));
  if (!unit) return Status::internal("a person's unit vanished");
  const std::string queue =
      person->review_queue.empty() ? queue_of(options.rules, *unit) : person->review_queue;
  if (!may_decide_queue(options.rules, actor, queue, unit->route.sub_delegation)) {
    return forbidden(actor, "decide " + subject + " (it is for " + queue + ")").in_field("person");
  }
  CIIE_RETURN_IF_ERROR(check_reason(decision.decision, decision.reason));
  if (person->state != PersonState::kUnderReview) {
    return not_pending(subject, to_string(person->state)).in_field("person");
  }
  const bool approve = decision.decision == Decision::kApprove;
  if (approve && !person->has_photo) {
    return Status::refused("review.photo_missing",
                           subject + " has no photo: a badge needs one (REV-3)")
        .in_field("person");
  }
  store::PersonTransition change;
  change.id = person->id;
  change.from = {PersonState::kUnderReview};
  change.to = approve ? PersonState::kApproved : PersonState::kRejected;
  change.at = options.clock->now();
  change.set_decided = true;
  change.decided_by = actor.to_string();
  change.review_reason = approve ? std::string() : decision.reason;
  CIIE_ASSIGN_OR_RETURN(const bool changed, store.transition_person(change));
  if (!changed) return not_pending(subject, "decided already").in_field("person");
  if (!approve && !person->free_quota.empty()) {
    CIIE_RETURN_IF_ERROR(release_place(store, *person));
    CIIE_RETURN_IF_ERROR(store.set_person_free_place(person->id, ""));
  }
  nlohmann::json details = {{"unit", person->unit}, {"queue", queue}};
  if (!decision.reason.empty()) details["reason"] = decision.reason;
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     approve ? "review.person_approve" : "review.person_reject",
                                     "person:" + std::to_string(person->id), details));
  if (approve) {
    CIIE_RETURN_IF_ERROR(award_person_approved(store, options.rules, *person, change.at,
                                               actor.to_string()));
  } else {
    // Whatever an earlier approval of this person earned and still stands goes (PTS-1).
    CIIE_RETURN_IF_ERROR(reverse_person_registration(
        store, options.rules, person->id,
        "rejection:person:" + std::to_string(person->id) + "@" + change.at.to_utc_string(),
        "rejected: " + decision.reason, change.at, actor.to_string()));
  }
  if (!approve) CIIE_RETURN_IF_ERROR(refund_rejected(store, options, actor, *person, decision));
  CIIE_ASSIGN_OR_RETURN(const auto after, store.find_person(person->id));
  if (!after) return Status::internal("a decided person vanished");
  return *after;
}

Result<Person> enter_person_review(store::Store& store, const Options& options,
                                   const Actor& actor, std::int64_t person_id) {
  CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(person_id));
  if (!person) {
    return Status::not_found("person.unknown", "no person " + std::to_string(person_id));
  }
  if (person->state != PersonState::kSubmitted) {
    return not_pending("person " + std::to_string(person_id), to_string(person->state));
  }
  CIIE_ASSIGN_OR_RETURN(const auto unit, store.find_unit(person->unit));
  if (!unit) return Status::internal("a person's unit vanished");
  const Instant now = options.clock->now();
  std::vector<std::string> why;
  if (!person->has_photo) why.push_back("photo_missing");
  // A reused badge (BDG-3) is always looked at: the delegation confirms the affiliation.
  if (person->badge_reuse) why.push_back("badge_reuse");
  const auto document = codes::check_document(person->document_kind, person->document_number,
                                              now.shanghai_date());
  if (!document.is_ok()) why.push_back("document:" + document.status().reason());
  store::PersonTransition change;
  change.id = person_id;
  change.from = {PersonState::kSubmitted};
  change.at = now;
  if (why.empty()) {
    change.to = PersonState::kApproved;
    change.set_decided = true;
    change.decided_by = "automatic";
  } else {
    change.to = PersonState::kUnderReview;
    change.review_queue = queue_of(options.rules, *unit);
    change.review_why = why;
  }
  CIIE_ASSIGN_OR_RETURN(const bool changed, store.transition_person(change));
  if (!changed) return not_pending("person " + std::to_string(person_id), "moved meanwhile");
  nlohmann::json details = {{"unit", person->unit}};
  if (why.empty()) {
    details["decision"] = "approved automatically";
  } else {
    details["queue"] = *change.review_queue;
    details["why"] = why;
  }
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     why.empty() ? "review.person_auto_approve"
                                                 : "review.person_enter",
                                     "person:" + std::to_string(person_id), details));
  if (why.empty()) {
    CIIE_RETURN_IF_ERROR(award_person_approved(store, options.rules, *person, now, "automatic"));
  }
  CIIE_ASSIGN_OR_RETURN(const auto after, store.find_person(person_id));
  if (!after) return Status::internal("a person vanished");
  return *after;
}

}  // namespace ciie::registry
