// moneytrail audit: list the store's audit log (who read what, when, for
// which case and why) or check that no record was altered or removed. The
// log itself is engine/audit; this is glue.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tuple>

#include "engine/audit/audit_log.h"
#include "engine/core/csv_cell.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

using Json = nlohmann::ordered_json;

struct AuditCmdOptions {
  std::string db;
  bool verify = false;
  std::string format = "table";
  std::string since, until, user, case_id;
  size_t limit = 0;
};

// One line per record in a table: control characters would break it.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return s;
}

Json RecordJson(const audit::AuditRecord& r) {
  return {{"seq", r.seq},
          {"time", r.time},
          {"user", r.entry.user},
          {"role", r.entry.role},
          {"action", r.entry.action},
          {"case", r.entry.case_id},
          {"subject", r.entry.subject},
          {"purpose", r.entry.purpose},
          {"outcome", r.entry.outcome},
          {"prev", r.prev},
          {"hash", r.hash}};
}

std::string RenderList(const std::vector<audit::AuditRecord>& records, const std::string& format) {
  if (format == "json") {
    Json j = Json::array();
    for (const audit::AuditRecord& r : records) j.push_back(RecordJson(r));
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  }
  if (format == "csv") {
    std::string out = "seq,time,user,role,action,case,subject,purpose,outcome,prev,hash\r\n";
    for (const audit::AuditRecord& r : records) {
      const audit::AuditEntry& e = r.entry;
      out += CsvCell(std::to_string(r.seq), true);
      for (const std::string* s : {&r.time, &e.user, &e.role, &e.action, &e.case_id, &e.subject,
                                   &e.purpose, &e.outcome, &r.prev, &r.hash}) {
        out += "," + CsvCell(*s);
      }
      out += "\r\n";
    }
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  for (const audit::AuditRecord& r : records) {
    const audit::AuditEntry& e = r.entry;
    rows.push_back({std::to_string(r.seq), r.time, OneLine(e.user), OneLine(e.role),
                    OneLine(e.action), OneLine(e.case_id), OneLine(e.subject), OneLine(e.purpose),
                    OneLine(e.outcome)});
  }
  return RenderTable(
      {"seq", "time", "user", "role", "action", "case", "subject", "purpose", "outcome"}, rows,
      {true});
}

int RunVerify(const audit::AuditLog& log, const std::string& format) {
  auto v = log.Verify();
  if (!v.ok()) return Fail(v.status());
  std::string out;
  if (format == "json") {
    Json j = {{"log", log.log_path()},   {"intact", v->intact()},     {"records", v->records},
              {"head_seq", v->head_seq}, {"head_hash", v->head_hash}, {"problems", v->problems},
              {"note", v->note}};
    out = j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  } else if (v->intact()) {
    out = "intact: " + std::to_string(v->records) + " records in " + log.log_path() + "\n" +
          "head: seq " + std::to_string(v->head_seq) + ", sha256 " + v->head_hash + "\n";
    if (!v->note.empty()) out += "note: " + v->note + "\n";
  } else {
    out = "NOT INTACT: " + std::to_string(v->problems.size()) + " problem" +
          (v->problems.size() == 1 ? "" : "s") + " in " + log.log_path() + " (" +
          std::to_string(v->records) + " lines)\n";
    for (const std::string& p : v->problems) out += p + "\n";
  }
  Status w = WriteOutput("-", out);
  if (!w.ok()) return Fail(w);
  return v->intact() ? 0 : Status::DataError("").ExitCode();
}

int Run(const AuditCmdOptions& o) {
  if (o.format != "table" && o.format != "json" && o.format != "csv") {
    return Fail(Status::Usage("--format: '" + o.format + "' is not table, json or csv"));
  }
  audit::AuditFilter filter;
  filter.user = o.user;
  filter.case_id = o.case_id;
  filter.limit = o.limit;
  for (auto [text, out, name] : {std::tuple(&o.since, &filter.since, "--since"),
                                 std::tuple(&o.until, &filter.until, "--until")}) {
    if (text->empty()) continue;
    auto t = ParseTimestamp(*text);
    if (!t.ok()) return Fail(Status::Usage(std::string(name) + ": " + t.status().message()));
    *out = *t;
  }
  if (o.verify && (o.format == "csv" || filter.since || filter.until || !o.user.empty() ||
                   !o.case_id.empty() || o.limit > 0)) {
    return Fail(Status::Usage("--verify checks the whole log: no filters, format table or json"));
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(o.db, ec)) {
    return Fail(Status::NotFound("no store at " + o.db));
  }
  // Reading the log is not itself audited: --verify would change what it verifies.
  audit::AuditLog log(o.db);
  if (o.verify) return RunVerify(log, o.format);
  auto records = log.Read(filter);
  if (!records.ok()) return Fail(records.status());
  return Fail(WriteOutput("-", RenderList(*records, o.format)));
}

}  // namespace

void RegisterAudit(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<AuditCmdOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "audit",
      "The store's audit log, <store>/audit/audit.jsonl: one record per read of the store (trace,\n"
      "flag, report, verify, query, account, stats), written durably before the answer: seq,\n"
      "time (UTC), user ($MONEYTRAIL_USER, else the operating-system user), role, action, case,\n"
      "subject, the --purpose stated, and SHA-256 links from each record to the one before.\n"
      "A read whose record cannot be written is refused (exit 73 or 74).\n"
      "Lists the records oldest first (--limit N: the N most recent). With --verify, checks\n"
      "every link and that the log still ends at <store>/audit/head, and names the first bad\n"
      "line: altered, removed or reordered, truncated, malformed; exit 0 when intact, 65 when\n"
      "not. Note the head hash it prints somewhere outside this machine (case file, ticket):\n"
      "whoever can rewrite both files can forge a consistent chain, but not that note.\n"
      "Listing and verifying are not themselves audited (verifying would change what it\n"
      "verifies) and never open the store's database.",
      "  moneytrail audit --db store\n"
      "  moneytrail audit --db store --case K-2024-001 --since 2024-03-01 --format csv\n"
      "  moneytrail audit --db store --user ana --limit 20\n"
      "  moneytrail audit --db store --verify\n",
      [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_flag("--verify", o->verify,
                "Check the chain and head instead of listing (exit 65 when not intact)");
  cmd->add_option("--format", o->format, "table (default), json or csv (csv not with --verify)");
  cmd->add_option("--since", o->since, "Only records at or after T (ISO 8601)");
  cmd->add_option("--until", o->until, "Only records at or before T (ISO 8601)");
  cmd->add_option("--user", o->user, "Only records of this user");
  cmd->add_option("--case", o->case_id, "Only records of this case");
  cmd->add_option("--limit", o->limit, "Only the N most recent matching records (0 = all)");
}

}  // namespace moneytrail::cli
