// Text and JSON of refunds.
#include "refund_render.hpp"

#include "invoice_render.hpp"
#include "order_render.hpp"
#include "payment_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

void add_line(std::string& text, const std::string& label, const std::string& value) {
  if (value.empty()) return;
  text += "  " + pad_to(label + ":", 15) + value + "\n";
}

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

std::string persons_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " person" : " persons");
}

bool reversal_empty(const ReversalOutcome& reversal) {
  return !reversal.red_invoice && !reversal.form && !reversal.reissued;
}

// The command that moves a refund on, for people; empty once completed.
std::string next_step(const Refund& refund) {
  const std::string id = std::to_string(refund.id);
  switch (refund.state) {
    case RefundState::kAwaitingReversal:
      return "waits for the buyer to confirm red-letter form " + std::to_string(refund.red_form) +
             ": ciie invoice confirm-redform " + std::to_string(refund.red_form);
    case RefundState::kAwaitingGateway:
      return "the gateway's refund call is due: ciie --as finance refund send " + id;
    case RefundState::kAwaitingTransfer:
      return "finance transfers " + yuan(refund.amount) +
             " yuan back and records it: ciie --as finance refund confirm-transfer " + id +
             " --reference TEXT";
    case RefundState::kCompleted:
      return {};
  }
  return {};
}

}  // namespace

nlohmann::json refund_json(const Refund& refund) {
  nlohmann::json lines = nlohmann::json::array();
  for (const RefundLine& line : refund.lines) {
    lines.push_back({{"person_id", line.person_id},
                     {"person_name", line.person_name},
                     {"badge_type", line.badge_type},
                     {"fee", yuan(line.fee)},
                     {"fee_fen", line.fee.fen()}});
  }
  return {{"id", refund.id},
          {"order", refund.order},
          {"unit", refund.unit},
          {"lines", lines},
          {"amount", yuan(refund.amount)},
          {"amount_fen", refund.amount.fen()},
          {"reason", refund.reason},
          {"automatic", refund.automatic},
          {"state", std::string(to_string(refund.state))},
          {"method", std::string(to_string(refund.method))},
          {"payment_id", refund.payment_id},
          {"idempotency_key", refund.idempotency_key},
          {"gateway_refund_id", refund.gateway_refund_id},
          {"payee_name", refund.payee_name},
          {"payee_account", refund.payee_account},
          {"transfer_reference", refund.transfer_reference},
          {"invoice", refund.invoice},
          {"red_form", refund.red_form},
          {"red_invoice", refund.red_invoice},
          {"reissued_invoice", refund.reissued_invoice},
          {"last_error", refund.last_error},
          {"created_by", refund.created_by},
          {"completed_by", refund.completed_by},
          {"created_at", refund.created_at.to_shanghai_string()},
          {"updated_at", refund.updated_at.to_shanghai_string()},
          {"completed_at", refund.completed_at
                               ? nlohmann::json(refund.completed_at->to_shanghai_string())
                               : nlohmann::json(nullptr)}};
}

std::string refund_text(const Refund& refund) {
  std::string text =
      "refund " + std::to_string(refund.id) + "  " + std::string(to_string(refund.state)) + "\n";
  add_line(text, "order", refund.order);
  add_line(text, "unit", refund.unit);
  add_line(text, "amount",
           yuan(refund.amount) + " yuan (" + persons_text(refund.lines.size()) + ")");
  add_line(text, "method",
           method_label(refund.method) + ", payment " + std::to_string(refund.payment_id));
  add_line(text, "reason",
           refund.reason + (refund.automatic ? " (automatic: person review, REV-3)" : ""));
  add_line(text, "invoice", refund.invoice.empty() ? std::string() : refund.invoice + " reversed");
  if (refund.red_form != 0) add_line(text, "red form", std::to_string(refund.red_form));
  add_line(text, "red invoice", refund.red_invoice);
  add_line(text, "reissued", refund.reissued_invoice);
  if (refund.method == PaymentMethod::kTransfer) {
    std::string payee = refund.payee_name;
    if (!refund.payee_account.empty()) {
      payee += (payee.empty() ? "" : ", account ") + refund.payee_account;
    }
    add_line(text, "payee", payee);
    add_line(text, "transfer", refund.transfer_reference);
  } else {
    add_line(text, "key", refund.idempotency_key);
    add_line(text, "gateway id", refund.gateway_refund_id);
  }
  add_line(text, "last error", refund.last_error);
  add_line(text, "created",
           refund.created_at.to_shanghai_string() +
               (refund.created_by.empty() ? std::string() : " by " + refund.created_by));
  if (refund.completed_at) {
    add_line(text, "completed",
             refund.completed_at->to_shanghai_string() +
                 (refund.completed_by.empty() ? std::string() : " by " + refund.completed_by));
  }
  std::vector<std::vector<std::string>> rows{{"ID", "NAME", "BADGE", "FEE"}};
  for (const RefundLine& line : refund.lines) {
    rows.push_back(
        {std::to_string(line.person_id), line.person_name, line.badge_type, yuan(line.fee)});
  }
  text += indent(aligned_table(rows));
  add_line(text, "next", next_step(refund));
  return text;
}

std::string refund_table(const std::vector<Refund>& refunds) {
  std::vector<std::vector<std::string>> rows{{"ID", "ORDER", "UNIT", "AMOUNT", "METHOD", "STATE",
                                              "PERSONS", "INVOICE", "CREATED", "LAST ERROR"}};
  for (const Refund& refund : refunds) {
    rows.push_back({std::to_string(refund.id), refund.order, refund.unit, yuan(refund.amount),
                    std::string(to_string(refund.method)), std::string(to_string(refund.state)),
                    std::to_string(refund.lines.size()),
                    refund.invoice.empty() ? "-" : refund.invoice,
                    refund.created_at.to_shanghai_string(),
                    refund.last_error.empty() ? "-" : refund.last_error});
  }
  return aligned_table(rows);
}

nlohmann::json refund_outcome_json(const RefundOutcome& outcome) {
  return {{"ok", true},
          {"refund", refund_json(outcome.refund)},
          {"reversal", reversal_empty(outcome.reversal) ? nlohmann::json(nullptr)
                                                        : reversal_json(outcome.reversal)}};
}

std::string refund_outcome_text(const RefundOutcome& outcome) {
  const Refund& refund = outcome.refund;
  std::string text = "requested " + refund_text(refund);
  if (reversal_empty(outcome.reversal)) {
    if (refund.invoice.empty()) text += "the order had no invoice: nothing to reverse\n";
    return text;
  }
  return text + reversal_text(outcome.reversal);
}

}  // namespace ciie::cli
