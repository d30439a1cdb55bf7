// Embedding libciie: a delegation registers units from a CSV file (docs/register-input.md),
// streamed row by row through make_record_reader into register_units. Every row reports its
// outcome with its line; a refused row carries its reason key and the field at fault.
#include <cstdio>
#include <sstream>
#include <string>

#include <ciie/ciie.hpp>

namespace {

int fail(const char* step, const ciie::Status& status) {
  std::fprintf(stderr, "%s: %s\n", step, status.to_string().c_str());
  return 1;
}

// Four Jiangsu units, one with a mistyped USCC and one without consent, and a Shanghai unit the
// Jiangsu delegation may not register (it routes to Shanghai). The header names the columns.
constexpr const char* kUnits =
    "uscc,name,category,consent,phone\n"
    "91320500MA1MXQ4EX6,苏州示例进出口有限公司,enterprise,true,13912340001\n"
    "11320000MB0112344P,江苏省示例商务厅,government,true,13912340002\n"
    "91320500MA1MXQ4EX7,苏州另一进出口有限公司,enterprise,true,13912340004\n"
    "12320100MB1234562P,南京示例研究院,public_institution,no,13912340003\n"
    "91310115591693856A,上海示例国际贸易有限公司,enterprise,true,13812345678\n";

// Reads kUnits again and registers it with `bulk`; prints one line per row and the summary.
ciie::Result<ciie::BulkSummary> register_file(ciie::Registry& registry, const ciie::Actor& actor,
                                              const ciie::BulkOptions& bulk) {
  std::istringstream input(kUnits);  // any std::istream: a file, stdin, a socket buffer
  ciie::ReaderOptions columns;
  columns.known_columns = ciie::Registry::register_columns();  // others: bulk.unknown_column
  columns.required_columns = ciie::Registry::register_required_columns();
  auto reader = ciie::make_record_reader(input, ciie::InputFormat::kCsv, columns);
  return registry.register_units(actor, *reader, bulk, [](const ciie::RowOutcome& row) {
    if (row.ok) {
      std::printf("  line %ld: %s %s\n", row.line, row.outcome.c_str(), row.subject.c_str());
    } else {
      const std::string field = row.error.field().empty() ? "" : " (" + row.error.field() + ")";
      std::printf("  line %ld: %s%s: %s\n", row.error.line().value_or(row.line),
                  row.error.reason().c_str(), field.c_str(), row.error.message().c_str());
    }
  });
}

void print_summary(const ciie::BulkSummary& summary) {
  std::printf("%lld rows: %lld ok, %lld failed; %s\n", static_cast<long long>(summary.rows),
              static_cast<long long>(summary.ok), static_cast<long long>(summary.failed),
              summary.applied ? "applied" : "nothing applied");
}

}  // namespace

int main() {
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
  const ciie::Actor jiangsu = ciie::Actor::delegation("jiangsu");

  // By default a file is all or nothing: the refused rows keep the good ones out too.
  std::printf("all or nothing:\n");
  auto strict = register_file(registry, jiangsu, ciie::BulkOptions{});
  if (!strict.is_ok()) return fail("register_units", strict.status());
  print_summary(*strict);

  // continue_on_error applies the good rows; the refused ones are reported the same way.
  std::printf("continue on error:\n");
  ciie::BulkOptions lenient;
  lenient.continue_on_error = true;
  auto applied = register_file(registry, jiangsu, lenient);
  if (!applied.is_ok()) return fail("register_units", applied.status());
  print_summary(*applied);

  // Running the same file again is harmless: the registered rows are "unchanged".
  std::printf("again:\n");
  auto again = register_file(registry, jiangsu, lenient);
  if (!again.is_ok()) return fail("register_units", again.status());
  for (const auto& [outcome, count] : again->by_outcome) {
    std::printf("%s: %lld\n", outcome.c_str(), static_cast<long long>(count));
  }
  return 0;
}
