// Licence OCR (REG-3): reads a business-licence scan (营业执照, 2016+ layouts) or a public-
// institution certificate (事业单位法人证书) into its fields, each with a confidence. The USCC is
// read guided by its two check characters and is never guessed. No store is needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie {

// How the reader runs ([ocr] and [registration] in ciie.toml). Plain values: the library never
// reads files or the environment for them, except the documented tessdata fallback.
struct OcrOptions {
  // The directory holding <lang>.traineddata. Empty: $TESSDATA_PREFIX, else Debian's
  // /usr/share/tesseract-ocr/5/tessdata.
  std::string tessdata_path;
  // The language packs to load, '+'-separated. The Chinese fields are read with every pack but
  // `eng` (chi_sim alone is twice as fast as chi_sim+eng and reads short Chinese values better);
  // the code line is read with `eng` and the 31 code characters. Both kinds are required.
  std::string languages = "chi_sim+eng";
  // Red-channel grey (hides the red seal), contrast normalisation and deskew before recognition.
  // Off only to measure what they are worth.
  bool preprocess = true;
  // REG-3 limits, checked on the encoded file before anything is decoded: the accepted formats
  // ("png", "jpeg"; by magic bytes, never by file name), the size and the pixel count.
  std::vector<std::string> formats{"png", "jpeg"};
  std::int64_t max_bytes = 2 * 1024 * 1024;
  std::int64_t max_pixels = 40'000'000;
};

// What kind of document the scan shows.
enum class LicenceKind {
  kBusinessLicence,         // 营业执照
  kInstitutionCertificate,  // 事业单位法人证书
  kUnknown,                 // neither title was found; fields are still read
};
std::string_view to_string(LicenceKind kind);

// How the USCC was obtained (see docs/ocr.md). Only kAsRead and kConfirmed should be accepted
// without asking the user; a kCorrected code is shown to the user to confirm.
enum class UsccSource {
  kAsRead,     // read exactly as printed, both checks pass
  kConfirmed,  // two independent passes gave the same code
  kCorrected,  // undoing a known OCR confusion gave the only valid code
};
std::string_view to_string(UsccSource source);

// One extracted field. `value` is normalised (ISO dates, capital in 万元, NFKC folding but with
// brackets as licences print them, full-width （）; no spaces);
// `raw` is the text as read. An absent field has found == false and empty strings.
struct LicenceField {
  bool found = false;
  std::string value;
  std::string raw;
  double confidence = 0.0;  // 0–1: the recogniser's word confidences, lowered by failed checks
};

// The fields of one licence, named as on the 2016+ 营业执照; 个体工商户 print 经营者 (legal_rep),
// 经营场所 (address) and 注册日期 (established); cooperatives 成员出资总额 (registered_capital).
struct LicenceReading {
  LicenceKind kind = LicenceKind::kUnknown;
  std::string uscc;  // always passes codes::check_uscc
  UsccSource uscc_source = UsccSource::kAsRead;
  int uscc_corrections = 0;  // characters changed from what was read
  double uscc_confidence = 0.0;
  LicenceField name;                // 名称
  LicenceField type;                // 类型
  LicenceField legal_rep;           // 法定代表人 / 经营者 / 负责人
  LicenceField registered_capital;  // 注册资本: value "500" (万元); see capital_currency
  std::string capital_currency;     // 人民币, 美元, …; empty when not printed or not read
  LicenceField established;         // 成立日期: value "2017-05-10"
  LicenceField term;        // 营业期限: value "2017-05-10/长期" or "2003-01-10/2033-01-09"
  LicenceField address;     // 住所 / 经营场所
  LicenceField authority;   // 登记机关: printed only in the seal; not read yet (docs/ocr.md)
  LicenceField issue_date;  // the registration date under 登记机关: "2024-01-24"
  double seconds = 0.0;     // wall time spent on this scan
};

// The names of the fields above, in this order, as used in JSON and by licence.mismatch:
// uscc, name, type, legal_rep, registered_capital, established, term, address, authority,
// issue_date.
const std::vector<std::string>& licence_field_names();
// The field called `name` (not uscc), or nullptr.
const LicenceField* licence_field(const LicenceReading& reading, std::string_view name);

// Reads a scan held in memory. Runs on the calling thread with that thread's Tesseract handles
// (created on the first call and reused; each thread has its own), so calls from several threads
// run in parallel.
// Errors: licence.size, licence.format (REG-3 checks, before decoding; a format not in
// options.formats is licence.format too); licence.unreadable (no
// USCC passes both checks, or more than one does); ocr.language (a configured pack is missing,
// Code::kExternal); ocr.engine (Tesseract failed, Code::kExternal).
Result<LicenceReading> read_licence(std::string_view image_bytes, const OcrOptions& options);
// The same on a file; a file that cannot be read is licence.read (Code::kInvalidInput).
Result<LicenceReading> read_licence_file(const std::string& path, const OcrOptions& options);

}  // namespace ciie
