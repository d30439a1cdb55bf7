// Registry use cases for refunds (RFD-1..5): the request (reversal of the order's invoice first),
// show and list, the gateway refund calls, and finance's confirmation of outgoing transfers.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "invoice/platform.hpp"
#include "registry/access.hpp"
#include "registry/refund_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

bool is_finance(const Actor& actor) {
  return actor.kind == ActorKind::kFinance || actor.kind == ActorKind::kOrganizer;
}

Status unknown_refund(std::int64_t id) {
  return Status::not_found("refund.unknown", "no refund " + std::to_string(id)).in_field("refund");
}

// How many awaiting_gateway refunds one send_refunds call tries.
constexpr int kSendsPerCall = 500;

}  // namespace

Result<RefundOutcome> Registry::request_refund(const Actor& actor, const RefundRequest& request) {
  if (request.reason.empty()) {
    return Status::invalid_input("refund.reason_required", "a refund needs a reason")
        .in_field("reason");
  }
  const auto platform = invoice::make_platform(*store_, options_.rules.invoice);
  RefundOutcome outcome;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto order, store_->find_order(request.order));
    if (!order) {
      return Status::not_found("order.unknown", "no order " + request.order).in_field("order");
    }
    CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(order->unit));
    if (!unit || !(registry::may_edit_unit(actor, *unit) || is_finance(actor))) {
      return registry::forbidden(actor, "refund order " + request.order);
    }
    registry::RefundAsk ask;
    ask.persons = request.persons;
    ask.reason = request.reason;
    ask.red_reason = request.red_reason;
    CIIE_ASSIGN_OR_RETURN(outcome,
                          registry::create_refund(*store_, options_, *platform, actor, *order, ask));
    return Status::ok();
  }));
  if (outcome.refund.state == RefundState::kAwaitingGateway) {
    // The money call happens after the commit: a gateway that does not answer leaves the refund
    // recorded, awaiting the gateway, for send_refunds.
    CIIE_ASSIGN_OR_RETURN(outcome.refund,
                          registry::send_to_gateway(*store_, options_, actor, outcome.refund));
  }
  return outcome;
}

Result<Refund> Registry::refund(const Actor& actor, std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_refund(id));
  if (!found) return unknown_refund(id);
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(found->unit));
  if (!unit || !(registry::may_read_unit(actor, *unit) || is_finance(actor))) {
    return unknown_refund(id);
  }
  return *found;
}

Result<std::vector<Refund>> Registry::refunds(const Actor& actor, const RefundFilter& filter) {
  RefundFilter query = filter;
  if (query.unit.empty() && actor.kind == ActorKind::kUnit) query.unit = actor.id;
  if (query.unit.empty() && !is_finance(actor)) {
    return registry::forbidden(actor, "list the refunds of every unit (name a unit)");
  }
  if (!query.unit.empty()) {
    CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, query.unit));
    (void)visible;
  }
  return store_->list_refunds(query);
}

Result<std::vector<Refund>> Registry::send_refunds(const Actor& actor, std::int64_t id) {
  if (!is_finance(actor)) return registry::forbidden(actor, "send refunds");
  std::vector<Refund> due;
  if (id != 0) {
    CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_refund(id));
    if (!found) return unknown_refund(id);
    due.push_back(*found);
  } else {
    RefundFilter filter;
    filter.state = RefundState::kAwaitingGateway;
    filter.limit = kSendsPerCall;
    CIIE_ASSIGN_OR_RETURN(due, store_->list_refunds(filter));
  }
  std::vector<Refund> tried;
  for (const Refund& refund : due) {
    CIIE_ASSIGN_OR_RETURN(Refund after, registry::send_to_gateway(*store_, options_, actor, refund));
    tried.push_back(std::move(after));
  }
  return tried;
}

Result<Refund> Registry::confirm_refund_transfer(const Actor& actor, std::int64_t id,
                                                 const std::string& reference) {
  if (actor.kind != ActorKind::kFinance) {
    return registry::forbidden(actor, "confirm an outgoing transfer (finance does)");
  }
  if (reference.empty()) {
    return Status::invalid_input("refund.reference_required",
                                 "confirming a refund transfer needs the bank's reference")
        .in_field("reference");
  }
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(auto found, store_->find_refund(id));
    if (!found) return unknown_refund(id);
    if (found->state != RefundState::kAwaitingTransfer) {
      return Status::refused("refund.state", "refund " + std::to_string(id) + " is " +
                                                 std::string(to_string(found->state)) +
                                                 ", not awaiting_transfer");
    }
    found->state = RefundState::kCompleted;
    found->transfer_reference = reference;
    found->updated_at = options_.clock->now();
    found->completed_at = found->updated_at;
    found->completed_by = actor.to_string();
    CIIE_ASSIGN_OR_RETURN(const bool changed,
                          store_->update_refund(*found, RefundState::kAwaitingTransfer));
    if (!changed) {
      return Status::refused("refund.state", "refund " + std::to_string(id) +
                                                 " was confirmed meanwhile");
    }
    return audit::record(*store_, *options_.clock, actor, "refund.complete",
                         "refund:" + std::to_string(id),
                         {{"order", found->order},
                          {"amount_fen", found->amount.fen()},
                          {"payee", found->payee_name},
                          {"reference", reference}});
  }));
  return this->refund(actor, id);
}

}  // namespace ciie
