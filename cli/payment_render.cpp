// Text and JSON of payments, notices, finance's queue and statement lines.
#include "payment_render.hpp"

#include "order_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

nlohmann::json optional_instant(const std::optional<Instant>& at) {
  return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
}

void add_line(std::string& text, const std::string& label, const std::string& value) {
  if (value.empty()) return;
  // An empty label continues the line above.
  text += "  " + pad_to(label.empty() ? label : label + ":", 15) + value + "\n";
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

std::string indent(const std::string& block) {
  std::string text;
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find('\n', start);
    if (end == std::string::npos) end = block.size() - 1;
    text += "  " + block.substr(start, end - start + 1);
    start = end + 1;
  }
  return text;
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string payment_head(const Payment& payment) {
  return "payment " + std::to_string(payment.id) + " (order " + payment.order + ", " +
         yuan(payment.amount) + " yuan)";
}

}  // namespace

std::string method_label(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kQrWechat:
      return "WeChat Pay (微信支付)";
    case PaymentMethod::kQrAlipay:
      return "Alipay (支付宝)";
    case PaymentMethod::kQrUnionpay:
      return "UnionPay (云闪付)";
    case PaymentMethod::kB2b:
      return "corporate online banking (B2B 网银)";
    case PaymentMethod::kTransfer:
      return "bank transfer (对公转账)";
  }
  return std::string(to_string(method));
}

nlohmann::json payment_json(const Payment& payment) {
  return {{"id", payment.id},
          {"order", payment.order},
          {"method", std::string(to_string(payment.method))},
          {"attempt", payment.attempt},
          {"idempotency_key", payment.idempotency_key},
          {"state", std::string(to_string(payment.state))},
          {"amount", yuan(payment.amount)},
          {"amount_fen", payment.amount.fen()},
          {"intent_id", payment.intent_id},
          {"qr_content", payment.qr_content},
          {"pay_url", payment.pay_url},
          {"transaction_id", payment.transaction_id},
          {"payer_name", payment.payer_name},
          {"payer_account", payment.payer_account},
          {"paid_on", payment.paid_on ? nlohmann::json(payment.paid_on->to_string())
                                      : nlohmann::json(nullptr)},
          {"flag", payment.flag},
          {"has_proof", payment.has_proof},
          {"proof_format", payment.proof_format},
          {"proof_sha256", payment.proof_sha256},
          {"last_error", payment.last_error},
          {"decided_by", payment.decided_by},
          {"reason", payment.reason},
          {"forced", payment.forced},
          {"created_at", payment.created_at.to_shanghai_string()},
          {"updated_at", payment.updated_at.to_shanghai_string()},
          {"confirmed_at", optional_instant(payment.confirmed_at)}};
}

nlohmann::json statement_line_json(const StatementLine& line) {
  return {{"id", line.id},
          {"checksum", line.checksum},
          {"booked_on", line.booked_on.to_string()},
          {"amount", yuan(line.amount)},
          {"amount_fen", line.amount.fen()},
          {"payer_name", line.payer_name},
          {"payer_account", line.payer_account},
          {"remark", line.remark},
          {"reference", line.reference},
          {"state", std::string(to_string(line.state))},
          {"order", line.order},
          {"why", line.why},
          {"payment_id", line.payment_id},
          {"file", line.file},
          {"line", line.line},
          {"imported_at", line.imported_at.to_shanghai_string()},
          {"decided_by", line.decided_by},
          {"reason", line.reason}};
}

nlohmann::json payment_start_json(const PaymentStart& start) {
  // A transfer records nothing until its proof (`pay proof`): its payment is then not stored
  // (id 0) and is shown as null.
  nlohmann::json json = {
      {"ok", true},
      {"payment", start.payment.id == 0 ? nlohmann::json(nullptr) : payment_json(start.payment)},
      {"order", order_json(start.order)}};
  if (start.payment.method == PaymentMethod::kTransfer) {
    json["transfer"] = {{"account_name", start.transfer_account_name},
                        {"bank", start.transfer_bank},
                        {"account_number", start.transfer_account_number},
                        {"remark", start.order.number}};
  }
  return json;
}

std::string payment_start_text(const PaymentStart& start) {
  const Payment& payment = start.payment;
  const Order& order = start.order;
  std::string text = "order " + order.number + ": pay " + yuan(order.total) + " yuan by " +
                     method_label(payment.method) + "\n";
  if (payment.method != PaymentMethod::kTransfer) {
    add_line(text, "payment",
             std::to_string(payment.id) + " (attempt " + std::to_string(payment.attempt) + ", " +
                 std::string(to_string(payment.state)) + ")");
  }
  add_line(text, "pay before", order.expires_at.to_shanghai_string() + " (the order expires then)");
  switch (payment.method) {
    case PaymentMethod::kQrWechat:
    case PaymentMethod::kQrAlipay:
    case PaymentMethod::kQrUnionpay:
      add_line(text, "QR content", payment.qr_content);
      break;
    case PaymentMethod::kB2b:
      add_line(text, "pay URL", payment.pay_url);
      add_line(text, "", "open it to pay from the unit's bank account; the gateway confirms it");
      break;
    case PaymentMethod::kTransfer:
      add_line(text, "account name", or_dash(start.transfer_account_name));
      add_line(text, "bank", or_dash(start.transfer_bank));
      add_line(text, "account", or_dash(start.transfer_account_number));
      add_line(text, "remark",
               order.number +
                   "  (write the order number as the remark: it "
                   "is how the payment is found)");
      text += "then record the transfer with its proof: ciie pay proof " + order.number +
              " --payer-name NAME --payer-account ACCOUNT --amount " + yuan(order.total) +
              " --date YYYY-MM-DD --file PROOF\n";
      break;
  }
  return text;
}

nlohmann::json notice_json(const NoticeOutcome& outcome) {
  return {{"ok", true},
          {"outcome", outcome.outcome},
          {"payment", payment_json(outcome.payment)},
          {"order", order_json(outcome.order)}};
}

std::string notice_text(const NoticeOutcome& outcome) {
  const Payment& payment = outcome.payment;
  std::string text = outcome.outcome + ": " + payment_head(payment) + "\n";
  add_line(text, "transaction", payment.transaction_id);
  add_line(text, "order", outcome.order.number + " " + std::string(to_string(outcome.order.state)));
  if (outcome.outcome == "duplicate") {
    add_line(text, "", "this transaction was recorded before: nothing changed");
  } else if (outcome.outcome == "flagged") {
    add_line(text, "flag", payment.flag);
    add_line(text, "", "kept for finance: ciie --as finance pay review");
  } else if (outcome.outcome == "failed") {
    add_line(text, "", "the gateway reports a failed payment; the order can be paid again");
  }
  return text;
}

std::string payment_table(const std::vector<Payment>& payments) {
  std::vector<std::vector<std::string>> rows{{"ID", "METHOD", "ATTEMPT", "STATE", "AMOUNT",
                                              "TRANSACTION", "PAYER", "PAID ON", "FLAG",
                                              "UPDATED"}};
  for (const Payment& payment : payments) {
    rows.push_back({std::to_string(payment.id), std::string(to_string(payment.method)),
                    std::to_string(payment.attempt), std::string(to_string(payment.state)),
                    yuan(payment.amount), or_dash(payment.transaction_id),
                    or_dash(payment.payer_name),
                    payment.paid_on ? payment.paid_on->to_string() : "-", or_dash(payment.flag),
                    payment.updated_at.to_shanghai_string()});
  }
  return aligned_table(rows);
}

nlohmann::json finance_queue_json(const FinanceQueue& queue) {
  nlohmann::json payments = nlohmann::json::array();
  for (const Payment& payment : queue.payments) payments.push_back(payment_json(payment));
  nlohmann::json lines = nlohmann::json::array();
  for (const StatementLine& line : queue.lines) lines.push_back(statement_line_json(line));
  return {{"ok", true}, {"payments", payments}, {"lines", lines}};
}

std::string finance_queue_text(const FinanceQueue& queue) {
  std::string text = "finance queue: " + plural(queue.payments.size(), "payment") + ", " +
                     plural(queue.lines.size(), "statement line") + "\n";
  if (!queue.payments.empty()) {
    std::vector<std::vector<std::string>> rows{{"ID", "ORDER", "METHOD", "STATE", "AMOUNT", "FLAG",
                                                "PAYER", "ACCOUNT", "PAID ON", "PROOF"}};
    for (const Payment& payment : queue.payments) {
      rows.push_back({std::to_string(payment.id), payment.order,
                      std::string(to_string(payment.method)), std::string(to_string(payment.state)),
                      yuan(payment.amount), or_dash(payment.flag), or_dash(payment.payer_name),
                      or_dash(payment.payer_account),
                      payment.paid_on ? payment.paid_on->to_string() : "-",
                      payment.has_proof ? payment.proof_format : "-"});
    }
    text += "payments:\n" + indent(aligned_table(rows));
  }
  if (!queue.lines.empty()) {
    std::vector<std::vector<std::string>> rows{
        {"LINE", "BOOKED", "AMOUNT", "PAYER", "ACCOUNT", "REMARK", "WHY", "FROM"}};
    for (const StatementLine& line : queue.lines) {
      rows.push_back({std::to_string(line.id), line.booked_on.to_string(), yuan(line.amount),
                      or_dash(line.payer_name), or_dash(line.payer_account), or_dash(line.remark),
                      or_dash(line.why), line.file + ":" + std::to_string(line.line)});
    }
    text += "statement lines:\n" + indent(aligned_table(rows));
  }
  return text;
}

std::string payment_decision_text(const Payment& payment) {
  std::string text = std::string(to_string(payment.state)) + " " + payment_head(payment) + "\n";
  add_line(text, "by", payment.decided_by);
  add_line(text, "reason", payment.reason);
  if (payment.forced)
    add_line(text, "forced", "yes (past the deadline or a closed order; audited)");
  return text;
}

std::string statement_decision_text(const StatementLine& line) {
  std::string text = std::string(to_string(line.state)) + " statement line " +
                     std::to_string(line.id) + " (" + yuan(line.amount) + " yuan, " +
                     line.booked_on.to_string() + ")\n";
  add_line(text, "order", line.order);
  if (line.payment_id != 0) add_line(text, "payment", std::to_string(line.payment_id));
  add_line(text, "by", line.decided_by);
  add_line(text, "reason", line.reason);
  return text;
}

}  // namespace ciie::cli
