// A generated previous-edition export (docs/returning.md) at any scale, deterministic by seed:
// units with valid USCCs, Argon2id password hashes, phones and e-mails; persons with valid and
// distinct resident ids, heavy-tailed per unit (most units bring one to four people, a few bring
// dozens). The same rows are also written as the plain CSV tables the sqlite3 baseline imports.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace bench {

struct ExportSpec {
  std::int64_t units = 120'000;
  std::int64_t persons = 430'000;  // at least `units`: every unit has a person
  std::uint64_t seed = 7;
  std::string password_hash;  // one Argon2id string for every unit (hashing is not measured)
};

// Where a generated export went.
struct ExportFiles {
  std::string csv;            // the export as CSV (one header, both kinds of row)
  std::string jsonl;          // the export as JSON Lines ("" unless asked for)
  std::string baseline_units;    // returning_unit's columns, no header
  std::string baseline_persons;  // returning_person's columns, no header
  std::int64_t rows = 0;         // units + persons
  std::int64_t bytes = 0;        // of the CSV export
};

// One past person and one past unit as rows of the CSV export; write_export's own rows and
// ciie_datagen's previous edition (bench/datagen) are both written through these.
struct PastPerson {
  std::string person_id, name, document_kind = "cn_id", document_number, phone;
  std::string position = "采购经理";
  std::string badge_type, badge_number;
  bool badge_reusable = false;
  bool free_badge = false;
};
struct PastUnit {
  int edition = 6;
  std::string uscc, category, name, phone, email, password_hash, delegation, sub_delegation;
  std::string legal_representative, address;
  std::vector<PastPerson> persons;
};

// The CSV export's header line (with its line end), then a unit's row followed by its persons'.
const char* export_csv_header();
void write_export_rows(std::ostream& csv, const PastUnit& unit);

// Writes the files into `dir` (which must exist), streaming: memory does not grow with the
// spec. `imported_at` is the time written into the baseline's timestamp columns.
ExportFiles write_export(const ExportSpec& spec, const std::string& dir, bool with_jsonl,
                         const std::string& imported_at);

}  // namespace bench
