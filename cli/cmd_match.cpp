// `ciie match --need ID | --exhibitor ID` (MATCH-1): exhibits ranked for a need, or needs for an
// exhibitor; and `ciie meeting request|list|accept|decline|cancel` (预约展商会面).
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "help_reference.hpp"
#include "match_render.hpp"

namespace ciie::cli {
namespace {

struct MatchArgs {
  std::int64_t need = 0;
  std::string exhibitor;
  int limit = 10;
  // meeting
  std::string unit;
  std::string at;
  std::string note;
  std::string state;
  std::int64_t id = 0;
};

int run_match(Context& ctx, const MatchArgs& args) {
  if ((args.need != 0) == !args.exhibitor.empty()) {
    return ctx.fail(Status::invalid_input("usage", "give either --need ID or --exhibitor ID"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const bool for_exhibitor = !args.exhibitor.empty();
  auto results = for_exhibitor
                     ? session->registry->match_exhibitor(session->actor, args.exhibitor,
                                                          args.limit)
                     : session->registry->match_need(session->actor, args.need, args.limit);
  if (!results.is_ok()) return ctx.fail(results.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const MatchResult& r : *results) list.push_back(match_json(r));
    nlohmann::json doc{{"ok", true}, {"matches", list}};
    if (for_exhibitor) {
      doc["exhibitor"] = args.exhibitor;
    } else {
      doc["need"] = args.need;
    }
    ctx.out().json(doc);
    return kExitOk;
  }
  if (results->empty()) {
    ctx.out().note("no matches\n");
    return kExitOk;
  }
  ctx.out().text(matches_table(*results, for_exhibitor));
  return kExitOk;
}

int print_meeting(Context& ctx, const Meeting& m) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"meeting", meeting_json(m)}});
  } else {
    ctx.out().text("meeting " + std::to_string(m.id) + ": " + m.unit + " with " + m.exhibitor +
                   " (" + m.exhibitor_name + ")" +
                   (m.at ? " at " + m.at->to_shanghai_string() : std::string()) + ", " +
                   std::string(to_string(m.state)) + "\n");
  }
  return kExitOk;
}

int run_request(Context& ctx, const MatchArgs& args) {
  MeetingRequest request;
  request.unit = codes::normalize(args.unit);
  request.exhibitor = args.exhibitor;
  if (args.need != 0) request.need = args.need;
  if (!args.at.empty()) {
    auto at = Instant::parse(args.at);
    if (!at.is_ok()) return ctx.fail(at.status());
    request.at = *at;
  }
  request.note = args.note;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto meeting = session->registry->request_meeting(session->actor, request);
  if (!meeting.is_ok()) return ctx.fail(meeting.status());
  return print_meeting(ctx, *meeting);
}

int run_decide(Context& ctx, const MatchArgs& args, MeetingDecision decision) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto meeting = session->registry->decide_meeting(session->actor, args.id, decision, args.note);
  if (!meeting.is_ok()) return ctx.fail(meeting.status());
  return print_meeting(ctx, *meeting);
}

int run_list(Context& ctx, const MatchArgs& args) {
  MeetingFilter filter;
  filter.unit = args.unit.empty() ? std::string() : codes::normalize(args.unit);
  filter.exhibitor = args.exhibitor;
  filter.limit = args.limit;
  if (!args.state.empty()) {
    filter.state = parse_meeting_state(args.state);
    if (!filter.state) {
      return ctx.fail(Status::invalid_input(
          "usage", "unknown --state '" + args.state +
                       "' (requested, accepted, declined or cancelled)"));
    }
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->meetings(session->actor, filter);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Meeting& m : *found) list.push_back(meeting_json(m));
    ctx.out().json({{"ok", true}, {"meetings", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no meetings match\n");
    return kExitOk;
  }
  ctx.out().text(meetings_table(*found));
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<MatchArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_match(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MatchArgs>();
  CLI::App* match = app.add_subcommand(
      "match", "rank exhibits for a purchase need, or needs for an exhibitor (MATCH-1)");
  match->add_option("--need", args->need, "the need's id (the need's unit, or the organizer)");
  match->add_option("--exhibitor", args->exhibitor, "the exhibitor's id (the organizer)");
  match->add_option("--limit", args->limit, "how many results (1–100)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  match->footer(
      "Same area required; the same category ranks first; then BM25 over character bigrams\n"
      "of the texts (docs/match.md). --json adds the scores and the matched terms.\n"
      "Examples:\n  ciie match --need 1\n  ciie match --exhibitor EXH-FR-001 --limit 5");
  on_run(match, ctx, args, run_match);

  CLI::App* meeting = app.add_subcommand("meeting", "meetings with exhibitors (预约展商会面)");
  meeting->require_subcommand(1);
  CLI::App* request = meeting->add_subcommand("request", "a unit asks to meet an exhibitor");
  request->add_option("--unit", args->unit, "the unit's account")->required();
  request->add_option("--exhibitor", args->exhibitor, "the exhibitor's id")->required();
  request->add_option("--need", args->need, "one of the unit's open needs");
  request->add_option("--at", args->at, "the proposed time, during the expo")
      ->type_name("INSTANT");
  request->add_option("--note", args->note, "a message for the exhibitor");
  request->footer(
      "Example:\n  ciie meeting request --unit 91510100MA34729FXF --exhibitor EXH-FR-001 \\\n"
      "      --need 1 --at 2024-11-06T10:00:00+08:00");
  on_run(request, ctx, args, run_request);

  CLI::App* list = meeting->add_subcommand("list", "meetings, newest first");
  list->add_option("--unit", args->unit, "of this unit");
  list->add_option("--exhibitor", args->exhibitor, "with this exhibitor");
  list->add_option("--state", args->state, "requested, accepted, declined or cancelled")
      ->check(choices({"requested", "accepted", "declined", "cancelled"}));
  list->add_option("--limit", args->limit, "at most this many")
      ->check(CLI::Range(1, 100000));
  list->footer(
      "Example:\n  ciie meeting list --exhibitor EXH-NZ-001 --state requested\n"
      "  ciie --as unit:91350100MA45BGC17X meeting list --unit 91350100MA45BGC17X");
  on_run(list, ctx, args, run_list);

  const auto add_decision = [&](const char* name, const char* what, MeetingDecision decision,
                                const char* example) {
    CLI::App* cmd = meeting->add_subcommand(name, what);
    cmd->add_option("ID", args->id, "the meeting's id")->required();
    cmd->add_option("--note", args->note, "why, for the unit");
    cmd->footer(std::string("Example:\n  ") + example);
    cmd->callback([&ctx, args, decision] {
      ctx.set_action([&ctx, args, decision] { return run_decide(ctx, *args, decision); });
    });
  };
  add_decision("accept", "accept for the exhibitor (organizer)", MeetingDecision::kAccept,
               "ciie meeting accept 1 --note \"hall 6.2, stand A12\"");
  add_decision("decline", "decline for the exhibitor (organizer)", MeetingDecision::kDecline,
               "ciie meeting decline 1 --note \"fully booked that afternoon\"");
  add_decision("cancel", "cancel a requested or accepted meeting (the unit or the organizer)",
               MeetingDecision::kCancel,
               "ciie --as unit:91350100MA45BGC17X meeting cancel 1");
}

}  // namespace ciie::cli
