// Badge orders (domain §8, ORD-1..4): what a unit pays for its submitted persons. An order is
// priced once, from the badge fees (0 for a person holding a free place), and then only changes
// state; payments are their own records (payment.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/money.hpp"
#include "ciie/time.hpp"

namespace ciie {

// Where an order stands:
//   awaiting_payment  open: its persons are busy (ORD-1) and its free places held
//   paid              a confirmed payment covers the total; its persons went to person review
//   settled           its total was 0: closed at creation with no payment and no invoice (ORD-3)
//   cancelled         closed unpaid by the unit or staff (ORD-4)
//   expired           closed unpaid by the clock: unpaid_expiry_seconds after creation, or at
//                     the payment deadline, whichever comes first (ORD-4)
//   refunded          was paid; every person of it was refunded (RFD-1): closed
// Cancelled and expired orders give their persons and free places back.
enum class OrderState { kAwaitingPayment, kPaid, kSettled, kCancelled, kExpired, kRefunded };
std::string_view to_string(OrderState state);
std::optional<OrderState> parse_order_state(std::string_view text);
// True for awaiting_payment.
bool is_open(OrderState state);

// One person of an order, priced when the order was made.
struct OrderLine {
  std::int64_t person_id = 0;
  std::string person_name;
  std::string badge_type;
  bool free_badge = false;  // holds a free place: its fee is 0
  Money fee;                // the badge type's fee, or 0 for a free badge
  std::int64_t refund = 0;  // the refund that took the person out of the order, 0 when none
};

struct Order {
  std::string number;  // V + yyyyMMddHHmmss (Asia/Shanghai) + 9 digits (ORD-2)
  std::string unit;    // the unit's account
  int edition = 0;
  OrderState state = OrderState::kAwaitingPayment;
  Money total;  // Σ line fees
  Money refunded;  // Σ refunds of the order (RFD-2)
  std::vector<OrderLine> lines;
  Instant created_at;
  Instant expires_at;  // when an unpaid order expires
  std::optional<Instant> closed_at;  // paid, settled, cancelled or expired
  std::string created_by;            // the actor
  std::string closed_by;             // the actor, or "clock" for an expiry
  std::string close_reason;          // why it was cancelled, when given
};

// What creating an order asks for.
struct OrderRequest {
  // The persons to order for: each must be the unit's, submitted and in no open order. Empty:
  // every person of the unit awaiting payment.
  std::vector<std::int64_t> persons;
  // The total the caller confirms (ORD-3): refused with order.total_changed when the priced
  // total differs. nullopt: no check.
  std::optional<Money> expect_total;
};

// Which orders to list; empty fields match everything.
struct OrderFilter {
  std::string unit;  // a unit's account
  std::optional<OrderState> state;
  int limit = 1000;
  int offset = 0;
};

}  // namespace ciie
