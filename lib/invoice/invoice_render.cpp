// An issued invoice for people and programs: the JSON of `ciie invoice show --json` and a
// printable, self-contained HTML page in the layout of a 数电发票 (docs/invoice.md,
// "The document").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "ciie/invoice.hpp"
#include "invoice/invoice_document.hpp"

namespace ciie {
namespace {

using nlohmann::json;

// "6%", "13%", "1.5%", "0.25%": a rate in basis points as a percentage, no trailing zeros.
std::string rate_text(int rate_bp) {
  const bool negative = rate_bp < 0;  // out of contract, printed rather than hidden
  const std::int64_t magnitude = negative ? -static_cast<std::int64_t>(rate_bp) : rate_bp;
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / 100);
  const std::int64_t hundredths = magnitude % 100;
  if (hundredths != 0) {
    text += '.';
    text += static_cast<char>('0' + hundredths / 10);
    if (hundredths % 10 != 0) text += static_cast<char>('0' + hundredths % 10);
  }
  return text + "%";
}

// Text as HTML character data or a quoted attribute value.
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// 开票日期 as printed: "2024年11月05日".
std::string chinese_date(const Date& date) {
  auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  return std::to_string(date.year) + "年" + two(date.month) + "月" + two(date.day) + "日";
}

std::string title_of(InvoiceType type) {
  return type == InvoiceType::kSpecial ? "电子发票（增值税专用发票）" : "电子发票（普通发票）";
}

// The red reason's Chinese name, or its spelling when it is none the library knows.
std::string reason_text(const std::string& spelling) {
  const std::optional<RedReason> reason = parse_red_reason(spelling);
  return reason ? std::string(chinese_name(*reason)) : spelling;
}

std::string cell(std::string_view css_class, const std::string& html) {
  return "<td class=\"" + std::string(css_class) + "\">" + html + "</td>";
}

// One side's box: 购买方信息 or 销售方信息, with 名称 and the taxpayer id.
std::string party_box(std::string_view side, const InvoiceParty& party) {
  std::string html = "<td class=\"side\">";
  for (std::size_t at = 0; at < side.size();) {  // the side's name reads top to bottom
    const auto byte = static_cast<unsigned char>(side[at]);
    const std::size_t width = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    html += std::string(side.substr(at, width)) + "<br>";
    at += width;
  }
  html += "</td><td class=\"party\"><p><span class=\"label\">名称：</span>" + escape(party.name) +
          "</p><p><span class=\"label\">统一社会信用代码/纳税人识别号：</span>" +
          "<span class=\"mono\">" + escape(party.taxpayer_id) + "</span></p></td>";
  return html;
}

// The lines of 备注: for a red invoice the blue one it reverses, for a special invoice the
// buyer's (and the seller's) address, phone, bank and account as the 数电 layout prints them,
// then the remark given with the request.
std::string remark_html(const Invoice& invoice) {
  std::string html;
  auto line = [&html](const std::string& text) { html += "<p>" + text + "</p>"; };
  auto pair = [](std::string_view label_a, const std::string& a, std::string_view label_b,
                 const std::string& b) {
    std::string text;
    if (!a.empty()) text += std::string(label_a) + "：" + escape(a);
    if (!a.empty() && !b.empty()) text += "　";
    if (!b.empty()) text += std::string(label_b) + "：" + escape(b);
    return text;
  };
  if (invoice.kind == InvoiceKind::kRed) {
    line("被红冲蓝字数电发票号码：" + escape(invoice.refers_to));
    if (!invoice.red_reason.empty()) line("红冲原因：" + escape(reason_text(invoice.red_reason)));
    if (invoice.red_form != 0) {
      line("红字发票信息确认单编号：" + std::to_string(invoice.red_form));
    }
  }
  if (invoice.type == InvoiceType::kSpecial) {
    for (const auto& [side, party] : {std::pair<std::string_view, const InvoiceParty*>{
                                          "购买方", &invoice.buyer},
                                      {"销售方", &invoice.seller}}) {
      const std::string side_text(side);
      const std::string where =
          pair(side_text + "地址", party->address, "电话", party->phone);
      if (!where.empty()) line(where);
      const std::string bank =
          pair(side_text + "开户银行", party->bank, "银行账号", party->account);
      if (!bank.empty()) line(bank);
    }
  }
  if (!invoice.remark.empty()) line(escape(invoice.remark));
  return html;
}

constexpr std::string_view kStyle = R"css(
*{box-sizing:border-box}
body{margin:0;padding:16px;background:#fff;color:#000;
font-family:"SimSun","Songti SC","Noto Serif CJK SC","Source Han Serif SC",serif;font-size:13px}
.invoice{max-width:980px;margin:0 auto;color:#7a2a10}
.invoice .value,.invoice td.num,.invoice .party,.invoice .remark,.invoice .words{color:#000}
header{position:relative;text-align:center;padding:8px 0 14px}
h1{margin:0;font-size:24px;letter-spacing:2px;font-weight:bold}
h1::after{content:"";display:block;width:320px;margin:6px auto 0;border-bottom:3px double #7a2a10}
.red-mark{display:inline-block;margin-top:6px;padding:2px 10px;border:2px solid #c00;color:#c00;
font-weight:bold;letter-spacing:4px}
.meta{position:absolute;right:0;top:10px;text-align:left;margin:0}
.meta p{margin:2px 0}
table{width:100%;border-collapse:collapse}
.frame{border:1.5px solid #7a2a10}
.frame td,.frame th{border:1px solid #7a2a10;padding:4px 6px;vertical-align:middle}
td.side{width:28px;text-align:center;line-height:1.25;font-weight:bold}
td.party p{margin:4px 0}
.items th{font-weight:normal;text-align:center}
.items td{border-top:none;border-bottom:none}
.items td.num{text-align:right;white-space:nowrap;font-family:"Courier New",monospace}
.items td.text{text-align:left}
.items tr.total td{border-top:1px solid #7a2a10;text-align:right}
.items tr.total td.label{text-align:center}
.mono{font-family:"Courier New",monospace;color:#000}
.words{font-weight:bold}
.circle{font-weight:normal;margin-right:4px}
td.remark p{margin:2px 0}
.footer{margin-top:6px}
.negative .num,.negative .words{color:#c00}
@media print{body{padding:0}.invoice{max-width:none}}
)css";

}  // namespace

std::string invoice_json(const Invoice& invoice) {
  json document = invoice::document_to_json(invoice);
  // People's amounts next to the integer fen the document holds.
  json& items = document["items"];
  for (std::size_t i = 0; i < items.size() && i < invoice.items.size(); ++i) {
    const InvoiceItem& item = invoice.items[i];
    items[i]["unit_price"] = item.unit_price.to_string();
    items[i]["gross"] = item.gross.to_string();
    items[i]["amount"] = item.amount.to_string();
    items[i]["tax"] = item.tax.to_string();
    items[i]["tax_rate"] = rate_text(item.tax_rate_bp);
  }
  document["amount_total"] = invoice.amount_total.to_string();
  document["tax_total"] = invoice.tax_total.to_string();
  document["gross_total"] = invoice.gross_total.to_string();
  // The status: not part of the document, changes after issue.
  document["buyer_status"] = std::string(to_string(invoice.buyer_status));
  document["reversed_fen"] = invoice.reversed.fen();
  document["reversed"] = invoice.reversed.to_string();
  document["red_invoices"] = invoice.red_invoices;
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string invoice_html(const Invoice& invoice) {
  const bool red = invoice.kind == InvoiceKind::kRed;
  const std::string title = title_of(invoice.type);
  // The words the document holds; a document without them (built by hand) gets them computed.
  const std::string words = invoice.gross_in_words.empty() ? amount_in_words(invoice.gross_total)
                                                           : invoice.gross_in_words;

  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<title>" + title + (red ? "（红字）" : "") + " " + escape(invoice.number) +
          "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  html += "<div class=\"invoice" + std::string(red ? " red negative" : "") + "\">\n";

  // Title and the number and date at the top right.
  html += "<header>\n<h1>" + title + "</h1>\n";
  if (red) html += "<div class=\"red-mark\">红字</div>\n";
  html += "<div class=\"meta\"><p>发票号码：<span class=\"mono\">" + escape(invoice.number) +
          "</span></p><p>开票日期：<span class=\"value\">" + chinese_date(invoice.issued_on) +
          "</span></p></div>\n</header>\n";

  // 购买方信息 | 销售方信息.
  html += "<table class=\"frame parties\"><tr>" + party_box("购买方信息", invoice.buyer) +
          party_box("销售方信息", invoice.seller) + "</tr></table>\n";

  // The items, then 合计.
  html += "<table class=\"frame items\">\n<thead><tr><th>项目名称</th><th>规格型号</th>"
          "<th>单位</th><th>数量</th><th>单价（含税）</th><th>金额</th><th>税率/征收率</th>"
          "<th>税额</th></tr></thead>\n<tbody>\n";
  for (const InvoiceItem& item : invoice.items) {
    html += "<tr>" + cell("text", escape(item.name)) + cell("text", "") +
            cell("text", escape(item.unit_of_measure)) +
            cell("num", std::to_string(item.quantity)) +
            cell("num", item.unit_price.to_string()) + cell("num", item.amount.to_string()) +
            cell("num", rate_text(item.tax_rate_bp)) + cell("num", item.tax.to_string()) +
            "</tr>\n";
  }
  html += "</tbody>\n<tfoot><tr class=\"total\"><td class=\"label\">合计</td>"
          "<td colspan=\"4\"></td>" +
          cell("num", "¥" + invoice.amount_total.to_string()) + "<td></td>" +
          cell("num", "¥" + invoice.tax_total.to_string()) + "</tr></tfoot>\n</table>\n";

  // 价税合计, in words and in figures.
  html += "<table class=\"frame sum\"><tr><td class=\"label\">价税合计（大写）</td>"
          "<td class=\"words\"><span class=\"circle\">⊗</span>" +
          escape(words) + "</td><td class=\"label\">（小写）</td><td class=\"words num\">¥" +
          invoice.gross_total.to_string() + "</td></tr></table>\n";

  // 备注.
  html += "<table class=\"frame\"><tr><td class=\"side\">备<br>注<br></td><td class=\"remark\">" +
          remark_html(invoice) + "</td></tr></table>\n";

  html += "<div class=\"footer\">开票人：<span class=\"value\">" + escape(invoice.issued_by) +
          "</span></div>\n</div>\n</body>\n</html>\n";
  return html;
}

}  // namespace ciie
