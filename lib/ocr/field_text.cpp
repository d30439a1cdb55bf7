// Field normalisation over UTF-8 decoded to code points. Chinese numerals (壹贰叁… 拾佰仟 万亿)
// are parsed for capitals printed in words, as older licences and most 股份 licences do.
#include "ocr/field_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <utf8proc.h>

#include "codes/text.hpp"

namespace ciie::ocr {
namespace {

// UTF-8 to code points and back with utf8proc; an invalid sequence ends the text (OCR output is
// valid UTF-8, and a field's value is never longer than what is valid).
std::u32string decode(std::string_view text) {
  std::u32string out;
  const auto* at = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t used = utf8proc_iterate(at, left, &cp);
    if (used <= 0) break;
    out.push_back(static_cast<char32_t>(cp));
    at += used;
    left -= used;
  }
  return out;
}

std::string encode(std::u32string_view text) {
  std::string out;
  for (const char32_t cp : text) {
    utf8proc_uint8_t bytes[4];
    const utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), bytes);
    out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
  }
  return out;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}
bool is_digit(char32_t cp) { return cp >= U'0' && cp <= U'9'; }
bool is_space(char32_t cp) { return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == 0x3000; }

// Punctuation that OCR prints next to a value (label colons, quote-like specks, rule lines) and
// that never opens or closes one.
bool is_debris(char32_t cp) {
  static constexpr std::u32string_view kDebris =
      U":;,.!?'\"`~|_-=+*^<>/\\：；，。、！？“”‘’·…—－《》「」『』【】";
  return kDebris.find(cp) != std::u32string_view::npos;
}

std::u32string nfkc32(std::string_view raw) {
  const auto folded = codes::detail::nfkc(raw);
  return decode(folded ? *folded : std::string(raw));
}

// NFKC, spaces removed, ASCII brackets as full-width, debris off both ends.
std::u32string clean32(std::string_view raw) {
  std::u32string text;
  for (char32_t cp : nfkc32(raw)) {
    if (is_space(cp) || cp == U'|') continue;  // '|' is a ruled line or a cell edge, never text
    if (cp == U'(' || cp == U'〈' || cp == U'《') cp = U'（';  // the recogniser's bracket shapes
    if (cp == U')' || cp == U'〉' || cp == U'》') cp = U'）';
    text.push_back(cp);
  }
  std::size_t first = 0;
  while (first < text.size() && is_debris(text[first])) ++first;
  std::size_t last = text.size();
  while (last > first && is_debris(text[last - 1])) --last;
  return text.substr(first, last - first);
}

// Digits of a Chinese numeral, formal (壹) or common (一).
int chinese_digit(char32_t cp) {
  static constexpr std::u32string_view kFormal = U"零壹贰叁肆伍陆柒捌玖";
  static constexpr std::u32string_view kCommon = U"〇一二三四五六七八九";
  if (auto at = kFormal.find(cp); at != std::u32string_view::npos) return static_cast<int>(at);
  if (auto at = kCommon.find(cp); at != std::u32string_view::npos) return static_cast<int>(at);
  if (cp == U'两') return 2;
  if (cp == U'参') return 3;  // the usual misreading of 叁
  return -1;
}

int chinese_unit(char32_t cp) {
  switch (cp) {
    case U'拾':
    case U'十':
      return 10;
    case U'佰':
    case U'百':
    case U'伯':
      return 100;  // 伯: a misreading of 佰
    case U'仟':
    case U'千':
    case U'什':
      return 1000;  // 什: the usual misreading of 仟
    default:
      return 0;
  }
}

// A Chinese numeral below 10 000 (壹仟伍佰 → 1500, 拾 → 10); nullopt when `text` holds none.
std::optional<std::int64_t> chinese_below_wan(std::u32string_view text) {
  std::int64_t total = 0;
  std::int64_t digit = -1;
  bool any = false;
  for (const char32_t cp : text) {
    if (const int d = chinese_digit(cp); d >= 0) {
      digit = d;
      any = true;
    } else if (const int unit = chinese_unit(cp); unit > 0) {
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
      any = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  if (digit > 0) total += digit;
  return total;
}

// A decimal number's text with trailing fractional zeros removed ("20.0000" → "20").
std::string trim_decimal(std::string number) {
  if (number.find('.') == std::string::npos) return number;
  while (!number.empty() && number.back() == '0') number.pop_back();
  if (!number.empty() && number.back() == '.') number.pop_back();
  return number.empty() ? "0" : number;
}

std::string currency_in(std::u32string_view text) {
  static constexpr std::array<std::pair<std::u32string_view, std::string_view>, 5> kCurrencies = {
      {{U"美元", "美元"},
       {U"港元", "港元"},
       {U"港币", "港元"},
       {U"欧元", "欧元"},
       {U"日元", "日元"}}};
  for (const auto& [name, canonical] : kCurrencies) {
    if (text.find(name) != std::u32string_view::npos) return std::string(canonical);
  }
  if (text.find(U"人民币") != std::u32string_view::npos ||
      text.find(U'元') != std::u32string_view::npos) {
    return "人民币";
  }
  return "";
}

// Glyphs the recogniser prints for a digit inside numbers (]月 for 1月, 2O19 for 2019): replaced
// when a digit or a date mark stands next to them, so that words keep their letters.
std::u32string with_digits(std::u32string text) {
  auto numeric = [&](std::size_t i) {
    return i < text.size() && (is_digit(text[i]) || text[i] == U'年' || text[i] == U'月' ||
                               text[i] == U'日' || text[i] == U'万' || text[i] == U'.');
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t digit = 0;
    switch (text[i]) {
      case U']':
      case U'[':
      case U'l':
      case U'I':
      case U'!':
        digit = U'1';
        break;
      case U'O':
      case U'o':
      case U'D':
        digit = U'0';
        break;
      default:
        break;
    }
    if (digit != 0 && (numeric(i + 1) || (i > 0 && numeric(i - 1)))) text[i] = digit;
  }
  return text;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool real_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1949 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap(year) ? 1 : 0);
  return day <= days;
}

// The first date in `text` from `from`: digits 年 digits 月 digits [日]. `end` gets the index after
// it.
std::optional<std::string> date_at(const std::u32string& text, std::size_t from, std::size_t* end) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (!is_digit(text[i])) continue;
    std::array<int, 3> parts{};
    std::array<int, 3> widths{};
    std::size_t at = i;
    bool ok = true;
    static constexpr std::array<char32_t, 3> kMarks = {U'年', U'月', U'日'};
    for (std::size_t part = 0; part < 3 && ok; ++part) {
      while (at < text.size() && is_digit(text[at]) && widths[part] < 4) {
        parts[part] = parts[part] * 10 + static_cast<int>(text[at] - U'0');
        ++widths[part];
        ++at;
      }
      if (widths[part] == 0) {
        ok = false;
      } else if (at < text.size() && text[at] == kMarks[part]) {
        ++at;
      } else if (part < 2) {
        ok = false;
      }
    }
    if (!ok || widths[0] != 4 || widths[1] > 2 || widths[2] > 2) continue;
    if (!real_date(parts[0], parts[1], parts[2])) continue;
    if (end != nullptr) *end = at;
    char iso[40];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
    return std::string(iso);
  }
  return std::nullopt;
}

// The official 企业类型 printed on licences (SAMR's list, the forms seen on 2016+ licences).
constexpr std::array<std::string_view, 34> kUnitTypes = {
    "有限责任公司（自然人投资或控股）",
    "有限责任公司（自然人独资）",
    "有限责任公司（国有独资）",
    "有限责任公司（国有控股）",
    "有限责任公司（法人独资）",
    "有限责任公司（非自然人投资或控股的法人独资）",
    "有限责任公司（自然人投资或控股的法人独资）",
    "有限责任公司（外商投资企业法人独资）",
    "有限责任公司（外商投资企业与内资合资）",
    "有限责任公司（外商投资、非独资）",
    "有限责任公司（外国法人独资）",
    "有限责任公司（外国自然人独资）",
    "有限责任公司（中外合资）",
    "有限责任公司（中外合作）",
    "有限责任公司（台港澳法人独资）",
    "有限责任公司（台港澳自然人独资）",
    "有限责任公司（台港澳与境内合资）",
    "有限责任公司（港澳台投资、非独资）",
    "其他有限责任公司",
    "股份有限公司（非上市、自然人投资或控股）",
    "股份有限公司（非上市、国有控股）",
    "股份有限公司（上市、自然人投资或控股）",
    "股份有限公司（上市、国有控股）",
    "股份有限公司（外商投资、未上市）",
    "股份有限公司（外商投资、上市）",
    "其他股份有限公司（非上市）",
    "其他股份有限公司（上市）",
    "个体工商户",
    "农民专业合作社",
    "农民专业合作社联合社",
    "个人独资企业",
    "普通合伙企业",
    "有限合伙企业",
    "全民所有制",
};

}  // namespace

std::string clean_text(std::string_view raw) { return encode(clean32(raw)); }

std::string clean_name(std::string_view raw) {
  // Lines with fewer than three CJK characters before the first real line, and lines without
  // any after the last, are specks of the rows around (a wrapped address may end in "5层"; a
  // unit's name has at least four characters).
  std::vector<std::u32string> lines;
  std::u32string line;
  for (const char32_t cp : decode(raw)) {
    if (cp == U'\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line.push_back(cp);
    }
  }
  lines.push_back(line);
  auto substantial = [](const std::u32string& l) {
    return std::count_if(l.begin(), l.end(), is_cjk) >= 3;
  };
  std::string kept;
  const auto first = std::find_if(lines.begin(), lines.end(), substantial);
  const auto last = std::find_if(lines.rbegin(), lines.rend(), [](const std::u32string& l) {
    return std::any_of(l.begin(), l.end(), is_cjk);
  });
  if (first == lines.end()) return "";
  for (auto it = first; it != last.base(); ++it) kept += encode(*it);
  const std::u32string text = clean32(kept);
  const auto cjk = std::find_if(text.begin(), text.end(), is_cjk);
  if (cjk == text.end()) return "";
  return encode(std::u32string(cjk, text.end()));
}

std::optional<std::string> clean_person(std::string_view raw) {
  // The longest run of name characters: specks and underline fragments read as 一 or - stand
  // apart from the name.
  std::u32string best;
  std::u32string run;
  auto close_run = [&]() {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  for (const char32_t cp : nfkc32(raw)) {
    if (is_cjk(cp) || cp == U'·' || cp == U'•') {
      run.push_back(cp == U'•' ? U'·' : cp);
    } else {
      close_run();
    }
  }
  close_run();
  // A middle dot joins the parts of a transcribed name (阿里木·买买提); at either end it is a
  // speck.
  while (!best.empty() && best.front() == U'·') best.erase(best.begin());
  while (!best.empty() && best.back() == U'·') best.pop_back();
  if (std::count_if(best.begin(), best.end(), is_cjk) < 2 || best.size() > 6) return std::nullopt;
  return encode(best);
}

std::optional<std::string> parse_date(std::string_view raw) {
  return date_at(with_digits(clean32(raw)), 0, nullptr);
}

std::optional<std::string> parse_term(std::string_view raw) {
  const std::u32string text = with_digits(clean32(raw));
  std::size_t end = 0;
  const auto start = date_at(text, 0, &end);
  const bool open_ended = text.find(U"长期") != std::u32string::npos ||
                          text.find(U"永久") != std::u32string::npos ||
                          text.find(U"不约定") != std::u32string::npos;
  if (!start) {
    if (open_ended) return std::string("长期");
    return std::nullopt;
  }
  if (const auto until = date_at(text, end, nullptr)) return *start + "/" + *until;
  if (open_ended) return *start + "/长期";
  return std::nullopt;
}

std::optional<Capital> parse_capital(std::string_view raw) {
  const std::u32string text = with_digits(clean32(raw));
  Capital capital;
  capital.currency = currency_in(text);
  // Arabic digits: the number before 万 or 亿. Licences print capitals in 万; a bare amount in 元
  // ("5000元") is not a licence capital and is refused rather than guessed at.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i])) continue;
    std::size_t at = i;
    std::string number;
    while (at < text.size() && (is_digit(text[at]) || text[at] == U'.')) {
      number += static_cast<char>(text[at]);
      ++at;
    }
    if (number.back() == '.') number.pop_back();
    if (at < text.size() && text[at] == U'万') {
      capital.wan = trim_decimal(number);
      return capital;
    }
    if (at < text.size() && text[at] == U'亿') {
      // 1.5亿 → 15000万: shift the decimal point four places.
      const std::size_t dot = number.find('.');
      std::string whole = dot == std::string::npos ? number : number.substr(0, dot);
      std::string fraction = dot == std::string::npos ? "" : number.substr(dot + 1);
      fraction.resize(std::max<std::size_t>(fraction.size(), 4), '0');
      whole += fraction.substr(0, 4);
      const std::string rest = fraction.substr(4);
      whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
      capital.wan = trim_decimal(rest.empty() ? whole : whole + "." + rest);
      return capital;
    }
    return std::nullopt;  // a number without 万 or 亿: not a capital as licences print it
  }
  // Chinese numerals: [N亿][N万] (伍佰万, 壹亿贰仟万).
  std::int64_t wan = 0;
  bool any = false;
  std::size_t begin = 0;
  while (begin < text.size() && chinese_digit(text[begin]) < 0 && chinese_unit(text[begin]) == 0) {
    ++begin;
  }
  std::size_t at = begin;
  for (; at < text.size(); ++at) {
    const char32_t cp = text[at];
    if (cp != U'万' && cp != U'亿') {
      if (chinese_digit(cp) < 0 && chinese_unit(cp) == 0) break;
      continue;
    }
    const auto value = chinese_below_wan(std::u32string_view(text).substr(begin, at - begin));
    if (!value) return std::nullopt;
    wan += cp == U'亿' ? *value * 10'000 : *value;
    any = true;
    begin = at + 1;
  }
  if (!any) return std::nullopt;
  capital.wan = std::to_string(wan);
  return capital;
}

int edit_distance(std::string_view a, std::string_view b) {
  const std::u32string x = decode(a);
  const std::u32string y = decode(b);
  std::vector<int> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::optional<std::string> snap_unit_type(std::string_view raw) {
  const std::string text = clean_text(raw);
  if (text.empty()) return std::nullopt;
  int best = 1 << 30;
  int second = 1 << 30;
  std::string_view nearest;
  for (const std::string_view type : kUnitTypes) {
    const int d = edit_distance(text, type);
    if (d < best) {
      second = best;
      best = d;
      nearest = type;
    } else if (d < second) {
      second = d;
    }
  }
  // Within a fifth of the type's length (at least 2), and strictly nearer than the runner-up.
  const int length = static_cast<int>(decode(nearest).size());
  if (best <= std::max(2, length / 5) && best < second) return std::string(nearest);
  return std::nullopt;
}

}  // namespace ciie::ocr
