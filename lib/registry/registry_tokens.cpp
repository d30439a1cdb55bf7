// Registry use cases for access tokens (credential.hpp, docs/access.md): creating, listing and
// revoking them, and finding the actor a secret acts as.
#include "ciie/registry.hpp"

#include "account/access_token.hpp"
#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

Status token_auth_failed() {
  return Status::refused("auth.failed", "unknown, revoked or expired token");
}

bool valid_at(const TokenInfo& token, Instant now) {
  return !token.revoked_at && (!token.expires_at || *token.expires_at > now);
}

}  // namespace

Result<IssuedToken> Registry::create_token(const Actor& actor, const TokenRequest& request) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "create tokens");
  const Actor& holder = request.for_actor;
  const Instant now = options_.clock->now();
  switch (holder.kind) {
    case ActorKind::kOrganizer:
    case ActorKind::kFinance:
      break;
    case ActorKind::kApplicant:
      return Status::refused("token.actor", "the applicant acts without a credential");
    case ActorKind::kDelegation: {
      const bool known = options_.rules.find_delegation(holder.id) != nullptr ||
                         options_.rules.find_sub_delegation(holder.id).first != nullptr;
      if (!known) {
        return Status::refused("token.actor", "no delegation or sub-delegation '" + holder.id +
                                                  "'");
      }
      break;
    }
    case ActorKind::kUnit: {
      CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(holder.id));
      if (!unit) return Status::refused("token.actor", "no unit '" + holder.id + "'");
      break;
    }
  }
  if (request.expires_at && *request.expires_at <= now) {
    return Status::refused("token.expiry", "a token's expiry must be in the future")
        .in_field("expires_at");
  }
  CIIE_ASSIGN_OR_RETURN(std::string secret, account::generate_token_secret());
  store::TokenRecord record;
  record.info.actor = holder.to_string();
  record.info.prefix = secret.substr(0, account::kTokenShownChars);
  record.info.note = request.note;
  record.info.created_at = now;
  record.info.created_by = actor.to_string();
  record.info.expires_at = request.expires_at;
  record.secret_hash = account::hash_token_secret(secret);
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    // Checked inside the transaction: two first tokens racing cannot both pass.
    CIIE_ASSIGN_OR_RETURN(const std::int64_t organizer_tokens,
                          store_->count_valid_tokens(now, "organizer"));
    if (organizer_tokens == 0 && holder.kind != ActorKind::kOrganizer) {
      return Status::refused("token.first_organizer",
                             "create the organizer's token first: it secures the store, and "
                             "without it nobody could act as the organizer any more");
    }
    CIIE_RETURN_IF_ERROR(store_->insert_token(record));
    nlohmann::json details = {{"for", record.info.actor}, {"prefix", record.info.prefix}};
    if (record.info.expires_at) details["expires_at"] = record.info.expires_at->to_utc_string();
    return audit::record(*store_, *options_.clock, actor, "token.create",
                         "token:" + std::to_string(record.info.id), details);
  }));
  return IssuedToken{record.info, std::move(secret)};
}

Result<std::vector<TokenInfo>> Registry::tokens(const Actor& actor) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "list tokens");
  return store_->list_tokens();
}

Status Registry::revoke_token(const Actor& actor, std::int64_t id) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "revoke tokens");
  const Instant now = options_.clock->now();
  return store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_token(id));
    if (!found) return Status::not_found("token.unknown", "no token " + std::to_string(id));
    if (found->info.revoked_at) return Status::ok();  // revoking twice changes nothing
    if (found->info.actor == "organizer" && valid_at(found->info, now)) {
      CIIE_ASSIGN_OR_RETURN(const std::int64_t organizer_tokens,
                            store_->count_valid_tokens(now, "organizer"));
      CIIE_ASSIGN_OR_RETURN(const std::int64_t all_tokens, store_->count_valid_tokens(now, ""));
      if (organizer_tokens == 1 && all_tokens > 1) {
        return Status::refused("token.last_organizer",
                               "this is the last organizer token of a secured store; create "
                               "another first (or revoke the other tokens)");
      }
    }
    CIIE_RETURN_IF_ERROR(store_->revoke_token(id, now));
    return audit::record(*store_, *options_.clock, actor, "token.revoke",
                         "token:" + std::to_string(id), {{"for", found->info.actor}});
  });
}

Result<Actor> Registry::authenticate_token(std::string_view secret) {
  CIIE_ASSIGN_OR_RETURN(const auto found,
                        store_->find_token_by_hash(account::hash_token_secret(secret)));
  const Instant now = options_.clock->now();
  if (!found || !valid_at(found->info, now)) return token_auth_failed();
  CIIE_ASSIGN_OR_RETURN(Actor acting, Actor::parse(found->info.actor));
  CIIE_RETURN_IF_ERROR(store_->write_transaction(
      [&]() -> Status { return store_->touch_token(found->info.id, now); }));
  return acting;
}

Result<bool> Registry::credentials_required() {
  CIIE_ASSIGN_OR_RETURN(const std::int64_t valid,
                        store_->count_valid_tokens(options_.clock->now(), ""));
  return valid > 0;
}

}  // namespace ciie
