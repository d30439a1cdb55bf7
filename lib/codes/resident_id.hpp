// The person documents that carry an 18-character GB 11643 number (birth date, sequence, MOD 11-2
// check): the mainland citizen ID, the HK/Macao/Taiwan residence permit and the 2023 foreign
// permanent-resident card. check_document() in person_document.cpp dispatches here.
#pragma once

#include <string>

#include "ciie/codes.hpp"

namespace ciie::codes::detail {

// Each takes the normalised number. Errors as documented for check_document().
Result<DocumentInfo> check_cn_id(std::string number, const Date& today);
Result<DocumentInfo> check_hmt_residence(std::string number, const Date& today);
Result<DocumentInfo> check_fpr(std::string number, const Date& today);

// Whether a 3-digit number is an ISO 3166-1 numeric country code (GB/T 2659 uses the same).
bool is_nationality_code(int numeric);

}  // namespace ciie::codes::detail
