// Dates, instants, Asia/Shanghai business dates and the clocks.
#include "ciie/time.hpp"

#include <thread>

#include <catch2/catch.hpp>

using ciie::Date;
using ciie::FixedClock;
using ciie::Instant;

TEST_CASE("Date validity knows leap years", "[core][time]") {
  CHECK(Date{2024, 2, 29}.is_valid());
  CHECK(Date{2000, 2, 29}.is_valid());
  CHECK_FALSE(Date{1900, 2, 29}.is_valid());
  CHECK_FALSE(Date{2023, 2, 29}.is_valid());
  CHECK_FALSE(Date{2024, 4, 31}.is_valid());
  CHECK_FALSE(Date{2024, 13, 1}.is_valid());
  CHECK_FALSE(Date{2024, 0, 1}.is_valid());
  CHECK(Date{2024, 12, 31}.is_valid());
}

TEST_CASE("Date <-> days since epoch round-trips", "[core][time]") {
  CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Date{1969, 12, 31}.days_since_epoch() == -1);
  CHECK(Date{2000, 3, 1}.days_since_epoch() == 11017);
  // Years 53 … 3886.
  for (std::int64_t d = -700000; d <= 700000; d += 997) {
    const Date date = Date::from_days_since_epoch(d);
    REQUIRE(date.is_valid());
    REQUIRE(date.days_since_epoch() == d);
  }
}

TEST_CASE("Date parses and prints ISO dates", "[core][time]") {
  CHECK(Date::parse("2024-11-05")->to_string() == "2024-11-05");
  for (const char* bad : {"2024-11-5", "2024/11/05", "2024-02-30", "20241105", "2024-11-05x", ""}) {
    INFO(bad);
    CHECK(Date::parse(bad).status().reason() == "time.format");
  }
}

TEST_CASE("Instant parses ISO-8601 with offsets", "[core][time]") {
  const auto deadline = Instant::parse("2024-10-20T23:59:59+08:00");
  REQUIRE(deadline.is_ok());
  CHECK(deadline->to_utc_string() == "2024-10-20T15:59:59.000000Z");
  CHECK(deadline->to_shanghai_string() == "2024-10-20T23:59:59+08:00");
  CHECK(*Instant::parse("2024-10-20T15:59:59Z") == *deadline);
  CHECK(*Instant::parse("2024-10-20T10:59:59-05:00") == *deadline);
  CHECK(Instant::parse("2024-10-20T15:59:59.25Z")->unix_micros() ==
        deadline->unix_micros() + 250000);
  // A bare date is the start of that business day in Shanghai.
  CHECK(Instant::parse("2024-10-21")->to_utc_string() == "2024-10-20T16:00:00.000000Z");
  for (const char* bad : {"2024-10-20T23:59:59", "2024-10-20T24:00:00Z", "2024-10-20T23:60Z",
                          "2024-10-20 23:59:59+8", "yesterday", "2024-10-20T23:59:59+08:00 "}) {
    INFO(bad);
    CHECK(Instant::parse(bad).status().reason() == "time.format");
  }
}

TEST_CASE("Business dates are Asia/Shanghai dates", "[core][time]") {
  // 16:00 UTC is already the next day in Shanghai.
  CHECK(Instant::parse("2024-12-31T15:59:59Z")->shanghai_date() == Date{2024, 12, 31});
  CHECK(Instant::parse("2024-12-31T16:00:00Z")->shanghai_date() == Date{2025, 1, 1});
  CHECK(Instant::start_of_shanghai_day(Date{2025, 1, 1}) ==
        *Instant::parse("2024-12-31T16:00:00Z"));
  CHECK(Instant::parse("2021-05-07T11:42:59+08:00")->to_shanghai_compact() == "20210507114259");
  CHECK(Instant::from_unix_micros(-1).unix_seconds() == -1);
}

TEST_CASE("FixedClock is pinned and can be advanced across threads", "[core][time]") {
  FixedClock clock(*Instant::parse("2024-06-01T00:00:00+08:00"));
  CHECK(clock.now().to_shanghai_string() == "2024-06-01T00:00:00+08:00");
  std::thread a([&] {
    for (int i = 0; i < 1000; ++i) clock.advance_seconds(1);
  });
  std::thread b([&] {
    for (int i = 0; i < 1000; ++i) clock.advance_seconds(1);
  });
  a.join();
  b.join();
  CHECK(clock.now().to_shanghai_string() == "2024-06-01T00:33:20+08:00");
  CHECK(ciie::system_clock()->now() > *Instant::parse("2026-01-01T00:00:00Z"));
}
