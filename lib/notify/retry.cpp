// The retry loop of the http and smtp backends.
#include "notify/retry.hpp"

#include <algorithm>
#include <thread>

namespace ciie::notify {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry) {
  const std::int64_t cap = kMaxBackoff.count();
  std::int64_t delay = std::clamp<std::int64_t>(policy.backoff_ms, 0, cap);
  // Doubling stops at the cap, so neither the shift nor the product can overflow.
  for (int i = 0; i < retry && delay < cap; ++i) delay = std::min(cap, delay * 2);
  return std::chrono::milliseconds(delay);
}

Status run_with_retries(const RetryPolicy& policy,
                        const std::function<AttemptOutcome(int attempt)>& attempt) {
  const int attempts = 1 + std::max(0, policy.retries);
  std::string last_failure;
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) std::this_thread::sleep_for(backoff_delay(policy, i - 1));
    AttemptOutcome outcome = attempt(i);
    if (outcome.status.is_ok() || !outcome.transient) return std::move(outcome.status);
    last_failure = outcome.status.message();
  }
  return Status::external("notify.unavailable", "not delivered after " + std::to_string(attempts) +
                                                    (attempts == 1 ? " attempt: " : " attempts: ") +
                                                    last_failure)
      .with_detail("attempts", std::to_string(attempts));
}

}  // namespace ciie::notify
