// Civil-date arithmetic (Howard Hinnant's days_from_civil), ISO-8601 parsing and printing, and
// the clocks. Asia/Shanghai is a fixed UTC+08:00 offset for every date this system handles.
#include "ciie/time.hpp"

#include <chrono>
#include <cstdio>

namespace ciie {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

Status format_error(std::string_view text, std::string_view expected) {
  return Status::invalid_input(
      "time.format", "not a valid " + std::string(expected) + ": '" + std::string(text) + "'");
}

// Reads exactly `width` digits at text[pos], advancing pos. False when they are not digits.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& out) {
  if (pos + static_cast<std::size_t>(width) > text.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(width);
  out = value;
  return true;
}

bool read_date(std::string_view text, std::size_t& pos, Date& date) {
  return read_digits(text, pos, 4, date.year) && pos < text.size() && text[pos++] == '-' &&
         read_digits(text, pos, 2, date.month) && pos < text.size() && text[pos++] == '-' &&
         read_digits(text, pos, 2, date.day) && date.is_valid();
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

struct Civil {
  Date date;
  int hour, minute, second;
  int micros;
};

Civil to_civil(std::int64_t unix_micros, std::int64_t offset_seconds) {
  const std::int64_t local_us = unix_micros + offset_seconds * kMicrosPerSecond;
  const std::int64_t seconds = floor_div(local_us, kMicrosPerSecond);
  const std::int64_t days = floor_div(seconds, kSecondsPerDay);
  const std::int64_t in_day = seconds - days * kSecondsPerDay;
  Civil c{Date::from_days_since_epoch(days), static_cast<int>(in_day / 3600),
          static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60),
          static_cast<int>(local_us - seconds * kMicrosPerSecond)};
  return c;
}

}  // namespace

bool Date::is_valid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

std::int64_t Date::days_since_epoch() const {
  const std::int64_t y = month <= 2 ? year - 1 : year;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days_since_epoch(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Result<Date> Date::parse(std::string_view text) {
  Date date;
  std::size_t pos = 0;
  if (!read_date(text, pos, date) || pos != text.size())
    return format_error(text, "date (YYYY-MM-DD)");
  return date;
}

std::string Date::to_string() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

Result<Instant> Instant::parse(std::string_view text) {
  constexpr std::string_view kExpected =
      "instant (ISO-8601 with offset, e.g. 2024-10-20T23:59:59+08:00)";
  Date date;
  std::size_t pos = 0;
  if (!read_date(text, pos, date)) return format_error(text, kExpected);
  if (pos == text.size()) return start_of_shanghai_day(date);  // a bare date: Shanghai midnight
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
    return format_error(text, kExpected);
  ++pos;
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
      !read_digits(text, pos, 2, minute)) {
    return format_error(text, kExpected);
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_digits(text, pos, 2, second)) return format_error(text, kExpected);
  }
  std::int64_t micros = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return format_error(text, kExpected);
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  if (hour > 23 || minute > 59 || second > 59) return format_error(text, kExpected);
  std::int64_t offset_seconds = 0;
  if (pos >= text.size()) return format_error(text, kExpected);  // an offset is required
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_digits(text, pos, 2, oh)) return format_error(text, kExpected);
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!read_digits(text, pos, 2, om) || oh > 18 || om > 59) return format_error(text, kExpected);
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return format_error(text, kExpected);
  }
  if (pos != text.size()) return format_error(text, kExpected);
  const std::int64_t seconds = date.days_since_epoch() * kSecondsPerDay + hour * 3600 +
                               minute * 60 + second - offset_seconds;
  return Instant(seconds * kMicrosPerSecond + micros);
}

Date Instant::shanghai_date() const { return to_civil(us_, kShanghaiOffsetSeconds).date; }

Instant Instant::start_of_shanghai_day(const Date& date) {
  return Instant::from_unix_seconds(date.days_since_epoch() * kSecondsPerDay -
                                    kShanghaiOffsetSeconds);
}

std::string Instant::to_shanghai_string() const {
  const Civil c = to_civil(us_, kShanghaiOffsetSeconds);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d+08:00", c.date.to_string().c_str(),
                c.hour, c.minute, c.second);
  return buffer;
}

std::string Instant::to_utc_string() const {
  const Civil c = to_civil(us_, 0);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%06dZ", c.date.to_string().c_str(),
                c.hour, c.minute, c.second, c.micros);
  return buffer;
}

std::string Instant::to_shanghai_compact() const {
  const Civil c = to_civil(us_, kShanghaiOffsetSeconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d%02d%02d%02d", c.date.year, c.date.month,
                c.date.day, c.hour, c.minute, c.second);
  return buffer;
}

Instant SystemClock::now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant::from_unix_micros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

FixedClock::FixedClock(Instant at) : us_(at.unix_micros()) {}

Instant FixedClock::now() const { return Instant::from_unix_micros(us_.load()); }

void FixedClock::advance_seconds(std::int64_t seconds) {
  us_.fetch_add(seconds * kMicrosPerSecond);
}

std::shared_ptr<const Clock> system_clock() {
  static const auto clock = std::make_shared<const SystemClock>();
  return clock;
}

}  // namespace ciie
