// Text and JSON of persons. Every document number and phone goes through shown_document /
// shown_phone here, so no command prints one in full unless --reveal was asked for and allowed.
#include "person_render.hpp"

#include <charconv>

#include "ciie/codes.hpp"

#include "table.hpp"

namespace ciie::cli {
namespace {

bool in_full(const Person& person, bool reveal) { return reveal && !person.masked; }

nlohmann::json optional_instant(const std::optional<Instant>& at) {
  return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
}

void add_line(std::string& text, const std::string& label, const std::string& value) {
  if (value.empty()) return;
  text += "  " + pad_to(label + ":", 15) + value + "\n";
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

std::string badge_text(const Person& person) {
  if (!person.free_badge) return person.badge_type;
  return person.badge_type + ", free" +
         (person.free_quota.empty() ? std::string() : " (place of " + person.free_quota + ")");
}

std::string photo_text(const Person& person) {
  return person.has_photo ? person.photo_format : std::string("none");
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

}  // namespace

std::string shown_document(const Person& person, bool reveal) {
  if (person.masked || in_full(person, reveal) || person.document_number.empty()) {
    return person.document_number;
  }
  return codes::mask_document(person.document_number);
}

std::string shown_phone(const Person& person, bool reveal) {
  if (person.masked || in_full(person, reveal) || person.phone.empty()) return person.phone;
  return codes::mask_phone(person.phone);
}

nlohmann::json person_json(const Person& person, bool reveal) {
  const bool full = in_full(person, reveal);
  nlohmann::json sex = nullptr;
  if (full && person.sex) sex = *person.sex == codes::Sex::kMale ? "male" : "female";
  return {{"id", person.id},
          {"unit", person.unit},
          {"edition", person.edition},
          {"name", person.name},
          {"document_kind", std::string(codes::to_string(person.document_kind))},
          {"document_number", shown_document(person, reveal)},
          {"birth_date", full && person.birth_date ? nlohmann::json(person.birth_date->to_string())
                                                   : nlohmann::json(nullptr)},
          {"sex", sex},
          {"phone", shown_phone(person, reveal)},
          {"position", person.position},
          {"badge_type", person.badge_type},
          {"free_badge", person.free_badge},
          {"free_quota", person.free_quota},
          {"has_photo", person.has_photo},
          {"photo_format", person.photo_format},
          {"photo_sha256", person.photo_sha256},
          {"state", std::string(to_string(person.state))},
          {"review_queue", person.review_queue},
          {"review_why", person.review_why},
          {"review_reason", person.review_reason},
          {"source", person.source},
          {"returning_of", person.returning_of},
          {"badge_reuse", person.badge_reuse},
          {"badge_state", std::string(badge_state(person))},
          {"created_at", person.created_at.to_shanghai_string()},
          {"created_by", person.created_by},
          {"updated_at", person.updated_at.to_shanghai_string()},
          {"submitted_at", optional_instant(person.submitted_at)},
          {"masked", !full}};
}

std::string person_text(const Person& person, bool reveal) {
  std::string text = "person " + std::to_string(person.id) + "  " + person.name + "\n";
  add_line(text, "unit", person.unit);
  add_line(
      text, "document",
      std::string(codes::to_string(person.document_kind)) + " " + shown_document(person, reveal));
  if (in_full(person, reveal) && person.birth_date) {
    std::string born = person.birth_date->to_string();
    if (person.sex) born += *person.sex == codes::Sex::kMale ? " (male)" : " (female)";
    add_line(text, "born", born);
  }
  add_line(text, "phone", shown_phone(person, reveal));
  add_line(text, "position", person.position);
  add_line(text, "badge", badge_text(person));
  add_line(text, "photo", photo_text(person));
  add_line(text, "state", std::string(to_string(person.state)));
  add_line(text, "badge state", std::string(badge_state(person)));
  add_line(text, "reason", person.review_reason);
  if (!person.returning_of.empty()) {
    add_line(text, "brought from",
             person.returning_of + (person.badge_reuse ? " (badge reused, 证件复用)" : ""));
  }
  return text;
}

std::string person_table(const std::vector<Person>& persons, bool reveal) {
  std::vector<std::vector<std::string>> rows{
      {"ID", "NAME", "DOCUMENT", "NUMBER", "PHONE", "BADGE", "FREE", "PHOTO", "STATE",
       "BADGE STATE"}};
  for (const Person& person : persons) {
    rows.push_back({std::to_string(person.id), person.name,
                    std::string(codes::to_string(person.document_kind)),
                    or_dash(shown_document(person, reveal)), or_dash(shown_phone(person, reveal)),
                    person.badge_type, person.free_badge ? "yes" : "no",
                    person.has_photo ? "yes" : "no", std::string(to_string(person.state)),
                    or_dash(std::string(badge_state(person)))});
  }
  return aligned_table(rows);
}

nlohmann::json person_queue_json(const PersonQueue& queue, bool reveal) {
  nlohmann::json items = nlohmann::json::array();
  for (const PersonQueueItem& item : queue.items) {
    nlohmann::json json = person_json(item.person, reveal);
    json["unit_name"] = item.unit_name;
    json["queue"] = item.queue;
    json["review_why"] = item.review_why;
    items.push_back(std::move(json));
  }
  return {{"ok", true}, {"queue", queue.queue}, {"pending", queue.pending}, {"persons", items}};
}

std::string person_queue_text(const PersonQueue& queue, bool reveal) {
  std::string text =
      "person review queue " + queue.queue + ": " + std::to_string(queue.pending) + " pending\n";
  if (queue.items.empty()) return text;
  std::vector<std::vector<std::string>> rows{
      {"ID", "UNIT", "NAME", "DOCUMENT", "NUMBER", "PHONE", "BADGE", "PHOTO", "WHY", "UNIT NAME"}};
  for (const PersonQueueItem& item : queue.items) {
    const Person& person = item.person;
    rows.push_back({std::to_string(person.id), person.unit, person.name,
                    std::string(codes::to_string(person.document_kind)),
                    or_dash(shown_document(person, reveal)), or_dash(shown_phone(person, reveal)),
                    person.badge_type, person.has_photo ? "yes" : "no",
                    or_dash(join(item.review_why, ",")), item.unit_name});
  }
  return text + aligned_table(rows);
}

Result<std::vector<std::int64_t>> parse_ids(const std::vector<std::string>& texts,
                                            const std::string& what) {
  std::vector<std::int64_t> ids;
  for (const std::string& text : texts) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      std::string part = text.substr(start, end - start);
      const auto first = part.find_first_not_of(' ');
      part = first == std::string::npos
                 ? std::string()
                 : part.substr(first, part.find_last_not_of(' ') - first + 1);
      if (!part.empty()) {
        std::int64_t id = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
        if (ec != std::errc() || ptr != part.data() + part.size() || id <= 0) {
          return Status::invalid_input("usage", what +
                                                    " takes person ids (positive integers, "
                                                    "comma-separated), not '" +
                                                    part + "'");
        }
        ids.push_back(id);
      }
      start = end + 1;
    }
  }
  if (ids.empty()) return Status::invalid_input("usage", what + " needs at least one person id");
  return ids;
}

std::string ids_text(const std::vector<std::int64_t>& ids) {
  std::string text;
  for (std::int64_t id : ids) text += (text.empty() ? "" : ", ") + std::to_string(id);
  return text;
}

std::string document_kinds_text() {
  return "cn_id, hmt_residence, fpr, hk_mo_permit, tw_permit or passport";
}

}  // namespace ciie::cli
