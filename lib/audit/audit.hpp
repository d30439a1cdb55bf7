// Writing audit entries: every mutating use case records who did what to which subject.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ciie/actor.hpp"
#include "ciie/time.hpp"

#include "store/store.hpp"

namespace ciie::audit {

// Appends one entry stamped with clock.now(). REQUIRES: inside store.write_transaction, so the
// entry commits or rolls back with the change it describes.
Status record(store::Store& store, const Clock& clock, const Actor& actor, std::string action,
              std::string subject, const nlohmann::json& details = nlohmann::json::object());

}  // namespace ciie::audit
