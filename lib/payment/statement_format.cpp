// Bank statement lines (PAY-3): one record's fields into a StatementEntry, and the checksum over
// a length-prefixed encoding of its normalised fields that makes a re-import change nothing.
#include "payment/statement_format.hpp"

#include <string>
#include <string_view>

#include "account/access_token.hpp"

namespace ciie::payment {
namespace {

constexpr std::size_t kMaxText = 200;  // bytes of a payer name, account, remark or reference

std::string_view trim_space(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// The field's text, "" when the column is absent (an optional column, or null in JSON Lines).
std::string_view field_of(const Record& record, const std::string& column) {
  const auto it = record.fields.find(column);
  return it == record.fields.end() ? std::string_view() : std::string_view(it->second);
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Result<Date> parse_booked_on(const Record& record) {
  const std::string_view text = trim_space(field_of(record, "date"));
  const auto error = [&](const std::string& why) {
    return Status::invalid_input("statement.date", why).at(record.line, "date");
  };
  if (text.empty()) return error("the line has no date");
  std::string iso;
  if (text.size() == 8 && all_digits(text)) {  // YYYYMMDD
    iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
          std::string(text.substr(6, 2));
  } else if (text.size() == 10 && text[4] == '/' && text[7] == '/') {  // YYYY/MM/DD
    iso = std::string(text);
    iso[4] = '-';
    iso[7] = '-';
  } else {
    iso = std::string(text);
  }
  Result<Date> date = Date::parse(iso);
  if (!date) {
    return error("date \"" + std::string(text) +
                 "\" is not a day (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)");
  }
  return date;
}

// Grouping commas, when there are any, must split the whole yuan into groups of three digits
// ("1,200.00"); Money::parse alone would take "1,20".
bool grouping_ok(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const std::string_view whole = text.substr(0, text.find('.'));
  if (whole.find(',') == std::string_view::npos) return true;
  std::size_t start = 0;
  for (std::size_t group = 0;; ++group) {
    const std::size_t comma = whole.find(',', start);
    const std::size_t length = (comma == std::string_view::npos ? whole.size() : comma) - start;
    if (group == 0 ? (length < 1 || length > 3) : length != 3) return false;
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

Result<Money> parse_amount(const Record& record) {
  const std::string_view text = trim_space(field_of(record, "amount"));
  const auto error = [&](const std::string& why) {
    return Status::invalid_input("statement.amount", why).at(record.line, "amount");
  };
  if (text.empty()) return error("the line has no amount");
  if (!grouping_ok(text)) {
    return error("amount \"" + std::string(text) + "\" has misplaced thousands separators");
  }
  Result<Money> amount = Money::parse(text);
  if (!amount) {
    return error("amount \"" + std::string(text) +
                 "\" is not yuan with at most two decimals: " + amount.status().message());
  }
  return amount;
}

Result<std::string> text_of(const Record& record, const std::string& column, bool trim) {
  const std::string_view raw = field_of(record, column);
  const std::string_view text = trim ? trim_space(raw) : raw;
  if (text.size() > kMaxText) {
    return Status::invalid_input("statement.payer",
                                 column + " is longer than " + std::to_string(kMaxText) + " bytes")
        .at(record.line, column);
  }
  return std::string(text);
}

// Runs of white space (ASCII and U+3000) as one space, none at either end.
std::string collapse_spaces(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    std::size_t width = 0;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') width = 1;
    if (text.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
      width = kIdeographicSpace.size();
    }
    if (width > 0) {
      pending_space = !out.empty();
      i += width;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
    ++i;
  }
  return out;
}

// Netstring-like: "<length>:<bytes>," so that no choice of field contents can make two different
// lines encode alike.
void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ',';
}

}  // namespace

const std::vector<std::string>& statement_columns() {
  static const std::vector<std::string> kColumns = {"date",          "amount", "payer_name",
                                                    "payer_account", "remark", "reference"};
  return kColumns;
}

const std::vector<std::string>& statement_required_columns() {
  static const std::vector<std::string> kRequired = {"date", "amount", "payer_name",
                                                     "payer_account", "remark"};
  return kRequired;
}

Result<StatementEntry> parse_statement_record(const Record& record) {
  StatementEntry entry;
  CIIE_ASSIGN_OR_RETURN(entry.booked_on, parse_booked_on(record));
  CIIE_ASSIGN_OR_RETURN(entry.amount, parse_amount(record));
  CIIE_ASSIGN_OR_RETURN(entry.payer_name, text_of(record, "payer_name", /*trim=*/true));
  if (entry.payer_name.empty()) {
    return Status::invalid_input("statement.payer", "the line has no payer_name")
        .at(record.line, "payer_name");
  }
  CIIE_ASSIGN_OR_RETURN(entry.payer_account, text_of(record, "payer_account", true));
  CIIE_ASSIGN_OR_RETURN(entry.remark, text_of(record, "remark", /*trim=*/false));
  CIIE_ASSIGN_OR_RETURN(entry.reference, text_of(record, "reference", true));
  return entry;
}

std::string statement_checksum(const StatementEntry& entry, int occurrence) {
  std::string encoded;
  append_field(encoded, "ciie-statement-line-v1");
  append_field(encoded, entry.booked_on.to_string());
  append_field(encoded, std::to_string(entry.amount.fen()));
  append_field(encoded, collapse_spaces(entry.payer_name));
  append_field(encoded, collapse_spaces(entry.payer_account));
  append_field(encoded, collapse_spaces(entry.remark));
  append_field(encoded, collapse_spaces(entry.reference));
  append_field(encoded, std::to_string(occurrence));
  return account::sha256_hex(encoded);
}

}  // namespace ciie::payment
