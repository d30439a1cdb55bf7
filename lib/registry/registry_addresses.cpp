// Registry use cases for delivery addresses (ADR-1): at most five, exactly one default whenever
// any exist, mainland only (badges travel by express within the mainland).
#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

Result<Address> check_address(const AddressRequest& request, const Date& today) {
  Address address;
  address.recipient = trimmed(request.recipient);
  if (address.recipient.empty() || address.recipient.size() > 100) {
    return Status::refused("address.recipient", "a recipient's name must be 1–100 bytes")
        .in_field("recipient");
  }
  auto phone = codes::check_phone(request.phone);
  if (!phone.is_ok()) return std::move(phone).take_status().in_field("phone");
  if (!phone->mainland) {
    return Status::refused("address.mainland_only",
                           "badges are sent by express within the mainland only: give a mainland "
                           "mobile number (ADR-1)")
        .in_field("phone");
  }
  address.phone = phone->number;
  address.division = trimmed(request.division);
  const bool digits = address.division.size() == 6 &&
                      address.division.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    return Status::refused("address.division", "a division is a 6-digit GB/T 2260 code")
        .in_field("division");
  }
  const std::string province = address.division.substr(0, 2);
  if (province == "71" || province == "81" || province == "82") {
    return Status::refused("address.mainland_only",
                           "badges are sent by express within the mainland only (ADR-1)")
        .in_field("division");
  }
  if (codes::find_division(address.division).empty() ||
      !codes::division_in_use_between(address.division, today.year, today.year)) {
    return Status::refused("address.division",
                           "'" + address.division + "' is not a division in use today")
        .in_field("division");
  }
  address.division_name = codes::division_full_name(address.division);
  address.detail = trimmed(request.detail);
  if (address.detail.empty() || address.detail.size() > 300) {
    return Status::refused("address.detail", "the street address must be 1–300 bytes")
        .in_field("detail");
  }
  address.postcode = trimmed(request.postcode);
  const bool postcode_ok =
      address.postcode.empty() ||
      (address.postcode.size() == 6 &&
       address.postcode.find_first_not_of("0123456789") == std::string::npos);
  if (!postcode_ok) {
    return Status::refused("address.postcode", "a postcode is 6 digits").in_field("postcode");
  }
  return address;
}

Status unknown_address(std::int64_t id) {
  return Status::not_found("address.unknown", "no address " + std::to_string(id) + " of this unit");
}

}  // namespace

Result<Address> Registry::add_address(const Actor& actor, const std::string& account,
                                      const AddressRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "add addresses to unit " + account);
  }
  const Instant now = options_.clock->now();
  CIIE_ASSIGN_OR_RETURN(Address address, check_address(request, now.shanghai_date()));
  address.unit = account;
  address.created_at = now;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const std::vector<Address> existing, store_->list_addresses(account));
    if (existing.size() >= static_cast<std::size_t>(kMaxAddresses)) {
      return Status::refused("address.limit", "a unit keeps at most 5 delivery addresses (ADR-1)");
    }
    address.is_default = existing.empty();
    CIIE_RETURN_IF_ERROR(store_->insert_address(address));
    if (request.make_default && !address.is_default) {
      CIIE_ASSIGN_OR_RETURN(const bool moved, store_->set_default_address(account, address.id));
      if (!moved) return Status::internal("a new address vanished");
      address.is_default = true;
    }
    return audit::record(*store_, *options_.clock, actor, "address.add",
                         "unit:" + account,
                         {{"address", address.id}, {"division", address.division},
                          {"default", address.is_default}});
  }));
  return address;
}

Result<std::vector<Address>> Registry::addresses(const Actor& actor, const std::string& account,
                                                 bool reveal) {
  if (reveal && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "reveal personal data");
  }
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  (void)visible;
  CIIE_ASSIGN_OR_RETURN(std::vector<Address> list, store_->list_addresses(account));
  if (reveal) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return audit::record(*store_, *options_.clock, actor, "data.reveal", "unit:" + account,
                           {{"what", "addresses"}, {"count", list.size()}});
    }));
  } else {
    for (Address& address : list) address.phone = codes::mask_phone(address.phone);
  }
  return list;
}

Status Registry::set_default_address(const Actor& actor, const std::string& account,
                                     std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "change the addresses of unit " + account);
  }
  return store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const bool moved, store_->set_default_address(account, id));
    if (!moved) return unknown_address(id);
    return audit::record(*store_, *options_.clock, actor, "address.default", "unit:" + account,
                         {{"address", id}});
  });
}

Status Registry::remove_address(const Actor& actor, const std::string& account, std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "change the addresses of unit " + account);
  }
  return store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const std::vector<Address> before, store_->list_addresses(account));
    bool was_default = false;
    for (const Address& address : before) {
      if (address.id == id) was_default = address.is_default;
    }
    CIIE_ASSIGN_OR_RETURN(const bool removed, store_->delete_address(account, id));
    if (!removed) return unknown_address(id);
    if (was_default) {
      // ADR-1: exactly one default whenever any address exists — the oldest remaining one.
      std::int64_t oldest = 0;
      for (const Address& address : before) {
        if (address.id != id && (oldest == 0 || address.id < oldest)) oldest = address.id;
      }
      if (oldest != 0) {
        CIIE_ASSIGN_OR_RETURN(const bool moved, store_->set_default_address(account, oldest));
        if (!moved) return Status::internal("an address vanished");
      }
    }
    return audit::record(*store_, *options_.clock, actor, "address.remove", "unit:" + account,
                         {{"address", id}});
  });
}

}  // namespace ciie
