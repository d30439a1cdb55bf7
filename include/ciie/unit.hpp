// Units (单位) and their accounts (domain §3, REG-1..6): what registration asks for, what is
// stored, and how a unit's information is shown and updated.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ciie/routing.hpp"
#include "ciie/rules.hpp"
#include "ciie/time.hpp"

namespace ciie {

// A contact person of a unit (REG-6).
struct Contact {
  std::string name;
  std::string phone;
  std::string email;
  std::string position;
  friend bool operator==(const Contact&, const Contact&) = default;
};

// A purchase intention (拟进口商品或服务): an exhibition area and category codes from the rules.
struct PurchaseIntention {
  std::string area;
  std::vector<std::string> categories;
  friend bool operator==(const PurchaseIntention&, const PurchaseIntention&) = default;
};

// The unit information completed after registration (REG-6). Every field is optional.
struct UnitProfile {
  std::vector<Contact> contacts;
  std::vector<std::string> qualifications;  // names or references of qualification documents
  std::vector<PurchaseIntention> intentions;
  std::vector<std::string> purposes;  // 采购, 洽谈, 信息收集, 招商引资 (purchase, negotiate, …)
  std::string legal_representative;
  std::string address;
  std::optional<std::int64_t> registered_capital_wan;  // 万元人民币
  std::optional<std::int64_t> import_value_wan_usd;    // last year's imports, 万美元
  friend bool operator==(const UnitProfile&, const UnitProfile&) = default;
};

// What `register` asks for (one unit).
struct RegisterRequest {
  UnitRegion region = UnitRegion::kMainland;
  UnitCategory category = UnitCategory::kEnterprise;
  std::string uscc;      // required for mainland units; normalised before use
  std::string name;      // 单位名称
  bool consent = false;  // privacy consent (REG-1)
  // The account password (REG-4). Required for self-registration; optional when the organizer or
  // a delegation registers on the unit's behalf (the unit then sets it by SMS reset).
  std::optional<std::string> password;
  std::string phone;     // the account's phone, used to recover the password
  std::string sms_code;  // the code sent to `phone` (purpose register)
  std::string email;     // required for units outside the mainland (their login is generated)
  // Delegation choice (DEL-1..4): see RouteRequest.
  Affiliation affiliation = Affiliation::kNone;
  std::string delegation;
  std::string sub_delegation;
  std::string affiliation_reason;
  std::string referral_code;  // optional (REF-3); required for industry delegations (DEL-4)
  UnitProfile profile;
  // The fields whose typed values gave way to a licence scan's (and "uscc" for a corrected code
  // taken unconfirmed), as apply_licence (licence_check.hpp) sets them. Not empty: the unit is
  // flagged ocr_accepted for manual review (REV-1) and the audit entry names the fields.
  std::vector<std::string> ocr_accepted_fields;
};

// The state of a unit's registration: registered → submitted (waiting in a review queue) →
// approved | rejected (a rejected unit corrects and submits again, REV-2). An automatically
// approved unit goes from registered to approved on submission (REV-1).
enum class UnitState { kRegistered, kSubmitted, kApproved, kRejected };
std::string_view to_string(UnitState state);
std::optional<UnitState> parse_unit_state(std::string_view text);

// A stored unit.
struct Unit {
  std::string account;  // the login: the USCC for mainland units, a generated id otherwise
  int edition = 0;
  std::string uscc;  // empty outside the mainland
  UnitRegion region = UnitRegion::kMainland;
  UnitCategory category = UnitCategory::kEnterprise;
  std::string name;
  RouteDecision route;  // the stored routing decision and its reason (DEL-3)
  std::string affiliation_reason;
  std::string referral_code;  // the code used at registration, if any
  std::string phone;
  bool phone_verified = false;
  std::string email;
  bool email_verified = false;
  bool has_password = false;
  UnitState state = UnitState::kRegistered;
  UnitProfile profile;
  Instant consent_at;
  Instant created_at;
  Instant updated_at;
  std::string created_by;  // the actor who registered it
  // Review (REV-1, REV-2), set on submission and decision; empty before.
  std::string review_queue;              // "delegation:<slug>" or "organizer"; "" if automatic
  std::vector<std::string> review_why;   // why a person reviews it: "category", "flag:…", …
  std::optional<Instant> submitted_at;   // the latest submission
  std::optional<Instant> decided_at;     // the latest decision (automatic approval included)
  std::string decided_by;                // "delegation:shanghai", "organizer", "automatic"
  std::string review_reason;             // the reason of the latest rejection
};

// What register_unit did: a new unit, or an identical one already there.
struct RegisterOutcome {
  Unit unit;
  bool created = false;  // false: the same unit with the same data was registered before
};

// Filters for listing units; empty fields match everything.
struct UnitFilter {
  std::string delegation;  // home, sub- or industry delegation slug
  std::optional<UnitCategory> category;
  std::optional<UnitState> state;
  std::optional<UnitRegion> region;
  int limit = 1000;
  int offset = 0;
};

// Changes to a unit's information (REG-6); unset fields stay as they are.
struct UnitUpdate {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<UnitProfile> profile;  // replaces the whole profile
  // Edits the profile as stored at the moment of the update, inside its transaction, so that two
  // updates of different fields never lose one. Runs after `profile` when both are set; a
  // failure it returns is the update's failure.
  std::function<Status(UnitProfile&)> edit_profile;
};

}  // namespace ciie
