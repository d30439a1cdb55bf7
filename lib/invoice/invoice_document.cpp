// The stored invoice document (INV-5): every document field of an Invoice as JSON, and back.
// Amounts are integer fen (*_fen), the instant of issue is UTC text with microseconds and the
// date of issue "yyyy-MM-dd", so that reading a document back gives exactly what was issued.
// Unknown members are ignored on reading (a later version may add some); a missing member, a
// member of the wrong type or an unknown spelling is a damaged store (store.io).
#include "invoice/invoice_document.hpp"

#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

namespace ciie::invoice {
namespace {

using nlohmann::json;

// What document_to_json writes in "version"; a document with another version is refused.
constexpr std::int64_t kDocumentVersion = 1;

Status damaged(const std::string& where, std::string_view why) {
  return Status::storage("store.io",
                         "invoice document damaged: " + where + ": " + std::string(why));
}

std::string member_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

Status read_member(const json& object, std::string_view parent, std::string_view key,
                   const json*& out) {
  const auto found = object.find(std::string(key));  // 3.10's find wants the key type
  if (found == object.end()) return damaged(member_path(parent, key), "missing");
  out = &*found;
  return Status::ok();
}

Status read(const json& object, std::string_view parent, std::string_view key, std::string& out) {
  const json* member = nullptr;
  CIIE_RETURN_IF_ERROR(read_member(object, parent, key, member));
  if (!member->is_string()) return damaged(member_path(parent, key), "not a string");
  out = member->get<std::string>();
  return Status::ok();
}

// An integer within [low, high]; a number with a fraction or beyond int64 is damage.
Status integer_value(const json& value, const std::string& where, std::int64_t low,
                     std::int64_t high, std::int64_t& out) {
  if (value.is_number_unsigned()) {
    const auto magnitude = value.get<std::uint64_t>();
    if (magnitude > static_cast<std::uint64_t>(high)) return damaged(where, "out of range");
    out = static_cast<std::int64_t>(magnitude);
  } else if (value.is_number_integer()) {
    out = value.get<std::int64_t>();
  } else {
    return damaged(where, "not an integer");
  }
  if (out < low || out > high) return damaged(where, "out of range");
  return Status::ok();
}

Status read_integer(const json& object, std::string_view parent, std::string_view key,
                    std::int64_t low, std::int64_t high, std::int64_t& out) {
  const json* member = nullptr;
  CIIE_RETURN_IF_ERROR(read_member(object, parent, key, member));
  return integer_value(*member, member_path(parent, key), low, high, out);
}

constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

Status read(const json& object, std::string_view parent, std::string_view key,
            std::int64_t& out) {
  return read_integer(object, parent, key, kInt64Min, kInt64Max, out);
}

Status read(const json& object, std::string_view parent, std::string_view key, int& out) {
  std::int64_t value = 0;
  CIIE_RETURN_IF_ERROR(read_integer(object, parent, key, std::numeric_limits<int>::min(),
                                    std::numeric_limits<int>::max(), value));
  out = static_cast<int>(value);
  return Status::ok();
}

Status read_fen(const json& object, std::string_view parent, std::string_view key, Money& out) {
  std::int64_t fen = 0;
  CIIE_RETURN_IF_ERROR(read(object, parent, key, fen));
  out = Money::from_fen(fen);
  return Status::ok();
}

// An enum by its spelling, through its to_string (the invoice enums' one naming table).
template <typename E, std::size_t N>
Status read_enum(const json& object, std::string_view parent, std::string_view key,
                 const E (&values)[N], E& out) {
  std::string text;
  CIIE_RETURN_IF_ERROR(read(object, parent, key, text));
  for (E value : values) {
    if (to_string(value) == text) {
      out = value;
      return Status::ok();
    }
  }
  return damaged(member_path(parent, key), "unknown value '" + text + "'");
}

constexpr InvoiceKind kKinds[] = {InvoiceKind::kBlue, InvoiceKind::kRed};
constexpr InvoiceType kTypes[] = {InvoiceType::kNormal, InvoiceType::kSpecial};
constexpr TitleKind kTitleKinds[] = {TitleKind::kUnit, TitleKind::kIndividual};

json party_to_json(const InvoiceParty& party) {
  return json{{"name", party.name},   {"taxpayer_id", party.taxpayer_id},
              {"address", party.address}, {"phone", party.phone},
              {"bank", party.bank},   {"account", party.account}};
}

Status read_party(const json& object, std::string_view key, InvoiceParty& out) {
  const json* member = nullptr;
  CIIE_RETURN_IF_ERROR(read_member(object, "", key, member));
  if (!member->is_object()) return damaged(std::string(key), "not an object");
  CIIE_RETURN_IF_ERROR(read(*member, key, "name", out.name));
  CIIE_RETURN_IF_ERROR(read(*member, key, "taxpayer_id", out.taxpayer_id));
  CIIE_RETURN_IF_ERROR(read(*member, key, "address", out.address));
  CIIE_RETURN_IF_ERROR(read(*member, key, "phone", out.phone));
  CIIE_RETURN_IF_ERROR(read(*member, key, "bank", out.bank));
  CIIE_RETURN_IF_ERROR(read(*member, key, "account", out.account));
  return Status::ok();
}

json item_to_json(const InvoiceItem& item) {
  return json{{"name", item.name},
              {"badge_type", item.badge_type},
              {"unit_of_measure", item.unit_of_measure},
              {"quantity", item.quantity},
              {"unit_price_fen", item.unit_price.fen()},
              {"gross_fen", item.gross.fen()},
              {"amount_fen", item.amount.fen()},
              {"tax_rate_bp", item.tax_rate_bp},
              {"tax_fen", item.tax.fen()},
              {"persons", item.persons}};
}

Status read_item(const json& object, const std::string& where, InvoiceItem& out) {
  if (!object.is_object()) return damaged(where, "not an object");
  CIIE_RETURN_IF_ERROR(read(object, where, "name", out.name));
  CIIE_RETURN_IF_ERROR(read(object, where, "badge_type", out.badge_type));
  CIIE_RETURN_IF_ERROR(read(object, where, "unit_of_measure", out.unit_of_measure));
  CIIE_RETURN_IF_ERROR(read(object, where, "quantity", out.quantity));
  CIIE_RETURN_IF_ERROR(read_fen(object, where, "unit_price_fen", out.unit_price));
  CIIE_RETURN_IF_ERROR(read_fen(object, where, "gross_fen", out.gross));
  CIIE_RETURN_IF_ERROR(read_fen(object, where, "amount_fen", out.amount));
  CIIE_RETURN_IF_ERROR(read(object, where, "tax_rate_bp", out.tax_rate_bp));
  CIIE_RETURN_IF_ERROR(read_fen(object, where, "tax_fen", out.tax));
  const json* persons = nullptr;
  CIIE_RETURN_IF_ERROR(read_member(object, where, "persons", persons));
  if (!persons->is_array()) return damaged(member_path(where, "persons"), "not an array");
  out.persons.clear();
  for (std::size_t i = 0; i < persons->size(); ++i) {
    std::int64_t person = 0;
    CIIE_RETURN_IF_ERROR(integer_value((*persons)[i],
                                       member_path(where, "persons[" + std::to_string(i) + "]"),
                                       kInt64Min, kInt64Max, person));
    out.persons.push_back(person);
  }
  return Status::ok();
}

}  // namespace

json document_to_json(const Invoice& invoice) {
  json items = json::array();
  for (const InvoiceItem& item : invoice.items) items.push_back(item_to_json(item));
  return json{{"version", kDocumentVersion},
              {"number", invoice.number},
              {"kind", std::string(to_string(invoice.kind))},
              {"type", std::string(to_string(invoice.type))},
              {"title_kind", std::string(to_string(invoice.title_kind))},
              {"order", invoice.order},
              {"unit", invoice.unit},
              {"edition", invoice.edition},
              {"issued_at", invoice.issued_at.to_utc_string()},
              {"issued_on", invoice.issued_on.to_string()},
              {"seller", party_to_json(invoice.seller)},
              {"buyer", party_to_json(invoice.buyer)},
              {"items", std::move(items)},
              {"amount_total_fen", invoice.amount_total.fen()},
              {"tax_total_fen", invoice.tax_total.fen()},
              {"gross_total_fen", invoice.gross_total.fen()},
              {"gross_in_words", invoice.gross_in_words},
              {"refers_to", invoice.refers_to},
              {"red_reason", invoice.red_reason},
              {"red_form", invoice.red_form},
              {"delivery_phone", invoice.delivery_phone},
              {"delivery_email", invoice.delivery_email},
              {"remark", invoice.remark},
              {"issued_by", invoice.issued_by},
              {"platform", invoice.platform}};
}

Result<Invoice> document_from_json(const std::string& text) {
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return damaged("document", "not JSON");
  if (!document.is_object()) return damaged("document", "not an object");

  std::int64_t version = 0;
  CIIE_RETURN_IF_ERROR(read(document, "", "version", version));
  if (version != kDocumentVersion) {
    return damaged("version", "unknown version " + std::to_string(version));
  }

  Invoice invoice;
  CIIE_RETURN_IF_ERROR(read(document, "", "number", invoice.number));
  CIIE_RETURN_IF_ERROR(read_enum(document, "", "kind", kKinds, invoice.kind));
  CIIE_RETURN_IF_ERROR(read_enum(document, "", "type", kTypes, invoice.type));
  CIIE_RETURN_IF_ERROR(read_enum(document, "", "title_kind", kTitleKinds, invoice.title_kind));
  CIIE_RETURN_IF_ERROR(read(document, "", "order", invoice.order));
  CIIE_RETURN_IF_ERROR(read(document, "", "unit", invoice.unit));
  CIIE_RETURN_IF_ERROR(read(document, "", "edition", invoice.edition));

  std::string issued_at;
  CIIE_RETURN_IF_ERROR(read(document, "", "issued_at", issued_at));
  Result<Instant> at = Instant::parse(issued_at);
  if (!at.is_ok()) return damaged("issued_at", at.status().message());
  invoice.issued_at = *at;
  std::string issued_on;
  CIIE_RETURN_IF_ERROR(read(document, "", "issued_on", issued_on));
  Result<Date> on = Date::parse(issued_on);
  if (!on.is_ok()) return damaged("issued_on", on.status().message());
  invoice.issued_on = *on;

  CIIE_RETURN_IF_ERROR(read_party(document, "seller", invoice.seller));
  CIIE_RETURN_IF_ERROR(read_party(document, "buyer", invoice.buyer));

  const json* items = nullptr;
  CIIE_RETURN_IF_ERROR(read_member(document, "", "items", items));
  if (!items->is_array()) return damaged("items", "not an array");
  for (std::size_t i = 0; i < items->size(); ++i) {
    InvoiceItem item;
    CIIE_RETURN_IF_ERROR(read_item((*items)[i], "items[" + std::to_string(i) + "]", item));
    invoice.items.push_back(std::move(item));
  }

  CIIE_RETURN_IF_ERROR(read_fen(document, "", "amount_total_fen", invoice.amount_total));
  CIIE_RETURN_IF_ERROR(read_fen(document, "", "tax_total_fen", invoice.tax_total));
  CIIE_RETURN_IF_ERROR(read_fen(document, "", "gross_total_fen", invoice.gross_total));
  CIIE_RETURN_IF_ERROR(read(document, "", "gross_in_words", invoice.gross_in_words));
  CIIE_RETURN_IF_ERROR(read(document, "", "refers_to", invoice.refers_to));
  CIIE_RETURN_IF_ERROR(read(document, "", "red_reason", invoice.red_reason));
  CIIE_RETURN_IF_ERROR(read(document, "", "red_form", invoice.red_form));
  CIIE_RETURN_IF_ERROR(read(document, "", "delivery_phone", invoice.delivery_phone));
  CIIE_RETURN_IF_ERROR(read(document, "", "delivery_email", invoice.delivery_email));
  CIIE_RETURN_IF_ERROR(read(document, "", "remark", invoice.remark));
  CIIE_RETURN_IF_ERROR(read(document, "", "issued_by", invoice.issued_by));
  CIIE_RETURN_IF_ERROR(read(document, "", "platform", invoice.platform));
  return invoice;
}

}  // namespace ciie::invoice
