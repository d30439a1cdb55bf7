// Supporting events (配套活动, domain §14 EVT-1) and supply–purchase matchmaking (供采对接,
// MATCH-1): events imported by the organizer and applied for by units; exhibitors and their
// exhibits imported; purchase needs published by units; exhibits ranked for a need and needs for
// an exhibitor (BM25 over character bigrams, docs/match.md); meetings a unit requests with an
// exhibitor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/money.hpp"
#include "ciie/time.hpp"

namespace ciie {

// ---- supporting events (EVT-1) ------------------------------------------------------------------

// A supporting event as the organizer publishes it.
struct Event {
  std::string code;  // the event's id in the import file: unique, [A-Za-z0-9._-]{1,40}
  std::string name;  // 活动名称
  Date starts_on;    // 举办日期 (first and last day, Asia/Shanghai)
  Date ends_on;
  std::string organiser;      // 主办单位
  std::string contact_name;   // 联系人
  std::string contact_phone;  // 联系方式 (as published: a phone or an e-mail address)
  bool open_to_visitors = false;  // 对专业观众开放报名
  std::optional<std::int64_t> capacity;  // persons; nullopt: no limit
  std::int64_t taken = 0;                // persons of the applications so far
  Instant imported_at;
  Instant updated_at;
};

// Which events to list; empty fields match everything. Dates select the events that take place
// on some day of [from, to] (both inclusive); `on` is from = to = on.
struct EventFilter {
  std::string name_contains;
  std::string organiser_contains;
  std::optional<Date> from;
  std::optional<Date> to;
  bool open_only = false;  // only events open to professional visitors
  int limit = 1000;
  int offset = 0;
};

// A unit's application for an event.
struct EventApplication {
  std::string event;
  std::string unit;
  std::string unit_name;
  std::int64_t persons = 1;
  Instant applied_at;
  std::string applied_by;  // the actor, "unit:<account>" or "organizer"
};

struct EventApplyRequest {
  std::string event;
  std::string unit;
  std::int64_t persons = 1;  // how many of the unit's people come (1–50)
};

// ---- exhibitors, exhibits, purchase needs (MATCH-1) ---------------------------------------------

struct Exhibitor {
  std::string id;  // the exhibitor's id in the import file: [A-Za-z0-9._-]{1,40}
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2, upper case
  std::int64_t exhibits = 0;
};

struct Exhibit {
  std::string id;  // unique over all exhibits: [A-Za-z0-9._-]{1,40}
  std::string exhibitor;
  std::string exhibitor_name;
  std::string area;      // an [[area]] slug
  std::string category;  // one of that area's categories
  std::string name;
  std::string description;
  std::string country;  // origin, ISO 3166-1 alpha-2
};

struct ExhibitFilter {
  std::string exhibitor;  // empty: every exhibitor
  std::string area;
  std::string category;
  int limit = 1000;
  int offset = 0;
};

enum class NeedState { kOpen, kWithdrawn };
std::string_view to_string(NeedState state);  // "open", "withdrawn"
std::optional<NeedState> parse_need_state(std::string_view text);

// A purchase need (采购需求) a unit publishes.
struct PurchaseNeed {
  std::int64_t id = 0;
  std::string unit;
  std::string unit_name;
  std::string area;
  std::string category;
  std::string keywords;     // product keywords, free text (Chinese or Latin)
  std::string description;  // optional detail
  std::optional<Money> budget;
  std::optional<std::int64_t> quantity;
  NeedState state = NeedState::kOpen;
  Instant published_at;
  std::optional<Instant> withdrawn_at;
};

struct NeedRequest {
  std::string unit;
  std::string area;
  std::string category;
  std::string keywords;
  std::string description;
  std::optional<Money> budget;           // > 0 when given
  std::optional<std::int64_t> quantity;  // > 0 when given
};

struct NeedFilter {
  std::string unit;  // empty: every unit the actor may see
  std::string area;
  std::optional<NeedState> state;
  int limit = 1000;
  int offset = 0;
};

// One ranked candidate: an exhibit for a need (match_need), or a need for an exhibitor
// (match_exhibitor, where `exhibit` is the exhibitor's exhibit that scored best for it).
struct MatchResult {
  std::int64_t rank = 0;   // 1-based
  double score = 0;        // BM25 of the need's text against the exhibit's (docs/match.md)
  bool category_match = false;              // the same category as the need (ranked first)
  std::vector<std::string> matched_terms;   // the need's terms found in the exhibit, in order
  Exhibit exhibit;
  std::optional<PurchaseNeed> need;  // match_exhibitor only
};

// ---- meetings -----------------------------------------------------------------------------------

enum class MeetingState { kRequested, kAccepted, kDeclined, kCancelled };
std::string_view to_string(MeetingState state);  // "requested", "accepted", …
std::optional<MeetingState> parse_meeting_state(std::string_view text);

// A meeting a unit asks for with an exhibitor (预约展商会面).
struct Meeting {
  std::int64_t id = 0;
  std::string unit;
  std::string exhibitor;
  std::string exhibitor_name;
  std::optional<std::int64_t> need;
  std::optional<Instant> at;  // the proposed time, within the expo days
  std::string note;
  MeetingState state = MeetingState::kRequested;
  Instant requested_at;
  std::optional<Instant> decided_at;
  std::string decided_by;
  std::string decision_note;
};

struct MeetingRequest {
  std::string unit;
  std::string exhibitor;
  std::optional<std::int64_t> need;  // one of the unit's open needs
  std::optional<Instant> at;
  std::string note;
};

// What to do with a meeting: accept and decline answer for the exhibitor (the organizer);
// cancel withdraws it (the unit or the organizer).
enum class MeetingDecision { kAccept, kDecline, kCancel };

struct MeetingFilter {
  std::string unit;
  std::string exhibitor;
  std::optional<MeetingState> state;
  int limit = 1000;
  int offset = 0;
};

}  // namespace ciie
