// Registering a unit (REG-1..5, DEL-1..5, REF-2) in two phases: prepare (validate, route, look
// at the referral code and at an existing registration; reads only) and commit (inside a write
// transaction: re-check, take the referral use through its guard, insert, audit). Single and
// bulk registration share both phases.
#pragma once

#include <optional>
#include <string>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/referral.hpp"
#include "ciie/unit.hpp"
#include "store/store.hpp"

namespace ciie::registry {

struct PreparedRegistration {
  RegisterRequest request;  // normalised: canonical USCC, phone, e-mail and referral code
  RouteDecision route;
  std::optional<ReferralCode> referral;  // as read during prepare
  std::optional<Unit> existing;          // an identical earlier registration (→ unchanged)
};

// Validates and routes. Errors: register.*, uscc.*, phone.format, email.format, delegation.*,
// referral.* (format, unknown, revoked, expired, exhausted as seen now), unit.exists (a
// different registration of the same unit), auth.forbidden (a delegation outside its scope).
Result<PreparedRegistration> prepare_registration(store::Store& store, const Options& options,
                                                  const Actor& actor,
                                                  const RegisterRequest& request);

// Inserts the prepared unit, or returns the identical existing one. REQUIRES: inside a write
// transaction. Errors: unit.exists (registered meanwhile), referral.exhausted / expired /
// revoked (lost the last use meanwhile), store.*.
Result<RegisterOutcome> commit_registration(store::Store& store, const Options& options,
                                            const Actor& actor, const PreparedRegistration& prepared,
                                            const std::string& password_hash, bool phone_verified);

namespace testing {
// Turns the referral guard off (true) or on. With it off, commit_registration writes the use
// count seen during prepare plus one — the check-then-act race the guard exists to prevent.
// Only the concurrency test's negative control does this.
void set_referral_guard_disabled(bool disabled);
}  // namespace testing

}  // namespace ciie::registry
