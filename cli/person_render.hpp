// How persons (attendees, join requests, persons waiting for review) look on the command line,
// as text and as JSON. Document numbers and phones are masked unless the caller asked for the
// reveal (--reveal: organizer only, checked and audited by the library); birth date and sex,
// which the document number carries, are shown only with the reveal too.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/person.hpp"
#include "ciie/review.hpp"
#include "ciie/status.hpp"

namespace ciie::cli {

// The document number and phone as they may be printed: masked, unless `reveal` and the
// library returned them in full.
std::string shown_document(const Person& person, bool reveal);
std::string shown_phone(const Person& person, bool reveal);

// A person as JSON; the field names are those of the bulk columns (docs/person-input.md) where
// there is one ("document_kind", "document_number", "badge_type", "free_badge", …).
nlohmann::json person_json(const Person& person, bool reveal);
// "张三" then the fields one per line, for `person add`, `person join` and decisions.
std::string person_text(const Person& person, bool reveal);
// ID, NAME, DOCUMENT, NUMBER, PHONE, BADGE, FREE, PHOTO, STATE (a header row first).
std::string person_table(const std::vector<Person>& persons, bool reveal);

// The person review queue (REV-3): a title, then ID, UNIT, NAME, DOCUMENT, NUMBER, PHONE, BADGE,
// PHOTO, WHY and the unit's name.
nlohmann::json person_queue_json(const PersonQueue& queue, bool reveal);
std::string person_queue_text(const PersonQueue& queue, bool reveal);

// "3,4, 5" → {3, 4, 5}; also takes repeated values. Errors: usage (not a positive integer, or
// none at all), naming `what` (the option) in the message.
Result<std::vector<std::int64_t>> parse_ids(const std::vector<std::string>& texts,
                                            const std::string& what);
// "3, 4, 5".
std::string ids_text(const std::vector<std::int64_t>& ids);

// "cn_id, hmt_residence, fpr, hk_mo_permit, tw_permit or passport", for usage messages.
std::string document_kinds_text();

}  // namespace ciie::cli
