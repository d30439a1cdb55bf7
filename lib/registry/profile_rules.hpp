// The rules a unit's information must follow (REG-6): exhibition areas and their categories
// from the configuration, known purposes, contacts with a name and well-formed phone/e-mail.
#pragma once

#include <cstddef>
#include <string_view>

#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie::registry {

// The most bytes of one free-text field of a unit: the legal representative, the address, a
// qualification, a contact's name or position, the reason for choosing a delegation.
inline constexpr std::size_t kMaxUnitTextBytes = 400;

// unit.text (in `field`) when `text` is longer than kMaxUnitTextBytes, else ok.
Status check_unit_text(std::string_view text, const char* field);

// Checks `profile` and canonicalises contacts' phones and e-mails in place.
// Errors: unit.text, unit.area, unit.category_code, unit.purpose, unit.contact, unit.amount,
// phone.format, email.format — each with its field.
Status check_profile(const Rules& rules, UnitProfile& profile);

}  // namespace ciie::registry
