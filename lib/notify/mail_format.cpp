// Formatting the e-mail the smtp backend sends. Headers are 7-bit (RFC 2047 for any UTF-8) and
// the body is base64, so no line can begin with "." or run over 998 octets on the wire.
#include "notify/mail_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <vector>

#include <sodium.h>

namespace ciie::notify {
namespace {

constexpr std::size_t kWordBytes = 45;      // 60 base64 characters + 12 of framing = 72 ≤ 75
constexpr std::size_t kBodyLineChars = 76;  // RFC 2045's limit for base64 lines
constexpr std::size_t kMaxIdKey = 64;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_plain_ascii_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\';
  });
}

// Lone LF or CR become CRLF: text/plain's canonical form (RFC 2046 §4.1.1).
std::string canonical_line_ends(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string folded_base64(std::string_view bytes) {
  const std::string encoded = base64(bytes);
  std::string out;
  for (std::size_t at = 0; at < encoded.size(); at += kBodyLineChars) {
    out.append(encoded, at, kBodyLineChars);
    out += "\r\n";
  }
  return out;
}

std::string from_header(const Mailbox& from) {
  if (from.display_name.empty()) return from.address;
  const std::string name = is_plain_ascii_name(from.display_name) ? "\"" + from.display_name + "\""
                                                                  : encode_words(from.display_name);
  return name + " <" + from.address + ">";
}

}  // namespace

std::string base64(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::vector<char> out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant));
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  return std::string(out.data());
}

std::string encode_words(std::string_view utf8) {
  std::string out;
  while (!utf8.empty()) {
    std::size_t take = std::min(kWordBytes, utf8.size());
    while (take > 0 && take < utf8.size() && is_continuation(utf8[take])) --take;
    if (take == 0) take = std::min(kWordBytes, utf8.size());  // not UTF-8: cut anywhere
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(utf8.substr(0, take)) + "?=";
    utf8.remove_prefix(take);
  }
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point when) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[static_cast<std::size_t>(utc.tm_wday % 7)], utc.tm_mday,
                kMonths[static_cast<std::size_t>(utc.tm_mon % 12)], utc.tm_year + 1900, utc.tm_hour,
                utc.tm_min, utc.tm_sec);
  return text.data();
}

std::string message_id_for(std::string_view idempotency_key, const Mailbox& from) {
  std::string local = "ciie.";
  for (char c : idempotency_key.substr(0, kMaxIdKey)) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    local += keep ? c : '_';
  }
  const std::size_t at = from.address.rfind('@');
  return local + from.address.substr(at);
}

std::string format_mail(const MailParts& parts) {
  std::string mail;
  mail += "Date: " + rfc5322_date(parts.date) + "\r\n";
  mail += "From: " + from_header(parts.from) + "\r\n";
  mail += "To: " + parts.to + "\r\n";
  mail += "Subject: " + encode_words(parts.subject) + "\r\n";
  mail += "Message-ID: <" + parts.message_id + ">\r\n";
  mail += "MIME-Version: 1.0\r\n";
  mail += "Content-Type: text/plain; charset=UTF-8\r\n";
  mail += "Content-Transfer-Encoding: base64\r\n";
  mail += "\r\n";
  mail += folded_base64(canonical_line_ends(parts.body));
  return mail;
}

}  // namespace ciie::notify
