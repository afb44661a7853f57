// moneytrail query: an investigator's questions about accounts — who is
// around this one, who is tied to it, how did money get from A to B, what
// happened in it over time. The work is in engine/query; this is glue.
#include <iostream>
#include <optional>
#include <tuple>

#include "engine/query/query_render.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

// Options every query shares, and the filter's text before parsing.
struct Common {
  std::string db;
  std::string format = "table";
  std::string since, until, min_amount;
  size_t limit = 0;
  std::string purpose;
};

void AddCommon(CLI::App* cmd, Common* c) {
  cmd->add_option("--db", c->db, "Store directory")->required();
  cmd->add_option("--format", c->format, "table (default), json or csv");
  AddPurposeOption(cmd, &c->purpose);
}

void AddWindow(CLI::App* cmd, Common* c) {
  cmd->add_option("--since", c->since, "Only transactions at or after T (ISO 8601)");
  cmd->add_option("--until", c->until,
                  "Only transactions at or before T (ISO 8601; a bare date is 00:00 UTC)");
}

Result<query::OutputFormat> ParseFormat(const Common& c) {
  auto f = query::OutputFormatFromName(c.format);
  if (!f) return Status::Usage("--format: '" + c.format + "' is not table, json or csv");
  return *f;
}

Status ParseWindow(const Common& c, std::optional<Timestamp>* since,
                   std::optional<Timestamp>* until) {
  for (auto [text, out, name] :
       {std::tuple(&c.since, since, "--since"), std::tuple(&c.until, until, "--until")}) {
    if (text->empty()) continue;
    auto t = ParseTimestamp(*text);
    if (!t.ok()) return Status::Usage(std::string(name) + ": " + t.status().message());
    *out = *t;
  }
  if (*since && *until && **since > **until) return Status::Usage("--since: is after --until");
  return Status::Ok();
}

// The filter; --min-amount needs the store's currency for its minor digits.
Result<query::TxFilter> ParseFilter(const Common& c, const storage::Store& store) {
  query::TxFilter f;
  RETURN_IF_ERROR(ParseWindow(c, &f.since, &f.until));
  if (!c.min_amount.empty()) {
    auto m = ParseMinorUnits(c.min_amount, store.base_currency().minor_digits());
    if (!m.ok()) return Status::Usage("--min-amount: " + m.status().message());
    f.min_minor = *m;
  }
  return f;
}

Status CheckCount(const char* option, size_t value, size_t max) {
  if (value < 1 || value > max) {
    return Status::Usage(std::string(option) + ": " + std::to_string(value) +
                         " is not between 1 and " + std::to_string(max));
  }
  return Status::Ok();
}

// --hops and --direction of the walks (neighbors, reach).
Status ParseWalk(int hops, const std::string& direction, int* hops_out,
                 query::WalkDirection* direction_out) {
  if (hops < 1 || hops > 3) {
    return Status::Usage("--hops: " + std::to_string(hops) + " is not 1, 2 or 3");
  }
  auto dir = query::WalkDirectionFromName(direction);
  if (!dir) return Status::Usage("--direction: '" + direction + "' is not in, out or both");
  *hops_out = hops;
  *direction_out = *dir;
  return Status::Ok();
}

// Prints the rendering; for CSV, which has no room for it, the truncation
// note goes to stderr.
int Emit(const std::string& out, const std::string& note, query::OutputFormat format) {
  if (format == query::OutputFormat::kCsv && !note.empty()) std::cerr << note;
  return Fail(WriteOutput("-", out));
}

struct NeighborsCmd {
  Common c;
  std::string account, direction = "both";
  int hops = 1;
  size_t max_fanout = query::NeighborsOptions().max_fanout;
};

int RunNeighbors(const NeighborsCmd& o) {
  auto format = ParseFormat(o.c);
  if (!format.ok()) return Fail(format.status());
  query::NeighborsOptions n;
  Status s = ParseWalk(o.hops, o.direction, &n.hops, &n.direction);
  if (s.ok()) s = CheckCount("--limit", o.c.limit, 100000);
  if (s.ok()) s = CheckCount("--max-fanout", o.max_fanout, 1000000);
  if (!s.ok()) return Fail(s);
  n.limit = o.c.limit;
  n.max_fanout = o.max_fanout;
  auto opened = OpenStore(o.c.db, true);
  if (!opened.ok()) return Fail(opened.status());
  auto filter = ParseFilter(o.c, **opened);
  if (!filter.ok()) return Fail(filter.status());
  n.filter = *filter;
  s = AuditRead(o.c.db, "query neighbors", "", o.account, o.c.purpose);
  if (!s.ok()) return Fail(s);
  auto r = query::Neighbors(**opened, o.account, n);
  if (!r.ok()) return Fail(r.status());
  return Emit(query::RenderNeighbors(*r, (*opened)->base_currency(), *format),
              query::TruncationNote(*r), *format);
}

struct LinkedCmd {
  Common c;
  std::string id;
  size_t max_parties = query::LinkOptions().max_parties_per_identifier;
};

int RunLinked(const LinkedCmd& o) {
  auto format = ParseFormat(o.c);
  if (!format.ok()) return Fail(format.status());
  Status s = CheckCount("--limit", o.c.limit, 1000000);
  if (s.ok() && o.max_parties < 2) s = Status::Usage("--max-parties: must be at least 2");
  if (!s.ok()) return Fail(s);
  auto opened = OpenStore(o.c.db, true);
  if (!opened.ok()) return Fail(opened.status());
  s = AuditRead(o.c.db, "query linked", "", o.id, o.c.purpose);
  if (!s.ok()) return Fail(s);
  query::LinkOptions l;
  l.max_parties_per_identifier = o.max_parties;
  auto r = query::FindLinked(**opened, o.id, l, o.c.limit);
  if (!r.ok()) return Fail(r.status());
  return Emit(query::RenderLinked(*r, *format), query::TruncationNote(*r), *format);
}

struct PathCmd {
  Common c;
  std::string from, to;
  int max_hops = 4;
  size_t max_fanout = query::PathOptions().max_fanout;
};

int RunPath(const PathCmd& o) {
  auto format = ParseFormat(o.c);
  if (!format.ok()) return Fail(format.status());
  if (o.max_hops < 1 || o.max_hops > 6) {
    return Fail(
        Status::Usage("--max-hops: " + std::to_string(o.max_hops) + " is not between 1 and 6"));
  }
  Status s = CheckCount("--limit", o.c.limit, 1000);
  if (s.ok()) s = CheckCount("--max-fanout", o.max_fanout, 1000000);
  if (!s.ok()) return Fail(s);
  query::PathOptions p;
  p.max_hops = o.max_hops;
  p.limit = o.c.limit;
  p.max_fanout = o.max_fanout;
  auto opened = OpenStore(o.c.db, true);
  if (!opened.ok()) return Fail(opened.status());
  auto filter = ParseFilter(o.c, **opened);
  if (!filter.ok()) return Fail(filter.status());
  p.filter = *filter;
  s = AuditRead(o.c.db, "query path", "", o.from + " -> " + o.to, o.c.purpose);
  if (!s.ok()) return Fail(s);
  auto r = query::FindPaths(**opened, o.from, o.to, p);
  if (!r.ok()) return Fail(r.status());
  return Emit(query::RenderPaths(*r, (*opened)->base_currency(), *format),
              query::TruncationNote(*r), *format);
}

struct ReachCmd {
  Common c;
  std::string account, direction = "out";
  int hops = 3;
  size_t max_fanout = query::ReachOptions().max_fanout;
};

int RunReach(const ReachCmd& o) {
  auto format = ParseFormat(o.c);
  if (!format.ok()) return Fail(format.status());
  query::ReachOptions r;
  Status s = ParseWalk(o.hops, o.direction, &r.hops, &r.direction);
  if (s.ok()) s = CheckCount("--max-fanout", o.max_fanout, 1000000);
  if (!s.ok()) return Fail(s);
  r.max_fanout = o.max_fanout;
  auto opened = OpenStore(o.c.db, true);
  if (!opened.ok()) return Fail(opened.status());
  s = AuditRead(o.c.db, "query reach", "", o.account, o.c.purpose);
  if (!s.ok()) return Fail(s);
  auto graph = query::AccountGraph::Build(**opened);
  if (!graph.ok()) return Fail(graph.status());
  auto result = query::Reach(**graph, **opened, o.account, r);
  if (!result.ok()) return Fail(result.status());
  return Emit(query::RenderReach(*result, *format), query::TruncationNote(*result), *format);
}

struct TimelineCmd {
  Common c;
  std::string account;
};

int RunTimeline(const TimelineCmd& o) {
  auto format = ParseFormat(o.c);
  if (!format.ok()) return Fail(format.status());
  query::TimelineOptions t;
  Status s = ParseWindow(o.c, &t.since, &t.until);
  if (!s.ok()) return Fail(s);
  t.limit = o.c.limit;
  auto opened = OpenStore(o.c.db, true);
  if (!opened.ok()) return Fail(opened.status());
  s = AuditRead(o.c.db, "query timeline", "", o.account, o.c.purpose);
  if (!s.ok()) return Fail(s);
  auto r = query::Timeline(**opened, o.account, t);
  if (!r.ok()) return Fail(r.status());
  return Emit(query::RenderTimeline(*r, (*opened)->base_currency(), *format),
              query::TruncationNote(*r), *format);
}

}  // namespace

void RegisterQuery(CLI::App& app, int* exit_code) {
  CLI::App* q = app.add_subcommand(
      "query",
      "Questions about accounts: neighbors, reach, linked, path, timeline. Results say when a\n"
      "limit cut them (JSON: truncated, truncated_by; table: a closing note; CSV: a note on "
      "stderr).");
  q->require_subcommand(1);
  q->footer(std::string("\nRun `moneytrail query COMMAND --help` for each.\n") + kExitCodesHelp);

  auto n = std::make_shared<NeighborsCmd>();
  n->c.limit = query::NeighborsOptions().limit;
  CLI::App* nc = AddCommand(
      *q, exit_code, "neighbors",
      "The accounts up to --hops away from an account, each once at its nearest hop, with the\n"
      "transactions that connect it to the ring before (count, total in the base currency,\n"
      "first and last), ordered by hop, then total (largest first), then id. Cash is never a\n"
      "neighbour. An account with more than --max-fanout transactions in the window is listed\n"
      "but not expanded (a hub).",
      "  moneytrail query neighbors --db store ES7620770024003102575766\n"
      "  moneytrail query neighbors --db store ACC-1 --hops 2 --direction out --min-amount 1000\n"
      "  moneytrail query neighbors --db store ACC-1 --since 2024-03-01 --format csv\n",
      [n] { return RunNeighbors(*n); });
  AddCommon(nc, &n->c);
  AddWindow(nc, &n->c);
  nc->add_option("--hops", n->hops, "1 (default), 2 or 3");
  nc->add_option("--direction", n->direction, "out (sent), in (received) or both (default)");
  nc->add_option("--min-amount", n->c.min_amount,
                 "Only transactions of at least X (base currency)");
  nc->add_option("--limit", n->c.limit, "At most N neighbours (default 100)");
  nc->add_option("--max-fanout", n->max_fanout, "Hub threshold (default 1000)");
  nc->add_option("account", n->account, "Account id")->required();

  auto r = std::make_shared<ReachCmd>();
  CLI::App* rc = AddCommand(
      *q, exit_code, "reach",
      "How many accounts lie within --hops transfers of an account, per hop: where money from\n"
      "it can have gone (--direction out, the default), where money to it can have come from\n"
      "(in), or both. Counts what `query neighbors` lists, with no filter and no entry budget,\n"
      "from a graph of who paid whom built in memory by one pass over the ledger (a server\n"
      "builds it once; here it is built for each command).",
      "  moneytrail query reach --db store ES7620770024003102575766\n"
      "  moneytrail query reach --db store ACC-1 --hops 2 --direction both --format json\n",
      [r] { return RunReach(*r); });
  AddCommon(rc, &r->c);
  rc->add_option("--hops", r->hops, "1, 2 or 3 (default)");
  rc->add_option("--direction", r->direction, "out (default), in or both");
  rc->add_option("--max-fanout", r->max_fanout,
                 "Hub threshold: counted, not expanded (default 1000)");
  rc->add_option("account", r->account, "Account id")->required();

  auto l = std::make_shared<LinkedCmd>();
  l->c.limit = 1000;
  CLI::App* lc = AddCommand(
      *q, exit_code, "linked",
      "The accounts tied to an account or party: holders that share a national id, phone,\n"
      "e-mail, address or device (normalised), or the same holder, transitively. Each account\n"
      "comes with the identifiers that link it and its distance (shared identifiers) from the\n"
      "queried holder. An identifier held by more than --max-parties parties links nobody and\n"
      "is listed as too common. Reads every party and account once.",
      "  moneytrail query linked --db store ES7620770024003102575766\n"
      "  moneytrail query linked --db store P-000123 --format json\n",
      [l] { return RunLinked(*l); });
  AddCommon(lc, &l->c);
  lc->add_option("--limit", l->c.limit, "At most N accounts (default 1000)");
  lc->add_option("--max-parties", l->max_parties,
                 "Identifiers held by more parties are too common to link (default 20)");
  lc->add_option("id", l->id, "Account id or party id")->required();

  auto p = std::make_shared<PathCmd>();
  p->c.limit = query::PathOptions().limit;
  CLI::App* pc = AddCommand(
      *q, exit_code, "path",
      "The shortest time-respecting chains of transactions from A to B (each one no earlier\n"
      "than the one before; no account twice; never through cash), fewest hops first, then\n"
      "largest amount (a chain's smallest transaction) first. Searched from both ends.",
      "  moneytrail query path --db store ACC-1 ACC-9\n"
      "  moneytrail query path --db store ACC-1 ACC-9 --max-hops 3 --limit 5 --format json\n",
      [p] { return RunPath(*p); });
  AddCommon(pc, &p->c);
  AddWindow(pc, &p->c);
  pc->add_option("--max-hops", p->max_hops, "Longest chain, 1..6 (default 4)");
  pc->add_option("--min-amount", p->c.min_amount,
                 "Only transactions of at least X (base currency)");
  pc->add_option("--limit", p->c.limit, "At most K chains (default 10)");
  pc->add_option("--max-fanout", p->max_fanout,
                 "Accounts with more transactions are not passed through (default 1000)");
  pc->add_option("from", p->from, "Account A")->required();
  pc->add_option("to", p->to, "Account B")->required();

  auto t = std::make_shared<TimelineCmd>();
  CLI::App* tc = AddCommand(
      *q, exit_code, "timeline",
      "An account's transactions in time order with the running balance (base currency),\n"
      "from its opening balance; with --since, the balance still counts what came before.",
      "  moneytrail query timeline --db store ES7620770024003102575766\n"
      "  moneytrail query timeline --db store ACC-1 --since 2024-03-01 --until 2024-04-01\n",
      [t] { return RunTimeline(*t); });
  AddCommon(tc, &t->c);
  AddWindow(tc, &t->c);
  tc->add_option("--limit", t->c.limit, "List the first N transactions of the window (0 = all)");
  tc->add_option("account", t->account, "Account id")->required();
}

}  // namespace moneytrail::cli
