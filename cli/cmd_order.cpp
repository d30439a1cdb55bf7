// `ciie order create|show|list|cancel|expire`: badge orders (ORD-1..4). An order covers persons
// of an approved unit awaiting payment and is priced once from the badge fees (0 for a free
// badge); a total of 0 is settled at once. Unpaid orders can be cancelled and expire by the
// clock; `expire` applies every expiry due (the other commands apply those they touch).
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "order_render.hpp"
#include "person_render.hpp"

namespace ciie::cli {
namespace {

struct OrderArgs {
  std::string account;
  std::vector<std::string> persons;
  std::string expect_total;
  std::string number;
  std::string state;
  int limit = 1000;
  std::string reason;
};

int print_order(Context& ctx, const Order& order, const std::string& prefix) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"order", order_json(order)}});
  } else {
    ctx.out().text(prefix + order_text(order));
  }
  return kExitOk;
}

Result<OrderRequest> build_request(const OrderArgs& args) {
  OrderRequest request;
  if (!args.persons.empty()) {
    CIIE_ASSIGN_OR_RETURN(request.persons, parse_ids(args.persons, "--persons"));
  }
  if (!args.expect_total.empty()) {
    auto total = Money::parse(args.expect_total);
    if (!total.is_ok()) {
      return Status(total.status().code(), total.status().reason(),
                    "--expect-total: " + total.status().message());
    }
    if (total->is_negative()) {
      return Status::invalid_input("money.format", "--expect-total cannot be negative");
    }
    request.expect_total = *total;
  }
  return request;
}

int run_create(Context& ctx, const OrderArgs& args) {
  auto request = build_request(args);
  if (!request.is_ok()) return ctx.fail(request.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto order =
      session->registry->create_order(session->actor, codes::normalize(args.account), *request);
  if (!order.is_ok()) return ctx.fail(order.status());
  print_order(ctx, *order, "created ");
  if (!ctx.out().json_mode() && is_open(order->state)) {
    ctx.out().text("pay it: ciie pay " + order->number +
                   " --method qr:wechat|qr:alipay|qr:unionpay|b2b|transfer\n");
  }
  return kExitOk;
}

int run_show(Context& ctx, const OrderArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto order = session->registry->order(session->actor, normalize_order_number(args.number));
  if (!order.is_ok()) return ctx.fail(order.status());
  return print_order(ctx, *order, "");
}

int run_list(Context& ctx, const OrderArgs& args) {
  OrderFilter filter;
  if (!args.state.empty()) {
    filter.state = parse_order_state(args.state);
    if (!filter.state) {
      return ctx.fail(Status::invalid_input(
          "usage", "unknown --state '" + args.state +
                       "' (awaiting_payment, paid, settled, cancelled or expired)"));
    }
  }
  filter.unit = args.account.empty() ? std::string() : codes::normalize(args.account);
  filter.limit = args.limit;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto orders = session->registry->orders(session->actor, filter);
  if (!orders.is_ok()) return ctx.fail(orders.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Order& order : *orders) list.push_back(order_json(order));
    ctx.out().json({{"ok", true}, {"orders", list}});
    return kExitOk;
  }
  if (orders->empty()) {
    ctx.out().note("no orders match\n");
    return kExitOk;
  }
  ctx.out().text(order_table(*orders));
  return kExitOk;
}

int run_cancel(Context& ctx, const OrderArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto order = session->registry->cancel_order(session->actor, normalize_order_number(args.number),
                                               args.reason);
  if (!order.is_ok()) return ctx.fail(order.status());
  print_order(ctx, *order, "cancelled ");
  if (!ctx.out().json_mode()) {
    ctx.out().text("its persons await payment again; free places were given back\n");
  }
  return kExitOk;
}

int run_expire(Context& ctx, const OrderArgs&) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto expired = session->registry->expire_orders(session->actor);
  if (!expired.is_ok()) return ctx.fail(expired.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Order& order : *expired) list.push_back(order_json(order));
    ctx.out().json({{"ok", true}, {"expired", list}});
    return kExitOk;
  }
  std::string text = "expired " + std::to_string(expired->size()) +
                     (expired->size() == 1 ? " order" : " orders") + "\n";
  for (const Order& order : *expired) {
    text += "  " + order.number + "  " + order.unit + "  " + yuan(order.total) + "\n";
  }
  ctx.out().text(text);
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<OrderArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_order(CLI::App& app, Context& ctx) {
  CLI::App* order = app.add_subcommand("order", "badge orders (ORD-1..4)");
  order->require_subcommand(1);
  auto args = std::make_shared<OrderArgs>();

  CLI::App* create =
      order->add_subcommand("create", "order badges for persons of an approved unit");
  create->add_option("--unit", args->account, "the unit's account")->required();
  create
      ->add_option("--persons", args->persons,
                   "person ids, comma-separated (default: every person awaiting payment)")
      ->type_name("ID,…");
  create
      ->add_option("--expect-total", args->expect_total,
                   "the total in yuan you confirm, e.g. 400.00 (order.total_changed if not)")
      ->type_name("YUAN");
  create->footer(
      "Each person must be the unit's, submitted, and in no open order (order.person_busy).\n"
      "A free badge costs 0; a total of 0 is settled at once, with no payment and no invoice.\n"
      "Example:\n  ciie order create --unit 91310115591693856A --persons 1,2 --expect-total "
      "400.00");
  on_run(create, ctx, args, run_create);

  CLI::App* show = order->add_subcommand("show", "one order with its lines");
  show->add_option("NUMBER", args->number, "the order number (V + 23 digits)")->required();
  show->footer("Example:\n  ciie order show V20240603100000123456789");
  on_run(show, ctx, args, run_show);

  CLI::App* list = order->add_subcommand("list", "orders, newest first");
  list->add_option("--unit", args->account, "only this unit's orders");
  list->add_option("--state", args->state, "awaiting_payment, paid, settled, cancelled or expired");
  list->add_option("--limit", args->limit, "at most this many orders")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->footer(
      "A unit sees its own orders, a delegation those of its units, the organizer and finance "
      "all.\nExample:\n  ciie order list --unit 91310115591693856A --state awaiting_payment");
  on_run(list, ctx, args, run_list);

  CLI::App* cancel = order->add_subcommand("cancel", "cancel an unpaid order (ORD-4)");
  cancel->add_option("NUMBER", args->number, "the order number")->required();
  cancel->add_option("--reason", args->reason, "why, kept with the order");
  cancel->footer(
      "Its persons await payment again and its free places are given back.\n"
      "Example:\n  ciie order cancel V20240603100000123456789 --reason '人员变更'");
  on_run(cancel, ctx, args, run_cancel);

  CLI::App* expire = order->add_subcommand(
      "expire", "expire every unpaid order whose time has come (organizer or finance)");
  expire->footer(
      "Orders expire unpaid_expiry_seconds after creation or at the payment deadline; run this\n"
      "from cron to free their persons and places without waiting for the next look.\n"
      "Example:\n  ciie --as finance order expire");
  on_run(expire, ctx, args, run_expire);
}

}  // namespace ciie::cli
