// Retrying a delivery attempt with exponential backoff, shared by the http and smtp backends.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "ciie/status.hpp"

namespace ciie::notify {

struct RetryPolicy {
  int retries = 0;              // attempts after the first
  std::int64_t backoff_ms = 0;  // the wait before the first retry; doubles for each further one
};

// The wait before retry number `retry` (0 = the first retry): backoff_ms × 2^retry, capped at
// kMaxBackoff so that a large retry count cannot overflow or stall a command for hours.
inline constexpr std::chrono::milliseconds kMaxBackoff{60'000};
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry);

// What one attempt came to.
struct AttemptOutcome {
  Status status;           // ok when delivered; otherwise why not
  bool transient = false;  // a failure worth another attempt (same message, same key)
};

// Calls attempt(0), attempt(1), … while the outcome is a transient failure and retries remain,
// sleeping backoff_delay() between attempts. Returns the first ok or permanent outcome's status;
// when every attempt failed transiently, notify.unavailable with the attempt count and the last
// failure's message.
Status run_with_retries(const RetryPolicy& policy,
                        const std::function<AttemptOutcome(int attempt)>& attempt);

}  // namespace ciie::notify
