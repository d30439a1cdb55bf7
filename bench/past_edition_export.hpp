// A generated previous-edition export (docs/returning.md) at any scale, deterministic by seed:
// units with valid USCCs, Argon2id password hashes, phones and e-mails; persons with valid and
// distinct resident ids, heavy-tailed per unit (most units bring one to four people, a few bring
// dozens). The same rows are also written as the plain CSV tables the sqlite3 baseline imports.
#pragma once

#include <cstdint>
#include <string>

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

// Writes the files into `dir` (which must exist), streaming: memory does not grow with the
// spec. `imported_at` is the time written into the baseline's timestamp columns.
ExportFiles write_export(const ExportSpec& spec, const std::string& dir, bool with_jsonl,
                         const std::string& imported_at);

}  // namespace bench
