// Person checks and the bulk person row.
#include "review/person_check.hpp"

#include <filesystem>
#include <fstream>

#include "ciie/codes.hpp"

#include "account/access_token.hpp"
#include "ocr/image_check.hpp"

namespace ciie::review {
namespace {

constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kMaxPositionBytes = 100;

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// The photo's format from its content; licence.* refusals of the shared image check become the
// person's own keys.
Result<std::string> check_photo(const Rules& rules, std::string_view bytes) {
  auto info = ocr::inspect_image(bytes, rules.registration.photo_max_bytes,
                                 rules.registration.licence_max_pixels);
  if (!info.is_ok()) {
    const Status& why = info.status();
    const bool size = why.reason() == "licence.size";
    return Status::refused(size ? "person.photo_size" : "person.photo_format",
                           size ? "the photo is larger than " +
                                      std::to_string(rules.registration.photo_max_bytes) +
                                      " bytes (or has too many pixels)"
                                : "the photo is not a PNG or JPEG image: " + why.message())
        .in_field("photo");
  }
  return std::string(info->format == ocr::ImageFormat::kPng ? "png" : "jpeg");
}

std::string text(const Record& record, const std::string& column) {
  const auto found = record.fields.find(column);
  return found == record.fields.end() ? std::string() : trimmed(found->second);
}

Status bad_value(const Record& record, const std::string& column, const std::string& why) {
  return Status::invalid_input("bulk.value", column + ": " + why).at(record.line, column);
}

}  // namespace

std::string photo_digest(std::string_view bytes) {
  return account::sha256_hex(bytes);
}

Result<Person> check_person(const Rules& rules, const PersonRequest& request, const Date& today) {
  CIIE_ASSIGN_OR_RETURN(Person person, check_person_details(rules, request, today));
  if (rules.find_badge_type(request.badge_type) == nullptr) {
    std::string known;
    for (const BadgeType& type : rules.badge_types) known += (known.empty() ? "" : ", ") + type.code;
    return Status::refused("person.badge_type",
                           "no badge type '" + request.badge_type + "' (configured: " + known + ")")
        .in_field("badge_type");
  }
  return person;
}

Result<Person> check_person_details(const Rules& rules, const PersonRequest& request,
                                    const Date& today) {
  Person person;
  person.name = trimmed(request.name);
  if (person.name.empty() || person.name.size() > kMaxNameBytes) {
    return Status::refused("person.name", "a person's name must be 1–100 bytes").in_field("name");
  }
  auto document = codes::check_document(request.document_kind, request.document_number, today);
  if (!document.is_ok()) return std::move(document).take_status().in_field("document_number");
  person.document_kind = request.document_kind;
  person.document_number = document->number;
  person.document_key = document->key;
  person.birth_date = document->birth_date;
  person.sex = document->sex;
  if (trimmed(request.phone).empty()) {
    return Status::refused("person.phone_required", "a person needs a phone for the badge")
        .in_field("phone");
  }
  auto phone = codes::check_phone(request.phone);
  if (!phone.is_ok()) return std::move(phone).take_status().in_field("phone");
  person.phone = phone->number;
  person.position = trimmed(request.position);
  if (person.position.size() > kMaxPositionBytes) {
    return Status::refused("person.name", "a position must be at most 100 bytes")
        .in_field("position");
  }
  person.badge_type = request.badge_type;
  person.free_badge = request.free_badge;
  if (!request.photo.empty()) {
    CIIE_ASSIGN_OR_RETURN(person.photo_format, check_photo(rules, request.photo));
    person.photo_sha256 = photo_digest(request.photo);
    person.has_photo = true;
  }
  return person;
}

const std::vector<std::string>& person_row_columns() {
  static const std::vector<std::string> columns{
      "name", "document_kind", "document_number", "phone", "position", "badge_type",
      "free_badge", "photo"};
  return columns;
}

const std::vector<std::string>& person_row_required_columns() {
  static const std::vector<std::string> columns{"name", "document_kind", "document_number",
                                                "phone", "badge_type"};
  return columns;
}

Result<PersonRequest> parse_person_row(const Record& record, const std::string& photo_dir,
                                       std::int64_t max_photo_bytes) {
  PersonRequest request;
  request.name = text(record, "name");
  const std::string kind = text(record, "document_kind");
  const auto parsed = codes::parse_document_kind(kind);
  if (!parsed) {
    return bad_value(record, "document_kind",
                     "'" + kind + "' is not cn_id, hmt_residence, fpr, hk_mo_permit, tw_permit or "
                                  "passport");
  }
  request.document_kind = *parsed;
  request.document_number = text(record, "document_number");
  request.phone = text(record, "phone");
  request.position = text(record, "position");
  request.badge_type = text(record, "badge_type");
  const std::string free = text(record, "free_badge");
  if (free == "true" || free == "yes" || free == "1" || free == "y") {
    request.free_badge = true;
  } else if (!(free.empty() || free == "false" || free == "no" || free == "0" || free == "n")) {
    return bad_value(record, "free_badge", "write yes or no, not '" + free + "'");
  }
  const std::string photo = text(record, "photo");
  if (!photo.empty()) {
    const std::filesystem::path relative(photo);
    bool escapes = relative.is_absolute() || relative.has_root_name();
    for (const auto& part : relative) escapes = escapes || part == "..";
    if (escapes) {
      return Status::invalid_input("person.photo_path",
                                   "a photo is named relative to the photo directory, without "
                                   "'..': '" + photo + "'")
          .at(record.line, "photo");
    }
    const std::filesystem::path path = std::filesystem::path(photo_dir) / relative;
    // A FIFO or socket is refused before it is opened (opening one without a writer blocks for
    // ever), as licence scans are (ocr/image_check.cpp); a directory fails to read below.
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (std::filesystem::is_fifo(status) || std::filesystem::is_socket(status)) {
      return Status::invalid_input("person.photo_read", "cannot read photo " + path.string() +
                                                            ": a FIFO or socket, not a file")
          .at(record.line, "photo");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status::invalid_input("person.photo_read", "cannot read photo " + path.string())
          .at(record.line, "photo");
    }
    request.photo.resize(static_cast<std::size_t>(max_photo_bytes) + 1);
    in.read(request.photo.data(), static_cast<std::streamsize>(request.photo.size()));
    request.photo.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) {
      return Status::invalid_input("person.photo_read", "cannot read photo " + path.string())
          .at(record.line, "photo");
    }
    // A file named but empty is a bad photo, not "no photo".
    if (request.photo.empty()) {
      return Status::refused("person.photo_format", "the photo " + path.string() + " is empty")
          .at(record.line, "photo");
    }
  }
  return request;
}

}  // namespace ciie::review
