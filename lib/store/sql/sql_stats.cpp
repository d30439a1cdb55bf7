// Statistics in the SQL store (stats.hpp): six GROUP BY queries, one per table the figures come
// from (units, persons, orders, order lines, payments, invoices). SQLite runs each as one scan of
// its table with a primary-key lookup of the unit per row (plans in docs/stats-export.md); the
// GROUP BY holds one entry per group. Their rows are merged by group here: a few hundred at most.
#include <map>
#include <utility>

#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

// The group and parent expressions of each key. They are constants, never caller text.
struct KeySql {
  std::string_view key;
  std::string_view parent;
  std::string_view where;  // an extra condition on the unit
};

KeySql key_sql(Store::StatsKey key) {
  switch (key) {
    case Store::StatsKey::kHomeDelegation:
      return {"coalesce(u.home_delegation, '')", "''", ""};
    case Store::StatsKey::kIndustryDelegation:
      return {"u.industry_delegation", "''", " AND u.industry_delegation IS NOT NULL"};
    case Store::StatsKey::kSubDelegation:
      return {"coalesce(u.sub_delegation, '')", "coalesce(u.home_delegation, '')", ""};
    case Store::StatsKey::kCategory:
      return {"u.category", "''", ""};
    case Store::StatsKey::kState:
      return {"u.state", "''", ""};
  }
  return {"''", "''", ""};
}

// The scope every query shares: ?1 the edition, ?2 a delegation ("" = all units).
constexpr std::string_view kScope = R"sql(
   WHERE u.edition = ?1
     AND (?2 = '' OR u.home_delegation = ?2 OR u.sub_delegation = ?2
          OR u.industry_delegation = ?2))sql";

// "SELECT <key>, <parent>, <figures> <from> <scope> [<where>] GROUP BY 1, 2".
std::string grouped(const KeySql& key, std::string_view figures, std::string_view from,
                    std::string_view where = "") {
  std::string sql = "SELECT " + std::string(key.key) + ", " + std::string(key.parent) + ", ";
  sql += std::string(figures) + "\n  FROM " + std::string(from) + std::string(kScope);
  sql += std::string(key.where) + std::string(where) + "\n GROUP BY 1, 2";
  return sql;
}

}  // namespace

Status SqlStore::add_stats_query(
    std::string_view sql, int edition, const std::string& delegation, std::vector<StatsRow>& groups,
    const std::function<void(const Statement&, StatsFigures&)>& read) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(sql));
  stmt.bind(1, edition).bind(2, delegation);
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    const std::string key = stmt.column_text(0);
    const std::string parent = stmt.column_text(1);
    StatsRow* group = nullptr;
    for (StatsRow& existing : groups) {
      if (existing.key == key && existing.parent == parent) group = &existing;
    }
    if (group == nullptr) {
      groups.push_back(StatsRow{key, parent, "", false, {}});
      group = &groups.back();
    }
    read(stmt, group->figures);
  }
  return Status::ok();
}

Result<std::vector<StatsRow>> SqlStore::stats_groups(int edition, StatsKey key,
                                                        const std::string& delegation) {
  const KeySql k = key_sql(key);
  std::vector<StatsRow> groups;
  // Units come first: every later query's groups are among theirs.
  CIIE_RETURN_IF_ERROR(add_stats_query(
      grouped(k, R"sql(count(*), count(*) FILTER (WHERE u.state = 'registered'), count(*) FILTER (WHERE u.state = 'submitted'),
        count(*) FILTER (WHERE u.state = 'approved'), count(*) FILTER (WHERE u.state = 'rejected'))sql",
              "unit u"),
      edition, delegation, groups, [](const Statement& s, StatsFigures& f) {
        f.units = s.column_int(2);
        f.units_registered = s.column_int(3);
        f.units_submitted = s.column_int(4);
        f.units_approved = s.column_int(5);
        f.units_rejected = s.column_int(6);
      }));
  CIIE_RETURN_IF_ERROR(add_stats_query(
      grouped(k, R"sql(count(*), count(*) FILTER (WHERE p.state = 'join_requested'), count(*) FILTER (WHERE p.state = 'draft'),
        count(*) FILTER (WHERE p.state = 'submitted'), count(*) FILTER (WHERE p.state = 'under_review'), count(*) FILTER (WHERE p.state = 'approved'),
        count(*) FILTER (WHERE p.state = 'rejected'), count(*) FILTER (WHERE p.free_delegation IS NOT NULL))sql",
              "unit u JOIN person p ON p.unit = u.account"),
      edition, delegation, groups, [](const Statement& s, StatsFigures& f) {
        f.persons = s.column_int(2);
        f.persons_join_requested = s.column_int(3);
        f.persons_draft = s.column_int(4);
        f.persons_submitted = s.column_int(5);
        f.persons_under_review = s.column_int(6);
        f.persons_approved = s.column_int(7);
        f.persons_rejected = s.column_int(8);
        f.free_badges_used = s.column_int(9);
      }));
  // A refunded order keeps state 'paid' (refunded_at set): it was paid.
  CIIE_RETURN_IF_ERROR(add_stats_query(grouped(k, "count(*) FILTER (WHERE o.state = 'paid'), sum(o.refunded_fen)",
                                               "unit u JOIN badge_order o ON o.unit = u.account"),
                                       edition, delegation, groups,
                                       [](const Statement& s, StatsFigures& f) {
                                         f.orders_paid = s.column_int(2);
                                         f.refunded = Money::from_fen(s.column_int(3));
                                       }));
  CIIE_RETURN_IF_ERROR(add_stats_query(
      grouped(k, "count(*)",
              "unit u JOIN badge_order o ON o.unit = u.account\n"
              "  JOIN order_line l ON l.order_number = o.number",
              " AND o.state = 'paid' AND l.refund IS NULL"),
      edition, delegation, groups,
      [](const Statement& s, StatsFigures& f) { f.badges_paid = s.column_int(2); }));
  CIIE_RETURN_IF_ERROR(add_stats_query(
      grouped(k, "sum(pay.amount_fen)",
              "unit u JOIN badge_order o ON o.unit = u.account\n"
              "  JOIN payment pay ON pay.order_number = o.number",
              " AND pay.state = 'confirmed'"),
      edition, delegation, groups,
      [](const Statement& s, StatsFigures& f) { f.paid = Money::from_fen(s.column_int(2)); }));
  CIIE_RETURN_IF_ERROR(add_stats_query(
      grouped(k, "sum(i.gross_fen)", "unit u JOIN invoice i ON i.unit = u.account"), edition,
      delegation, groups,
      [](const Statement& s, StatsFigures& f) { f.invoiced = Money::from_fen(s.column_int(2)); }));
  std::map<std::pair<std::string, std::string>, StatsRow> ordered;
  for (StatsRow& group : groups) {
    auto at = std::make_pair(group.parent, group.key);  // sub-delegations by delegation
    ordered.emplace(std::move(at), std::move(group));
  }
  std::vector<StatsRow> rows;
  rows.reserve(ordered.size());
  for (auto& [at, row] : ordered) rows.push_back(std::move(row));
  return rows;
}

}  // namespace ciie::store::sql
