// How review queues and submissions look on the command line (SUB-1, REV-1, REV-2): the queue's
// name and counts, one row per unit, and what a submission did. Phones are masked.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ciie/review.hpp"
#include "ciie/rules.hpp"

namespace ciie::cli {

// {"ok":true,"queue":…,"pending":…,"approved":…,"rejected":…,"units":[…]}.
nlohmann::json review_queue_json(const ReviewQueue& queue);
// "queue delegation:zhejiang: 2 pending, 1 approved, 0 rejected", then ACCOUNT, NAME, CATEGORY,
// SUB-DELEGATION, WHY, SUBMITTED, PERSONS, PHONE.
std::string review_queue_text(const ReviewQueue& queue);

nlohmann::json submit_json(const SubmitOutcome& outcome);
// What submit() did: the unit (submitted to which queue and why, approved automatically, or
// not submitted), the persons submitted and the pending count.
std::string submit_text(const SubmitOutcome& outcome);

// "category, flag:affiliation_choice" from review_why, or "-".
std::string why_text(const std::vector<std::string>& why);

}  // namespace ciie::cli
