// `ciie address add|list|default|remove`: a unit's delivery addresses for badges (ADR-1): at
// most five, exactly one the default. Phones are masked unless --reveal (organizer, audited).
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct AddressArgs {
  std::string account;
  std::string recipient;
  std::string phone;
  std::string division;
  std::string detail;
  std::string postcode;
  bool make_default = false;
  bool reveal = false;
  std::int64_t id = 0;
};

std::string shown_phone(const Address& address, bool reveal) {
  if (reveal || address.phone.empty()) return address.phone;
  return codes::mask_phone(address.phone);
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

nlohmann::json address_json(const Address& address, bool reveal) {
  return {{"id", address.id},
          {"unit", address.unit},
          {"recipient", address.recipient},
          {"phone", shown_phone(address, reveal)},
          {"division", address.division},
          {"division_name", address.division_name},
          {"detail", address.detail},
          {"postcode", address.postcode},
          {"is_default", address.is_default},
          {"created_at", address.created_at.to_shanghai_string()}};
}

std::string address_text(const Address& address) {
  std::string text = "address " + std::to_string(address.id) + " of " + address.unit +
                     (address.is_default ? " (default)" : "") + "\n";
  auto line = [&text](const std::string& label, const std::string& value) {
    if (!value.empty()) text += "  " + pad_to(label + ":", 15) + value + "\n";
  };
  line("recipient", address.recipient);
  line("phone", shown_phone(address, false));
  line("division", address.division + " " + address.division_name);
  line("detail", address.detail);
  line("postcode", address.postcode);
  return text;
}

std::string address_table(const std::vector<Address>& addresses, bool reveal) {
  std::vector<std::vector<std::string>> rows{
      {"ID", "DEFAULT", "RECIPIENT", "PHONE", "DIVISION", "PLACE", "POSTCODE", "DETAIL"}};
  for (const Address& address : addresses) {
    rows.push_back({std::to_string(address.id), address.is_default ? "*" : "", address.recipient,
                    or_dash(shown_phone(address, reveal)), address.division,
                    or_dash(address.division_name), or_dash(address.postcode), address.detail});
  }
  return aligned_table(rows);
}

int run_add(Context& ctx, const AddressArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  AddressRequest request;
  request.recipient = args.recipient;
  request.phone = args.phone;
  request.division = args.division;
  request.detail = args.detail;
  request.postcode = args.postcode;
  request.make_default = args.make_default;
  auto address =
      session->registry->add_address(session->actor, codes::normalize(args.account), request);
  if (!address.is_ok()) return ctx.fail(address.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"address", address_json(*address, false)}});
  } else {
    ctx.out().text("added " + address_text(*address));
  }
  return kExitOk;
}

int run_list(Context& ctx, const AddressArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string account = codes::normalize(args.account);
  auto addresses = session->registry->addresses(session->actor, account, args.reveal);
  if (!addresses.is_ok()) return ctx.fail(addresses.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Address& address : *addresses) list.push_back(address_json(address, args.reveal));
    ctx.out().json({{"ok", true}, {"unit", account}, {"addresses", list}});
    return kExitOk;
  }
  if (addresses->empty()) {
    ctx.out().note("no delivery addresses for " + account + "\n");
    return kExitOk;
  }
  ctx.out().text(address_table(*addresses, args.reveal));
  return kExitOk;
}

int print_done(Context& ctx, const std::string& account, std::int64_t id, const std::string& text) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"unit", account}, {"id", id}});
  } else {
    ctx.out().text(text + "\n");
  }
  return kExitOk;
}

int run_default(Context& ctx, const AddressArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string account = codes::normalize(args.account);
  const Status done = session->registry->set_default_address(session->actor, account, args.id);
  if (!done.is_ok()) return ctx.fail(done);
  return print_done(ctx, account, args.id,
                    "address " + std::to_string(args.id) + " is now the default of " + account);
}

int run_remove(Context& ctx, const AddressArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string account = codes::normalize(args.account);
  const Status done = session->registry->remove_address(session->actor, account, args.id);
  if (!done.is_ok()) return ctx.fail(done);
  return print_done(ctx, account, args.id,
                    "removed address " + std::to_string(args.id) + " of " + account);
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<AddressArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_address(CLI::App& app, Context& ctx) {
  CLI::App* address = app.add_subcommand("address", "delivery addresses for badges (ADR-1)");
  address->require_subcommand(1);
  auto args = std::make_shared<AddressArgs>();

  CLI::App* add = address->add_subcommand("add", "add a delivery address (at most five)");
  add->add_option("--unit", args->account, "the unit's account")->required();
  add->add_option("--recipient", args->recipient, "who receives the badges (收件人)")->required();
  add->add_option("--phone", args->phone, "the recipient's mainland mobile")->required();
  add->add_option("--division", args->division,
                  "the county-level division code (GB/T 2260), e.g. 310115")
      ->required();
  add->add_option("--detail", args->detail, "street, number, building (详细地址)")->required();
  add->add_option("--postcode", args->postcode, "6-digit postcode");
  add->add_flag("--default", args->make_default,
                "make it the default (the first address always is)");
  add->footer(
      "Example:\n  ciie address add --unit 91310115591693856A --recipient 张三 --phone 13812345678 "
      "\\\n"
      "      --division 310115 --detail '世纪大道 100 号 8 楼' --postcode 200120 --default");
  on_run(add, ctx, args, run_add);

  CLI::App* list = address->add_subcommand("list", "a unit's addresses, the default first");
  list->add_option("--unit", args->account, "the unit's account")->required();
  list->add_flag("--reveal", args->reveal, "phones in full (organizer only; audited)");
  list->footer("Example:\n  ciie address list --unit 91310115591693856A");
  on_run(list, ctx, args, run_list);

  CLI::App* make_default = address->add_subcommand("default", "make an address the default");
  make_default->add_option("--unit", args->account, "the unit's account")->required();
  make_default->add_option("ID", args->id, "the address id")->required();
  make_default->footer("Example:\n  ciie address default --unit 91310115591693856A 2");
  on_run(make_default, ctx, args, run_default);

  CLI::App* remove = address->add_subcommand(
      "remove", "remove an address (removing the default makes the oldest left the default)");
  remove->add_option("--unit", args->account, "the unit's account")->required();
  remove->add_option("ID", args->id, "the address id")->required();
  remove->footer("Example:\n  ciie address remove --unit 91310115591693856A 1");
  on_run(remove, ctx, args, run_remove);
}

}  // namespace ciie::cli
