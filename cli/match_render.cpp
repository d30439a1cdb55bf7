// Rendering for the events and matchmaking commands: JSON objects with every field, and tables
// whose Chinese names line up (aligned_table measures display width).
#include "match_render.hpp"

#include <cstdio>

#include "table.hpp"

namespace ciie::cli {
namespace {

nlohmann::json optional_instant_json(const std::optional<Instant>& at) {
  return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
}

std::string score_text(double score) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", score);
  return text;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

std::string dates_text(const Event& e) {
  if (e.starts_on == e.ends_on) return e.starts_on.to_string();
  return e.starts_on.to_string() + " – " + e.ends_on.to_string();
}

}  // namespace

std::string places_text(const Event& e) {
  if (!e.capacity) return std::to_string(e.taken) + " (no limit)";
  return std::to_string(e.taken) + "/" + std::to_string(*e.capacity);
}

nlohmann::json event_json(const Event& e) {
  return {{"code", e.code},
          {"name", e.name},
          {"starts_on", e.starts_on.to_string()},
          {"ends_on", e.ends_on.to_string()},
          {"organiser", e.organiser},
          {"contact_name", e.contact_name},
          {"contact_phone", e.contact_phone},
          {"open", e.open_to_visitors},
          {"capacity", e.capacity ? nlohmann::json(*e.capacity) : nlohmann::json(nullptr)},
          {"taken", e.taken},
          {"imported_at", e.imported_at.to_shanghai_string()},
          {"updated_at", e.updated_at.to_shanghai_string()}};
}

nlohmann::json application_json(const EventApplication& a) {
  return {{"event", a.event},
          {"unit", a.unit},
          {"unit_name", a.unit_name},
          {"persons", a.persons},
          {"applied_at", a.applied_at.to_shanghai_string()},
          {"applied_by", a.applied_by}};
}

nlohmann::json exhibitor_json(const Exhibitor& x) {
  return {{"id", x.id}, {"name", x.name}, {"country", x.country}, {"exhibits", x.exhibits}};
}

nlohmann::json exhibit_json(const Exhibit& e) {
  return {{"id", e.id},
          {"exhibitor", e.exhibitor},
          {"exhibitor_name", e.exhibitor_name},
          {"area", e.area},
          {"category", e.category},
          {"name", e.name},
          {"description", e.description},
          {"country", e.country}};
}

nlohmann::json need_json(const PurchaseNeed& n) {
  return {{"id", n.id},
          {"unit", n.unit},
          {"unit_name", n.unit_name},
          {"area", n.area},
          {"category", n.category},
          {"keywords", n.keywords},
          {"description", n.description},
          {"budget", n.budget ? nlohmann::json(n.budget->to_string()) : nlohmann::json(nullptr)},
          {"budget_fen", n.budget ? nlohmann::json(n.budget->fen()) : nlohmann::json(nullptr)},
          {"quantity", n.quantity ? nlohmann::json(*n.quantity) : nlohmann::json(nullptr)},
          {"state", std::string(to_string(n.state))},
          {"published_at", n.published_at.to_shanghai_string()},
          {"withdrawn_at", optional_instant_json(n.withdrawn_at)}};
}

nlohmann::json match_json(const MatchResult& r) {
  nlohmann::json doc{{"rank", r.rank},
                     {"score", r.score},
                     {"category_match", r.category_match},
                     {"matched_terms", r.matched_terms},
                     {"exhibit", exhibit_json(r.exhibit)}};
  if (r.need) doc["need"] = need_json(*r.need);
  return doc;
}

nlohmann::json meeting_json(const Meeting& m) {
  return {{"id", m.id},
          {"unit", m.unit},
          {"exhibitor", m.exhibitor},
          {"exhibitor_name", m.exhibitor_name},
          {"need", m.need ? nlohmann::json(*m.need) : nlohmann::json(nullptr)},
          {"at", optional_instant_json(m.at)},
          {"note", m.note},
          {"state", std::string(to_string(m.state))},
          {"requested_at", m.requested_at.to_shanghai_string()},
          {"decided_at", optional_instant_json(m.decided_at)},
          {"decided_by", m.decided_by},
          {"decision_note", m.decision_note}};
}

std::string events_table(const std::vector<Event>& events) {
  // The seed's columns: 活动名称, 举办日期, 主办单位, 联系人, 联系方式; then ours.
  std::vector<std::vector<std::string>> rows{
      {"CODE", "NAME", "DATES", "ORGANISER", "CONTACT", "PHONE", "OPEN", "PLACES"}};
  for (const Event& e : events) {
    rows.push_back({e.code, e.name, dates_text(e), e.organiser,
                    e.contact_name.empty() ? "-" : e.contact_name,
                    e.contact_phone.empty() ? "-" : e.contact_phone,
                    e.open_to_visitors ? "yes" : "no", places_text(e)});
  }
  return aligned_table(rows);
}

std::string applications_table(const std::vector<EventApplication>& applications) {
  std::vector<std::vector<std::string>> rows{{"UNIT", "NAME", "PERSONS", "APPLIED AT", "BY"}};
  for (const EventApplication& a : applications) {
    rows.push_back({a.unit, a.unit_name, std::to_string(a.persons),
                    a.applied_at.to_shanghai_string(), a.applied_by});
  }
  return aligned_table(rows);
}

std::string exhibitors_table(const std::vector<Exhibitor>& exhibitors) {
  std::vector<std::vector<std::string>> rows{{"ID", "NAME", "COUNTRY", "EXHIBITS"}};
  for (const Exhibitor& x : exhibitors) {
    rows.push_back({x.id, x.name, x.country.empty() ? "-" : x.country,
                    std::to_string(x.exhibits)});
  }
  return aligned_table(rows);
}

std::string exhibits_table(const std::vector<Exhibit>& exhibits) {
  std::vector<std::vector<std::string>> rows{
      {"ID", "NAME", "AREA", "CATEGORY", "COUNTRY", "EXHIBITOR"}};
  for (const Exhibit& e : exhibits) {
    rows.push_back({e.id, e.name, e.area, e.category, e.country.empty() ? "-" : e.country,
                    e.exhibitor_name});
  }
  return aligned_table(rows);
}

std::string needs_table(const std::vector<PurchaseNeed>& needs) {
  std::vector<std::vector<std::string>> rows{
      {"ID", "UNIT", "AREA", "CATEGORY", "KEYWORDS", "BUDGET", "QUANTITY", "STATE"}};
  for (const PurchaseNeed& n : needs) {
    rows.push_back({std::to_string(n.id), n.unit_name, n.area, n.category, n.keywords,
                    n.budget ? n.budget->to_string() : "-",
                    n.quantity ? std::to_string(*n.quantity) : "-",
                    std::string(to_string(n.state))});
  }
  return aligned_table(rows);
}

std::string matches_table(const std::vector<MatchResult>& results, bool for_exhibitor) {
  std::vector<std::vector<std::string>> rows;
  if (for_exhibitor) {
    rows.push_back({"RANK", "SCORE", "CATEGORY", "NEED", "UNIT", "KEYWORDS", "VIA EXHIBIT",
                    "MATCHED"});
  } else {
    rows.push_back({"RANK", "SCORE", "CATEGORY", "EXHIBIT", "NAME", "EXHIBITOR", "MATCHED"});
  }
  for (const MatchResult& r : results) {
    const std::string category = r.category_match ? "same" : "other";
    if (for_exhibitor) {
      rows.push_back({std::to_string(r.rank), score_text(r.score), category,
                      std::to_string(r.need->id), r.need->unit_name, r.need->keywords,
                      r.exhibit.id, join(r.matched_terms, " ")});
    } else {
      rows.push_back({std::to_string(r.rank), score_text(r.score), category, r.exhibit.id,
                      r.exhibit.name, r.exhibit.exhibitor_name, join(r.matched_terms, " ")});
    }
  }
  return aligned_table(rows);
}

std::string meetings_table(const std::vector<Meeting>& meetings) {
  std::vector<std::vector<std::string>> rows{
      {"ID", "UNIT", "EXHIBITOR", "NEED", "AT", "STATE", "REQUESTED AT"}};
  for (const Meeting& m : meetings) {
    rows.push_back({std::to_string(m.id), m.unit, m.exhibitor_name,
                    m.need ? std::to_string(*m.need) : "-",
                    m.at ? m.at->to_shanghai_string() : "-", std::string(to_string(m.state)),
                    m.requested_at.to_shanghai_string()});
  }
  return aligned_table(rows);
}

}  // namespace ciie::cli
