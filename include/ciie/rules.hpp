// Rules: the edition's configuration as plain values. The CLI reads `ciie.toml` into a Rules;
// an embedder may build one in code. The library never reads a file or the environment itself.
// Rules::seventh_edition() is the built-in default (7th CIIE, 2024), used when there is no file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ciie/money.hpp"
#include "ciie/time.hpp"

namespace ciie {

// A unit's region (REG-1).
enum class UnitRegion { kMainland, kHkMoTw, kOverseas };
// A unit's category (REG-1). Mainland: enterprise, government, public_institution, social_org;
// overseas and HK/Macao/Taiwan: enterprise, government, social_org, other.
enum class UnitCategory { kEnterprise, kGovernment, kPublicInstitution, kSocialOrg, kOther };

// "mainland" / "hk_mo_tw" / "overseas", and the reverse (nullopt when unknown).
std::string_view to_string(UnitRegion region);
std::optional<UnitRegion> parse_unit_region(std::string_view text);
// "enterprise" / "government" / "public_institution" / "social_org" / "other", and the reverse.
std::string_view to_string(UnitCategory category);
std::optional<UnitCategory> parse_unit_category(std::string_view text);
// Whether a category exists for a region (public_institution is mainland only, other is not).
bool category_allowed(UnitRegion region, UnitCategory category);

// What a delegation is (domain §4). Local delegations (province, plan_city, xpcc) take units by
// registration place; central and nhc by affiliation; industry only through their referral codes.
enum class DelegationKind { kProvince, kPlanCity, kXpcc, kCentral, kNhc, kIndustry };
std::string_view to_string(DelegationKind kind);
std::optional<DelegationKind> parse_delegation_kind(std::string_view text);

// A sub-delegation (分团) of a delegation.
struct SubDelegation {
  std::string slug;     // unique across all delegations, e.g. "anhui-hefei", "ce-sinopec"
  std::string name_zh;  // 合肥分团
  std::string name_en;
  // Division-code prefixes (2–6 digits) of units that belong here by registration place; empty
  // for sub-delegations joined by affiliation (a central enterprise's group, a provincial SOE
  // sub-delegation). The longest matching prefix wins.
  std::vector<std::string> region_prefixes;
  // Free badge places per badge type code (BDG-2); a missing type means 0.
  std::map<std::string, std::int64_t> free_quota;

  friend bool operator==(const SubDelegation&, const SubDelegation&) = default;
};

// A trading delegation (交易团).
struct Delegation {
  std::string slug;  // "shanghai", "dalian", "central-enterprises", "industry-01"
  std::string name_zh;
  std::string name_en;
  DelegationKind kind = DelegationKind::kProvince;
  // Division-code prefixes that route a unit here by registration place (DEL-3): "31" for a
  // province, "2102" for Dalian; "6590" for the XPCC (a hint only). Empty for central, nhc and
  // industry delegations.
  std::vector<std::string> region_prefixes;
  std::vector<SubDelegation> sub_delegations;
  std::map<std::string, std::int64_t> free_quota;  // per badge type code (BDG-2)

  friend bool operator==(const Delegation&, const Delegation&) = default;
};

// A badge type (BDG-1).
struct BadgeType {
  std::string code;  // "full"
  std::string name_zh;
  std::string name_en;
  Date valid_from;
  Date valid_to;
  Money fee;
  bool reusable = false;  // may be reused in a later edition (BDG-3)

  friend bool operator==(const BadgeType&, const BadgeType&) = default;
};

// An exhibition area and its category codes (REG-6, MATCH-1).
struct Area {
  std::string slug;  // "food-agri"
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> categories;

  friend bool operator==(const Area&, const Area&) = default;
};

struct EditionRules {
  int number = 7;
  int year = 2024;
  std::string name_zh = "第七届中国国际进口博览会";
  std::string name_en = "7th China International Import Expo";
  std::string venue = "National Exhibition and Convention Center (Shanghai)";
  Date expo_start{2024, 11, 5};
  Date expo_end{2024, 11, 10};
  std::vector<Date> public_days{{2024, 11, 9}, {2024, 11, 10}};

  friend bool operator==(const EditionRules&, const EditionRules&) = default;
};

struct RegistrationRules {
  Instant opens_at;
  Instant closes_at;
  // Categories approved automatically on submission when every check passes (REV-1).
  std::vector<UnitCategory> auto_approved{UnitCategory::kEnterprise,
                                          UnitCategory::kPublicInstitution};
  std::vector<std::string> licence_formats{"png", "jpeg"};
  std::int64_t licence_max_bytes = 2 * 1024 * 1024;  // REG-3
  std::int64_t licence_max_pixels = 40'000'000;      // REG-3: decompression bombs refused
  // Person photos (证件照): PNG or JPEG by content, at most this many bytes.
  std::int64_t photo_max_bytes = 1024 * 1024;
  int password_min_length = 8;                       // REG-4
  // USCCs that fail the check but are real (pre-2016 Xiamen codes, domain §2); they register
  // and always go to manual review.
  std::vector<std::string> uscc_allowlist;

  friend bool operator==(const RegistrationRules&, const RegistrationRules&) = default;
};

struct VerificationRules {
  int code_length = 6;
  std::int64_t lifetime_seconds = 300;
  int max_attempts = 5;
  std::int64_t resend_interval_seconds = 60;

  friend bool operator==(const VerificationRules&, const VerificationRules&) = default;
};

struct OrderRules {
  std::string prefix = "V";
  std::int64_t unpaid_expiry_seconds = 72 * 3600;
  Instant payment_deadline;

  friend bool operator==(const OrderRules&, const OrderRules&) = default;
};

// A payment gateway endpoint (PAY-1, PAY-2). The secret is resolved by the caller (the CLI reads
// it from the environment or a file named in config); it is never stored or printed.
struct GatewayRules {
  std::string name;         // "alipay", "wechat", "unionpay", "b2b"
  std::string base_url;     // https://…
  std::string secret;       // HMAC-SHA256 key for notices; empty when not configured
  std::string secret_env;   // where the CLI found it (for `config show`), may be empty
  std::string secret_file;  // likewise

  friend bool operator==(const GatewayRules&, const GatewayRules&) = default;
};

struct PaymentRules {
  std::vector<GatewayRules> gateways;
  std::int64_t timeout_ms = 10'000;
  int retries = 3;
  std::int64_t retry_backoff_ms = 500;
  std::int64_t notice_max_age_seconds = 300;  // PAY-2 freshness
  // The account shown to payers who pay by transfer (PAY-3).
  std::string transfer_account_name = "中国国际进口博览局";
  std::string transfer_bank = "";
  std::string transfer_account_number = "";

  friend bool operator==(const PaymentRules&, const PaymentRules&) = default;
};

struct SellerRules {
  std::string name = "中国国际进口博览局";
  std::string taxpayer_id = "";
  std::string address = "";
  std::string phone = "";
  std::string bank = "";
  std::string account = "";

  friend bool operator==(const SellerRules&, const SellerRules&) = default;
};

struct InvoiceRules {
  SellerRules seller;
  std::string region_code = "31";  // tax-bureau region, 2 digits (INV-5)
  int channel_digit = 0;
  Instant request_deadline;  // INV-4: 12-31 23:59:59 of the edition year
  // Value-added-tax rate in basis points (600 = 6 %), applied to the tax-inclusive total.
  int tax_rate_bp = 600;
  // 项目名称 of a badge line: the tax classification in asterisks, then the item.
  std::string item_name = "*会展服务*进博会专业观众证件费";
  // The invoice platform that numbers and keeps documents: "local" (docs/invoice.md).
  std::string platform = "local";

  friend bool operator==(const InvoiceRules&, const InvoiceRules&) = default;
};

struct RefundRules {
  Instant deadline;
  // Badge states in which a paid person may still be refunded (RFD-1).
  std::vector<std::string> allowed_states{"submitted", "under_review"};

  friend bool operator==(const RefundRules&, const RefundRules&) = default;
};

// Verification-code delivery (REG-5): outbox (stored in the database), http (an SMS gateway) or
// smtp (e-mail).
struct NotifyRules {
  std::string sms_backend = "outbox";    // outbox | http
  std::string email_backend = "outbox";  // outbox | smtp
  std::string http_url;
  std::string http_auth_header;  // resolved secret, e.g. "Authorization: Bearer …"
  std::string http_auth_env;     // where the CLI found it (for `config show`), may be empty
  std::string http_auth_file;    // likewise: a file outside the repository
  std::int64_t http_timeout_ms = 5'000;
  int http_retries = 3;
  std::int64_t http_retry_backoff_ms = 200;
  std::string smtp_url;  // smtp://host:port or smtps://…
  std::string smtp_user;
  std::string smtp_password;       // resolved secret
  std::string smtp_password_env;   // where the CLI found it, may be empty
  std::string smtp_password_file;  // likewise
  std::string smtp_from;           // "noreply@ciie.org" or "CIIE <noreply@ciie.org>"
  // Per attempt: connect, SMTP dialogue and upload together. Transient failures (no connection,
  // timeout, a 4xx reply) are retried like http, waiting smtp_retry_backoff_ms × 2^attempt.
  std::int64_t smtp_timeout_ms = 10'000;
  int smtp_retries = 2;
  std::int64_t smtp_retry_backoff_ms = 500;

  friend bool operator==(const NotifyRules&, const NotifyRules&) = default;
};

struct CouponRules {
  std::string code = "badge-20";
  std::int64_t cost_points = 1000;
  Money value = Money::from_fen(2000);
  int max_per_unit_per_edition = 1;

  friend bool operator==(const CouponRules&, const CouponRules&) = default;
};

struct PointsRules {
  std::int64_t register_approved = 100;
  std::int64_t invite_approved = 50;
  std::int64_t invite_cap = 20;
  std::int64_t publish_need = 20;
  std::int64_t attend = 200;
  std::int64_t deal_per_10k_yuan = 10;
  std::vector<CouponRules> coupons{CouponRules{}};

  friend bool operator==(const PointsRules&, const PointsRules&) = default;
};

// [ocr]: how licence scans are read (REG-3); the CLI turns these and the [registration] licence
// limits into an OcrOptions (ocr.hpp).
struct OcrRules {
  std::string tessdata_path;  // empty: $TESSDATA_PREFIX, else Debian's tessdata
  std::string languages = "chi_sim+eng";
  bool preprocess = true;  // grey, contrast, binarisation, deskew
  int threads = 0;         // worker threads of `ciie ocr`; 0 = one per core

  friend bool operator==(const OcrRules&, const OcrRules&) = default;
};

// The whole configuration. Copyable; a Registry keeps its own copy.
struct Rules {
  EditionRules edition;
  RegistrationRules registration;
  VerificationRules verification;
  std::vector<BadgeType> badge_types;
  std::vector<Delegation> delegations;
  OrderRules order;
  PaymentRules payment;
  InvoiceRules invoice;
  RefundRules refund;
  NotifyRules notify;
  PointsRules points;
  OcrRules ocr;
  std::vector<Area> areas;

  // The built-in defaults for the 7th edition (2024): 43 delegations, two badge types, six areas.
  static Rules seventh_edition();

  // Looks up by slug / code; nullptr when absent.
  const Delegation* find_delegation(std::string_view slug) const;
  // The delegation that owns a sub-delegation slug, and the sub itself; {nullptr,nullptr} if none.
  std::pair<const Delegation*, const SubDelegation*> find_sub_delegation(
      std::string_view slug) const;
  const BadgeType* find_badge_type(std::string_view code) const;

  // Cross-field validation: unique slugs and codes, prefixes of digits, dates in order, …
  // Returns the first problem. Errors: config.invalid, with the offending dotted key in field()
  // ("delegation[3].region_prefixes", 0-based indexes as in ciie.toml order) and line 0.
  Status validate() const;
  // Every problem validate() would find, in a stable order (empty when valid).
  std::vector<Status> validate_all() const;

  friend bool operator==(const Rules&, const Rules&) = default;
};

}  // namespace ciie
