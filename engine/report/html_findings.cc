// Sections 6, 7, 10 and 11 of the HTML report: terminal points, flags, MLA
// annexes, provenance, and the withheld notice.
#include <string>
#include <vector>

#include "engine/report/html_writer.h"

namespace moneytrail::report::html {
namespace {

constexpr std::string_view kArrow = " \xE2\x86\x92 ";  // →

std::string Joined(const std::vector<std::string>& items, std::string_view separator) {
  if (items.empty()) return std::string(kDash);
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += Escape(items[i]);
  }
  return out;
}

// One group of terminal points: a heading, a table and its total.
struct TerminalGroup {
  std::string_view kind, title, intro, subject_header;
};
constexpr TerminalGroup kGroups[] = {
    {"account", "Accounts holding proceeds: to freeze",
     "Proceeds still held at the end of the replay.", "Account"},
    {"asset", "Assets bought with proceeds: to seize",
     "Proceeds spent on assets, which may be seized or confiscated.", "Asset"},
    {"cash_withdrawal", "Cash withdrawals: where the trail goes cold",
     "Proceeds withdrawn in cash; equivalent value may be confiscated.", "Account"},
    {"hop_limit", "Hop limit: not followed further", "Proceeds that left the last hop followed.",
     "Account"},
};

void RenderTerminalGroup(const Report& report, const TerminalGroup& group,
                         const std::vector<const Terminal*>& terminals, std::string& out) {
  out += "<h3>" + Escape(group.title) + "</h3>\n";
  if (terminals.empty()) {
    out += "<p>None.</p>\n";
    return;
  }
  out += "<p class=\"note\">" + Escape(group.intro) + " Amounts in " + Escape(report.currency) +
         ".</p>\n<table><thead><tr><th>" + Escape(group.subject_header) +
         "</th><th>Holder</th><th>" + (group.kind == "asset" ? "Description" : "Institution") +
         "</th><th>Country</th><th class=\"num\">Hop</th><th class=\"num\">Proceeds</th>"
         "</tr></thead>\n<tbody>\n";
  int64_t total = 0;
  bool overflow = false;
  for (const Terminal* t : terminals) {
    out += "<tr>";
    Cell(out, t->subject);
    Cell(out, OrDash(t->holder));
    Cell(out, OrDash(group.kind == "asset" ? t->description : t->institution));
    std::string country = Escape(OrDash(t->country));
    if (t->foreign) {
      country += " ";
      Marker(country, "mla", "MLA");
    }
    RawCell(out, country);
    NumCell(out, std::to_string(t->hop));
    NumCell(out, FormatMoney(report, t->amount));
    out += "</tr>\n";
    overflow = overflow || __builtin_add_overflow(total, t->amount, &total);
  }
  out += "</tbody>\n";
  if (terminals.size() > 1 && !overflow) {
    out += "<tfoot><tr><th colspan=\"5\" scope=\"row\">Total</th>";
    NumCell(out, FormatMoney(report, total));
    out += "</tr></tfoot>";
  }
  out += "</table>\n";
}

}  // namespace

void RenderTerminals(const Report& report, std::string& out) {
  out += "<section id=\"terminals\">\n<h2>6. Terminal points</h2>\n";
  size_t foreign = 0;
  for (const Terminal& t : report.terminals) foreign += t.foreign ? 1 : 0;
  if (foreign > 0) {
    out += "<p>";
    Marker(out, "mla", "MLA");
    out += " " + Escape(Count(foreign, "terminal point lies", "terminal points lie")) +
           " in another state than " + Escape(report.header.jurisdiction) +
           "; measures there need mutual legal assistance (section 10).</p>\n";
  }
  std::vector<const Terminal*> other;
  for (const TerminalGroup& group : kGroups) {
    std::vector<const Terminal*> members;
    for (const Terminal& t : report.terminals) {
      if (t.kind == group.kind) members.push_back(&t);
    }
    if (members.empty() && group.kind == "hop_limit") continue;  // only when hops were capped
    RenderTerminalGroup(report, group, members, out);
  }
  for (const Terminal& t : report.terminals) {
    bool known = false;
    for (const TerminalGroup& group : kGroups) known = known || t.kind == group.kind;
    if (!known) other.push_back(&t);
  }
  if (!other.empty()) {
    RenderTerminalGroup(report, {"", "Other terminal points", "", "Subject"}, other, out);
  }
  out += "</section>\n";
}

void RenderFlags(const Report& report, std::string& out) {
  out += "<section id=\"flags\">\n<h2>7. Flags for action</h2>\n";
  if (report.flags.empty()) {
    out += "<p>None: no rule of the rulebook applies.</p>\n</section>\n";
    return;
  }
  out += "<p class=\"note\">What the rulebook (" + Escape(OrDash(report.provenance.rulebook_name)) +
         ") asks for, from the facts above";
  if (report.as_of) out += "; urgency measured at " + Escape(FormatTimestamp(*report.as_of));
  out += ".</p>\n";
  size_t number = 0;
  for (const FlagRow& f : report.flags) {
    out += "<article class=\"flag\">\n<h3>7." + std::to_string(++number) + " " +
           Escape(KindLabel(f.action)) + ": " + Escape(KindLabel(f.subject_kind)) + " " +
           Escape(f.subject_id) + " ";
    const bool severe = f.severity == "critical" || f.severity == "high";
    Marker(out, severe ? f.severity : "info", f.severity.empty() ? "no severity" : f.severity);
    out +=
        "</h3>\n<p><strong>" + Escape(f.sentence) + "</strong></p>\n<table class=\"kv\"><tbody>\n";
    KvRow(out, "Action", Escape(KindLabel(f.action)));
    KvRow(out, "Severity", Escape(OrDash(f.severity)));
    KvRow(out, "Subject", Escape(KindLabel(f.subject_kind) + " " + f.subject_id));
    KvRow(out, "Amount", f.amount ? Escape(Money(report, *f.amount)) : std::string(kDash));
    KvRow(out, "Urgency", Escape(OrDash(f.urgency)));
    KvRow(out, "Legal basis", Escape(OrDash(f.legal_basis)));
    std::string facts;
    for (const auto& [name, value] : f.facts) {
      facts += "<span class=\"line\">" + Escape(name) + ": " + Escape(value) + "</span>";
    }
    if (!facts.empty()) KvRow(out, "Facts", facts);
    KvRow(out, "Evidence (tx ids)", Joined(f.tx_ids, ", "));
    KvRow(out, "Chain of accounts", Joined(f.chain, kArrow));
    KvRow(out, "Rule", Escape(f.rule_id) + (f.title.empty() ? "" : ": " + Escape(f.title)));
    out += "</tbody></table>\n</article>\n";
  }
  out += "</section>\n";
}

void RenderAnnexes(const Report& report, std::string& out) {
  out += "<section id=\"annexes\">\n<h2>10. Annexes: mutual legal assistance</h2>\n";
  if (report.annexes.empty()) {
    out += "<p>None: no traced proceeds reached another state.</p>\n</section>\n";
    return;
  }
  size_t number = 0;
  for (const MlaAnnex& a : report.annexes) {
    const std::string n = std::to_string(++number);
    out += "<article class=\"annex\" id=\"annex-" + n + "\">\n<h3>Annex " + n + ": request to " +
           Escape(a.state) + "</h3>\n<table class=\"kv\"><tbody>\n";
    KvRow(out, "Requesting case",
          Escape(report.header.case_id + ", " + report.header.jurisdiction));
    KvRow(out, "Requested state", Escape(a.state));
    KvRow(out, "Facts", "<span class=\"pre\">" + Escape(a.facts) + "</span>");
    KvRow(out, "Legal basis", Escape(OrDash(a.legal_basis)));
    KvRow(out, "Proceeds received there", Escape(Money(report, a.received)));
    KvRow(out, "Proceeds held there", Escape(Money(report, a.held)));
    std::string measures;
    for (const std::string& m : a.measures) {
      measures += "<span class=\"line\">" + Escape(KindLabel(m)) + "</span>";
    }
    KvRow(out, "Measures requested", measures.empty() ? std::string(kDash) : measures);
    KvRow(out, "Transactions (tx ids)", Joined(a.tx_ids, ", "));
    out += "</tbody></table>\n<h4>Accounts</h4>\n";
    out +=
        "<table><thead><tr><th>Account</th><th>Institution</th><th>Holder</th>"
        "<th class=\"num\">Received</th><th class=\"num\">Held</th><th>First (UTC)</th>"
        "<th>Last (UTC)</th></tr></thead>\n<tbody>\n";
    for (const MlaAccount& acc : a.accounts) {
      out += "<tr>";
      Cell(out, acc.account);
      Cell(out, OrDash(acc.institution));
      Cell(out, OrDash(acc.holder));
      NumCell(out, FormatMoney(report, acc.received));
      NumCell(out, FormatMoney(report, acc.held));
      TimeCell(out, acc.first);
      TimeCell(out, acc.last);
      out += "</tr>\n";
    }
    out += "</tbody></table>\n<p class=\"note\">Amounts in " + Escape(report.currency) +
           ".</p>\n</article>\n";
  }
  out += "</section>\n";
}

void RenderProvenance(const Report& report, std::string& out) {
  const Provenance& p = report.provenance;
  out +=
      "<section id=\"provenance\">\n<h2>11. Provenance</h2>\n<p>Every figure of this report "
      "comes from the source records named in it (file and line) and can be reproduced: "
      "moneytrail " +
      Escape(OrDash(p.engine_version)) +
      ", run with the parameters below on a store with the fingerprint below, gives this "
      "report again, byte for byte.</p>\n<table class=\"kv\"><tbody>\n";
  KvRow(out, "Engine version", Escape(OrDash(p.engine_version)));
  KvRow(out, "Store fingerprint",
        "<span class=\"mono\">" + Escape(OrDash(p.store_fingerprint)) + "</span>");
  KvRow(
      out, "Rulebook",
      Escape(OrDash(p.rulebook_name)) + ", version " + Escape(std::to_string(p.rulebook_version)));
  KvRow(out, "Rulebook SHA-256",
        "<span class=\"mono\">" + Escape(OrDash(p.rulebook_sha256)) + "</span>");
  KvRow(out, "Report schema version", Escape(std::to_string(report.schema_version)));
  out += "</tbody></table>\n<h3>Parameters</h3>\n";
  if (p.parameters.empty()) {
    out += "<p>None.</p>\n";
  } else {
    out += "<table class=\"kv\"><tbody>\n";
    for (const auto& [name, value] : p.parameters) {
      KvRow(out, name, value.empty() ? "not set" : Escape(value));
    }
    out += "</tbody></table>\n";
  }
  out += "<h3>Sources</h3>\n";
  if (p.sources.empty()) {
    out += "<p>None.</p>\n";
  } else {
    out +=
        "<table><thead><tr><th>Name</th><th>Kind</th><th>SHA-256</th>"
        "<th class=\"num\">Bytes</th><th>Origin</th><th>Handling</th>"
        "<th class=\"num\">Loaded</th><th class=\"num\">Dupl.</th>"
        "<th class=\"num\">Confl.</th><th class=\"num\">Rejected</th></tr></thead>\n<tbody>\n";
    for (const SourceInfo& s : p.sources) {
      out += "<tr>";
      Cell(out, s.name);
      Cell(out, s.kind);
      RawCell(out, "<span class=\"mono\">" + Escape(OrDash(s.sha256)) + "</span>");
      NumCell(out, std::to_string(s.size));
      Cell(out, OrDash(s.origin));
      std::string handling = Escape(KindLabel(OrDash(s.handling)));
      if (s.handling == "intelligence") {
        handling += s.consent ? "<span class=\"sub\">consent to use in court</span>"
                              : "<span class=\"sub\">no consent to use in court</span>";
      }
      RawCell(out, handling);
      NumCell(out, std::to_string(s.loaded));
      NumCell(out, std::to_string(s.duplicates));
      NumCell(out, std::to_string(s.conflicts));
      NumCell(out, std::to_string(s.rejected));
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  RenderWithheld(report, /*at_top=*/false, out);
  out += "</section>\n";
}

void RenderWithheld(const Report& report, bool at_top, std::string& out) {
  const WithheldNotice& w = report.withheld;
  if (w.empty()) return;
  struct Withheld {
    size_t n;
    std::string_view singular, plural, title;
  };
  const Withheld kCounts[] = {{w.sources, "source", "sources", "Sources"},
                              {w.transactions, "transaction", "transactions", "Transactions"},
                              {w.accounts, "account", "accounts", "Accounts"},
                              {w.parties, "party", "parties", "Parties"},
                              {w.assets, "asset", "assets", "Assets"}};
  std::string counts;
  for (const Withheld& c : kCounts) {
    if (c.n == 0) continue;
    if (!counts.empty()) counts += ", ";
    counts += Count(c.n, c.singular, c.plural);
  }
  const std::string carried =
      w.amount > 0 ? "; withheld transactions carried " + Money(report, w.amount) + " of proceeds"
                   : "";
  if (at_top) {
    out +=
        "<aside class=\"notice\" id=\"withheld-notice\">\n<p><strong>Material withheld from "
        "this report.</strong> ";
    out += Escape(w.reason);
    out += "</p>\n<p>Withheld: " + Escape(counts + carried) +
           ". Withheld records appear under pseudonyms such as \xE2\x80\x9c[withheld 1]\xE2\x80\x9d"
           "; see section 11.</p>\n</aside>\n";
    return;
  }
  out += "<div class=\"notice\" id=\"withheld\">\n<h3>Withheld material</h3>\n<p>";
  out += Escape(w.reason);
  out += "</p>\n<table class=\"kv\"><tbody>\n";
  for (const Withheld& c : kCounts) KvRow(out, c.title, Escape(std::to_string(c.n)));
  KvRow(out, "Proceeds carried by withheld transactions", Escape(Money(report, w.amount)));
  out += "</tbody></table>\n</div>\n";
}

}  // namespace moneytrail::report::html
