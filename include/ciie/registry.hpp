// Registry: the facade embedders start from. open() a store with Options, then call one method
// per use case; each method takes the acting Actor, runs in one transaction, checks scope and
// writes its audit entry. Start reading the public API here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/audit.hpp"
#include "ciie/options.hpp"
#include "ciie/routing.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie {

namespace store {
class Store;
}

// What init() did.
struct InitReport {
  int schema_version_before = 0;  // 0 for a new store
  int schema_version_after = 0;
  int delegations = 0;      // delegations loaded from the rules
  int sub_delegations = 0;
  int badge_types = 0;
  int quotas = 0;           // (delegation or sub-delegation, badge type) quota rows
  int changed = 0;          // rows inserted, updated or deleted (0 on a repeated init)
};

// Thread-safety: a Registry is not thread-safe; open one per thread (SQLite connections are
// cheap, and cross-connection safety is the store's job).
class Registry {
 public:
  // Opens the store named by options.store_uri. Errors: store.open, store.not_initialized
  // (unless options.create_if_missing), store.too_new (made by a newer ciie), config.invalid.
  static Result<std::unique_ptr<Registry>> open(Options options);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const Rules& rules() const { return options_.rules; }
  const Clock& clock() const { return *options_.clock; }

  // Creates or migrates the schema, then loads delegations, sub-delegations, badge types and
  // free quotas from the rules (idempotent: running it twice changes nothing the second time).
  // REQUIRES: actor is the organizer. Errors: auth.forbidden, store.*.
  Result<InitReport> init(const Actor& actor);

  // The schema version of the open store and the newest this library knows.
  int schema_version() const;
  static int latest_schema_version();

  // Routes a unit against the rules (pure; no store access). See routing.hpp.
  Result<RouteDecision> route(const RouteRequest& request) const;

  // Audit entries, newest first. REQUIRES: organizer (any subject) or the subject's own actor.
  // Errors: auth.forbidden.
  Result<std::vector<AuditEntry>> audit(const Actor& actor, const AuditQuery& query);

 private:
  Registry(Options options, std::unique_ptr<store::Store> store);
  Options options_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace ciie
