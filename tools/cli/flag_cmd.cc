// moneytrail flag: what to freeze, seize, confiscate and request abroad for a
// case, by a rulebook; or, with --typologies, laundering typologies over the
// whole store.
#include <iostream>

#include "rules/flags.h"
#include "rules/render.h"
#include "rules/rulebook.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct FlagCmdOptions {
  std::string db;
  std::string case_id;
  std::string method = "libr";
  std::string rules;
  std::string format = "table";
  std::string out;
  std::string until;
  std::string as_of;
  bool typologies = false;
  std::string purpose;
};

int Run(const FlagCmdOptions& o) {
  if (o.format != "table" && o.format != "json" && o.format != "csv") {
    return Fail(Status::Usage("--format: '" + o.format + "' is not table, json or csv"));
  }
  auto method = trace::MethodFromName(o.method);
  if (!method) {
    return Fail(Status::Usage("--method: '" + o.method +
                              "' is not one of fifo, lifo, pro-rata, libr, tainted-first, poison"));
  }
  if (o.typologies == !o.case_id.empty()) {
    return Fail(Status::Usage(
        "name a case with --case ID, or scan the store with --typologies (one of them)"));
  }
  // Options are checked before the store opens: a usage error is not a read.
  rules::FlagOptions fo;
  fo.method = *method;
  if (!o.until.empty()) {
    auto until = ParseTimestamp(o.until);
    if (!until.ok()) return Fail(Status::Usage("--until: " + until.status().message()));
    fo.until = *until;
  }
  if (!o.as_of.empty()) {
    auto as_of = ParseTimestamp(o.as_of);
    if (!as_of.ok()) return Fail(Status::Usage("--as-of: " + as_of.status().message()));
    fo.as_of = *as_of;
  }
  auto opened = OpenStore(o.db, true);
  if (!opened.ok()) return Fail(opened.status());
  storage::Store& store = **opened;
  int digits = store.base_currency().minor_digits();
  auto book = o.rules.empty() ? rules::ParseRulebook(rules::DefaultRulebookJson(), digits)
                              : rules::LoadRulebook(o.rules, digits);
  if (!book.ok()) return Fail(book.status());
  Status audited = o.typologies ? AuditRead(o.db, "flag --typologies", "", "", o.purpose)
                                : AuditRead(o.db, "flag", o.case_id, "", o.purpose);
  if (!audited.ok()) return Fail(audited);
  Result<rules::FlagReport> report = Status::Internal("unset");
  if (o.typologies) {
    report = rules::FlagTypologies(store, *book);
  } else {
    auto c = store.GetCase(o.case_id);
    if (!c.ok()) return Fail(c.status());
    if (!c->has_value()) return Fail(Status::NotFound("no case '" + o.case_id + "' in " + o.db));
    report = rules::FlagCase(store, **c, *book, fo);
  }
  if (!report.ok()) return Fail(report.status());
  std::string text = o.format == "json"  ? rules::RenderFlagsJson(*report)
                     : o.format == "csv" ? rules::RenderFlagsCsv(*report)
                                         : rules::RenderFlagsTable(*report);
  return Fail(WriteOutput(o.out, text));
}

}  // namespace

void RegisterFlag(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<FlagCmdOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "flag",
      "Turn a case's trace into action by a rulebook: freeze traced proceeds still held, seize\n"
      "assets bought with them, confiscate equivalent value where they were spent or withdrawn,\n"
      "ask each foreign state for mutual legal assistance, and flag laundering typologies. Every\n"
      "flag gives its rule, facts, evidence, legal basis and one sentence to read aloud. With\n"
      "--typologies, scans every transaction of the store for typologies (no case).\n"
      "Rulebook: the built-in default (see `moneytrail rules --list`) or --rules FILE.",
      "  moneytrail flag --db store --case K-2024-001\n"
      "  moneytrail flag --db store --case K-2024-001 --method fifo --format json --out "
      "flags.json\n"
      "  moneytrail flag --db store --case K-2024-001 --rules my_rules.json --format csv\n"
      "  moneytrail flag --db store --typologies --format json --out typologies.json\n",
      [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--case", o->case_id, "Case id");
  cmd->add_flag("--typologies", o->typologies,
                "Scan the whole store for typologies (investigate rules over accounts)");
  cmd->add_option("--method", o->method,
                  "Tracing rule: fifo|lifo|pro-rata|libr|tainted-first|poison (default libr)");
  cmd->add_option("--until", o->until, "Stop the trace at this time (inclusive), ISO 8601");
  cmd->add_option("--as-of", o->as_of,
                  "Measure urgency at this time, ISO 8601 (default: --until, else the case "
                  "ledger's last transaction)");
  cmd->add_option("--rules", o->rules, "Rulebook JSON file (default: the built-in rulebook)");
  cmd->add_option("--format", o->format, "table (default), json or csv");
  cmd->add_option("--out", o->out, "Write to this file; default stdout");
  AddPurposeOption(cmd, &o->purpose);
}

}  // namespace moneytrail::cli
