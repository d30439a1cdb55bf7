// The RFC 5322 message the smtp backend uploads: Date, From, To, Subject as RFC 2047 encoded
// words, Message-ID, and a base64 text/plain UTF-8 body (RFC 2045).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "notify/common.hpp"

namespace ciie::notify {

struct MailParts {
  Mailbox from;
  std::string to;          // a plain address (check_recipient has passed)
  std::string subject;     // UTF-8
  std::string body;        // UTF-8; line ends become CRLF
  std::string message_id;  // without angle brackets
  std::chrono::system_clock::time_point date;
};

// Standard base64 with padding, on one line.
std::string base64(std::string_view bytes);

// `utf8` as "=?UTF-8?B?…?=" words of at most 75 characters that never split a character,
// separated by CRLF SP (a folded header). "" for "".
std::string encode_words(std::string_view utf8);

// "Tue, 05 Nov 2024 08:00:00 +0000" (UTC, English names whatever the locale).
std::string rfc5322_date(std::chrono::system_clock::time_point when);

// "ciie.<key>@<domain of from>", the key reduced to letters, digits, '-' and '_' (at most 64),
// so that every attempt of one send() carries the same Message-ID.
std::string message_id_for(std::string_view idempotency_key, const Mailbox& from);

// The whole message, CRLF line ends, ready for DATA.
std::string format_mail(const MailParts& parts);

}  // namespace ciie::notify
