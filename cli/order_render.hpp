// How badge orders (ORD-1..4) look on the command line, as text and as JSON. Money is printed as
// yuan with two decimals ("200.00"); JSON carries it twice, as that text and as integer fen in a
// `*_fen` key (the configuration's convention), so no consumer needs floating point. Times are
// Asia/Shanghai with their offset.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/order.hpp"

namespace ciie::cli {

// {"number","unit","edition","state","total","total_fen","persons","lines":[{"person_id",
// "person_name","badge_type","free_badge","fee","fee_fen"}],"created_at","created_by",
// "expires_at","closed_at","closed_by","close_reason"}; closed_at is null while open.
nlohmann::json order_json(const Order& order);

// "order V…  awaiting_payment", then unit, total, created, expiry (open orders) or how it was
// closed, then the lines as a table (ID, NAME, BADGE, FREE, FEE), indented.
std::string order_text(const Order& order);

// NUMBER, UNIT, STATE, TOTAL, PERSONS, CREATED, EXPIRES (a header row first).
std::string order_table(const std::vector<Order>& orders);

// "400.00" — yuan with two decimals; the one spelling of money in CLI output.
std::string yuan(const Money& money);

// An order number as typed: surrounding spaces dropped, ASCII letters upper-cased ("v2024…"
// works as well as "V2024…").
std::string normalize_order_number(const std::string& text);

}  // namespace ciie::cli
