// Bank statement lines (PAY-3): reading one CSV/JSONL record of a statement into values, and the
// checksum that makes re-importing a statement change nothing.
#pragma once

#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/money.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie::payment {

// One credit or debit line. Columns (docs/payment.md): date, amount, payer_name, payer_account,
// remark (required), reference (optional).
struct StatementEntry {
  Date booked_on;
  Money amount;  // positive for money in; a debit is negative
  std::string payer_name;
  std::string payer_account;
  std::string remark;
  std::string reference;
};

const std::vector<std::string>& statement_columns();
const std::vector<std::string>& statement_required_columns();

// Reads one record. `date` is YYYY-MM-DD (also YYYY/MM/DD and YYYYMMDD); `amount` is yuan text
// with up to two decimals, optionally with thousands separators in groups of three (1,200.00)
// or a leading sign; 0 is allowed. Surrounding white space is trimmed, except from the remark,
// which is kept as the bank gave it; an absent column reads as "". Errors (kInvalidInput, line()
// from the record and field() set): statement.date, statement.amount, statement.payer (name
// missing or blank, or a text field over 200 bytes).
Result<StatementEntry> parse_statement_record(const Record& record);

// Lower-case hex SHA-256 over a length-prefixed encoding of the normalised fields (date, amount
// in fen, then payer name, account, remark and reference, each with runs of white space
// collapsed to one space and trimmed) and `occurrence` (1 for the first line with these fields
// in a file, 2 for an identical second one, …), so that two genuinely identical lines both count
// and a re-import of the same file matches every line again.
std::string statement_checksum(const StatementEntry& entry, int occurrence);

}  // namespace ciie::payment
