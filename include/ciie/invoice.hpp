// Electronic invoices (domain §10, INV-1..8): a unit asks for an invoice for a paid order; the
// issued document (数电发票) is an immutable snapshot of seller, buyer and lines with a gapless
// 20-digit number; corrections are red invoices that reference the blue one, raised at once or
// through a red-letter confirmation form (红字确认单) the buyer confirms within 72 hours.
// docs/invoice.md has the rules, the number, the tax split and the document in full.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/money.hpp"
#include "ciie/time.hpp"

namespace ciie {

// INV-1. Spelled "normal" (电子发票(普通发票)) and "special" (电子发票(增值税专用发票)).
enum class InvoiceType { kNormal, kSpecial };
std::string_view to_string(InvoiceType type);
std::optional<InvoiceType> parse_invoice_type(std::string_view text);

// INV-2. Spelled "unit" and "individual" (a natural person: normal invoices only).
enum class TitleKind { kUnit, kIndividual };
std::string_view to_string(TitleKind kind);
std::optional<TitleKind> parse_title_kind(std::string_view text);

// A blue invoice charges; a red invoice (红字发票) reverses all or part of a blue one.
enum class InvoiceKind { kBlue, kRed };
std::string_view to_string(InvoiceKind kind);

// Why an invoice is reversed (INV-7), spelled "error" 开票有误 (full reversal only),
// "returned" 销货退回, "service_stopped" 服务中止 and "discount" 销售折让 (these three may be
// partial).
enum class RedReason { kIssuedInError, kReturned, kServiceStopped, kDiscount };
std::string_view to_string(RedReason reason);
std::string_view chinese_name(RedReason reason);
std::optional<RedReason> parse_red_reason(std::string_view text);
// True for the reasons that allow a partial reversal.
bool allows_partial(RedReason reason);

// The buyer's details a unit gives for an order's invoice (INV-2). The request stands until the
// order's invoice is issued; asking again replaces it.
struct InvoiceRequest {
  std::string order;  // the order number
  InvoiceType type = InvoiceType::kNormal;
  TitleKind title_kind = TitleKind::kUnit;
  // The buyer's name (发票抬头) and taxpayer id (税号, a unit's USCC). After a b2b or transfer
  // payment both are the paying unit's (INV-3): empty takes them, anything else must agree.
  std::string title;
  std::string taxpayer_id;
  std::string address;  // special invoices: address, phone, bank and account are required
  std::string phone;
  std::string bank;
  std::string account;
  std::string delivery_phone;  // where the electronic invoice goes: at least one of the two
  std::string delivery_email;
  std::string remark;  // 备注, printed on the invoice
};

// A stored request, with what locking made of it.
struct StoredInvoiceRequest {
  InvoiceRequest request;  // title and taxpayer id as they will be printed
  std::string unit;
  // The title is the paying unit's (INV-3): set when the order was paid by b2b or transfer.
  bool title_locked = false;
  Instant requested_at;
  std::string requested_by;
};

// One side of an invoice, copied into it at issue time (INV-5).
struct InvoiceParty {
  std::string name;
  std::string taxpayer_id;
  std::string address;
  std::string phone;
  std::string bank;
  std::string account;

  friend bool operator==(const InvoiceParty&, const InvoiceParty&) = default;
};

// A line (项目): the badges of one type. `gross` is tax-inclusive; `amount` (金额) and `tax`
// (税额) split it by the rule of docs/invoice.md, so amount + tax == gross exactly. Red
// invoices carry negative quantities and amounts.
struct InvoiceItem {
  std::string name;        // 项目名称, from the rules
  std::string badge_type;  // the badge type code
  std::string unit_of_measure;  // 单位, "张"
  std::int64_t quantity = 0;
  Money unit_price;  // tax-inclusive price of one badge
  Money gross;       // 价税合计 of the line
  Money amount;      // 金额 (tax-exclusive)
  int tax_rate_bp = 0;  // 税率/征收率 in basis points
  Money tax;            // 税额
  std::vector<std::int64_t> persons;  // the persons whose badges the line covers

  friend bool operator==(const InvoiceItem&, const InvoiceItem&) = default;
};

// Whether the buyer has confirmed the purpose of (用途确认) or booked (入账确认) an invoice:
// after that a reversal needs the buyer's confirmation (INV-7). Recorded by finance or from
// the invoice platform's answer; not part of the document.
enum class BuyerStatus { kUnconfirmed, kBooked };
std::string_view to_string(BuyerStatus status);

// An issued invoice. Every field but the last group is the document: fixed when issued.
struct Invoice {
  std::int64_t id = 0;
  std::string number;  // 20 digits: yy, region, channel, 15-digit sequence (INV-5)
  InvoiceKind kind = InvoiceKind::kBlue;
  InvoiceType type = InvoiceType::kNormal;
  TitleKind title_kind = TitleKind::kUnit;
  std::string order;
  std::string unit;
  int edition = 0;
  Instant issued_at;
  Date issued_on;  // 开票日期, Asia/Shanghai
  InvoiceParty seller;
  InvoiceParty buyer;
  std::vector<InvoiceItem> items;
  Money amount_total;  // 合计金额
  Money tax_total;     // 合计税额
  Money gross_total;   // 价税合计 (小写); negative for a red invoice
  std::string gross_in_words;  // 价税合计 (大写), e.g. "贰佰圆整", "负贰佰圆整"
  std::string refers_to;       // a red invoice: the blue invoice's number
  std::string red_reason;      // a red invoice: the RedReason spelling
  std::int64_t red_form = 0;   // a red invoice raised through a confirmation form
  std::string delivery_phone;
  std::string delivery_email;
  std::string remark;
  std::string issued_by;  // the actor
  std::string platform;   // the invoice platform that numbered it: "local"

  // Status, not the document: changes after issue.
  BuyerStatus buyer_status = BuyerStatus::kUnconfirmed;
  Money reversed;  // a blue invoice: the part red invoices reversed (positive)
  std::vector<std::string> red_invoices;  // a blue invoice: the red invoices that reference it
};

// True while a blue invoice is not reversed in full (INV-5: at most one per order).
bool is_valid_blue(const Invoice& invoice);

// 人民币大写 of an amount, as printed in 价税合计 (docs/invoice.md): "贰佰圆整",
// "壹万零伍拾圆零柒分", "负壹佰圆整" for a red invoice.
std::string amount_in_words(Money amount);
// The invoice as a JSON object (the document, then its status): what `ciie invoice show --json`
// prints. Stable field names, amounts as "200.00" strings and integer *_fen fields.
std::string invoice_json(const Invoice& invoice);
// A printable, self-contained HTML page in the layout of a 数电发票 (发票号码, 开票日期,
// 购买方/销售方信息, 项目名称 … 价税合计 大写 and 小写); every text is escaped.
std::string invoice_html(const Invoice& invoice);

// Where a red-letter confirmation form stands (INV-7):
//   pending    raised by the seller; the buyer has 72 hours to confirm it
//   confirmed  confirmed: its red invoice was issued
//   refused    the buyer refused it
//   withdrawn  the seller withdrew it
//   expired    not confirmed within 72 hours (`redform.expired`)
enum class RedFormState { kPending, kConfirmed, kRefused, kWithdrawn, kExpired };
std::string_view to_string(RedFormState state);
std::optional<RedFormState> parse_red_form_state(std::string_view text);

struct RedForm {
  std::int64_t id = 0;
  std::string invoice;  // the blue invoice's number
  std::string order;
  std::string unit;
  RedReason reason = RedReason::kReturned;
  bool partial = false;
  Money amount;  // the gross it reverses (positive)
  std::vector<std::int64_t> persons;  // partial: the persons whose badges it reverses
  RedFormState state = RedFormState::kPending;
  Instant raised_at;
  Instant expires_at;  // raised_at + 72 h
  std::optional<Instant> decided_at;
  std::string raised_by;
  std::string decided_by;
  std::string note;          // why it was raised, refused or withdrawn
  std::string red_invoice;   // confirmed: the red invoice's number
  std::int64_t refund = 0;   // the refund waiting for it, 0 when none
};

// What reversing an invoice asks for.
struct ReversalRequest {
  std::string invoice;  // the blue invoice's number
  RedReason reason = RedReason::kIssuedInError;
  // Partial reversal: the persons whose badges are reversed; empty reverses the whole invoice.
  // Only after the buyer booked the invoice, and never for kIssuedInError.
  std::vector<std::int64_t> persons;
  std::string note;
};

// What a reversal did: a red invoice at once (the buyer had not booked the blue one), or a
// confirmation form waiting for the buyer.
struct ReversalOutcome {
  std::optional<Invoice> red_invoice;
  std::optional<RedForm> form;
  // After a refund's full reversal, the new blue invoice for what remains paid (INV-8).
  std::optional<Invoice> reissued;
};

// A decision on a pending confirmation form. confirm and refuse are the buyer's answer (given
// by the unit, or by finance from the platform); withdraw is the seller's (finance).
enum class RedFormDecision { kConfirm, kRefuse, kWithdraw };

// Which invoices to list; empty fields match everything.
struct InvoiceFilter {
  std::string unit;
  std::string order;
  std::optional<InvoiceKind> kind;
  std::optional<Date> issued_from;  // inclusive, Asia/Shanghai
  std::optional<Date> issued_to;    // inclusive
  int limit = 1000;
  int offset = 0;
};

struct RedFormFilter {
  std::string unit;
  std::string invoice;
  std::optional<RedFormState> state;
  int limit = 1000;
  int offset = 0;
};

}  // namespace ciie
