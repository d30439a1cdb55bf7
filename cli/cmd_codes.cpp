// `ciie codes check KIND VALUE…`: validate identifiers and explain them (domain §2).
#include <algorithm>

#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"

namespace ciie::cli {
namespace {

struct CodesArgs {
  std::string kind;
  std::vector<std::string> values;
};

constexpr const char* kKinds =
    "uscc, org_code, regno, cn_id, hmt_residence, fpr, hk_mo_permit, tw_permit, passport, phone, "
    "email";

nlohmann::json warnings_json(const std::vector<codes::Warning>& warnings) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& w : warnings) list.push_back({{"reason", w.reason}, {"message", w.message}});
  return list;
}

// Checks one value; fills `fields` (the parsed fields, personal numbers masked) and `summary`.
Status check_one(const std::string& kind, const std::string& value, const Date& today,
                 nlohmann::json& fields, std::string& summary) {
  if (kind == "uscc") {
    auto info = codes::check_uscc(value);
    if (!info.is_ok()) return info.status();
    fields = {{"code", info->code},
              {"authority", std::string(1, info->authority)},
              {"authority_name", info->authority_name},
              {"category", std::string(1, info->category)},
              {"category_name", info->category_name},
              {"division", info->division},
              {"division_name", info->division_name},
              {"province", info->province},
              {"org_code", info->org_code},
              {"warnings", warnings_json(info->warnings)}};
    const std::string pair =
        info->category_name.empty()
            ? std::string{info->authority, info->category} + " (unknown category)"
            : info->authority_name + "/" + info->category_name;
    summary = info->code + " " + pair + ", " + info->division +
              (info->division_name.empty() ? "" : " " + info->division_name) + ", org code " +
              info->org_code;
    for (const auto& w : info->warnings) summary += "\n    warning " + w.reason + ": " + w.message;
    return Status::ok();
  }
  if (kind == "org_code") {
    auto code = codes::check_org_code(value);
    if (!code.is_ok()) return code.status();
    fields = {{"code", *code}};
    summary = *code;
    return Status::ok();
  }
  if (kind == "regno") {
    auto number = codes::check_registration_number(value);
    if (!number.is_ok()) return number.status();
    fields = {{"number", *number}};
    summary = *number;
    return Status::ok();
  }
  if (kind == "phone") {
    auto phone = codes::check_phone(value);
    if (!phone.is_ok()) return phone.status();
    fields = {{"number", codes::mask_phone(phone->number)}, {"mainland", phone->mainland}};
    summary =
        codes::mask_phone(phone->number) + (phone->mainland ? " (mainland)" : " (international)");
    return Status::ok();
  }
  if (kind == "email") {
    auto email = codes::check_email(value);
    if (!email.is_ok()) return email.status();
    fields = {{"address", codes::mask_email(*email)}};
    summary = codes::mask_email(*email);
    return Status::ok();
  }
  const auto document_kind = codes::parse_document_kind(kind);
  if (!document_kind) {
    return Status::invalid_input("usage", "unknown kind '" + kind + "' (one of " + kKinds + ")");
  }
  auto info = codes::check_document(*document_kind, value, today);
  if (!info.is_ok()) return info.status();
  fields = {{"kind", std::string(codes::to_string(info->kind))},
            {"number", codes::mask_document(info->number)},
            {"key", codes::mask_document(info->key)},
            {"warnings", warnings_json(info->warnings)}};
  summary = codes::mask_document(info->number);
  if (info->birth_date) {
    fields["birth_date"] = info->birth_date->to_string();
    summary += ", born " + info->birth_date->to_string();
  }
  if (info->sex) {
    const char* sex = *info->sex == codes::Sex::kMale ? "male" : "female";
    fields["sex"] = sex;
    summary += std::string(", ") + sex;
  }
  if (!info->division.empty()) {
    fields["division"] = info->division;
    fields["division_name"] = info->division_name;
    summary +=
        ", " + info->division + (info->division_name.empty() ? "" : " " + info->division_name);
  }
  for (const auto& w : info->warnings) summary += "\n    warning " + w.reason + ": " + w.message;
  return Status::ok();
}

// How a refused input is echoed: personal numbers and phones masked, unit codes as typed.
std::string shown_input(const std::string& kind, const std::string& value) {
  if (kind == "uscc" || kind == "org_code" || kind == "regno") return value;
  if (kind == "phone") return codes::mask_phone(value);
  if (kind == "email") return codes::mask_email(value);
  return codes::mask_document(value);
}

int run_check(Context& ctx, const CodesArgs& args) {
  auto clock = ctx.clock();
  if (!clock.is_ok()) return ctx.fail(clock.status());
  const Date today = (*clock)->now().shanghai_date();
  int exit_code = kExitOk;
  nlohmann::json results = nlohmann::json::array();
  for (const std::string& value : args.values) {
    nlohmann::json fields;
    std::string summary;
    const Status status = check_one(args.kind, value, today, fields, summary);
    if (status.code() == Code::kInvalidInput && status.reason() == "usage") return ctx.fail(status);
    if (status.is_ok()) {
      results.push_back(
          {{"input", shown_input(args.kind, value)}, {"ok", true}, {"fields", fields}});
      ctx.out().text("ok       " + summary + "\n");
    } else {
      exit_code = std::max(exit_code, exit_status(status.code()));
      results.push_back({{"input", shown_input(args.kind, value)},
                         {"ok", false},
                         {"error", Output::error_json(status)}});
      ctx.out().text("refused  " + shown_input(args.kind, value) + "  " + status.reason() + ": " +
                     status.message() + "\n");
    }
  }
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", exit_code == kExitOk}, {"kind", args.kind}, {"results", results}});
  }
  return exit_code;
}

}  // namespace

void setup_codes(CLI::App& app, Context& ctx) {
  CLI::App* codes_cmd = app.add_subcommand("codes", "validate and explain identifiers");
  codes_cmd->require_subcommand(1);
  auto args = std::make_shared<CodesArgs>();
  CLI::App* check = codes_cmd->add_subcommand("check", "validate USCCs, ID numbers, phones, …");
  check->add_option("KIND", args->kind, std::string("one of ") + kKinds)->required();
  check->add_option("VALUE", args->values, "the values to check")->required()->expected(1, -1);
  check->footer(
      "Exit 0 when every value is valid, 1 when any is refused.\n"
      "Examples:\n"
      "  ciie codes check uscc 91310115591693856A 91110000600037341N\n"
      "  ciie --json codes check cn_id 11010519491231002X");
  check->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_check(ctx, *args); }); });
}

}  // namespace ciie::cli
