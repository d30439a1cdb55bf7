// The stable text names of the OCR values (what `ciie ocr --json`, licence.mismatch and scripts
// use): the document kinds, the USCC sources and the field names, each from one table.
#include <array>
#include <utility>

#include "ciie/ocr.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

constexpr core::NameTable<LicenceKind, 3> kKindNames = {{
    {LicenceKind::kBusinessLicence, "business_licence"},
    {LicenceKind::kInstitutionCertificate, "institution_certificate"},
    {LicenceKind::kUnknown, "unknown"},
}};

constexpr core::NameTable<UsccSource, 3> kSourceNames = {{
    {UsccSource::kAsRead, "as_read"},
    {UsccSource::kConfirmed, "confirmed"},
    {UsccSource::kCorrected, "corrected"},
}};

// The fields after the USCC, in LicenceReading's order.
constexpr std::array<std::pair<std::string_view, LicenceField LicenceReading::*>, 9> kFields = {{
    {"name", &LicenceReading::name},
    {"type", &LicenceReading::type},
    {"legal_rep", &LicenceReading::legal_rep},
    {"registered_capital", &LicenceReading::registered_capital},
    {"established", &LicenceReading::established},
    {"term", &LicenceReading::term},
    {"address", &LicenceReading::address},
    {"authority", &LicenceReading::authority},
    {"issue_date", &LicenceReading::issue_date},
}};

}  // namespace

std::string_view to_string(LicenceKind kind) { return core::name_of(kKindNames, kind); }

std::string_view to_string(UsccSource source) { return core::name_of(kSourceNames, source); }

const std::vector<std::string>& licence_field_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out{"uscc"};
    for (const auto& [name, member] : kFields) out.emplace_back(name);
    return out;
  }();
  return names;
}

const LicenceField* licence_field(const LicenceReading& reading, std::string_view name) {
  for (const auto& [field_name, member] : kFields) {
    if (field_name == name) return &(reading.*member);
  }
  return nullptr;
}

}  // namespace ciie
