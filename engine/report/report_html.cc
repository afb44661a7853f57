#include "engine/report/report_html.h"

#include <array>
#include <utility>

#include "engine/report/html_writer.h"

namespace moneytrail::report {
namespace html {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF), 0 if there is none.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t n = Utf8Length(text, i);
      if (n == 0) {
        out += kReplacement;
        ++i;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += static_cast<char>(c);
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += kReplacement;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

std::string Money(const Report& report, int64_t minor_units) {
  return FormatMoney(report, minor_units) + " " + report.currency;
}

std::string KindLabel(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kLabels = {{
      {"seed", "Seed"},
      {"flow", "Flow"},
      {"cash_withdrawal", "Cash withdrawal"},
      {"asset_purchase", "Asset purchase"},
      {"hop_limit", "Hop limit"},
      {"account", "Account"},
      {"asset", "Asset"},
      {"party", "Party"},
      {"jurisdiction", "State"},
      {"freeze", "Freeze"},
      {"seize", "Seize"},
      {"confiscate_value", "Confiscate equivalent value"},
      {"mla_request", "Request mutual legal assistance"},
      {"investigate", "Investigate"},
      {"produce_records", "Produce the account records"},
      {"evidence", "Evidence"},
      {"intelligence", "Intelligence"},
  }};
  for (const auto& [key, label] : kLabels) {
    if (key == code) return std::string(label);
  }
  return std::string(code);
}

std::string OrDash(std::string_view text) {
  return text.empty() ? std::string(kDash) : std::string(text);
}

std::string Count(uint64_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

void Cell(std::string& out, std::string_view text) {
  out += "<td>";
  out += Escape(text);
  out += "</td>";
}

void NumCell(std::string& out, std::string_view text) {
  out += "<td class=\"num\">";
  out += Escape(text);
  out += "</td>";
}

void RawCell(std::string& out, std::string_view markup, std::string_view css_class) {
  out += css_class.empty() ? "<td>" : "<td class=\"" + std::string(css_class) + "\">";
  out += markup;
  out += "</td>";
}

void TimeCell(std::string& out, Timestamp t) {
  out += "<td class=\"nowrap\">";
  out += Escape(FormatTimestamp(t));
  out += "</td>";
}

void IdCell(std::string& out, std::string_view id) {
  // Short ids stay whole ("T-1", not "T-" over "1"); long ones may wrap.
  out += id.size() <= 16 ? "<td class=\"nowrap\">" : "<td>";
  out += Escape(id);
  out += "</td>";
}

void KvRow(std::string& out, std::string_view name, std::string_view value_markup, bool numeric) {
  out += "<tr><th scope=\"row\">";
  out += Escape(name);
  out += numeric ? "</th><td class=\"num\">" : "</th><td>";
  out += value_markup;
  out += "</td></tr>\n";
}

void Marker(std::string& out, std::string_view css_class, std::string_view text) {
  out += "<span class=\"marker ";
  out += css_class;
  out += "\">";
  out += Escape(text);
  out += "</span>";
}

}  // namespace html

namespace {

// Sober print styles: black on white, one serif stack, thin rules; colour only
// in the pictures and the small status markers.
constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
    font: 8pt Georgia, "DejaVu Serif", serif; } }
@page wide { size: A4 landscape; margin: 14mm 14mm 16mm 14mm; }
html { background: #fff; color: #000; }
body { font: 10pt/1.35 Georgia, "Times New Roman", "DejaVu Serif", serif; max-width: 250mm;
  margin: 0 auto; padding: 10mm 6mm; }
h1 { font-size: 17pt; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; padding-bottom: 2pt; border-bottom: 0.75pt solid #000;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p { margin: 4pt 0; }
.doc-kind { font-variant: small-caps; letter-spacing: 0.05em; margin: 0; }
.case-title { font-size: 12pt; margin: 0 0 8pt; }
nav { font-size: 8.5pt; margin: 6pt 0 0; }
nav ol { margin: 2pt 0; padding-left: 0; list-style: none; columns: 3; }
a { color: inherit; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 8.5pt; }
th, td { border: 0.5pt solid #888; padding: 2pt 4pt; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
thead th { background: #eee; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tfoot th, tfoot td { border-top: 1pt solid #000; }
tr, .keep { break-inside: avoid; page-break-inside: avoid; }
table.kv th { width: 30%; font-weight: normal; background: #f6f6f6; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.num { text-align: right; }
.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 7.5pt;
  word-break: break-all; }
.nowrap { white-space: nowrap; }
#method { break-inside: avoid; page-break-inside: avoid; }
.line { display: block; }
.note { font-size: 8.5pt; color: #333; }
.pre { white-space: pre-line; }
.sub { display: block; font-size: 7.5pt; color: #333; }
.statement { border-left: 2pt solid #000; padding: 2pt 0 2pt 8pt; margin: 6pt 0 10pt; }
.notice { border: 1.5pt solid #000; padding: 6pt 8pt; margin: 10pt 0; break-inside: avoid; }
.notice h2, .notice h3 { margin-top: 0; border: 0; }
#reconciliation-line { font-weight: bold; border: 1pt solid #000; padding: 5pt 8pt; }
table.comparison .chosen { background: #e4e4e4; font-weight: bold; border-left: 1.25pt solid #000;
  border-right: 1.25pt solid #000; }
#schedule table { font-size: 7.5pt; }
.marker { display: inline-block; padding: 0 3pt; border: 0.75pt solid; border-radius: 2pt;
  font: bold 7pt/1.3 "DejaVu Sans", Arial, sans-serif; white-space: nowrap; }
.marker.ok { color: #1b5e20; }
.marker.bad, .marker.critical { color: #b00020; }
.marker.high, .marker.low { color: #9a4a00; }
.marker.mla, .marker.info { color: #0b4f8a; }
.flag { margin: 0 0 10pt; break-inside: avoid; page-break-inside: avoid; }
.flag h3 { margin-bottom: 2pt; }
figure { margin: 6pt 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 8.5pt; margin-top: 4pt; }
svg text { font-family: "DejaVu Sans", Arial, sans-serif; }
svg .label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
#schedule, #flow-chart, #timeline { page: wide; }
#schedule, #flow-chart, #timeline, #annexes, #provenance, .annex + .annex {
  break-before: page; page-break-before: always; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  #flow-chart svg { max-height: 140mm; }
}
)css";

constexpr std::string_view kContents[][2] = {
    {"case", "Case"},
    {"seeds", "Seeds"},
    {"method", "Tracing method"},
    {"schedule", "Tracing schedule"},
    {"reconciliation", "Reconciliation"},
    {"terminals", "Terminal points"},
    {"flags", "Flags for action"},
    {"flow-chart", "Flow of funds"},
    {"timeline", "Timeline"},
    {"annexes", "Annexes (MLA)"},
    {"provenance", "Provenance"},
};

}  // namespace

std::string RenderHtml(const Report& report) {
  using html::Escape;
  std::string out;
  out.reserve(64 * 1024 + report.schedule.size() * 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"moneytrail ";
  out += Escape(report.provenance.engine_version);
  out += "\">\n<title>Evidence report ";
  out += Escape(report.header.case_id);
  if (!report.header.title.empty()) out += " \xE2\x80\x94 " + Escape(report.header.title);
  out += "</title>\n<style>";
  out += kStyle;
  out +=
      "</style>\n</head>\n<body>\n<header>\n<p class=\"doc-kind\">Evidence report: tracing of "
      "ransom proceeds</p>\n<h1>Case ";
  out += Escape(report.header.case_id);
  out += "</h1>\n<p class=\"case-title\">";
  out += Escape(report.header.title);
  out += "</p>\n<nav aria-label=\"Contents\"><strong>Contents</strong><ol>";
  int number = 0;
  for (const auto& [id, title] : kContents) {
    out += "<li><a href=\"#";
    out += id;
    out += "\">" + std::to_string(++number) + ". ";
    out += title;
    out += "</a></li>";
  }
  out += "</ol></nav>\n</header>\n";
  html::RenderWithheld(report, /*at_top=*/true, out);
  html::RenderCaseHeader(report, out);
  html::RenderSeeds(report, out);
  html::RenderMethod(report, out);
  html::RenderSchedule(report, out);
  html::RenderReconciliation(report, out);
  html::RenderTerminals(report, out);
  html::RenderFlags(report, out);
  html::RenderFlowChart(report, out);
  html::RenderTimeline(report, out);
  html::RenderAnnexes(report, out);
  html::RenderProvenance(report, out);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace moneytrail::report
