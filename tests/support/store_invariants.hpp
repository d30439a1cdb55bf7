// What must hold of every SQLite store ciie leaves behind, however it stopped (docs/reliability.md):
// checked straight on the file with SQLite's C API, so that no library code can hide a defect
// of its own. The crash-safety and load tests call it after every kill and every round.
#pragma once

#include <string>
#include <vector>

namespace ciie::test {

// Every violation found in the store at `db_path`, one readable line each; empty when the store
// is consistent. Checks:
//   - PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check finds nothing;
//   - each free quota's `used` is the number of persons holding one of its places (BDG-2);
//   - each referral code's `uses` is the number of its uses, and never above max_uses (REF-2);
//   - each order's total is the sum of its lines' fees; its refunded total is the sum of its
//     refunds, each refund the sum of its lines; what was refunded never exceeds what its
//     confirmed payments brought; an open, cancelled or expired order has no confirmed payment
//     and a paid or refunded one has one; a person is held by at most one order line (ORD-1);
//   - invoice numbers are gapless: each series' invoices are numbered 1..last exactly once
//     (INV-5), and no invoice is numbered beyond its series' counter.
// A store that cannot be opened is one violation ("open: …").
std::vector<std::string> store_invariant_violations(const std::string& db_path);

}  // namespace ciie::test
