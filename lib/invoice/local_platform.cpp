// The local invoice platform: numbers from the store's per-series counter inside the issuing
// transaction (gapless: a rollback takes the number back) and keeps the document in the store.
#include <atomic>
#include <string>

#include "invoice/invoice_number.hpp"
#include "invoice/platform.hpp"

namespace ciie::invoice {
namespace {

std::atomic<bool> numbering_guard_disabled_flag{false};

class LocalPlatform final : public Platform {
 public:
  LocalPlatform(store::Store& store, const InvoiceRules& rules) : store_(store), rules_(rules) {}

  std::string_view name() const override { return "local"; }

  Status prepare(const Invoice& document) override {
    if (!testing::numbering_guard_disabled()) return Status::ok();
    CIIE_ASSIGN_OR_RETURN(seen_last_, store_.peek_invoice_sequence(series_of(document)));
    return Status::ok();
  }

  Status issue(Invoice& document) override {
    const std::string series = series_of(document);
    std::int64_t sequence = 0;
    if (testing::numbering_guard_disabled()) {
      sequence = seen_last_ + 1;  // what was read before the transaction: the race
      CIIE_RETURN_IF_ERROR(store_.set_invoice_sequence(series, sequence));
    } else {
      CIIE_ASSIGN_OR_RETURN(sequence, store_.next_invoice_sequence(series));
    }
    if (sequence > kMaxSequence) {
      return Status::refused("invoice.numbers_exhausted",
                             "the 15-digit invoice sequence of series " + series + " is used up");
    }
    document.number = format_invoice_number(series, sequence);
    document.platform = std::string(name());
    return store_.insert_invoice(document);
  }

 private:
  std::string series_of(const Invoice& document) const {
    return invoice_series(document.issued_on.year, rules_.region_code, rules_.channel_digit);
  }

  store::Store& store_;
  const InvoiceRules& rules_;
  std::int64_t seen_last_ = 0;
};

}  // namespace

std::unique_ptr<Platform> make_platform(store::Store& store, const InvoiceRules& rules) {
  return std::make_unique<LocalPlatform>(store, rules);
}

namespace testing {
void set_numbering_guard_disabled(bool disabled) { numbering_guard_disabled_flag.store(disabled); }
bool numbering_guard_disabled() { return numbering_guard_disabled_flag.load(); }
}  // namespace testing

}  // namespace ciie::invoice
