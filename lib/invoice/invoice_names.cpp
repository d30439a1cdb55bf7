// Text names of the invoice and refund enums: what the store, JSON output and the CLI use.
#include "ciie/invoice.hpp"
#include "ciie/refund.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::NameTable;
using core::value_of;

constexpr NameTable<InvoiceType, 2> kTypes{{
    {InvoiceType::kNormal, "normal"},
    {InvoiceType::kSpecial, "special"},
}};

constexpr NameTable<TitleKind, 2> kTitleKinds{{
    {TitleKind::kUnit, "unit"},
    {TitleKind::kIndividual, "individual"},
}};

constexpr NameTable<InvoiceKind, 2> kKinds{{
    {InvoiceKind::kBlue, "blue"},
    {InvoiceKind::kRed, "red"},
}};

constexpr NameTable<RedReason, 4> kReasons{{
    {RedReason::kIssuedInError, "error"},
    {RedReason::kReturned, "returned"},
    {RedReason::kServiceStopped, "service_stopped"},
    {RedReason::kDiscount, "discount"},
}};

constexpr NameTable<RedReason, 4> kReasonsChinese{{
    {RedReason::kIssuedInError, "开票有误"},
    {RedReason::kReturned, "销货退回"},
    {RedReason::kServiceStopped, "服务中止"},
    {RedReason::kDiscount, "销售折让"},
}};

constexpr NameTable<BuyerStatus, 2> kBuyerStatuses{{
    {BuyerStatus::kUnconfirmed, "unconfirmed"},
    {BuyerStatus::kBooked, "booked"},
}};

constexpr NameTable<RedFormState, 5> kFormStates{{
    {RedFormState::kPending, "pending"},
    {RedFormState::kConfirmed, "confirmed"},
    {RedFormState::kRefused, "refused"},
    {RedFormState::kWithdrawn, "withdrawn"},
    {RedFormState::kExpired, "expired"},
}};

constexpr NameTable<RefundState, 4> kRefundStates{{
    {RefundState::kAwaitingReversal, "awaiting_reversal"},
    {RefundState::kAwaitingGateway, "awaiting_gateway"},
    {RefundState::kAwaitingTransfer, "awaiting_transfer"},
    {RefundState::kCompleted, "completed"},
}};

}  // namespace

std::string_view to_string(InvoiceType type) { return name_of(kTypes, type); }
std::optional<InvoiceType> parse_invoice_type(std::string_view text) {
  return value_of(kTypes, text);
}

std::string_view to_string(TitleKind kind) { return name_of(kTitleKinds, kind); }
std::optional<TitleKind> parse_title_kind(std::string_view text) {
  return value_of(kTitleKinds, text);
}

std::string_view to_string(InvoiceKind kind) { return name_of(kKinds, kind); }

std::string_view to_string(RedReason reason) { return name_of(kReasons, reason); }
std::string_view chinese_name(RedReason reason) { return name_of(kReasonsChinese, reason); }
std::optional<RedReason> parse_red_reason(std::string_view text) {
  if (auto reason = value_of(kReasons, text)) return reason;
  return value_of(kReasonsChinese, text);
}
bool allows_partial(RedReason reason) { return reason != RedReason::kIssuedInError; }

std::string_view to_string(BuyerStatus status) { return name_of(kBuyerStatuses, status); }

std::string_view to_string(RedFormState state) { return name_of(kFormStates, state); }
std::optional<RedFormState> parse_red_form_state(std::string_view text) {
  return value_of(kFormStates, text);
}

bool is_valid_blue(const Invoice& invoice) {
  return invoice.kind == InvoiceKind::kBlue && invoice.reversed < invoice.gross_total;
}

std::string_view to_string(RefundState state) { return name_of(kRefundStates, state); }
std::optional<RefundState> parse_refund_state(std::string_view text) {
  return value_of(kRefundStates, text);
}

}  // namespace ciie
