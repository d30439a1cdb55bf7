// The options of `ciie pay`, shared by its payer half (cmd_pay.cpp: `pay ORDER --method …`,
// `notify`, `proof`, `list`) and its finance half (cmd_pay_finance.cpp: `review`,
// `import-statement`). `pay` takes the positional ORDER itself and also has subcommands: CLI11
// matches a subcommand name first, and an order number (V + 23 digits) is never one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "ciie/status.hpp"

#include "context.hpp"

namespace ciie::cli {

struct PayArgs {
  // `pay ORDER --method M [--qr-png FILE] [--no-qr] [--qr-invert]`
  std::string order;  // the positional of `pay` itself; empty when a subcommand was chosen
  std::string method;
  std::string qr_png;
  bool no_qr = false;
  bool qr_invert = false;
  // notify
  std::string body_file;
  std::string signature;
  // proof (ORDER is its own positional), list
  std::string proof_order;
  std::string payer_name;
  std::string payer_account;
  std::string amount;
  std::string date;
  std::string proof_file;
  std::string list_order;
  // review
  std::int64_t payment_id = 0;
  CLI::Option* payment_option = nullptr;
  bool confirm = false;
  bool reject = false;
  bool force = false;
  std::string reason;
  std::int64_t line_id = 0;
  CLI::Option* line_option = nullptr;
  std::string assign_order;
  bool discard = false;
  std::string save_proof;
  // import-statement
  std::string statement;
  std::string format;
  bool dry_run = false;
  bool continue_on_error = false;
  bool ignore_unknown = false;
};

// Registers `pay review` and `pay import-statement` on `pay` (cmd_pay_finance.cpp).
void add_pay_finance_commands(CLI::App* pay, Context& ctx, std::shared_ptr<PayArgs> args);

// Runs `run` as the command's action when `cmd` was chosen on the command line.
template <typename Run>
void on_pay_run(CLI::App* cmd, Context& ctx, std::shared_ptr<PayArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

// Refuses the options of `pay ORDER --method …` on a subcommand (CLI11 lets a subcommand's
// unknown options fall through to `pay`, so `pay notify --method b2b` would otherwise parse).
// Errors: usage.
Status no_pay_options(const PayArgs& args, const std::string& subcommand);

}  // namespace ciie::cli
