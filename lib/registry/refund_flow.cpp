// Refund steps shared by the refund, invoice and person-review use cases; see refund_flow.hpp.
#include "registry/refund_flow.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"
#include "payment/gateway.hpp"
#include "refund/refund_rules.hpp"
#include "registry/invoice_flow.hpp"
#include "registry/person_flow.hpp"
#include "registry/points_flow.hpp"

namespace ciie::registry {
namespace {

// Where a refund's money goes once no reversal holds it.
RefundState money_state(const Refund& refund) {
  if (refund.amount.is_zero()) return RefundState::kCompleted;
  return refund.method == PaymentMethod::kTransfer ? RefundState::kAwaitingTransfer
                                                   : RefundState::kAwaitingGateway;
}

// Takes a refunded person's badge away: back to draft (a rejected person stays rejected), and
// the free place it holds given back (BDG-2, RFD-5).
Status release_person(store::Store& store, const Options& options, std::int64_t person_id) {
  CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(person_id));
  if (!person) return Status::internal("a refunded person vanished");
  if (!person->free_quota.empty()) {
    CIIE_RETURN_IF_ERROR(release_place(store, *person));
    CIIE_RETURN_IF_ERROR(store.set_person_free_place(person->id, ""));
  }
  if (person->state == PersonState::kRejected) return Status::ok();
  store::PersonTransition change;
  change.id = person->id;
  change.from = {PersonState::kSubmitted, PersonState::kUnderReview, PersonState::kApproved};
  change.to = PersonState::kDraft;
  change.at = options.clock->now();
  change.review_queue = std::string();
  change.review_why = std::vector<std::string>();
  CIIE_ASSIGN_OR_RETURN(const bool changed, store.transition_person(change));
  if (!changed) {
    return Status::conflict("refund.not_allowed", "person " + std::to_string(person_id) +
                                                      " changed meanwhile")
        .in_field("persons");
  }
  return Status::ok();
}

Status person_error(std::int64_t person, const std::string& number, const std::string& why) {
  return Status::refused("refund.person", "person " + std::to_string(person) + " " + why +
                                              " of order " + number)
      .in_field("persons");
}

}  // namespace

Result<RefundOutcome> create_refund(store::Store& store, const Options& options,
                                    invoice::Platform& platform, const Actor& actor,
                                    const Order& order, const RefundAsk& ask) {
  const Instant now = options.clock->now();
  if (order.state != OrderState::kPaid) {
    return Status::refused("refund.not_paid",
                           "order " + order.number + " is " + std::string(to_string(order.state)) +
                               ": only a paid order is refunded (RFD-1)");
  }
  if (!ask.automatic) CIIE_RETURN_IF_ERROR(refund::check_window(options.rules.refund, now));
  std::set<std::int64_t> chosen(ask.persons.begin(), ask.persons.end());
  for (const std::int64_t person : chosen) {
    const auto line = std::find_if(order.lines.begin(), order.lines.end(),
                                   [&](const OrderLine& l) { return l.person_id == person; });
    if (line == order.lines.end()) return person_error(person, order.number, "is not a person");
    if (line->refund != 0) return person_error(person, order.number, "is refunded already: a line");
  }
  Refund refund;
  for (const OrderLine& line : order.lines) {
    if (line.refund != 0 || (!chosen.empty() && chosen.count(line.person_id) == 0)) continue;
    if (!ask.automatic) {
      CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(line.person_id));
      if (!person) return Status::internal("an ordered person vanished");
      CIIE_RETURN_IF_ERROR(refund::check_badge_state(options.rules.refund, *person));
    }
    refund.lines.push_back({line.person_id, line.person_name, line.badge_type, line.fee});
    CIIE_ASSIGN_OR_RETURN(refund.amount, refund.amount.plus(line.fee));
  }
  if (refund.lines.empty()) {
    return Status::refused("refund.person", "every person of order " + order.number +
                                                " is refunded already")
        .in_field("persons");
  }
  CIIE_ASSIGN_OR_RETURN(const auto payment, confirmed_payment(store, order.number));
  if (!payment) return Status::internal("a paid order without a confirmed payment");
  CIIE_RETURN_IF_ERROR(refund::check_amount(payment->amount, order.refunded, refund.amount));

  CIIE_ASSIGN_OR_RETURN(auto blue, store.valid_blue_invoice(order.number));
  if (blue) {
    // Persons a red invoice reversed already (a partial form) need no reversal for their refund.
    CIIE_ASSIGN_OR_RETURN(const auto invoiced, unreversed_persons(store, *blue));
    const bool any_invoiced = std::any_of(
        refund.lines.begin(), refund.lines.end(), [&](const RefundLine& line) {
          return std::find(invoiced.begin(), invoiced.end(), line.person_id) != invoiced.end();
        });
    if (!any_invoiced) blue.reset();
  }
  bool form_pending = false;
  if (blue) {
    RedFormFilter pending;
    pending.invoice = blue->number;
    pending.state = RedFormState::kPending;
    CIIE_ASSIGN_OR_RETURN(const auto waiting, store.list_red_forms(pending));
    form_pending = !waiting.empty();
    if (form_pending && !ask.automatic) {
      return Status::conflict("redform.pending",
                              "confirmation form " + std::to_string(waiting.front().id) +
                                  " for invoice " + blue->number +
                                  " waits for the buyer: decide it before another refund");
    }
  }
  refund.order = order.number;
  refund.unit = order.unit;
  refund.reason = ask.reason;
  refund.automatic = ask.automatic;
  refund.method = payment->method;
  refund.payment_id = payment->id;
  refund.payee_name = payment->payer_name;
  refund.payee_account = payment->payer_account;
  refund.invoice = blue ? blue->number : "";
  refund.state = blue ? RefundState::kAwaitingReversal : money_state(refund);
  refund.created_by = actor.to_string();
  refund.created_at = now;
  if (refund.state == RefundState::kCompleted) {
    refund.completed_at = now;
    refund.completed_by = actor.to_string();
  }
  CIIE_RETURN_IF_ERROR(store.insert_refund(refund));
  if (refund.completed_at) {
    CIIE_RETURN_IF_ERROR(store.update_refund(refund, RefundState::kCompleted).status());
  }
  for (const RefundLine& line : refund.lines) {
    CIIE_RETURN_IF_ERROR(release_person(store, options, line.person_id));
    // RFD-5: the refunded person's registration points are reversed, keyed by the refund.
    CIIE_RETURN_IF_ERROR(reverse_person_registration(
        store, options.rules, line.person_id, "refund:" + std::to_string(refund.id),
        "refund " + std::to_string(refund.id), now, actor.to_string()));
  }
  CIIE_ASSIGN_OR_RETURN(const auto after, store.find_order(order.number));
  if (after && std::all_of(after->lines.begin(), after->lines.end(),
                           [](const OrderLine& l) { return l.refund != 0; })) {
    CIIE_RETURN_IF_ERROR(store.mark_order_refunded(order.number, now));
  }
  nlohmann::json persons = nlohmann::json::array();
  for (const RefundLine& line : refund.lines) persons.push_back(line.person_id);
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor,
                                     ask.automatic ? "refund.automatic" : "refund.request",
                                     "refund:" + std::to_string(refund.id),
                                     {{"order", order.number},
                                      {"persons", persons},
                                      {"amount_fen", refund.amount.fen()},
                                      {"reason", ask.reason},
                                      {"state", to_string(refund.state)},
                                      {"invoice", refund.invoice}}));
  RefundOutcome outcome;
  if (blue && !form_pending) {
    ReversalRequest reversal;
    reversal.invoice = blue->number;
    reversal.reason = ask.red_reason;
    reversal.note = "refund " + std::to_string(refund.id) + ": " + ask.reason;
    // Every refund of an invoiced order reverses the invoice in full; what remains paid gets a
    // new blue invoice (INV-8). The buyer then holds one valid invoice for what it paid.
    CIIE_ASSIGN_OR_RETURN(outcome.reversal,
                          reverse(store, options, platform, actor, *blue, reversal, refund.id));
    if (outcome.reversal.form) {
      CIIE_ASSIGN_OR_RETURN(auto waiting, store.find_refund(refund.id));
      if (!waiting) return Status::internal("a refund vanished");
      waiting->red_form = outcome.reversal.form->id;
      waiting->updated_at = now;
      CIIE_RETURN_IF_ERROR(store.update_refund(*waiting, RefundState::kAwaitingReversal).status());
    }
  }
  CIIE_ASSIGN_OR_RETURN(const auto stored, store.find_refund(refund.id));
  if (!stored) return Status::internal("a refund vanished");
  outcome.refund = *stored;
  return outcome;
}

Status reversal_done(store::Store& store, const Options& options, const Actor& actor,
                     const Refund& refund, const std::string& red_invoice,
                     const std::string& reissued_invoice) {
  Refund next = refund;
  next.state = money_state(refund);
  next.red_invoice = red_invoice;
  next.reissued_invoice = reissued_invoice;
  next.updated_at = options.clock->now();
  if (next.state == RefundState::kCompleted) {
    next.completed_at = next.updated_at;
    next.completed_by = actor.to_string();
  }
  CIIE_ASSIGN_OR_RETURN(const bool changed,
                        store.update_refund(next, RefundState::kAwaitingReversal));
  if (!changed) return Status::ok();  // moved on already
  return audit::record(store, *options.clock, actor, "refund.reversed",
                       "refund:" + std::to_string(refund.id),
                       {{"order", refund.order},
                        {"red_invoice", red_invoice},
                        {"reissued_invoice", reissued_invoice},
                        {"state", to_string(next.state)}});
}

Result<Refund> send_to_gateway(store::Store& store, const Options& options, const Actor& actor,
                               const Refund& refund) {
  if (refund.state != RefundState::kAwaitingGateway) {
    return Status::refused("refund.state", "refund " + std::to_string(refund.id) + " is " +
                                               std::string(to_string(refund.state)) +
                                               ", not awaiting_gateway");
  }
  CIIE_ASSIGN_OR_RETURN(const auto payment, store.find_payment(refund.payment_id));
  if (!payment) return Status::internal("a refund's payment vanished");
  const PaymentRules& rules = options.rules.payment;
  const std::string_view name = gateway_name(refund.method);
  const auto gateway = std::find_if(rules.gateways.begin(), rules.gateways.end(),
                                    [&](const GatewayRules& g) { return g.name == name; });
  Result<payment::RefundAnswer> answer =
      Status::refused("payment.gateway", "no gateway '" + std::string(name) + "' is configured");
  if (gateway != rules.gateways.end()) {
    payment::RefundCall call;
    call.order = refund.order;
    call.idempotency_key = refund.idempotency_key;
    call.transaction_id = payment->transaction_id;
    call.intent_id = payment->intent_id;
    call.amount = refund.amount;
    call.reason = refund.reason;
    answer = payment::make_http_gateway(*gateway, rules)->refund(call);
  }
  Refund next = refund;
  next.updated_at = options.clock->now();
  if (answer.is_ok()) {
    next.state = RefundState::kCompleted;
    next.gateway_refund_id = answer->refund_id;
    next.last_error.clear();
    next.completed_at = next.updated_at;
    next.completed_by = actor.to_string();
  } else {
    next.last_error = answer.status().reason() + ": " + answer.status().message();
  }
  CIIE_RETURN_IF_ERROR(store.write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const bool changed,
                          store.update_refund(next, RefundState::kAwaitingGateway));
    if (!changed) return Status::ok();  // another sender completed it meanwhile
    nlohmann::json details = {{"order", refund.order}, {"amount_fen", refund.amount.fen()}};
    if (answer.is_ok()) {
      details["gateway_refund_id"] = next.gateway_refund_id;
    } else {
      details["error"] = next.last_error;
    }
    return audit::record(store, *options.clock, actor,
                         answer.is_ok() ? "refund.complete" : "refund.gateway_failed",
                         "refund:" + std::to_string(refund.id), details);
  }));
  CIIE_ASSIGN_OR_RETURN(const auto stored, store.find_refund(refund.id));
  if (!stored) return Status::internal("a refund vanished");
  return *stored;
}

}  // namespace ciie::registry
