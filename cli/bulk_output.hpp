// What every bulk command shares (cli.md "Output", domain §15): opening the input file (CSV or
// JSON Lines, '-' for stdin) into a RecordReader, a row counter on stderr for terminals, and the
// output — one line per refused row (`line N: reason (field F): message`) and a summary for
// people; JSON Lines, one object per row and a last {"summary":{…}}, with --json.
// run_bulk_import is the whole of a file import command. `ciie register --from` predates this and
// keeps its own copy (cmd_register.cpp).
#pragma once

#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/registry.hpp"

#include "context.hpp"

namespace ciie::cli {

// Which file and how to read it.
struct BulkInputSpec {
  std::string path;    // '-' reads standard input
  std::string format;  // "csv" or "jsonl"; "" = from the file name
  bool ignore_unknown = false;
};

// An open bulk input: the file (unless stdin) and the reader over it.
// Thread-safety: not thread-safe.
class BulkInput {
 public:
  // Errors (usage): an unknown --format, a name whose format cannot be told, a file that cannot
  // be opened. `required`: the columns that must be present.
  static Result<std::unique_ptr<BulkInput>> open(const BulkInputSpec& spec,
                                                 const std::vector<std::string>& known,
                                                 const std::vector<std::string>& required);
  RecordReader& reader() { return *reader_; }
  // How much of the file has been read, 0–1; negative when it cannot be told (stdin, a pipe).
  double fraction_read();

 private:
  BulkInput() = default;
  std::ifstream file_;
  std::int64_t size_ = -1;  // bytes of a regular file, else -1
  std::unique_ptr<RecordReader> reader_;
};

// The columns of `columns` a file must have: all but the optional "reason" of a decisions file.
std::vector<std::string> required_decision_columns(const std::vector<std::string>& columns);

// How one bulk command reports.
struct BulkStyle {
  std::string subject_key = "subject";  // JSON key for RowOutcome::subject: "person", "unit"
  std::vector<std::string> outcomes;    // counted in the summary even when 0, in this order
  std::string noun = "row";             // "3 rows: …"; "unit" for approve-all
  std::string progress_label = "working";
  bool show_ok_rows = false;  // people also see each ok row (approve-all: which units)
  bool lines = true;          // rows come from a file; false: from a query, lines mean nothing
};

// Prints rows as the library reports them and the summary at the end.
// Thread-safety: not thread-safe.
class BulkPrinter {
 public:
  BulkPrinter(Output& out, BulkStyle style);
  ~BulkPrinter();
  BulkPrinter(const BulkPrinter&) = delete;
  BulkPrinter& operator=(const BulkPrinter&) = delete;

  // The RowCallback to hand to the library.
  RowCallback callback();
  // Draws the progress counter as a bar of the input read so far (BulkInput::fraction_read).
  void track(BulkInput& input) { input_ = &input; }
  // Prints the summary, or the failure that ended the input (a bad header: exit 2), and returns
  // the exit status: 0 when every row was ok, 1 when any was refused.
  int finish(Context& ctx, const Result<BulkSummary>& summary, bool dry_run);

 private:
  void row(const RowOutcome& row);
  void clear_progress();

  Output& out_;
  BulkStyle style_;
  bool progress_enabled_ = false;
  bool progress_shown_ = false;
  std::int64_t rows_ = 0;
  BulkInput* input_ = nullptr;
};

// The folder that files named in the rows (photos, scans) are relative to: `given` when set, else
// the input file's own folder ("." for stdin or a bare name), so a folder of rows and files moves
// as one.
std::string folder_for_row_files(const std::string& given, const std::string& input_path);

// One file import as its command line asks for it: the file, the columns the library knows and
// requires, how to apply the rows and how to report them.
struct BulkImportSpec {
  BulkInputSpec input;
  std::vector<std::string> columns;
  std::vector<std::string> required;
  BulkOptions options;
  BulkStyle style;
};

// The library call of one import: reads `reader` and reports each row to `on_row`.
using BulkImportCall = std::function<Result<BulkSummary>(
    Registry& registry, const Actor& actor, RecordReader& reader, const BulkOptions& options,
    const RowCallback& on_row)>;

// The whole of a file import command: the actor, the input file, the store, then `call` with a
// printer that tracks the file; prints every refused row and the summary and returns the exit
// status (BulkPrinter::finish). Errors are printed, not returned.
int run_bulk_import(Context& ctx, const BulkImportSpec& spec, const BulkImportCall& call);

// "line 12: person.duplicate (field document_number): …", as register --from prints them; a
// row without a line (approve-all) starts with its subject instead.
std::string bulk_row_text(const RowOutcome& row, const BulkStyle& style);
// {"line":…,"ok":…,"outcome"|"reason":…, subject_key: …}; no "line" for the rows of a query
// (style.lines false).
nlohmann::json bulk_row_json(const RowOutcome& row, const BulkStyle& style);
// "3 rows: 2 added, 0 unchanged, 1 failed; nothing applied".
std::string bulk_summary_text(const BulkSummary& summary, const BulkStyle& style, bool dry_run);
nlohmann::json bulk_summary_json(const BulkSummary& summary, const BulkStyle& style, bool dry_run);

}  // namespace ciie::cli
