// The rules a unit's information must follow (REG-6): exhibition areas and their categories
// from the configuration, known purposes, contacts with a name and well-formed phone/e-mail.
#pragma once

#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie::registry {

// Checks `profile` and canonicalises contacts' phones and e-mails in place.
// Errors: unit.area, unit.category_code, unit.purpose, unit.contact, unit.amount,
// phone.format, email.format — each with its field.
Status check_profile(const Rules& rules, UnitProfile& profile);

}  // namespace ciie::registry
