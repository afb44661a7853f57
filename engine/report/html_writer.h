// Internal to the HTML exporter (report_html.cc, html_sections.cc,
// html_findings.cc, svg_charts.cc): escaping, small formatting helpers and the
// section renderers. Not a public API; report_html.h is.
//
// Every renderer appends to `out` and escapes every string of the model with
// Escape(); literal markup is written only from constants of this exporter.
#ifndef MONEYTRAIL_ENGINE_REPORT_HTML_WRITER_H_
#define MONEYTRAIL_ENGINE_REPORT_HTML_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/timestamp.h"
#include "engine/report/report.h"

namespace moneytrail::report::html {

inline constexpr std::string_view kDash = "\xE2\x80\x94";  // —, for "nothing here"

// Safe in element text, in quoted attribute values and in SVG text: & < > " '
// become character references; C0 controls other than tab, newline and
// carriage return, DEL and invalid UTF-8 become U+FFFD.
std::string Escape(std::string_view text);

// FormatMoney() followed by the currency: "150000.00 EUR".
std::string Money(const Report& report, int64_t minor_units);

// Readable words for the model's codes ("cash_withdrawal" -> "Cash
// withdrawal", "confiscate_value" -> "Confiscate equivalent value"); an
// unknown code is returned as it is (callers escape it).
std::string KindLabel(std::string_view code);

// `text`, or kDash when it is empty.
std::string OrDash(std::string_view text);

// "1 account", "3 accounts".
std::string Count(uint64_t n, std::string_view singular, std::string_view plural);

// Appends "<td>text</td>" (escaped), "<td class="num">text</td>", and a <td>
// holding `markup` as it is (for cells built from escaped parts).
void Cell(std::string& out, std::string_view text);
void NumCell(std::string& out, std::string_view text);
void RawCell(std::string& out, std::string_view markup, std::string_view css_class = "");

// Appends "<td class="nowrap">2024-03-13T14:00:00Z</td>", kept on one line,
// and a transaction id's cell, kept on one line when short.
void TimeCell(std::string& out, Timestamp t);
void IdCell(std::string& out, std::string_view id);

// Appends a row of a two-column "name: value" table (class "kv"): the name
// escaped, `value_markup` as it is; `numeric` aligns the value right.
void KvRow(std::string& out, std::string_view name, std::string_view value_markup,
           bool numeric = false);

// Appends a small status marker: <span class="marker CLASS">text</span>.
void Marker(std::string& out, std::string_view css_class, std::string_view text);

// The sections, in document order (report_html.h lists their ids).
void RenderCaseHeader(const Report& report, std::string& out);
void RenderSeeds(const Report& report, std::string& out);
void RenderMethod(const Report& report, std::string& out);
void RenderSchedule(const Report& report, std::string& out);
void RenderReconciliation(const Report& report, std::string& out);
void RenderTerminals(const Report& report, std::string& out);
void RenderFlags(const Report& report, std::string& out);
void RenderFlowChart(const Report& report, std::string& out);
void RenderTimeline(const Report& report, std::string& out);
void RenderAnnexes(const Report& report, std::string& out);
void RenderProvenance(const Report& report, std::string& out);

// The withheld notice: the box before section 1 (`at_top`) or the part of the
// provenance section. Appends nothing when report.withheld.empty().
void RenderWithheld(const Report& report, bool at_top, std::string& out);

}  // namespace moneytrail::report::html

#endif  // MONEYTRAIL_ENGINE_REPORT_HTML_WRITER_H_
