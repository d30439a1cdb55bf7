// Pieces every notify backend shares: checks on a message's recipient, idempotency keys, and
// turning text from a remote server into something safe to put in a Status message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

#include "notify/notifier.hpp"

namespace ciie::notify {

// An address with an optional display name, as in smtp_from.
struct Mailbox {
  std::string display_name;  // UTF-8, may be empty
  std::string address;       // a plain addr-spec
};

// "a@b.cn" or "Name <a@b.cn>" (the name optionally in double quotes); nullopt when the address
// is not plain (see check_recipient) or the text has control characters.
std::optional<Mailbox> parse_mailbox(std::string_view text);

// Whether message.to can be handed to a gateway or put in a mail header: not empty, at most
// 254 bytes, no control characters; on the e-mail channel a bare addr-spec (one '@', no spaces,
// no <>()[],;:"\). Errors: notify.recipient (invalid_input).
Status check_recipient(const Message& message);

// message.idempotency_key, or 32 fresh random hex digits when it is empty.
std::string idempotency_key_for(const Message& message);

// At most `max_bytes` of `text`, cut on a UTF-8 boundary, with control characters (CR, LF, …)
// replaced by spaces and "…" appended when something was cut.
std::string printable_prefix(std::string_view text, std::size_t max_bytes);

// `text` with every occurrence of each `secret` of 4 bytes or more replaced by "***": a server
// that echoes a credential back must not get it into our messages or logs.
std::string redact(std::string text, const std::vector<std::string_view>& secrets);

}  // namespace ciie::notify
