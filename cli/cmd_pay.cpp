// `ciie pay ORDER --method qr:wechat|qr:alipay|qr:unionpay|b2b|transfer`: start paying an order
// (PAY-1) — a QR code to scan (drawn in the terminal, and as a PNG with --qr-png), a URL for the
// corporate online bank, or the account to transfer to; `pay notify` takes a gateway's signed
// notice (PAY-2; the signature is the credential, no actor); `pay proof` records a transfer
// with its remittance proof (PAY-3, PAY-4); `pay list` shows an order's payments. Finance's
// half (`review`, `import-statement`) is in cmd_pay_finance.cpp.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "exit_status.hpp"
#include "order_render.hpp"
#include "pay_args.hpp"
#include "payment_render.hpp"
#include "qr_render.hpp"

namespace ciie::cli {
namespace {

// A gateway notice is a small JSON document; anything this large is not one.
constexpr std::size_t kMaxNoticeBytes = 1 << 20;

bool is_qr(PaymentMethod method) {
  return method == PaymentMethod::kQrWechat || method == PaymentMethod::kQrAlipay ||
         method == PaymentMethod::kQrUnionpay;
}

// The bytes of `path` ('-': standard input), exactly as stored, at most max_bytes + 1 of them
// (a larger input is not read whole: the caller or the library refuses it by its size).
// Errors: usage (no such file, not a regular file, unreadable), naming `what`.
Result<std::string> read_input_bytes(const std::string& path, std::size_t max_bytes,
                                     const std::string& what) {
  std::string bytes(max_bytes + 1, '\0');
  if (path == "-") {
    const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), stdin);
    if (std::ferror(stdin)) {
      return Status::invalid_input("usage", "cannot read the " + what + " from standard input");
    }
    bytes.resize(got);
    return bytes;
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::invalid_input(
        "usage",
        "cannot read the " + what + " '" + path +
            "': " + (std::filesystem::exists(path, error) ? "not a regular file" : "no such file"));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Status::invalid_input("usage",
                                 "cannot read the " + what + " '" + path + "': permission denied");
  }
  file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (file.bad()) {
    return Status::invalid_input("usage", "cannot read the " + what + " '" + path + "'");
  }
  bytes.resize(static_cast<std::size_t>(file.gcount()));
  return bytes;
}

Result<PaymentMethod> parse_method(const std::string& text) {
  const auto method = parse_payment_method(text);
  if (!method) {
    return Status::invalid_input("usage", "unknown --method '" + text +
                                              "' (qr:wechat, qr:alipay, qr:unionpay, b2b or "
                                              "transfer)");
  }
  return *method;
}

// The QR code of a started qr payment: the PNG when asked (before anything is printed, so that
// --json can still report a failure as its one document), then the drawing for people.
int finish_qr(Context& ctx, const PayArgs& args, const PaymentStart& start) {
  auto code = encode_qr(start.payment.qr_content);
  Status png = code.status();
  if (code.is_ok() && !args.qr_png.empty()) png = write_qr_png(*code, args.qr_png);
  if (!png.is_ok()) {
    // The payment exists: say which, so it can be paid (or the code drawn) again.
    Status failed = png;
    failed.with_detail("payment", std::to_string(start.payment.id))
        .with_detail("qr_content", start.payment.qr_content);
    if (!ctx.out().json_mode()) ctx.out().text(payment_start_text(start));
    return ctx.fail(failed);
  }
  if (ctx.out().json_mode()) {
    nlohmann::json json = payment_start_json(start);
    if (!args.qr_png.empty()) json["qr_png"] = args.qr_png;
    ctx.out().json(json);
    return kExitOk;
  }
  std::string text = payment_start_text(start);
  if (!args.no_qr) {
    text +=
        "\n" +
        qr_terminal_text(*code, args.qr_invert ? QrTheme::kDarkOnLight : QrTheme::kLightOnDark) +
        "\n";
  }
  if (!args.qr_png.empty()) text += "QR code written to " + args.qr_png + "\n";
  text += "scan it with " + method_label(start.payment.method) +
          "; the gateway's notice confirms the payment (ciie order show " + start.order.number +
          ")\n";
  ctx.out().text(text);
  return kExitOk;
}

int run_start(Context& ctx, const PayArgs& args) {
  if (args.order.empty()) {
    return ctx.fail(Status::invalid_input(
        "usage",
        "pay needs ORDER --method … or a subcommand (notify, proof, list, review, "
        "import-statement; see `ciie pay --help`)"));
  }
  if (args.method.empty()) {
    return ctx.fail(Status::invalid_input(
        "usage", "pay ORDER needs --method qr:wechat|qr:alipay|qr:unionpay|b2b|transfer"));
  }
  auto method = parse_method(args.method);
  if (!method.is_ok()) return ctx.fail(method.status());
  if (!is_qr(*method) && (!args.qr_png.empty() || args.no_qr || args.qr_invert)) {
    return ctx.fail(Status::invalid_input(
        "usage", "--qr-png, --no-qr and --qr-invert go with the qr:* methods only"));
  }
  if (!args.qr_png.empty()) {
    // A missing directory is known before the gateway is asked for anything.
    if (Status path = check_png_path(args.qr_png); !path.is_ok()) return ctx.fail(path);
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto start =
      session->registry->start_payment(session->actor, normalize_order_number(args.order), *method);
  if (!start.is_ok()) return ctx.fail(start.status());
  if (is_qr(*method)) return finish_qr(ctx, args, *start);
  if (ctx.out().json_mode()) {
    ctx.out().json(payment_start_json(*start));
  } else {
    ctx.out().text(payment_start_text(*start));
  }
  return kExitOk;
}

int run_notify(Context& ctx, const PayArgs& args) {
  if (Status none = no_pay_options(args, "notify"); !none.is_ok()) return ctx.fail(none);
  auto body = read_input_bytes(args.body_file, kMaxNoticeBytes, "notice body");
  if (!body.is_ok()) return ctx.fail(body.status());
  if (body->size() > kMaxNoticeBytes) {
    return ctx.fail(Status::invalid_input("payment.notice", "the notice body is over 1 MiB"));
  }
  // No actor and no credential: the gateway's signature over the body is checked instead.
  ctx.open_without_credential();
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto outcome = (*registry)->accept_notice(*body, args.signature);
  if (!outcome.is_ok()) return ctx.fail(outcome.status());
  // Every outcome is a notice received and recorded (a flagged one waits for finance, a failed
  // one closes its intent): exit 0, so the gateway does not deliver it again.
  if (ctx.out().json_mode()) {
    ctx.out().json(notice_json(*outcome));
  } else {
    ctx.out().text(notice_text(*outcome));
  }
  return kExitOk;
}

Result<TransferProof> build_proof(Context& ctx, const PayArgs& args) {
  TransferProof proof;
  proof.payer_name = args.payer_name;
  proof.payer_account = args.payer_account;
  auto amount = Money::parse(args.amount);
  if (!amount.is_ok()) {
    return Status(amount.status().code(), amount.status().reason(),
                  "--amount: " + amount.status().message());
  }
  proof.amount = *amount;
  auto date = Date::parse(args.date);
  if (!date.is_ok()) {
    return Status(date.status().code(), date.status().reason(),
                  "--date: " + date.status().message() + " (YYYY-MM-DD)");
  }
  proof.paid_on = *date;
  CIIE_ASSIGN_OR_RETURN(const Rules* rules, ctx.rules());
  // The library's bound for a proof (PAY-3): four photos' worth; one byte more tells it "over".
  const auto limit = static_cast<std::size_t>(rules->registration.photo_max_bytes) * 4;
  CIIE_ASSIGN_OR_RETURN(proof.file, read_input_bytes(args.proof_file, limit, "proof"));
  return proof;
}

int run_proof(Context& ctx, const PayArgs& args) {
  if (Status none = no_pay_options(args, "proof"); !none.is_ok()) return ctx.fail(none);
  auto proof = build_proof(ctx, args);
  if (!proof.is_ok()) return ctx.fail(proof.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto payment = session->registry->submit_transfer_proof(
      session->actor, normalize_order_number(args.proof_order), *proof);
  if (!payment.is_ok()) return ctx.fail(payment.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"payment", payment_json(*payment)}});
    return kExitOk;
  }
  ctx.out().text("recorded transfer: payment " + std::to_string(payment->id) + " (order " +
                 payment->order + ", " + yuan(payment->amount) + " yuan from " +
                 payment->payer_name + ", " + payment->proof_format + " proof)\n" +
                 "  finance reviews it: ciie --as finance pay review\n");
  return kExitOk;
}

int run_list(Context& ctx, const PayArgs& args) {
  if (Status none = no_pay_options(args, "list"); !none.is_ok()) return ctx.fail(none);
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string number = normalize_order_number(args.list_order);
  auto payments = session->registry->payments(session->actor, number);
  if (!payments.is_ok()) return ctx.fail(payments.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Payment& payment : *payments) list.push_back(payment_json(payment));
    ctx.out().json({{"ok", true}, {"order", number}, {"payments", list}});
    return kExitOk;
  }
  if (payments->empty()) {
    ctx.out().note("no payments for order " + number + "\n");
    return kExitOk;
  }
  ctx.out().text(payment_table(*payments));
  return kExitOk;
}

}  // namespace

Status no_pay_options(const PayArgs& args, const std::string& subcommand) {
  if (!args.order.empty() || !args.method.empty() || !args.qr_png.empty() || args.no_qr ||
      args.qr_invert) {
    return Status::invalid_input("usage", "pay " + subcommand +
                                              " takes no ORDER before it, --method or --qr-* "
                                              "(those start a payment: ciie pay ORDER --method …)");
  }
  return Status::ok();
}

void setup_pay(CLI::App& app, Context& ctx) {
  CLI::App* pay = app.add_subcommand("pay", "pay an order; gateway notices; transfers (PAY)");
  pay->require_subcommand(0, 1);
  auto args = std::make_shared<PayArgs>();
  pay->add_option("ORDER", args->order, "the order to pay (with --method)");
  pay->add_option("--method", args->method, "qr:wechat, qr:alipay, qr:unionpay, b2b or transfer")
      ->type_name("METHOD");
  pay->add_option("--qr-png", args->qr_png, "also write the QR code as a PNG (qr methods)")
      ->type_name("FILE");
  pay->add_flag("--no-qr", args->no_qr, "do not draw the QR code in the terminal");
  pay->add_flag("--qr-invert", args->qr_invert,
                "draw for a dark-on-light terminal (default: light text on a dark background)");
  pay->footer(
      "qr:* asks the gateway for a payment code and draws it; b2b prints the bank's pay URL;\n"
      "transfer prints the account to pay into, with the order number as the remark.\n"
      "The terminal drawing assumes light text on a dark background; --qr-invert for the other.\n"
      "Examples:\n  ciie pay V20240603100000123456789 --method qr:wechat --qr-png pay.png\n"
      "  ciie pay V20240603100000123456789 --method transfer");
  // `pay ORDER --method …` runs only when no subcommand was chosen: CLI11 calls a subcommand's
  // callback before its parent's, and the parent must not replace the action then.
  pay->callback([pay, &ctx, args] {
    if (!pay->get_subcommands().empty()) return;
    ctx.set_action([&ctx, args] { return run_start(ctx, *args); });
  });

  CLI::App* notify = pay->add_subcommand("notify", "accept a gateway's signed payment notice");
  notify->add_option("--file", args->body_file, "the notice body, exactly as received ('-': stdin)")
      ->required()
      ->type_name("BODY");
  notify
      ->add_option("--signature", args->signature,
                   "the hex HMAC-SHA256 of the body with the gateway's secret")
      ->required()
      ->type_name("SIG");
  notify->footer(
      "Needs no credential: the signature is checked against the gateway's secret instead.\n"
      "Prints confirmed, duplicate, flagged (kept for finance) or failed; each exits 0, so the\n"
      "gateway stops delivering. payment.signature and payment.stale exit 1.\n"
      "Example:\n  ciie pay notify --file notice.json --signature 3f1c…");
  on_pay_run(notify, ctx, args, run_notify);

  CLI::App* proof = pay->add_subcommand("proof", "record a bank transfer with its proof (PAY-3)");
  proof->add_option("ORDER", args->proof_order, "the order paid")->required();
  proof->add_option("--payer-name", args->payer_name, "the paying unit (fixes the invoice title)")
      ->required();
  proof->add_option("--payer-account", args->payer_account, "the account paid from")->required();
  proof->add_option("--amount", args->amount, "yuan, e.g. 400.00")->required()->type_name("YUAN");
  proof->add_option("--date", args->date, "when it was paid")->required()->type_name("YYYY-MM-DD");
  proof->add_option("--file", args->proof_file, "the remittance proof: PNG, JPEG or PDF")
      ->required()
      ->type_name("FILE");
  proof->footer(
      "Finance confirms or rejects it (ciie --as finance pay review).\nExample:\n"
      "  ciie pay proof V20240603100000123456789 --payer-name 上海示例贸易有限公司 \\\n"
      "      --payer-account 310066771018000123456 --amount 400.00 --date 2024-06-04 "
      "--file receipt.jpg");
  on_pay_run(proof, ctx, args, run_proof);

  CLI::App* list = pay->add_subcommand("list", "the payments of an order, oldest first");
  list->add_option("ORDER", args->list_order, "the order number")->required();
  list->footer("Example:\n  ciie pay list V20240603100000123456789");
  on_pay_run(list, ctx, args, run_list);

  add_pay_finance_commands(pay, ctx, args);
}

}  // namespace ciie::cli
