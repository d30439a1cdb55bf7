// Registry use cases for points (PTS-1, PTS-2): reading a holder's balance and history, manual
// adjustments, e-coupons, recorded deals and the check-in import. The awards of approvals and
// refunds are written by their own flows through points_flow.hpp.
#include "ciie/referral.hpp"
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "points/checkin_row.hpp"
#include "points/points_rules.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "registry/points_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// A holder and the unit it belongs to (the unit itself, or the person's unit).
struct Holder {
  PointsHolder holder;
  std::string text;
  Unit unit;
};

// Parses `text` and checks that `actor` may read it: Registry::unit's scope for the unit (or
// the person's unit). Errors: points.holder, auth.forbidden, unit.unknown, person.unknown.
Result<Holder> resolve_holder(Registry& registry, store::Store& store, const Actor& actor,
                              const std::string& text) {
  CIIE_ASSIGN_OR_RETURN(PointsHolder parsed, parse_points_holder(text));
  std::string account = parsed.account;
  if (parsed.kind == PointsHolder::Kind::kPerson) {
    CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(parsed.person));
    if (!person) {
      if (actor.kind != ActorKind::kOrganizer && actor.kind != ActorKind::kFinance) {
        return registry::forbidden(actor, "read the points of " + text);
      }
      return Status::not_found("person.unknown", "no person " + std::to_string(parsed.person))
          .in_field("holder");
    }
    account = person->unit;
  }
  CIIE_ASSIGN_OR_RETURN(Unit unit, registry.unit(actor, account));
  return Holder{std::move(parsed), text, std::move(unit)};
}

Status insufficient(const std::string& holder, std::int64_t balance, std::int64_t wanted) {
  return Status::refused("points.insufficient", holder + " has " + std::to_string(balance) +
                                                    " points, " + std::to_string(wanted) +
                                                    " are needed (the balance never goes "
                                                    "below 0)")
      .with_detail("balance", std::to_string(balance));
}

Status verdict_status(points::RedeemVerdict verdict, const CouponRules& coupon,
                      const std::string& holder, std::int64_t balance) {
  if (verdict == points::RedeemVerdict::kLimit) {
    return Status::refused("points.coupon_limit",
                           holder + " has redeemed coupon " + coupon.code + " " +
                               std::to_string(coupon.max_per_unit_per_edition) +
                               " time(s) this edition, the most allowed")
        .in_field("coupon");
  }
  return insufficient(holder, balance, coupon.cost_points);
}

}  // namespace

Result<PointsBalance> Registry::points_balance(const Actor& actor, const std::string& holder) {
  CIIE_ASSIGN_OR_RETURN(const Holder found, resolve_holder(*this, *store_, actor, holder));
  CIIE_ASSIGN_OR_RETURN(PointsBalance totals, store_->points_totals(found.text));
  CIIE_ASSIGN_OR_RETURN(totals.coupons, store_->list_coupons(found.text));
  return totals;
}

Result<std::vector<PointsEntry>> Registry::points_history(const Actor& actor,
                                                          const PointsQuery& query) {
  CIIE_ASSIGN_OR_RETURN(const Holder found, resolve_holder(*this, *store_, actor, query.holder));
  PointsQuery scoped = query;
  scoped.holder = found.text;
  return store_->list_points_entries(scoped);
}

Result<AwardResult> Registry::award_points(const Actor& actor, const ManualAward& ask) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "award points");
  CIIE_ASSIGN_OR_RETURN(const Holder found, resolve_holder(*this, *store_, actor, ask.holder));
  if (ask.points == 0) {
    return Status::invalid_input("points.value", "an adjustment is a non-zero number of points")
        .in_field("points");
  }
  if (ask.reason.empty()) {
    return Status::invalid_input("points.reason_required", "a manual adjustment carries a reason")
        .in_field("reason");
  }
  const Instant now = options_.clock->now();
  AwardResult result;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    PointsEntry entry;
    entry.edition = options_.rules.edition.number;
    entry.holder = found.text;
    entry.rule = PointsRule::kManual;
    entry.subject = "manual:" + (ask.key.empty() ? ask.reason : ask.key);
    entry.points = ask.points;
    entry.reason = ask.reason;
    entry.at = now;
    entry.by = actor.to_string();
    CIIE_ASSIGN_OR_RETURN(const auto earlier,
                          store_->find_points_entry(PointsRule::kManual, entry.subject,
                                                    entry.holder));
    if (earlier) {
      result.outcome = AwardOutcome::kUnchanged;
      result.entry = earlier;
      return Status::ok();
    }
    bool inserted = false;
    if (ask.points > 0) {
      CIIE_ASSIGN_OR_RETURN(inserted, store_->insert_points_entry(entry));
    } else {
      CIIE_ASSIGN_OR_RETURN(inserted, store_->insert_points_debit(entry, "", -1));
      if (!inserted) {
        CIIE_ASSIGN_OR_RETURN(const std::int64_t balance, store_->points_balance(entry.holder));
        return insufficient(entry.holder, balance, -ask.points).in_field("points");
      }
    }
    if (!inserted) return Status::internal("a manual adjustment was neither new nor known");
    result.outcome = AwardOutcome::kAwarded;
    result.entry = entry;
    return audit::record(*store_, *options_.clock, actor, "points.award", entry.holder,
                         {{"points", entry.points},
                          {"reason", entry.reason},
                          {"entry", entry.id}});
  }));
  return result;
}

Result<CouponRedemption> Registry::redeem_coupon(const Actor& actor, const std::string& holder,
                                                 const std::string& coupon) {
  CIIE_ASSIGN_OR_RETURN(const Holder found, resolve_holder(*this, *store_, actor, holder));
  const bool own = actor.kind == ActorKind::kUnit && actor.id == found.unit.account;
  if (actor.kind != ActorKind::kOrganizer && !own) {
    return registry::forbidden(actor, "redeem the points of " + found.text);
  }
  const CouponRules* kind = points::find_coupon(options_.rules.points, coupon);
  if (kind == nullptr) {
    return Status::not_found("points.coupon_unknown", "no coupon '" + coupon + "' in [points]")
        .in_field("coupon");
  }
  const int edition = options_.rules.edition.number;
  const bool guarded = !registry::points_guard_is_disabled();
  if (!guarded) {
    // The negative control of the concurrency test: judged from reads taken before the
    // transaction, as a naive implementation would.
    CIIE_ASSIGN_OR_RETURN(const std::int64_t balance, store_->points_balance(found.text));
    CIIE_ASSIGN_OR_RETURN(const std::int64_t redeemed,
                          store_->count_coupons(found.text, kind->code, edition));
    const auto verdict = points::judge_redemption(*kind, balance, redeemed);
    if (verdict != points::RedeemVerdict::kNone) {
      return verdict_status(verdict, *kind, found.text, balance);
    }
  }
  CouponRedemption redemption;
  redemption.code = "E" + generate_referral_code();
  redemption.coupon = kind->code;
  redemption.edition = edition;
  redemption.holder = found.text;
  redemption.cost_points = kind->cost_points;
  redemption.value = kind->value;
  redemption.at = options_.clock->now();
  redemption.by = actor.to_string();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    PointsEntry debit;
    debit.edition = edition;
    debit.holder = found.text;
    debit.rule = PointsRule::kCoupon;
    debit.subject = "coupon:" + redemption.code;
    debit.points = -kind->cost_points;
    debit.reason = "e-coupon " + kind->code + " (" + kind->value.to_string() + " yuan)";
    debit.at = redemption.at;
    debit.by = redemption.by;
    bool debited = false;
    if (guarded) {
      CIIE_ASSIGN_OR_RETURN(debited, store_->insert_points_debit(debit, kind->code,
                                                                 kind->max_per_unit_per_edition));
    } else {
      CIIE_ASSIGN_OR_RETURN(debited, store_->insert_points_entry(debit));
    }
    if (!debited) {
      CIIE_ASSIGN_OR_RETURN(const std::int64_t balance, store_->points_balance(found.text));
      CIIE_ASSIGN_OR_RETURN(const std::int64_t redeemed,
                            store_->count_coupons(found.text, kind->code, edition));
      auto verdict = points::judge_redemption(*kind, balance, redeemed);
      if (verdict == points::RedeemVerdict::kNone) verdict = points::RedeemVerdict::kInsufficient;
      return verdict_status(verdict, *kind, found.text, balance);
    }
    redemption.entry = debit.id;
    CIIE_RETURN_IF_ERROR(store_->insert_coupon(redemption));
    return audit::record(*store_, *options_.clock, actor, "points.redeem", found.text,
                         {{"coupon", kind->code},
                          {"code", redemption.code},
                          {"cost_points", kind->cost_points},
                          {"value_fen", kind->value.fen()}});
  }));
  return redemption;
}

Result<DealOutcome> Registry::record_deal(const Actor& actor, const DealRecord& ask) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "record deals");
  if (ask.reference.empty()) {
    return Status::invalid_input("points.reference_required", "a deal needs its reference")
        .in_field("reference");
  }
  if (ask.amount.fen() <= 0) {
    return Status::invalid_input("points.amount", "a deal's amount must be positive")
        .in_field("amount");
  }
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, ask.unit));
  DealOutcome outcome;
  outcome.deal = ask;
  outcome.deal.edition = options_.rules.edition.number;
  outcome.deal.at = options_.clock->now();
  outcome.deal.by = actor.to_string();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(outcome.recorded, store_->insert_deal(outcome.deal));
    if (!outcome.recorded) {
      CIIE_ASSIGN_OR_RETURN(const auto earlier, store_->find_deal(ask.reference));
      if (!earlier) return Status::internal("a deal reference vanished");
      if (earlier->unit != unit.account || earlier->amount != ask.amount) {
        return Status::conflict("points.deal_conflict",
                                "deal " + ask.reference + " is recorded for " + earlier->unit +
                                    " with " + earlier->amount.to_string() + " yuan")
            .in_field("reference");
      }
      outcome.deal = *earlier;
    }
    const std::string holder = PointsHolder::unit(unit.account).to_string();
    CIIE_ASSIGN_OR_RETURN(outcome.award,
                          registry::award(*store_, options_.rules, holder, PointsRule::kDeal,
                                          "deal:" + ask.reference,
                                          points::deal_points(options_.rules.points, ask.amount),
                                          "deal " + ask.reference + ": " +
                                              ask.amount.to_string() + " yuan",
                                          outcome.deal.at, outcome.deal.by));
    if (!outcome.recorded) return Status::ok();
    return audit::record(*store_, *options_.clock, actor, "points.deal", holder,
                         {{"reference", ask.reference},
                          {"amount_fen", ask.amount.fen()},
                          {"points", outcome.award.entry ? outcome.award.entry->points : 0}});
  }));
  return outcome;
}

const std::vector<std::string>& Registry::checkin_columns() { return points::checkin_columns(); }

const std::vector<std::string>& Registry::checkin_required_columns() {
  return points::checkin_required_columns();
}

Result<BulkSummary> Registry::import_checkins(const Actor& actor, RecordReader& reader,
                                              const BulkOptions& options,
                                              const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "import check-ins");
  const Instant now = options_.clock->now();
  const Date today = now.shanghai_date();
  const int edition = options_.rules.edition.number;
  auto import_row = [&](const Record& record) -> Result<registry::RowResult> {
    CIIE_ASSIGN_OR_RETURN(const points::CheckinRow row, points::parse_checkin_row(record, today));
    std::optional<Person> person;
    if (row.person != 0) {
      CIIE_ASSIGN_OR_RETURN(person, store_->find_person(row.person));
    } else {
      CIIE_ASSIGN_OR_RETURN(person,
                            store_->find_person_by_document(edition, row.document_kind, row.document));
    }
    const std::string field = row.person != 0 ? "person" : "document";
    if (!person || person->edition != edition) {
      return Status::not_found("person.unknown", "no person of edition " +
                                                     std::to_string(edition) + " with this " +
                                                     field)
          .at(record.line, field);
    }
    if (person->state != PersonState::kApproved) {
      return Status::refused("checkin.not_approved",
                             "person " + std::to_string(person->id) + " is " +
                                 std::string(to_string(person->state)) +
                                 ": only an approved person has a badge to check in with")
          .at(record.line, field);
    }
    const std::string subject = "person:" + std::to_string(person->id);
    CIIE_ASSIGN_OR_RETURN(const bool stored,
                          store_->insert_checkin(edition, person->id, row.badge, row.checked_in,
                                                 row.gate, now));
    if (!stored) return registry::RowResult{"unchanged", subject, false};
    CIIE_ASSIGN_OR_RETURN(const AwardResult awarded,
                          registry::award_attendance(*store_, options_.rules, person->id,
                                                     row.checked_in, actor.to_string()));
    return registry::RowResult{
        awarded.outcome == AwardOutcome::kAwarded ? "awarded" : "recorded", subject, true};
  };
  auto audit_run = [&](const BulkSummary& summary) -> Status {
    const auto count = [&](const char* outcome) -> std::int64_t {
      const auto found = summary.by_outcome.find(outcome);
      return found == summary.by_outcome.end() ? 0 : found->second;
    };
    if (count("awarded") + count("recorded") == 0) return Status::ok();
    return audit::record(*store_, *options_.clock, actor, "points.checkin_import", "checkin",
                         {{"rows", summary.rows},
                          {"awarded", count("awarded")},
                          {"recorded", count("recorded")},
                          {"unchanged", count("unchanged")},
                          {"failed", summary.failed}});
  };
  // Every refusal of a row comes before its first write (parse, look up; then insert).
  return registry::apply_bulk(*store_, reader, options, on_row, import_row, {}, audit_run,
                              registry::RowIsolation::kChecksFirst);
}

}  // namespace ciie
