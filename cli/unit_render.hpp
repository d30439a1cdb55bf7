// How units, routing decisions, referral codes and sent verification codes look on the command
// line, as text and as JSON. Personal data (phones, e-mail addresses, contacts) is always masked
// (domain §2).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/referral.hpp"
#include "ciie/routing.hpp"
#include "ciie/rules.hpp"
#include "ciie/time.hpp"
#include "ciie/unit.hpp"
#include "ciie/verification.hpp"

namespace ciie::cli {

// The routing decision with the same fields as `ciie route --json`.
nlohmann::json route_json(const RouteDecision& route);
// "shanghai 上海交易团 / shanghai-pudong 浦东分团", or "(no delegation)".
std::string home_delegation_text(const RouteDecision& route, const Rules& rules);

// A unit as JSON; the field names are those of the bulk columns (docs/register-input.md),
// with the routing decision under "route", the review state under "review" and phones and
// e-mails masked — unless `reveal` (`unit show --reveal`: the organizer, audited by the library).
nlohmann::json unit_json(const Unit& unit, bool reveal = false);
// The lines after `ciie register`: the account, its delegations, review route and reason, and
// the phone with whether it is verified (an unverified phone must verify before paying, REG-5).
std::string registration_text(const Unit& unit, const Rules& rules);
// Everything about a unit, for `ciie unit show` (masked unless `reveal`).
std::string unit_text(const Unit& unit, const Rules& rules, bool reveal = false);
// A table for `ciie unit list` with a header row; the name comes last since it has no fixed
// display width (Chinese characters are two columns wide).
std::string unit_table(const std::vector<Unit>& units);

// "active", "revoked", "expired" or "exhausted" at `now`.
std::string referral_state(const ReferralCode& code, Instant now);
nlohmann::json referral_json(const ReferralCode& code, Instant now);
// A title row, then one line per code: code, issuer, uses/max, expiry, state and note.
std::string referral_table(const std::vector<ReferralCode>& codes, Instant now);

// A phone or e-mail address, masked according to the channel.
std::string masked_destination(VerifyChannel channel, const std::string& destination);
// "sent a register code by sms to 138****5678 (outbox), valid until …" and its JSON fields.
std::string sent_text(const VerificationSent& sent);
nlohmann::json sent_json(const VerificationSent& sent);

}  // namespace ciie::cli
