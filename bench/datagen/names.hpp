// Plausible Chinese and foreign names, phones and identity numbers for generated rows. Every
// draw comes from the caller's Rng; identity numbers are a function of an index, so they are
// valid (check characters from ciie/codes.hpp) and distinct by construction.
#pragma once

#include <cstdint>
#include <string>

#include "rng.hpp"

namespace ciie::datagen {

std::string person_name(Rng& rng);             // 王芳, 欧阳建华
std::string foreign_person_name(Rng& rng);     // Maria Rossi
std::string mainland_mobile(Rng& rng);         // 13812345678
std::string foreign_phone(Rng& rng);           // +4915112345678 (E.164)
std::string trade_word(Rng& rng);              // 贸易, 科技, 进出口, …
std::string brand(Rng& rng);                   // two syllables: 恒信, 华越, …
std::string foreign_company_name(Rng& rng, std::int64_t index);  // Nordic Foods 12 GmbH
std::string position(Rng& rng);                // 采购经理, …

// A valid resident id (cn_id) with address code `division` (6 digits), distinct for every
// n < 13,426,560 whatever the division: n decides the birth date (1960–1999) and the sequence.
std::string cn_id(const std::string& division, std::int64_t n);
// A passport number, [A-Z0-9]{9}, distinct for every n < 10^8.
std::string passport(std::int64_t n);
// A valid USCC: registration authority and type `kind2` ("91" enterprise, "11" government,
// "12" public institution, "51" social organisation), `division`, and an organisation code
// from `index` (distinct for index < 9 × 10^7).
std::string uscc(const std::string& kind2, const std::string& division, std::int64_t index);

}  // namespace ciie::datagen
