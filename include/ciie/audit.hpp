// The audit trail: one entry per mutation (domain §1), append-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ciie/time.hpp"

namespace ciie {

struct AuditEntry {
  std::int64_t id = 0;  // assigned by the store, increasing
  Instant at;           // when (from the injected clock)
  std::string actor;    // "organizer", "unit:91310115591693856A", …
  std::string action;   // "store.init", "unit.register", …
  std::string subject;  // what was acted on: "store", "unit:…", "order:V…"
  std::string details;  // a JSON object as text
};

struct AuditQuery {
  std::string subject;  // exact subject, or empty for all
  std::string action;   // exact action, or empty for all
  std::optional<Instant> since;
  int limit = 100;  // newest first; at most this many
};

}  // namespace ciie
