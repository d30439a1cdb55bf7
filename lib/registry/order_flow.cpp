// Order steps shared by the order and payment use cases (ORD-1, ORD-4, PAY); see order_flow.hpp.
#include "registry/order_flow.hpp"

#include "audit/audit.hpp"
#include "registry/person_flow.hpp"
#include "registry/review_flow.hpp"

namespace ciie::registry {
namespace {

// Gives back the free places an order's persons hold.
Status release_places(store::Store& store, const Order& order) {
  for (const OrderLine& line : order.lines) {
    if (!line.free_badge) continue;
    CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(line.person_id));
    if (!person || person->free_quota.empty()) continue;
    CIIE_RETURN_IF_ERROR(release_place(store, *person));
    CIIE_RETURN_IF_ERROR(store.set_person_free_place(person->id, ""));
  }
  return Status::ok();
}

}  // namespace

Result<bool> close_unpaid(store::Store& store, const Options& options, const Actor& actor,
                          const Order& order, OrderState to, const std::string& reason) {
  const bool expiry = to == OrderState::kExpired;
  store::OrderClose close;
  close.number = order.number;
  close.to = to;
  close.at = options.clock->now();
  close.by = expiry ? "clock" : actor.to_string();
  close.reason = reason;
  CIIE_ASSIGN_OR_RETURN(const bool closed, store.close_order(close));
  if (!closed) return false;
  CIIE_RETURN_IF_ERROR(release_places(store, order));
  nlohmann::json details = {{"unit", order.unit}, {"total_fen", order.total.fen()}};
  if (!reason.empty()) details["reason"] = reason;
  if (expiry) details["expires_at"] = order.expires_at.to_utc_string();
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     expiry ? "order.expire" : "order.cancel",
                                     "order:" + order.number, details));
  return true;
}

Status expire_if_due(store::Store& store, const Options& options, const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(number));
  if (!order || !is_open(order->state) || order->expires_at > options.clock->now()) {
    return Status::ok();
  }
  return close_unpaid(store, options, Actor::organizer(), *order, OrderState::kExpired, "")
      .status();
}

Status expire_due(store::Store& store, const Options& options, int limit,
                  std::vector<Order>* expired) {
  CIIE_ASSIGN_OR_RETURN(const std::vector<std::string> due,
                        store.due_orders(options.clock->now(), limit));
  for (const std::string& number : due) {
    CIIE_ASSIGN_OR_RETURN(auto order, store.find_order(number));
    if (!order) continue;
    CIIE_ASSIGN_OR_RETURN(const bool closed, close_unpaid(store, options, Actor::organizer(),
                                                          *order, OrderState::kExpired, ""));
    if (closed && expired != nullptr) {
      CIIE_ASSIGN_OR_RETURN(auto after, store.find_order(number));
      if (after) expired->push_back(std::move(*after));
    }
  }
  return Status::ok();
}

Status retake_place(store::Store& store, Person& person) {
  CIIE_ASSIGN_OR_RETURN(const auto unit, store.find_unit(person.unit));
  if (!unit) return Status::internal("a person's unit vanished");
  CIIE_ASSIGN_OR_RETURN(const auto quota, quota_for(store, *unit, person.badge_type));
  if (!quota) {
    return Status::refused("quota.none", "person " + std::to_string(person.id) +
                                             " asks for a free badge, and the unit's delegation "
                                             "has no free places for '" + person.badge_type + "'")
        .in_field("persons");
  }
  CIIE_ASSIGN_OR_RETURN(const bool taken, store.take_free_place(quota->delegation,
                                                                quota->sub_delegation,
                                                                person.badge_type));
  const std::string pool = quota->sub_delegation.empty()
                               ? quota->delegation
                               : quota->delegation + "/" + quota->sub_delegation;
  if (!taken) {
    return Status::refused("quota.exhausted", "no free '" + person.badge_type +
                                                  "' place left for " + pool + " (person " +
                                                  std::to_string(person.id) + ")")
        .in_field("persons")
        .with_detail("places", std::to_string(quota->places));
  }
  person.free_quota = pool;
  return store.set_person_free_place(person.id, pool);
}

Status send_to_review(store::Store& store, const Options& options, const Actor& actor,
                      const Order& order) {
  for (const OrderLine& line : order.lines) {
    CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(line.person_id));
    // A person no longer submitted moved on by other means (removed or decided): nothing to do.
    if (!person || person->state != PersonState::kSubmitted) continue;
    CIIE_RETURN_IF_ERROR(enter_person_review(store, options, actor, line.person_id).status());
  }
  return Status::ok();
}

Result<bool> mark_paid(store::Store& store, const Options& options, const Actor& actor,
                       const Order& order, OrderState from, const std::string& by_payment) {
  const bool reopening = from != OrderState::kAwaitingPayment;
  if (reopening) {
    for (const OrderLine& line : order.lines) {
      CIIE_ASSIGN_OR_RETURN(auto person, store.find_person(line.person_id));
      if (!person || person->state != PersonState::kSubmitted) {
        return Status::refused("order.person_state",
                               "person " + std::to_string(line.person_id) +
                                   " is no longer awaiting payment")
            .in_field("persons");
      }
      if (line.free_badge && person->free_quota.empty()) {
        CIIE_RETURN_IF_ERROR(retake_place(store, *person));
      }
    }
  }
  store::OrderClose close;
  close.number = order.number;
  close.from = from;
  close.to = OrderState::kPaid;
  close.at = options.clock->now();
  close.by = actor.to_string();
  close.reason = by_payment;
  Result<bool> closed = store.close_order(close);
  if (!closed.is_ok() && closed.status().reason() == "store.constraint") {
    return Status::conflict("order.person_busy",
                            "a person of order " + order.number + " is in another order now");
  }
  CIIE_RETURN_IF_ERROR(closed.status());
  if (!*closed) return false;
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor, "order.paid",
                                     "order:" + order.number,
                                     {{"unit", order.unit},
                                      {"total_fen", order.total.fen()},
                                      {"payment", by_payment},
                                      {"reopened_from", reopening ? to_string(from) : ""}}));
  CIIE_RETURN_IF_ERROR(send_to_review(store, options, actor, order));
  return true;
}

}  // namespace ciie::registry
