// One row of the previous edition's export (docs/returning.md) → what import_returning stores:
// a past unit or a past person. Every column is checked as this edition would check it, except
// that a past person's badge type need not exist any more.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/rules.hpp"
#include "ciie/time.hpp"

#include "store/store.hpp"

namespace ciie::returning {

// Every column the export may have, and the ones each row must have.
const std::vector<std::string>& export_columns();
const std::vector<std::string>& export_required_columns();

using ExportRow = std::variant<store::CandidateImport, store::PastPersonImport>;

// Parses and checks one record. `file_dir` is where the `licence` and `photo` columns' relative
// file names are read from. Errors (with line and column): returning.record (neither unit nor
// person), returning.edition (not a whole number before this edition's), returning.account,
// returning.person_id, returning.password_hash (not an Argon2id hash string),
// returning.file_path (absolute, or leaving file_dir), licence.read, licence.format,
// licence.size, register.name, register.region, register.category, uscc.*, phone.format,
// email.format, bulk.value, person.name, person.phone_required, person.badge_type (empty),
// person.photo_*, id.*.
Result<ExportRow> parse_export_row(const Record& record, const Rules& rules, const Date& today,
                                   const std::string& file_dir);

}  // namespace ciie::returning
