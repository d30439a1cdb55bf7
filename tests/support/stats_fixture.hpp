// A small edition for the statistics and export tests, built through the Registry, whose every
// figure is counted by hand in the comments:
//   paid      Shanghai (310115) enterprise, 2 full badges ordered and paid by transfer (400.00),
//             invoiced (blue 400.00), then person 1 refunded (200.00): the blue invoice is
//             reversed at once (red −400.00, the buyer had not booked it) and re-issued for the
//             rest (blue 200.00). Approved; persons: 1 under_review, 1 draft.
//   member    Shanghai (310115) enterprise that joined industry-01 by its referral code (DEL-4);
//             registered; 1 draft person.
//   bureau    Shanghai (310104) government unit, submitted with 1 person and rejected by its
//             delegation; the person stays submitted.
//   hangzhou  Zhejiang (330106) enterprise, 2 persons (one with a free badge: 5 free places set
//             for zhejiang's full badges) submitted with
//             the unit, which was approved at once.
//   overseas  an overseas unit (no delegation, DEL-5), registered, no persons.
#pragma once

#include "support/paid_order_fixture.hpp"

namespace ciie::test {

struct StatsEdition {
  PaidOrder paid;
  std::string member;
  std::string bureau;
  std::string hangzhou;
  std::string overseas;
  Refund refund;
};

inline StatsEdition stats_edition(Registry& registry) {
  StatsEdition e;
  e.paid = paid_by_transfer(registry, 1, 1, 2);
  must(registry.request_invoice(Actor::unit(e.paid.unit), special_request(e.paid.order.number)),
       "invoice request");
  must(registry.issue_invoice(Actor::unit(e.paid.unit), e.paid.order.number), "issue");
  RefundRequest refund{
      e.paid.order.number, {e.paid.persons[0]}, "不能出席", RedReason::kServiceStopped};
  e.refund = must(registry.request_refund(Actor::unit(e.paid.unit), refund), "refund").refund;

  CreateReferralsRequest codes;
  codes.issuer = "delegation:industry-01";
  const auto code = must(registry.create_referrals(Actor::organizer(), codes), "referral");
  RegisterRequest member = enterprise(uscc_in("310115", 2), "上海某某商贸有限公司");
  member.referral_code = code.front().code;
  e.member = must(registry.register_unit(Actor::organizer(), member), "member").unit.account;
  must(registry.add_person(Actor::organizer(), e.member, person_request(11)), "member person");

  RegisterRequest bureau = enterprise(uscc_in("310104", 3), "上海市某某局");
  bureau.category = UnitCategory::kGovernment;
  e.bureau = must(registry.register_unit(Actor::organizer(), bureau), "bureau").unit.account;
  must(registry.add_person(Actor::organizer(), e.bureau, person_request(31)), "bureau person");
  must(registry.submit(Actor::organizer(), e.bureau, SubmitRequest{}), "bureau submit");
  must(registry.review_unit(Actor::delegation("shanghai"),
                            {e.bureau, Decision::kReject, "资料不全"}),
       "bureau reject");

  RegisterRequest hangzhou = enterprise(uscc_in("330106", 4), "杭州某某进出口有限公司");
  must(registry.set_quota(Actor::organizer(), "zhejiang", "", "full", 5), "quota");
  e.hangzhou = must(registry.register_unit(Actor::organizer(), hangzhou), "hangzhou").unit.account;
  must(registry.add_person(Actor::organizer(), e.hangzhou, person_request(21, "full", true)),
       "free person");
  must(registry.add_person(Actor::organizer(), e.hangzhou, person_request(22)), "person");
  must(registry.submit(Actor::organizer(), e.hangzhou, SubmitRequest{}), "hangzhou submit");

  RegisterRequest overseas;
  overseas.region = UnitRegion::kOverseas;
  overseas.category = UnitCategory::kOther;
  overseas.name = "Example Trading GmbH";
  overseas.email = "buyer@example.de";
  overseas.consent = true;
  e.overseas = must(registry.register_unit(Actor::organizer(), overseas), "overseas").unit.account;
  return e;
}

}  // namespace ciie::test
