// What adding a person checks (domain §2, SUB-2, REV-3): the name, the document (type given,
// never guessed), the phone, the badge type and the photo's content and size. Pure: the store's
// checks (一人一证, the free quota) belong to the use case.
// Thread-safety: pure.
#pragma once

#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/person.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::review {

// A request checked and normalised into the person it makes (id, unit, state and times unset).
// Errors (with the field): person.name, id.* (document_number), person.phone_required,
// phone.format, person.badge_type, person.photo_format, person.photo_size.
Result<Person> check_person(const Rules& rules, const PersonRequest& request, const Date& today);
// The same except the badge type, which is copied unchecked: a past edition's person
// (returning.hpp) may hold a badge type this edition no longer configures.
Result<Person> check_person_details(const Rules& rules, const PersonRequest& request,
                                    const Date& today);

// The hex SHA-256 of a photo's bytes.
std::string photo_digest(std::string_view bytes);

// Bulk person input (docs/person-input.md).
const std::vector<std::string>& person_row_columns();
const std::vector<std::string>& person_row_required_columns();

// One record → a request. The `photo` column names a file under `photo_dir`, read here (at most
// max_photo_bytes + 1 bytes, so that check_person refuses a larger one as person.photo_size).
// Errors (with line and column): bulk.value (document_kind, free_badge), person.photo_path
// (absolute, or leaving photo_dir with ".."), person.photo_read.
Result<PersonRequest> parse_person_row(const Record& record, const std::string& photo_dir,
                                       std::int64_t max_photo_bytes);

}  // namespace ciie::review
