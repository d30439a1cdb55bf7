// Registry use cases for bank statements (PAY-3): importing a statement, each line matched by the
// order number in its remark and the exact amount, idempotent by line checksum; and a person's
// decision on the lines that matched nothing or only in part.
#include <map>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "payment/order_number.hpp"
#include "payment/statement_format.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "registry/order_flow.hpp"
#include "registry/payment_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// A statement line's money as a payment of `order`; settled (confirmed or flagged) at once.
// Returns the settle outcome and sets line.payment_id.
Result<std::string> pay_from_line(store::Store& store, const Options& options, const Actor& actor,
                                  StatementLine& line, const std::string& order) {
  Payment payment;
  payment.order = order;
  payment.method = PaymentMethod::kTransfer;
  payment.state = PaymentState::kPending;
  payment.amount = line.amount;
  payment.payer_name = line.payer_name;
  payment.payer_account = line.payer_account;
  payment.paid_on = line.booked_on;
  // The bank's reference when the statement gives one, else the line's own checksum: unique
  // either way, so the same money is never recorded twice.
  payment.transaction_id =
      "bank:" + (line.reference.empty() ? line.checksum.substr(0, 32) : line.reference);
  CIIE_RETURN_IF_ERROR(registry::insert_arrived_payment(store, options, payment));
  line.payment_id = payment.id;
  return registry::settle_payment(store, options, actor, payment, {PaymentState::kPending},
                                  Instant::start_of_shanghai_day(line.booked_on));
}

// Matches a new line: sets its state, order and why (and pays when it matches).
Status match_line(store::Store& store, const Options& options, const Actor& actor,
                  StatementLine& line) {
  const std::vector<std::string> numbers =
      payment::find_order_numbers(options.rules.order.prefix, line.remark);
  line.state = StatementLineState::kQueued;
  if (numbers.size() > 1) {
    line.why = "several_orders";
    return Status::ok();
  }
  if (numbers.empty()) {
    line.why = "no_order";
    return Status::ok();
  }
  CIIE_RETURN_IF_ERROR(registry::expire_if_due(store, options, numbers.front()));
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(numbers.front()));
  if (!order) {
    line.why = "no_order";
    return Status::ok();
  }
  line.order = order->number;
  if (is_open(order->state) && order->total != line.amount) {
    line.why = "amount";  // the order, but not its amount: a person looks at it
    return Status::ok();
  }
  CIIE_ASSIGN_OR_RETURN(const std::string settled,
                        pay_from_line(store, options, actor, line, order->number));
  line.state = settled == "confirmed" ? StatementLineState::kMatched : StatementLineState::kFlagged;
  return Status::ok();
}

}  // namespace

const std::vector<std::string>& Registry::statement_columns() {
  return payment::statement_columns();
}
const std::vector<std::string>& Registry::statement_required_columns() {
  return payment::statement_required_columns();
}

Result<BulkSummary> Registry::import_statement(const Actor& actor, RecordReader& reader,
                                               const std::string& file,
                                               const BulkOptions& options,
                                               const RowCallback& on_row) {
  if (actor.kind != ActorKind::kFinance) return registry::forbidden(actor, "import statements");
  // Identical lines in one file are told apart by their occurrence (statement_checksum).
  std::map<std::string, int> seen;
  return registry::apply_bulk(
      *store_, reader, options, on_row,
      [&](const Record& record) -> Result<registry::RowResult> {
        CIIE_ASSIGN_OR_RETURN(const payment::StatementEntry entry,
                              payment::parse_statement_record(record));
        const std::string plain = payment::statement_checksum(entry, 0);
        const int occurrence = ++seen[plain];
        StatementLine line;
        line.checksum = payment::statement_checksum(entry, occurrence);
        CIIE_ASSIGN_OR_RETURN(const bool known, store_->statement_checksum_known(line.checksum));
        if (known) return registry::RowResult{"unchanged", "", false};
        if (entry.amount.fen() <= 0) {
          // Money out (or nothing): not a payment to anyone here, and nothing to keep.
          return registry::RowResult{"skipped", "", false};
        }
        line.booked_on = entry.booked_on;
        line.amount = entry.amount;
        line.payer_name = entry.payer_name;
        line.payer_account = entry.payer_account;
        line.remark = entry.remark;
        line.reference = entry.reference;
        line.file = file;
        line.line = record.line;
        line.imported_at = options_.clock->now();
        CIIE_RETURN_IF_ERROR(match_line(*store_, options_, actor, line));
        CIIE_RETURN_IF_ERROR(store_->insert_statement_line(line));
        CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "statement.line",
                                           "statement_line:" + std::to_string(line.id),
                                           {{"state", to_string(line.state)},
                                            {"order", line.order},
                                            {"why", line.why},
                                            {"amount_fen", line.amount.fen()},
                                            {"file", file},
                                            {"line", record.line}}));
        const std::string outcome =
            line.state == StatementLineState::kQueued ? "queued:" + line.why
                                                       : std::string(to_string(line.state));
        return registry::RowResult{outcome, line.order, true};
      });
}

Result<StatementLine> Registry::decide_statement_line(const Actor& actor,
                                                      const StatementLineDecision& decision) {
  if (actor.kind != ActorKind::kFinance) {
    return registry::forbidden(actor, "decide statement lines");
  }
  if (decision.order.empty() && decision.reason.empty()) {
    return Status::invalid_input("payment.reason_required", "discarding a line needs a reason")
        .in_field("reason");
  }
  StatementLine result;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(auto line, store_->find_statement_line(decision.line_id));
    if (!line) {
      return Status::not_found("statement.unknown",
                               "no statement line " + std::to_string(decision.line_id));
    }
    if (line->state != StatementLineState::kQueued) {
      return Status::conflict("statement.not_queued",
                              "statement line " + std::to_string(line->id) + " is " +
                                  std::string(to_string(line->state)));
    }
    line->decided_by = actor.to_string();
    line->reason = decision.reason;
    if (decision.order.empty()) {
      line->state = StatementLineState::kDiscarded;
    } else {
      CIIE_RETURN_IF_ERROR(registry::expire_if_due(*store_, options_, decision.order));
      CIIE_ASSIGN_OR_RETURN(const auto order, store_->find_order(decision.order));
      if (!order) {
        return Status::not_found("order.unknown", "no order '" + decision.order + "'")
            .in_field("order");
      }
      line->order = order->number;
      CIIE_ASSIGN_OR_RETURN(const std::string settled,
                            pay_from_line(*store_, options_, actor, *line, order->number));
      (void)settled;  // confirmed, or flagged: either way its payment now waits or pays
      line->state = StatementLineState::kAssigned;
    }
    CIIE_ASSIGN_OR_RETURN(const bool written,
                          store_->update_statement_line(*line, StatementLineState::kQueued));
    if (!written) return Status::conflict("statement.not_queued", "decided meanwhile");
    result = *line;
    return audit::record(*store_, *options_.clock, actor,
                         decision.order.empty() ? "statement.discard" : "statement.assign",
                         "statement_line:" + std::to_string(line->id),
                         {{"order", line->order}, {"reason", decision.reason}});
  }));
  return result;
}

}  // namespace ciie
