// Invoice steps shared by the invoice and refund use cases (INV-2..8): judging a request,
// issuing blue and red invoices through the platform, reversing at once or through a
// confirmation form, and what a red invoice sets going (refunds waiting for it, the new blue
// invoice for what remains). Every function REQUIRES: inside store.write_transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/invoice.hpp"
#include "ciie/options.hpp"
#include "ciie/order.hpp"
#include "ciie/payment.hpp"
#include "ciie/unit.hpp"
#include "invoice/platform.hpp"
#include "store/store.hpp"

namespace ciie::registry {

// How long the buyer has to confirm a red-letter form (INV-7: 72 hours, by law, not config).
inline constexpr std::int64_t kRedFormSeconds = 72 * 3600;

// The confirmed payment of a paid order (nullopt when it has none: a settled order).
Result<std::optional<Payment>> confirmed_payment(store::Store& store, const std::string& order);

// Checks a request against INV-2 and INV-3 and returns it as it will be stored: the title and
// taxpayer id filled in or locked to the payer (b2b, transfer), contacts normalised. `previous`
// is the order's standing request, whose locked taxpayer id a new request must keep.
// Errors: invoice.special_individual, invoice.field_required, invoice.taxpayer_id,
// invoice.title_locked, phone.format, email.format.
Result<StoredInvoiceRequest> judge_request(const Unit& unit,
                                           const std::optional<Payment>& payment,
                                           const std::optional<StoredInvoiceRequest>& previous,
                                           InvoiceRequest request);

// Issues the order's blue invoice from `request` for its lines not refunded. Errors:
// invoice.exists, invoice.nothing, store.*.
Result<Invoice> issue_blue(store::Store& store, const Options& options, invoice::Platform& platform,
                           const Actor& actor, const Order& order,
                           const StoredInvoiceRequest& request);

// Reverses `blue` (the request's checks: invoice.reversed, redform.partial, redform.persons,
// redform.pending): at once when the buyer has not booked it, else through a form. A refund
// waiting for this reversal is `refund` (0 when none).
Result<ReversalOutcome> reverse(store::Store& store, const Options& options,
                                invoice::Platform& platform, const Actor& actor,
                                const Invoice& blue, const ReversalRequest& request,
                                std::int64_t refund);

// Confirms a pending form: issues its red invoice, then what follows it. Errors: store.*.
Result<ReversalOutcome> confirm_form(store::Store& store, const Options& options,
                                     invoice::Platform& platform, const Actor& actor,
                                     RedForm form);

// Marks pending forms past their 72 hours expired (audited, as the clock). `only` limits it to
// one form (0: all due ones).
Status expire_due_forms(store::Store& store, const Options& options, std::int64_t only);

// The persons of `blue` that no red invoice has reversed yet.
Result<std::vector<std::int64_t>> unreversed_persons(store::Store& store, const Invoice& blue);

}  // namespace ciie::registry
