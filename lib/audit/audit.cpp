// Audit entries are written in the same transaction as the change they describe.
#include "audit/audit.hpp"

namespace ciie::audit {

Status record(store::Store& store, const Clock& clock, const Actor& actor, std::string action,
              std::string subject, const nlohmann::json& details) {
  AuditEntry entry;
  entry.at = clock.now();
  entry.actor = actor.to_string();
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.details = details.dump();
  return store.append_audit(entry);
}

}  // namespace ciie::audit
