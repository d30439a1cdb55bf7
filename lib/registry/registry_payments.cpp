// Registry use cases for paying an order (PAY-1, PAY-3..5): starting a payment (an intent from the
// gateway, or the transfer account), a transfer's proof, the payments of an order, and finance's
// queue and decisions.
#include <algorithm>

#include "ciie/registry.hpp"

#include "account/access_token.hpp"
#include "audit/audit.hpp"
#include "order/order_rules.hpp"
#include "payment/gateway.hpp"
#include "payment/proof_check.hpp"
#include "registry/access.hpp"
#include "registry/order_flow.hpp"
#include "registry/payment_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// A proof may be a scan or a PDF of several pages: four times the photo limit.
std::int64_t proof_limit(const Rules& rules) { return rules.registration.photo_max_bytes * 4; }

Status past_deadline(const OrderRules& rules) {
  return Status::refused("payment.deadline", "the payment deadline " +
                                                 rules.payment_deadline.to_shanghai_string() +
                                                 " has passed");
}

bool is_finance(const Actor& actor) {
  return actor.kind == ActorKind::kFinance || actor.kind == ActorKind::kOrganizer;
}

Status reason_required(std::string_view what) {
  return Status::invalid_input("payment.reason_required", std::string(what) + " needs a reason")
      .in_field("reason");
}

const GatewayRules* find_gateway(const PaymentRules& rules, std::string_view name) {
  const auto it = std::find_if(rules.gateways.begin(), rules.gateways.end(),
                               [&](const GatewayRules& g) { return g.name == name; });
  return it == rules.gateways.end() ? nullptr : &*it;
}

}  // namespace

Result<PaymentStart> Registry::start_payment(const Actor& actor, const std::string& number,
                                             PaymentMethod method) {
  CIIE_ASSIGN_OR_RETURN(const Order order, this->order(actor, number));
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(order.unit));
  if (!unit || !registry::may_edit_unit(actor, *unit)) {
    return registry::forbidden(actor, "pay order " + number);
  }
  if (!is_open(order.state)) {
    return Status::refused("order.not_open",
                           "order " + number + " is " + std::string(to_string(order.state)));
  }
  const PaymentRules& rules = options_.rules.payment;
  if (options_.clock->now() > options_.rules.order.payment_deadline) {
    return past_deadline(options_.rules.order);
  }
  PaymentStart start;
  start.order = order;
  start.transfer_account_name = rules.transfer_account_name;
  start.transfer_bank = rules.transfer_bank;
  start.transfer_account_number = rules.transfer_account_number;
  if (method == PaymentMethod::kTransfer) {
    start.payment.order = number;
    start.payment.method = method;
    start.payment.amount = order.total;
    return start;
  }
  const GatewayRules* gateway = find_gateway(rules, gateway_name(method));
  if (gateway == nullptr || gateway->base_url.empty()) {
    return Status::refused("payment.gateway", "no gateway '" + std::string(gateway_name(method)) +
                                                  "' is configured ([[payment.gateway]])");
  }
  // The attempt first, in its own transaction: an attempt whose answer never came keeps its
  // number, so asking again reuses its idempotency key and the gateway answers the same intent.
  Payment payment;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    payment = Payment{};  // the body may run again (Store::write_transaction)
    CIIE_ASSIGN_OR_RETURN(const std::vector<Payment> earlier, store_->list_payments(number));
    for (const Payment& p : earlier) {
      if (p.method == method && p.state == PaymentState::kCreating) payment = p;
    }
    if (payment.id != 0) return Status::ok();
    payment.order = number;
    payment.method = method;
    payment.state = PaymentState::kCreating;
    payment.amount = order.total;
    CIIE_RETURN_IF_ERROR(registry::insert_arrived_payment(*store_, options_, payment));
    return audit::record(*store_, *options_.clock, actor, "payment.start",
                         "payment:" + std::to_string(payment.id),
                         {{"order", number},
                          {"method", to_string(method)},
                          {"attempt", payment.attempt},
                          {"amount_fen", order.total.fen()}});
  }));
  payment::IntentRequest request;
  request.order = number;
  request.idempotency_key = payment.idempotency_key;
  request.method = method;
  request.amount = order.total;
  request.description = options_.rules.edition.name_zh + "证件费 " + number;
  const auto gateway_client = payment::make_http_gateway(*gateway, rules);
  Result<payment::Intent> intent = gateway_client->create_intent(request);
  const std::vector<PaymentState> from{PaymentState::kCreating};
  Payment updated = payment;
  updated.updated_at = options_.clock->now();
  if (!intent.is_ok()) {
    const bool refused = intent.status().code() == Code::kRefused;
    updated.state = refused ? PaymentState::kFailed : PaymentState::kCreating;
    updated.last_error = intent.status().message();
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      CIIE_RETURN_IF_ERROR(store_->update_payment(updated, from).status());
      return audit::record(*store_, *options_.clock, actor,
                           refused ? "payment.refused" : "payment.unavailable",
                           "payment:" + std::to_string(payment.id),
                           {{"order", number}, {"error", updated.last_error}});
    }));
    return intent.status();
  }
  updated.state = PaymentState::kPending;
  updated.intent_id = intent->intent_id;
  updated.qr_content = intent->qr_content;
  updated.pay_url = intent->pay_url;
  updated.last_error.clear();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const bool written, store_->update_payment(updated, from));
    if (!written) {
      return Status::conflict("payment.not_pending",
                              "payment " + std::to_string(payment.id) + " changed meanwhile");
    }
    return audit::record(*store_, *options_.clock, actor, "payment.intent",
                         "payment:" + std::to_string(payment.id),
                         {{"order", number}, {"intent_id", updated.intent_id}});
  }));
  start.payment = updated;
  return start;
}

Result<Payment> Registry::submit_transfer_proof(const Actor& actor, const std::string& number,
                                                const TransferProof& proof) {
  CIIE_ASSIGN_OR_RETURN(const Order order, this->order(actor, number));
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(order.unit));
  if (!unit || !registry::may_edit_unit(actor, *unit)) {
    return registry::forbidden(actor, "record a transfer for order " + number);
  }
  if (!is_open(order.state)) {
    return Status::refused("order.not_open",
                           "order " + number + " is " + std::string(to_string(order.state)));
  }
  if (options_.clock->now() > options_.rules.order.payment_deadline) {
    return past_deadline(options_.rules.order);
  }
  if (proof.payer_name.empty()) {
    return Status::invalid_input("payment.payer", "the payer's name is required")
        .in_field("payer_name");
  }
  if (proof.payer_account.empty()) {
    return Status::invalid_input("payment.payer", "the payer's account is required")
        .in_field("payer_account");
  }
  if (proof.amount.fen() <= 0) {
    return Status::invalid_input("payment.amount", "the amount must be positive")
        .in_field("amount");
  }
  CIIE_ASSIGN_OR_RETURN(const std::string format,
                        payment::check_proof(proof.file, proof_limit(options_.rules)));
  Payment payment;
  payment.order = number;
  payment.method = PaymentMethod::kTransfer;
  payment.state = PaymentState::kProofSubmitted;
  payment.amount = proof.amount;
  payment.payer_name = proof.payer_name;
  payment.payer_account = proof.payer_account;
  payment.paid_on = proof.paid_on;
  payment.proof_format = format;
  payment.proof_sha256 = account::sha256_hex(proof.file);
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(registry::insert_arrived_payment(*store_, options_, payment, proof.file));
    return audit::record(*store_, *options_.clock, actor, "payment.proof",
                         "payment:" + std::to_string(payment.id),
                         {{"order", number},
                          {"amount_fen", proof.amount.fen()},
                          {"payer_name", proof.payer_name},
                          {"paid_on", proof.paid_on.to_string()},
                          {"proof_sha256", payment.proof_sha256}});
  }));
  payment.has_proof = true;
  return payment;
}

Result<std::vector<Payment>> Registry::payments(const Actor& actor, const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(const Order order, this->order(actor, number));
  (void)order;  // order() has checked that the actor may read it
  return store_->list_payments(number);
}

Result<std::string> Registry::payment_proof(const Actor& actor, std::int64_t payment_id) {
  if (!is_finance(actor)) return registry::forbidden(actor, "read transfer proofs");
  CIIE_ASSIGN_OR_RETURN(const auto payment, store_->find_payment(payment_id));
  if (!payment) {
    return Status::not_found("payment.unknown", "no payment " + std::to_string(payment_id));
  }
  return store_->payment_proof(payment_id);
}

Result<FinanceQueue> Registry::finance_queue(const Actor& actor) {
  if (!is_finance(actor)) return registry::forbidden(actor, "see the finance queue");
  FinanceQueue queue;
  CIIE_ASSIGN_OR_RETURN(queue.payments,
                        store_->list_payments_in({PaymentState::kProofSubmitted,
                                                  PaymentState::kFlagged},
                                                 10'000));
  CIIE_ASSIGN_OR_RETURN(queue.lines,
                        store_->list_statement_lines(StatementLineState::kQueued, 10'000));
  return queue;
}

Result<Payment> Registry::decide_payment(const Actor& actor, const PaymentDecision& decision) {
  if (actor.kind != ActorKind::kFinance) return registry::forbidden(actor, "decide payments");
  if ((!decision.confirm || decision.force) && decision.reason.empty()) {
    return reason_required(decision.confirm ? "forcing a payment" : "rejecting a payment");
  }
  Payment result;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(auto payment, store_->find_payment(decision.payment_id));
    if (!payment) {
      return Status::not_found("payment.unknown",
                               "no payment " + std::to_string(decision.payment_id));
    }
    const std::vector<PaymentState> from{PaymentState::kProofSubmitted, PaymentState::kFlagged};
    if (std::find(from.begin(), from.end(), payment->state) == from.end()) {
      return Status::conflict("payment.not_pending",
                              "payment " + std::to_string(payment->id) + " is " +
                                  std::string(to_string(payment->state)) +
                                  ": only proofs and flagged payments wait for a decision");
    }
    CIIE_RETURN_IF_ERROR(registry::expire_if_due(*store_, options_, payment->order));
    CIIE_ASSIGN_OR_RETURN(const auto order, store_->find_order(payment->order));
    if (!order) return Status::internal("a payment's order vanished");
    const Instant now = options_.clock->now();
    payment->decided_by = actor.to_string();
    payment->reason = decision.reason;
    payment->updated_at = now;
    if (!decision.confirm) {
      payment->state = PaymentState::kRejected;
      CIIE_ASSIGN_OR_RETURN(const bool written, store_->update_payment(*payment, from));
      if (!written) return Status::conflict("payment.not_pending", "decided meanwhile");
      result = *payment;
      return audit::record(*store_, *options_.clock, actor, "payment.reject",
                           "payment:" + std::to_string(payment->id),
                           {{"order", payment->order}, {"reason", decision.reason}});
    }
    const Instant paid_at =
        payment->paid_on ? Instant::start_of_shanghai_day(*payment->paid_on) : payment->created_at;
    const order::Verdict verdict = order::judge_payment(options_.rules.order, order->state,
                                                        order->total, payment->amount, paid_at);
    if (verdict == order::Verdict::kAlreadyPaid ||
        (verdict != order::Verdict::kConfirm && !decision.force)) {
      const std::string key(order::flag_of(verdict));
      return Status::refused(key, "payment " + std::to_string(payment->id) + " cannot pay order " +
                                      order->number + " as it is (" + key + ")" +
                                      (verdict == order::Verdict::kAlreadyPaid
                                           ? ": reject it and return the money"
                                           : "; confirm with force and a reason to accept it"));
    }
    payment->state = PaymentState::kConfirmed;
    payment->confirmed_at = now;
    payment->forced = verdict != order::Verdict::kConfirm;
    CIIE_ASSIGN_OR_RETURN(const bool written, store_->update_payment(*payment, from));
    if (!written) return Status::conflict("payment.not_pending", "decided meanwhile");
    CIIE_ASSIGN_OR_RETURN(const bool paid,
                          registry::mark_paid(*store_, options_, actor, *order, order->state,
                                              std::to_string(payment->id)));
    if (!paid) return Status::conflict("order.not_open", "order changed meanwhile");
    result = *payment;
    return audit::record(*store_, *options_.clock, actor,
                         payment->forced ? "payment.force" : "payment.confirm",
                         "payment:" + std::to_string(payment->id),
                         {{"order", payment->order},
                          {"amount_fen", payment->amount.fen()},
                          {"flag", payment->flag},
                          {"reason", decision.reason}});
  }));
  return result;
}

}  // namespace ciie
