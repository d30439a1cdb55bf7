// The points ledger in the SQL store (PTS-1, PTS-2). Every write is one INSERT; awards skip a
// (rule, subject, holder) that exists (ON CONFLICT DO NOTHING), the debit and the reversal
// compute the balance inside their own statement, so no check can go stale between a read and
// a write (docs/points.md, docs/concurrency.md).
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kEntryColumns =
    "id, edition, holder, rule, subject, points, reverses, shortfall, reason, at, by";

constexpr std::string_view kCouponColumns =
    "id, code, coupon, edition, holder, cost_points, value_fen, entry, at, by";

Result<PointsEntry> read_entry(const Statement& stmt) {
  PointsEntry e;
  e.id = stmt.column_int(0);
  e.edition = static_cast<int>(stmt.column_int(1));
  e.holder = stmt.column_text(2);
  const auto rule = parse_points_rule(stmt.column_text(3));
  if (!rule) return Status::storage("store.io", "corrupt points entry " + std::to_string(e.id));
  e.rule = *rule;
  e.subject = stmt.column_text(4);
  e.points = stmt.column_int(5);
  e.reverses = stmt.column_int(6);
  e.shortfall = stmt.column_int(7);
  e.reason = stmt.column_text(8);
  CIIE_ASSIGN_OR_RETURN(e.at, Instant::parse(stmt.column_text(9)));
  e.by = stmt.column_text(10);
  return e;
}

Result<CouponRedemption> read_coupon(const Statement& stmt) {
  CouponRedemption c;
  c.id = stmt.column_int(0);
  c.code = stmt.column_text(1);
  c.coupon = stmt.column_text(2);
  c.edition = static_cast<int>(stmt.column_int(3));
  c.holder = stmt.column_text(4);
  c.cost_points = stmt.column_int(5);
  c.value = Money::from_fen(stmt.column_int(6));
  c.entry = stmt.column_int(7);
  CIIE_ASSIGN_OR_RETURN(c.at, Instant::parse(stmt.column_text(8)));
  c.by = stmt.column_text(9);
  return c;
}

// Parameters ?1 … ?10 of an entry, in kEntryColumns order without the id.
void bind_entry(Statement& stmt, const PointsEntry& e) {
  stmt.bind(1, e.edition).bind(2, e.holder).bind(3, to_string(e.rule)).bind(4, e.subject);
  stmt.bind(5, e.points).bind(6, e.reverses).bind(7, e.shortfall).bind(8, e.reason);
  stmt.bind(9, e.at).bind(10, e.by);
}

Result<std::int64_t> single_int(Result<Statement> prepared,
                                const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, std::move(prepared));
  bind(stmt);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_int(0) : 0;
}

}  // namespace

Result<bool> SqlStore::inserted_entry(PointsEntry& entry) {
  if (changes() == 0) return false;
  CIIE_ASSIGN_OR_RETURN(entry.id, db_->last_insert_id());
  return true;
}

Result<bool> SqlStore::insert_points_entry(PointsEntry& entry) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO points_entry (edition, holder, rule, subject, points, reverses, shortfall, reason,
                              at, by)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING)sql"));
  bind_entry(stmt, entry);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return inserted_entry(entry);
}

Result<bool> SqlStore::insert_points_debit(PointsEntry& entry, const std::string& coupon,
                                              std::int64_t max_coupons) {
  // The guard of PTS-2: the balance (and the coupon limit) is read by the INSERT itself.
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO points_entry (edition, holder, rule, subject, points, reverses, shortfall, reason,
                              at, by)
    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
    WHERE (SELECT coalesce(sum(points), 0) FROM points_entry WHERE holder = ?2) + ?5 >= 0
      AND (?11 < 0 OR (SELECT count(*) FROM points_coupon
                       WHERE holder = ?2 AND coupon = ?12 AND edition = ?1) < ?11)
    ON CONFLICT DO NOTHING)sql"));
  bind_entry(stmt, entry);
  stmt.bind(11, max_coupons).bind(12, coupon);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return inserted_entry(entry);
}

Result<bool> SqlStore::insert_points_reversal(PointsEntry& entry, std::int64_t wanted) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO points_entry (edition, holder, rule, subject, points, reverses, shortfall, reason,
                              at, by)
    SELECT ?1, ?2, ?3, ?4, -t.take, ?6, ?11 - t.take, ?8, ?9, ?10
    FROM (SELECT CASE WHEN coalesce(sum(points), 0) <= 0 THEN 0
                      WHEN coalesce(sum(points), 0) < ?11 THEN coalesce(sum(points), 0)
                      ELSE ?11 END AS take
          FROM points_entry WHERE holder = ?2) AS t
    WHERE true
    ON CONFLICT DO NOTHING)sql"));
  entry.rule = PointsRule::kReversal;
  bind_entry(stmt, entry);
  stmt.bind(11, wanted);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(const bool inserted, inserted_entry(entry));
  if (!inserted) return false;
  CIIE_ASSIGN_OR_RETURN(auto read, prepare("SELECT points, shortfall FROM points_entry WHERE id = ?1"));
  read.bind(1, entry.id);
  CIIE_ASSIGN_OR_RETURN(const bool row, read.step());
  if (!row) return Status::internal("a reversal vanished");
  entry.points = read.column_int(0);
  entry.shortfall = read.column_int(1);
  return true;
}

Result<std::optional<PointsEntry>> SqlStore::find_points_entry(PointsRule rule,
                                                                  const std::string& subject,
                                                                  const std::string& holder) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kEntryColumns) +
                                           " FROM points_entry WHERE rule = ?1 AND subject = ?2 "
                                           "AND holder = ?3"));
  stmt.bind(1, to_string(rule)).bind(2, subject).bind(3, holder);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<PointsEntry>();
  CIIE_ASSIGN_OR_RETURN(PointsEntry entry, read_entry(stmt));
  return std::optional<PointsEntry>(std::move(entry));
}

Result<bool> SqlStore::points_entry_reversed(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(const std::int64_t n,
                        single_int(prepare("SELECT count(*) FROM points_entry WHERE reverses = ?1"),
                                   [&](Statement& s) { s.bind(1, id); }));
  return n > 0;
}

Result<std::int64_t> SqlStore::count_standing_points(const std::string& holder,
                                                        PointsRule rule, int edition) {
  return single_int(prepare(R"sql(
    SELECT count(*) FROM points_entry e
    WHERE e.holder = ?1 AND e.rule = ?2 AND e.edition = ?3
      AND NOT EXISTS (SELECT 1 FROM points_entry r WHERE r.reverses = e.id))sql"),
                    [&](Statement& s) { s.bind(1, holder).bind(2, to_string(rule)).bind(3, edition); });
}

Result<std::int64_t> SqlStore::points_balance(const std::string& holder) {
  return single_int(prepare("SELECT coalesce(sum(points), 0) FROM points_entry WHERE holder = ?1"),
                    [&](Statement& s) { s.bind(1, holder); });
}

Result<PointsBalance> SqlStore::points_totals(const std::string& holder) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT coalesce(sum(points), 0), coalesce(sum(CASE WHEN points > 0 THEN points ELSE 0 END), 0),
           coalesce(sum(CASE WHEN rule = 'coupon' THEN -points ELSE 0 END), 0), count(*)
    FROM points_entry WHERE holder = ?1)sql"));
  stmt.bind(1, holder);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  PointsBalance totals;
  totals.holder = holder;
  if (row) {
    totals.balance = stmt.column_int(0);
    totals.earned = stmt.column_int(1);
    totals.spent = stmt.column_int(2);
    totals.entries = stmt.column_int(3);
  }
  return totals;
}

Result<std::vector<PointsEntry>> SqlStore::list_points_entries(const PointsQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kEntryColumns) +
                                           " FROM points_entry WHERE holder = ?1 AND (?2 = '' OR "
                                           "rule = ?2) ORDER BY id DESC LIMIT ?3 OFFSET ?4"));
  // An empty string, not an empty view (whose null data would bind NULL).
  const std::string rule = query.rule ? std::string(to_string(*query.rule)) : std::string();
  stmt.bind(1, query.holder).bind(2, rule);
  stmt.bind(3, query.limit).bind(4, query.offset);
  std::vector<PointsEntry> entries;
  for (;;) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(PointsEntry entry, read_entry(stmt));
    entries.push_back(std::move(entry));
  }
  return entries;
}

Status SqlStore::insert_coupon(CouponRedemption& c) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO points_coupon (code, coupon, edition, holder, cost_points, value_fen, entry, at, by)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))sql"));
  stmt.bind(1, c.code).bind(2, c.coupon).bind(3, c.edition).bind(4, c.holder);
  stmt.bind(5, c.cost_points).bind(6, c.value.fen()).bind(7, c.entry);
  stmt.bind(8, c.at).bind(9, c.by);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(c.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::int64_t> SqlStore::count_coupons(const std::string& holder,
                                                const std::string& coupon, int edition) {
  return single_int(prepare("SELECT count(*) FROM points_coupon WHERE holder = ?1 AND coupon = ?2 "
                            "AND edition = ?3"),
                    [&](Statement& s) { s.bind(1, holder).bind(2, coupon).bind(3, edition); });
}

Result<std::vector<CouponRedemption>> SqlStore::list_coupons(const std::string& holder) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kCouponColumns) +
                                           " FROM points_coupon WHERE holder = ?1 ORDER BY id DESC"));
  stmt.bind(1, holder);
  std::vector<CouponRedemption> coupons;
  for (;;) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(CouponRedemption coupon, read_coupon(stmt));
    coupons.push_back(std::move(coupon));
  }
  return coupons;
}

Result<bool> SqlStore::insert_deal(const DealRecord& deal) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO points_deal (reference, edition, unit, amount_fen, at, by)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (reference) DO NOTHING)sql"));
  stmt.bind(1, deal.reference).bind(2, deal.edition).bind(3, deal.unit);
  stmt.bind(4, deal.amount.fen()).bind(5, deal.at).bind(6, deal.by);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() > 0;
}

Result<std::optional<DealRecord>> SqlStore::find_deal(const std::string& reference) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT reference, edition, unit, amount_fen, at, by "
                                           "FROM points_deal WHERE reference = ?1"));
  stmt.bind(1, reference);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<DealRecord>();
  DealRecord deal;
  deal.reference = stmt.column_text(0);
  deal.edition = static_cast<int>(stmt.column_int(1));
  deal.unit = stmt.column_text(2);
  deal.amount = Money::from_fen(stmt.column_int(3));
  CIIE_ASSIGN_OR_RETURN(deal.at, Instant::parse(stmt.column_text(4)));
  deal.by = stmt.column_text(5);
  return std::optional<DealRecord>(std::move(deal));
}

Result<bool> SqlStore::insert_checkin(int edition, std::int64_t person,
                                         const std::string& badge, Instant checked_in,
                                         const std::string& gate, Instant imported_at) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO checkin (edition, person, badge, checked_in, gate, imported_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (person, checked_in) DO NOTHING)sql"));
  stmt.bind(1, edition).bind(2, person).bind(3, badge).bind(4, checked_in);
  stmt.bind(5, gate).bind(6, imported_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() > 0;
}

}  // namespace ciie::store::sql
