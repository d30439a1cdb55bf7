// `ciie person past|bring-forward`: a claimed unit's past persons (往届专业观众人员, RET-3) and
// bringing them forward, optionally reusing their badges (BDG-3). Documents and phones are
// masked unless --reveal (organizer only, audited).
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "person_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct BringArgs {
  std::string account;
  std::vector<std::string> persons;
  bool reuse = false;
  std::string badge_type;
  bool reveal = false;
};

nlohmann::json past_json(const PastPerson& p) {
  return {{"past_id", p.past_id},
          {"name", p.name},
          {"document_kind", std::string(codes::to_string(p.document_kind))},
          {"document_number", p.document_number},
          {"phone", p.phone},
          {"position", p.position},
          {"badge_type", p.badge_type},
          {"badge_number", p.badge_number},
          {"badge_reusable", p.badge_reusable},
          {"free_badge", p.free_badge},
          {"delegation", p.delegation},
          {"sub_delegation", p.sub_delegation},
          {"has_photo", !p.photo_sha256.empty()},
          {"brought_forward_as",
           p.brought_forward_as ? nlohmann::json(*p.brought_forward_as) : nlohmann::json(nullptr)},
          {"masked", p.masked}};
}

int run_past(Context& ctx, const BringArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string account = codes::normalize(args.account);
  auto past = session->registry->past_persons(session->actor, account, args.reveal);
  if (!past.is_ok()) return ctx.fail(past.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const PastPerson& p : *past) list.push_back(past_json(p));
    ctx.out().json({{"ok", true}, {"unit", account}, {"past_persons", list}});
    return kExitOk;
  }
  if (past->empty()) {
    ctx.out().note("the past record has no persons\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{
      {"PAST ID", "NAME", "DOCUMENT", "BADGE", "REUSABLE", "PHOTO", "BROUGHT AS"}};
  for (const PastPerson& p : *past) {
    rows.push_back({p.past_id, p.name, p.document_number, p.badge_type,
                    p.badge_reusable ? "yes" : "no", p.photo_sha256.empty() ? "no" : "yes",
                    p.brought_forward_as ? "person " + std::to_string(*p.brought_forward_as)
                                         : "-"});
  }
  ctx.out().text(aligned_table(rows));
  return kExitOk;
}

int run_bring_forward(Context& ctx, const BringArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  BringForwardRequest request;
  request.unit = codes::normalize(args.account);
  for (const std::string& item : args.persons) {
    std::size_t start = 0;
    while (start <= item.size()) {
      const std::size_t comma = item.find(',', start);
      const std::string id = item.substr(start, comma == std::string::npos ? std::string::npos
                                                                           : comma - start);
      if (!id.empty()) request.past_ids.push_back(id);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  request.reuse = args.reuse;
  request.badge_type = args.badge_type;
  auto brought = session->registry->bring_forward(session->actor, request);
  if (!brought.is_ok()) return ctx.fail(brought.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const BroughtPerson& b : *brought) {
      nlohmann::json item = person_json(b.person, false);
      item["past_id"] = b.past_id;
      item["outcome"] = b.created ? "brought_forward" : "unchanged";
      list.push_back(std::move(item));
    }
    ctx.out().json({{"ok", true}, {"unit", request.unit}, {"persons", list}});
    return kExitOk;
  }
  if (brought->empty()) {
    ctx.out().note("nothing to bring forward: every past person was brought before\n");
    return kExitOk;
  }
  std::string text;
  for (const BroughtPerson& b : *brought) {
    text += (b.created ? "brought forward " : "unchanged ") + b.past_id + " → person " +
            std::to_string(b.person.id) + " " + b.person.name + " (" + b.person.badge_type +
            (b.person.badge_reuse ? ", badge reused" : "") + ", draft)\n";
  }
  ctx.out().text(text);
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<BringArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_person_returning(CLI::App& person, Context& ctx) {
  auto args = std::make_shared<BringArgs>();

  CLI::App* past = person.add_subcommand(
      "past", "the past persons of the record a unit claimed (往届专业观众人员, RET-3)");
  past->add_option("--unit", args->account, "the unit's account")->required();
  past->add_flag("--reveal", args->reveal,
                 "document numbers and phones in full (organizer only; audited)");
  past->footer("Example:\n  ciie person past --unit 91510100MA34729FXF");
  on_run(past, ctx, args, run_past);

  CLI::App* bring = person.add_subcommand(
      "bring-forward", "bring past persons into the unit as drafts, optionally reusing badges");
  bring->add_option("--unit", args->account, "the unit's account")->required();
  bring->add_option("--persons", args->persons,
                    "past ids, comma-separated (default: all not brought forward yet)");
  bring->add_flag("--reuse", args->reuse,
                  "reuse the past badges (证件复用, BDG-3): each person must qualify");
  bring->add_option("--badge-type", args->badge_type,
                    "this edition's badge type (default: the past one's code)");
  bring->footer(
      "All or none. A reused badge still needs review and payment, and ends in reuse_activated.\n"
      "badge.reuse_ineligible names what changed (name, unit, delegation, sub_delegation,\n"
      "badge_type, badge_label, photo) or badge_not_reusable.\n"
      "Example:\n  ciie person bring-forward --unit 91510100MA34729FXF --persons P-0001 --reuse");
  on_run(bring, ctx, args, run_bring_forward);
}

}  // namespace ciie::cli
