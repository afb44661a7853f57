// The sections of the PDF report, in PRIMER.md's order; the drawing is in
// pdf_writer.cc and pdf_charts.cc.
#include "engine/report/report_pdf.h"

#include <algorithm>

#include "engine/report/pdf_charts.h"
#include "engine/report/pdf_writer.h"

namespace moneytrail::report {
namespace {

using pdf::Align;
using pdf::Column;
using pdf::Face;
using pdf::TableRow;
using pdf::Writer;
using KeyValues = Writer::KeyValueList;

constexpr float kTableSize = 7.5f;
constexpr float kScheduleSize = 7.0f;

std::string Money(const Report& r, int64_t minor) {
  return FormatMoney(r, minor) + " " + r.currency;
}
std::string Optional(const Report& r, const std::optional<int64_t>& minor) {
  return minor ? FormatMoney(r, *minor) : "";
}
std::string Humanize(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}
// "2024-03-13 10:00:00": breaks into date and time in a narrow column.
std::string Time(Timestamp t) {
  std::string s = FormatTimestamp(t);
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  if (!s.empty() && s.back() == 'Z') s.pop_back();
  return s;
}
std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}
// "victims" -> "Victims" (ASCII only: keys are identifiers).
std::string Label(const std::string& key) {
  std::string s = Humanize(key);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}
// A compact-JSON string without escapes prints without its quotes; any other
// JSON value prints as it is.
std::string Unquote(const std::string& json) {
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"' &&
      json.find_first_of("\\\"", 1) == json.size() - 1) {
    return json.substr(1, json.size() - 2);
  }
  return json;
}
std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
std::string Source(const SourceRef& s) {
  return s.file.empty() ? "" : s.file + ":" + std::to_string(s.line);
}

void PrintWithheld(Writer& w, const Report& r) {
  const WithheldNotice& n = r.withheld;
  w.Notice("Withheld from this report",
           n.reason + "\nWithheld: " + Count(n.sources, "source", "sources") + ", " +
               Count(n.transactions, "transaction", "transactions") + ", " +
               Count(n.accounts, "account", "accounts") + ", " +
               Count(n.parties, "party", "parties") + ", " + Count(n.assets, "asset", "assets") +
               "; proceeds carried by withheld schedule rows: " + Money(r, n.amount) + ".");
}

void CaseSection(Writer& w, const Report& r) {
  const CaseHeader& h = r.header;
  w.Title("Evidence report, case " + h.case_id);
  w.Paragraph(h.title, 12, Face::kBold);
  if (!r.withheld.empty()) PrintWithheld(w, r);
  w.Heading("1. Case");
  KeyValues kv = {{"Case id", h.case_id},
                  {"Title", h.title},
                  {"Opened", h.opened},
                  {"Jurisdiction", h.jurisdiction}};
  for (const auto& [key, value] : h.attributes) kv.emplace_back(Label(key), Unquote(value));
  kv.emplace_back("Claimants", Join(h.claimants, ", "));
  std::vector<std::string> ransom;
  for (const auto& [currency, amount] : h.ransom_by_currency)
    ransom.push_back(amount + " " + currency);
  kv.emplace_back("Ransom paid", Join(ransom, "\n"));
  kv.emplace_back("Report currency", r.currency + " (every amount below unless marked otherwise)");
  w.KeyValues(kv);
}

void SeedsSection(Writer& w, const Report& r) {
  w.Heading("2. Seeds: the ransom payments");
  if (r.seeds.empty()) return w.Paragraph("The case names no ransom payment.");
  std::vector<TableRow> rows;
  for (const SeedRow& s : r.seeds) {
    std::vector<std::string> refs;
    if (!s.reference.empty()) refs.push_back(s.reference);
    if (!s.end_to_end_id.empty()) refs.push_back("E2E " + s.end_to_end_id);
    if (!s.uetr.empty()) refs.push_back("UETR " + s.uetr);
    rows.push_back({{s.tx_id + (s.replayed ? "" : "\n(not replayed)"), Time(s.timestamp),
                     s.from_account.empty() ? "cash" : s.from_account, s.to_account,
                     s.original_amount + "\n" + s.original_currency,
                     FormatMoney(r, s.amount) + "\n" + FormatMoney(r, s.tainted), s.claimant,
                     Join(refs, "\n"), Source(s.source)}});
  }
  const std::string cur = " (" + r.currency + ")";
  w.Table({{"Tx", 40},
           {"Time (UTC)", 50},
           {"From", 60},
           {"To", 60},
           {"Paid", 50, Align::kRight},
           {"Amount / proceeds" + cur, 58, Align::kRight},
           {"Claimant", 42},
           {"Reference", 65},
           {"Source", 70}},
          rows, kScheduleSize);
  for (const SeedRow& s : r.seeds) {
    if (!s.replayed) {
      w.Paragraph("Payments marked \"not replayed\" fall after the replay's end and count nowhere.",
                  8, Face::kRegular, pdf::kGrey);
      break;
    }
  }
}

void MethodSection(Writer& w, const Report& r) {
  w.Heading("3. Tracing method and comparison");
  KeyValues kv = {{"Method", r.method}, {"Authority", r.method_description}};
  if (r.until) kv.emplace_back("Replayed until", FormatTimestamp(*r.until));
  if (r.max_hops) kv.emplace_back("Hop limit", std::to_string(*r.max_hops));
  w.KeyValues(kv);
  const Comparison& c = r.comparison;
  if (c.methods.empty()) return w.Paragraph("No comparison of methods was made.");
  w.Paragraph("What each method finds at every terminal point, in " + r.currency +
                  "; the method this report traces by is marked (used).",
              8.5f);
  std::vector<Column> columns = {{"Terminal point", 2.4f}};
  for (const MethodSummary& m : c.methods) {
    const bool used = m.method == r.method;
    columns.push_back({m.method + (used ? " (used)" : ""), 1, Align::kRight,
                       used ? Face::kBold : Face::kRegular});
  }
  std::vector<TableRow> rows;
  for (const ComparisonRow& row : c.rows) {
    TableRow t{{Humanize(row.kind) + "\n" + row.subject}};
    for (size_t i = 0; i < c.methods.size(); ++i) {
      t.cells.push_back(i < row.amounts.size() ? FormatMoney(r, row.amounts[i]) : "");
    }
    rows.push_back(std::move(t));
  }
  TableRow held{{"Held"}, true}, exited{{"Exited"}, true}, conserved{{"Reconciled"}, true};
  for (const MethodSummary& m : c.methods) {
    held.cells.push_back(FormatMoney(r, m.held));
    exited.cells.push_back(FormatMoney(r, m.exited));
    conserved.cells.push_back(m.conserved ? "yes" : "NO");
  }
  rows.insert(rows.end(), {held, exited, conserved});
  w.Table(columns, rows, kTableSize);
}

void ScheduleSection(Writer& w, const Report& r) {
  w.NewPage();
  w.Heading("4. Tracing schedule");
  w.Paragraph(
      "Every seed, flow and exit in replay order. Balances are the whole account's after "
      "the transaction, over the part of it traced as proceeds. LP: a LIBR low point, "
      "the debit drew the account down so that all it holds is proceeds. Source: the "
      "record's file and line. Amounts in " +
          r.currency + ".",
      8);
  if (r.schedule.empty()) return w.Paragraph("The schedule is empty: nothing was traced.");
  auto balance = [&](const std::optional<int64_t>& b, const std::optional<int64_t>& t) {
    return b ? FormatMoney(r, *b) + "\n" + Optional(r, t) : "";
  };
  std::vector<TableRow> rows;
  rows.reserve(r.schedule.size());
  for (const ScheduleRow& s : r.schedule) {
    std::string to = s.to_account.empty() ? "cash" : s.to_account;
    if (s.kind == "asset_purchase") {
      to = s.asset_id + (s.to_account.empty() ? "" : "\nseller " + s.to_account);
    } else if (s.kind == "hop_limit") {
      to = "(hop limit)";
    }
    std::string kind = s.kind == "cash_withdrawal"  ? "cash"
                       : s.kind == "asset_purchase" ? "asset"
                                                    : Humanize(s.kind);
    rows.push_back({{s.tx_id + "\n" + kind, Time(s.timestamp), std::to_string(s.hop),
                     s.from_account.empty() ? "cash" : s.from_account, to,
                     FormatMoney(r, s.amount) + "\n" + FormatMoney(r, s.tainted),
                     balance(s.from_balance, s.from_tainted), balance(s.to_balance, s.to_tainted),
                     s.low_point ? "LP" : "", Source(s.source)}});
  }
  // Pairs of figures share a cell, one above the other, so that all of them
  // fit across A4 portrait at 7 pt (wider figures shrink: Writer::Table).
  w.Table({{"Tx / kind", 48},
           {"Time (UTC)", 50},
           {"Hop", 22, Align::kRight},
           {"From", 58},
           {"To / asset", 58},
           {"Amount / proceeds", 58, Align::kRight},
           {"From after: balance / proceeds", 58, Align::kRight},
           {"To after: balance / proceeds", 58, Align::kRight},
           {"LP", 15, Align::kCenter, Face::kBold},
           {"Source", 70}},
          rows, kScheduleSize);
}

void ReconciliationSection(Writer& w, const Report& r) {
  const Reconciliation& c = r.reconciliation;
  w.Heading("5. Reconciliation");
  w.Line(ReconciliationLine(r), 10, Face::kBold, c.conserved ? pdf::kBlack : pdf::kRed);
  w.Skip(4);
  w.KeyValues({{"Seed total", Money(r, c.seed_total)},
               {"Held in accounts", Money(r, c.held)},
               {"Exited as cash", Money(r, c.exited_cash)},
               {"Exited into assets", Money(r, c.exited_assets)},
               {"Exited at the hop limit", Money(r, c.exited_hop_limit)},
               {"Exited in total", Money(r, c.exited)}});
  if (!c.by_claimant.empty()) {
    std::vector<TableRow> rows;
    for (const ClaimantReconciliation& k : c.by_claimant) {
      const int64_t diff = k.seed_total - k.held - k.exited;
      rows.push_back({{k.claimant, FormatMoney(r, k.seed_total), FormatMoney(r, k.held),
                       FormatMoney(r, k.exited),
                       diff == 0 ? "reconciled" : "differs by " + FormatMoney(r, diff)}});
    }
    const std::string cur = " (" + r.currency + ")";
    w.Table({{"Claimant", 2},
             {"Seed total" + cur, 1.3f, Align::kRight},
             {"Held" + cur, 1.3f, Align::kRight},
             {"Exited" + cur, 1.3f, Align::kRight},
             {"Check", 1.3f, Align::kRight}},
            rows, 8);
  }
  if (c.inferred_funds > 0) {
    w.Notice("Inferred funds",
             Money(r, c.inferred_funds) + " was debited from " +
                 Count(c.inferred_accounts, "account", "accounts") +
                 " beyond the balance the records show, and is assumed to have been there "
                 "(TRACING.md, rule 4). The figures above rest on that assumption until the "
                 "missing records are obtained.");
  }
}

void TerminalsSection(Writer& w, const Report& r) {
  w.Heading("6. Terminal points");
  if (r.terminals.empty()) return w.Paragraph("No terminal point: nothing was traced.");
  w.Paragraph(
      "Where the proceeds are now (accounts: freeze; assets: seize) and where the trail "
      "ends (cash withdrawals, the hop limit). MLA: in a foreign state (section 9).",
      8.5f);
  std::vector<TableRow> rows;
  for (const Terminal& t : r.terminals) {
    std::string measure = t.kind == "account"           ? "freeze"
                          : t.kind == "asset"           ? "seize"
                          : t.kind == "cash_withdrawal" ? "trail ends"
                                                        : "not traced further";
    if (t.foreign) measure += "\nMLA";
    std::string where = t.country;
    if (!t.institution.empty()) where += (where.empty() ? "" : "\n") + t.institution;
    rows.push_back(
        {{Humanize(t.kind), t.subject + (t.description.empty() ? "" : "\n" + t.description),
          t.holder, where, std::to_string(t.hop), FormatMoney(r, t.amount), measure}});
  }
  w.Table({{"Kind", 55},
           {"Subject", 140},
           {"Holder", 100},
           {"Country / institution", 70},
           {"Hop", 22, Align::kRight},
           {"Amount (" + r.currency + ")", 58, Align::kRight},
           {"Measure", 50}},
          rows, kTableSize);
}

KeyValues FlagPairs(const Report& r, const FlagRow& f) {
  KeyValues kv = {{"Action", Humanize(f.action)},
                  {"Severity", f.severity},
                  {"Subject", f.subject_kind + " " + f.subject_id}};
  if (f.amount) kv.emplace_back("Amount", Money(r, *f.amount));
  if (!f.urgency.empty()) kv.emplace_back("Urgency", f.urgency);
  kv.emplace_back("Finding", f.sentence);
  if (!f.legal_basis.empty()) kv.emplace_back("Legal basis", f.legal_basis);
  std::vector<std::string> facts;
  for (const auto& [name, value] : f.facts) facts.push_back(Humanize(name) + ": " + value);
  if (!facts.empty()) kv.emplace_back("Facts", Join(facts, "\n"));
  if (!f.tx_ids.empty()) kv.emplace_back("Evidence", Join(f.tx_ids, ", "));
  if (!f.chain.empty()) kv.emplace_back("Chain", Join(f.chain, " \xE2\x86\x92 "));
  kv.emplace_back("Rule", f.rule_id);
  return kv;
}

void FlagsSection(Writer& w, const Report& r) {
  std::vector<KeyValues> flags;
  for (const FlagRow& f : r.flags) flags.push_back(FlagPairs(r, f));
  // A flag stays on one page when it can, and the heading with the first.
  auto height = [&](size_t i) {
    return std::min(w.bottom() - w.top() - 60, 25 + w.KeyValuesHeight(flags[i], 8.5f));
  };
  w.EnsureSpace(60 + (flags.empty() ? 0 : height(0)));
  w.Heading("7. Flags");
  if (r.flags.empty()) return w.Paragraph("The rulebook raised no flag.");
  if (r.as_of) w.Paragraph("Urgency measured at " + FormatTimestamp(*r.as_of) + ".", 8.5f);
  for (size_t i = 0; i < r.flags.size(); ++i) {
    const FlagRow& f = r.flags[i];
    w.EnsureSpace(height(i));
    w.Subheading(std::to_string(i + 1) + ". " + (f.title.empty() ? f.rule_id : f.title));
    w.KeyValues(flags[i], 8.5f);
  }
}

void ChartsSection(Writer& w, const Report& r) {
  w.EnsureSpace(70 + pdf::FlowChartHeight(w, r));  // the heading stays with the chart
  w.Heading("8. Flow of funds and timeline");
  pdf::DrawFlowChart(w, r, "Flow of funds");
  pdf::DrawTimeline(w, r, "Timeline");
}

void AnnexesSection(Writer& w, const Report& r) {
  const std::string title = "9. Annexes: mutual legal assistance";
  if (r.annexes.empty()) {
    w.Heading(title);
    return w.Paragraph("No proceeds reached a foreign state: there is no annex.");
  }
  for (size_t i = 0; i < r.annexes.size(); ++i) {
    const MlaAnnex& a = r.annexes[i];
    w.NewPage();
    if (i == 0) w.Heading(title);
    w.Subheading("Annex 9." + std::to_string(i + 1) + ": request to " + a.state);
    std::vector<std::string> measures;
    for (const std::string& m : a.measures) measures.push_back(Humanize(m));
    w.KeyValues({{"Requested state", a.state},
                 {"Case", r.header.case_id},
                 {"Received there", Money(r, a.received)},
                 {"Still held there", Money(r, a.held)},
                 {"Measures requested", Join(measures, ", ")}});
    w.Subheading("Facts");
    w.Paragraph(a.facts);
    w.Subheading("Legal basis");
    w.Paragraph(a.legal_basis);
    w.Subheading("Accounts");
    std::vector<TableRow> rows;
    for (const MlaAccount& m : a.accounts) {
      rows.push_back({{m.account, m.institution, m.holder, Time(m.first), Time(m.last),
                       FormatMoney(r, m.received), FormatMoney(r, m.held)}});
    }
    const std::string cur = " (" + r.currency + ")";
    w.Table({{"Account", 105},
             {"Institution", 68},
             {"Holder", 96},
             {"First", 52},
             {"Last", 52},
             {"Received" + cur, 61, Align::kRight},
             {"Held" + cur, 61, Align::kRight}},
            rows, kTableSize);
    w.Subheading("Transactions");
    w.Paragraph(a.tx_ids.empty() ? "none" : Join(a.tx_ids, ", "));
  }
}

void ProvenanceSection(Writer& w, const Report& r) {
  const Provenance& p = r.provenance;
  w.NewPage();
  w.Heading("10. Provenance");
  w.KeyValues({{"Engine", "moneytrail " + p.engine_version},
               {"Rulebook", p.rulebook_name + ", version " + std::to_string(p.rulebook_version)},
               {"Rulebook SHA-256", p.rulebook_sha256},
               {"Store fingerprint", p.store_fingerprint}},
              8.5f);
  w.Subheading("Parameters");
  KeyValues params;
  for (const auto& [name, value] : p.parameters) {
    params.emplace_back(name, value.empty() ? "(not set)" : value);
  }
  if (params.empty()) params.emplace_back("(none)", "");
  w.KeyValues(params, 8.5f);
  w.Subheading("Sources");
  std::vector<TableRow> rows;
  for (const SourceInfo& s : p.sources) {
    std::string handling = s.handling;
    if (s.handling == "intelligence") handling += s.consent ? "\nconsent" : "\nno consent";
    rows.push_back({{s.name, s.kind, s.sha256, std::to_string(s.size), s.origin, handling,
                     std::to_string(s.loaded) + " / " + std::to_string(s.duplicates) + " / " +
                         std::to_string(s.conflicts) + " / " + std::to_string(s.rejected)}});
  }
  w.Table({{"Name", 75},
           {"Kind", 55},
           {"SHA-256", 120},
           {"Bytes", 40, Align::kRight},
           {"Origin", 80},
           {"Handling", 55},
           {"Loaded / dup. / confl. / rej.", 70, Align::kRight}},
          rows, kTableSize);
  w.Paragraph(
      "Every figure above comes from a source record (file and line in the schedule), "
      "each file identified by its SHA-256. Re-running this engine version with these "
      "parameters and this rulebook on a store with this fingerprint gives the same "
      "report, byte for byte.",
      8.5f);
  if (!r.withheld.empty()) PrintWithheld(w, r);
}

}  // namespace

Result<std::string> RenderPdf(const Report& report, const PdfOptions& options) {
  Writer w("Case " + report.header.case_id);
  RETURN_IF_ERROR(w.Open(options.font_path, options.bold_font_path));
  w.NewPage();
  CaseSection(w, report);
  SeedsSection(w, report);
  MethodSection(w, report);
  ScheduleSection(w, report);
  ReconciliationSection(w, report);
  TerminalsSection(w, report);
  FlagsSection(w, report);
  ChartsSection(w, report);
  AnnexesSection(w, report);
  ProvenanceSection(w, report);
  return w.Finish();
}

}  // namespace moneytrail::report
