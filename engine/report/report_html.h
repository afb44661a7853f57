// The evidence report as one self-contained HTML5 document: to read in any
// browser, to print on A4, and to file with the court as it is.
//
// Self-contained: the styles are inline (<style>), the flow-of-funds chart and
// the timeline are inline SVG, and nothing else is loaded: no scripts, no
// event-handler attributes, no <link>, no fonts, no images, no URLs. The only
// links are fragment links ("#schedule") within the document. A
// Content-Security-Policy <meta> forbids everything but the inline styles, so
// the file stays inert even if a browser is tricked into reading more of it
// as markup than it should.
//
// Untrusted text: account ids, holder names, references, facts and every other
// string of the model come from banks, informants and suspects. All of them
// are escaped wherever they appear, in element text, in attribute values and
// inside the SVG alike (& < > " ' become character references; control
// characters and invalid UTF-8 become U+FFFD). An account named
// "<script>alert(1)</script>" is shown as exactly that text and does nothing.
// Amounts are printed with FormatMoney() and the report's currency, so they
// read the same in the HTML, the PDF, the JSON and the CSV.
//
// Sections, in this order, each an element with a fixed id that links and
// tests may rely on:
//   "case"            1. case header: id, title, opened, jurisdiction, the
//                        case's other attributes, claimants, ransom per currency
//   "seeds"           2. the ransom payments the trace starts from
//   "method"          3. the method used and its legal authority, beside the
//                        results of every method (the used one highlighted)
//   "schedule"        4. the tracing schedule, hop by hop, with running
//                        balances and LIBR low points
//   "reconciliation"  5. ReconciliationLine() verbatim (id
//                        "reconciliation-line"), the figures, per claimant
//   "terminals"       6. accounts to freeze, assets to seize, cash where the
//                        trail goes cold; foreign accounts are marked MLA
//   "flags"           7. the rulebook's flags: action, severity, subject,
//                        amount, urgency, legal basis, evidence
//   "flow-chart"      8. the flow-of-funds chart, drawn from LayoutFlowChart()
//   "timeline"        9. the timeline, drawn from LayoutTimeline()
//   "annexes"        10. one annex per foreign state (ids "annex-1", ...)
//   "provenance"     11. engine, parameters, rulebook, store, sources
// When report.withheld is not empty, a boxed notice (id "withheld-notice")
// stands before section 1 and the same facts close the provenance section
// (id "withheld"); when it is empty, neither element exists. Sections with
// nothing to show still appear, saying so ("None."), so the numbering and the
// ids never depend on the data.
//
// Printing: A4 portrait with margins and page numbers; the schedule and the
// two pictures print on A4 landscape pages, where their width fits. New pages
// begin where a reader expects a new part (the schedule, the pictures, the
// annexes, each annex, the provenance); table headers repeat on every page
// and rows are not split across pages.
//
// Reproducible: the output is a pure function of the report. It contains no
// wall-clock time, no random ids and no locale-dependent formatting, so the
// same report gives the same bytes, which the CLI may then hash.
//
// Thread safety: pure function; safe to call concurrently.
#ifndef MONEYTRAIL_ENGINE_REPORT_REPORT_HTML_H_
#define MONEYTRAIL_ENGINE_REPORT_REPORT_HTML_H_

#include <string>

#include "engine/report/report.h"

namespace moneytrail::report {

// Returns the whole document, UTF-8, starting "<!DOCTYPE html>" and ending
// with a newline. Never fails: any report, including one with an empty
// schedule, no flags and no annexes, gives a complete document.
std::string RenderHtml(const Report& report);

}  // namespace moneytrail::report

#endif  // MONEYTRAIL_ENGINE_REPORT_REPORT_HTML_H_
