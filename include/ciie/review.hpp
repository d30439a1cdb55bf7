// Submission and review (domain §6, SUB-1..2, REV-1..5): what a unit submits, which queue
// reviews it, the decisions reviewers take one by one or in batches, staff join requests and the
// progress flow (进度流程图).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ciie/person.hpp"
#include "ciie/rules.hpp"
#include "ciie/time.hpp"
#include "ciie/unit.hpp"

namespace ciie {

// What to submit (SUB-1). Persons are submitted before or with the unit; the unit needs at
// least one person submitted with it or before it (`submit.no_person`).
struct SubmitRequest {
  bool unit = true;  // submit (or resubmit, after a rejection) the unit's information
  // Which draft persons to submit: empty with all_persons = true means every draft person.
  std::vector<std::int64_t> persons;
  bool all_persons = true;
};

// What submit() did.
struct SubmitOutcome {
  Unit unit;                            // after submission
  bool unit_submitted = false;          // the unit's information was submitted now
  bool auto_approved = false;           // REV-1: approved on submission (无感审核)
  std::string queue;                    // "delegation:<slug>" or "organizer" when not automatic
  std::vector<std::string> review_why;  // why a person reviews it: "category", "flag:…", …
  std::vector<std::int64_t> persons_submitted;
  std::int64_t pending = 0;  // persons still in draft (待提交人数)
};

enum class Decision { kApprove, kReject };
std::string_view to_string(Decision decision);
// "approve"/"approved", "reject"/"rejected"; nullopt otherwise.
std::optional<Decision> parse_decision(std::string_view text);

// One decision on one unit or person. A rejection needs a reason (`review.reason_required`).
struct UnitDecision {
  std::string account;
  Decision decision = Decision::kApprove;
  std::string reason;
};
struct PersonDecision {
  std::int64_t person = 0;
  Decision decision = Decision::kApprove;
  std::string reason;
};

// A queue's filter. `queue` names whose queue: "" means the acting reviewer's own (for the
// organizer: the organiser's queue); the organizer may name any "delegation:<slug>" or "all".
// A delegation may name one of its sub-delegations to see only those units.
struct QueueFilter {
  std::string queue;
  std::string sub_delegation;
  std::optional<UnitCategory> category;
  std::optional<UnitRegion> region;
  std::optional<Instant> submitted_before;  // for --approve-all on what was submitted by then
  std::string name_contains;                // a substring of the unit's name
  int limit = 1000;
  int offset = 0;
};

// A unit waiting in a queue, as a reviewer sees it (phones masked).
struct QueueItem {
  Unit unit;
  std::string queue;
  std::vector<std::string> review_why;
  Instant submitted_at;
  std::int64_t persons_submitted = 0;
};

// A queue and its counts (the counts ignore limit/offset).
struct ReviewQueue {
  std::string queue;  // the resolved queue name
  std::vector<QueueItem> items;
  std::int64_t pending = 0;   // matching units waiting
  std::int64_t approved = 0;  // units of this queue approved so far (manually)
  std::int64_t rejected = 0;  // units of this queue currently rejected
};

// A person waiting for person review (REV-3), masked unless revealed.
struct PersonQueueItem {
  Person person;
  std::string unit_name;
  std::string queue;
  std::vector<std::string> review_why;  // "photo_missing", …
};
struct PersonQueue {
  std::string queue;
  std::vector<PersonQueueItem> items;
  std::int64_t pending = 0;
};

// One step of the progress flow (REV-5).
enum class StepState { kDone, kInProgress, kWaiting, kRejected, kNotStarted, kNotApplicable };
std::string_view to_string(StepState state);

struct ProgressStep {
  std::string step;  // registered, unit_submitted, unit_review, persons_submitted, payment,
                     // person_review, badge_production, delivery
  StepState state = StepState::kNotStarted;
  std::string detail;  // one human phrase: "approved automatically", "2 of 3 submitted", …
  std::optional<Instant> at;  // when the step completed, where known
};

struct Progress {
  std::string account;
  std::string name;
  UnitState state = UnitState::kRegistered;
  std::vector<ProgressStep> steps;  // always the eight steps, in order
  std::int64_t persons = 0;         // excluding join requests
  std::int64_t pending = 0;         // persons in draft
};

// A staff member's request to join a unit (REV-4): the person it would become.
struct JoinRequest {
  std::string unit;  // the account of the unit whose invitation was used
  PersonRequest person;
};

}  // namespace ciie
