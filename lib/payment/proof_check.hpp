// The remittance proof of a transfer (PAY-3): PNG, JPEG or PDF by content, bounded in size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie::payment {

// "png", "jpeg" or "pdf" from the magic bytes. Errors: payment.proof_format (kInvalidInput: empty
// or any other content), payment.proof_size (kInvalidInput: more than max_bytes).
Result<std::string> check_proof(std::string_view bytes, std::int64_t max_bytes);

}  // namespace ciie::payment
