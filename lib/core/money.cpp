// Money parsing, printing and checked arithmetic, all on integer fen.
#include "ciie/money.hpp"

#include <limits>

namespace ciie {
namespace {

Status format_error(std::string_view text, const char* why) {
  return Status::invalid_input("money.format",
                               "not an amount of yuan: '" + std::string(text) + "' (" + why + ")");
}

Status overflow_error() { return Status::invalid_input("money.overflow", "amount out of range"); }

}  // namespace

Result<Money> Money::parse(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t end = text.size();
  while (end > i && text[end - 1] == ' ') --end;
  const std::string_view original = text;
  text = text.substr(i, end - i);
  if (text.empty()) return format_error(original, "empty");

  bool negative = false;
  std::size_t pos = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    pos = 1;
  }
  // Whole yuan, with optional grouping commas between digits.
  std::int64_t yuan = 0;
  int whole_digits = 0;
  constexpr std::int64_t kMaxYuan = std::numeric_limits<std::int64_t>::max() / 100;
  for (; pos < text.size() && text[pos] != '.'; ++pos) {
    const char c = text[pos];
    if (c == ',') {
      if (whole_digits == 0 || pos + 1 >= text.size() || text[pos + 1] < '0' || text[pos + 1] > '9')
        return format_error(original, "misplaced comma");
      continue;
    }
    if (c < '0' || c > '9') return format_error(original, "unexpected character");
    if (yuan > (kMaxYuan - (c - '0')) / 10) return overflow_error();
    yuan = yuan * 10 + (c - '0');
    ++whole_digits;
  }
  int fen_part = 0;
  int decimals = 0;
  if (pos < text.size()) {  // at '.'
    ++pos;
    for (; pos < text.size(); ++pos) {
      const char c = text[pos];
      if (c < '0' || c > '9') return format_error(original, "unexpected character");
      if (++decimals > 2) return format_error(original, "more than two decimals");
      fen_part = fen_part * 10 + (c - '0');
    }
    if (decimals == 0) return format_error(original, "no digits after the point");
  }
  if (whole_digits == 0 && decimals == 0) return format_error(original, "no digits");
  if (decimals == 1) fen_part *= 10;
  std::int64_t fen = 0;
  if (__builtin_mul_overflow(yuan, 100, &fen) || __builtin_add_overflow(fen, fen_part, &fen)) {
    return overflow_error();
  }
  return Money(negative ? -fen : fen);
}

std::string Money::to_string() const {
  // Work on the magnitude as unsigned so that INT64_MIN prints correctly.
  const bool negative = fen_ < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(fen_ + 1)) + 1 : static_cast<std::uint64_t>(fen_);
  const std::uint64_t cents = magnitude % 100;
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / 100);
  text += '.';
  text += static_cast<char>('0' + cents / 10);
  text += static_cast<char>('0' + cents % 10);
  return text;
}

Result<Money> Money::plus(Money other) const {
  std::int64_t out = 0;
  if (__builtin_add_overflow(fen_, other.fen_, &out)) return overflow_error();
  return Money(out);
}

Result<Money> Money::minus(Money other) const {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(fen_, other.fen_, &out)) return overflow_error();
  return Money(out);
}

Result<Money> Money::times(std::int64_t count) const {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(fen_, count, &out)) return overflow_error();
  return Money(out);
}

}  // namespace ciie
