// `ciie export units|persons|orders|invoices`: this edition's rows as CSV or JSON Lines, streamed
// from the store to stdout or to --out FILE (docs/stats-export.md). Masked unless --reveal (the
// organizer, audited). A file is written beside FILE and renamed into place when complete, so a
// failed export never leaves half a file under FILE's name.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "context.hpp"
#include "exit_status.hpp"
#include "help_reference.hpp"

namespace ciie::cli {
namespace {

struct ExportArgs {
  std::string kind;
  std::string format;  // "" = from --out's extension (.jsonl), else csv
  std::string out;
  std::string delegation;
  bool reveal = false;
  bool force = false;
};

// Where --out may write: its directory exists, it is not a directory, and an existing file is
// replaced only with --force. Errors: usage, output.exists.
Status check_out_path(const std::string& path, bool force) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return Status::invalid_input(
        "usage", "cannot write the export to '" + path + "': no directory '" + dir.string() + "'");
  }
  if (std::filesystem::is_directory(path, error)) {
    return Status::invalid_input("usage",
                                 "cannot write the export to '" + path + "': it is a directory");
  }
  if (!force && std::filesystem::exists(path, error)) {
    return Status::conflict("output.exists", "'" + path + "' exists: --force replaces it")
        .with_detail("file", path);
  }
  return Status::ok();
}

Result<ExportRequest> request_of(const ExportArgs& args) {
  ExportRequest request;
  const auto kind = parse_export_kind(args.kind);
  if (!kind) {
    return Status::invalid_input("export.kind", "unknown export '" + args.kind +
                                                    "' (units, persons, orders or invoices)")
        .in_field("kind");
  }
  request.kind = *kind;
  std::string format = args.format;
  if (format.empty()) {
    format = std::filesystem::path(args.out).extension() == ".jsonl" ? "jsonl" : "csv";
  }
  const auto parsed = parse_export_format(format);
  if (!parsed) {
    return Status::invalid_input("export.format",
                                 "unknown --format '" + format + "' (csv or jsonl)")
        .in_field("format");
  }
  request.format = *parsed;
  request.delegation = args.delegation;
  request.reveal = args.reveal;
  return request;
}

int run_export(Context& ctx, const ExportArgs& args) {
  auto request = request_of(args);
  if (!request.is_ok()) return ctx.fail(request.status());
  if (args.out.empty() && ctx.out().json_mode()) {
    return ctx.fail(Status::invalid_input(
        "usage", "the export goes to stdout, which --json keeps for its one document: use --out"));
  }
  if (args.force && args.out.empty()) {
    return ctx.fail(Status::invalid_input("usage", "--force goes with --out FILE"));
  }
  if (!args.out.empty()) {
    const Status path = check_out_path(args.out, args.force);
    if (!path.is_ok()) return ctx.fail(path);
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());

  const std::string part = args.out + ".part";
  std::ofstream file;
  if (!args.out.empty()) {
    file.open(part, std::ios::binary | std::ios::trunc);
    if (!file) {
      return ctx.fail(Status::storage("output.write", "cannot write '" + part + "'")
                          .with_detail("file", args.out));
    }
  }
  const ExportSink sink = [&](std::string_view text) -> Status {
    if (args.out.empty()) {
      if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
        return Status::storage("output.write", "cannot write the export to stdout");
      }
      return Status::ok();
    }
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!file) {
      return Status::storage("output.write", "cannot write '" + part + "'")
          .with_detail("file", args.out);
    }
    return Status::ok();
  };
  auto summary = session->registry->export_data(session->actor, *request, sink);
  if (!args.out.empty()) {
    file.close();
    std::error_code error;
    if (!summary.is_ok() || !file) {
      std::filesystem::remove(part, error);
      if (summary.is_ok()) {
        return ctx.fail(Status::storage("output.write", "cannot write '" + args.out + "'")
                            .with_detail("file", args.out));
      }
    } else {
      std::filesystem::rename(part, args.out, error);
      if (error) {
        std::filesystem::remove(part, error);
        return ctx.fail(Status::storage("output.write", "cannot write '" + args.out + "'")
                            .with_detail("file", args.out));
      }
    }
  } else {
    std::fflush(stdout);
  }
  if (!summary.is_ok()) return ctx.fail(summary.status());
  const std::string kind(to_string(summary->kind));
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"kind", kind},
                    {"format", std::string(to_string(summary->format))},
                    {"rows", summary->rows},
                    {"revealed", summary->revealed},
                    {"out", args.out}});
  } else {
    ctx.out().note("exported " + std::to_string(summary->rows) + " " + kind +
                   (summary->revealed ? " (revealed)" : " (masked)") +
                   (args.out.empty() ? std::string() : " to " + args.out) + "\n");
  }
  return kExitOk;
}

}  // namespace

void setup_export(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "units, persons, orders or invoices as CSV/JSONL");
  cmd->add_option("kind", args->kind, "units, persons, orders or invoices")->required();
  cmd->add_option("--format", args->format, "csv or jsonl (default: jsonl for a .jsonl --out)")
      ->check(choices({"csv", "jsonl"}));  // a bad one: export.format, from run_export
  cmd->add_option("--out", args->out, "write to this file (default: stdout)");
  cmd->add_flag("--force", args->force, "replace an existing --out file");
  cmd->add_option("--delegation", args->delegation,
                  "only the rows of this delegation's or sub-delegation's units");
  cmd->add_flag("--reveal", args->reveal,
                "phones, e-mails and document numbers in full (organizer; audited)");
  cmd->footer(
      "Columns: docs/stats-export.md (those of units and persons are the import formats').\n"
      "In CSV, text starting with = + - @ TAB or CR gets a leading ' (no formulas), except a\n"
      "plain number such as an E.164 phone. The organizer exports everything, a delegation its\n"
      "own units' rows, finance orders and invoices.\nExamples:\n"
      "  ciie export units --out units.csv\n  ciie export persons --format jsonl "
      "--delegation shanghai > persons.jsonl\n  ciie export units --reveal --out units.csv");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_export(ctx, *args); }); });
}

}  // namespace ciie::cli
