// Registry use cases for invoices (INV-1..8): the request (title locking, the deadline), issue
// through the invoice platform, show and list, the buyer's status, reversal, and the decisions
// on red-letter confirmation forms.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "invoice/platform.hpp"
#include "registry/access.hpp"
#include "registry/invoice_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

bool is_finance(const Actor& actor) {
  return actor.kind == ActorKind::kFinance || actor.kind == ActorKind::kOrganizer;
}

Status unknown_invoice(const std::string& number) {
  return Status::not_found("invoice.unknown", "no invoice " + number).in_field("invoice");
}

Status unknown_order(const std::string& number) {
  return Status::not_found("order.unknown", "no order " + number).in_field("order");
}

Status not_paid(const Order& order) {
  return Status::refused("invoice.not_paid",
                         "order " + order.number + " is " + std::string(to_string(order.state)) +
                             ": only a paid order is invoiced (a settled order has nothing to "
                             "invoice)");
}

// The order, when the actor may edit its unit or is finance.
Result<Order> order_to_invoice(store::Store& store, const Actor& actor, const std::string& number,
                               Unit* unit_out) {
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(number));
  if (!order) return unknown_order(number);
  CIIE_ASSIGN_OR_RETURN(const auto unit, store.find_unit(order->unit));
  if (!unit || !(registry::may_edit_unit(actor, *unit) || is_finance(actor))) {
    return registry::forbidden(actor, "invoice order " + number);
  }
  if (unit_out != nullptr) *unit_out = *unit;
  return *order;
}

}  // namespace

Result<StoredInvoiceRequest> Registry::request_invoice(const Actor& actor,
                                                       const InvoiceRequest& request) {
  const Instant now = options_.clock->now();
  StoredInvoiceRequest stored;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    Unit unit;
    CIIE_ASSIGN_OR_RETURN(const Order order,
                          order_to_invoice(*store_, actor, request.order, &unit));
    if (order.state != OrderState::kPaid) return not_paid(order);
    if (now > options_.rules.invoice.request_deadline) {
      return Status::refused("invoice.deadline",
                             "invoice requests closed at " +
                                 options_.rules.invoice.request_deadline.to_shanghai_string() +
                                 " (INV-4)");
    }
    CIIE_ASSIGN_OR_RETURN(const auto blue, store_->valid_blue_invoice(order.number));
    CIIE_ASSIGN_OR_RETURN(const auto payment, registry::confirmed_payment(*store_, order.number));
    CIIE_ASSIGN_OR_RETURN(const auto previous, store_->find_invoice_request(order.number));
    CIIE_ASSIGN_OR_RETURN(stored, registry::judge_request(unit, payment, previous, request));
    if (blue) {
      return Status::conflict("invoice.exists", "order " + order.number + " has invoice " +
                                                    blue->number +
                                                    " already: reverse it before asking again "
                                                    "(INV-5)");
    }
    stored.requested_at = now;
    stored.requested_by = actor.to_string();
    CIIE_RETURN_IF_ERROR(store_->put_invoice_request(stored));
    return audit::record(*store_, *options_.clock, actor, "invoice.request",
                         "order:" + order.number,
                         {{"type", to_string(stored.request.type)},
                          {"title_kind", to_string(stored.request.title_kind)},
                          {"title", stored.request.title},
                          {"taxpayer_id", stored.request.taxpayer_id},
                          {"title_locked", stored.title_locked},
                          {"replaces", previous.has_value()}});
  }));
  return stored;
}

Result<std::optional<StoredInvoiceRequest>> Registry::invoice_request(const Actor& actor,
                                                                      const std::string& order) {
  CIIE_ASSIGN_OR_RETURN(const Order found, this->order(actor, order));
  return store_->find_invoice_request(found.number);
}

Result<Invoice> Registry::issue_invoice(const Actor& actor, const std::string& number) {
  Invoice issued;
  const auto platform = invoice::make_platform(*store_, options_.rules.invoice);
  if (invoice::testing::numbering_guard_disabled()) {
    Invoice probe;  // the negative control reads its counter before the transaction
    probe.issued_on = options_.clock->now().shanghai_date();
    CIIE_RETURN_IF_ERROR(platform->prepare(probe));
  }
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const Order order, order_to_invoice(*store_, actor, number, nullptr));
    if (order.state != OrderState::kPaid) return not_paid(order);
    CIIE_ASSIGN_OR_RETURN(const auto request, store_->find_invoice_request(number));
    if (!request) {
      return Status::refused("invoice.not_requested",
                             "order " + number + " has no invoice request: ask for one first");
    }
    CIIE_ASSIGN_OR_RETURN(issued, registry::issue_blue(*store_, options_, *platform, actor, order,
                                                       *request));
    return Status::ok();
  }));
  CIIE_ASSIGN_OR_RETURN(const auto stored, store_->find_invoice(issued.number));
  if (!stored) return Status::internal("an issued invoice vanished");
  return *stored;
}

Result<Invoice> Registry::invoice(const Actor& actor, const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_invoice(number));
  if (!found) return unknown_invoice(number);
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(found->unit));
  if (!unit || !(registry::may_read_unit(actor, *unit) || is_finance(actor))) {
    return unknown_invoice(number);  // not "forbidden": numbers are not probed this way
  }
  return *found;
}

Result<std::vector<Invoice>> Registry::invoices(const Actor& actor, const InvoiceFilter& filter) {
  InvoiceFilter query = filter;
  if (query.unit.empty() && actor.kind == ActorKind::kUnit) query.unit = actor.id;
  if (query.unit.empty() && !is_finance(actor)) {
    return registry::forbidden(actor, "list the invoices of every unit (name a unit)");
  }
  if (!query.unit.empty()) {
    CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, query.unit));
    (void)visible;  // unit() has checked the actor may read it
  }
  return store_->list_invoices(query);
}

Result<Invoice> Registry::set_buyer_status(const Actor& actor, const std::string& number,
                                           BuyerStatus status) {
  if (!is_finance(actor)) return registry::forbidden(actor, "record a buyer's invoice status");
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_invoice(number));
    if (!found) return unknown_invoice(number);
    if (found->kind != InvoiceKind::kBlue) {
      return Status::refused("invoice.not_blue", "invoice " + number + " is red: a buyer books "
                                                 "and confirms blue invoices");
    }
    if (found->buyer_status == status) return Status::ok();
    CIIE_RETURN_IF_ERROR(store_->set_invoice_buyer_status(number, status).status());
    return audit::record(*store_, *options_.clock, actor, "invoice.buyer_status",
                         "invoice:" + number,
                         {{"from", to_string(found->buyer_status)}, {"to", to_string(status)}});
  }));
  return this->invoice(actor, number);
}

Result<ReversalOutcome> Registry::reverse_invoice(const Actor& actor,
                                                  const ReversalRequest& request) {
  if (!is_finance(actor)) return registry::forbidden(actor, "reverse an invoice");
  const auto platform = invoice::make_platform(*store_, options_.rules.invoice);
  ReversalOutcome outcome;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(registry::expire_due_forms(*store_, options_, 0));
    CIIE_ASSIGN_OR_RETURN(const auto blue, store_->find_invoice(request.invoice));
    if (!blue) return unknown_invoice(request.invoice);
    // A refund still waiting for this invoice's reversal (its form expired or was refused)
    // goes on with this one.
    RefundFilter waiting;
    waiting.order = blue->order;
    waiting.state = RefundState::kAwaitingReversal;
    CIIE_ASSIGN_OR_RETURN(const auto refunds, store_->list_refunds(waiting));
    const std::int64_t refund = refunds.empty() ? 0 : refunds.front().id;
    CIIE_ASSIGN_OR_RETURN(outcome,
                          registry::reverse(*store_, options_, *platform, actor, *blue, request,
                                            refund));
    if (outcome.form && refund != 0) {
      for (Refund r : refunds) {
        r.red_form = outcome.form->id;
        r.updated_at = options_.clock->now();
        CIIE_RETURN_IF_ERROR(store_->update_refund(r, RefundState::kAwaitingReversal).status());
      }
    }
    return Status::ok();
  }));
  return outcome;
}

Result<ReversalOutcome> Registry::decide_red_form(const Actor& actor, std::int64_t id,
                                                  RedFormDecision decision,
                                                  const std::string& note) {
  const auto platform = invoice::make_platform(*store_, options_.rules.invoice);
  ReversalOutcome outcome;
  bool expired = false;
  const Status applied = store_->write_transaction([&]() -> Status {
    expired = false;  // the body may run again (Store::write_transaction)
    CIIE_ASSIGN_OR_RETURN(auto form, store_->find_red_form(id));
    const auto unknown = [&] {
      return Status::not_found("redform.unknown", "no confirmation form " + std::to_string(id))
          .in_field("form");
    };
    if (!form) return unknown();
    CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(form->unit));
    const bool own_unit = unit && actor.kind == ActorKind::kUnit && actor.id == unit->account;
    const bool may = decision == RedFormDecision::kWithdraw ? is_finance(actor)
                                                            : (own_unit || is_finance(actor));
    if (!may) {
      if (!unit || !registry::may_read_unit(actor, *unit)) return unknown();
      return registry::forbidden(actor, "decide confirmation form " + std::to_string(id));
    }
    if (form->state == RedFormState::kPending && form->expires_at <= options_.clock->now()) {
      CIIE_RETURN_IF_ERROR(registry::expire_due_forms(*store_, options_, id));
      expired = true;
      return Status::ok();  // commit the expiry, then refuse
    }
    if (form->state != RedFormState::kPending) {
      if (form->state == RedFormState::kExpired) {
        expired = true;
        return Status::ok();
      }
      return Status::conflict("redform.not_pending",
                              "confirmation form " + std::to_string(id) + " is " +
                                  std::string(to_string(form->state)));
    }
    if (decision != RedFormDecision::kConfirm && note.empty()) {
      return Status::invalid_input("redform.note_required",
                                   "refusing or withdrawing a confirmation form needs a note")
          .in_field("note");
    }
    if (decision == RedFormDecision::kConfirm) {
      CIIE_ASSIGN_OR_RETURN(outcome,
                            registry::confirm_form(*store_, options_, *platform, actor, *form));
      return Status::ok();
    }
    form->state =
        decision == RedFormDecision::kRefuse ? RedFormState::kRefused : RedFormState::kWithdrawn;
    form->decided_at = options_.clock->now();
    form->decided_by = actor.to_string();
    form->note = note;
    CIIE_ASSIGN_OR_RETURN(const bool changed, store_->update_red_form(*form));
    if (!changed) {
      return Status::conflict("redform.not_pending",
                              "confirmation form " + std::to_string(id) + " was decided meanwhile");
    }
    CIIE_RETURN_IF_ERROR(audit::record(
        *store_, *options_.clock, actor,
        decision == RedFormDecision::kRefuse ? "redform.refuse" : "redform.withdraw",
        "redform:" + std::to_string(id), {{"invoice", form->invoice}, {"note", note}}));
    outcome.form = *form;
    return Status::ok();
  });
  CIIE_RETURN_IF_ERROR(applied);
  if (expired) {
    return Status::refused("redform.expired",
                           "confirmation form " + std::to_string(id) +
                               " was not confirmed within 72 hours and is void: raise a new one "
                               "(INV-7)");
  }
  return outcome;
}

Result<std::vector<RedForm>> Registry::red_forms(const Actor& actor, const RedFormFilter& filter) {
  RedFormFilter query = filter;
  if (query.unit.empty() && actor.kind == ActorKind::kUnit) query.unit = actor.id;
  if (query.unit.empty() && !is_finance(actor)) {
    return registry::forbidden(actor, "list the confirmation forms of every unit (name a unit)");
  }
  if (!query.unit.empty()) {
    CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, query.unit));
    (void)visible;
  }
  CIIE_ASSIGN_OR_RETURN(const auto due, store_->due_red_forms(options_.clock->now(), 1));
  if (!due.empty()) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction(
        [&]() -> Status { return registry::expire_due_forms(*store_, options_, 0); }));
  }
  return store_->list_red_forms(query);
}

}  // namespace ciie
