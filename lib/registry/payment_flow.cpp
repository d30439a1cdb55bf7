// Settling money that arrived for an order (PAY-2, PAY-3, PAY-5, ORD-4); see payment_flow.hpp.
#include "registry/payment_flow.hpp"

#include <atomic>

#include "audit/audit.hpp"
#include "order/order_rules.hpp"
#include "registry/order_flow.hpp"

namespace ciie::registry {
namespace {

std::atomic<bool> payment_guard_off{false};

nlohmann::json payment_details(const Payment& payment) {
  nlohmann::json details = {{"order", payment.order},
                            {"method", to_string(payment.method)},
                            {"amount_fen", payment.amount.fen()}};
  if (!payment.transaction_id.empty()) details["transaction_id"] = payment.transaction_id;
  if (!payment.payer_name.empty()) details["payer_name"] = payment.payer_name;
  if (!payment.flag.empty()) details["flag"] = payment.flag;
  return details;
}

}  // namespace

namespace testing {
void set_payment_guard_disabled(bool disabled) { payment_guard_off.store(disabled); }
bool payment_guard_disabled() { return payment_guard_off.load(); }
}  // namespace testing

Status insert_arrived_payment(store::Store& store, const Options& options, Payment& payment,
                              const std::string& proof) {
  CIIE_ASSIGN_OR_RETURN(const int last, store.last_payment_attempt(payment.order));
  payment.attempt = last + 1;
  payment.idempotency_key = payment.order + "-" + std::to_string(payment.attempt);
  payment.created_at = options.clock->now();
  payment.updated_at = payment.created_at;
  return store.insert_payment(payment, proof);
}

Result<std::string> settle_payment(store::Store& store, const Options& options,
                                   const Actor& actor, Payment& payment,
                                   const std::vector<PaymentState>& from, Instant paid_at,
                                   std::optional<OrderState> seen_state) {
  const bool unguarded = payment_guard_off.load() && seen_state.has_value();
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(payment.order));
  if (!order) return Status::not_found("order.unknown", "no order '" + payment.order + "'");
  const OrderState judged_state = unguarded ? *seen_state : order->state;
  const order::Verdict verdict = order::judge_payment(options.rules.order, judged_state,
                                                      order->total, payment.amount, paid_at);
  const Instant now = options.clock->now();
  payment.updated_at = now;
  if (verdict == order::Verdict::kConfirm) {
    payment.state = PaymentState::kConfirmed;
    payment.confirmed_at = now;
    payment.flag.clear();
  } else {
    payment.state = PaymentState::kFlagged;
    payment.flag = std::string(order::flag_of(verdict));
  }
  if (unguarded) {
    // The negative control: what was judged from a stale read is written without condition.
    CIIE_RETURN_IF_ERROR(store.update_payment(payment, {PaymentState::kCreating,
                                                        PaymentState::kPending,
                                                        PaymentState::kProofSubmitted,
                                                        PaymentState::kFlagged,
                                                        PaymentState::kConfirmed,
                                                        PaymentState::kRejected,
                                                        PaymentState::kFailed})
                             .status());
    if (verdict == order::Verdict::kConfirm) {
      CIIE_RETURN_IF_ERROR(store.force_order_state(order->number, OrderState::kPaid, now));
      CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor, "order.paid",
                                         "order:" + order->number,
                                         {{"payment", std::to_string(payment.id)}}));
      CIIE_RETURN_IF_ERROR(send_to_review(store, options, actor, *order));
    }
  } else {
    CIIE_ASSIGN_OR_RETURN(const bool written, store.update_payment(payment, from));
    if (!written) return std::string("duplicate");
    if (verdict == order::Verdict::kConfirm) {
      CIIE_ASSIGN_OR_RETURN(const bool paid,
                            mark_paid(store, options, actor, *order, OrderState::kAwaitingPayment,
                                      std::to_string(payment.id)));
      if (!paid) return Status::internal("an open order could not be marked paid");
    }
  }
  const bool confirmed = verdict == order::Verdict::kConfirm;
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     confirmed ? "payment.confirm" : "payment.flag",
                                     "payment:" + std::to_string(payment.id),
                                     payment_details(payment)));
  return std::string(confirmed ? "confirmed" : "flagged");
}

}  // namespace ciie::registry
