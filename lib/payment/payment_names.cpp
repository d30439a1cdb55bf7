// Text names of the order and payment enums: what the store, JSON output and the CLI use.
#include "ciie/order.hpp"
#include "ciie/payment.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::NameTable;
using core::value_of;

constexpr NameTable<OrderState, 6> kOrderStates{{
    {OrderState::kAwaitingPayment, "awaiting_payment"},
    {OrderState::kPaid, "paid"},
    {OrderState::kSettled, "settled"},
    {OrderState::kCancelled, "cancelled"},
    {OrderState::kExpired, "expired"},
    {OrderState::kRefunded, "refunded"},
}};

constexpr NameTable<PaymentMethod, 5> kMethods{{
    {PaymentMethod::kQrAlipay, "qr:alipay"},
    {PaymentMethod::kQrWechat, "qr:wechat"},
    {PaymentMethod::kQrUnionpay, "qr:unionpay"},
    {PaymentMethod::kB2b, "b2b"},
    {PaymentMethod::kTransfer, "transfer"},
}};

constexpr NameTable<PaymentMethod, 5> kGateways{{
    {PaymentMethod::kQrAlipay, "alipay"},
    {PaymentMethod::kQrWechat, "wechat"},
    {PaymentMethod::kQrUnionpay, "unionpay"},
    {PaymentMethod::kB2b, "b2b"},
    {PaymentMethod::kTransfer, ""},
}};

constexpr NameTable<PaymentState, 7> kPaymentStates{{
    {PaymentState::kCreating, "creating"},
    {PaymentState::kPending, "pending"},
    {PaymentState::kProofSubmitted, "proof_submitted"},
    {PaymentState::kFlagged, "flagged"},
    {PaymentState::kConfirmed, "confirmed"},
    {PaymentState::kRejected, "rejected"},
    {PaymentState::kFailed, "failed"},
}};

constexpr NameTable<StatementLineState, 5> kLineStates{{
    {StatementLineState::kMatched, "matched"},
    {StatementLineState::kQueued, "queued"},
    {StatementLineState::kFlagged, "flagged"},
    {StatementLineState::kAssigned, "assigned"},
    {StatementLineState::kDiscarded, "discarded"},
}};

}  // namespace

std::string_view to_string(OrderState state) { return name_of(kOrderStates, state); }
std::optional<OrderState> parse_order_state(std::string_view text) {
  return value_of(kOrderStates, text);
}
bool is_open(OrderState state) { return state == OrderState::kAwaitingPayment; }

std::string_view to_string(PaymentMethod method) { return name_of(kMethods, method); }
std::optional<PaymentMethod> parse_payment_method(std::string_view text) {
  return value_of(kMethods, text);
}
std::string_view gateway_name(PaymentMethod method) { return name_of(kGateways, method); }

std::string_view to_string(PaymentState state) { return name_of(kPaymentStates, state); }
std::optional<PaymentState> parse_payment_state(std::string_view text) {
  return value_of(kPaymentStates, text);
}

std::string_view to_string(StatementLineState state) { return name_of(kLineStates, state); }

}  // namespace ciie
