// Points awards and reversals inside the callers' transactions; see points_flow.hpp.
#include "registry/points_flow.hpp"

#include <atomic>

#include "points/points_rules.hpp"

namespace ciie::registry {
namespace {

std::atomic<bool> points_guard_disabled{false};

std::string person_holder(std::int64_t id) { return PointsHolder::of_person(id).to_string(); }

// The unit that issued the code `code`, as a holder; "" when the issuer is no unit (a delegation,
// the organizer) or the code is unknown.
Result<std::string> issuing_unit(store::Store& store, const std::string& code) {
  if (code.empty()) return std::string();
  CIIE_ASSIGN_OR_RETURN(const auto referral, store.find_referral(code));
  if (!referral || referral->issuer.rfind("unit:", 0) != 0) return std::string();
  return referral->issuer;
}

}  // namespace

namespace testing {
void set_points_guard_disabled(bool disabled) { points_guard_disabled.store(disabled); }
}  // namespace testing
bool points_guard_is_disabled() { return points_guard_disabled.load(); }

Result<AwardResult> award(store::Store& store, const Rules& rules, const std::string& holder,
                          PointsRule rule, const std::string& subject, std::int64_t points,
                          const std::string& reason, Instant at, const std::string& by) {
  AwardResult result;
  if (points <= 0) return result;
  PointsEntry entry;
  entry.edition = rules.edition.number;
  entry.holder = holder;
  entry.rule = rule;
  entry.subject = subject;
  entry.points = points;
  entry.reason = reason;
  entry.at = at;
  entry.by = by;
  CIIE_ASSIGN_OR_RETURN(const bool inserted, store.insert_points_entry(entry));
  if (inserted) {
    result.outcome = AwardOutcome::kAwarded;
    result.entry = entry;
    return result;
  }
  result.outcome = AwardOutcome::kUnchanged;
  CIIE_ASSIGN_OR_RETURN(result.entry, store.find_points_entry(rule, subject, holder));
  return result;
}

Status award_unit_approved(store::Store& store, const Rules& rules, const Unit& unit, Instant at,
                           const std::string& by) {
  const std::string holder = PointsHolder::unit(unit.account).to_string();
  CIIE_RETURN_IF_ERROR(award(store, rules, holder, PointsRule::kRegister, holder,
                             rules.points.register_approved, "registration approved", at, by)
                           .status());
  CIIE_ASSIGN_OR_RETURN(const std::string issuer, issuing_unit(store, unit.referral_code));
  if (issuer.empty() || issuer == holder) return Status::ok();
  const std::string subject = "invitee:" + unit.account;
  CIIE_ASSIGN_OR_RETURN(const auto earlier,
                        store.find_points_entry(PointsRule::kInvite, subject, issuer));
  if (earlier) return Status::ok();  // a re-run: unchanged
  CIIE_ASSIGN_OR_RETURN(const std::int64_t standing,
                        store.count_standing_points(issuer, PointsRule::kInvite,
                                                    rules.edition.number));
  if (points::invite_capped(rules.points, standing)) return Status::ok();
  return award(store, rules, issuer, PointsRule::kInvite, subject, rules.points.invite_approved,
               "invited unit " + unit.account + " approved", at, by)
      .status();
}

Status award_person_approved(store::Store& store, const Rules& rules, const Person& person,
                             Instant at, const std::string& by) {
  const std::string holder = person_holder(person.id);
  return award(store, rules, holder, PointsRule::kRegister, holder,
               rules.points.register_approved, "registration approved", at, by)
      .status();
}

Result<std::optional<PointsEntry>> reverse_award(store::Store& store, const Rules& rules,
                                                 PointsRule rule, const std::string& subject,
                                                 const std::string& holder,
                                                 const std::string& cause,
                                                 const std::string& reason, Instant at,
                                                 const std::string& by) {
  CIIE_ASSIGN_OR_RETURN(const auto original, store.find_points_entry(rule, subject, holder));
  if (!original || original->points <= 0) return std::optional<PointsEntry>();
  PointsEntry reversal;
  reversal.edition = rules.edition.number;
  reversal.holder = holder;
  reversal.rule = PointsRule::kReversal;
  reversal.subject = cause + "|" + std::to_string(original->id);
  reversal.reverses = original->id;
  reversal.reason = reason;
  reversal.at = at;
  reversal.by = by;
  CIIE_ASSIGN_OR_RETURN(const bool inserted,
                        store.insert_points_reversal(reversal, original->points));
  if (!inserted) return std::optional<PointsEntry>();
  return std::optional<PointsEntry>(std::move(reversal));
}

Status reverse_unit_approval(store::Store& store, const Rules& rules, const Unit& unit,
                             Instant at, const std::string& by) {
  const std::string holder = PointsHolder::unit(unit.account).to_string();
  const std::string cause = "rejection:unit:" + unit.account + "@" + at.to_utc_string();
  CIIE_RETURN_IF_ERROR(reverse_award(store, rules, PointsRule::kRegister, holder, holder, cause,
                                     "approval overridden by a rejection", at, by)
                           .status());
  CIIE_ASSIGN_OR_RETURN(const std::string issuer, issuing_unit(store, unit.referral_code));
  if (issuer.empty()) return Status::ok();
  return reverse_award(store, rules, PointsRule::kInvite, "invitee:" + unit.account, issuer, cause,
                       "invited unit " + unit.account + " rejected", at, by)
      .status();
}

Status reverse_person_registration(store::Store& store, const Rules& rules, std::int64_t person,
                                   const std::string& cause, const std::string& reason,
                                   Instant at, const std::string& by) {
  const std::string holder = person_holder(person);
  return reverse_award(store, rules, PointsRule::kRegister, holder, holder, cause, reason, at, by)
      .status();
}

Status award_need_published(store::Store& store, const Rules& rules, const std::string& unit,
                            std::int64_t need_id, Instant at, const std::string& by) {
  return award(store, rules, PointsHolder::unit(unit).to_string(), PointsRule::kNeed,
               "need:" + std::to_string(need_id), rules.points.publish_need,
               "purchase need " + std::to_string(need_id) + " published", at, by)
      .status();
}

Result<AwardResult> award_attendance(store::Store& store, const Rules& rules,
                                     std::int64_t person, Instant at, const std::string& by) {
  return award(store, rules, person_holder(person), PointsRule::kAttend,
               "edition:" + std::to_string(rules.edition.number), rules.points.attend,
               "checked in", at, by);
}

}  // namespace ciie::registry
