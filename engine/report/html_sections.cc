// Sections 1 to 5 of the HTML report: case, seeds, method, schedule,
// reconciliation.
#include <string>

#include "engine/report/html_writer.h"

namespace moneytrail::report::html {
namespace {

std::string SourceText(const SourceRef& source) {
  if (source.file.empty()) return std::string(kDash);
  return source.file + ":" + std::to_string(source.line);
}

void OptionalMoneyCell(const Report& report, std::string& out, const std::optional<int64_t>& v) {
  NumCell(out, v ? FormatMoney(report, *v) : std::string(kDash));
}

// "offence" -> "Offence": the case record's keys as row names.
std::string Capitalized(std::string_view key) {
  std::string out(key);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

}  // namespace

void RenderCaseHeader(const Report& report, std::string& out) {
  const CaseHeader& h = report.header;
  out += "<section id=\"case\">\n<h2>1. Case</h2>\n<table class=\"kv\"><tbody>\n";
  KvRow(out, "Case id", Escape(OrDash(h.case_id)));
  KvRow(out, "Title", Escape(OrDash(h.title)));
  KvRow(out, "Opened", Escape(OrDash(h.opened)));
  KvRow(out, "Jurisdiction", Escape(OrDash(h.jurisdiction)));
  for (const auto& [name, value] : h.attributes) {
    KvRow(out, Capitalized(name), "<span class=\"mono\">" + Escape(value) + "</span>");
  }
  std::string claimants;
  for (const std::string& c : h.claimants) {
    claimants += (claimants.empty() ? "" : ", ") + Escape(c);
  }
  KvRow(out, "Claimants", claimants.empty() ? std::string(kDash) : claimants);
  std::string ransom;
  for (const auto& [currency, amount] : h.ransom_by_currency) {
    ransom += "<span class=\"line\">" + Escape(amount) + " " + Escape(currency) + "</span>";
  }
  KvRow(out, "Ransom paid", ransom.empty() ? std::string(kDash) : ransom);
  KvRow(out, "Report currency",
        Escape(report.currency) + " (every amount of this report unless another is named)");
  out += "</tbody></table>\n</section>\n";
}

void RenderSeeds(const Report& report, std::string& out) {
  out += "<section id=\"seeds\">\n<h2>2. Seeds: the ransom payments</h2>\n";
  if (report.seeds.empty()) {
    out += "<p>None.</p>\n</section>\n";
    return;
  }
  out +=
      "<p class=\"note\">The payments the case names as ransom; the trace starts from them. "
      "Amounts in " +
      Escape(report.currency) + ".</p>\n";
  out +=
      "<table><thead><tr><th>Tx id</th><th>Time (UTC)</th><th>From</th><th>To</th>"
      "<th class=\"num\">Paid</th><th class=\"num\">Amount</th><th class=\"num\">Proceeds</th>"
      "<th>Claimant</th><th>Reference</th><th>Source</th></tr></thead>\n<tbody>\n";
  bool any_not_replayed = false;
  for (const SeedRow& s : report.seeds) {
    out += "<tr>";
    if (!s.replayed) {
      any_not_replayed = true;
      out += "<td>" + Escape(s.tx_id) + " ";
      Marker(out, "info", "not replayed");
      out += "</td>";
    } else {
      IdCell(out, s.tx_id);
    }
    TimeCell(out, s.timestamp);
    Cell(out, s.from_account.empty() ? "cash" : s.from_account);
    Cell(out, s.to_account);
    NumCell(out, s.original_amount + " " + s.original_currency);
    NumCell(out, FormatMoney(report, s.amount));
    NumCell(out, FormatMoney(report, s.tainted));
    Cell(out, s.claimant);
    std::string ref = Escape(OrDash(s.reference));
    if (!s.end_to_end_id.empty()) {
      ref += "<span class=\"sub\">end-to-end id " + Escape(s.end_to_end_id) + "</span>";
    }
    if (!s.uetr.empty()) ref += "<span class=\"sub\">UETR " + Escape(s.uetr) + "</span>";
    RawCell(out, ref);
    Cell(out, SourceText(s.source));
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  if (any_not_replayed) {
    out +=
        "<p class=\"note\">Seeds marked \xE2\x80\x9cnot replayed\xE2\x80\x9d lie after the "
        "end of the replay and count nowhere in this report.</p>\n";
  }
  out += "</section>\n";
}

void RenderMethod(const Report& report, std::string& out) {
  const Comparison& c = report.comparison;
  out +=
      "<section id=\"method\">\n<h2>3. Tracing method</h2>\n<div class=\"statement\">"
      "<p><strong>Method used: ";
  out += Escape(OrDash(report.method));
  out += "</strong></p>\n<p>";
  out += Escape(report.method_description);
  out += "</p>\n";
  if (report.until || report.max_hops) {
    out += "<p class=\"note\">";
    if (report.until) out += "Replay until " + Escape(FormatTimestamp(*report.until)) + ". ";
    if (report.max_hops)
      out += "Followed for at most " + Count(*report.max_hops, "hop", "hops") + ".";
    out += "</p>\n";
  }
  // The comparison stays on one page with its heading when it fits.
  out += "</div>\n<div class=\"keep\">\n<h3>The results of every method</h3>\n";
  if (c.methods.empty()) {
    out += "<p>No comparison.</p>\n</div>\n</section>\n";
    return;
  }
  out += "<p class=\"note\">Proceeds at each terminal point under each tracing method, in " +
         Escape(report.currency) + ". The column of the method used is highlighted.</p>\n";
  auto head = [&](size_t i) {
    return c.methods[i].method == report.method ? "<th class=\"num chosen\">"
                                                : "<th class=\"num\">";
  };
  auto cell = [&](size_t i) {
    return c.methods[i].method == report.method ? "<td class=\"num chosen\">"
                                                : "<td class=\"num\">";
  };
  out += "<table class=\"comparison\"><thead><tr><th>Terminal point</th><th>Kind</th>";
  for (size_t i = 0; i < c.methods.size(); ++i) {
    out += head(i) + Escape(c.methods[i].method);
    if (c.methods[i].method == report.method) out += "<span class=\"sub\">used</span>";
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const ComparisonRow& row : c.rows) {
    out += "<tr>";
    Cell(out, row.subject);
    Cell(out, KindLabel(row.kind));
    for (size_t i = 0; i < c.methods.size(); ++i) {
      out += cell(i);
      out += i < row.amounts.size() ? Escape(FormatMoney(report, row.amounts[i])) : kDash;
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n<tfoot>\n";
  const char* kTotals[] = {"Held", "Exited", "Conserved"};
  for (int t = 0; t < 3; ++t) {
    out += "<tr><th colspan=\"2\" scope=\"row\">";
    out += kTotals[t];
    out += "</th>";
    for (size_t i = 0; i < c.methods.size(); ++i) {
      const MethodSummary& m = c.methods[i];
      out += cell(i);
      if (t == 0) out += Escape(FormatMoney(report, m.held));
      if (t == 1) out += Escape(FormatMoney(report, m.exited));
      if (t == 2) Marker(out, m.conserved ? "ok" : "bad", m.conserved ? "yes" : "no");
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tfoot></table>\n</div>\n</section>\n";
}

void RenderSchedule(const Report& report, std::string& out) {
  out += "<section id=\"schedule\">\n<h2>4. Tracing schedule</h2>\n";
  if (report.schedule.empty()) {
    out += "<p>None: no transaction carried proceeds.</p>\n</section>\n";
    return;
  }
  const bool split = report.header.claimants.size() > 1;
  out +=
      "<p class=\"note\">Every transaction that carried proceeds, hop by hop, in replay order. "
      "Amounts in " +
      Escape(report.currency) + ". <em>Proceeds</em> is the part traced as proceeds under " +
      Escape(report.method) +
      "; balances are those after the transaction, of the whole account and of the proceeds in "
      "it. ";
  out +=
      "<span class=\"marker low\">low point</span> marks a debit that drew the sender down to "
      "its lowest intermediate balance: all that is left in it is proceeds.</p>\n";
  out +=
      "<table><thead><tr><th rowspan=\"2\">#</th><th rowspan=\"2\">Kind</th>"
      "<th rowspan=\"2\">Tx id</th><th rowspan=\"2\">Time (UTC)</th>"
      "<th rowspan=\"2\" class=\"num\">Hop</th><th rowspan=\"2\">From</th>"
      "<th rowspan=\"2\">To / asset</th><th rowspan=\"2\" class=\"num\">Amount</th>"
      "<th rowspan=\"2\" class=\"num\">Proceeds</th>";
  if (split) out += "<th rowspan=\"2\">By claimant</th>";
  out +=
      "<th colspan=\"2\">Sender after</th><th colspan=\"2\">Receiver after</th>"
      "<th rowspan=\"2\">Source</th></tr>\n<tr><th class=\"num\">Balance</th>"
      "<th class=\"num\">Proceeds</th><th class=\"num\">Balance</th>"
      "<th class=\"num\">Proceeds</th></tr></thead>\n<tbody>\n";
  size_t number = 0;
  for (const ScheduleRow& r : report.schedule) {
    out += "<tr>";
    NumCell(out, std::to_string(++number));
    Cell(out, KindLabel(r.kind));
    IdCell(out, r.tx_id);
    TimeCell(out, r.timestamp);
    NumCell(out, std::to_string(r.hop));
    Cell(out, r.from_account.empty() ? "cash" : r.from_account);
    if (!r.asset_id.empty()) {
      std::string to = "asset " + Escape(r.asset_id);
      if (!r.to_account.empty())
        to += "<span class=\"sub\">seller " + Escape(r.to_account) + "</span>";
      RawCell(out, to);
    } else {
      Cell(out,
           r.to_account.empty() ? (r.kind == "hop_limit" ? "not followed" : "cash") : r.to_account);
    }
    NumCell(out, FormatMoney(report, r.amount));
    NumCell(out, FormatMoney(report, r.tainted));
    if (split) {
      std::string parts;
      for (const auto& [claimant, amount] : r.by_claimant) {
        parts += "<span class=\"line\">" + Escape(claimant) + " " +
                 Escape(FormatMoney(report, amount)) + "</span>";
      }
      RawCell(out, parts, "nowrap");
    }
    OptionalMoneyCell(report, out, r.from_balance);
    if (r.low_point) {
      out += "<td class=\"num\">";
      out += r.from_tainted ? Escape(FormatMoney(report, *r.from_tainted)) : kDash;
      out += " ";
      Marker(out, "low", "low point");
      out += "</td>";
    } else {
      OptionalMoneyCell(report, out, r.from_tainted);
    }
    OptionalMoneyCell(report, out, r.to_balance);
    OptionalMoneyCell(report, out, r.to_tainted);
    Cell(out, SourceText(r.source));
    out += "</tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
}

void RenderReconciliation(const Report& report, std::string& out) {
  const Reconciliation& r = report.reconciliation;
  out +=
      "<section id=\"reconciliation\">\n<h2>5. Reconciliation</h2>\n"
      "<p id=\"reconciliation-line\">";
  out += Escape(ReconciliationLine(report));
  out += "</p>\n<table class=\"kv\"><tbody>\n";
  const std::string cur = " (" + Escape(report.currency) + ")";
  KvRow(out, "Seed total: proceeds named by the case" + cur,
        Escape(FormatMoney(report, r.seed_total)), true);
  KvRow(out, "Held in accounts" + cur, Escape(FormatMoney(report, r.held)), true);
  KvRow(out, "Exited by cash withdrawals" + cur, Escape(FormatMoney(report, r.exited_cash)), true);
  KvRow(out, "Exited by asset purchases" + cur, Escape(FormatMoney(report, r.exited_assets)), true);
  KvRow(out, "Exited beyond the hop limit" + cur, Escape(FormatMoney(report, r.exited_hop_limit)),
        true);
  KvRow(out, "Exited, total" + cur, Escape(FormatMoney(report, r.exited)), true);
  std::string result;
  Marker(result, r.conserved ? "ok" : "bad", r.conserved ? "reconciled" : "NOT reconciled");
  KvRow(out, "Seed total = held + exited", result, true);
  out += "</tbody></table>\n";
  if (r.inferred_funds > 0) {
    out +=
        "<div class=\"notice\" id=\"inferred-funds\"><p><strong>Warning: inferred funds.</strong> "
        "Debits of " +
        Escape(Count(r.inferred_accounts, "account", "accounts")) +
        " exceeded their known "
        "balance by " +
        Escape(Money(report, r.inferred_funds)) +
        " in total (TRACING.md, rule 4). The records of these accounts are incomplete; the "
        "figures above rest on funds the engine had to infer.</p></div>\n";
  }
  out += "<h3>Per claimant</h3>\n";
  if (r.by_claimant.empty()) {
    out += "<p>None.</p>\n</section>\n";
    return;
  }
  out +=
      "<table><thead><tr><th>Claimant</th><th class=\"num\">Seed total</th>"
      "<th class=\"num\">Held</th><th class=\"num\">Exited</th></tr></thead>\n<tbody>\n";
  for (const ClaimantReconciliation& c : r.by_claimant) {
    out += "<tr>";
    Cell(out, c.claimant);
    NumCell(out, FormatMoney(report, c.seed_total));
    NumCell(out, FormatMoney(report, c.held));
    NumCell(out, FormatMoney(report, c.exited));
    out += "</tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
}

}  // namespace moneytrail::report::html
