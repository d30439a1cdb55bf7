// Parsing and printing of actors ("organizer", "delegation:shanghai", "unit:9131…").
#include "ciie/actor.hpp"

namespace ciie {

Result<Actor> Actor::parse(std::string_view text) {
  auto bad = [&] {
    return Status::invalid_input(
        "actor.format",
        "not an actor: '" + std::string(text) +
            "' (expected organizer, finance, applicant, delegation:<slug> or unit:<account>)");
  };
  if (text == "organizer") return organizer();
  if (text == "finance") return finance();
  if (text == "applicant") return applicant();
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size()) return bad();
  const std::string_view kind = text.substr(0, colon);
  std::string id(text.substr(colon + 1));
  if (kind == "delegation") return delegation(std::move(id));
  if (kind == "unit") return unit(std::move(id));
  return bad();
}

std::string Actor::to_string() const {
  switch (kind) {
    case ActorKind::kOrganizer:
      return "organizer";
    case ActorKind::kFinance:
      return "finance";
    case ActorKind::kDelegation:
      return "delegation:" + id;
    case ActorKind::kUnit:
      return "unit:" + id;
    case ActorKind::kApplicant:
      return "applicant";
  }
  return "organizer";
}

}  // namespace ciie
