// ColumnPolicy: which column names a reader keeps, refuses or requires (ReaderOptions), and the
// refusals both readers raise about columns, worded once.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/status.hpp"

namespace ciie::bulk {

// Thread-safety: immutable after construction.
class ColumnPolicy {
 public:
  explicit ColumnPolicy(const ReaderOptions& options);

  // Whether `name` is a known column (every name is, when no list was given).
  bool is_known(std::string_view name) const;
  // Whether unknown columns are dropped silently (true) or refused (false).
  bool ignore_unknown() const { return ignore_unknown_; }
  const std::vector<std::string>& required() const { return required_; }

 private:
  std::set<std::string, std::less<>> known_;
  std::vector<std::string> required_;
  bool ignore_unknown_ = false;
};

// bulk.unknown_column for `name`, first used on `line`.
Status unknown_column_error(const std::string& name, long line);
// bulk.missing_column for the required `name`, absent from `where` ("the header", "the object").
Status missing_column_error(const std::string& name, std::string_view where, long line);

}  // namespace ciie::bulk
