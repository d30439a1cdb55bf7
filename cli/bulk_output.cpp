// The shared half of the bulk commands: input, progress and output.
#include "bulk_output.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include "exit_status.hpp"

namespace ciie::cli {
namespace {

constexpr std::int64_t kProgressEvery = 50;

std::int64_t count_of(const BulkSummary& summary, const std::string& outcome) {
  const auto it = summary.by_outcome.find(outcome);
  return it == summary.by_outcome.end() ? 0 : it->second;
}

bool listed(const BulkStyle& style, const std::string& outcome) {
  return std::find(style.outcomes.begin(), style.outcomes.end(), outcome) != style.outcomes.end();
}

Result<InputFormat> input_format(const BulkInputSpec& spec) {
  if (!spec.format.empty()) {
    const auto format = parse_input_format(spec.format);
    if (!format) {
      return Status::invalid_input("usage",
                                   "unknown --format '" + spec.format + "' (csv or jsonl)");
    }
    return *format;
  }
  const auto format = format_from_path(spec.path);
  if (!format) {
    return Status::invalid_input("usage",
                                 "cannot tell the format of '" + spec.path +
                                     "' from its name: add --format csv or --format jsonl");
  }
  return *format;
}

}  // namespace

Result<std::unique_ptr<BulkInput>> BulkInput::open(const BulkInputSpec& spec,
                                                   const std::vector<std::string>& known,
                                                   const std::vector<std::string>& required) {
  CIIE_ASSIGN_OR_RETURN(const InputFormat format, input_format(spec));
  std::unique_ptr<BulkInput> input(new BulkInput());
  const bool from_stdin = spec.path == "-";
  if (!from_stdin) {
    // A directory opens on Linux but its first read throws: refused before it is opened.
    std::error_code is_dir_error;
    if (std::filesystem::is_directory(spec.path, is_dir_error)) {
      return Status::invalid_input("usage", "'" + spec.path + "' is a directory");
    }
    input->file_.open(spec.path, std::ios::binary);
    if (!input->file_) return Status::invalid_input("usage", "cannot open '" + spec.path + "'");
    std::error_code error;
    if (std::filesystem::is_regular_file(spec.path, error)) {
      input->size_ = static_cast<std::int64_t>(std::filesystem::file_size(spec.path, error));
      if (error) input->size_ = -1;
    }
  }
  ReaderOptions options;
  options.known_columns = known;
  options.required_columns = required;
  options.ignore_unknown = spec.ignore_unknown;
  input->reader_ =
      make_record_reader(from_stdin ? std::cin : input->file_, format, std::move(options));
  return input;
}

double BulkInput::fraction_read() {
  if (size_ <= 0) return -1;
  const std::streamoff at = file_.tellg();  // where the reader's buffer ends: close enough
  if (at < 0) return 1;                     // at the end (eof set)
  return std::min(1.0, static_cast<double>(at) / static_cast<double>(size_));
}

std::vector<std::string> required_decision_columns(const std::vector<std::string>& columns) {
  std::vector<std::string> required;
  for (const std::string& column : columns) {
    if (column != "reason") required.push_back(column);
  }
  return required;
}

BulkPrinter::BulkPrinter(Output& out, BulkStyle style)
    : out_(out),
      style_(std::move(style)),
      progress_enabled_(!out.json_mode() && out.verbosity() >= 0 && isatty(STDERR_FILENO) == 1) {}

BulkPrinter::~BulkPrinter() { clear_progress(); }

RowCallback BulkPrinter::callback() {
  return [this](const RowOutcome& row) { this->row(row); };
}

void BulkPrinter::clear_progress() {
  if (!progress_shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  progress_shown_ = false;
}

void BulkPrinter::row(const RowOutcome& row) {
  ++rows_;
  if (progress_enabled_ && rows_ % kProgressEvery == 0) {
    std::string bar;
    const double fraction = input_ != nullptr ? input_->fraction_read() : -1;
    if (fraction >= 0) {
      constexpr int kWidth = 30;
      const int filled = static_cast<int>(fraction * kWidth);
      bar = "  [" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(kWidth - filled), '-') + "] " +
            std::to_string(static_cast<int>(fraction * 100)) + "%";
    }
    std::fprintf(stderr, "\r%s… %lld %ss%s", style_.progress_label.c_str(),
                 static_cast<long long>(rows_), style_.noun.c_str(), bar.c_str());
    std::fflush(stderr);
    progress_shown_ = true;
  }
  if (out_.json_mode()) {
    out_.json(bulk_row_json(row, style_));
    return;
  }
  if (!row.ok) {
    clear_progress();
    out_.text(bulk_row_text(row, style_));
    return;
  }
  const std::string where =
      style_.lines && row.line > 0 ? "line " + std::to_string(row.line) + ": " : "";
  const std::string text = where + row.outcome + " " + row.subject + "\n";
  if (style_.show_ok_rows) {
    clear_progress();
    out_.text(text);
  } else if (out_.verbosity() > 0) {
    clear_progress();
    out_.note(text);
  }
}

std::string folder_for_row_files(const std::string& given, const std::string& input_path) {
  if (!given.empty()) return given;
  const std::string folder =
      input_path == "-" ? std::string() : std::filesystem::path(input_path).parent_path().string();
  return folder.empty() ? std::string(".") : folder;
}

int run_bulk_import(Context& ctx, const BulkImportSpec& spec, const BulkImportCall& call) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  auto input = BulkInput::open(spec.input, spec.columns, spec.required);
  if (!input.is_ok()) return ctx.fail(input.status());
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  BulkPrinter printer(ctx.out(), spec.style);
  printer.track(**input);
  const auto summary =
      call(**registry, *actor, (*input)->reader(), spec.options, printer.callback());
  return printer.finish(ctx, summary, spec.options.dry_run);
}

int BulkPrinter::finish(Context& ctx, const Result<BulkSummary>& summary, bool dry_run) {
  clear_progress();
  // A reader error that ends the stream (a bad header, not UTF-8): the file as a whole is bad.
  if (!summary.is_ok()) return ctx.fail(summary.status());
  if (out_.json_mode()) {
    out_.json(bulk_summary_json(*summary, style_, dry_run));
  } else {
    out_.text(bulk_summary_text(*summary, style_, dry_run));
  }
  return summary->failed == 0 ? kExitOk : kExitRefused;
}

std::string bulk_row_text(const RowOutcome& row, const BulkStyle& style) {
  // A row of a file is named by its line; one of a query (approve-all) by its subject.
  std::string text = style.lines && row.line > 0 ? "line " + std::to_string(row.line) + ": "
                     : row.subject.empty()       ? std::string()
                                                 : row.subject + ": ";
  text += row.error.reason();
  if (!row.error.field().empty()) text += " (field " + row.error.field() + ")";
  return text + ": " + row.error.message() + "\n";
}

nlohmann::json bulk_row_json(const RowOutcome& row, const BulkStyle& style) {
  nlohmann::json json = nlohmann::json::object();
  if (style.lines && row.line > 0) json["line"] = row.line;
  json["ok"] = row.ok;
  if (row.ok) {
    json["outcome"] = row.outcome;
  } else {
    json["reason"] = row.error.reason();
    if (!row.error.field().empty()) json["field"] = row.error.field();
    json["message"] = row.error.message();
  }
  if (!row.subject.empty()) json[style.subject_key] = row.subject;
  return json;
}

std::string bulk_summary_text(const BulkSummary& summary, const BulkStyle& style, bool dry_run) {
  std::string text =
      std::to_string(summary.rows) + " " + style.noun + (summary.rows == 1 ? "" : "s") + ": ";
  for (const std::string& outcome : style.outcomes) {
    text += std::to_string(count_of(summary, outcome)) + " " + outcome + ", ";
  }
  for (const auto& [outcome, count] : summary.by_outcome) {
    if (!listed(style, outcome)) text += std::to_string(count) + " " + outcome + ", ";
  }
  text += std::to_string(summary.failed) + " failed; ";
  if (summary.applied) return text + "applied\n";
  return text + (dry_run ? "dry run, nothing applied\n" : "nothing applied\n");
}

nlohmann::json bulk_summary_json(const BulkSummary& summary, const BulkStyle& style, bool dry_run) {
  nlohmann::json json = {{"rows", summary.rows},
                         {"ok", summary.ok},
                         {"failed", summary.failed},
                         {"applied", summary.applied},
                         {"dry_run", dry_run}};
  for (const std::string& outcome : style.outcomes) json[outcome] = count_of(summary, outcome);
  for (const auto& [outcome, count] : summary.by_outcome) json[outcome] = count;
  return {{"summary", json}};
}

}  // namespace ciie::cli
