// The Registry facade: opens the store, and runs each use case as load → rule → save in one
// transaction with its audit entry.
#include "ciie/registry.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

Status forbidden(const Actor& actor, std::string_view what) {
  return Status::refused("auth.forbidden", actor.to_string() + " may not " + std::string(what));
}

std::string quota_key(const store::QuotaRow& row) {
  return row.delegation + '\x1f' + row.sub_delegation + '\x1f' + row.badge_type;
}

// The quotas of `before` whose places differ in `after`, or that are gone from it.
std::vector<QuotaChange> quota_changes(const std::vector<store::QuotaRow>& before,
                                       const std::vector<store::QuotaRow>& after) {
  std::map<std::string, const store::QuotaRow*> now;
  for (const store::QuotaRow& row : after) now[quota_key(row)] = &row;
  std::vector<QuotaChange> changes;
  for (const store::QuotaRow& old : before) {
    const auto found = now.find(quota_key(old));
    if (found != now.end() && found->second->places == old.places) continue;
    QuotaChange change;
    change.quota.delegation = old.delegation;
    change.quota.sub_delegation = old.sub_delegation;
    change.quota.badge_type = old.badge_type;
    change.places_before = old.places;
    change.removed = found == now.end();
    if (!change.removed) {
      change.quota.places = found->second->places;
      change.quota.used = found->second->used;
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

nlohmann::json quota_changes_json(const std::vector<QuotaChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const QuotaChange& change : changes) {
    list.push_back({{"delegation", change.quota.delegation},
                    {"sub_delegation", change.quota.sub_delegation},
                    {"badge_type", change.quota.badge_type},
                    {"places_before", change.places_before},
                    {"places", change.quota.places},
                    {"removed", change.removed}});
  }
  return list;
}

}  // namespace

Result<std::unique_ptr<Registry>> Registry::open(Options options) {
  if (!options.clock) options.clock = system_clock();
  if (Status valid = options.rules.validate(); !valid.is_ok()) return valid;
  CIIE_ASSIGN_OR_RETURN(const store::StoreUri uri, store::parse_store_uri(options.store_uri));
  // An in-memory store starts empty every time: creating it is the only way to open it.
  if (uri.kind == store::StoreUri::Kind::kSqliteMemory) options.create_if_missing = true;
  store::StoreOptions store_options;
  store_options.busy_timeout_ms = options.busy_timeout_ms;
  store_options.create_if_missing = options.create_if_missing;
  CIIE_ASSIGN_OR_RETURN(auto opened, store::open_store(options.store_uri, store_options));
  const int version = opened->schema_version();
  if (version < opened->latest_schema_version() && !options.create_if_missing) {
    return Status::storage("store.outdated", "the store has schema version " +
                                                 std::to_string(version) + " of " +
                                                 std::to_string(opened->latest_schema_version()) +
                                                 ": run `ciie init` to migrate it");
  }
  return std::unique_ptr<Registry>(new Registry(std::move(options), std::move(opened)));
}

Registry::Registry(Options options, std::unique_ptr<store::Store> store)
    : options_(std::move(options)), store_(std::move(store)) {}

Registry::~Registry() = default;

int Registry::schema_version() const { return store_->schema_version(); }

int Registry::latest_schema_version() {
  // Every backend carries the same schema history; ask an in-memory SQLite store.
  static const int latest = [] {
    auto memory = store::open_store("sqlite::memory:", {});
    return memory.is_ok() ? (*memory)->latest_schema_version() : 0;
  }();
  return latest;
}

Result<InitReport> Registry::init(const Actor& actor) {
  if (actor.kind != ActorKind::kOrganizer) return forbidden(actor, "initialise the store");
  InitReport report;
  CIIE_ASSIGN_OR_RETURN(report.schema_version_before, store_->migrate());
  report.schema_version_after = store_->schema_version();
  Status synced = store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto quotas_before, store_->list_quotas(""));
    CIIE_ASSIGN_OR_RETURN(const store::SyncCounts counts,
                          store_->sync_reference_data(options_.rules));
    CIIE_ASSIGN_OR_RETURN(const auto quotas_after, store_->list_quotas(""));
    report.quota_changes = quota_changes(quotas_before, quotas_after);
    report.delegations = counts.delegations;
    report.sub_delegations = counts.sub_delegations;
    report.badge_types = counts.badge_types;
    report.quotas = counts.quotas;
    report.changed = counts.changed;
    const bool migrated = report.schema_version_after != report.schema_version_before;
    if (counts.changed == 0 && !migrated) return Status::ok();  // nothing happened: no entry
    nlohmann::json details = {{"schema_version_before", report.schema_version_before},
                              {"schema_version_after", report.schema_version_after},
                              {"edition", options_.rules.edition.number},
                              {"rows_changed", counts.changed}};
    if (!report.quota_changes.empty()) {
      details["quota_changes"] = quota_changes_json(report.quota_changes);
    }
    return audit::record(*store_, *options_.clock, actor, "store.init", "store", details);
  });
  if (!synced.is_ok()) return synced;
  return report;
}

Result<RouteDecision> Registry::route(const RouteRequest& request) const {
  return route_unit(options_.rules, request);
}

Result<std::vector<AuditEntry>> Registry::audit(const Actor& actor, const AuditQuery& query) {
  if (actor.kind != ActorKind::kOrganizer) {
    // Other actors see only entries about themselves.
    if (query.subject != actor.to_string()) return forbidden(actor, "read this audit trail");
  }
  return store_->list_audit(query);
}

}  // namespace ciie
