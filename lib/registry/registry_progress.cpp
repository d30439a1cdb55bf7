// Registry use cases for the progress flow (REV-5, 进度流程图) and revealing a unit's personal
// data to the organizer.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

ProgressStep step(std::string name, StepState state, std::string detail,
                  std::optional<Instant> at = std::nullopt) {
  return ProgressStep{std::move(name), state, std::move(detail), at};
}

std::string count_of(std::int64_t n, std::string_view what) {
  return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

// The unit's own steps: submission and review.
void unit_steps(const Unit& unit, Progress& progress) {
  const bool submitted = unit.state != UnitState::kRegistered;
  progress.steps.push_back(
      submitted ? step("unit_submitted", StepState::kDone, "unit information submitted",
                       unit.submitted_at)
                : step("unit_submitted", StepState::kNotStarted, "unit information not submitted"));
  switch (unit.state) {
    case UnitState::kRegistered:
      progress.steps.push_back(step("unit_review", StepState::kNotStarted, "after submission"));
      break;
    case UnitState::kSubmitted:
      progress.steps.push_back(
          step("unit_review", StepState::kWaiting, "waiting in the queue of " + unit.review_queue));
      break;
    case UnitState::kApproved:
      progress.steps.push_back(step("unit_review", StepState::kDone,
                                    unit.decided_by == "automatic"
                                        ? std::string("approved automatically (REV-1)")
                                        : "approved by " + unit.decided_by,
                                    unit.decided_at));
      break;
    case UnitState::kRejected:
      progress.steps.push_back(step("unit_review", StepState::kRejected,
                                    "rejected: " + unit.review_reason + " — correct and submit "
                                                                         "again",
                                    unit.decided_at));
      break;
  }
}

// The persons' steps: submission, payment, person review, badges, delivery.
void person_steps(const Unit& unit, const store::PersonCounts& c, bool has_address,
                  Progress& progress) {
  const std::int64_t sent = c.submitted + c.under_review + c.approved + c.rejected;
  if (sent == 0) {
    progress.steps.push_back(step("persons_submitted", StepState::kNotStarted,
                                  c.draft == 0 ? std::string("no persons added yet")
                                               : count_of(c.draft, "person") +
                                                     " added, none submitted"));
  } else if (c.draft > 0) {
    progress.steps.push_back(step("persons_submitted", StepState::kInProgress,
                                  std::to_string(sent) + " of " + std::to_string(sent + c.draft) +
                                      " submitted"));
  } else {
    progress.steps.push_back(
        step("persons_submitted", StepState::kDone, count_of(sent, "person") + " submitted"));
  }

  const std::int64_t paid = c.under_review + c.approved + c.rejected;
  if (c.submitted == 0 && paid == 0) {
    progress.steps.push_back(step("payment", StepState::kNotStarted, "after persons are submitted"));
  } else if (c.submitted > 0) {
    const bool can_pay = unit.state == UnitState::kApproved;
    progress.steps.push_back(step(
        "payment", paid > 0 ? StepState::kInProgress : StepState::kWaiting,
        count_of(c.submitted, "person") + " awaiting payment" +
            (can_pay ? std::string() : std::string(" (after the unit is approved)"))));
  } else {
    progress.steps.push_back(step("payment", StepState::kDone, count_of(paid, "person") + " paid"));
  }

  if (c.under_review > 0) {
    progress.steps.push_back(step("person_review", StepState::kWaiting,
                                  count_of(c.under_review, "person") + " waiting for review"));
  } else if (c.approved + c.rejected > 0) {
    progress.steps.push_back(step("person_review", StepState::kDone,
                                  std::to_string(c.approved) + " approved, " +
                                      std::to_string(c.rejected) + " rejected"));
  } else {
    progress.steps.push_back(step("person_review", StepState::kNotStarted, "after payment"));
  }

  progress.steps.push_back(
      c.approved > 0
          ? step("badge_production", StepState::kInProgress, count_of(c.approved, "badge") +
                                                                  " to produce")
          : step("badge_production", StepState::kNotStarted, "after person review"));
  progress.steps.push_back(step("delivery", StepState::kNotStarted,
                                has_address ? std::string("to the default delivery address")
                                            : std::string("no delivery address yet (ADR-1)")));
}

}  // namespace

Result<Progress> Registry::progress(const Actor& actor, const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, account));
  CIIE_ASSIGN_OR_RETURN(const store::PersonCounts counts, store_->count_persons(account));
  CIIE_ASSIGN_OR_RETURN(const std::vector<Address> addresses, store_->list_addresses(account));
  Progress progress;
  progress.account = unit.account;
  progress.name = unit.name;
  progress.state = unit.state;
  progress.persons = counts.total();
  progress.pending = counts.draft;
  progress.steps.push_back(step("registered", StepState::kDone,
                                "registered by " + unit.created_by, unit.created_at));
  unit_steps(unit, progress);
  person_steps(unit, counts, !addresses.empty(), progress);
  return progress;
}

Result<Unit> Registry::reveal_unit(const Actor& actor, const std::string& account) {
  if (actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "reveal personal data");
  }
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, account));
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    return audit::record(*store_, *options_.clock, actor, "data.reveal", "unit:" + account,
                         {{"what", "unit contacts"}});
  }));
  return unit;
}

}  // namespace ciie
