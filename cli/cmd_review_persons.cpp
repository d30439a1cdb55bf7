// `ciie review --persons …` (REV-3: persons paid and waiting for review, decided one by one or
// from a decisions file) and `ciie review --join-requests --unit A …` (REV-4: a unit's account
// approves or rejects the staff who asked to join it).
#include "ciie/codes.hpp"

#include "bulk_output.hpp"
#include "exit_status.hpp"
#include "person_render.hpp"
#include "review_args.hpp"

namespace ciie::cli {
namespace {

int run_person_list(Context& ctx, const ReviewArgs& args) {
  auto filter = build_queue_filter(args);
  if (!filter.is_ok()) return ctx.fail(filter.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto queue = session->registry->person_review_queue(session->actor, *filter, args.reveal);
  if (!queue.is_ok()) return ctx.fail(queue.status());
  if (ctx.out().json_mode()) {
    ctx.out().json(person_queue_json(*queue, args.reveal));
  } else {
    ctx.out().text(person_queue_text(*queue, args.reveal));
  }
  return kExitOk;
}

int run_person_decision(Context& ctx, const ReviewArgs& args) {
  auto decision = single_decision(args);
  if (!decision.is_ok()) return ctx.fail(decision.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  PersonDecision request{args.person, *decision, args.reason};
  auto person = session->registry->review_person(session->actor, request);
  if (!person.is_ok()) return ctx.fail(person.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"decision", std::string(to_string(*decision))},
                    {"person", person_json(*person, false)}});
  } else {
    ctx.out().text(std::string(*decision == Decision::kApprove ? "approved " : "rejected ") +
                   person_text(*person, false));
  }
  return kExitOk;
}

int run_person_batch(Context& ctx, const ReviewArgs& args) {
  if (args.approve_all) {
    return ctx.fail(Status::invalid_input(
        "usage",
        "persons are approved one by one or from a decisions file: --approve-all is "
        "for units (each photo needs a look, REV-3)"));
  }
  if (args.decisions.empty()) {
    return ctx.fail(Status::invalid_input("usage", "--persons --batch needs --decisions FILE"));
  }
  if (args.approving() || args.rejecting() || args.person_option->count() > 0) {
    return ctx.fail(Status::invalid_input(
        "usage", "--decisions gives every decision: no --person, --approve or --reject with it"));
  }
  return run_decisions(ctx, args, Registry::person_decision_columns(),
                       [](Registry& registry, const Actor& actor, RecordReader& reader,
                          const BulkOptions& options, const RowCallback& on_row) {
                         return registry.review_persons(actor, reader, options, on_row);
                       });
}

// The join decisions of --approve IDS and --reject IDS --reason.
Result<std::vector<PersonDecision>> join_decisions(const ReviewArgs& args) {
  std::vector<PersonDecision> decisions;
  if (args.approving()) {
    CIIE_ASSIGN_OR_RETURN(const auto ids, parse_ids({args.approve_ids}, "--approve"));
    for (std::int64_t id : ids) decisions.push_back({id, Decision::kApprove, ""});
  }
  if (args.rejecting()) {
    CIIE_ASSIGN_OR_RETURN(const auto ids, parse_ids({args.reject_ids}, "--reject"));
    for (std::int64_t id : ids) decisions.push_back({id, Decision::kReject, args.reason});
  }
  return decisions;
}

std::vector<std::int64_t> ids_with(const std::vector<PersonDecision>& decisions,
                                   Decision decision) {
  std::vector<std::int64_t> ids;
  for (const PersonDecision& d : decisions) {
    if (d.decision == decision) ids.push_back(d.person);
  }
  return ids;
}

int run_join_list(Context& ctx, const std::string& account) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto requests = session->registry->join_requests(session->actor, account);
  if (!requests.is_ok()) return ctx.fail(requests.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Person& person : *requests) list.push_back(person_json(person, false));
    ctx.out().json({{"ok", true}, {"unit", account}, {"join_requests", list}});
    return kExitOk;
  }
  ctx.out().text(std::to_string(requests->size()) + " pending join request" +
                 (requests->size() == 1 ? "" : "s") + " for " + account + "\n");
  if (!requests->empty()) ctx.out().text(person_table(*requests, false));
  return kExitOk;
}

}  // namespace

int run_person_review(Context& ctx, const ReviewArgs& args) {
  if (args.batch) return run_person_batch(ctx, args);
  if (args.approve_all || !args.decisions.empty()) {
    return ctx.fail(Status::invalid_input("usage", "--decisions goes with --batch"));
  }
  if (!args.unit.empty()) {
    return ctx.fail(Status::invalid_input(
        "usage",
        "person review decides persons: --person ID, not --unit (units: without "
        "--persons)"));
  }
  if (args.person_option->count() > 0) return run_person_decision(ctx, args);
  if (args.approving() || args.rejecting()) {
    return ctx.fail(
        Status::invalid_input("usage", "--approve and --reject need --person ID (or --batch)"));
  }
  return run_person_list(ctx, args);
}

int run_join_requests(Context& ctx, const ReviewArgs& args) {
  if (args.unit.empty()) {
    return ctx.fail(Status::invalid_input("usage", "--join-requests needs --unit ACCOUNT"));
  }
  if (args.batch || args.approve_all || !args.decisions.empty() ||
      args.person_option->count() > 0 || args.reveal) {
    return ctx.fail(Status::invalid_input(
        "usage", "--join-requests takes --unit, and --approve IDS / --reject IDS --reason"));
  }
  const std::string account = codes::normalize(args.unit);
  if (!args.approving() && !args.rejecting()) return run_join_list(ctx, account);
  auto decisions = join_decisions(args);
  if (!decisions.is_ok()) return ctx.fail(decisions.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Status decided =
      session->registry->decide_join_requests(session->actor, account, *decisions);
  if (!decided.is_ok()) return ctx.fail(decided);
  const auto approved = ids_with(*decisions, Decision::kApprove);
  const auto rejected = ids_with(*decisions, Decision::kReject);
  if (ctx.out().json_mode()) {
    ctx.out().json(
        {{"ok", true}, {"unit", account}, {"approved", approved}, {"rejected", rejected}});
    return kExitOk;
  }
  if (!approved.empty()) {
    ctx.out().text("approved join request" + std::string(approved.size() == 1 ? " " : "s ") +
                   ids_text(approved) +
                   (approved.size() == 1 ? ": now a draft person of " : ": now draft persons of ") +
                   account + "\n");
  }
  if (!rejected.empty()) {
    ctx.out().text("rejected join request" + std::string(rejected.size() == 1 ? " " : "s ") +
                   ids_text(rejected) + ": " + args.reason + "\n");
  }
  return kExitOk;
}

}  // namespace ciie::cli
