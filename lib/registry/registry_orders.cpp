// Registry use cases for badge orders (ORD-1..4): create (priced from the badge fees, free places
// taken again where a closed order gave them back), show and list (applying due expiries first),
// cancel, and the expiry sweep.
#include <limits>
#include <set>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "order/order_rules.hpp"
#include "payment/order_number.hpp"
#include "registry/access.hpp"
#include "registry/order_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// How many due orders one call expires before doing its own work: enough that a store in use
// never falls behind, small enough that no single call pays for a backlog of thousands.
constexpr int kExpiriesPerCall = 200;

// The persons a request names, or every person of the unit awaiting payment (submitted and held
// by no order).
Result<std::vector<std::int64_t>> persons_to_order(store::Store& store, const std::string& account,
                                                   const OrderRequest& request) {
  if (!request.persons.empty()) {
    const std::set<std::int64_t> unique(request.persons.begin(), request.persons.end());
    return std::vector<std::int64_t>(unique.begin(), unique.end());
  }
  PersonFilter submitted;
  submitted.state = PersonState::kSubmitted;
  submitted.limit = std::numeric_limits<int>::max();
  CIIE_ASSIGN_OR_RETURN(const std::vector<Person> persons, store.list_persons(account, submitted));
  std::vector<std::int64_t> ids;
  for (const Person& person : persons) {
    CIIE_ASSIGN_OR_RETURN(const std::string holder, store.order_holding_person(person.id));
    if (holder.empty()) ids.push_back(person.id);
  }
  return ids;
}

// One person's line, checking ORD-1 and taking its free place again when it gave it back.
Result<OrderLine> line_for(store::Store& store, const Rules& rules, const std::string& account,
                           std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto person, store.find_person(id));
  if (!person || person->unit != account || person->state == PersonState::kJoinRequested) {
    return Status::not_found("person.unknown", "no person " + std::to_string(id) + " in this unit")
        .in_field("persons");
  }
  if (person->state != PersonState::kSubmitted) {
    return Status::refused("order.person_state",
                           "person " + std::to_string(id) + " is " +
                               std::string(to_string(person->state)) +
                               ", not submitted and awaiting payment")
        .in_field("persons");
  }
  CIIE_ASSIGN_OR_RETURN(const std::string holder, store.order_holding_person(id));
  if (!holder.empty()) {
    return Status::conflict("order.person_busy",
                            "person " + std::to_string(id) + " is in order " + holder)
        .in_field("persons")
        .with_detail("order", holder);
  }
  if (person->free_badge && person->free_quota.empty()) {
    CIIE_RETURN_IF_ERROR(registry::retake_place(store, *person));
  }
  return order::price_line(rules, *person);
}

Status unknown_order(const std::string& number) {
  return Status::not_found("order.unknown", "no order '" + number + "'");
}

}  // namespace

Result<Order> Registry::create_order(const Actor& actor, const std::string& account,
                                     const OrderRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "order badges for unit " + account);
  }
  const Instant now = options_.clock->now();
  const OrderRules& rules = options_.rules.order;
  if (now > rules.payment_deadline) {
    return Status::refused("payment.deadline", "the payment deadline " +
                                                   rules.payment_deadline.to_shanghai_string() +
                                                   " has passed");
  }
  Order order;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(registry::expire_due(*store_, options_, kExpiriesPerCall, nullptr));
    CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(account));
    if (!unit) return Status::not_found("unit.unknown", "no unit '" + account + "'");
    if (unit->state != UnitState::kApproved) {
      return Status::refused("order.unit_not_approved",
                             "unit " + account + " is " + std::string(to_string(unit->state)) +
                                 ": badges are ordered once the unit is approved");
    }
    CIIE_ASSIGN_OR_RETURN(const std::vector<std::int64_t> ids,
                          persons_to_order(*store_, account, request));
    if (ids.empty()) {
      return Status::refused("order.empty", "unit " + account + " has no person awaiting payment");
    }
    order = Order{};  // the body may run again (Store::write_transaction)
    for (const std::int64_t id : ids) {
      CIIE_ASSIGN_OR_RETURN(OrderLine line, line_for(*store_, options_.rules, account, id));
      order.lines.push_back(std::move(line));
    }
    order.total = order::total_of(order.lines);
    if (request.expect_total && *request.expect_total != order.total) {
      return Status::conflict("order.total_changed",
                              "the total is " + order.total.to_string() + " yuan, not the " +
                                  request.expect_total->to_string() + " confirmed")
          .in_field("expect_total")
          .with_detail("expected_fen", std::to_string(request.expect_total->fen()))
          .with_detail("total_fen", std::to_string(order.total.fen()));
    }
    order.unit = account;
    order.edition = unit->edition;
    order.created_at = now;
    order.expires_at = order::expiry_of(rules, now);
    order.created_by = actor.to_string();
    const bool free = order.total.fen() == 0;
    order.state = free ? OrderState::kSettled : OrderState::kAwaitingPayment;
    if (free) {
      order.closed_at = now;
      order.closed_by = actor.to_string();
    }
    // Nine random digits: a collision within one second is rare, and checked.
    for (int tries = 0;; ++tries) {
      order.number = payment::new_order_number(rules.prefix, now);
      CIIE_ASSIGN_OR_RETURN(const auto taken, store_->find_order(order.number));
      if (!taken) break;
      if (tries == 10) return Status::internal("no free order number after 10 tries");
    }
    Status inserted = store_->insert_order(order);
    if (!inserted.is_ok() && inserted.reason() == "store.constraint") {
      return Status::conflict("order.person_busy",
                              "a person of this order was ordered by someone else meanwhile");
    }
    CIIE_RETURN_IF_ERROR(inserted);
    std::vector<std::int64_t> persons;
    for (const OrderLine& line : order.lines) persons.push_back(line.person_id);
    CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "order.create",
                                       "order:" + order.number,
                                       {{"unit", account},
                                        {"total_fen", order.total.fen()},
                                        {"persons", persons},
                                        {"state", to_string(order.state)}}));
    if (free) CIIE_RETURN_IF_ERROR(registry::send_to_review(*store_, options_, actor, order));
    return Status::ok();
  }));
  return order;
}

Result<Order> Registry::order(const Actor& actor, const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(auto found, store_->find_order(number));
  if (!found) return unknown_order(number);
  // A read writes only when the order is due: then it is expired first (expire_if_due checks
  // again inside the transaction, so a payment that got there first wins).
  if (is_open(found->state) && found->expires_at <= options_.clock->now()) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction(
        [&]() -> Status { return registry::expire_if_due(*store_, options_, number); }));
    CIIE_ASSIGN_OR_RETURN(found, store_->find_order(number));
    if (!found) return unknown_order(number);
  }
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(found->unit));
  if (!unit || !registry::may_read_unit(actor, *unit)) {
    return registry::forbidden(actor, "read order " + number);
  }
  return *found;
}

Result<std::vector<Order>> Registry::orders(const Actor& actor, const OrderFilter& filter) {
  store::OrderQuery query;
  query.edition = options_.rules.edition.number;
  query.unit = filter.unit;
  query.state = filter.state;
  query.limit = filter.limit;
  query.offset = filter.offset;
  const bool everyone = actor.kind == ActorKind::kOrganizer || actor.kind == ActorKind::kFinance;
  if (query.unit.empty() && actor.kind == ActorKind::kUnit) query.unit = actor.id;
  if (query.unit.empty() && !everyone) {
    return registry::forbidden(actor, "list the orders of every unit (name a unit)");
  }
  if (!query.unit.empty()) {
    CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, query.unit));
    (void)visible;  // unit() has checked the actor may read it
  }
  CIIE_ASSIGN_OR_RETURN(const auto due, store_->due_orders(options_.clock->now(), 1));
  if (!due.empty()) {  // a listing writes only when something is due
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return registry::expire_due(*store_, options_, kExpiriesPerCall, nullptr);
    }));
  }
  return store_->list_orders(query);
}

Result<Order> Registry::cancel_order(const Actor& actor, const std::string& number,
                                     const std::string& reason) {
  Order result;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(registry::expire_if_due(*store_, options_, number));
    CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_order(number));
    if (!found) return unknown_order(number);
    CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(found->unit));
    if (!unit || !registry::may_edit_unit(actor, *unit)) {
      return registry::forbidden(actor, "cancel order " + number);
    }
    if (!is_open(found->state)) {
      return Status::refused("order.not_open", "order " + number + " is " +
                                                   std::string(to_string(found->state)));
    }
    CIIE_ASSIGN_OR_RETURN(const bool closed,
                          registry::close_unpaid(*store_, options_, actor, *found,
                                                 OrderState::kCancelled, reason));
    if (!closed) return Status::refused("order.not_open", "order " + number + " closed meanwhile");
    CIIE_ASSIGN_OR_RETURN(const auto after, store_->find_order(number));
    if (!after) return Status::internal("an order vanished");
    result = *after;
    return Status::ok();
  }));
  return result;
}

Result<std::vector<Order>> Registry::expire_orders(const Actor& actor) {
  if (actor.kind != ActorKind::kOrganizer && actor.kind != ActorKind::kFinance) {
    return registry::forbidden(actor, "expire orders");
  }
  std::vector<Order> expired;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    expired.clear();
    return registry::expire_due(*store_, options_, std::numeric_limits<int>::max(), &expired);
  }));
  return expired;
}

}  // namespace ciie
