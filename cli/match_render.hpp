// How events, exhibits, needs, match results and meetings look on the terminal and in --json
// (the `events`, `exhibitors`, `exhibits`, `needs`, `match` and `meeting` commands).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/match.hpp"

namespace ciie::cli {

nlohmann::json event_json(const Event& event);
nlohmann::json application_json(const EventApplication& application);
nlohmann::json exhibitor_json(const Exhibitor& exhibitor);
nlohmann::json exhibit_json(const Exhibit& exhibit);
nlohmann::json need_json(const PurchaseNeed& need);
nlohmann::json match_json(const MatchResult& result);
nlohmann::json meeting_json(const Meeting& meeting);

// Aligned tables (cli/table.hpp), one row per item under a header.
std::string events_table(const std::vector<Event>& events);
std::string applications_table(const std::vector<EventApplication>& applications);
std::string exhibitors_table(const std::vector<Exhibitor>& exhibitors);
std::string exhibits_table(const std::vector<Exhibit>& exhibits);
std::string needs_table(const std::vector<PurchaseNeed>& needs);
// `for_exhibitor`: the rows name the needs (match --exhibitor), else the exhibits.
std::string matches_table(const std::vector<MatchResult>& results, bool for_exhibitor);
std::string meetings_table(const std::vector<Meeting>& meetings);

// "12 persons of 40" / "12 persons (no limit)".
std::string places_text(const Event& event);

}  // namespace ciie::cli
