// Verification codes and the outbox in the SQL store.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

Result<VerificationRecord> read_verification(const Statement& stmt) {
  VerificationRecord record;
  record.id = stmt.column_int(0);
  const auto channel = parse_verify_channel(stmt.column_text(1));
  const auto purpose = parse_verify_purpose(stmt.column_text(3));
  if (!channel || !purpose) return Status::storage("store.io", "corrupt verification row");
  record.channel = *channel;
  record.destination = stmt.column_text(2);
  record.purpose = *purpose;
  record.code_hash = stmt.column_text(4);
  record.backend = stmt.column_text(5);
  CIIE_ASSIGN_OR_RETURN(record.sent_at, Instant::parse(stmt.column_text(6)));
  CIIE_ASSIGN_OR_RETURN(record.expires_at, Instant::parse(stmt.column_text(7)));
  record.attempts = static_cast<int>(stmt.column_int(8));
  CIIE_ASSIGN_OR_RETURN(record.consumed_at, optional_instant(stmt, 9));
  return record;
}

}  // namespace

Status SqlStore::insert_verification(VerificationRecord& record) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO verification (channel, destination, purpose, code_hash, backend, sent_at,
                              expires_at, attempts)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0))sql"));
  stmt.bind(1, to_string(record.channel)).bind(2, record.destination);
  stmt.bind(3, to_string(record.purpose)).bind(4, record.code_hash).bind(5, record.backend);
  stmt.bind(6, record.sent_at).bind(7, record.expires_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(record.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::optional<VerificationRecord>> SqlStore::latest_verification(
    VerifyChannel channel, const std::string& destination, VerifyPurpose purpose) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT id, channel, destination, purpose, code_hash, backend, sent_at, expires_at, attempts,
           consumed_at
      FROM verification WHERE channel = ?1 AND destination = ?2 AND purpose = ?3
     ORDER BY id DESC LIMIT 1)sql"));
  stmt.bind(1, to_string(channel)).bind(2, destination).bind(3, to_string(purpose));
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<VerificationRecord>();
  CIIE_ASSIGN_OR_RETURN(VerificationRecord record, read_verification(stmt));
  return std::optional<VerificationRecord>(std::move(record));
}

Result<std::optional<Instant>> SqlStore::last_verification_sent(VerifyChannel channel,
                                                                   const std::string& destination) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt,
      prepare("SELECT max(sent_at) FROM verification WHERE channel = ?1 AND destination = ?2"));
  stmt.bind(1, to_string(channel)).bind(2, destination);
  CIIE_RETURN_IF_ERROR(stmt.step().status());
  return optional_instant(stmt, 0);
}

Status SqlStore::update_verification(std::int64_t id, int attempts,
                                        std::optional<Instant> consumed_at) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt, prepare("UPDATE verification SET attempts = ?2, consumed_at = ?3 WHERE id = ?1"));
  stmt.bind(1, id).bind(2, attempts);
  if (consumed_at) {
    stmt.bind(3, *consumed_at);
  } else {
    stmt.bind_null(3);
  }
  return stmt.run();
}

Status SqlStore::append_outbox(const OutboxMessage& message, const std::string& backend) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO outbox (channel, destination, subject, body, backend, created_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql"));
  stmt.bind(1, message.channel).bind(2, message.destination).bind(3, message.subject);
  stmt.bind(4, message.body).bind(5, backend).bind(6, message.created_at);
  return stmt.run();
}

Result<std::vector<OutboxMessage>> SqlStore::list_outbox(const std::string& destination,
                                                            int limit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT id, channel, destination, subject, body, created_at FROM outbox
     WHERE (?1 = '' OR destination = ?1) ORDER BY id DESC LIMIT ?2)sql"));
  stmt.bind(1, destination).bind(2, limit);
  std::vector<OutboxMessage> messages;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    OutboxMessage message;
    message.id = stmt.column_int(0);
    message.channel = stmt.column_text(1);
    message.destination = stmt.column_text(2);
    message.subject = stmt.column_text(3);
    message.body = stmt.column_text(4);
    CIIE_ASSIGN_OR_RETURN(message.created_at, Instant::parse(stmt.column_text(5)));
    messages.push_back(std::move(message));
  }
  return messages;
}

}  // namespace ciie::store::sql
