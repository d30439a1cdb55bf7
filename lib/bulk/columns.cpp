// Column rules shared by the CSV and JSON Lines readers.
#include "bulk/columns.hpp"

namespace ciie::bulk {

ColumnPolicy::ColumnPolicy(const ReaderOptions& options)
    : known_(options.known_columns.begin(), options.known_columns.end()),
      required_(options.required_columns),
      ignore_unknown_(options.ignore_unknown) {}

bool ColumnPolicy::is_known(std::string_view name) const {
  return known_.empty() || known_.find(name) != known_.end();
}

Status unknown_column_error(const std::string& name, long line) {
  return Status::invalid_input("bulk.unknown_column",
                               "unknown column \"" + name + "\"")
      .at(line, name);
}

Status missing_column_error(const std::string& name, std::string_view where, long line) {
  return Status::invalid_input("bulk.missing_column", "the required column \"" + name +
                                                          "\" is missing from " +
                                                          std::string(where))
      .at(line, name);
}

}  // namespace ciie::bulk
