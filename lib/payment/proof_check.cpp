// Remittance proofs (PAY-3): the format from the first bytes, never from a file name, and a size
// bound so that a proof cannot fill the store.
#include "payment/proof_check.hpp"

#include <string>
#include <string_view>

namespace ciie::payment {
namespace {

constexpr std::string_view kPngMagic = "\x89PNG\r\n\x1a\n";
constexpr std::string_view kJpegMagic = "\xFF\xD8\xFF";
constexpr std::string_view kPdfMagic = "%PDF-";

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

}  // namespace

Result<std::string> check_proof(std::string_view bytes, std::int64_t max_bytes) {
  if (bytes.empty()) return Status::invalid_input("payment.proof_format", "the proof is empty");
  if (max_bytes < 0 || bytes.size() > static_cast<std::uint64_t>(max_bytes)) {
    return Status::invalid_input("payment.proof_size", "the proof has " +
                                                           std::to_string(bytes.size()) +
                                                           " bytes, more than the " +
                                                           std::to_string(max_bytes) + " allowed")
        .with_detail("max_bytes", std::to_string(max_bytes));
  }
  if (starts_with(bytes, kPngMagic)) return std::string("png");
  if (starts_with(bytes, kJpegMagic)) return std::string("jpeg");
  if (starts_with(bytes, kPdfMagic)) return std::string("pdf");
  return Status::invalid_input("payment.proof_format",
                               "the proof is not a PNG, JPEG or PDF file (by its content)");
}

}  // namespace ciie::payment
