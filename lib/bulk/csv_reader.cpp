// The CSV RecordReader: checks the header once (every header problem is reported, then the stream
// ends), then maps each scanned row to a Record by column name, empty cells left out.
#include <algorithm>
#include <deque>
#include <set>
#include <utility>

#include "bulk/columns.hpp"
#include "bulk/csv_scanner.hpp"
#include "bulk/readers.hpp"

namespace ciie::bulk {
namespace {

std::string_view trim_blanks(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "1 cell", "3 cells".
std::string count_of(std::size_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// The header may be one long line but no more: its cells are all kept.
CsvLimits header_limits(const ReaderOptions& options) {
  return CsvLimits{options.max_field_bytes, options.max_line_bytes, options.max_line_bytes,
                   SIZE_MAX};
}

// A data row keeps at most one cell per column, so it holds at most columns × max_field_bytes.
CsvLimits row_limits(const ReaderOptions& options, std::size_t columns) {
  return CsvLimits{options.max_field_bytes, options.max_line_bytes, SIZE_MAX, columns};
}

// Thread-safety: not thread-safe.
class CsvReader final : public RecordReader {
 public:
  CsvReader(std::istream& input, ReaderOptions options)
      : policy_(options), scanner_(input, header_limits(options)), options_(std::move(options)) {}

  Result<std::optional<Record>> next() override;
  bool ended() const override { return ended_; }

 private:
  void read_header();
  void check_header_names(const std::vector<std::string>& cells, long line);
  Status located(CsvRow& row) const;
  Result<std::optional<Record>> to_record(CsvRow& row) const;

  ColumnPolicy policy_;
  CsvScanner scanner_;
  ReaderOptions options_;
  bool header_read_ = false;
  bool ended_ = false;               // no record follows (the header failed or the input ended)
  std::vector<std::string> columns_;  // header names, trimmed
  std::vector<bool> keep_;            // per column: copied into records
  std::deque<Status> pending_;        // header problems not yet returned
};

Result<std::optional<Record>> CsvReader::next() {
  if (!header_read_) read_header();
  if (!pending_.empty()) {
    Status error = std::move(pending_.front());
    pending_.pop_front();
    return error;
  }
  if (ended_) return std::optional<Record>();
  std::optional<CsvRow> row = scanner_.next_row();
  if (!row) {
    ended_ = true;
    return std::optional<Record>();
  }
  if (row->fatal) ended_ = true;
  if (!row->error.is_ok()) return located(*row);
  return to_record(*row);
}

// Queues every problem with the header; any one of them ends the stream.
void CsvReader::read_header() {
  header_read_ = true;
  std::optional<CsvRow> row = scanner_.next_row();
  if (!row) {
    pending_.push_back(
        Status::invalid_input("bulk.syntax", "the input is empty; CSV input starts with a header row")
            .at(1));
  } else if (!row->error.is_ok()) {
    pending_.push_back(std::move(row->error).at(row->line));
  } else {
    check_header_names(row->cells, row->line);
    for (const std::string& name : policy_.required()) {
      if (std::find(columns_.begin(), columns_.end(), name) == columns_.end()) {
        pending_.push_back(missing_column_error(name, "the header", row->line));
      }
    }
  }
  ended_ = !pending_.empty();
  scanner_.set_limits(row_limits(options_, columns_.size()));
}

void CsvReader::check_header_names(const std::vector<std::string>& cells, long line) {
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string name(trim_blanks(cells[i]));
    const bool known = policy_.is_known(name);
    if (name.empty()) {
      pending_.push_back(Status::invalid_input("bulk.column", "column " + std::to_string(i + 1) +
                                                                  " of the header has no name")
                             .at(line));
    } else if (!seen.insert(name).second) {
      pending_.push_back(
          Status::invalid_input("bulk.column", "the column \"" + name + "\" appears twice")
              .at(line, name));
    } else if (!known && !policy_.ignore_unknown()) {
      pending_.push_back(unknown_column_error(name, line));
    }
    keep_.push_back(known && !name.empty());
    columns_.push_back(std::move(name));
  }
}

// The row's problem with its line and the name of the column it is in.
Status CsvReader::located(CsvRow& row) const {
  std::string field = row.error_cell < columns_.size() ? columns_[row.error_cell] : std::string();
  return std::move(row.error).at(row.line, std::move(field));
}

Result<std::optional<Record>> CsvReader::to_record(CsvRow& row) const {
  if (row.cell_count != columns_.size()) {
    // Name the first column without a cell when the row is short.
    std::string field = row.cell_count < columns_.size() ? columns_[row.cell_count] : "";
    return Status::invalid_input("bulk.syntax", "the row has " + count_of(row.cell_count, "cell") +
                                                    "; the header has " +
                                                    count_of(columns_.size(), "column"))
        .at(row.line, std::move(field));
  }
  Record record;
  record.line = row.line;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (keep_[i] && !row.cells[i].empty()) record.fields.emplace(columns_[i], std::move(row.cells[i]));
  }
  return std::optional<Record>(std::move(record));
}

}  // namespace

std::unique_ptr<RecordReader> make_csv_reader(std::istream& input, ReaderOptions options) {
  return std::make_unique<CsvReader>(input, std::move(options));
}

}  // namespace ciie::bulk
