// Parsing bulk registration rows.
#include "registry/register_row.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace ciie::registry {
namespace {

const std::string* field(const Record& record, const std::string& name) {
  const auto it = record.fields.find(name);
  return it == record.fields.end() ? nullptr : &it->second;
}

std::string text(const Record& record, const std::string& name) {
  const std::string* value = field(record, name);
  return value == nullptr ? std::string() : *value;
}

std::vector<std::string> split(const std::string& value, char separator) {
  std::vector<std::string> items;
  std::string item;
  for (char c : value + separator) {
    if (c != separator) {
      item += c;
      continue;
    }
    const auto first = item.find_first_not_of(' ');
    if (first != std::string::npos)
      items.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
    item.clear();
  }
  return items;
}

Status bad_value(const Record& record, const std::string& column, const std::string& why) {
  return Status::invalid_input("bulk.value", column + ": " + why).at(record.line, column);
}

// A list column: "a;b;c" in CSV, or a JSON array of strings (JSON Lines keeps arrays as JSON text).
Result<std::vector<std::string>> list_of(const Record& record, const std::string& column) {
  const std::string value = text(record, column);
  if (value.empty() || value.front() != '[') return split(value, ';');
  try {
    return nlohmann::json::parse(value).get<std::vector<std::string>>();
  } catch (const std::exception&) {
    return bad_value(record, column, "write a list as a;b;c or as a JSON array of strings");
  }
}

Result<std::optional<std::int64_t>> whole_number(const Record& record, const std::string& column) {
  const std::string value = text(record, column);
  if (value.empty()) return std::optional<std::int64_t>();
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size()) {
    return bad_value(record, column, "not a whole number: '" + value + "'");
  }
  return std::optional<std::int64_t>(number);
}

Result<bool> consent_of(const Record& record) {
  const std::string value = text(record, "consent");
  if (value == "true" || value == "yes" || value == "1" || value == "y") return true;
  if (value.empty() || value == "false" || value == "no" || value == "0" || value == "n") {
    return Status::refused("register.consent", "privacy consent is required (REG-1)")
        .at(record.line, "consent");
  }
  return bad_value(record, "consent", "write true or false, not '" + value + "'");
}

// "food-agri:dairy|snacks;auto:parts" → two intentions; or, in JSON Lines,
// [{"area":"food-agri","categories":["dairy","snacks"]}, …].
Result<std::vector<PurchaseIntention>> intentions_of(const Record& record) {
  std::vector<PurchaseIntention> intentions;
  const std::string value = text(record, "intentions");
  if (!value.empty() && value.front() == '[') {
    try {
      for (const auto& item : nlohmann::json::parse(value)) {
        intentions.push_back({item.at("area").get<std::string>(),
                              item.value("categories", std::vector<std::string>{})});
      }
      return intentions;
    } catch (const std::exception&) {
      return bad_value(record, "intentions",
                       "write area:category|category;… or a JSON array of {area, categories}");
    }
  }
  for (const std::string& item : split(value, ';')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0) {
      return bad_value(record, "intentions", "write area:category|category, not '" + item + "'");
    }
    intentions.push_back({item.substr(0, colon), split(item.substr(colon + 1), '|')});
  }
  return intentions;
}

}  // namespace

const std::vector<std::string>& register_row_columns() {
  static const std::vector<std::string> columns = {"region",
                                                   "category",
                                                   "uscc",
                                                   "name",
                                                   "consent",
                                                   "phone",
                                                   "email",
                                                   "affiliation",
                                                   "delegation",
                                                   "sub_delegation",
                                                   "affiliation_reason",
                                                   "referral_code",
                                                   "legal_representative",
                                                   "address",
                                                   "registered_capital_wan",
                                                   "import_value_wan_usd",
                                                   "contact_name",
                                                   "contact_phone",
                                                   "contact_email",
                                                   "contact_position",
                                                   "purposes",
                                                   "intentions",
                                                   "qualifications"};
  return columns;
}

const std::vector<std::string>& register_row_required_columns() {
  static const std::vector<std::string> columns = {"category", "name", "consent"};
  return columns;
}

Result<RegisterRequest> parse_register_row(const Record& record) {
  CIIE_ASSIGN_OR_RETURN(RegisterRequest request, parse_unit_fields(record));
  CIIE_ASSIGN_OR_RETURN(request.consent, consent_of(record));
  return request;
}

Result<RegisterRequest> parse_unit_fields(const Record& record) {
  RegisterRequest request;
  const std::string region = text(record, "region");
  if (!region.empty()) {
    const auto parsed = parse_unit_region(region);
    if (!parsed) {
      return Status::refused("register.region",
                             "unknown region '" + region + "' (mainland, hk_mo_tw or overseas)")
          .at(record.line, "region");
    }
    request.region = *parsed;
  }
  const std::string category = text(record, "category");
  const auto parsed_category = parse_unit_category(category);
  if (!parsed_category) {
    return Status::refused("register.category", "unknown category '" + category + "'")
        .at(record.line, "category");
  }
  request.category = *parsed_category;
  request.uscc = text(record, "uscc");
  request.name = text(record, "name");
  request.phone = text(record, "phone");
  request.email = text(record, "email");
  const std::string affiliation = text(record, "affiliation");
  const auto parsed_affiliation = parse_affiliation(affiliation);
  if (!parsed_affiliation) {
    return Status::refused("delegation.affiliation_kind", "unknown affiliation '" + affiliation +
                                                              "' (place, central, nhc, choice)")
        .at(record.line, "affiliation");
  }
  request.affiliation = *parsed_affiliation;
  request.delegation = text(record, "delegation");
  request.sub_delegation = text(record, "sub_delegation");
  request.affiliation_reason = text(record, "affiliation_reason");
  request.referral_code = text(record, "referral_code");

  UnitProfile& profile = request.profile;
  profile.legal_representative = text(record, "legal_representative");
  profile.address = text(record, "address");
  CIIE_ASSIGN_OR_RETURN(profile.registered_capital_wan,
                        whole_number(record, "registered_capital_wan"));
  CIIE_ASSIGN_OR_RETURN(profile.import_value_wan_usd, whole_number(record, "import_value_wan_usd"));
  if (field(record, "contact_name") != nullptr) {
    profile.contacts.push_back({text(record, "contact_name"), text(record, "contact_phone"),
                                text(record, "contact_email"), text(record, "contact_position")});
  } else if (field(record, "contact_phone") != nullptr ||
             field(record, "contact_email") != nullptr) {
    return bad_value(record, "contact_name", "a contact needs a name");
  }
  CIIE_ASSIGN_OR_RETURN(profile.purposes, list_of(record, "purposes"));
  CIIE_ASSIGN_OR_RETURN(profile.qualifications, list_of(record, "qualifications"));
  CIIE_ASSIGN_OR_RETURN(profile.intentions, intentions_of(record));
  return request;
}

}  // namespace ciie::registry
