// The steps adding a person shares between one add, a bulk row and a join request (SUB-2,
// REV-4, BDG-2), and how persons are masked for listings (domain §2).
#pragma once

#include <optional>
#include <string>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/person.hpp"
#include "ciie/unit.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// What adding did: a new person, or the same person with the same data already in this unit.
struct AddedPerson {
  Person person;
  bool created = false;
};

// Where a person comes from beyond its request: a past edition's person brought forward (RET-3),
// with or without its badge reused (BDG-3). Not part of PersonRequest: only bring_forward sets it.
struct PersonOrigin {
  std::string returning_of;  // "<past unit>/<past id>"
  bool badge_reuse = false;
};

// Checks `request`, enforces one badge per person per edition across all units
// (person.duplicate, kConflict), takes the free place when asked (quota.none, quota.exhausted),
// inserts the person in `state` and writes its audit entry. REQUIRES: inside
// store.write_transaction; the caller has checked the actor's scope over `unit`.
// `seen_quota` is the quota row as read before the transaction; only the negative control
// (testing::set_quota_guard_disabled) uses it, and only while the guard is disabled.
Result<AddedPerson> add_person_to_unit(store::Store& store, const Options& options,
                                       const Actor& actor, const Unit& unit,
                                       const PersonRequest& request, PersonState state,
                                       const std::optional<store::QuotaRow>& seen_quota = {},
                                       const PersonOrigin& origin = {});

// The free quota row a unit's free badge of `badge_type` draws on: the industry delegation's
// for its members when it has one, else the sub-delegation's when it has one, else the home
// delegation's. nullopt: no quota applies (quota.none).
Result<std::optional<store::QuotaRow>> quota_for(store::Store& store, const Unit& unit,
                                                  const std::string& badge_type);

// Gives back the free place a person holds, if any. REQUIRES: inside store.write_transaction.
Status release_place(store::Store& store, const Person& person);

namespace testing {
// Turns the free-place guard off (true) or on. With it off, Registry::add_person reads the
// quota before its transaction, and add_person_to_unit refuses when that read showed
// used >= places and otherwise writes used = seen + 1 unconditionally — the check-then-act race
// the guard (one conditional UPDATE) exists to prevent. Process-wide. Only the concurrency
// test's negative control (tests/concurrency/quota_race_test.cpp) does this.
void set_quota_guard_disabled(bool disabled);
bool quota_guard_disabled();
}  // namespace testing

// Masks the document number and phone (and clears the document key) for a listing.
void mask(Person& person);

}  // namespace ciie::registry
