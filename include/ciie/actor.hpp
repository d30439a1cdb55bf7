// Actor: who is acting (domain §1). Every mutating library call takes one; the library checks
// that the call is within the actor's scope. An embedding server authenticates the caller itself
// and passes the resulting Actor. Besides the four actors of domain §1 there is the applicant:
// someone without an account yet, who may register a unit, ask for verification codes and reset
// a forgotten password, and nothing else.
#pragma once

#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie {

enum class ActorKind { kOrganizer, kFinance, kDelegation, kUnit, kApplicant };

// Thread-safety: a value type.
struct Actor {
  ActorKind kind = ActorKind::kOrganizer;
  std::string id;  // delegation slug or unit account (USCC or generated id); empty otherwise

  static Actor organizer() { return {ActorKind::kOrganizer, {}}; }
  static Actor finance() { return {ActorKind::kFinance, {}}; }
  static Actor delegation(std::string slug) { return {ActorKind::kDelegation, std::move(slug)}; }
  static Actor unit(std::string account) { return {ActorKind::kUnit, std::move(account)}; }
  static Actor applicant() { return {ActorKind::kApplicant, {}}; }

  // Parses "organizer", "finance", "applicant", "delegation:<slug>", "unit:<account>".
  // Errors: actor.format.
  static Result<Actor> parse(std::string_view text);
  // The inverse of parse(): "delegation:shanghai".
  std::string to_string() const;

  friend bool operator==(const Actor&, const Actor&) = default;
};

}  // namespace ciie
