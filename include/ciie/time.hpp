// Time: instants (UTC, microsecond precision), civil dates in Asia/Shanghai, and the injectable
// Clock every deadline rule reads. Asia/Shanghai is UTC+08:00 all year (no daylight saving since
// 1991), so business dates are computed with a fixed offset and no time-zone database.
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie {

// The offset of Asia/Shanghai from UTC, in seconds.
inline constexpr std::int64_t kShanghaiOffsetSeconds = 8 * 3600;

// A calendar date (proleptic Gregorian). Thread-safety: a value type.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // True when year/month/day name a real day (leap years included).
  bool is_valid() const;
  // Days since 1970-01-01 (negative before). REQUIRES: is_valid().
  std::int64_t days_since_epoch() const;
  static Date from_days_since_epoch(std::int64_t days);
  // Parses "2024-11-05". Errors: time.format.
  static Result<Date> parse(std::string_view text);
  // "2024-11-05".
  std::string to_string() const;

  friend constexpr auto operator<=>(const Date&, const Date&) = default;
};

// A point in time, microseconds since the Unix epoch, UTC. Thread-safety: a value type.
class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant from_unix_micros(std::int64_t us) { return Instant(us); }
  static constexpr Instant from_unix_seconds(std::int64_t s) { return Instant(s * 1'000'000); }

  // Parses ISO-8601 with an offset or Z: "2024-10-20T23:59:59+08:00", "2024-10-20T15:59:59Z",
  // optional fractional seconds. A date alone ("2024-10-20") means its start in Asia/Shanghai.
  // Errors: time.format.
  static Result<Instant> parse(std::string_view text);

  constexpr std::int64_t unix_micros() const { return us_; }
  constexpr std::int64_t unix_seconds() const {
    return us_ >= 0 ? us_ / 1'000'000 : -((-us_ + 999'999) / 1'000'000);
  }
  constexpr Instant plus_seconds(std::int64_t s) const { return Instant(us_ + s * 1'000'000); }

  // The business date in Asia/Shanghai.
  Date shanghai_date() const;
  // The start (00:00:00) of a business date in Asia/Shanghai.
  static Instant start_of_shanghai_day(const Date& date);
  // "2024-10-20T23:59:59+08:00": second precision, Asia/Shanghai offset (for people).
  std::string to_shanghai_string() const;
  // "2024-10-20T15:59:59.000000Z": UTC, microseconds (stored in the database; sorts as text).
  std::string to_utc_string() const;
  // "yyyyMMddHHmmss" in Asia/Shanghai (order numbers, ORD-2).
  std::string to_shanghai_compact() const;

  friend constexpr auto operator<=>(Instant, Instant) = default;

 private:
  constexpr explicit Instant(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

// Where "now" comes from. Every rule with a deadline asks a Clock, never the system directly.
// Thread-safety: implementations must be safe to call from several threads.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

// The operating system's real-time clock.
class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock pinned to one instant (the CLI's --now); advance() moves it, for tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant at);
  Instant now() const override;
  // Moves the clock forward (or back, with a negative count).
  void advance_seconds(std::int64_t seconds);

 private:
  std::atomic<std::int64_t> us_;
};

// A shared SystemClock, the default of Options.
std::shared_ptr<const Clock> system_clock();

}  // namespace ciie
