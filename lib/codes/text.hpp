// Text helpers behind normalize(): Unicode NFKC through utf8proc and ASCII trimming. E-mail
// checking uses them directly because it must keep hyphens and the case of the local part.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ciie::codes::detail {

// NFKC of UTF-8 text (full-width forms become ASCII, U+3000 becomes a space), or nullopt when
// the input is not valid UTF-8.
std::optional<std::string> nfkc(std::string_view input);

// `text` without leading and trailing ASCII whitespace.
std::string_view trim_ascii(std::string_view text);

}  // namespace ciie::codes::detail
