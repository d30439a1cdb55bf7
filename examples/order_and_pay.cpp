// Embedding libciie: an approved unit orders its badges, pays by bank transfer, and gets its
// invoice. Finance imports the bank's statement, whose line names the order in its remark; the
// payment fixes the invoice title to the payer (INV-3), so another title is refused.
#include <cstdio>
#include <sstream>
#include <string>
#include <utility>

#include <ciie/ciie.hpp>

namespace {

int fail(const char* step, const ciie::Status& status) {
  std::fprintf(stderr, "%s: %s\n", step, status.to_string().c_str());
  return 1;
}

}  // namespace

int main() {
  // An in-memory store (one connection, gone at exit) is enough for a single-threaded program.
  ciie::Options options;
  options.store_uri = "sqlite::memory:";
  options.clock = std::make_shared<ciie::FixedClock>(
      ciie::Instant::parse("2024-06-03T10:00:00+08:00").value());
  auto opened = ciie::Registry::open(options);
  if (!opened.is_ok()) return fail("open", opened.status());
  ciie::Registry& registry = **opened;
  if (auto init = registry.init(ciie::Actor::organizer()); !init.is_ok()) {
    return fail("init", init.status());
  }

  // As in register_and_submit.cpp: an enterprise with two attendees, approved on submission.
  ciie::RegisterRequest request;
  request.uscc = "91310115591693856A";
  request.name = "上海示例国际贸易有限公司";
  request.phone = "13812345678";
  request.consent = true;
  auto registered = registry.register_unit(ciie::Actor::organizer(), request);
  if (!registered.is_ok()) return fail("register", registered.status());
  const std::string account = registered->unit.account;
  const ciie::Actor self = ciie::Actor::unit(account);
  for (const auto& [name, document] : {std::pair{"林晓峰", "11010519491231002X"},
                                        std::pair{"周敏", "320102198804150020"}}) {
    ciie::PersonRequest person;
    person.name = name;
    person.document_number = document;
    person.phone = "13900001235";
    person.badge_type = "full";
    if (auto added = registry.add_person(self, account, person); !added.is_ok()) {
      return fail("add_person", added.status());
    }
  }
  if (auto s = registry.submit(self, account, ciie::SubmitRequest{}); !s.is_ok()) {
    return fail("submit", s.status());
  }

  // The order prices every person awaiting payment from the badge fees (ORD-1..3). Passing the
  // total the unit was shown makes a price change a refusal (order.total_changed), not a surprise.
  ciie::OrderRequest order_request;
  order_request.expect_total = ciie::Money::from_fen(40000);
  auto order = registry.create_order(self, account, order_request);
  if (!order.is_ok()) return fail("create_order", order.status());
  std::printf("order %s: %zu badges, %s yuan, %s\n", order->number.c_str(), order->lines.size(),
              order->total.to_string().c_str(), std::string(ciie::to_string(order->state)).c_str());

  // Paying by transfer: the library names the account to pay into; the remark carries the order
  // number, which is how the statement line finds the order.
  auto start = registry.start_payment(self, order->number, ciie::PaymentMethod::kTransfer);
  if (!start.is_ok()) return fail("start_payment", start.status());
  std::printf("pay %s to %s, remark %s\n", start->order.total.to_string().c_str(),
              start->transfer_account_name.c_str(), order->number.c_str());

  // Finance imports the bank's statement (docs/payment.md): streamed through a RecordReader,
  // one outcome per line, all lines or none.
  std::istringstream statement(
      "date,amount,payer_name,payer_account,remark\n"
      "2024-06-04,400.00,上海示例国际贸易有限公司,31001234567890,进博会证件费 " +
      order->number + "\n");
  ciie::ReaderOptions columns;
  columns.known_columns = ciie::Registry::statement_columns();
  columns.required_columns = ciie::Registry::statement_required_columns();
  auto reader = ciie::make_record_reader(statement, ciie::InputFormat::kCsv, columns);
  auto imported = registry.import_statement(
      ciie::Actor::finance(), *reader, "statement-2024-06-04.csv", ciie::BulkOptions{},
      [](const ciie::RowOutcome& row) {
        std::printf("statement line %ld: %s %s\n", row.line,
                    row.ok ? row.outcome.c_str() : row.error.reason().c_str(), row.subject.c_str());
      });
  if (!imported.is_ok()) return fail("import_statement", imported.status());
  auto paid = registry.order(self, order->number);
  if (!paid.is_ok()) return fail("order", paid.status());
  std::printf("order %s\n", std::string(ciie::to_string(paid->state)).c_str());

  // The invoice request. After a transfer the title is the payer's: another is refused ...
  ciie::InvoiceRequest invoice_request;
  invoice_request.order = order->number;
  invoice_request.delivery_email = "finance@example.com";
  invoice_request.title = "某某贸易有限公司";
  auto refused = registry.request_invoice(self, invoice_request);
  std::printf("another title: %s\n",
              refused.is_ok() ? "accepted" : refused.status().reason().c_str());

  // ... and an empty one takes the payer's name and taxpayer id.
  invoice_request.title.clear();
  auto stored = registry.request_invoice(self, invoice_request);
  if (!stored.is_ok()) return fail("request_invoice", stored.status());
  auto invoice = registry.issue_invoice(self, order->number);
  if (!invoice.is_ok()) return fail("issue_invoice", invoice.status());
  std::printf("issued invoice %s to %s (%s)%s: %s yuan, %s\n", invoice->number.c_str(),
              invoice->buyer.name.c_str(), invoice->buyer.taxpayer_id.c_str(),
              stored->title_locked ? ", title locked to the payer" : "",
              invoice->gross_total.to_string().c_str(), invoice->gross_in_words.c_str());
  return 0;
}
