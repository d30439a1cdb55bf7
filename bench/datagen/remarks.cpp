#include "remarks.hpp"

#include <cstddef>

namespace ciie::datagen {

std::string full_width(const std::string& ascii) {
  std::string out;
  for (const char c : ascii) {
    if (c < '!' || c > '~') {
      out += c;
      continue;
    }
    const unsigned cp = 0xFF01u + static_cast<unsigned>(c - '!');
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string remark_for(const std::string& number, const std::string& payer,
                       const DrawBelow& below) {
  const auto style = below(100);
  const std::string digits = number.substr(1);
  if (style < 35) return number;
  if (style < 50) return "证件费 " + number + " " + payer;
  if (style < 60) {  // grouped by four, as read aloud
    std::string out = "V";
    for (std::size_t i = 0; i < digits.size(); i += 4) out += " " + digits.substr(i, 4);
    return out;
  }
  if (style < 68) return "v" + digits + "  ";
  if (style < 76) return "进博会证件 " + full_width(number);
  if (style < 86) {  // look-alike letters for some digits
    std::string out = digits;
    int changed = 0;
    for (std::size_t i = 0; i < out.size() && changed < 3; ++i) {
      const char c = out[i];
      const char to = c == '0' ? 'O' : c == '1' ? 'l' : c == '5' ? 'S' : c == '8' ? 'B' : 0;
      if (to != 0 && below(3) == 0) {
        out[i] = to;
        ++changed;
      }
    }
    return "V" + out;
  }
  if (style < 93 && digits.size() > 14) {
    return "V-" + digits.substr(0, 8) + "-" + digits.substr(8, 6) + "-" + digits.substr(14);
  }
  return "货款 订单号：" + number + "　" + payer;  // full-width colon, ideographic space
}

}  // namespace ciie::datagen
