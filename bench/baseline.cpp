// Plain Tesseract through its C++ API, with the extraction a first integration would write.
// Deliberately naive: no preprocessing, no layout, no check characters (see bench/README.md).
#include "baseline.hpp"

#include <algorithm>
#include <vector>

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

namespace bench {
namespace {

bool is_code_char(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

// The page text split into lines, each with its spaces (ASCII and U+3000) removed.
std::vector<std::string> lines_without_spaces(std::string_view text) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      lines.emplace_back();
    } else if (c == ' ' || c == '\t' || c == '\r') {
      continue;
    } else if (text.substr(i, 3) == "\u3000") {
      i += 2;
    } else {
      lines.back().push_back(c);
    }
  }
  return lines;
}

// The labels of the 2016+ layout. Page segmentation 3 often glues the right-hand column's label
// and value onto a left-hand value's line ("名称某某有限公司注册资本500万元"), so a value ends at
// the next label as well as at the end of its line.
constexpr std::string_view kLabels[] = {
    "注册资本", "成员出资总额", "成立日期",   "注册日期", "营业期限", "经营范围", "住所",
    "经营场所", "类型",         "法定代表人", "经营者",   "组成形式", "登记机关"};

// The rest of the first line holding one of `labels`, up to the next label, without the colon
// or stray punctuation Tesseract often reads between a label and its value (，” “ : ：).
std::string after_label(const std::vector<std::string>& lines,
                        std::initializer_list<std::string_view> labels) {
  static constexpr std::string_view kLeading[] = {
      ":", "\uff1a", ",",      "\uff0c", ".",      "\u3002", "\u3001", "\"",
      "'", "\u201c", "\u201d", "\u2018", "\u2019", ";",      "\uff1b", "|"};
  for (const std::string& line : lines) {
    for (std::string_view label : labels) {
      const std::size_t at = line.find(label);
      if (at == std::string::npos) continue;
      std::string_view rest = std::string_view(line).substr(at + label.size());
      for (bool stripped = true; stripped;) {
        stripped = false;
        for (std::string_view p : kLeading) {
          if (rest.substr(0, p.size()) == p) {
            rest.remove_prefix(p.size());
            stripped = true;
          }
        }
      }
      std::size_t end = rest.size();
      for (std::string_view next : kLabels) end = std::min(end, rest.find(next));
      return std::string(rest.substr(0, end));
    }
  }
  return {};
}

}  // namespace

BaselineFields extract_baseline_fields(std::string_view page_text) {
  const std::vector<std::string> lines = lines_without_spaces(page_text);
  BaselineFields out;
  // The first match of [0-9A-Z]{18} (the regex a first integration writes: it also takes the
  // first 18 characters of a longer run, e.g. a code glued to letters read from the title).
  for (const std::string& line : lines) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      run = is_code_char(line[i]) ? run + 1 : 0;
      if (run == 18) {
        out.uscc = line.substr(i + 1 - 18, 18);
        break;
      }
    }
    if (!out.uscc.empty()) break;
  }
  out.name = after_label(lines, {"名称"});
  // 个体工商户 print 经营场所 for the address; even a naive integration would know both labels.
  out.address = after_label(lines, {"住所", "经营场所"});
  return out;
}

PlainTesseract::PlainTesseract(std::unique_ptr<tesseract::TessBaseAPI> api)
    : api_(std::move(api)) {}

PlainTesseract::~PlainTesseract() {
  if (api_) api_->End();
}

std::unique_ptr<PlainTesseract> PlainTesseract::create(const std::string& tessdata_path,
                                                       std::string& error) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  // Tesseract's chatter ("Invalid resolution 0 dpi") would drown the progress lines.
  api->SetVariable("debug_file", "/dev/null");
  if (api->Init(tessdata_path.empty() ? nullptr : tessdata_path.c_str(), "chi_sim+eng",
                tesseract::OEM_LSTM_ONLY) != 0) {
    error = "Tesseract could not load chi_sim+eng" +
            (tessdata_path.empty() ? std::string() : " from " + tessdata_path);
    return nullptr;
  }
  api->SetPageSegMode(tesseract::PSM_AUTO);
  return std::unique_ptr<PlainTesseract>(new PlainTesseract(std::move(api)));
}

std::optional<std::string> PlainTesseract::page_text(const std::string& path) {
  Pix* pix = pixRead(path.c_str());
  if (pix == nullptr) return std::nullopt;
  api_->SetImage(pix);
  char* text = api_->GetUTF8Text();
  pixDestroy(&pix);
  if (text == nullptr) {
    api_->Clear();
    return std::nullopt;
  }
  std::string out(text);
  delete[] text;
  api_->Clear();
  return out;
}

}  // namespace bench
