// Helpers of the points tests (points_test.cpp, points_ledger_test.cpp): holders, balances and
// histories read as the organizer, a transaction on a second store connection, paid orders and
// the check-in import.
#pragma once

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/registry.hpp"
#include "store/store.hpp"
#include "support/paid_order_fixture.hpp"

namespace ciie::test {

inline std::string unit_holder(const std::string& account) {
  return PointsHolder::unit(account).to_string();
}
inline std::string person_holder(std::int64_t id) { return PointsHolder::of_person(id).to_string(); }

inline std::int64_t balance(test::RegistryFixture& f, const std::string& holder) {
  return test::must(f->points_balance(Actor::organizer(), holder), "balance").balance;
}

inline std::vector<PointsEntry> history(test::RegistryFixture& f, const std::string& holder) {
  PointsQuery query;
  query.holder = holder;
  return test::must(f->points_history(Actor::organizer(), query), "history");
}

inline void in_transaction(store::Store& store, const std::function<Status()>& body) {
  const Status status = store.write_transaction(body);
  INFO(status.to_string());
  REQUIRE(status.is_ok());
}

inline std::unique_ptr<store::Store> open_store(test::RegistryFixture& f) {
  return test::must(store::open_store(test::store_location(f.dir.file("ciie.db")), store::StoreOptions{}), "store");
}

inline Rules lenient_refunds() {
  Rules rules = Rules::seventh_edition();
  rules.refund.allowed_states.push_back("in_production");
  return rules;
}

// Orders and pays (transfer, confirmed by finance) every person of a ready unit: persons with a
// photo are approved on entering person review.
inline Order pay_all(test::RegistryFixture& f, const test::ReadyUnit& ready, std::int64_t index) {
  const Order order = test::must(f->create_order(Actor::unit(ready.account), ready.account, {}), "o");
  TransferProof proof{"上海测试企业" + std::to_string(index) + "有限公司",
                      "3100" + std::to_string(index), order.total, Date{2024, 6, 3},
                      test::test_photo()};
  const Payment p =
      test::must(f->submit_transfer_proof(Actor::unit(ready.account), order.number, proof), "proof");
  test::must(f->decide_payment(Actor::finance(), {p.id, true, "", false}), "confirm");
  return order;
}

inline BulkSummary import(test::RegistryFixture& f, const std::string& text, InputFormat format,
                   BulkOptions options, std::vector<RowOutcome>* rows = nullptr) {
  std::istringstream input(text);
  ReaderOptions reader_options;
  reader_options.known_columns = Registry::checkin_columns();
  reader_options.required_columns = Registry::checkin_required_columns();
  auto reader = make_record_reader(input, format, reader_options);
  return test::must(f->import_checkins(Actor::organizer(), *reader, options,
                                 [&](const RowOutcome& row) {
                                   if (rows != nullptr) rows->push_back(row);
                                 }),
              "import");
}


}  // namespace ciie::test
