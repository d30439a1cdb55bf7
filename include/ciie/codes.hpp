// Identifiers (domain §2): the Unified Social Credit Code and the codes embedded in it, person
// documents, phones and e-mail addresses, and how each is masked in output. Every checker first
// normalises its input (NFKC, full-width to ASCII, trim, spaces and hyphens removed, upper case),
// then refuses with a stable reason key or returns the parsed fields plus warnings.
// Thread-safety: every function here is pure and safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie::codes {

// A non-fatal finding: the value is accepted, but someone may want to look.
struct Warning {
  std::string reason;  // "uscc.unknown_category", "uscc.unknown_division", "id.unknown_division"
  std::string message;
};

// NFKC (full-width forms become ASCII), trims, removes spaces and hyphens, upper-cases ASCII.
// Invalid UTF-8 is returned unchanged apart from trimming (the checker then refuses it).
std::string normalize(std::string_view input);

// ---- Unified Social Credit Code (GB 32100-2015) -------------------------------------------

struct UsccInfo {
  std::string code;            // canonical: 18 upper-case ASCII characters
  char authority = 0;          // position 1: registration authority (9 = market regulation)
  char category = 0;           // position 2: institution category
  std::string authority_name;  // "市场监管" ("" when unknown)
  std::string category_name;   // "企业" ("" when the pair is unknown)
  std::string division;        // positions 3–8, e.g. "310115"
  std::string division_name;   // "上海市浦东新区" ("" when not in GB/T 2260)
  std::string province;        // first two digits of the division, "31"; "10" for national
  std::string org_code;        // positions 9–17 printed as GB 11714 "XXXXXXXX-X"
  std::vector<Warning> warnings;
};

// Validates a USCC. Errors (Code::kRefused): uscc.length, uscc.alphabet, uscc.region,
// uscc.org_code, uscc.checksum. Warnings: uscc.unknown_category, uscc.unknown_division.
Result<UsccInfo> check_uscc(std::string_view input);

// The GB 32100 check character for the first 17 characters of a USCC.
// REQUIRES: 17 characters from the USCC alphabet.
char uscc_check_char(std::string_view first17);

// Validates a 9-character GB 11714 organisation code ("60003734-1" or "600037341").
// Errors: org_code.length, org_code.alphabet, org_code.checksum. Returns "XXXXXXXX-X".
Result<std::string> check_org_code(std::string_view input);
// The GB 11714 check character ('0'–'9' or 'X') for 8 characters. REQUIRES: [0-9A-Z]{8}.
char org_code_check_char(std::string_view first8);

// Validates a 15-digit business registration number (GS15-2006, ISO 7064 MOD 11,10).
// Errors: regno.length, regno.format, regno.checksum. Returns the canonical 15 digits.
Result<std::string> check_registration_number(std::string_view input);

// ---- Person documents --------------------------------------------------------------------

// The document type is always given by the caller, never guessed (domain §2).
enum class DocumentKind { kCnId, kHmtResidence, kFpr, kHkMoPermit, kTwPermit, kPassport };
// "cn_id", "hmt_residence", "fpr", "hk_mo_permit", "tw_permit", "passport"; and the reverse.
std::string_view to_string(DocumentKind kind);
std::optional<DocumentKind> parse_document_kind(std::string_view text);

enum class Sex { kFemale, kMale };

struct DocumentInfo {
  DocumentKind kind = DocumentKind::kCnId;
  std::string number;  // canonical (normalised) number
  // The lifelong key for one-badge-per-person (一人一证): the number itself, except the first 9
  // characters of an HK/Macao permit and the first 8 digits of a Taiwan permit.
  std::string key;
  std::optional<Date> birth_date;  // where the number carries it
  std::optional<Sex> sex;
  std::string division;  // cn_id: the 6-digit address code; hmt_residence: 810000/820000/830000
  std::string division_name;  // from GB/T 2260 when known
  std::vector<Warning> warnings;
};

// Validates a document number of the given kind, judging birth dates against `today`
// (Asia/Shanghai). Errors: id.length, id.format, id.checksum, id.birth_date, id.region,
// id.obsolete (15-digit first-generation ID numbers). Warning: id.unknown_division (the address
// code's in-use years do not meet [birth year, today]).
Result<DocumentInfo> check_document(DocumentKind kind, std::string_view input, const Date& today);

// The ISO 7064 MOD 11-2 check character of the first 17 digits ('0'–'9' or 'X').
char mod11_2_check_char(std::string_view first17);

// ---- Contacts ----------------------------------------------------------------------------

struct PhoneInfo {
  std::string number;  // mainland: 11 digits; otherwise E.164 "+852…"
  bool mainland = true;
};
// Mainland 1[3-9]\d{9} after stripping +86/0086/86, spaces and hyphens; else E.164.
// Errors: phone.format.
Result<PhoneInfo> check_phone(std::string_view input);

// The HTML-standard "valid e-mail address", at most 254 octets (local part at most 64); the
// domain is lower-cased. Errors: email.format.
Result<std::string> check_email(std::string_view input);

// ---- Masking (domain §2) -------------------------------------------------------------------

// One rule for all three: keep a short head and tail and put a FIXED run of asterisks between
// them, so the mask hides the length too (the seed shows "440883*****2977" for an 18-digit ID).
// The input is normally the canonical value returned by the checkers; "" stays "".

// 15 or more characters keep the first 6 and the last 4: "440883199001012977" → "440883*****2977".
// 5–14 characters keep their first and last quarter (rounded down): "H12345678" → "H1*****78".
// Fewer than 5 become "*****".
std::string mask_document(std::string_view number);
// "13812345678" → "138****5678"; E.164 keeps '+', the country code and the last 4 digits:
// "+85291234567" → "+852****4567". Anything else keeps its first 3 and last 4 characters (or
// none when it has at most 7).
std::string mask_phone(std::string_view number);
// The first character of the local part, 7 asterisks, then '@' and the domain:
// "zhang.san@example.com" → "z*******@example.com".
std::string mask_email(std::string_view email);

// ---- GB/T 2260 divisions (compiled in) ----------------------------------------------------

struct Division {
  std::string_view code;        // "310115"
  std::string_view name;        // "浦东新区"
  std::string_view province;    // "上海市"
  std::string_view prefecture;  // "直辖" or the prefecture name; "" for provinces
  int level = 0;                // 1 province, 2 prefecture, 3 county
  int first_year = 0;           // year it came into use
  int last_year = 0;            // last year in use (0 = still in use)
};

// Every row of the table for a 6-digit code (a code may have been retired and reused).
std::vector<Division> find_division(std::string_view code);
// The full name "上海市浦东新区" of the newest row for a code, or "" when unknown.
std::string division_full_name(std::string_view code);
// Whether the code was in use in at least one year of [from_year, to_year].
bool division_in_use_between(std::string_view code, int from_year, int to_year);
// All prefecture-level rows in use in `year` whose code starts with `province2` (2 digits).
std::vector<Division> prefectures_in_use(std::string_view province2, int year);
// The table's version stamp, e.g. "GB/T 2260 1981–2024 (yescallop/areacodes, CC0)".
std::string_view divisions_version();

}  // namespace ciie::codes
