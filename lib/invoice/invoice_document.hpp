// The stored form of an invoice document: JSON text written once when it is issued (INV-5) and
// read back unchanged. The status fields of Invoice (buyer_status, reversed, red_invoices) are
// not part of it: the store keeps them in columns.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ciie/invoice.hpp"
#include "ciie/status.hpp"

namespace ciie::invoice {

// Every document field of `invoice` (id and status excluded).
nlohmann::json document_to_json(const Invoice& invoice);
// The inverse: fills the document fields; status fields stay default. Errors: store.io (not
// the JSON document_to_json writes: a damaged store).
Result<Invoice> document_from_json(const std::string& text);

}  // namespace ciie::invoice
