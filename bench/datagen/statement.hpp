// A bank statement (docs/payment.md, `ciie pay import-statement`) that pays real orders: read
// from an orders export (`ciie export orders --format csv --reveal`, docs/stats-export.md), since
// order numbers are drawn at random by the store. The mix is ciie_order_bench's (bench/README.md):
// 88 % exact payments of distinct open orders, the number in the remark spelt one of eight ways;
// 3 % the order but not its amount (a third of them orders paid in two halves); 2 % exact copies
// of an exact line; 0.5 % a second transfer of a paid order; 0.5 % payments of cancelled orders;
// 4 % no order number and 1 % a mistyped one; 0.5 % two order numbers; 0.5 % money out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ciie::datagen {

struct OrderRow {
  std::string number;
  std::string unit;
  std::string state;  // awaiting_payment, cancelled, paid, …
  std::int64_t total_fen = 0;
};

// Reads the export's `number`, `unit`, `state` and `total` columns (any others are ignored).
// Throws std::runtime_error on a file that cannot be read or a bad cell.
std::vector<OrderRow> read_orders_csv(const std::string& path);

struct StatementSpec {
  std::int64_t lines = 0;  // 0: as many as there are open orders (at least 20)
  std::uint64_t seed = 7;
};

struct StatementWritten {
  std::int64_t lines = 0;
  std::map<std::string, std::int64_t> generated;  // by the generator's kind
  std::map<std::string, std::int64_t> expected;   // by import outcome: matched, flagged, …
};

// Open orders (awaiting_payment, total > 0) are paid; cancelled ones are paid "too late".
StatementWritten write_statement(const std::vector<OrderRow>& orders, const StatementSpec& spec,
                                 const std::string& path);

}  // namespace ciie::datagen
