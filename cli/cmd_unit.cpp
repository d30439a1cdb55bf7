// `ciie unit show|list|update`: a unit's information (REG-6) and its stored routing decision
// (DEL-3), masked. The account commands (`unit password`, `unit phone`) are in
// cmd_unit_account.cpp.
#include "ciie/codes.hpp"

#include "cmd_unit_account.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "unit_render.hpp"

namespace ciie::cli {
namespace {

struct UnitArgs {
  std::string account;
  // list
  std::string delegation;
  std::string category;
  std::string state;
  std::string region;
  int limit = 1000;
  // update: an option given replaces that field or list; one not given leaves it alone.
  std::string name;
  std::string email;
  std::string legal_rep;
  std::string address;
  std::vector<std::string> contacts;
  std::vector<std::string> intentions;
  std::vector<std::string> purposes;
  std::vector<std::string> qualifications;
  std::int64_t registered_capital_wan = 0;
  std::int64_t import_value_wan_usd = 0;
  std::map<std::string, CLI::Option*> given;  // update options, by name, to ask whether set
  bool reveal = false;                        // show: phone and e-mail in full
};

bool given(const UnitArgs& args, const std::string& name) {
  const auto it = args.given.find(name);
  return it != args.given.end() && it->second->count() > 0;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string::npos;
       start = at + 1, at = text.find(separator, start)) {
    parts.push_back(trimmed(text.substr(start, at - start)));
  }
  parts.push_back(trimmed(text.substr(start)));
  return parts;
}

// "王五,13912345678,wang@example.com,采购经理": name, then optional phone, e-mail, position.
Result<Contact> parse_contact(const std::string& text) {
  const std::vector<std::string> parts = split(text, ',');
  if (parts.size() > 4 || parts.front().empty()) {
    return Status::invalid_input("usage",
                                 "--contact takes name,phone,email,position (name "
                                 "first, the rest optional), not '" +
                                     text + "'");
  }
  Contact contact;
  contact.name = parts[0];
  if (parts.size() > 1) contact.phone = parts[1];
  if (parts.size() > 2) contact.email = parts[2];
  if (parts.size() > 3) contact.position = parts[3];
  return contact;
}

// "food-agri:dairy|snacks".
Result<PurchaseIntention> parse_intention(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::invalid_input("usage",
                                 "--intention takes area:category|category, not '" + text + "'");
  }
  PurchaseIntention intention{trimmed(text.substr(0, colon)), {}};
  for (const std::string& category : split(text.substr(colon + 1), '|')) {
    if (!category.empty()) intention.categories.push_back(category);
  }
  return intention;
}

// Applies the profile options that were given to `profile`.
Status apply_profile(const UnitArgs& args, UnitProfile& profile) {
  if (given(args, "legal-rep")) profile.legal_representative = args.legal_rep;
  if (given(args, "address")) profile.address = args.address;
  if (given(args, "registered-capital-wan"))
    profile.registered_capital_wan = args.registered_capital_wan;
  if (given(args, "import-value-wan-usd")) profile.import_value_wan_usd = args.import_value_wan_usd;
  if (given(args, "purpose")) profile.purposes = args.purposes;
  if (given(args, "qualification")) profile.qualifications = args.qualifications;
  if (given(args, "contact")) {
    profile.contacts.clear();
    for (const std::string& text : args.contacts) {
      CIIE_ASSIGN_OR_RETURN(Contact contact, parse_contact(text));
      profile.contacts.push_back(std::move(contact));
    }
  }
  if (given(args, "intention")) {
    profile.intentions.clear();
    for (const std::string& text : args.intentions) {
      CIIE_ASSIGN_OR_RETURN(PurchaseIntention intention, parse_intention(text));
      profile.intentions.push_back(std::move(intention));
    }
  }
  return Status::ok();
}

bool profile_given(const UnitArgs& args) {
  for (const char* name : {"legal-rep", "address", "registered-capital-wan", "import-value-wan-usd",
                           "purpose", "qualification", "contact", "intention"}) {
    if (given(args, name)) return true;
  }
  return false;
}

void print_unit(Context& ctx, const Unit& unit, const Rules& rules, const std::string& prefix,
                bool reveal = false) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"unit", unit_json(unit, reveal)}});
  } else {
    ctx.out().text(prefix + unit_text(unit, rules, reveal));
  }
}

// With --reveal the phone and e-mail come in full from reveal_unit, which only the organizer
// may call and which is audited (data.reveal).
int run_show(Context& ctx, const UnitArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Actor& actor = session->actor;
  Registry& registry = *session->registry;
  const std::string account = codes::normalize(args.account);
  auto unit = args.reveal ? registry.reveal_unit(actor, account) : registry.unit(actor, account);
  if (!unit.is_ok()) return ctx.fail(unit.status());
  print_unit(ctx, *unit, registry.rules(), "", args.reveal);
  return kExitOk;
}

Result<UnitFilter> build_filter(const UnitArgs& args) {
  UnitFilter filter;
  filter.delegation = args.delegation;
  filter.limit = args.limit;
  if (!args.category.empty()) {
    filter.category = parse_unit_category(args.category);
    if (!filter.category)
      return Status::invalid_input("usage", "unknown --category '" + args.category + "'");
  }
  if (!args.state.empty()) {
    filter.state = parse_unit_state(args.state);
    if (!filter.state) {
      return Status::invalid_input("usage", "unknown --state '" + args.state +
                                                "' (registered, submitted, approved or rejected)");
    }
  }
  if (!args.region.empty()) {
    filter.region = parse_unit_region(args.region);
    if (!filter.region)
      return Status::invalid_input("usage", "unknown --region '" + args.region + "'");
  }
  return filter;
}

int run_list(Context& ctx, const UnitArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  auto filter = build_filter(args);
  if (!filter.is_ok()) return ctx.fail(filter.status());
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto units = (*registry)->units(*actor, *filter);
  if (!units.is_ok()) return ctx.fail(units.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Unit& unit : *units) list.push_back(unit_json(unit));
    ctx.out().json({{"ok", true}, {"units", list}});
    return kExitOk;
  }
  if (units->empty()) {
    ctx.out().note("no units match\n");
    return kExitOk;
  }
  ctx.out().text(unit_table(*units));
  return kExitOk;
}

// The profile options given are applied by the library to the profile as stored at the moment
// of the update (UnitUpdate::edit_profile), so concurrent updates of different fields compose.
int run_update(Context& ctx, const UnitArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  const bool profile = profile_given(args);
  if (!profile && !given(args, "name") && !given(args, "email")) {
    return ctx.fail(Status::invalid_input("usage",
                                          "nothing to update: give at least one option "
                                          "(see `ciie unit update --help`)"));
  }
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  const std::string account = codes::normalize(args.account);
  UnitUpdate update;
  if (given(args, "name")) update.name = args.name;
  if (given(args, "email")) update.email = args.email;
  if (profile) {
    update.edit_profile = [&args](UnitProfile& current) { return apply_profile(args, current); };
  }
  auto unit = (*registry)->update_unit(*actor, account, update);
  if (!unit.is_ok()) return ctx.fail(unit.status());
  print_unit(ctx, *unit, (*registry)->rules(), "updated ");
  return kExitOk;
}

void add_update_options(CLI::App* cmd, UnitArgs& args) {
  auto add = [&](const std::string& name, auto& target, const std::string& help) {
    // One value per occurrence (a list option is repeated), so that `--purpose purchase ACCOUNT`
    // does not swallow the account.
    args.given[name] = cmd->add_option("--" + name, target, help)->allow_extra_args(false);
  };
  add("name", args.name, "the unit's name");
  add("email", args.email, "the account's e-mail ('' removes it, mainland only)");
  add("legal-rep", args.legal_rep, "legal representative");
  add("address", args.address, "registered address");
  add("contact", args.contacts, "name,phone,email,position (repeat; replaces all contacts)");
  add("intention", args.intentions, "area:category|category (repeat; replaces all intentions)");
  add("purpose", args.purposes,
      "purchase, negotiation, information, investment or other (repeat; replaces all)");
  add("qualification", args.qualifications, "a qualification document (repeat; replaces all)");
  add("registered-capital-wan", args.registered_capital_wan, "registered capital in 万元人民币");
  add("import-value-wan-usd", args.import_value_wan_usd, "last year's imports in 万美元");
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<UnitArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_unit(CLI::App& app, Context& ctx) {
  CLI::App* unit = app.add_subcommand("unit", "unit information, accounts and routing");
  unit->require_subcommand(1);
  auto args = std::make_shared<UnitArgs>();

  CLI::App* show =
      unit->add_subcommand("show", "everything about a unit, incl. its routing reason");
  show->add_option("ACCOUNT", args->account, "the unit's account (its USCC on the mainland)")
      ->required();
  show->add_flag("--reveal", args->reveal,
                 "phone and e-mail addresses in full (organizer only; audited)");
  show->footer(
      "Example:\n  ciie unit show 91310115591693856A\n  ciie unit show 91310115591693856A "
      "--reveal");
  on_run(show, ctx, args, run_show);

  CLI::App* list = unit->add_subcommand("list", "units of this edition");
  list->add_option("--delegation", args->delegation, "home, sub- or industry delegation (slug)");
  list->add_option("--category", args->category, "enterprise, government, public_institution, …");
  list->add_option("--state", args->state, "registered, submitted, approved or rejected");
  list->add_option("--region", args->region, "mainland, hk_mo_tw or overseas");
  list->add_option("--limit", args->limit, "at most this many units")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->footer("Example:\n  ciie unit list --delegation shanghai --category government");
  on_run(list, ctx, args, run_list);

  CLI::App* update = unit->add_subcommand("update", "change a unit's information");
  update->add_option("ACCOUNT", args->account, "the unit's account")->required();
  add_update_options(update, *args);
  update->footer(
      "An option not given leaves its field alone; a repeated list option replaces that list.\n"
      "Example:\n  ciie unit update 91310115591693856A --contact "
      "'王五,13912345678,wang@example.com,"
      "采购经理' \\\n      --intention 'food-agri:dairy|snacks' --purpose purchase --purpose "
      "negotiation");
  on_run(update, ctx, args, run_update);

  setup_unit_account(*unit, ctx);
}

}  // namespace ciie::cli
