// 人民币大写 (docs/invoice.md, "Amount in words"): the 价税合计 of an invoice in capital
// numerals, on integer fen only.
//
// The rules, as the PBOC's rules for filling in bills and vouchers (《正确填写票据和结算凭证的
// 基本规定》) and invoice systems apply them:
//   - whole yuan end in 圆整; 0.00 is 零圆整;
//   - 壹 is kept before 拾 (10 → 壹拾), so that nothing can be written in front of it;
//   - a run of zeros inside the yuan writes one 零; zeros at the end of a 万 or 亿 group and at
//     the end of the yuan write nothing (1000100 → 壹佰万零壹佰, 10010000 → 壹仟零壹万);
//   - a zero 角 before a non-zero 分 writes 零 (1050.07 → 壹仟零伍拾圆零柒分); no 零 is written
//     between 圆 and a non-zero 角 (the rules make it optional);
//   - nothing follows 角 or 分: "整" after 角 is optional in the rules and the invoice platform
//     prints "壹拾贰圆叁角" without it;
//   - below one yuan the 圆 is dropped (0.07 → 柒分, 0.50 → 伍角);
//   - a negative amount (a red invoice) is the words of its magnitude after 负.
// Groups of four digits take 万 and 亿 recursively: 10^12 yuan is 壹万亿, 10^16 yuan 壹亿亿, so
// every int64 amount (up to 92233720368547758.07 yuan) has words and nothing can overflow.
#include "ciie/invoice.hpp"

#include <cstdint>
#include <string>

namespace ciie {
namespace {

constexpr const char* kDigits[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
constexpr const char* kPlaces[] = {"", "拾", "佰", "仟"};  // within a group of four digits

constexpr std::uint64_t kWan = 10'000;
constexpr std::uint64_t kYi = 100'000'000;

// 1 <= n <= 9999: the digits with their places; inner zeros collapse to one 零, trailing zeros
// write nothing (1005 → 壹仟零伍, 1010 → 壹仟零壹拾, 1000 → 壹仟).
void append_group(std::string& out, std::uint64_t n) {
  bool pending_zero = false;
  bool started = false;
  for (int place = 3; place >= 0; --place) {
    std::uint64_t scale = 1;
    for (int i = 0; i < place; ++i) scale *= 10;
    const std::uint64_t digit = n / scale % 10;
    if (digit == 0) {
      pending_zero = started;
      continue;
    }
    if (pending_zero) out += kDigits[0];
    pending_zero = false;
    started = true;
    out += kDigits[digit];
    out += kPlaces[place];
  }
}

// n >= 1, with `unit_size` the value of one `unit` (万 or 亿): the part above the unit, the
// unit, then the part below it. The part below is led by one 零 when its highest digit is zero
// (100000001 → 壹亿零壹, 100010000 → 壹亿零壹万) and omitted when it is zero altogether.
void append_yuan(std::string& out, std::uint64_t n);

void append_split(std::string& out, std::uint64_t n, std::uint64_t unit_size, const char* unit) {
  append_yuan(out, n / unit_size);
  out += unit;
  const std::uint64_t below = n % unit_size;
  if (below == 0) return;
  if (below < unit_size / 10) out += kDigits[0];
  append_yuan(out, below);
}

void append_yuan(std::string& out, std::uint64_t n) {
  if (n >= kYi) {
    append_split(out, n, kYi, "亿");
  } else if (n >= kWan) {
    append_split(out, n, kWan, "万");
  } else {
    append_group(out, n);
  }
}

}  // namespace

std::string amount_in_words(Money amount) {
  const std::int64_t fen = amount.fen();
  const bool negative = fen < 0;
  // The magnitude as unsigned, so that INT64_MIN has words too.
  const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(fen + 1)) + 1
                                           : static_cast<std::uint64_t>(fen);
  const std::uint64_t yuan = magnitude / 100;
  const std::uint64_t jiao = magnitude / 10 % 10;
  const std::uint64_t fen_digit = magnitude % 10;

  std::string words = negative ? "负" : "";
  if (magnitude == 0) return words + "零圆整";
  if (yuan > 0) {
    append_yuan(words, yuan);
    words += "圆";
    if (jiao == 0 && fen_digit == 0) return words + "整";
  }
  if (jiao > 0) {
    words += kDigits[jiao];
    words += "角";
  } else if (yuan > 0) {
    words += kDigits[0];  // 圆零柒分: the zero 角 is spoken between yuan and 分
  }
  if (fen_digit > 0) {
    words += kDigits[fen_digit];
    words += "分";
  }
  return words;
}

}  // namespace ciie
