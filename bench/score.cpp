// Scoring one scan: each pipeline's USCC outcome and each field's match against the truth.
#include "score.hpp"

namespace bench {
namespace {

std::optional<bool> score_field(std::string_view field, const FieldScore& read, const Truth& t) {
  auto text = [&](const std::optional<std::string>& truth) -> std::optional<bool> {
    if (!truth) return std::nullopt;
    return read.found && text_matches(read.value, *truth);
  };
  if (field == "name") return text(t.name);
  if (field == "type") return text(t.type);
  if (field == "legal_rep") return text(t.legal_rep);
  if (field == "address") return text(t.address);
  if (field == "authority") return text(t.authority);
  if (field == "registered_capital") {
    if (!t.capital_wan) return std::nullopt;
    return read.found && capital_matches(read.value, *t.capital_wan);
  }
  if (field == "established" || field == "issue_date") {
    const auto& truth = field == "established" ? t.established : t.issue_date;
    if (!truth) return std::nullopt;
    return read.found && canonical_date(read.value) == canonical_date(*truth);
  }
  if (field == "term") {
    if (!t.term) return std::nullopt;
    return read.found && canonical_term(read.value) == canonical_term(*t.term);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(UsccOutcome outcome) {
  switch (outcome) {
    case UsccOutcome::kExact:
      return "exact";
    case UsccOutcome::kWrong:
      return "wrong";
    case UsccOutcome::kRefused:
      return "refused";
  }
  return "?";
}

void score(ImageRow& row) {
  const Truth& t = row.truth;
  if (!row.ours.ok) {
    row.ours_uscc = UsccOutcome::kRefused;
  } else {
    row.ours_uscc = fold(row.ours.uscc) == t.uscc ? UsccOutcome::kExact : UsccOutcome::kWrong;
  }
  for (std::string_view field : kOurFields) {
    FieldScore& f = row.ours.fields[std::string(field)];
    f.match = score_field(field, f, t);
  }
  if (row.baseline.ran) {
    const BaselineFields& b = row.baseline.fields;
    if (b.uscc.empty()) {
      row.baseline_uscc = UsccOutcome::kRefused;
    } else {
      row.baseline_uscc = fold(b.uscc) == t.uscc ? UsccOutcome::kExact : UsccOutcome::kWrong;
    }
    if (t.name) row.baseline.name_match = text_matches(b.name, *t.name);
    if (t.address) row.baseline.address_match = text_matches(b.address, *t.address);
  }
}

}  // namespace bench
