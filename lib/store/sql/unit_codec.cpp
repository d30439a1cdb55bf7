// JSON encodings of RouteDecision and UnitProfile for the unit table.
#include "store/sql/unit_codec.hpp"

#include <nlohmann/json.hpp>

namespace ciie::store::sql {
namespace {

using nlohmann::json;

Status corrupt(const std::string& what, const std::exception& e) {
  return Status::storage("store.io", "corrupt " + what + " in the unit table: " + e.what());
}

ReviewRoute review_from(const std::string& text) {
  if (const auto route = parse_review_route(text)) return *route;
  throw std::invalid_argument("unknown review route '" + text + "'");
}

RouteFlag flag_from(const std::string& text) {
  if (const auto flag = parse_route_flag(text)) return *flag;
  throw std::invalid_argument("unknown route flag '" + text + "'");
}

}  // namespace

std::string encode_route(const RouteDecision& route) {
  json flags = json::array();
  for (RouteFlag flag : route.flags) flags.push_back(std::string(to_string(flag)));
  return json{{"home_delegation", route.home_delegation},
              {"sub_delegation", route.sub_delegation},
              {"industry_delegation", route.industry_delegation},
              {"review", std::string(to_string(route.review))},
              {"reviewer", route.reviewer},
              {"flags", flags},
              {"basis", route.basis},
              {"reason", route.reason}}
      .dump();
}

Result<RouteDecision> decode_route(const std::string& text) {
  try {
    const json j = json::parse(text);
    RouteDecision route;
    route.home_delegation = j.at("home_delegation").get<std::string>();
    route.sub_delegation = j.at("sub_delegation").get<std::string>();
    route.industry_delegation = j.at("industry_delegation").get<std::string>();
    route.review = review_from(j.at("review").get<std::string>());
    route.reviewer = j.at("reviewer").get<std::string>();
    for (const auto& flag : j.at("flags"))
      route.flags.push_back(flag_from(flag.get<std::string>()));
    route.basis = j.at("basis").get<std::string>();
    route.reason = j.at("reason").get<std::string>();
    return route;
  } catch (const std::exception& e) {
    return corrupt("route", e);
  }
}

std::string encode_profile(const UnitProfile& p) {
  json contacts = json::array();
  for (const Contact& c : p.contacts) {
    contacts.push_back(
        {{"name", c.name}, {"phone", c.phone}, {"email", c.email}, {"position", c.position}});
  }
  json intentions = json::array();
  for (const PurchaseIntention& i : p.intentions) {
    intentions.push_back({{"area", i.area}, {"categories", i.categories}});
  }
  json j{{"contacts", contacts},
         {"qualifications", p.qualifications},
         {"intentions", intentions},
         {"purposes", p.purposes},
         {"legal_representative", p.legal_representative},
         {"address", p.address}};
  if (p.registered_capital_wan) j["registered_capital_wan"] = *p.registered_capital_wan;
  if (p.import_value_wan_usd) j["import_value_wan_usd"] = *p.import_value_wan_usd;
  return j.dump();
}

Result<UnitProfile> decode_profile(const std::string& text) {
  try {
    const json j = json::parse(text);
    UnitProfile p;
    for (const auto& c : j.value("contacts", json::array())) {
      p.contacts.push_back({c.at("name").get<std::string>(), c.at("phone").get<std::string>(),
                            c.at("email").get<std::string>(), c.at("position").get<std::string>()});
    }
    p.qualifications = j.value("qualifications", std::vector<std::string>{});
    for (const auto& i : j.value("intentions", json::array())) {
      p.intentions.push_back(
          {i.at("area").get<std::string>(), i.at("categories").get<std::vector<std::string>>()});
    }
    p.purposes = j.value("purposes", std::vector<std::string>{});
    p.legal_representative = j.value("legal_representative", std::string());
    p.address = j.value("address", std::string());
    if (j.contains("registered_capital_wan")) {
      p.registered_capital_wan = j.at("registered_capital_wan").get<std::int64_t>();
    }
    if (j.contains("import_value_wan_usd")) {
      p.import_value_wan_usd = j.at("import_value_wan_usd").get<std::int64_t>();
    }
    return p;
  } catch (const std::exception& e) {
    return corrupt("profile", e);
  }
}

}  // namespace ciie::store::sql
