// Persons (参观人员): the attendees a unit registers for badges (domain §6–7, SUB-2, REV-3,
// REV-4). A person belongs to one unit; one badge per person per edition across all units
// (一人一证, `person.duplicate`), keyed by the document's lifelong key (codes.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/time.hpp"

namespace ciie {

// Where a person stands. The order is the workflow's:
//   join_requested  a staff member asked to join the unit through its invitation (REV-4);
//                   the unit's account approves (→ draft) or rejects (the request is removed)
//   draft           added, not yet submitted (counts in the pending number, SUB-1); removable
//   submitted       submitted with or after the unit (SUB-1, SUB-2); awaiting payment
//   under_review    paid, awaiting person review (REV-3)
//   approved        person review passed: the badge goes to production
//   rejected        person review refused it (a paid person is refunded, RFD); its document key
//                   is free again for another registration
enum class PersonState { kJoinRequested, kDraft, kSubmitted, kUnderReview, kApproved, kRejected };
std::string_view to_string(PersonState state);
std::optional<PersonState> parse_person_state(std::string_view text);

// What adding a person asks for.
struct PersonRequest {
  std::string name;  // 姓名, 1–100 bytes
  codes::DocumentKind document_kind = codes::DocumentKind::kCnId;  // always given (domain §2)
  std::string document_number;  // checked and normalised by codes::check_document
  std::string phone;            // mainland or E.164
  std::string position;         // 职务, optional
  std::string badge_type;       // a configured badge type code (BDG-1); required
  // Take one of the unit's delegation's free places for this badge type (免费证件标签, BDG-2).
  // The check and the take are one atomic step; `quota.exhausted` when none is left.
  bool free_badge = false;
  // The photo's bytes (PNG or JPEG by content, at most registration.photo_max_bytes). Optional
  // when adding; person review requires one (REV-3).
  std::string photo;
};

// A stored person. Listings return it masked (document number and phone) unless revealed.
struct Person {
  std::int64_t id = 0;
  std::string unit;  // the unit's account
  int edition = 0;
  std::string name;
  codes::DocumentKind document_kind = codes::DocumentKind::kCnId;
  std::string document_number;  // canonical, or masked
  std::string document_key;     // the lifelong key of 一人一证; empty when masked
  std::optional<Date> birth_date;
  std::optional<codes::Sex> sex;
  std::string phone;  // canonical, or masked
  std::string position;
  std::string badge_type;
  bool free_badge = false;
  std::string free_quota;  // "delegation" or "delegation/sub-delegation" whose place it holds
  bool has_photo = false;
  std::string photo_format;  // "png" or "jpeg" when has_photo
  std::string photo_sha256;  // hex, when has_photo
  PersonState state = PersonState::kDraft;
  std::string review_queue;              // whose person-review queue it waits in (REV-3)
  std::vector<std::string> review_why;   // why a person reviews it: "photo_missing", …
  std::string review_reason;             // why it was rejected
  std::string source;         // "unit" (added by the unit or staff), "join" (REV-4)
  // Brought forward from a past edition (RET-3): the past person as "<past unit>/<past id>".
  std::string returning_of;
  // Reuses the past badge (证件复用, BDG-3): checked when brought forward; once approved the
  // badge is reuse_activated instead of going to production.
  bool badge_reuse = false;
  Instant created_at;
  Instant updated_at;
  std::optional<Instant> submitted_at;
  std::string created_by;  // the actor who added it
  bool masked = false;     // document_number and phone are masked
};

// The person's badge state (BDG-4): "submitted", "under_review", "in_production" once approved
// ("reuse_activated" for a reused badge, BDG-3); empty while it has no badge in process (join
// requested, draft, rejected). Delivery states come with badge delivery.
std::string_view badge_state(const Person& person);

// Which persons to list; empty fields match everything.
struct PersonFilter {
  std::optional<PersonState> state;
  std::string badge_type;
  int limit = 1000;
  int offset = 0;
  // Show document numbers and phones in full. REQUIRES: organizer; the reveal is audited.
  bool reveal = false;
};

// The persons of one unit and the pending count (待提交人数, SUB-1).
struct PersonList {
  std::vector<Person> persons;
  std::int64_t pending = 0;  // persons in draft
};

}  // namespace ciie
