// Names of the public points types (points.hpp): rules, outcomes and holders as text.
#include <array>
#include <charconv>
#include <utility>

#include "ciie/points.hpp"

namespace ciie {
namespace {

constexpr std::array<std::pair<PointsRule, std::string_view>, 8> kRules{{
    {PointsRule::kRegister, "register"},
    {PointsRule::kInvite, "invite"},
    {PointsRule::kAttend, "attend"},
    {PointsRule::kDeal, "deal"},
    {PointsRule::kNeed, "need"},
    {PointsRule::kManual, "manual"},
    {PointsRule::kCoupon, "coupon"},
    {PointsRule::kReversal, "reversal"},
}};

Status bad_holder(std::string_view text) {
  return Status::invalid_input("points.holder", "'" + std::string(text) +
                                                    "' is not a points holder (unit:<account> or "
                                                    "person:<id>)")
      .in_field("holder");
}

}  // namespace

std::string_view to_string(PointsRule rule) {
  for (const auto& [value, name] : kRules) {
    if (value == rule) return name;
  }
  return "manual";
}

std::optional<PointsRule> parse_points_rule(std::string_view text) {
  for (const auto& [value, name] : kRules) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string_view to_string(AwardOutcome outcome) {
  switch (outcome) {
    case AwardOutcome::kAwarded:
      return "awarded";
    case AwardOutcome::kUnchanged:
      return "unchanged";
    case AwardOutcome::kCapped:
      return "capped";
    case AwardOutcome::kNone:
      break;
  }
  return "none";
}

PointsHolder PointsHolder::unit(std::string account) {
  PointsHolder holder;
  holder.kind = Kind::kUnit;
  holder.account = std::move(account);
  return holder;
}

PointsHolder PointsHolder::of_person(std::int64_t id) {
  PointsHolder holder;
  holder.kind = Kind::kPerson;
  holder.person = id;
  return holder;
}

std::string PointsHolder::to_string() const {
  return kind == Kind::kUnit ? "unit:" + account : "person:" + std::to_string(person);
}

Result<PointsHolder> parse_points_holder(std::string_view text) {
  constexpr std::string_view kUnit = "unit:";
  constexpr std::string_view kPerson = "person:";
  if (text.substr(0, kUnit.size()) == kUnit && text.size() > kUnit.size()) {
    return PointsHolder::unit(std::string(text.substr(kUnit.size())));
  }
  if (text.substr(0, kPerson.size()) == kPerson && text.size() > kPerson.size()) {
    const std::string_view digits = text.substr(kPerson.size());
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (error == std::errc() && end == digits.data() + digits.size() && id > 0) {
      return PointsHolder::of_person(id);
    }
  }
  return bad_holder(text);
}

}  // namespace ciie
