// Adding persons: checks, 一人一证, the free place and the audit entry, in the caller's
// transaction.
#include "registry/person_flow.hpp"

#include <atomic>

#include "ciie/codes.hpp"

#include "audit/audit.hpp"
#include "review/person_check.hpp"

namespace ciie::registry {
namespace {

// Only the negative control of the quota race test turns this on (testing::).
std::atomic<bool> quota_guard_disabled_flag{false};

bool same_data(const Person& stored, const Person& wanted) {
  return stored.name == wanted.name && stored.phone == wanted.phone &&
         stored.position == wanted.position && stored.badge_type == wanted.badge_type &&
         stored.free_badge == wanted.free_badge && stored.photo_sha256 == wanted.photo_sha256 &&
         stored.document_number == wanted.document_number;
}

Status duplicate(const Person& existing, const Unit& unit) {
  const std::string where = existing.unit == unit.account
                                ? "in this unit (person " + std::to_string(existing.id) + ")"
                                : "by another unit";
  return Status::conflict("person.duplicate",
                          "this person already has a badge registration in this edition " +
                              where + " (一人一证)")
      .in_field("document_number");
}

}  // namespace

Result<std::optional<store::QuotaRow>> quota_for(store::Store& store, const Unit& unit,
                                                  const std::string& badge_type) {
  const RouteDecision& route = unit.route;
  if (!route.industry_delegation.empty()) {
    CIIE_ASSIGN_OR_RETURN(auto row, store.find_quota(route.industry_delegation, "", badge_type));
    if (row) return row;
  }
  if (!route.home_delegation.empty() && !route.sub_delegation.empty()) {
    CIIE_ASSIGN_OR_RETURN(auto row,
                          store.find_quota(route.home_delegation, route.sub_delegation, badge_type));
    if (row) return row;
  }
  if (!route.home_delegation.empty()) {
    return store.find_quota(route.home_delegation, "", badge_type);
  }
  return std::optional<store::QuotaRow>();
}

Status release_place(store::Store& store, const Person& person) {
  if (!person.free_badge || person.free_quota.empty()) return Status::ok();
  const auto slash = person.free_quota.find('/');
  const std::string delegation = person.free_quota.substr(0, slash);
  const std::string sub = slash == std::string::npos ? "" : person.free_quota.substr(slash + 1);
  return store.release_free_place(delegation, sub, person.badge_type);
}

Result<AddedPerson> add_person_to_unit(store::Store& store, const Options& options,
                                       const Actor& actor, const Unit& unit,
                                       const PersonRequest& request, PersonState state,
                                       const std::optional<store::QuotaRow>& seen_quota,
                                       const PersonOrigin& origin) {
  const Instant now = options.clock->now();
  CIIE_ASSIGN_OR_RETURN(Person person,
                        review::check_person(options.rules, request, now.shanghai_date()));
  CIIE_ASSIGN_OR_RETURN(const auto existing,
                        store.find_person_by_document(unit.edition, person.document_kind,
                                                      person.document_key));
  if (existing) {
    if (existing->unit == unit.account && existing->state == state && same_data(*existing, person)) {
      return AddedPerson{*existing, false};
    }
    return duplicate(*existing, unit);
  }
  if (person.free_badge && seen_quota && quota_guard_disabled_flag.load()) {
    // The negative control: check-then-act on a value read before the transaction.
    const store::QuotaRow& seen = *seen_quota;
    if (seen.used >= seen.places) {
      return Status::refused("quota.exhausted", "no free '" + person.badge_type +
                                                    "' place left for " + seen.delegation)
          .in_field("free_badge")
          .with_detail("places", std::to_string(seen.places));
    }
    CIIE_RETURN_IF_ERROR(store.set_quota_used(seen.delegation, seen.sub_delegation,
                                              seen.badge_type, seen.used + 1));
    person.free_quota = seen.sub_delegation.empty() ? seen.delegation
                                                    : seen.delegation + "/" + seen.sub_delegation;
  } else if (person.free_badge) {
    CIIE_ASSIGN_OR_RETURN(const auto quota, quota_for(store, unit, person.badge_type));
    if (!quota) {
      return Status::refused("quota.none", "the unit's delegation has no free places for badge "
                                           "type '" + person.badge_type + "'")
          .in_field("free_badge");
    }
    CIIE_ASSIGN_OR_RETURN(const bool taken,
                          store.take_free_place(quota->delegation, quota->sub_delegation,
                                                person.badge_type));
    if (!taken) {
      return Status::refused("quota.exhausted",
                             "no free '" + person.badge_type + "' place left for " +
                                 quota->delegation +
                                 (quota->sub_delegation.empty() ? "" : "/" + quota->sub_delegation))
          .in_field("free_badge")
          .with_detail("places", std::to_string(quota->places));
    }
    person.free_quota = quota->sub_delegation.empty()
                            ? quota->delegation
                            : quota->delegation + "/" + quota->sub_delegation;
  }
  person.unit = unit.account;
  person.edition = unit.edition;
  person.state = state;
  person.source = state == PersonState::kJoinRequested ? "join" : "unit";
  person.created_at = now;
  person.updated_at = now;
  person.created_by = actor.to_string();
  person.returning_of = origin.returning_of;
  person.badge_reuse = origin.badge_reuse;
  Status inserted = store.insert_person(person, request.photo);
  if (!inserted.is_ok() && inserted.reason() == "store.constraint") {
    // Another registration of the same document committed between the check and the insert.
    CIIE_ASSIGN_OR_RETURN(const auto winner,
                          store.find_person_by_document(unit.edition, person.document_kind,
                                                        person.document_key));
    if (winner) return duplicate(*winner, unit);
  }
  CIIE_RETURN_IF_ERROR(inserted);
  nlohmann::json details = {{"unit", unit.account},
                            {"document_kind", std::string(codes::to_string(person.document_kind))},
                            {"document", codes::mask_document(person.document_number)},
                            {"badge_type", person.badge_type},
                            {"state", std::string(to_string(state))}};
  if (person.free_badge) details["free_quota"] = person.free_quota;
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     state == PersonState::kJoinRequested ? "person.join_request"
                                                                          : "person.add",
                                     "person:" + std::to_string(person.id), details));
  return AddedPerson{std::move(person), true};
}

namespace testing {
void set_quota_guard_disabled(bool disabled) { quota_guard_disabled_flag.store(disabled); }
bool quota_guard_disabled() { return quota_guard_disabled_flag.load(); }
}  // namespace testing

void mask(Person& person) {
  person.document_number = codes::mask_document(person.document_number);
  person.phone = codes::mask_phone(person.phone);
  person.document_key.clear();
  person.masked = true;
}

}  // namespace ciie::registry
