// `ciie stats`: this edition's units, persons, badges and money per home delegation,
// sub-delegation, unit category or unit state, with a totals row (docs/stats-export.md). A table
// (display width, numbers right-aligned, money in yuan), --json, or --csv.
#include "context.hpp"
#include "exit_status.hpp"
#include "invoice_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct StatsArgs {
  std::string by = "delegation";
  std::string delegation;
  bool csv = false;
};

// Each figure: its JSON/CSV name, its table header, and how to read it.
struct Figure {
  std::string_view name;
  std::string_view header;
  std::int64_t (*count)(const StatsFigures&);  // nullptr for money
  Money (*amount)(const StatsFigures&);
};

const std::vector<Figure>& figures() {
  static const std::vector<Figure> all = {
      {"units", "UNITS", [](const StatsFigures& f) { return f.units; }, nullptr},
      {"units_registered", "REGISTERED", [](const StatsFigures& f) { return f.units_registered; },
       nullptr},
      {"units_submitted", "SUBMITTED", [](const StatsFigures& f) { return f.units_submitted; },
       nullptr},
      {"units_approved", "APPROVED", [](const StatsFigures& f) { return f.units_approved; },
       nullptr},
      {"units_rejected", "REJECTED", [](const StatsFigures& f) { return f.units_rejected; },
       nullptr},
      {"persons", "PERSONS", [](const StatsFigures& f) { return f.persons; }, nullptr},
      {"persons_join_requested", "P.JOIN",
       [](const StatsFigures& f) { return f.persons_join_requested; }, nullptr},
      {"persons_draft", "P.DRAFT", [](const StatsFigures& f) { return f.persons_draft; }, nullptr},
      {"persons_submitted", "P.SUBMITTED",
       [](const StatsFigures& f) { return f.persons_submitted; }, nullptr},
      {"persons_under_review", "P.REVIEW",
       [](const StatsFigures& f) { return f.persons_under_review; }, nullptr},
      {"persons_approved", "P.APPROVED", [](const StatsFigures& f) { return f.persons_approved; },
       nullptr},
      {"persons_rejected", "P.REJECTED", [](const StatsFigures& f) { return f.persons_rejected; },
       nullptr},
      {"free_badges_used", "FREE USED", [](const StatsFigures& f) { return f.free_badges_used; },
       nullptr},
      {"badges_paid", "BADGES PAID", [](const StatsFigures& f) { return f.badges_paid; }, nullptr},
      {"orders_paid", "ORDERS PAID", [](const StatsFigures& f) { return f.orders_paid; }, nullptr},
      {"paid", "PAID", nullptr, [](const StatsFigures& f) { return f.paid; }},
      {"refunded", "REFUNDED", nullptr, [](const StatsFigures& f) { return f.refunded; }},
      {"invoiced", "INVOICED", nullptr, [](const StatsFigures& f) { return f.invoiced; }},
  };
  return all;
}

std::string cell(const Figure& figure, const StatsFigures& f) {
  return figure.count != nullptr ? std::to_string(figure.count(f)) : figure.amount(f).to_string();
}

nlohmann::json figures_json(const StatsFigures& f) {
  nlohmann::json doc = nlohmann::json::object();
  for (const Figure& figure : figures()) {
    if (figure.count != nullptr) {
      doc[std::string(figure.name)] = figure.count(f);
    } else {
      doc[std::string(figure.name)] = figure.amount(f).to_string();
      doc[std::string(figure.name) + "_fen"] = figure.amount(f).fen();
    }
  }
  return doc;
}

nlohmann::json report_json(const StatsReport& report) {
  nlohmann::json rows = nlohmann::json::array();
  for (const StatsRow& row : report.rows) {
    rows.push_back({{"key", row.key},
                    {"parent", row.parent},
                    {"name", row.name},
                    {"industry", row.industry},
                    {"figures", figures_json(row.figures)}});
  }
  return {{"ok", true},
          {"by", std::string(to_string(report.by))},
          {"edition", report.edition},
          {"delegation", report.delegation},
          {"rows", rows},
          {"totals", figures_json(report.totals)}};
}

// The label columns of a row: the group (and its parent for sub-delegations), then the name.
std::vector<std::string> labels(StatsGrouping by, const StatsRow& row) {
  const std::string key = row.key.empty() ? "-" : row.key;
  if (by == StatsGrouping::kSubDelegation) {
    return {row.parent.empty() ? "-" : row.parent, key, row.name};
  }
  if (by == StatsGrouping::kDelegation) return {key, row.name};
  return {key};
}

std::vector<std::string> label_headers(StatsGrouping by) {
  switch (by) {
    case StatsGrouping::kDelegation:
      return {"DELEGATION", "NAME"};
    case StatsGrouping::kSubDelegation:
      return {"DELEGATION", "SUB-DELEGATION", "NAME"};
    case StatsGrouping::kCategory:
      return {"CATEGORY"};
    case StatsGrouping::kState:
      return {"STATE"};
  }
  return {"GROUP"};
}

void append_figures(std::vector<std::string>& line, const StatsFigures& f) {
  for (const Figure& figure : figures()) line.push_back(cell(figure, f));
}

std::string report_table(const StatsReport& report) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = label_headers(report.by);
  const std::size_t label_count = header.size();
  for (const Figure& figure : figures()) header.emplace_back(figure.header);
  rows.push_back(header);
  const auto add = [&](std::vector<std::string> line, const StatsFigures& f) {
    line.resize(label_count);
    append_figures(line, f);
    rows.push_back(std::move(line));
  };
  bool any_industry = false;
  for (const StatsRow& row : report.rows) {
    if (row.industry) {
      any_industry = true;
    } else {
      add(labels(report.by, row), row.figures);
    }
  }
  add({"TOTAL"}, report.totals);
  for (const StatsRow& row : report.rows) {
    if (row.industry) add(labels(report.by, row), row.figures);
  }
  std::vector<bool> right(label_count, false);
  right.resize(header.size(), true);
  std::string text = aligned_table(rows, right);
  if (any_industry) {
    text +=
        "The rows after TOTAL are industry delegations (DEL-4): their units are counted above "
        "under their home delegations.\n";
  }
  return text;
}

std::string csv_join(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i > 0 ? "," : "") + fields[i];
  return line + "\r\n";
}

// RFC 4180, CRLF; text fields neutralised as invoice list --csv does, figures plain.
std::string report_csv(const StatsReport& report) {
  std::vector<std::string> header = {"row", "key", "parent", "name"};
  for (const Figure& figure : figures()) header.emplace_back(figure.name);
  std::string csv = csv_join(header);
  const auto add = [&](const std::string& kind, const StatsRow& row) {
    std::vector<std::string> line = {kind, csv_text_field(row.key), csv_text_field(row.parent),
                                     csv_text_field(row.name)};
    append_figures(line, row.figures);
    csv += csv_join(line);
  };
  for (const StatsRow& row : report.rows) {
    if (!row.industry) add("group", row);
  }
  add("total", StatsRow{"", "", "", false, report.totals});
  for (const StatsRow& row : report.rows) {
    if (row.industry) add("industry", row);
  }
  return csv;
}

int run_stats(Context& ctx, const StatsArgs& args) {
  const auto by = parse_stats_grouping(args.by);
  if (!by) {
    return ctx.fail(
        Status::invalid_input("stats.by", "unknown --by '" + args.by +
                                              "' (delegation, sub-delegation, category or state)")
            .in_field("by"));
  }
  if (args.csv && ctx.out().json_mode()) {
    return ctx.fail(Status::invalid_input("usage", "--csv and --json: choose one"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto report = session->registry->stats(session->actor, StatsQuery{*by, args.delegation});
  if (!report.is_ok()) return ctx.fail(report.status());
  if (ctx.out().json_mode()) {
    ctx.out().json(report_json(*report));
  } else if (args.csv) {
    ctx.out().text(report_csv(*report));
  } else {
    ctx.out().text(report_table(*report));
  }
  return kExitOk;
}

}  // namespace

void setup_stats(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand("stats", "units, persons, badges and money per group");
  cmd->add_option("--by", args->by, "delegation (default), sub-delegation, category or state");
  cmd->add_option("--delegation", args->delegation,
                  "only the units of this delegation or sub-delegation");
  cmd->add_flag("--csv", args->csv, "RFC 4180 CSV instead of the table");
  cmd->footer(
      "Every figure of a row is about the units in its group. With --by delegation a unit of an\n"
      "industry delegation counts under its home delegation; the industry delegation's own row\n"
      "comes after TOTAL and is not part of it. Organizer and finance see all units, a\n"
      "delegation its own.\nExamples:\n  ciie stats\n  ciie stats --by state --csv\n"
      "  ciie --as delegation:shanghai stats --by sub-delegation");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_stats(ctx, *args); }); });
}

}  // namespace ciie::cli
