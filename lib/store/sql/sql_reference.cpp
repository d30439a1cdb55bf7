// Reference data from the rules: delegations, sub-delegations, badge types and free quotas.
// Upserts touch a row only when a value differs, so a repeated `init` reports 0 changes.
#include <array>

#include <nlohmann/json.hpp>

#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

std::string prefixes_json(const std::vector<std::string>& prefixes) {
  return nlohmann::json(prefixes).dump();
}

}  // namespace

Result<SyncCounts> SqlStore::sync_reference_data(const Rules& rules) {
  SyncCounts counts;
  CIIE_RETURN_IF_ERROR(sync_badge_types(rules, counts));
  CIIE_RETURN_IF_ERROR(sync_delegations(rules, counts));
  CIIE_RETURN_IF_ERROR(sync_quotas(rules, counts));
  return counts;
}

Status SqlStore::sync_badge_types(const Rules& rules, SyncCounts& counts) {
  CIIE_ASSIGN_OR_RETURN(auto upsert, prepare(R"sql(
    INSERT INTO badge_type (code, name_zh, name_en, valid_from, valid_to, fee_fen, reusable)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
    ON CONFLICT (code) DO UPDATE SET
      name_zh = excluded.name_zh, name_en = excluded.name_en, valid_from = excluded.valid_from,
      valid_to = excluded.valid_to, fee_fen = excluded.fee_fen, reusable = excluded.reusable
    WHERE (badge_type.name_zh, badge_type.name_en, badge_type.valid_from, badge_type.valid_to,
           badge_type.fee_fen, badge_type.reusable) IS DISTINCT FROM
          (excluded.name_zh, excluded.name_en, excluded.valid_from, excluded.valid_to,
           excluded.fee_fen, excluded.reusable))sql"));
  std::set<std::string> keep;
  for (const BadgeType& badge : rules.badge_types) {
    upsert.reset();
    upsert.bind(1, badge.code).bind(2, badge.name_zh).bind(3, badge.name_en);
    upsert.bind(4, badge.valid_from.to_string()).bind(5, badge.valid_to.to_string());
    upsert.bind(6, badge.fee.fen()).bind(7, badge.reusable ? 1 : 0);
    CIIE_RETURN_IF_ERROR(upsert.run());
    counts.changed += changes();
    keep.insert(badge.code);
    ++counts.badge_types;
  }
  // Quotas naming a removed badge type go with it (sync_quotas re-adds the rules' quotas).
  return delete_missing("badge_type", "code", keep, counts,
                        "DELETE FROM free_quota WHERE badge_type = ?1 AND used = 0");
}

Status SqlStore::sync_delegations(const Rules& rules, SyncCounts& counts) {
  CIIE_ASSIGN_OR_RETURN(auto upsert, prepare(R"sql(
    INSERT INTO delegation (slug, name_zh, name_en, kind, region_prefixes)
    VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (slug) DO UPDATE SET
      name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
      region_prefixes = excluded.region_prefixes
    WHERE (delegation.name_zh, delegation.name_en, delegation.kind, delegation.region_prefixes)
          IS DISTINCT FROM
          (excluded.name_zh, excluded.name_en, excluded.kind, excluded.region_prefixes))sql"));
  CIIE_ASSIGN_OR_RETURN(auto upsert_sub, prepare(R"sql(
    INSERT INTO sub_delegation (slug, delegation, name_zh, name_en, region_prefixes)
    VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (slug) DO UPDATE SET
      delegation = excluded.delegation, name_zh = excluded.name_zh, name_en = excluded.name_en,
      region_prefixes = excluded.region_prefixes
    WHERE (sub_delegation.delegation, sub_delegation.name_zh, sub_delegation.name_en,
           sub_delegation.region_prefixes) IS DISTINCT FROM
          (excluded.delegation, excluded.name_zh, excluded.name_en, excluded.region_prefixes))sql"));
  std::set<std::string> keep, keep_sub;
  for (const Delegation& delegation : rules.delegations) {
    upsert.reset();
    upsert.bind(1, delegation.slug).bind(2, delegation.name_zh).bind(3, delegation.name_en);
    upsert.bind(4, to_string(delegation.kind)).bind(5, prefixes_json(delegation.region_prefixes));
    CIIE_RETURN_IF_ERROR(upsert.run());
    counts.changed += changes();
    keep.insert(delegation.slug);
    ++counts.delegations;
    for (const SubDelegation& sub : delegation.sub_delegations) {
      upsert_sub.reset();
      upsert_sub.bind(1, sub.slug).bind(2, delegation.slug).bind(3, sub.name_zh);
      upsert_sub.bind(4, sub.name_en).bind(5, prefixes_json(sub.region_prefixes));
      CIIE_RETURN_IF_ERROR(upsert_sub.run());
      counts.changed += changes();
      keep_sub.insert(sub.slug);
      ++counts.sub_delegations;
    }
  }
  CIIE_RETURN_IF_ERROR(
      delete_missing("sub_delegation", "slug", keep_sub, counts,
                     "DELETE FROM free_quota WHERE sub_delegation = ?1 AND used = 0"));
  return delete_missing("delegation", "slug", keep, counts,
                        "DELETE FROM free_quota WHERE delegation = ?1 AND used = 0");
}

Status SqlStore::sync_quotas(const Rules& rules, SyncCounts& counts) {
  CIIE_ASSIGN_OR_RETURN(auto upsert, prepare(R"sql(
    INSERT INTO free_quota (delegation, sub_delegation, badge_type, places) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (delegation, sub_delegation, badge_type) DO UPDATE SET places = excluded.places
    WHERE free_quota.places IS DISTINCT FROM excluded.places)sql"));
  std::set<std::string> keep;
  auto put = [&](const std::string& delegation, const std::string& sub, const std::string& badge,
                 std::int64_t places) -> Status {
    upsert.reset();
    upsert.bind(1, delegation).bind(2, sub).bind(3, badge).bind(4, places);
    CIIE_RETURN_IF_ERROR(upsert.run());
    counts.changed += changes();
    keep.insert(delegation + '\x1f' + sub + '\x1f' + badge);
    ++counts.quotas;
    return Status::ok();
  };
  for (const Delegation& delegation : rules.delegations) {
    for (const auto& [badge, places] : delegation.free_quota) {
      CIIE_RETURN_IF_ERROR(put(delegation.slug, "", badge, places));
    }
    for (const SubDelegation& sub : delegation.sub_delegations) {
      for (const auto& [badge, places] : sub.free_quota) {
        CIIE_RETURN_IF_ERROR(put(delegation.slug, sub.slug, badge, places));
      }
    }
  }
  // A quota the rules no longer give is removed, unless places are held on it.
  CIIE_ASSIGN_OR_RETURN(
      auto list,
      db_->prepare(
                         "SELECT delegation, sub_delegation, badge_type, used FROM free_quota"));
  std::vector<std::array<std::string, 3>> stale;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, list.step());
    if (!row) break;
    std::array<std::string, 3> key{list.column_text(0), list.column_text(1), list.column_text(2)};
    if (keep.count(key[0] + '\x1f' + key[1] + '\x1f' + key[2]) != 0) continue;
    if (list.column_int(3) > 0) {
      return Status::conflict("store.in_use",
                              "the free quota of " + key[0] + (key[1].empty() ? "" : "/" + key[1]) +
                                  " for " + key[2] + " has places held and cannot be removed");
    }
    stale.push_back(std::move(key));
  }
  CIIE_ASSIGN_OR_RETURN(auto remove,
                        db_->prepare(
                                           "DELETE FROM free_quota WHERE delegation = ?1 AND "
                                           "sub_delegation = ?2 AND badge_type = ?3"));
  for (const auto& key : stale) {
    remove.reset();
    remove.bind(1, key[0]).bind(2, key[1]).bind(3, key[2]);
    CIIE_RETURN_IF_ERROR(remove.run());
    counts.changed += changes();
  }
  return Status::ok();
}

// Deletes rows of `table` whose `key_column` is not in `keep`, first running `cleanup_sql`
// (with the key bound to ?1) for each. A row still referenced fails with store.in_use.
Status SqlStore::delete_missing(const std::string& table, const std::string& key_column,
                                   const std::set<std::string>& keep, SyncCounts& counts,
                                   const std::string& cleanup_sql) {
  CIIE_ASSIGN_OR_RETURN(
      auto list, db_->prepare( "SELECT " + key_column + " FROM " + table));
  std::vector<std::string> stale;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, list.step());
    if (!row) break;
    std::string key = list.column_text(0);
    if (keep.count(key) == 0) stale.push_back(std::move(key));
  }
  CIIE_ASSIGN_OR_RETURN(auto cleanup, prepare(cleanup_sql));
  CIIE_ASSIGN_OR_RETURN(
      auto remove,
      db_->prepare( "DELETE FROM " + table + " WHERE " + key_column + " = ?1"));
  for (const std::string& key : stale) {
    cleanup.reset();
    cleanup.bind(1, key);
    CIIE_RETURN_IF_ERROR(cleanup.run());
    remove.reset();
    remove.bind(1, key);
    Status removed = remove.run();
    if (!removed.is_ok()) {
      if (removed.reason() == "store.constraint") {
        return Status::conflict("store.in_use", table + " '" + key +
                                                    "' is no longer in the configuration but is "
                                                    "still referenced; keep it in ciie.toml");
      }
      return removed;
    }
    counts.changed += changes();
  }
  return Status::ok();
}

}  // namespace ciie::store::sql
