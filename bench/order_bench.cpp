// ciie_order_bench: badge orders and bank-statement import at real scale (100,000 persons, a
// 100,000-line statement) against a plain SQLite insert of the same rows, in the same run.
// See README.md here ("ciie_order_bench").
//
// What it does, in order (everything on one fresh SQLite store in a temporary directory):
//   setup     ~30,000 enterprise units (register_units), their persons (add_persons per unit, a
//             heavy-tailed 1–20 each), submitted (submit: approved at once, REV-1). Not timed as
//             an operation, but its seconds are reported.
//   timed     create_order once per unit for all its persons; cancel_order for each of them;
//             create_order once per person; import_statement of a generated statement whose
//             lines mostly pay those per-person orders; the same import again (all unchanged).
//   baseline  after each timed operation, the same rows inserted with plain SQLite (prepared
//             statements, one transaction, the library's pragmas) into tables shaped like the
//             library's; also, for orders, the same inserts with one commit per order.
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/ciie.hpp"

#include "bench_rows.hpp"
#include "remarks.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kUsage =
    "usage: ciie_order_bench [--persons N] [--lines N] [--seed N] [--keep DIR] [--json FILE]\n"
    "                        [--rows FILE]\n"
    "Creates orders for N persons (default 100000) of ~N/3.3 approved units and imports an\n"
    "N-line bank statement (default 100000) into a fresh SQLite store, and the same rows with\n"
    "plain SQLite inserts; prints one Markdown table (stdout). --json FILE also writes the run\n"
    "as JSON ('-': JSON on stdout instead of the table). --keep DIR works in DIR (created;\n"
    "must be empty) and keeps the stores and the statement CSV there. --rows FILE also writes\n"
    "the table's rows as JSON (bench_rows.hpp, for bench/run-all).\n";

struct Args {
  long persons = 100'000;
  long lines = 100'000;
  std::uint64_t seed = 1;
  std::string keep;
  std::string json_path;
  std::string rows_path;
};

bool parse_count(const char* text, long& out) {
  char* end = nullptr;
  out = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && out > 0;
}

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char* value = nullptr;
    auto need = [&]() {
      if (i + 1 >= argc) {
        std::cerr << "ciie_order_bench: " << arg << " needs a value\n";
        return false;
      }
      value = argv[++i];
      return true;
    };
    long n = 0;
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--persons" || arg == "--lines" || arg == "--seed") {
      if (!need() || !parse_count(value, n)) {
        std::cerr << "ciie_order_bench: " << arg << " takes a positive number\n";
        return false;
      }
      if (arg == "--persons") args.persons = n;
      if (arg == "--lines") args.lines = n;
      if (arg == "--seed") args.seed = static_cast<std::uint64_t>(n);
    } else if (arg == "--keep") {
      if (!need()) return false;
      args.keep = value;
    } else if (arg == "--json") {
      if (!need()) return false;
      args.json_path = value;
    } else if (arg == "--rows") {
      if (!need()) return false;
      args.rows_path = value;
    } else {
      std::cerr << "ciie_order_bench: unknown argument " << arg << "\n" << kUsage;
      return false;
    }
  }
  return true;
}

// ---- measuring ------------------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The process's peak resident set so far (ru_maxrss: KiB on Linux), in MiB.
double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// The resident set now (/proc/self/statm), in MiB.
double rss_mib() {
  std::ifstream in("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  in >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "ciie_order_bench: " << what << "\n";
  std::exit(3);
}

template <typename T>
T must(ciie::Result<T> result, const std::string& what) {
  if (!result.is_ok()) die(what + ": " + result.status().to_string());
  return std::move(result).value();
}

// Marks the start of a timed operation on stderr (a profiler attaches on it) and returns the
// resident set before it.
double begin_operation(const std::string& name) {
  std::cerr << "ciie_order_bench: timing " << name << "\n";
  return rss_mib();
}

void progress(const char* what, std::size_t done, std::size_t of) {
  if (done % 10'000 == 0 || done == of) {
    std::fprintf(stderr, "\r  %s %zu/%zu", what, done, of);
    if (done == of) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }
}

// ---- an in-memory RecordReader (the library's RecordListReader is internal) -----------------

class VectorReader final : public ciie::RecordReader {
 public:
  explicit VectorReader(std::vector<ciie::Record> records) : records_(std::move(records)) {}
  ciie::Result<std::optional<ciie::Record>> next() override {
    if (next_ >= records_.size()) return std::optional<ciie::Record>();
    return std::optional<ciie::Record>(std::move(records_[next_++]));
  }
  bool ended() const override { return next_ >= records_.size(); }

 private:
  std::vector<ciie::Record> records_;
  std::size_t next_ = 0;
};

// ---- generated population -------------------------------------------------------------------

// Divisions (GB/T 2260, in use) the units are registered in; each routes to a local delegation.
constexpr std::string_view kUnitDivisions[] = {"310115", "110105", "440305", "320505",
                                               "330106", "510107", "420106", "370202"};
constexpr std::string_view kCities[] = {"上海", "北京", "深圳", "苏州", "杭州", "成都", "武汉", "青岛"};
constexpr std::string_view kTrades[] = {"贸易", "科技", "进出口", "食品", "医疗器械", "汽车零部件",
                                        "化妆品", "物流", "咨询", "供应链"};
constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                          "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
constexpr std::string_view kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                       "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
                                       "刚", "桂英", "建华", "志强", "海燕", "晓东"};

struct UnitGen {
  std::string account;  // the USCC
  std::string name;
  std::string bank_account;  // what its statement lines carry as payer_account
  std::size_t first_person = 0;
  std::size_t persons = 0;
};

struct PersonGen {
  std::size_t unit = 0;
  std::string name;
  std::string badge;
  std::int64_t id = 0;  // once added
};

// A valid USCC of an enterprise (category 91) in `division`, distinct for every index < 10^7.
std::string uscc_for(std::string_view division, std::size_t index) {
  char org[32];
  std::snprintf(org, sizeof org, "5%07zu", index % 10'000'000);
  std::string first17 = "91" + std::string(division) + org;
  first17 += ciie::codes::org_code_check_char(org);
  return first17 + ciie::codes::uscc_check_char(first17);
}

// A valid cn_id number, distinct for every n < 13,426,560 (birth days 1960–1999, day 1–28).
std::string cn_id_for(std::size_t n) {
  constexpr std::string_view kRegions[] = {"110105", "310104", "440106", "320102"};
  const std::size_t seq = n % 999 + 1;
  const std::size_t d = n / 999;
  char first17[32];
  std::snprintf(first17, sizeof first17, "%s%04zu%02zu%02zu%03zu",
                std::string(kRegions[n % 4]).c_str(), 1960 + (d / 336) % 40, (d / 28) % 12 + 1,
                d % 28 + 1, seq);
  return std::string(first17) + ciie::codes::mod11_2_check_char(first17);
}

// Persons per unit: Zipf-like over 1–20 (weight k^-1.55: mean ≈ 3.3, 48% of units have one
// person, a few have 20), the last unit trimmed so that the total is exactly `persons`.
std::vector<std::size_t> unit_sizes(std::size_t persons, std::mt19937_64& rng) {
  std::vector<double> weights;
  for (int k = 1; k <= 20; ++k) weights.push_back(std::pow(static_cast<double>(k), -1.55));
  std::discrete_distribution<int> pick(weights.begin(), weights.end());
  std::vector<std::size_t> sizes;
  std::size_t total = 0;
  while (total < persons) {
    const std::size_t size = std::min<std::size_t>(static_cast<std::size_t>(pick(rng)) + 1,
                                                   persons - total);
    sizes.push_back(size);
    total += size;
  }
  return sizes;
}

std::string csv_field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string money_text(std::int64_t fen) {
  const long long magnitude = fen < 0 ? -static_cast<long long>(fen) : static_cast<long long>(fen);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "", magnitude / 100,
                magnitude % 100);
  return buf;
}

// ---- the bank statement ---------------------------------------------------------------------

struct OrderRef {
  std::string number;
  std::int64_t total_fen = 0;
  std::size_t unit = 0;
};

struct StatementRow {
  std::string date;  // as written
  std::string booked_on;  // ISO, for the baseline
  std::int64_t amount_fen = 0;
  std::string amount;  // as written
  std::string payer_name;
  std::string payer_account;
  std::string remark;
  std::string reference;
  std::string kind;  // what the generator meant: exact, partial, duplicate, …
};

// How a payer writes an order number into the remark (bench/datagen/remarks.hpp), drawn from
// this benchmark's own stream as before.
std::string remark_for(const std::string& number, const UnitGen& unit, std::mt19937_64& rng) {
  return ciie::datagen::remark_for(number, unit.name, [&rng](std::uint64_t n) { return rng() % n; });
}

struct Statement {
  std::vector<StatementRow> rows;
  std::map<std::string, std::int64_t> generated;  // by kind
  std::map<std::string, std::int64_t> expected;   // by the import's outcome
};

// `lines` lines against `orders` (open, one person each) and `closed` (cancelled orders).
// The mix: ≈87% exact payments of distinct orders (remarks in many spellings), 3% partial
// payments (queued:amount; a third of them orders paid in two halves), 2% exact copies of an
// exact line (flagged: already paid), 0.5% a second payment of a paid order with its own
// reference (flagged), 0.5% payments of cancelled orders (flagged: order closed), 4% lines with
// no order number and 1% with a mistyped one (queued:no_order), 0.5% naming two orders
// (queued:several_orders) and 0.5% money out (skipped). When there are fewer orders than the
// exact share needs, the rest are lines with no order number.
Statement make_statement(std::size_t lines, const std::vector<OrderRef>& orders,
                         const std::vector<OrderRef>& closed, const std::vector<UnitGen>& units,
                         std::mt19937_64& rng) {
  Statement st;
  auto share = [&](double fraction) { return static_cast<std::size_t>(fraction * static_cast<double>(lines)); };
  std::size_t n_partial = share(0.03), n_dup = share(0.02), n_twice = share(0.005),
              n_closed = std::min(share(0.005), closed.size()), n_none = share(0.04),
              n_typo = share(0.01), n_several = orders.size() >= 2 ? share(0.005) : 0,
              n_out = share(0.005);
  const std::size_t fixed =
      n_partial + n_dup + n_twice + n_closed + n_none + n_typo + n_several + n_out;
  if (fixed > lines) die("too few lines for the mix");
  const std::size_t n_split = n_partial / 3;              // orders paid in two halves
  const std::size_t partial_orders = n_partial - n_split;  // 2 lines each for the split ones
  std::size_t n_exact = lines - fixed;
  const std::size_t available = orders.size() > partial_orders ? orders.size() - partial_orders : 0;
  std::size_t n_filler = 0;
  if (n_exact > available) {
    n_filler = n_exact - available;
    n_exact = available;
  }
  n_dup = std::min(n_dup, n_exact);
  n_twice = std::min(n_twice, n_exact);

  std::vector<std::size_t> pick(orders.size());
  for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;
  std::shuffle(pick.begin(), pick.end(), rng);
  std::unordered_set<std::string> numbers;
  for (const OrderRef& o : orders) numbers.insert(o.number);
  for (const OrderRef& o : closed) numbers.insert(o.number);

  std::uint64_t next_reference = 1;
  auto row_for = [&](const UnitGen& unit, std::int64_t fen, std::string remark, bool reference,
                     const char* kind) {
    StatementRow r;
    const int day = 3 + static_cast<int>(rng() % 5);  // 2024-06-03 … 06-07
    char iso[16];
    std::snprintf(iso, sizeof iso, "2024-06-%02d", day);
    r.booked_on = iso;
    const int form = static_cast<int>(rng() % 10);
    r.date = form < 6 ? r.booked_on
                      : form < 8 ? "2024/06/" + r.booked_on.substr(8) : "202406" + r.booked_on.substr(8);
    r.amount_fen = fen;
    r.amount = money_text(fen);
    if (fen > 0 && fen % 100 == 0 && rng() % 5 == 0) r.amount = std::to_string(fen / 100);
    if (fen >= 100'000 && rng() % 2 == 0) {  // 1,200.00
      const std::string whole = std::to_string(fen / 100);
      r.amount = whole.substr(0, whole.size() - 3) + "," + whole.substr(whole.size() - 3) +
                 r.amount.substr(r.amount.find('.') == std::string::npos ? r.amount.size()
                                                                          : r.amount.find('.'));
    }
    r.payer_name = unit.name;
    r.payer_account = unit.bank_account;
    r.remark = std::move(remark);
    if (reference) {
      char ref[32];
      std::snprintf(ref, sizeof ref, "BK2024%012llu", static_cast<unsigned long long>(next_reference++));
      r.reference = ref;
    }
    r.kind = kind;
    ++st.generated[kind];
    return r;
  };
  auto random_unit = [&]() -> const UnitGen& { return units[rng() % units.size()]; };

  std::size_t at = 0;
  std::vector<std::size_t> exact_rows;  // indices into st.rows of exact lines
  for (std::size_t i = 0; i < n_exact; ++i) {
    const OrderRef& o = orders[pick[at++]];
    const bool reference = rng() % 5 != 0;
    st.rows.push_back(
        row_for(units[o.unit], o.total_fen, remark_for(o.number, units[o.unit], rng), reference,
                "exact"));
    exact_rows.push_back(st.rows.size() - 1);
  }
  st.expected["matched"] += static_cast<std::int64_t>(n_exact);
  for (std::size_t i = 0; i < partial_orders && at < pick.size(); ++i) {
    const OrderRef& o = orders[pick[at++]];
    const UnitGen& u = units[o.unit];
    if (i < n_split) {  // two halves: each is the order, not its amount
      const std::int64_t half = o.total_fen / 2;
      st.rows.push_back(row_for(u, half, remark_for(o.number, u, rng), true, "partial"));
      st.rows.push_back(row_for(u, o.total_fen - half, remark_for(o.number, u, rng), true, "partial"));
      st.expected["queued:amount"] += 2;
    } else {  // short by a bank fee
      st.rows.push_back(row_for(u, o.total_fen - 1500, remark_for(o.number, u, rng), true, "partial"));
      st.expected["queued:amount"] += 1;
    }
  }
  // Exact copies: the same line twice in the file (no bank reference, so each is told apart
  // by its occurrence). The second pays an order already paid.
  for (std::size_t i = 0; i < n_dup; ++i) {
    StatementRow& original = st.rows[exact_rows[i]];
    original.reference.clear();
    StatementRow copy = original;
    copy.kind = "duplicate";
    ++st.generated["duplicate"];
    st.rows.push_back(std::move(copy));
    st.expected["flagged"] += 1;
  }
  // Paid twice, as two transfers.
  for (std::size_t i = 0; i < n_twice; ++i) {
    const StatementRow& first = st.rows[exact_rows[exact_rows.size() - 1 - i]];
    StatementRow again = row_for(random_unit(), first.amount_fen, first.remark, true, "twice");
    again.payer_name = first.payer_name;
    again.payer_account = first.payer_account;
    st.rows.push_back(std::move(again));
    st.expected["flagged"] += 1;
  }
  for (std::size_t i = 0; i < n_closed; ++i) {
    const OrderRef& o = closed[rng() % closed.size()];
    st.rows.push_back(row_for(units[o.unit], o.total_fen, remark_for(o.number, units[o.unit], rng),
                              true, "closed"));
    st.expected["flagged"] += 1;
  }
  constexpr std::string_view kNoOrder[] = {"货款", "服务费", "转账", "预付款 合同2024-117",
                                           "会务费", "往来款", "展位费 第七届", "退款冲回",
                                           "代付 运费", "VIP 接待费"};
  for (std::size_t i = 0; i < n_none + n_filler; ++i) {
    const std::int64_t fen = 1000 + static_cast<std::int64_t>(rng() % 5'000'000);
    st.rows.push_back(row_for(random_unit(), fen, std::string(kNoOrder[rng() % std::size(kNoOrder)]),
                              rng() % 2 == 0, i < n_none ? "no_order" : "filler"));
  }
  st.expected["queued:no_order"] += static_cast<std::int64_t>(n_none + n_filler);
  for (std::size_t i = 0; i < n_typo && !orders.empty(); ++i) {
    const OrderRef& o = orders[rng() % orders.size()];
    std::string wrong = o.number;
    do {  // one digit of the serial changed
      const std::size_t pos = 15 + rng() % 9;
      wrong[pos] = static_cast<char>('0' + (wrong[pos] - '0' + 1 + rng() % 9) % 10);
    } while (numbers.count(wrong) != 0);
    st.rows.push_back(row_for(units[o.unit], o.total_fen, "证件费 " + wrong, true, "typo"));
  }
  st.expected["queued:no_order"] += static_cast<std::int64_t>(n_typo);
  for (std::size_t i = 0; i < n_several; ++i) {
    const OrderRef& a = orders[rng() % orders.size()];
    const OrderRef* b = &orders[rng() % orders.size()];
    while (b->number == a.number) b = &orders[rng() % orders.size()];
    st.rows.push_back(row_for(units[a.unit], a.total_fen + b->total_fen,
                              a.number + "," + b->number, true, "several"));
    st.expected["queued:several_orders"] += 1;
  }
  for (std::size_t i = 0; i < n_out; ++i) {
    st.rows.push_back(row_for(random_unit(), -(1000 + static_cast<std::int64_t>(rng() % 100'000)),
                              "手续费", true, "money_out"));
    st.expected["skipped"] += 1;
  }
  std::shuffle(st.rows.begin(), st.rows.end(), rng);
  return st;
}

void write_statement(const std::string& path, const Statement& st) {
  std::ofstream out(path, std::ios::binary);
  out << "date,amount,payer_name,payer_account,remark,reference\n";
  for (const StatementRow& r : st.rows) {
    out << csv_field(r.date) << ',' << csv_field(r.amount) << ',' << csv_field(r.payer_name) << ','
        << csv_field(r.payer_account) << ',' << csv_field(r.remark) << ','
        << csv_field(r.reference) << '\n';
  }
  out.close();
  if (!out) die("cannot write " + path);
}

// ---- the plain SQLite baseline --------------------------------------------------------------

// Tables shaped like the library's (lib/store/sqlite/migrations.cpp, version 4): the same
// columns, keys and indexes; only the references to unit, person and payment are left out (the
// baseline store has no such tables).
constexpr const char* kBaselineSchema = R"sql(
CREATE TABLE badge_order (
  number TEXT PRIMARY KEY, unit TEXT NOT NULL, edition INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('awaiting_payment', 'paid', 'settled', 'cancelled', 'expired')),
  total_fen INTEGER NOT NULL CHECK (total_fen >= 0), created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL, closed_at TEXT, created_by TEXT NOT NULL,
  closed_by TEXT NOT NULL DEFAULT '', close_reason TEXT NOT NULL DEFAULT '') STRICT;
CREATE INDEX badge_order_unit ON badge_order (unit, created_at);
CREATE INDEX badge_order_due ON badge_order (expires_at) WHERE state = 'awaiting_payment';
CREATE TABLE order_line (
  order_number TEXT NOT NULL REFERENCES badge_order (number), person INTEGER NOT NULL,
  person_name TEXT NOT NULL, badge_type TEXT NOT NULL,
  free_badge INTEGER NOT NULL CHECK (free_badge IN (0, 1)),
  fee_fen INTEGER NOT NULL CHECK (fee_fen >= 0),
  holding INTEGER NOT NULL DEFAULT 1 CHECK (holding IN (0, 1)),
  PRIMARY KEY (order_number, person)) STRICT;
CREATE UNIQUE INDEX order_line_one_holding ON order_line (person) WHERE holding = 1;
CREATE INDEX order_line_person ON order_line (person);
CREATE TABLE statement_line (
  id INTEGER PRIMARY KEY AUTOINCREMENT, checksum TEXT NOT NULL UNIQUE, booked_on TEXT NOT NULL,
  amount_fen INTEGER NOT NULL, payer_name TEXT NOT NULL, payer_account TEXT NOT NULL DEFAULT '',
  remark TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('matched', 'queued', 'flagged', 'assigned', 'discarded')),
  order_number TEXT NOT NULL DEFAULT '', why TEXT NOT NULL DEFAULT '', payment INTEGER,
  file TEXT NOT NULL DEFAULT '', line INTEGER NOT NULL DEFAULT 0, imported_at TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '') STRICT;
CREATE INDEX statement_line_queue ON statement_line (id) WHERE state = 'queued';
)sql";

class Baseline {
 public:
  explicit Baseline(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) die("baseline: cannot open " + path);
    // The library's pragmas (lib/store/sqlite/connection.cpp).
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
         "PRAGMA cache_size=-65536;");
    exec(kBaselineSchema);
  }
  ~Baseline() {
    for (sqlite3_stmt* s : statements_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  Baseline(const Baseline&) = delete;
  Baseline& operator=(const Baseline&) = delete;

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string text = error ? error : "?";
      sqlite3_free(error);
      die(std::string("baseline: ") + text);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      die(std::string("baseline: ") + sqlite3_errmsg(db_));
    }
    statements_.push_back(stmt);
    return stmt;
  }
  void step_done(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) die(std::string("baseline: ") + sqlite3_errmsg(db_));
    sqlite3_reset(stmt);
  }
  static void text(sqlite3_stmt* stmt, int i, const std::string& value) {
    sqlite3_bind_text(stmt, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

// One order's rows for the baseline: the order and its lines, as the library stores them.
struct OrderRows {
  std::string number, unit, created_at, expires_at, created_by;
  std::int64_t total_fen = 0;
  struct Line {
    std::int64_t person = 0;
    std::string name, badge;
    std::int64_t fee_fen = 0;
  };
  std::vector<Line> lines;
};

OrderRows rows_of(const ciie::Order& order) {
  OrderRows r;
  r.number = order.number;
  r.unit = order.unit;
  r.created_at = order.created_at.to_utc_string();
  r.expires_at = order.expires_at.to_utc_string();
  r.created_by = order.created_by;
  r.total_fen = order.total.fen();
  for (const ciie::OrderLine& l : order.lines) {
    r.lines.push_back({l.person_id, l.person_name, l.badge_type, l.fee.fen()});
  }
  return r;
}

// Inserts the orders and their lines; commit_each: one transaction per order (as create_order
// runs), else one for all. Returns the seconds.
double baseline_orders(Baseline& db, const std::vector<OrderRows>& orders, bool commit_each) {
  sqlite3_stmt* order = db.prepare(
      "INSERT INTO badge_order (number, unit, edition, state, total_fen, created_at, expires_at, "
      "created_by) VALUES (?, ?, 7, 'awaiting_payment', ?, ?, ?, ?)");
  sqlite3_stmt* line = db.prepare(
      "INSERT INTO order_line (order_number, person, person_name, badge_type, free_badge, "
      "fee_fen) VALUES (?, ?, ?, ?, 0, ?)");
  const auto start = Clock::now();
  if (!commit_each) db.exec("BEGIN IMMEDIATE");
  for (const OrderRows& o : orders) {
    if (commit_each) db.exec("BEGIN IMMEDIATE");
    Baseline::text(order, 1, o.number);
    Baseline::text(order, 2, o.unit);
    sqlite3_bind_int64(order, 3, o.total_fen);
    Baseline::text(order, 4, o.created_at);
    Baseline::text(order, 5, o.expires_at);
    Baseline::text(order, 6, o.created_by);
    db.step_done(order);
    for (const OrderRows::Line& l : o.lines) {
      Baseline::text(line, 1, o.number);
      sqlite3_bind_int64(line, 2, l.person);
      Baseline::text(line, 3, l.name);
      Baseline::text(line, 4, l.badge);
      sqlite3_bind_int64(line, 5, l.fee_fen);
      db.step_done(line);
    }
    if (commit_each) db.exec("COMMIT");
  }
  if (!commit_each) db.exec("COMMIT");
  return seconds_since(start);
}

// Closes the orders and lets go of their persons, in one transaction (commit_each: one per
// order, as cancel_order runs).
double baseline_cancel(Baseline& db, const std::vector<OrderRows>& orders, bool commit_each) {
  sqlite3_stmt* close = db.prepare(
      "UPDATE badge_order SET state = 'cancelled', closed_at = ?, closed_by = ?, "
      "close_reason = ? WHERE number = ? AND state = 'awaiting_payment'");
  sqlite3_stmt* release = db.prepare("UPDATE order_line SET holding = 0 WHERE order_number = ?");
  const auto start = Clock::now();
  if (!commit_each) db.exec("BEGIN IMMEDIATE");
  for (const OrderRows& o : orders) {
    if (commit_each) db.exec("BEGIN IMMEDIATE");
    Baseline::text(close, 1, o.created_at);
    Baseline::text(close, 2, o.created_by);
    Baseline::text(close, 3, "bench");
    Baseline::text(close, 4, o.number);
    db.step_done(close);
    Baseline::text(release, 1, o.number);
    db.step_done(release);
    if (commit_each) db.exec("COMMIT");
  }
  if (!commit_each) db.exec("COMMIT");
  return seconds_since(start);
}

// A 64-hex-digit stand-in for the line's checksum (distinct per line; the hash itself is not
// what is measured).
std::string fake_checksum(const StatementRow& r, std::size_t index) {
  const std::size_t h = std::hash<std::string>{}(r.remark + r.amount + r.reference);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%016zx%016zx%016zx%016zx", h, index,
                static_cast<std::size_t>(h ^ 0x9e3779b97f4a7c15ULL), index * 2654435761u);
  return buf;
}

double baseline_statement(Baseline& db, const std::vector<StatementRow>& rows,
                          const std::vector<std::string>& checksums) {
  sqlite3_stmt* insert = db.prepare(
      "INSERT INTO statement_line (checksum, booked_on, amount_fen, payer_name, payer_account, "
      "remark, reference, state, file, line, imported_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 'statement.csv', ?, '2024-06-03T02:00:00Z')");
  const auto start = Clock::now();
  db.exec("BEGIN IMMEDIATE");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const StatementRow& r = rows[i];
    Baseline::text(insert, 1, checksums[i]);
    Baseline::text(insert, 2, r.booked_on);
    sqlite3_bind_int64(insert, 3, r.amount_fen);
    Baseline::text(insert, 4, r.payer_name);
    Baseline::text(insert, 5, r.payer_account);
    Baseline::text(insert, 6, r.remark);
    Baseline::text(insert, 7, r.reference);
    sqlite3_bind_int64(insert, 8, static_cast<std::int64_t>(i + 2));
    db.step_done(insert);
  }
  db.exec("COMMIT");
  return seconds_since(start);
}

// The re-import's work in plain SQLite: one lookup by checksum per line.
double baseline_lookup(Baseline& db, const std::vector<std::string>& checksums) {
  sqlite3_stmt* find = db.prepare("SELECT 1 FROM statement_line WHERE checksum = ?");
  const auto start = Clock::now();
  db.exec("BEGIN");
  std::size_t found = 0;
  for (const std::string& c : checksums) {
    Baseline::text(find, 1, c);
    if (sqlite3_step(find) == SQLITE_ROW) ++found;
    sqlite3_reset(find);
  }
  db.exec("COMMIT");
  if (found != checksums.size()) die("baseline: a checksum was not found");
  return seconds_since(start);
}

// Runs call(0 … count-1) in blocks of 1,000 and, after each block, each(first, end): the
// commit-per-order baseline of the same orders. The two alternate so that both meet the same
// disk (on a shared machine a commit's latency changes tenfold within minutes). Returns ciie's
// seconds and the baseline's, each the sum over the blocks.
std::pair<double, double> interleaved(std::size_t count, const char* label,
                                      const std::function<void(std::size_t)>& call,
                                      const std::function<double(std::size_t, std::size_t)>& each) {
  constexpr std::size_t kBlock = 1000;
  double ours = 0.0, theirs = 0.0;
  for (std::size_t first = 0; first < count; first += kBlock) {
    const std::size_t end = std::min(count, first + kBlock);
    const auto start = Clock::now();
    for (std::size_t i = first; i < end; ++i) {
      call(i);
      progress(label, i + 1, count);
    }
    ours += seconds_since(start);
    theirs += each(first, end);
  }
  return {ours, theirs};
}

// ---- the report -----------------------------------------------------------------------------

struct Operation {
  std::string name;
  std::int64_t rows = 0;
  std::string unit = "rows";  // what a row is
  double seconds = 0.0;
  std::optional<double> baseline;        // one transaction
  std::optional<double> baseline_each;   // one commit per order (orders only)
  double peak_mib = 0.0;
  double rss_before_mib = 0.0;
  std::string note;
};

struct SetupStep {
  std::string name;
  std::int64_t rows = 0;
  double seconds = 0.0;
};

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string ratio_text(double ratio) { return fmt(ratio < 10 ? "%.1f×" : "%.0f×", ratio); }

std::string thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

std::string kernel() {
  utsname u{};
  if (uname(&u) != 0) return "unknown";
  return std::string(u.sysname) + " " + u.release;
}

std::string now_text() {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

struct Run {
  Args args;
  std::string started, dir, cpu, kernel, build_type, sqlite_version, ciie_version;
  unsigned cores = 0;
  std::int64_t units = 0, persons = 0, unit_orders = 0, person_orders = 0;
  std::vector<SetupStep> setup;
  std::vector<Operation> ops;
  Statement* statement = nullptr;
  ciie::BulkSummary imported, again;
  std::vector<std::string> row_errors;
  double csv_read_seconds = 0.0;
  double statement_bytes = 0.0;
  std::int64_t statement_rows = 0;
};

std::string markdown(const Run& run) {
  std::ostringstream out;
  out << "ciie_order_bench, " << run.started << ": " << thousands(run.persons) << " persons in "
      << thousands(run.units) << " approved units, a " << thousands(run.statement_rows)
      << "-line statement (seed " << run.args.seed << ")\n\n";
  out << "Machine: " << run.cores << " cores (`nproc`), " << run.cpu << ", " << run.kernel
      << "; build " << run.build_type << "; SQLite " << run.sqlite_version << "; store in "
      << run.dir << "\n\n";
  out << "| operation | rows | wall s | rows/s | baseline s | ratio | peak MiB |\n"
      << "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const Operation& op : run.ops) {
    out << "| " << op.name << " | " << thousands(op.rows) << " " << op.unit << " | "
        << fmt("%.2f", op.seconds) << " | "
        << thousands(static_cast<std::int64_t>(static_cast<double>(op.rows) / op.seconds)) << " | "
        << (op.baseline ? fmt("%.3f", *op.baseline) : "—") << " | "
        << (op.baseline ? ratio_text(op.seconds / *op.baseline) : "—") << " | "
        << fmt("%.0f", op.peak_mib) << " |\n";
  }
  out << "\nBaseline: the same rows inserted with plain SQLite (prepared statements, one "
         "transaction, the library's pragmas WAL + synchronous=FULL) into tables with the "
         "library's columns and indexes; for the re-import, one lookup by checksum per line. "
         "Peak MiB: the process's peak resident set (ru_maxrss) after the operation.\n\n";
  bool any_each = false;
  for (const Operation& op : run.ops) any_each = any_each || op.baseline_each.has_value();
  if (any_each) {
    out << "Commit cost: create_order and cancel_order commit once per call (the library's "
           "rule: one transaction per use case). The same baseline rows with one commit per "
           "order, run in blocks of 1,000 orders alternating with ciie's:\n\n"
        << "| operation | orders | baseline, commit per order s | ratio to it |\n"
        << "|---|---:|---:|---:|\n";
    for (const Operation& op : run.ops) {
      if (!op.baseline_each) continue;
      out << "| " << op.name << " | " << op.note << " | " << fmt("%.2f", *op.baseline_each)
          << " | " << fmt("%.1f×", op.seconds / *op.baseline_each) << " |\n";
    }
    out << "\n";
  }
  out << "Statement import outcomes (expected from the generator / got):";
  std::set<std::string> keys;
  for (const auto& [k, v] : run.statement->expected) keys.insert(k);
  for (const auto& [k, v] : run.imported.by_outcome) keys.insert(k);
  for (const std::string& k : keys) {
    const auto e = run.statement->expected.find(k);
    const auto g = run.imported.by_outcome.find(k);
    out << " " << k << " " << thousands(e == run.statement->expected.end() ? 0 : e->second) << "/"
        << thousands(g == run.imported.by_outcome.end() ? 0 : g->second) << ";";
  }
  out << " failed " << run.imported.failed << ". Again:";
  for (const auto& [k, v] : run.again.by_outcome) out << " " << k << " " << thousands(v) << ";";
  out << " failed " << run.again.failed << ".\n\n";
  out << "Reading the statement CSV alone (make_record_reader, no store): "
      << fmt("%.2f", run.csv_read_seconds) << " s for " << fmt("%.1f", run.statement_bytes / 1e6)
      << " MB.\n\n";
  out << "Setup (not timed as an operation):";
  double total = 0.0;
  for (const SetupStep& s : run.setup) {
    out << " " << s.name << " " << thousands(s.rows) << " in " << fmt("%.1f", s.seconds) << " s;";
    total += s.seconds;
  }
  out << " total " << fmt("%.1f", total) << " s.\n";
  return out.str();
}

// The table as bench rows: the setup steps, then each operation followed by its baselines (one
// transaction; for orders also one commit per order). ciie's ratio is to the one-transaction
// baseline, as in the table; the baselines run in this process, so they have no peak of their own.
std::vector<bench::BenchRow> bench_rows(const Run& run) {
  std::vector<bench::BenchRow> rows;
  for (const SetupStep& s : run.setup) {
    rows.push_back({"setup: " + s.name, s.rows, s.seconds, -1.0, "", -1.0});
  }
  for (const Operation& op : run.ops) {
    const std::string one = "baseline: " + op.name + ", plain SQLite, one transaction";
    rows.push_back({op.name + " (rows: " + op.unit + ")", op.rows, op.seconds, op.peak_mib,
                    op.baseline ? one : "", op.baseline ? op.seconds / *op.baseline : -1.0});
    if (op.baseline) rows.push_back({one, op.rows, *op.baseline, -1.0, "", -1.0});
    if (op.baseline_each) {
      rows.push_back({"baseline: " + op.name + ", plain SQLite, one commit per order", op.rows,
                      *op.baseline_each, -1.0, "", -1.0});
    }
  }
  return rows;
}

json to_json(const Run& run) {
  json j;
  j["run"] = {{"started", run.started},
              {"persons", run.persons},
              {"units", run.units},
              {"lines", run.statement_rows},
              {"seed", run.args.seed},
              {"store_dir", run.dir},
              {"cores", run.cores},
              {"cpu", run.cpu},
              {"kernel", run.kernel},
              {"build_type", run.build_type},
              {"sqlite", run.sqlite_version},
              {"ciie", run.ciie_version},
              {"unit_orders", run.unit_orders},
              {"person_orders", run.person_orders}};
  j["operations"] = json::array();
  for (const Operation& op : run.ops) {
    json o = {{"operation", op.name},
              {"rows", op.rows},
              {"row", op.unit},
              {"seconds", op.seconds},
              {"rows_per_second", static_cast<double>(op.rows) / op.seconds},
              {"peak_mib", op.peak_mib},
              {"rss_before_mib", op.rss_before_mib}};
    if (op.baseline) {
      o["baseline_seconds"] = *op.baseline;
      o["ratio"] = op.seconds / *op.baseline;
    }
    if (op.baseline_each) {
      o["baseline_commit_per_order_seconds"] = *op.baseline_each;
      o["ratio_to_commit_per_order"] = op.seconds / *op.baseline_each;
    }
    if (!op.note.empty()) o["orders"] = op.note;
    j["operations"].push_back(o);
  }
  j["statement"] = {{"generated", run.statement->generated},
                    {"expected", run.statement->expected},
                    {"imported", run.imported.by_outcome},
                    {"imported_failed", run.imported.failed},
                    {"again", run.again.by_outcome},
                    {"again_failed", run.again.failed},
                    {"csv_bytes", run.statement_bytes},
                    {"csv_read_seconds", run.csv_read_seconds},
                    {"row_errors", run.row_errors}};
  j["setup"] = json::array();
  for (const SetupStep& s : run.setup) {
    j["setup"].push_back({{"step", s.name}, {"rows", s.rows}, {"seconds", s.seconds}});
  }
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) return 2;

  Run run;
  run.args = args;
  run.started = now_text();
  run.cpu = cpu_model();
  run.kernel = kernel();
  run.cores = std::thread::hardware_concurrency();
  run.build_type = CIIE_BENCH_BUILD_TYPE;
  run.sqlite_version = sqlite3_libversion();
  run.ciie_version = std::string(ciie::version());

  // The directory: --keep DIR, or a new one under $TMPDIR, removed at the end.
  fs::path dir;
  if (!args.keep.empty()) {
    dir = args.keep;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir) || !fs::is_empty(dir)) {
      std::cerr << "ciie_order_bench: --keep " << dir << " must be a new or empty directory\n";
      return 2;
    }
  } else {
    std::string pattern = (fs::temp_directory_path() / "ciie-order-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) die("cannot make a temporary directory");
    dir = pattern;
  }
  run.dir = dir.string();
  std::cerr << "ciie_order_bench: " << args.persons << " persons, " << args.lines
            << " statement lines, seed " << args.seed << ", in " << run.dir << "\n";

  std::mt19937_64 rng(args.seed);
  auto clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse("2024-06-03T10:00:00+08:00"));
  ciie::Options options;
  options.store_uri = (dir / "ciie.db").string();
  options.clock = clock;
  options.create_if_missing = true;
  options.password_cost = ciie::Options::PasswordCost::kMinimal;
  std::unique_ptr<ciie::Registry> registry = must(ciie::Registry::open(options), "open");
  must(registry->init(ciie::Actor::organizer()), "init");
  const ciie::Actor organizer = ciie::Actor::organizer();

  // ---- setup: units, persons, submission ----
  const std::vector<std::size_t> sizes = unit_sizes(static_cast<std::size_t>(args.persons), rng);
  std::vector<UnitGen> units(sizes.size());
  std::vector<PersonGen> persons;
  persons.reserve(static_cast<std::size_t>(args.persons));
  std::vector<ciie::Record> unit_records;
  for (std::size_t u = 0; u < sizes.size(); ++u) {
    const std::size_t city = rng() % std::size(kUnitDivisions);
    UnitGen& unit = units[u];
    unit.account = uscc_for(kUnitDivisions[city], u + 1);
    unit.name = std::string(kCities[city]) + "示例" + std::string(kTrades[rng() % std::size(kTrades)]) +
                "有限公司" + std::to_string(u + 1);
    char bank[32];
    std::snprintf(bank, sizeof bank, "6222%015zu", u * 7919 + 13);
    unit.bank_account = bank;
    unit.first_person = persons.size();
    unit.persons = sizes[u];
    for (std::size_t i = 0; i < sizes[u]; ++i) {
      PersonGen p;
      p.unit = u;
      p.name = std::string(kSurnames[rng() % std::size(kSurnames)]) +
               std::string(kGiven[rng() % std::size(kGiven)]);
      p.badge = rng() % 100 < 85 ? "full" : "weekend";
      persons.push_back(std::move(p));
    }
    ciie::Record record;
    record.line = static_cast<long>(u + 2);
    char phone[32];
    std::snprintf(phone, sizeof phone, "138%08zu", u);
    record.fields = {{"uscc", unit.account}, {"name", unit.name}, {"category", "enterprise"},
                     {"consent", "true"}, {"phone", phone}};
    unit_records.push_back(std::move(record));
  }
  run.units = static_cast<std::int64_t>(units.size());
  run.persons = static_cast<std::int64_t>(persons.size());

  // The photo every person but one in twenty has (that one is queued for person review when
  // its order is paid): the tests' blank PNG, copied beside the store.
  bool have_photo = false;
  {
    std::error_code ec;
    fs::copy_file(CIIE_BENCH_PHOTO, dir / "photo.png", ec);
    have_photo = !ec;
    if (!have_photo) std::cerr << "  (no photo at " << CIIE_BENCH_PHOTO << ": persons have none)\n";
  }

  {
    const auto start = Clock::now();
    VectorReader reader(std::move(unit_records));
    std::int64_t failed = 0;
    const ciie::BulkSummary summary = must(
        registry->register_units(organizer, reader, {}, [&](const ciie::RowOutcome& row) {
          if (!row.ok && failed++ < 3) std::cerr << "  unit row: " << row.error.to_string() << "\n";
        }),
        "register_units");
    if (summary.failed > 0 || !summary.applied) die("register_units refused rows");
    run.setup.push_back({"register_units (one call)", summary.rows, seconds_since(start)});
    std::cerr << "  registered " << summary.rows << " units\n";
  }
  {
    const auto start = Clock::now();
    std::size_t next_doc = 0;
    for (std::size_t u = 0; u < units.size(); ++u) {
      UnitGen& unit = units[u];
      std::vector<ciie::Record> records;
      for (std::size_t i = 0; i < unit.persons; ++i) {
        PersonGen& p = persons[unit.first_person + i];
        const std::size_t n = next_doc++;
        char phone[32];
        std::snprintf(phone, sizeof phone, "139%08zu", n);
        ciie::Record r;
        r.line = static_cast<long>(i + 2);
        r.fields = {{"name", p.name}, {"document_kind", "cn_id"}, {"document_number", cn_id_for(n)},
                    {"phone", phone}, {"badge_type", p.badge}};
        if (have_photo && n % 20 != 19) r.fields["photo"] = "photo.png";
        records.push_back(std::move(r));
      }
      VectorReader reader(std::move(records));
      std::size_t i = 0;
      const ciie::BulkSummary summary = must(
          registry->add_persons(organizer, unit.account, reader, {}, dir.string(),
                                [&](const ciie::RowOutcome& row) {
                                  if (!row.ok) die("add_persons: " + row.error.to_string());
                                  persons[unit.first_person + i++].id = std::stoll(row.subject);
                                }),
          "add_persons");
      if (summary.failed > 0) die("add_persons refused rows");
      progress("persons added, units", u + 1, units.size());
    }
    run.setup.push_back({"add_persons (one call per unit)", run.persons, seconds_since(start)});
  }
  {
    const auto start = Clock::now();
    std::int64_t not_approved = 0;
    for (std::size_t u = 0; u < units.size(); ++u) {
      const ciie::SubmitOutcome out =
          must(registry->submit(organizer, units[u].account, ciie::SubmitRequest{}), "submit");
      if (!out.auto_approved) ++not_approved;
      progress("submitted units", u + 1, units.size());
    }
    if (not_approved > 0) die(std::to_string(not_approved) + " units were not approved on submit");
    run.setup.push_back({"submit (one call per unit)", run.units, seconds_since(start)});
  }

  Baseline base((dir / "baseline.db").string());
  Baseline base_each((dir / "baseline-commit-each.db").string());

  // ---- timed: one order per unit for all its persons ----
  std::vector<ciie::Order> unit_orders;
  unit_orders.reserve(units.size());
  {
    const double rss_before = begin_operation("create_order, one per unit");
    const auto [ours, each] = interleaved(
        units.size(), "orders, one per unit",
        [&](std::size_t u) {
          unit_orders.push_back(must(registry->create_order(ciie::Actor::unit(units[u].account),
                                                            units[u].account, ciie::OrderRequest{}),
                                     "create_order"));
        },
        [&](std::size_t first, std::size_t end) {
          std::vector<OrderRows> block;
          for (std::size_t u = first; u < end; ++u) block.push_back(rows_of(unit_orders[u]));
          return baseline_orders(base_each, block, true);
        });
    Operation op;
    op.name = "create_order, one per unit (all its persons)";
    op.rss_before_mib = rss_before;
    op.unit = "persons";
    op.seconds = ours;
    op.baseline_each = each;
    op.peak_mib = peak_mib();
    std::int64_t lines = 0;
    for (const ciie::Order& o : unit_orders) lines += static_cast<std::int64_t>(o.lines.size());
    op.rows = lines;
    op.note = thousands(static_cast<std::int64_t>(unit_orders.size()));
    run.unit_orders = static_cast<std::int64_t>(unit_orders.size());
    std::vector<OrderRows> rows;
    for (const ciie::Order& o : unit_orders) rows.push_back(rows_of(o));
    op.baseline = baseline_orders(base, rows, false);
    run.ops.push_back(op);
  }
  // ---- timed: cancel them (their persons await payment again) ----
  {
    const double rss_before = begin_operation("cancel_order");
    const auto [ours, each] = interleaved(
        unit_orders.size(), "orders cancelled",
        [&](std::size_t u) {
          (void)must(registry->cancel_order(ciie::Actor::unit(unit_orders[u].unit),
                                            unit_orders[u].number,
                                            "bench: ordered again person by person"),
                     "cancel_order");
        },
        [&](std::size_t first, std::size_t end) {
          std::vector<OrderRows> block;
          for (std::size_t u = first; u < end; ++u) block.push_back(rows_of(unit_orders[u]));
          return baseline_cancel(base_each, block, true);
        });
    Operation op;
    op.name = "cancel_order, each of those";
    op.rss_before_mib = rss_before;
    op.unit = "orders";
    op.rows = static_cast<std::int64_t>(unit_orders.size());
    op.seconds = ours;
    op.baseline_each = each;
    op.peak_mib = peak_mib();
    op.note = thousands(op.rows);
    std::vector<OrderRows> rows;
    for (const ciie::Order& o : unit_orders) rows.push_back(rows_of(o));
    op.baseline = baseline_cancel(base, rows, false);
    run.ops.push_back(op);
  }
  // ---- timed: one order per person ----
  std::vector<OrderRef> person_refs;
  {
    std::vector<ciie::Order> orders;
    orders.reserve(persons.size());
    const double rss_before = begin_operation("create_order, one per person");
    const auto [ours, each] = interleaved(
        persons.size(), "orders, one per person",
        [&](std::size_t i) {
          const UnitGen& unit = units[persons[i].unit];
          ciie::OrderRequest request;
          request.persons = {persons[i].id};
          orders.push_back(must(registry->create_order(ciie::Actor::unit(unit.account),
                                                       unit.account, request),
                                "create_order"));
        },
        [&](std::size_t first, std::size_t end) {
          std::vector<OrderRows> block;
          for (std::size_t i = first; i < end; ++i) block.push_back(rows_of(orders[i]));
          return baseline_orders(base_each, block, true);
        });
    Operation op;
    op.name = "create_order, one per person";
    op.rss_before_mib = rss_before;
    op.unit = "persons";
    op.rows = static_cast<std::int64_t>(orders.size());
    op.seconds = ours;
    op.baseline_each = each;
    op.peak_mib = peak_mib();
    op.note = thousands(op.rows);
    run.person_orders = op.rows;
    std::vector<OrderRows> rows;
    for (const ciie::Order& o : orders) {
      rows.push_back(rows_of(o));
      person_refs.push_back({o.number, o.total.fen(), persons[person_refs.size()].unit});
    }
    // The baseline's tables already hold the unit orders' lines (let go by the cancel), like
    // the library's.
    op.baseline = baseline_orders(base, rows, false);
    run.ops.push_back(op);
  }

  // ---- the statement ----
  std::vector<OrderRef> closed_refs;
  for (std::size_t u = 0; u < unit_orders.size(); ++u) {  // one order per unit, in unit order
    closed_refs.push_back({unit_orders[u].number, unit_orders[u].total.fen(), u});
  }
  const std::string csv_path = (dir / "statement.csv").string();
  Statement statement;
  {
    const auto start = Clock::now();
    statement = make_statement(static_cast<std::size_t>(args.lines), person_refs, closed_refs,
                               units, rng);
    write_statement(csv_path, statement);
    run.setup.push_back({"generate the statement CSV", static_cast<std::int64_t>(statement.rows.size()),
                         seconds_since(start)});
  }
  run.statement = &statement;
  run.statement_rows = static_cast<std::int64_t>(statement.rows.size());
  run.statement_bytes = static_cast<double>(fs::file_size(csv_path));
  ciie::ReaderOptions reader_options;
  reader_options.known_columns = ciie::Registry::statement_columns();
  reader_options.required_columns = ciie::Registry::statement_required_columns();
  {  // the reader alone, for where the time goes
    std::ifstream in(csv_path, std::ios::binary);
    auto reader = ciie::make_record_reader(in, ciie::InputFormat::kCsv, reader_options);
    const auto start = Clock::now();
    std::int64_t n = 0;
    while (true) {
      auto next = reader->next();
      if (!next.is_ok()) die("reading the statement: " + next.status().to_string());
      if (!*next) break;
      ++n;
    }
    run.csv_read_seconds = seconds_since(start);
    if (n != run.statement_rows) die("the statement reads back with a different line count");
  }
  std::vector<std::string> checksums;
  for (std::size_t i = 0; i < statement.rows.size(); ++i) {
    checksums.push_back(fake_checksum(statement.rows[i], i));
  }

  const ciie::Actor finance = ciie::Actor::finance();
  auto import = [&](ciie::BulkSummary& summary, const char* label) {
    std::ifstream in(csv_path, std::ios::binary);
    auto reader = ciie::make_record_reader(in, ciie::InputFormat::kCsv, reader_options);
    std::size_t seen = 0;
    const std::size_t of = statement.rows.size();
    const auto start = Clock::now();
    summary = must(registry->import_statement(
                       finance, *reader, "statement.csv", ciie::BulkOptions{},
                       [&](const ciie::RowOutcome& row) {
                         if (!row.ok && run.row_errors.size() < 10) {
                           run.row_errors.push_back(row.error.to_string());
                         }
                         progress(label, ++seen, of);
                       }),
                   "import_statement");
    return seconds_since(start);
  };
  {
    Operation op;
    op.name = "import_statement (new lines)";
    op.unit = "lines";
    op.rows = run.statement_rows;
    op.rss_before_mib = begin_operation("import_statement");
    op.seconds = import(run.imported, "statement lines");
    op.peak_mib = peak_mib();
    op.baseline = baseline_statement(base, statement.rows, checksums);
    run.ops.push_back(op);
    if (run.imported.failed > 0 || !run.imported.applied) {
      std::cerr << "ciie_order_bench: the import failed " << run.imported.failed
                << " lines and applied nothing; first errors:\n";
      for (const std::string& e : run.row_errors) std::cerr << "  " << e << "\n";
    }
  }
  {
    Operation op;
    op.name = "import_statement again (all seen)";
    op.unit = "lines";
    op.rows = run.statement_rows;
    op.rss_before_mib = begin_operation("import_statement again");
    op.seconds = import(run.again, "statement lines again");
    op.peak_mib = peak_mib();
    op.baseline = baseline_lookup(base, checksums);
    run.ops.push_back(op);
  }

  std::cerr << "ciie_order_bench: done\n";
  // ---- the report ----
  const std::string table = markdown(run);
  const json report = to_json(run);
  if (args.json_path == "-") {
    std::cout << report.dump(2) << "\n";
  } else {
    std::cout << table;
    if (!args.json_path.empty()) {
      std::ofstream out(args.json_path, std::ios::binary);
      out << report.dump(2) << "\n";
      out.close();
      if (!out) {
        std::cerr << "ciie_order_bench: cannot write " << args.json_path << "\n";
        return 5;
      }
    }
  }
  if (!args.rows_path.empty() &&
      !bench::write_rows(args.rows_path, "ciie_order_bench", run.build_type, bench_rows(run))) {
    return 5;
  }
  registry.reset();
  if (args.keep.empty()) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  } else {
    std::cerr << "ciie_order_bench: kept " << run.dir << "\n";
  }
  return run.imported.failed > 0 ? 1 : 0;
}
