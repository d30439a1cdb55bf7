// The invoice platform adapter (INV-5): what numbers an invoice document and keeps it. The local
// platform (the default, `[invoice] platform = "local"`) numbers from the store's counter in the
// issuing transaction and stores the document there; a tax-platform provider (乐企, a service
// provider's API) implements the same interface later.
#pragma once

#include <memory>
#include <string_view>

#include "ciie/invoice.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "store/store.hpp"

namespace ciie::invoice {

// Thread-safety: used by one thread at a time, with the store it was made for.
class Platform {
 public:
  virtual ~Platform() = default;
  // "local", or the provider's name; copied into each document it numbers.
  virtual std::string_view name() const = 0;
  // Reads, before the issuing transaction, what numbering needs from outside it. The guarded
  // local platform needs nothing; only the negative control of the concurrency test (numbering
  // guard disabled) reads the counter here, as a naive implementation would.
  virtual Status prepare(const Invoice& document) = 0;
  // Numbers the document (number, platform) and stores it (id). REQUIRES: inside the store's
  // write_transaction, so that the number commits or rolls back with the document. Errors:
  // invoice.numbers_exhausted (the 15-digit sequence of the year is used up), store.*.
  virtual Status issue(Invoice& document) = 0;
};

std::unique_ptr<Platform> make_platform(store::Store& store, const InvoiceRules& rules);

namespace testing {
// With the guard off the local platform numbers from the counter it read in prepare(), outside
// the transaction: two issuers then take the same number, and the store's UNIQUE number refuses
// the second. Only the concurrency test's negative control does this.
void set_numbering_guard_disabled(bool disabled);
bool numbering_guard_disabled();
}  // namespace testing

}  // namespace ciie::invoice
