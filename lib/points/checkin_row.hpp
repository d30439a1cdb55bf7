// One row of a check-in file (PTS-1 attendance): which person, when, through which gate. The
// person is named by its id, or by its document (kind, default cn_id, and number).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/codes.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie::points {

struct CheckinRow {
  std::int64_t person = 0;  // 0 when the row names a document
  codes::DocumentKind document_kind = codes::DocumentKind::kCnId;
  std::string document;  // canonical number, "" when the row names a person id
  std::string badge;     // the badge number as the gate read it, may be ""
  Instant checked_in;
  std::string gate;  // may be ""
};

// The columns a check-in file may have, and those it must have.
const std::vector<std::string>& checkin_columns();
const std::vector<std::string>& checkin_required_columns();

// Reads and checks a row. Errors (with the record's line and the field): checkin.person (neither
// or both of person and document, or a person id that is not a positive integer),
// checkin.document_kind, id.* (the document number), time.format (checked_in).
Result<CheckinRow> parse_checkin_row(const Record& record, const Date& today);

}  // namespace ciie::points
