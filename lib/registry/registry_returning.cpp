// Registry use cases for returning candidates (RET-1): importing the previous edition's export
// and reading candidates and their past persons. Claims are in registry_claims.cpp, bringing
// persons forward in registry_bring_forward.cpp.
#include <variant>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "returning/export_row.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

std::string_view outcome_name(store::Upserted done) {
  switch (done) {
    case store::Upserted::kInserted:
      return "imported";
    case store::Upserted::kUpdated:
      return "updated";
    case store::Upserted::kUnchanged:
      break;
  }
  return "unchanged";
}

Status unknown_candidate(const std::string& account) {
  return Status::not_found("returning.unknown", "no returning candidate '" + account + "'");
}

void mask(Candidate& candidate) {
  if (!candidate.phone.empty()) candidate.phone = codes::mask_phone(candidate.phone);
  if (!candidate.email.empty()) candidate.email = codes::mask_email(candidate.email);
  for (Contact& contact : candidate.profile.contacts) {
    if (!contact.phone.empty()) contact.phone = codes::mask_phone(contact.phone);
    if (!contact.email.empty()) contact.email = codes::mask_email(contact.email);
  }
  candidate.masked = true;
}

void mask(PastPerson& person) {
  person.document_number = codes::mask_document(person.document_number);
  if (!person.phone.empty()) person.phone = codes::mask_phone(person.phone);
  person.masked = true;
}

}  // namespace

const std::vector<std::string>& Registry::returning_columns() {
  return returning::export_columns();
}

const std::vector<std::string>& Registry::returning_required_columns() {
  return returning::export_required_columns();
}

Result<BulkSummary> Registry::import_returning(const Actor& actor, RecordReader& reader,
                                               const BulkOptions& options,
                                               const std::string& file_dir,
                                               const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "import returning visitors");
  }
  const Instant now = options_.clock->now();
  const Date today = now.shanghai_date();
  // The last unit row this run stored and its edition: the person rows that follow it need no
  // lookup (an export lists a unit's persons after it). Should that row's savepoint still fail
  // after its upsert, the person rows' foreign key refuses them.
  std::string last_unit;
  int last_edition = 0;
  auto import_row = [&](const Record& record) -> Result<registry::RowResult> {
    CIIE_ASSIGN_OR_RETURN(returning::ExportRow row,
                          returning::parse_export_row(record, options_.rules, today, file_dir));
    store::Upserted done = store::Upserted::kUnchanged;
    std::string subject;
    if (const auto* unit = std::get_if<store::CandidateImport>(&row)) {
      subject = unit->candidate.account;
      CIIE_ASSIGN_OR_RETURN(done, store_->upsert_candidate(*unit, now));
      last_unit = unit->candidate.account;
      last_edition = unit->candidate.edition;
    } else {
      const auto& person = std::get<store::PastPersonImport>(row);
      subject = person.person.unit + "/" + person.person.past_id;
      std::optional<int> edition;
      if (person.person.unit == last_unit) {
        edition = last_edition;
      } else {
        CIIE_ASSIGN_OR_RETURN(edition, store_->candidate_edition(person.person.unit));
      }
      if (!edition) {
        return Status::refused("returning.unit_unknown",
                               "no unit '" + person.person.unit +
                                   "' earlier in the file or imported before")
            .at(record.line, "unit");
      }
      if (*edition != person.edition) {
        return Status::refused("returning.edition",
                               "the person's edition " + std::to_string(person.edition) +
                                   " is not its unit's (" + std::to_string(*edition) + ")")
            .at(record.line, "edition");
      }
      CIIE_ASSIGN_OR_RETURN(done, store_->upsert_past_person(person));
    }
    return registry::RowResult{std::string(outcome_name(done)), subject,
                               done != store::Upserted::kUnchanged};
  };
  // One audit entry per run, in the run's transaction, and only when it changed something:
  // the candidates keep their own imported_at / updated_at and revision.
  auto audit_run = [&](const BulkSummary& summary) -> Status {
    const auto count = [&](const char* outcome) -> std::int64_t {
      const auto found = summary.by_outcome.find(outcome);
      return found == summary.by_outcome.end() ? 0 : found->second;
    };
    if (count("imported") + count("updated") == 0) return Status::ok();
    return audit::record(*store_, *options_.clock, actor, "returning.import", "returning",
                         {{"rows", summary.rows},
                          {"imported", count("imported")},
                          {"updated", count("updated")},
                          {"unchanged", count("unchanged")},
                          {"failed", summary.failed}});
  };
  // Every refusal of a row comes before its first write (parse, check, look up; then upsert).
  return registry::apply_bulk(*store_, reader, options, on_row, import_row, {}, audit_run,
                              registry::RowIsolation::kChecksFirst);
}

Result<Candidate> Registry::candidate(const Actor& actor, const std::string& account,
                                      bool reveal) {
  const bool organizer = actor.kind == ActorKind::kOrganizer;
  if (reveal && !organizer) return registry::forbidden(actor, "reveal a returning candidate");
  CIIE_ASSIGN_OR_RETURN(auto found, store_->find_candidate(account));
  // Before a claim nobody but the organizer learns anything about a past record (RET-2).
  const bool own = found && actor.kind == ActorKind::kUnit && !found->claimed_unit.empty() &&
                   found->claimed_unit == actor.id;
  if (!organizer && !own) return registry::forbidden(actor, "read returning candidate " + account);
  if (!found) return unknown_candidate(account);
  if (reveal) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return audit::record(*store_, *options_.clock, actor, "data.reveal",
                           "returning:" + account);
    }));
  } else {
    mask(*found);
  }
  return std::move(*found);
}

Result<std::vector<Candidate>> Registry::candidates(const Actor& actor,
                                                    const CandidateFilter& filter) {
  if (actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "list returning candidates");
  }
  CIIE_ASSIGN_OR_RETURN(auto found, store_->list_candidates(filter));
  for (Candidate& candidate : found) mask(candidate);
  return found;
}

Result<std::vector<PastPerson>> Registry::past_persons(const Actor& actor,
                                                       const std::string& unit, bool reveal) {
  if (reveal && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "reveal past persons");
  }
  CIIE_ASSIGN_OR_RETURN(const Unit found, this->unit(actor, unit));
  CIIE_ASSIGN_OR_RETURN(const auto claimed, store_->find_claimed_candidate(found.account));
  if (!claimed) {
    return Status::refused("returning.not_claimed",
                           "unit " + unit +
                               " did not claim a past record: it sees no past information (RET-2)")
        .in_field("unit");
  }
  CIIE_ASSIGN_OR_RETURN(auto persons, store_->list_past_persons(claimed->account));
  if (reveal) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return audit::record(*store_, *options_.clock, actor, "data.reveal",
                           "returning:" + claimed->account, {{"persons", persons.size()}});
    }));
  } else {
    for (PastPerson& person : persons) mask(person);
  }
  return persons;
}

}  // namespace ciie
