// Text and JSON of units and referral codes. Every phone and e-mail address goes through
// codes::mask_phone / mask_email here, so no command can print one unmasked by accident.
#include "unit_render.hpp"

#include <algorithm>

#include "ciie/codes.hpp"

namespace ciie::cli {
namespace {

std::string masked_phone(const std::string& phone) {
  return phone.empty() ? std::string() : codes::mask_phone(phone);
}

std::string masked_email(const std::string& email) {
  return email.empty() ? std::string() : codes::mask_email(email);
}

// Masked, or as stored when the caller asked for (and was allowed) the reveal.
std::string shown_phone(const std::string& phone, bool reveal) {
  return reveal ? phone : masked_phone(phone);
}
std::string shown_email(const std::string& email, bool reveal) {
  return reveal ? email : masked_email(email);
}

nlohmann::json optional_instant_json(const std::optional<Instant>& at) {
  return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
}

std::string optional_text(const std::optional<std::int64_t>& value, const std::string& unit) {
  return value ? std::to_string(*value) + " " + unit : std::string("-");
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

// "food-agri:dairy|snacks", the same syntax `unit update --intention` and the bulk column take.
std::string intention_text(const PurchaseIntention& intention) {
  return intention.area + ":" + join(intention.categories, "|");
}

std::string contact_text(const Contact& contact, bool reveal) {
  std::vector<std::string> parts{contact.name};
  for (const std::string& part :
       {shown_phone(contact.phone, reveal), shown_email(contact.email, reveal), contact.position}) {
    if (!part.empty()) parts.push_back(part);
  }
  return join(parts, ", ");
}

std::string verified_text(const std::string& shown, bool verified) {
  if (shown.empty()) return "-";
  return shown + (verified ? " (verified)" : " (unverified)");
}

// Rows of cells; every column but the last is padded to its widest cell (ASCII cells only:
// the last column may hold Chinese text, whose display width differs from its byte count).
std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i + 1 < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

void add_line(std::string& text, const std::string& label, const std::string& value) {
  if (value.empty()) return;
  const std::size_t kLabelWidth = 14;  // "choice reason" and one space
  text += "  " + label + ":" + std::string(kLabelWidth - std::min(kLabelWidth, label.size()), ' ') +
          value + "\n";
}

std::string flags_text(const RouteDecision& route) {
  std::vector<std::string> flags;
  for (RouteFlag flag : route.flags) flags.emplace_back(to_string(flag));
  return join(flags, " ");
}

std::string review_text(const RouteDecision& route) {
  std::string text(to_string(route.review));
  if (!route.reviewer.empty()) text += " (" + route.reviewer + ")";
  return text;
}

std::string industry_text(const RouteDecision& route, const Rules& rules) {
  if (route.industry_delegation.empty()) return {};
  const Delegation* industry = rules.find_delegation(route.industry_delegation);
  return route.industry_delegation + (industry != nullptr ? " " + industry->name_zh : "");
}

// The routing decision as stored: home (and sub-) delegation, industry delegation, who reviews,
// the flags that force manual review, and the reason sentence (DEL-3: stored and explainable).
void add_route_lines(std::string& text, const RouteDecision& route, const Rules& rules) {
  add_line(text, "delegation", home_delegation_text(route, rules));
  add_line(text, "industry", industry_text(route, rules));
  add_line(text, "review", review_text(route));
  add_line(text, "flags", flags_text(route));
  add_line(text, "reason", route.reason);
}

// Where the unit stands in review (REV-1, REV-2): nothing before its first submission.
void add_review_lines(std::string& text, const Unit& unit) {
  if (unit.submitted_at) {
    std::string submitted = unit.submitted_at->to_shanghai_string();
    if (!unit.review_queue.empty()) submitted += " to " + unit.review_queue;
    if (!unit.review_why.empty()) submitted += " (why: " + join(unit.review_why, ", ") + ")";
    add_line(text, "submitted", submitted);
  }
  if (unit.decided_at) {
    add_line(text, "decided",
             unit.decided_at->to_shanghai_string() +
                 (unit.decided_by.empty() ? "" : " by " + unit.decided_by));
  }
  add_line(text, "rejected for", unit.state == UnitState::kRejected ? unit.review_reason : "");
}

}  // namespace

nlohmann::json route_json(const RouteDecision& route) {
  nlohmann::json flags = nlohmann::json::array();
  for (RouteFlag flag : route.flags) flags.push_back(std::string(to_string(flag)));
  return {{"home_delegation", route.home_delegation},
          {"sub_delegation", route.sub_delegation},
          {"industry_delegation", route.industry_delegation},
          {"review", std::string(to_string(route.review))},
          {"reviewer", route.reviewer},
          {"manual_review", route.review != ReviewRoute::kAutomatic},
          {"flags", flags},
          {"basis", route.basis},
          {"reason", route.reason}};
}

std::string home_delegation_text(const RouteDecision& route, const Rules& rules) {
  if (route.home_delegation.empty()) return "(no delegation)";
  std::string text = route.home_delegation;
  if (const Delegation* delegation = rules.find_delegation(route.home_delegation)) {
    text += " " + delegation->name_zh;
  }
  if (!route.sub_delegation.empty()) {
    const auto [owner, sub] = rules.find_sub_delegation(route.sub_delegation);
    text += " / " + route.sub_delegation + (sub != nullptr ? " " + sub->name_zh : "");
  }
  return text;
}

nlohmann::json unit_json(const Unit& unit, bool reveal) {
  nlohmann::json contacts = nlohmann::json::array();
  for (const Contact& c : unit.profile.contacts) {
    contacts.push_back({{"name", c.name},
                        {"phone", shown_phone(c.phone, reveal)},
                        {"email", shown_email(c.email, reveal)},
                        {"position", c.position}});
  }
  nlohmann::json intentions = nlohmann::json::array();
  for (const PurchaseIntention& i : unit.profile.intentions) {
    intentions.push_back({{"area", i.area}, {"categories", i.categories}});
  }
  auto optional_number = [](const std::optional<std::int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  return {{"account", unit.account},
          {"edition", unit.edition},
          {"uscc", unit.uscc},
          {"region", std::string(to_string(unit.region))},
          {"category", std::string(to_string(unit.category))},
          {"name", unit.name},
          {"state", std::string(to_string(unit.state))},
          {"route", route_json(unit.route)},
          {"affiliation_reason", unit.affiliation_reason},
          {"referral_code", unit.referral_code},
          {"phone", shown_phone(unit.phone, reveal)},
          {"phone_verified", unit.phone_verified},
          {"email", shown_email(unit.email, reveal)},
          {"email_verified", unit.email_verified},
          {"has_password", unit.has_password},
          {"legal_representative", unit.profile.legal_representative},
          {"address", unit.profile.address},
          {"registered_capital_wan", optional_number(unit.profile.registered_capital_wan)},
          {"import_value_wan_usd", optional_number(unit.profile.import_value_wan_usd)},
          {"contacts", contacts},
          {"purposes", unit.profile.purposes},
          {"intentions", intentions},
          {"qualifications", unit.profile.qualifications},
          {"review",
           {{"queue", unit.review_queue},
            {"why", unit.review_why},
            {"submitted_at", optional_instant_json(unit.submitted_at)},
            {"decided_at", optional_instant_json(unit.decided_at)},
            {"decided_by", unit.decided_by},
            {"reason", unit.review_reason}}},
          {"consent_at", unit.consent_at.to_shanghai_string()},
          {"created_at", unit.created_at.to_shanghai_string()},
          {"created_by", unit.created_by},
          {"updated_at", unit.updated_at.to_shanghai_string()}};
}

std::string registration_text(const Unit& unit, const Rules& rules) {
  std::string text = unit.account + "  " + unit.name + "\n";
  add_route_lines(text, unit.route, rules);
  add_line(text, "phone", verified_text(masked_phone(unit.phone), unit.phone_verified));
  return text;
}

std::string unit_text(const Unit& unit, const Rules& rules, bool reveal) {
  std::string text = unit.account + "  " + unit.name + "\n";
  add_line(text, "state", std::string(to_string(unit.state)));
  add_line(text, "region", std::string(to_string(unit.region)));
  add_line(text, "category", std::string(to_string(unit.category)));
  add_line(text, "uscc", unit.uscc);
  add_route_lines(text, unit.route, rules);
  add_line(text, "basis", unit.route.basis);
  add_line(text, "choice reason", unit.affiliation_reason);
  add_line(text, "referral", unit.referral_code);
  add_line(text, "phone", verified_text(shown_phone(unit.phone, reveal), unit.phone_verified));
  add_line(text, "email", verified_text(shown_email(unit.email, reveal), unit.email_verified));
  add_line(text, "password", unit.has_password ? "set" : "not set");
  add_line(text, "legal rep", unit.profile.legal_representative);
  add_line(text, "address", unit.profile.address);
  add_line(text, "capital", optional_text(unit.profile.registered_capital_wan, "万元"));
  add_line(text, "imports", optional_text(unit.profile.import_value_wan_usd, "万美元"));
  for (const Contact& contact : unit.profile.contacts)
    add_line(text, "contact", contact_text(contact, reveal));
  for (const PurchaseIntention& i : unit.profile.intentions)
    add_line(text, "intention", intention_text(i));
  add_line(text, "purposes", join(unit.profile.purposes, ", "));
  add_line(text, "documents", join(unit.profile.qualifications, ", "));
  add_review_lines(text, unit);
  add_line(text, "consent", unit.consent_at.to_shanghai_string());
  add_line(text, "registered", unit.created_at.to_shanghai_string() + " by " + unit.created_by);
  add_line(text, "updated", unit.updated_at.to_shanghai_string());
  return text;
}

std::string unit_table(const std::vector<Unit>& units) {
  std::vector<std::vector<std::string>> rows{
      {"ACCOUNT", "CATEGORY", "DELEGATION", "STATE", "PHONE", "NAME"}};
  for (const Unit& unit : units) {
    rows.push_back({unit.account, std::string(to_string(unit.category)),
                    unit.route.home_delegation.empty() ? "-" : unit.route.home_delegation,
                    std::string(to_string(unit.state)),
                    unit.phone.empty() ? "-" : masked_phone(unit.phone), unit.name});
  }
  return format_table(rows);
}

std::string referral_state(const ReferralCode& code, Instant now) {
  if (code.revoked_at) return "revoked";
  if (code.expires_at && now >= *code.expires_at) return "expired";
  if (code.max_uses && code.uses >= *code.max_uses) return "exhausted";
  return "active";
}

nlohmann::json referral_json(const ReferralCode& code, Instant now) {
  auto optional_instant = [](const std::optional<Instant>& at) {
    return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
  };
  return {{"code", code.code},
          {"issuer", code.issuer},
          {"industry_delegation", code.industry_delegation},
          {"uses", code.uses},
          {"max_uses", code.max_uses ? nlohmann::json(*code.max_uses) : nlohmann::json(nullptr)},
          {"expires_at", optional_instant(code.expires_at)},
          {"revoked_at", optional_instant(code.revoked_at)},
          {"state", referral_state(code, now)},
          {"created_at", code.created_at.to_shanghai_string()},
          {"created_by", code.created_by},
          {"note", code.note}};
}

std::string referral_table(const std::vector<ReferralCode>& codes, Instant now) {
  std::vector<std::vector<std::string>> rows{
      {"CODE", "ISSUER", "USES", "EXPIRES", "STATE", "NOTE"}};
  for (const ReferralCode& code : codes) {
    rows.push_back({code.code, code.issuer,
                    std::to_string(code.uses) + "/" +
                        (code.max_uses ? std::to_string(*code.max_uses) : std::string("-")),
                    code.expires_at ? code.expires_at->to_shanghai_string() : std::string("-"),
                    referral_state(code, now), code.note});
  }
  return format_table(rows);
}

std::string masked_destination(VerifyChannel channel, const std::string& destination) {
  return channel == VerifyChannel::kSms ? masked_phone(destination) : masked_email(destination);
}

std::string sent_text(const VerificationSent& sent) {
  return "sent a " + std::string(to_string(sent.purpose)) + " code by " +
         std::string(to_string(sent.channel)) + " to " +
         masked_destination(sent.channel, sent.destination) + " (" + sent.backend +
         "), valid until " + sent.expires_at.to_shanghai_string() + "\n";
}

nlohmann::json sent_json(const VerificationSent& sent) {
  return {{"channel", std::string(to_string(sent.channel))},
          {"destination", masked_destination(sent.channel, sent.destination)},
          {"purpose", std::string(to_string(sent.purpose))},
          {"backend", sent.backend},
          {"expires_at", sent.expires_at.to_shanghai_string()}};
}

}  // namespace ciie::cli
