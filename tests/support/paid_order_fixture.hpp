// Paid orders for the invoice and refund tests: a Shanghai enterprise whose persons have no photo
// (so person review keeps them under_review, a badge state refunds allow by default), ordered and
// paid by bank transfer (a proof finance confirms), the payer being the unit itself.
#pragma once

#include <string>
#include <vector>

#include "support/order_fixture.hpp"

namespace ciie::test {

struct PaidOrder {
  std::string unit;
  std::string unit_name;
  std::string uscc;
  std::vector<std::int64_t> persons;
  Order order;
  Payment payment;
};

// `count` persons (numbers first … first + count − 1) of badge type `badge`, the first `free` of
// them with free badges, paid in full, or with `paid_fen` when given (finance forces the
// mismatch).
inline PaidOrder paid_by_transfer(Registry& registry, std::int64_t index, int first, int count,
                                  const std::string& badge = "full", std::int64_t paid_fen = -1,
                                  int free = 0) {
  PaidOrder paid;
  paid.uscc = uscc_in("310115", index);
  paid.unit_name = "上海测试企业" + std::to_string(index) + "有限公司";
  paid.unit = must(registry.register_unit(Actor::organizer(), enterprise(paid.uscc, paid.unit_name)),
                   "register")
                  .unit.account;
  for (int i = 0; i < count; ++i) {
    PersonRequest request = person_request(first + i, badge, i < free);
    request.photo.clear();  // person review will keep them under review (photo_missing)
    paid.persons.push_back(
        must(registry.add_person(Actor::organizer(), paid.unit, request), "add_person").id);
  }
  must(registry.submit(Actor::organizer(), paid.unit, SubmitRequest{}), "submit");
  paid.order = must(registry.create_order(Actor::unit(paid.unit), paid.unit, {}), "order");
  const Money amount = paid_fen < 0 ? paid.order.total : Money::from_fen(paid_fen);
  TransferProof proof{paid.unit_name, "31001234567890" + std::to_string(index), amount,
                      registry.clock().now().shanghai_date(), test_photo()};
  const Payment submitted =
      must(registry.submit_transfer_proof(Actor::unit(paid.unit), paid.order.number, proof),
           "proof");
  PaymentDecision confirm{submitted.id, true, paid_fen < 0 ? "" : "short payment accepted",
                          paid_fen >= 0};
  paid.payment = must(registry.decide_payment(Actor::finance(), confirm), "confirm");
  paid.order = must(registry.order(Actor::organizer(), paid.order.number), "order");
  return paid;
}

// A complete special-invoice request for `order` with the title left to locking.
inline InvoiceRequest special_request(const std::string& order) {
  InvoiceRequest r;
  r.order = order;
  r.type = InvoiceType::kSpecial;
  r.title_kind = TitleKind::kUnit;
  r.address = "上海市浦东新区测试路1号";
  r.phone = "021-12345678";
  r.bank = "中国银行上海分行";
  r.account = "31001234567890";
  r.delivery_email = "finance@example.com";
  return r;
}

}  // namespace ciie::test
