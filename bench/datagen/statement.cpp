#include "statement.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

#include "ciie/bulk.hpp"
#include "ciie/money.hpp"
#include "csv.hpp"
#include "names.hpp"
#include "remarks.hpp"
#include "rng.hpp"

namespace ciie::datagen {
namespace {

struct Line {
  std::string date, amount, payer_name, payer_account, remark, reference;
  std::int64_t fen = 0;
};

std::string money_text(std::int64_t fen, Rng& rng) {
  const long long magnitude = fen < 0 ? -static_cast<long long>(fen) : static_cast<long long>(fen);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "", magnitude / 100,
                magnitude % 100);
  std::string text = buf;
  if (fen > 0 && fen % 100 == 0 && rng.below(5) == 0) return std::to_string(fen / 100);
  if (fen >= 100'000 && rng.below(2) == 0) {  // 1,200.00
    const std::string whole = std::to_string(fen / 100);
    text = whole.substr(0, whole.size() - 3) + "," + whole.substr(whole.size() - 3) +
           text.substr(text.find('.'));
  }
  return text;
}

// The payer of a unit's transfers: a stable name and account per unit account.
struct Payer {
  std::string name, account;
};
Payer payer_of(const std::string& unit, std::uint64_t seed) {
  Rng rng(seed, "payer/" + unit);
  Payer p;
  p.name = brand(rng) + trade_word(rng) + "有限公司";
  p.account = "6222" + std::to_string(rng.between(100'000'000'000LL, 999'999'999'999LL));
  return p;
}

}  // namespace

std::vector<OrderRow> read_orders_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  ciie::ReaderOptions options;
  options.required_columns = {"number", "unit", "state", "total"};
  auto reader = ciie::make_record_reader(in, ciie::InputFormat::kCsv, options);
  std::vector<OrderRow> out;
  while (true) {
    auto record = reader->next();
    if (!record.is_ok()) {
      throw std::runtime_error(path + ": line " + std::to_string(record.status().line().value_or(0)) + ": " +
                               record.status().message());
    }
    if (!record.value().has_value()) break;
    auto& fields = record.value()->fields;
    auto total = ciie::Money::parse(fields["total"]);
    if (!total.is_ok()) throw std::runtime_error(path + ": bad total " + fields["total"]);
    out.push_back({fields["number"], fields["unit"], fields["state"], total.value().fen()});
  }
  return out;
}

StatementWritten write_statement(const std::vector<OrderRow>& all, const StatementSpec& spec,
                                 const std::string& path) {
  Rng rng(spec.seed, "statement");
  const DrawBelow below = [&rng](std::uint64_t n) { return rng.below(n); };
  std::vector<const OrderRow*> open, closed;
  std::set<std::string> numbers;
  for (const OrderRow& o : all) {
    numbers.insert(o.number);
    if (o.state == "awaiting_payment" && o.total_fen > 0) open.push_back(&o);
    if (o.state == "cancelled" && o.total_fen > 0) closed.push_back(&o);
  }
  const auto lines = static_cast<std::size_t>(
      spec.lines > 0 ? spec.lines : std::max<std::int64_t>(20, static_cast<std::int64_t>(open.size())));
  auto share = [&](double f) { return static_cast<std::size_t>(f * static_cast<double>(lines)); };
  std::size_t n_partial = share(0.03), n_dup = share(0.02), n_twice = share(0.005),
              n_closed = std::min(share(0.005), closed.size()), n_none = share(0.04),
              n_typo = open.empty() ? 0 : share(0.01),
              n_several = open.size() >= 2 ? share(0.005) : 0, n_out = share(0.005);
  const std::size_t fixed = n_partial + n_dup + n_twice + n_closed + n_none + n_typo + n_several + n_out;
  const std::size_t n_split = n_partial / 3;              // orders paid in two halves: 2 lines
  const std::size_t partial_orders = n_partial - n_split;
  std::size_t n_exact = lines - fixed;
  const std::size_t available = open.size() > partial_orders ? open.size() - partial_orders : 0;
  std::size_t n_filler = 0;  // lines with no order number where orders run out
  if (n_exact > available) {
    n_filler = n_exact - available;
    n_exact = available;
  }
  n_dup = std::min(n_dup, n_exact);
  n_twice = std::min(n_twice, n_exact - n_dup);

  StatementWritten w;
  std::vector<Line> rows;
  std::uint64_t next_reference = 1;
  auto line_for = [&](const std::string& unit, std::int64_t fen, std::string remark,
                      bool reference, const char* kind) {
    Line l;
    const auto day = 3 + rng.below(5);  // 2024-06-03 … 06-07
    char iso[16];
    std::snprintf(iso, sizeof iso, "2024-06-%02llu", static_cast<unsigned long long>(day));
    const auto form = rng.below(10);
    l.date = form < 6 ? iso : form < 8 ? "2024/06/" + std::string(iso + 8) : "202406" + std::string(iso + 8);
    l.fen = fen;
    l.amount = money_text(fen, rng);
    const Payer payer = payer_of(unit, spec.seed);
    l.payer_name = payer.name;
    l.payer_account = payer.account;
    l.remark = std::move(remark);
    if (reference) {
      char ref[32];
      std::snprintf(ref, sizeof ref, "BK2024%012llu", static_cast<unsigned long long>(next_reference++));
      l.reference = ref;
    }
    ++w.generated[kind];
    return l;
  };
  std::vector<const OrderRow*> order_pick = open;
  rng.shuffle(order_pick);
  std::size_t at = 0;
  std::vector<std::size_t> exact_rows;
  for (std::size_t i = 0; i < n_exact; ++i) {
    const OrderRow& o = *order_pick[at++];
    rows.push_back(line_for(o.unit, o.total_fen, remark_for(o.number, payer_of(o.unit, spec.seed).name, below),
                            rng.below(5) != 0, "exact"));
    exact_rows.push_back(rows.size() - 1);
  }
  w.expected["matched"] += static_cast<std::int64_t>(n_exact);
  for (std::size_t i = 0; i < partial_orders && at < order_pick.size(); ++i) {
    const OrderRow& o = *order_pick[at++];
    const std::string payer = payer_of(o.unit, spec.seed).name;
    if (i < n_split) {
      const std::int64_t half = o.total_fen / 2;
      rows.push_back(line_for(o.unit, half, remark_for(o.number, payer, below), true, "partial"));
      rows.push_back(line_for(o.unit, o.total_fen - half, remark_for(o.number, payer, below), true, "partial"));
      w.expected["queued:amount"] += 2;
    } else {  // short by a bank fee of 15 yuan (never to zero or below)
      const std::int64_t fee = std::min<std::int64_t>(1500, o.total_fen / 2);
      rows.push_back(line_for(o.unit, o.total_fen - fee, remark_for(o.number, payer, below), true, "partial"));
      w.expected["queued:amount"] += 1;
    }
  }
  // Exact copies of an exact line (no reference, told apart by occurrence): already paid.
  for (std::size_t i = 0; i < n_dup; ++i) {
    Line& original = rows[exact_rows[i]];
    original.reference.clear();
    rows.push_back(original);
    ++w.generated["duplicate"];
    w.expected["flagged"] += 1;
  }
  // Paid twice, as two transfers with their own references.
  for (std::size_t i = 0; i < n_twice; ++i) {
    const Line first = rows[exact_rows[exact_rows.size() - 1 - i]];
    Line again = line_for("", first.fen, first.remark, true, "twice");
    again.payer_name = first.payer_name;
    again.payer_account = first.payer_account;
    rows.push_back(std::move(again));
    w.expected["flagged"] += 1;
  }
  for (std::size_t i = 0; i < n_closed; ++i) {
    const OrderRow& o = *closed[static_cast<std::size_t>(rng.below(closed.size()))];
    rows.push_back(line_for(o.unit, o.total_fen, remark_for(o.number, payer_of(o.unit, spec.seed).name, below),
                            true, "closed"));
    w.expected["flagged"] += 1;
  }
  static const std::vector<std::string> kNoOrder{"货款", "服务费", "转账", "预付款 合同2024-117",
                                                 "会务费", "往来款", "展位费 第七届", "退款冲回",
                                                 "代付 运费", "VIP 接待费"};
  auto any_unit = [&]() -> std::string {
    return all.empty() ? std::string("none") : all[static_cast<std::size_t>(rng.below(all.size()))].unit;
  };
  for (std::size_t i = 0; i < n_none + n_filler; ++i) {
    const std::int64_t fen = 1000 + static_cast<std::int64_t>(rng.below(5'000'000));
    rows.push_back(line_for(any_unit(), fen, rng.pick(kNoOrder), rng.below(2) == 0,
                            i < n_none ? "no_order" : "filler"));
  }
  w.expected["queued:no_order"] += static_cast<std::int64_t>(n_none + n_filler);
  for (std::size_t i = 0; i < n_typo; ++i) {
    const OrderRow& o = *open[static_cast<std::size_t>(rng.below(open.size()))];
    std::string wrong = o.number;
    do {  // one digit of the serial part changed
      const std::size_t pos = wrong.size() - 1 - static_cast<std::size_t>(rng.below(std::min<std::size_t>(9, wrong.size() - 1)));
      if (wrong[pos] < '0' || wrong[pos] > '9') continue;
      wrong[pos] = static_cast<char>('0' + (wrong[pos] - '0' + 1 + static_cast<int>(rng.below(9))) % 10);
    } while (numbers.count(wrong) != 0);
    rows.push_back(line_for(o.unit, o.total_fen, "证件费 " + wrong, true, "typo"));
  }
  w.expected["queued:no_order"] += static_cast<std::int64_t>(n_typo);
  for (std::size_t i = 0; i < n_several; ++i) {
    const OrderRow& a = *open[static_cast<std::size_t>(rng.below(open.size()))];
    const OrderRow* b = open[static_cast<std::size_t>(rng.below(open.size()))];
    while (b->number == a.number) b = open[static_cast<std::size_t>(rng.below(open.size()))];
    rows.push_back(line_for(a.unit, a.total_fen + b->total_fen, a.number + "," + b->number, true,
                            "several"));
    w.expected["queued:several_orders"] += 1;
  }
  for (std::size_t i = 0; i < n_out; ++i) {
    rows.push_back(line_for(any_unit(), -(1000 + static_cast<std::int64_t>(rng.below(100'000))),
                            "手续费", true, "money_out"));
    w.expected["skipped"] += 1;
  }
  rng.shuffle(rows);

  std::ofstream out(path, std::ios::binary);
  out << "date,amount,payer_name,payer_account,remark,reference\n";
  for (const Line& l : rows) {
    out << csv_cell(l.date) << ',' << csv_cell(l.amount) << ',' << csv_cell(l.payer_name) << ','
        << csv_cell(l.payer_account) << ',' << csv_cell(l.remark) << ',' << csv_cell(l.reference)
        << '\n';
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
  w.lines = static_cast<std::int64_t>(rows.size());
  return w;
}

}  // namespace ciie::datagen
