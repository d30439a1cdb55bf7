// Text and JSON of review queues and submissions.
#include "review_render.hpp"

#include "ciie/codes.hpp"

#include "person_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

std::string masked_phone(const std::string& phone) {
  return phone.empty() ? std::string() : codes::mask_phone(phone);
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

void add_line(std::string& text, const std::string& label, const std::string& value) {
  text += "  " + pad_to(label + ":", 15) + value + "\n";
}

std::string unit_outcome_text(const SubmitOutcome& outcome) {
  const Unit& unit = outcome.unit;
  if (!outcome.unit_submitted) {
    return "not submitted (state " + std::string(to_string(unit.state)) + ")";
  }
  if (outcome.auto_approved) return "approved automatically on submission (REV-1)";
  std::string text = "submitted to " + or_dash(outcome.queue) + " for review";
  if (!outcome.review_why.empty()) text += " (why: " + why_text(outcome.review_why) + ")";
  return text;
}

}  // namespace

std::string why_text(const std::vector<std::string>& why) {
  std::string text;
  for (const std::string& item : why) text += (text.empty() ? "" : ", ") + item;
  return or_dash(text);
}

nlohmann::json review_queue_json(const ReviewQueue& queue) {
  nlohmann::json units = nlohmann::json::array();
  for (const QueueItem& item : queue.items) {
    const Unit& unit = item.unit;
    units.push_back({{"account", unit.account},
                     {"name", unit.name},
                     {"category", std::string(to_string(unit.category))},
                     {"region", std::string(to_string(unit.region))},
                     {"home_delegation", unit.route.home_delegation},
                     {"sub_delegation", unit.route.sub_delegation},
                     {"queue", item.queue},
                     {"review_why", item.review_why},
                     {"submitted_at", item.submitted_at.to_shanghai_string()},
                     {"persons_submitted", item.persons_submitted},
                     {"phone", masked_phone(unit.phone)}});
  }
  return {{"ok", true},
          {"queue", queue.queue},
          {"pending", queue.pending},
          {"approved", queue.approved},
          {"rejected", queue.rejected},
          {"units", units}};
}

std::string review_queue_text(const ReviewQueue& queue) {
  std::string text = "queue " + queue.queue + ": " + std::to_string(queue.pending) + " pending, " +
                     std::to_string(queue.approved) + " approved, " +
                     std::to_string(queue.rejected) + " rejected\n";
  if (queue.items.empty()) return text;
  std::vector<std::vector<std::string>> rows{
      {"ACCOUNT", "NAME", "CATEGORY", "SUB-DELEGATION", "WHY", "SUBMITTED", "PERSONS", "PHONE"}};
  for (const QueueItem& item : queue.items) {
    const Unit& unit = item.unit;
    rows.push_back({unit.account, unit.name, std::string(to_string(unit.category)),
                    or_dash(unit.route.sub_delegation), why_text(item.review_why),
                    item.submitted_at.to_shanghai_string(), std::to_string(item.persons_submitted),
                    or_dash(masked_phone(unit.phone))});
  }
  return text + aligned_table(rows);
}

nlohmann::json submit_json(const SubmitOutcome& outcome) {
  return {{"ok", true},
          {"account", outcome.unit.account},
          {"state", std::string(to_string(outcome.unit.state))},
          {"unit_submitted", outcome.unit_submitted},
          {"auto_approved", outcome.auto_approved},
          {"queue", outcome.queue},
          {"review_why", outcome.review_why},
          {"persons_submitted", outcome.persons_submitted},
          {"pending", outcome.pending}};
}

std::string submit_text(const SubmitOutcome& outcome) {
  std::string text = outcome.unit.account + "  " + outcome.unit.name + "\n";
  add_line(text, "unit", unit_outcome_text(outcome));
  const std::size_t count = outcome.persons_submitted.size();
  add_line(text, "persons",
           count == 0 ? std::string("none submitted now")
                      : std::to_string(count) + " submitted (" + (count == 1 ? "id " : "ids ") +
                            ids_text(outcome.persons_submitted) + ")");
  add_line(text, "pending", std::to_string(outcome.pending) + " (待提交人数)");
  return text;
}

}  // namespace ciie::cli
