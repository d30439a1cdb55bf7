// The order steps several use cases share (ORD-1, ORD-4, PAY): closing an unpaid order and giving
// its persons and free places back, expiring what is due, and paying an order, which sends its
// persons to person review (REV-3).
#pragma once

#include <string>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/order.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// Closes an open order as cancelled or expired (ORD-4): its lines let go of their persons, and
// the free places they hold are given back (the persons keep asking for a free badge and take a
// place again with their next order). Audited as order.cancel or order.expire. False when the
// order was not open (closed meanwhile). REQUIRES: inside store.write_transaction.
Result<bool> close_unpaid(store::Store& store, const Options& options, const Actor& actor,
                          const Order& order, OrderState to, const std::string& reason);

// Expires `number` when it is open and due. REQUIRES: inside store.write_transaction.
Status expire_if_due(store::Store& store, const Options& options, const std::string& number);
// Expires every due order (at most `limit`), appending them to `expired` when not null.
// REQUIRES: inside store.write_transaction.
Status expire_due(store::Store& store, const Options& options, int limit,
                  std::vector<Order>* expired);

// Takes a free place again for a person asking for a free badge who gave its place back with a
// closed order; sets person.free_quota. Errors: quota.none, quota.exhausted.
// REQUIRES: inside store.write_transaction.
Status retake_place(store::Store& store, Person& person);

// Marks `order` paid, from `from` (awaiting_payment; or cancelled/expired when finance forces a
// late payment, in which case the persons' free places are taken again), and sends each person
// still submitted to person review. False when the order was not in `from` any more.
// REQUIRES: inside store.write_transaction. Errors: quota.*, order.person_busy (forced: a person
// is in another order meanwhile), order.person_state.
Result<bool> mark_paid(store::Store& store, const Options& options, const Actor& actor,
                       const Order& order, OrderState from, const std::string& by_payment);

// Sends the submitted persons of a paid or settled order to person review.
// REQUIRES: inside store.write_transaction.
Status send_to_review(store::Store& store, const Options& options, const Actor& actor,
                      const Order& order);

}  // namespace ciie::registry
