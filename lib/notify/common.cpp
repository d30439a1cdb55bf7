// Recipient checks, idempotency keys and safe error text for the notify backends.
#include "notify/common.hpp"

#include <algorithm>
#include <array>

#include <sodium.h>

namespace ciie::notify {
namespace {

constexpr std::size_t kMaxRecipientBytes = 254;  // RFC 5321's path limit, ample for phones
constexpr std::string_view kAddressSpecials = " <>()[],;:\"\\";

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

bool is_plain_address(std::string_view to) {
  const std::size_t at = to.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == to.size()) return false;
  if (to.find('@', at + 1) != std::string_view::npos) return false;
  return to.find_first_of(kAddressSpecials) == std::string_view::npos;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<Mailbox> parse_mailbox(std::string_view text) {
  if (std::any_of(text.begin(), text.end(), is_control)) return std::nullopt;
  text = trim(text);
  Mailbox mailbox;
  const std::size_t open = text.rfind('<');
  if (open == std::string_view::npos) {
    mailbox.address = std::string(text);
  } else {
    if (text.back() != '>') return std::nullopt;
    mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    if (name.find('"') != std::string_view::npos) return std::nullopt;
    mailbox.display_name = std::string(name);
  }
  if (mailbox.address.size() > kMaxRecipientBytes || !is_plain_address(mailbox.address)) {
    return std::nullopt;
  }
  return mailbox;
}

Status check_recipient(const Message& message) {
  const std::string& to = message.to;
  if (to.empty()) return Status::invalid_input("notify.recipient", "the message has no recipient");
  if (to.size() > kMaxRecipientBytes) {
    return Status::invalid_input("notify.recipient", "the recipient is longer than 254 bytes");
  }
  if (std::any_of(to.begin(), to.end(), is_control)) {
    return Status::invalid_input("notify.recipient", "the recipient has control characters");
  }
  if (message.channel == Channel::kEmail && !is_plain_address(to)) {
    return Status::invalid_input("notify.recipient",
                                 "the recipient is not a plain e-mail address (a@b.cn)");
  }
  return Status::ok();
}

std::string idempotency_key_for(const Message& message) {
  if (!message.idempotency_key.empty()) return message.idempotency_key;
  // sodium_init is idempotent and thread-safe; randombytes needs it to have run once.
  if (sodium_init() < 0) return {};
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data());
}

std::string printable_prefix(std::string_view text, std::size_t max_bytes) {
  std::size_t end = std::min(text.size(), max_bytes);
  while (end > 0 && end < text.size() && is_utf8_continuation(text[end])) --end;
  std::string out(text.substr(0, end));
  std::replace_if(out.begin(), out.end(), is_control, ' ');
  if (end < text.size()) out += "…";
  return out;
}

std::string redact(std::string text, const std::vector<std::string_view>& secrets) {
  for (std::string_view secret : secrets) {
    if (secret.size() < 4) continue;  // too short to tell from ordinary text
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

}  // namespace ciie::notify
