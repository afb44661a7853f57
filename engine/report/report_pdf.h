// The evidence report as a PDF: the document a prosecutor files with the
// court and sends abroad with a request for assistance.
//
// A4 portrait, 50 pt margins, drawn with libharu. Every page carries a running
// head (case id, "Evidence report") and a foot ("page N"). Sections, in order:
//
//   1  case header; above it, when anything is withheld, a boxed notice
//      saying what and why
//   2  seeds (the ransom payments)
//   3  the tracing method and its legal authority; every method's results
//      side by side, the method used marked "(used)"
//   4  the tracing schedule, from a new page, with running balances and LIBR
//      low points ("LP"); column headers repeat on every page
//   5  reconciliation: ReconciliationLine() verbatim on one line, then the
//      figures per exit kind and per claimant
//   6  terminal points
//   7  flags: action, severity, subject, amount, urgency, sentence, legal
//      basis, evidence
//   8  the flow-of-funds chart and the timeline, drawn from LayoutFlowChart()
//      and LayoutTimeline() (chart_layout.h), scaled to the page width
//   9  one annex per foreign state, each from a new page
//   10 provenance, with the withheld notice repeated
//
// Amounts are FormatMoney() in the report's currency, times UTC. Text is
// printed as given (nothing is interpreted: "<script>" is eight characters);
// control characters print as spaces and malformed UTF-8 as U+FFFD.
// Characters the font lacks print as the font's empty box.
//
// Fonts: two TrueType files, embedded (glyphs used only), so that every name
// prints whatever its script. Nothing else is read from disk.
//
// Reproducible: the output is a pure function of the report and the font
// files. No dates, no document id, no wall clock: the same report gives the
// same bytes.
//
// Thread safety: RenderPdf is reentrant (each call owns its libharu document).
#ifndef MONEYTRAIL_ENGINE_REPORT_REPORT_PDF_H_
#define MONEYTRAIL_ENGINE_REPORT_REPORT_PDF_H_

#include <string>

#include "engine/core/status.h"
#include "engine/report/report.h"

namespace moneytrail::report {

struct PdfOptions {
  // TrueType fonts embedded so that every name prints (accents, Greek,
  // Cyrillic, ...). The defaults are Debian's fonts-dejavu-core paths.
  std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

// Renders `report` as a PDF and returns its bytes ("%PDF-1.x ... %%EOF").
//
// Errors: IOError naming the path when a font file cannot be read or is not
// a TrueType font libharu can embed; Internal when libharu fails otherwise
// (the message carries libharu's error and detail numbers). No partial output
// is returned and nothing is written anywhere.
Result<std::string> RenderPdf(const Report& report, const PdfOptions& options = {});

}  // namespace moneytrail::report

#endif  // MONEYTRAIL_ENGINE_REPORT_REPORT_PDF_H_
