// Registry use case for gateway notices (PAY-2, PAY-4): a signed, fresh notice confirms its
// payment once, whatever the number of deliveries; money that does not simply pay its order is
// kept, flagged for finance.
#include <algorithm>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "payment/notice.hpp"
#include "registry/order_flow.hpp"
#include "registry/payment_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// The method a gateway's money came by, for a notice without an intent of ours.
PaymentMethod method_of_gateway(std::string_view gateway) {
  for (auto method : {PaymentMethod::kQrAlipay, PaymentMethod::kQrWechat,
                      PaymentMethod::kQrUnionpay, PaymentMethod::kB2b}) {
    if (gateway_name(method) == gateway) return method;
  }
  return PaymentMethod::kB2b;
}

// The payment a notice settles: its intent's, else the order's latest open attempt through the
// same gateway; nullopt when there is none (the money is recorded as a payment of its own).
Result<std::optional<Payment>> payment_for(store::Store& store, const payment::Notice& notice) {
  if (!notice.intent_id.empty()) {
    CIIE_ASSIGN_OR_RETURN(auto by_intent, store.find_payment_by_intent(notice.intent_id));
    if (by_intent && by_intent->order == notice.order) return by_intent;
  }
  CIIE_ASSIGN_OR_RETURN(const std::vector<Payment> payments, store.list_payments(notice.order));
  for (auto it = payments.rbegin(); it != payments.rend(); ++it) {
    const bool open = it->state == PaymentState::kPending || it->state == PaymentState::kCreating;
    if (open && gateway_name(it->method) == notice.gateway) return std::optional<Payment>(*it);
  }
  return std::optional<Payment>();
}

Actor gateway_actor() { return Actor::finance(); }

}  // namespace

Result<NoticeOutcome> Registry::accept_notice(std::string_view body, std::string_view signature) {
  CIIE_ASSIGN_OR_RETURN(const payment::Notice notice, payment::parse_notice(body));
  const auto& gateways = options_.rules.payment.gateways;
  const auto gateway = std::find_if(gateways.begin(), gateways.end(),
                                    [&](const GatewayRules& g) { return g.name == notice.gateway; });
  if (gateway == gateways.end()) {
    return Status::refused("payment.gateway",
                                 "no gateway '" + notice.gateway + "' is configured")
        .in_field("gateway");
  }
  CIIE_RETURN_IF_ERROR(payment::verify_signature(gateway->secret, body, signature));
  const Instant now = options_.clock->now();
  CIIE_RETURN_IF_ERROR(payment::check_fresh(notice.timestamp, now,
                                            options_.rules.payment.notice_max_age_seconds));
  const bool unguarded = registry::testing::payment_guard_disabled();
  // The negative control reads before its transaction what the guarded path reads inside it.
  std::optional<OrderState> seen_state;
  std::optional<Payment> seen_duplicate;
  if (unguarded) {
    CIIE_ASSIGN_OR_RETURN(const auto order, store_->find_order(notice.order));
    if (order) seen_state = order->state;
    CIIE_ASSIGN_OR_RETURN(seen_duplicate, store_->find_payment_by_transaction(notice.transaction_id));
  }
  const Actor actor = gateway_actor();
  NoticeOutcome outcome;
  bool lost_race = false;
  const Status applied = store_->write_transaction([&]() -> Status {
    lost_race = false;  // the body may run again (Store::write_transaction)
    CIIE_RETURN_IF_ERROR(registry::expire_if_due(*store_, options_, notice.order));
    CIIE_ASSIGN_OR_RETURN(const auto order, store_->find_order(notice.order));
    if (!order) {
      return Status::not_found("order.unknown", "no order '" + notice.order + "'")
          .in_field("order");
    }
    std::optional<Payment> duplicate = seen_duplicate;
    if (!unguarded) {
      CIIE_ASSIGN_OR_RETURN(duplicate, store_->find_payment_by_transaction(notice.transaction_id));
    }
    if (duplicate) {
      outcome.outcome = "duplicate";
      outcome.payment = *duplicate;
      return Status::ok();
    }
    CIIE_ASSIGN_OR_RETURN(auto target, payment_for(*store_, notice));
    std::vector<PaymentState> from{PaymentState::kCreating, PaymentState::kPending};
    Payment payment;
    if (target) {
      payment = *target;
    } else {
      payment.order = notice.order;
      payment.method = method_of_gateway(notice.gateway);
      payment.state = PaymentState::kPending;
      payment.amount = notice.amount;
      CIIE_RETURN_IF_ERROR(registry::insert_arrived_payment(*store_, options_, payment));
    }
    payment.transaction_id = notice.transaction_id;
    payment.amount = notice.amount;
    if (!notice.intent_id.empty()) payment.intent_id = notice.intent_id;
    if (payment.method == PaymentMethod::kB2b) {
      payment.payer_name = notice.payer_name;
      payment.payer_account = notice.payer_account;
    }
    const Instant paid_at = notice.paid_at.value_or(notice.timestamp);
    payment.paid_on = paid_at.shanghai_date();
    if (notice.status == "failed") {
      payment.state = PaymentState::kFailed;
      payment.updated_at = now;
      payment.last_error = "the gateway reported the payment failed";
      Result<bool> written = store_->update_payment(payment, from);
      if (!written.is_ok() && written.status().reason() == "store.constraint") {
        lost_race = true;
        return written.status();
      }
      CIIE_RETURN_IF_ERROR(written.status());
      outcome.outcome = *written ? "failed" : "duplicate";
    } else {
      Result<std::string> settled = registry::settle_payment(*store_, options_, actor, payment,
                                                             from, paid_at, seen_state);
      if (!settled.is_ok() && settled.status().reason() == "store.constraint") {
        // The twin notice recorded this transaction between our check and our write: undo
        // what this one wrote, and answer as for any repeated delivery.
        lost_race = true;
        return settled.status();
      }
      CIIE_ASSIGN_OR_RETURN(outcome.outcome, std::move(settled));
    }
    CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "payment.notice",
                                       "payment:" + std::to_string(payment.id),
                                       {{"gateway", notice.gateway},
                                        {"transaction_id", notice.transaction_id},
                                        {"order", notice.order},
                                        {"amount_fen", notice.amount.fen()},
                                        {"outcome", outcome.outcome}}));
    outcome.payment = payment;
    return Status::ok();
  });
  if (lost_race) {
    // Only a twin that holds the transaction id now makes this a duplicate; any other
    // constraint failure is an error, so that the gateway delivers the notice again.
    CIIE_ASSIGN_OR_RETURN(const auto twin, store_->find_payment_by_transaction(notice.transaction_id));
    if (!twin) return applied;
    outcome.outcome = "duplicate";
    outcome.payment = *twin;
  } else {
    CIIE_RETURN_IF_ERROR(applied);
  }
  CIIE_ASSIGN_OR_RETURN(const auto order, store_->find_order(notice.order));
  if (order) outcome.order = *order;
  if (outcome.payment.id != 0) {
    CIIE_ASSIGN_OR_RETURN(const auto stored, store_->find_payment(outcome.payment.id));
    if (stored) outcome.payment = *stored;
  }
  return outcome;
}

}  // namespace ciie
