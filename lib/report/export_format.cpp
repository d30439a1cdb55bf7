// The export formats. Columns are named as the import formats name them, so that a revealed
// export of units or persons reads back through `ciie register --from` / `ciie person import`
// (with --ignore-unknown for the store's extra columns; docs/stats-export.md says what holds).
#include "report/export_format.hpp"

#include <nlohmann/json.hpp>

#include "ciie/codes.hpp"
#include "registry/register_row.hpp"

namespace ciie::report {
namespace {

Cell text(std::string value) { return {std::move(value), CellKind::kText}; }
Cell text(std::string_view value) { return {std::string(value), CellKind::kText}; }
Cell integer(std::int64_t value) { return {std::to_string(value), CellKind::kInteger}; }
Cell money(Money value) { return {value.to_string(), CellKind::kMoney}; }
Cell flag(bool value) { return text(std::string(value ? "true" : "false")); }
Cell optional_integer(const std::optional<std::int64_t>& value) {
  return value ? integer(*value) : text(std::string());
}
Cell optional_instant(const std::optional<Instant>& at) {
  return text(at ? at->to_utc_string() : std::string());
}

std::string joined(const std::vector<std::string>& items, char separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// "food-agri:dairy|snacks;auto:parts", as register-input.md writes intentions.
std::string intentions_text(const std::vector<PurchaseIntention>& intentions) {
  std::string out;
  for (const PurchaseIntention& intention : intentions) {
    if (!out.empty()) out += ';';
    out += intention.area + ":" + joined(intention.categories, '|');
  }
  return out;
}

// The `affiliation` column of register-input.md from the stored routing basis.
std::string affiliation_text(const RouteDecision& route) {
  if (route.basis == "central") return std::string(to_string(Affiliation::kCentralEnterprise));
  if (route.basis == "nhc") return std::string(to_string(Affiliation::kNhc));
  if (route.basis == "affiliation") return std::string(to_string(Affiliation::kChosen));
  if (route.basis == "overseas" || route.basis.empty()) return std::string();
  return std::string(to_string(Affiliation::kNone));
}

std::string phone(const std::string& value, bool reveal) {
  return reveal ? value : codes::mask_phone(value);
}
std::string email(const std::string& value, bool reveal) {
  return reveal ? value : codes::mask_email(value);
}

// A sign and digits, with at most one decimal point between digits ("+85291234567", "-3.07"):
// a spreadsheet reads it as a number, never as a formula that calls anything.
bool plain_number(std::string_view text) {
  std::size_t i = text.front() == '+' || text.front() == '-' ? 1 : 0;
  bool digits = false;
  bool point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && digits && !point && i + 1 < text.size()) {
      point = true;
    } else {
      return false;
    }
  }
  return digits;
}

bool needs_neutralising(std::string_view text) {
  if (text.empty()) return false;
  const char first = text.front();
  const bool risky = first == '=' || first == '+' || first == '-' || first == '@' ||
                     first == '\t' || first == '\r';
  // An E.164 phone stays as it is, so that a revealed export reads back (register --from).
  return risky && !plain_number(text);
}

}  // namespace

const std::vector<std::string>& export_columns(ExportKind kind) {
  // A unit's row is the registration columns between the account and the store's own columns,
  // so that a revealed export reads back through `ciie register --from` and cannot drift from it
  // (unit_row below fills them in this order).
  static const std::vector<std::string> units = [] {
    std::vector<std::string> columns = {"account"};
    const std::vector<std::string>& registration = registry::register_row_columns();
    columns.insert(columns.end(), registration.begin(), registration.end());
    for (const char* stored : {"industry_delegation", "state", "created_at"}) {
      columns.emplace_back(stored);
    }
    return columns;
  }();
  static const std::vector<std::string> persons = {
      "id",    "unit",        "name",       "document_kind", "document_number",
      "phone", "position",    "badge_type", "free_badge",    "free_quota",
      "state", "badge_state", "created_at"};
  static const std::vector<std::string> orders = {
      "number",     "unit",       "state",     "total",     "refunded",
      "created_at", "expires_at", "closed_at", "closed_by", "close_reason"};
  static const std::vector<std::string> invoices = {
      "number",       "kind",        "type",           "order",         "unit",  "issued_on",
      "buyer",        "taxpayer_id", "amount",         "tax",           "gross", "refers_to",
      "buyer_status", "reversed",    "delivery_phone", "delivery_email"};
  switch (kind) {
    case ExportKind::kUnits:
      return units;
    case ExportKind::kPersons:
      return persons;
    case ExportKind::kOrders:
      return orders;
    case ExportKind::kInvoices:
      return invoices;
  }
  return units;
}

// In the order of export_columns(kUnits): the account, register_row_columns(), then the stored.
Row unit_row(const Unit& unit, bool reveal) {
  const UnitProfile& p = unit.profile;
  const Contact contact = p.contacts.empty() ? Contact{} : p.contacts.front();
  return {text(unit.account),
          text(to_string(unit.region)),
          text(to_string(unit.category)),
          text(unit.uscc),
          text(unit.name),
          flag(true),  // a stored unit consented (REG-1): consent_at is kept
          text(phone(unit.phone, reveal)),
          text(email(unit.email, reveal)),
          text(affiliation_text(unit.route)),
          text(unit.route.home_delegation),
          text(unit.route.sub_delegation),
          text(unit.affiliation_reason),
          text(unit.referral_code),
          text(p.legal_representative),
          text(p.address),
          optional_integer(p.registered_capital_wan),
          optional_integer(p.import_value_wan_usd),
          text(contact.name),
          text(phone(contact.phone, reveal)),
          text(email(contact.email, reveal)),
          text(contact.position),
          text(joined(p.purposes, ';')),
          text(intentions_text(p.intentions)),
          text(joined(p.qualifications, ';')),
          text(unit.route.industry_delegation),
          text(to_string(unit.state)),
          text(unit.created_at.to_utc_string())};
}

Row person_row(const Person& person, bool reveal) {
  return {integer(person.id),
          text(person.unit),
          text(person.name),
          text(codes::to_string(person.document_kind)),
          text(reveal ? person.document_number : codes::mask_document(person.document_number)),
          text(phone(person.phone, reveal)),
          text(person.position),
          text(person.badge_type),
          flag(person.free_badge),
          text(person.free_quota),
          text(to_string(person.state)),
          text(badge_state(person)),
          text(person.created_at.to_utc_string())};
}

Row order_row(const Order& order) {
  return {text(order.number),
          text(order.unit),
          text(to_string(order.state)),
          money(order.total),
          money(order.refunded),
          text(order.created_at.to_utc_string()),
          text(order.expires_at.to_utc_string()),
          optional_instant(order.closed_at),
          text(order.closed_by),
          text(order.close_reason)};
}

Row invoice_row(const Invoice& invoice, bool reveal) {
  return {text(invoice.number),
          text(to_string(invoice.kind)),
          text(to_string(invoice.type)),
          text(invoice.order),
          text(invoice.unit),
          text(invoice.issued_on.to_string()),
          text(invoice.buyer.name),
          text(invoice.buyer.taxpayer_id),
          money(invoice.amount_total),
          money(invoice.tax_total),
          money(invoice.gross_total),
          text(invoice.refers_to),
          text(to_string(invoice.buyer_status)),
          money(invoice.reversed),
          text(phone(invoice.delivery_phone, reveal)),
          text(email(invoice.delivery_email, reveal))};
}

std::string csv_text(std::string_view value) {
  const bool neutralise = needs_neutralising(value);
  const bool quote = neutralise || value.find_first_of(",\"\r\n") != std::string_view::npos;
  std::string field = neutralise ? "'" + std::string(value) : std::string(value);
  if (!quote) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_line(const Row& row) {
  std::string line;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line += ',';
    line += row[i].kind == CellKind::kText ? csv_text(row[i].text) : row[i].text;
  }
  return line + "\r\n";
}

std::string csv_header(const std::vector<std::string>& columns) {
  Row row;
  for (const std::string& column : columns) row.push_back(text(column));
  return csv_line(row);
}

std::string jsonl_line(const std::vector<std::string>& columns, const Row& row) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    if (row[i].kind == CellKind::kInteger) {
      object[columns[i]] = std::stoll(row[i].text);
    } else {
      object[columns[i]] = row[i].text;
    }
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace ciie::report
