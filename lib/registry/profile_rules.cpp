// Checks on a unit's information (REG-6), shared by registration and updates.
#include "registry/profile_rules.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "ciie/codes.hpp"

namespace ciie::registry {
namespace {

// The purposes of attending a unit may declare (REG-6).
constexpr std::string_view kPurposes[] = {"purchase", "negotiation", "information", "investment",
                                          "other"};

// Free text is capped so that a pasted file or a runaway script cannot put megabytes into a row
// that every listing, export and audit entry then carries. Generous for any real name or address.
Status check_text(std::string_view text, const char* field) {
  if (text.size() <= kMaxUnitTextBytes) return Status::ok();
  return Status::refused("unit.text", std::string(field) + " is " + std::to_string(text.size()) +
                                          " bytes, more than the " +
                                          std::to_string(kMaxUnitTextBytes) + " allowed")
      .in_field(field);
}

}  // namespace

Status check_unit_text(std::string_view text, const char* field) { return check_text(text, field); }

Status check_profile(const Rules& rules, UnitProfile& profile) {
  CIIE_RETURN_IF_ERROR(check_text(profile.legal_representative, "legal_representative"));
  CIIE_RETURN_IF_ERROR(check_text(profile.address, "address"));
  for (const std::string& qualification : profile.qualifications) {
    CIIE_RETURN_IF_ERROR(check_text(qualification, "qualifications"));
  }
  for (PurchaseIntention& intention : profile.intentions) {
    const auto area = std::find_if(rules.areas.begin(), rules.areas.end(),
                                   [&](const Area& a) { return a.slug == intention.area; });
    if (area == rules.areas.end()) {
      return Status::refused("unit.area", "no exhibition area '" + intention.area + "'")
          .in_field("intentions");
    }
    for (const std::string& category : intention.categories) {
      if (std::find(area->categories.begin(), area->categories.end(), category) ==
          area->categories.end()) {
        return Status::refused("unit.category_code",
                               "area " + area->slug + " has no category '" + category + "'")
            .in_field("intentions");
      }
    }
  }
  for (const std::string& purpose : profile.purposes) {
    if (std::find(std::begin(kPurposes), std::end(kPurposes), purpose) == std::end(kPurposes)) {
      return Status::refused("unit.purpose",
                             "unknown purpose '" + purpose +
                                 "' (purchase, negotiation, information, investment, other)")
          .in_field("purposes");
    }
  }
  for (Contact& contact : profile.contacts) {
    if (contact.name.empty()) {
      return Status::refused("unit.contact", "a contact needs a name").in_field("contacts");
    }
    CIIE_RETURN_IF_ERROR(check_text(contact.name, "contacts"));
    CIIE_RETURN_IF_ERROR(check_text(contact.position, "contacts"));
    if (!contact.phone.empty()) {
      auto phone = codes::check_phone(contact.phone);
      if (!phone.is_ok()) return std::move(phone).take_status().in_field("contacts");
      contact.phone = phone->number;
    }
    if (!contact.email.empty()) {
      auto email = codes::check_email(contact.email);
      if (!email.is_ok()) return std::move(email).take_status().in_field("contacts");
      contact.email = *email;
    }
  }
  for (auto value : {profile.registered_capital_wan, profile.import_value_wan_usd}) {
    if (value && *value < 0) {
      return Status::refused("unit.amount", "amounts in 万 cannot be negative")
          .in_field(value == profile.registered_capital_wan ? "registered_capital_wan"
                                                            : "import_value_wan_usd");
    }
  }
  return Status::ok();
}

}  // namespace ciie::registry
