// Returning visitors (往届专业观众, domain §12 RET-1..3) and badge reuse (证件复用, BDG-3).
//
// The previous edition's export (docs/returning.md) is imported as candidates: past units with
// their accounts' password hashes, phones, e-mails and licence scans, and past persons with their
// badges. A unit claims its past record by one of three verifications (RET-2); a claimed record
// becomes this edition's unit, in draft, and its past persons can then be brought forward into it
// (RET-3), optionally reusing their old badges (BDG-3). A candidate whose three verifications all
// failed is barred: the unit registers anew and sees no past information.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/person.hpp"
#include "ciie/routing.hpp"
#include "ciie/time.hpp"
#include "ciie/unit.hpp"
#include "ciie/verification.hpp"

namespace ciie {

// How a unit proves it owns a past record (RET-2): the past account's password, a code sent by
// SMS to the past phone, or a code sent to the past e-mail address.
enum class ClaimMethod { kPassword, kSms, kEmail };
std::string_view to_string(ClaimMethod method);  // "password", "sms", "email"
std::optional<ClaimMethod> parse_claim_method(std::string_view text);

// Where a candidate stands:
//   open     not claimed; some verification method has not failed yet
//   claimed  verified and brought forward as this edition's unit (Candidate::claimed_unit)
//   barred   all three methods failed: the unit registers anew, without past information
enum class CandidateState { kOpen, kClaimed, kBarred };
std::string_view to_string(CandidateState state);
std::optional<CandidateState> parse_candidate_state(std::string_view text);

// A past person (往届专业观众人员) of a candidate, with the badge it held.
struct PastPerson {
  std::string unit;     // the candidate's account
  std::string past_id;  // the person's id in the export, unique within its unit
  std::string name;
  codes::DocumentKind document_kind = codes::DocumentKind::kCnId;
  std::string document_number;  // canonical, or masked
  std::string phone;            // canonical, or masked
  std::string position;
  std::string badge_type;    // the past badge type's code
  std::string badge_number;  // the past badge's number, when the export has one
  bool badge_reusable = false;  // the past badge type was reusable and the badge is intact
  bool free_badge = false;      // the past badge was a free badge label (免费证件标签)
  std::string delegation;       // the past badge's delegation and sub-delegation
  std::string sub_delegation;
  std::string photo_sha256;  // hex, when the export carried the photo
  std::optional<std::int64_t> brought_forward_as;  // the person id in this edition, once brought
  bool masked = false;
};

// A past unit: a returning candidate (RET-1).
struct Candidate {
  std::string account;  // the past login: the USCC for mainland units
  int edition = 0;      // the edition the record comes from
  std::string uscc;     // empty outside the mainland
  UnitRegion region = UnitRegion::kMainland;
  UnitCategory category = UnitCategory::kEnterprise;
  std::string name;
  std::string phone;  // canonical, or masked
  std::string email;  // canonical, or masked
  bool has_password = false;
  std::string delegation;  // the past home delegation and sub-delegation (slugs)
  std::string sub_delegation;
  UnitProfile profile;
  bool has_licence = false;  // the export carried the licence scan
  CandidateState state = CandidateState::kOpen;
  std::vector<ClaimMethod> failed_methods;  // methods whose tries are used up
  int password_failures = 0;                // wrong passwords so far
  std::optional<ClaimMethod> claimed_by;
  std::optional<Instant> claimed_at;
  std::string claimed_unit;  // this edition's account, once claimed
  std::int64_t persons = 0;  // past persons in the export
  Instant imported_at;
  Instant updated_at;
  bool masked = false;
};

// Which candidates to list; empty fields match everything.
struct CandidateFilter {
  std::optional<CandidateState> state;
  int limit = 1000;
  int offset = 0;
};

// Asking for the code of an SMS or e-mail claim. Errors are those of the claim itself.
struct ClaimCodeRequest {
  std::string account;  // the past account (the USCC for mainland units)
  ClaimMethod method = ClaimMethod::kSms;
};

// A claim (RET-2). The routing fields default to the past record's delegation and sub-delegation
// (DEL-2, DEL-3); an industry delegation needs a new referral code (DEL-4).
struct ClaimRequest {
  std::string account;  // the past account (the USCC for mainland units)
  ClaimMethod method = ClaimMethod::kPassword;
  std::string password;  // kPassword: the past account's password
  std::string code;      // kSms / kEmail: the code sent by send_claim_code
  bool consent = false;  // privacy consent for this edition (REG-1)
  // A new password for this edition's account (REG-4). Unset: the past password stays the
  // account's password (there is none when the export had no hash).
  std::optional<std::string> new_password;
  Affiliation affiliation = Affiliation::kNone;
  std::string delegation;  // empty: the past delegation
  std::string sub_delegation;
  std::string affiliation_reason;
  std::string referral_code;
};

// What re-checking the past licence found (RET-2: "the past licence is re-checked").
//   confirmed   the scan reads the record's USCC, and no field disagrees
//   no_scan     the export had no scan; the USCC passed its check
//   mismatch    the scan disagrees with the record in `fields`
//   unreadable  the scan's code could not be read with a valid check
// Anything but confirmed and no_scan flags the unit for manual review (ocr_accepted, REV-1),
// naming the fields ("licence" when unreadable).
struct LicenceRecheck {
  std::string outcome;
  std::vector<std::string> fields;
  std::string detail;  // the OCR refusal's message when unreadable
};

// What a successful claim made.
struct ClaimOutcome {
  Unit unit;  // this edition's unit, registered (a draft to complete and submit)
  LicenceRecheck licence;
  std::int64_t past_persons = 0;  // persons that can now be brought forward
};

// Bringing past persons forward (RET-3).
struct BringForwardRequest {
  std::string unit;                   // this edition's account (a claimed candidate's)
  std::vector<std::string> past_ids;  // empty: every past person not brought forward yet
  // Reuse the old badges (BDG-3). Every chosen person must qualify, or nothing is brought
  // (badge.reuse_ineligible, naming the person and what changed).
  bool reuse = false;
  // The badge type in this edition; empty: the past badge type's code (which must exist).
  std::string badge_type;
};

// One person brought forward, or found brought forward before (created = false).
struct BroughtPerson {
  std::string past_id;
  Person person;
  bool created = true;
};

}  // namespace ciie
