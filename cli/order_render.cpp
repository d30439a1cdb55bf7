// Text and JSON of orders.
#include "order_render.hpp"

#include "table.hpp"

namespace ciie::cli {
namespace {

void add_line(std::string& text, const std::string& label, const std::string& value) {
  if (value.empty()) return;
  text += "  " + pad_to(label + ":", 15) + value + "\n";
}

std::string indent(const std::string& block, const std::string& by) {
  std::string text;
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find('\n', start);
    if (end == std::string::npos) end = block.size() - 1;
    text += by + block.substr(start, end - start + 1);
    start = end + 1;
  }
  return text;
}

std::string persons_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " person" : " persons");
}

// How a closed order was closed: "cancelled 2024-06-04T09:00:00+08:00 by unit:… (reason)".
std::string closed_text(const Order& order) {
  std::string text(to_string(order.state));
  if (order.closed_at) text += " " + order.closed_at->to_shanghai_string();
  if (!order.closed_by.empty()) text += " by " + order.closed_by;
  if (!order.close_reason.empty()) text += " (" + order.close_reason + ")";
  return text;
}

}  // namespace

std::string yuan(const Money& money) { return money.to_string(); }

std::string normalize_order_number(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  std::string number = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  for (char& c : number) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return number;
}

nlohmann::json order_json(const Order& order) {
  nlohmann::json lines = nlohmann::json::array();
  for (const OrderLine& line : order.lines) {
    lines.push_back({{"person_id", line.person_id},
                     {"person_name", line.person_name},
                     {"badge_type", line.badge_type},
                     {"free_badge", line.free_badge},
                     {"fee", yuan(line.fee)},
                     {"fee_fen", line.fee.fen()}});
  }
  return {{"number", order.number},
          {"unit", order.unit},
          {"edition", order.edition},
          {"state", std::string(to_string(order.state))},
          {"total", yuan(order.total)},
          {"total_fen", order.total.fen()},
          {"persons", order.lines.size()},
          {"lines", lines},
          {"created_at", order.created_at.to_shanghai_string()},
          {"created_by", order.created_by},
          {"expires_at", order.expires_at.to_shanghai_string()},
          {"closed_at", order.closed_at ? nlohmann::json(order.closed_at->to_shanghai_string())
                                        : nlohmann::json(nullptr)},
          {"closed_by", order.closed_by},
          {"close_reason", order.close_reason}};
}

std::string order_text(const Order& order) {
  std::string text = "order " + order.number + "  " + std::string(to_string(order.state)) + "\n";
  add_line(text, "unit", order.unit);
  add_line(text, "total", yuan(order.total) + " yuan (" + persons_text(order.lines.size()) + ")");
  add_line(text, "created",
           order.created_at.to_shanghai_string() +
               (order.created_by.empty() ? std::string() : " by " + order.created_by));
  switch (order.state) {
    case OrderState::kAwaitingPayment:
      add_line(text, "expires", order.expires_at.to_shanghai_string() + " unless paid");
      break;
    case OrderState::kPaid:
      add_line(text, "paid", order.closed_at ? order.closed_at->to_shanghai_string() : "yes");
      break;
    case OrderState::kSettled:
      add_line(text, "settled", "total 0.00: no payment and no invoice (ORD-3)");
      break;
    case OrderState::kCancelled:
    case OrderState::kExpired:
    case OrderState::kRefunded:
      add_line(text, "closed", closed_text(order));
      break;
  }
  std::vector<std::vector<std::string>> rows{{"ID", "NAME", "BADGE", "FREE", "FEE"}};
  for (const OrderLine& line : order.lines) {
    rows.push_back({std::to_string(line.person_id), line.person_name, line.badge_type,
                    line.free_badge ? "yes" : "no", yuan(line.fee)});
  }
  return text + indent(aligned_table(rows), "  ");
}

std::string order_table(const std::vector<Order>& orders) {
  std::vector<std::vector<std::string>> rows{
      {"NUMBER", "UNIT", "STATE", "TOTAL", "PERSONS", "CREATED", "EXPIRES"}};
  for (const Order& order : orders) {
    rows.push_back({order.number, order.unit, std::string(to_string(order.state)),
                    yuan(order.total), std::to_string(order.lines.size()),
                    order.created_at.to_shanghai_string(),
                    is_open(order.state) ? order.expires_at.to_shanghai_string() : "-"});
  }
  return aligned_table(rows);
}

}  // namespace ciie::cli
