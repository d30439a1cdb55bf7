// Loading licNNNN.json truth files and the folding both sides of a comparison go through.
#include "truth.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>
#include <utf8proc.h>

namespace bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<std::string> string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  std::string value = it->get<std::string>();
  if (fold(value).empty()) return std::nullopt;
  return value;
}

bool is_white(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string without_ascii_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (!is_white(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// One side of a term: a date, or text such as 长期 / 不约定期限.
std::string canonical_term_side(std::string_view side) {
  std::string folded = canonical_date(side);
  return replace_all(std::move(folded), "長期", "长期");
}

}  // namespace

std::string fold(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (length < 0) return without_ascii_spaces(text);
  // NFKC turns U+3000 and U+00A0 into ASCII spaces, so removing ASCII white space suffices.
  std::string out = without_ascii_spaces(
      std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length)));
  std::free(mapped);
  return out;
}

std::string canonical_date(std::string_view text) {
  static const std::regex kDate(
      R"(^([0-9]{4})(?:年|-|\.|/)([0-9]{1,2})(?:月|-|\.|/)([0-9]{1,2})日?$)");
  std::string folded = fold(text);
  std::smatch m;
  if (!std::regex_match(folded, m, kDate)) return folded;
  auto two = [](const std::string& digits) { return digits.size() == 1 ? "0" + digits : digits; };
  return m[1].str() + "-" + two(m[2].str()) + "-" + two(m[3].str());
}

std::string canonical_term(std::string_view text) {
  const std::string folded = fold(text);
  std::size_t at = std::string::npos;
  std::size_t width = 0;
  for (std::string_view sep : {"至", "~", "/"}) {
    at = folded.find(sep);
    if (at != std::string::npos) {
      width = sep.size();
      break;
    }
  }
  if (at == std::string::npos) return canonical_term_side(folded);
  const std::string start = canonical_term_side(std::string_view(folded).substr(0, at));
  const std::string end = canonical_term_side(std::string_view(folded).substr(at + width));
  return start.empty() ? end : start + "/" + end;
}

bool capital_matches(std::string_view value, double wan) {
  const std::string folded = fold(value);
  if (folded.empty()) return false;
  double read = 0.0;
  const char* first = folded.data();
  const char* last = folded.data() + folded.size();
  const auto [ptr, ec] = std::from_chars(first, last, read);
  if (ec != std::errc() || ptr != last) return false;
  return std::fabs(read - wan) < 1e-6;
}

bool text_matches(std::string_view read, std::string_view truth) {
  const std::string a = fold(read);
  return !a.empty() && a == fold(truth);
}

std::vector<Truth> load_truth_dir(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());

  std::vector<Truth> out;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    json j;
    try {
      j = json::parse(in);
    } catch (const json::exception& e) {
      throw std::runtime_error(file.string() + ": " + e.what());
    }
    if (!j.is_object() || !j.contains("uscc") || !j["uscc"].is_string()) continue;

    Truth t;
    t.id = string_field(j, "id").value_or(file.stem().string());
    t.level = string_field(j, "level").value_or("unknown");
    t.uscc = fold(j["uscc"].get<std::string>());

    fs::path image;
    if (auto named = string_field(j, "image")) image = file.parent_path() / *named;
    for (const char* ext : {".jpg", ".png", ".jpeg"}) {
      if (!image.empty() && fs::exists(image)) break;
      image = file.parent_path() / (file.stem().string() + ext);
    }
    if (!fs::exists(image)) throw std::runtime_error(file.string() + ": no scan beside it");
    t.image = image.string();

    t.name = string_field(j, "name");
    t.type = string_field(j, "type");
    t.legal_rep = string_field(j, "legal_rep");
    t.address = string_field(j, "address");
    t.authority = string_field(j, "authority");
    t.established = string_field(j, "established_iso");
    t.term = string_field(j, "term");
    t.issue_date = string_field(j, "issue_date_iso");
    if (auto it = j.find("capital_wan"); it != j.end() && it->is_number()) {
      t.capital_wan = it->get<double>();
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace bench
