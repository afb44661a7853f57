// Sections 8 and 9 of the HTML report: the flow-of-funds chart and the
// timeline as inline SVG. The geometry is chart_layout.h's, drawn as it is so
// that the PDF shows the same picture; this file only adds labels, colours,
// tooltips (<title>) and legends.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/report/chart_layout.h"
#include "engine/report/html_writer.h"

namespace moneytrail::report::html {
namespace {

constexpr char kArrow[] = " \xE2\x86\x92 ";  // →

// One colour per kind of node (chart) or schedule row (timeline), the same
// as the PDF's (pdf_charts.cc) so that both show the same picture; the same
// hue means the same thing in the chart and the timeline.
struct Swatch {
  std::string_view kind, color, legend;
};
constexpr Swatch kBandColors[] = {
    {"payer", "#33599e", "payer"},  // boxes only: no band ends at a payer
    {"account", "#1a8085", "to an account"},
    {"other", "#808080", "to other accounts (merged)"},
    {"cash", "#e07314", "cash withdrawal"},
    {"asset", "#389438", "asset purchase"},
    {"hop_limit", "#8c4c9e", "beyond the hop limit"},
};
constexpr Swatch kMarkColors[] = {
    {"seed", "#33599e", "seed (ransom)"},
    {"flow", "#1a8085", "flow"},
    {"cash_withdrawal", "#e07314", "cash withdrawal"},
    {"asset_purchase", "#389438", "asset purchase"},
    {"hop_limit", "#8c4c9e", "hop limit"},
};
constexpr std::string_view kNeutral = "#808080";

template <size_t N>
std::string_view ColorOf(const Swatch (&swatches)[N], std::string_view kind) {
  for (const Swatch& s : swatches) {
    if (s.kind == kind) return s.color;
  }
  return kNeutral;
}

std::string Int(int v) { return std::to_string(v); }
std::string Point(int x, int y) { return Int(x) + " " + Int(y); }

// A legend row at `y`: one swatch per kind in `present`, in the table's order.
template <size_t N>
void Legend(const Swatch (&swatches)[N], const std::vector<std::string_view>& present, int y,
            std::string_view opacity, std::string& out) {
  out += "<g class=\"legend\" font-size=\"9\">";
  int x = 0;
  for (const Swatch& s : swatches) {
    bool shown = false;
    for (std::string_view k : present) shown = shown || k == s.kind;
    if (!shown) continue;
    out += "<rect x=\"" + Int(x) + "\" y=\"" + Int(y - 8) + "\" width=\"12\" height=\"9\" fill=\"";
    out += s.color;
    out += "\" fill-opacity=\"";
    out += opacity;
    out += "\"/><text x=\"" + Int(x + 16) + "\" y=\"" + Int(y) + "\">";
    out += Escape(s.legend);
    out += "</text>";
    x += 30 + static_cast<int>(s.legend.size()) * 5;
  }
  out += "</g>\n";
}

// A label at (x, baseline y) with a white halo, so that it reads over bands.
void Label(std::string& out, int x, int y, std::string_view anchor, std::string_view font_size,
           std::string_view text) {
  out += "<text class=\"label\" x=\"" + Int(x) + "\" y=\"" + Int(y) + "\" text-anchor=\"";
  out += anchor;
  out += "\" font-size=\"";
  out += font_size;
  out += "\">";
  out += Escape(text);
  out += "</text>";
}

// The advance of a character at font size 10, in tenths of a unit, by class:
// DejaVu Sans's metrics, the widest of the fonts the style names, so that a
// label measured here is never wider in the browser or the PDF.
int Advance(unsigned char c) {
  if (c >= 0x80) return 70;  // a lead byte stands for the whole character
  if (std::string_view("ijlI.,:;!'| ").find(c) != std::string_view::npos) return 32;
  if (std::string_view("ftr()[]/-").find(c) != std::string_view::npos) return 40;
  if (std::string_view("mwMW@%").find(c) != std::string_view::npos) return 95;
  if (std::string_view("<>=+~").find(c) != std::string_view::npos) return 84;
  if (c >= 'A' && c <= 'Z') return 70;
  if (c >= '0' && c <= '9') return 64;
  return 61;
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Width of `text` at font size 10, in units.
int LabelWidth(std::string_view text) {
  int tenths = 0;
  for (char c : text) tenths += IsContinuation(c) ? 0 : Advance(static_cast<unsigned char>(c));
  return (tenths + 9) / 10;
}

// `text`, cut and ended with "…" where needed to be at most `room` units wide.
std::string FitLabel(std::string_view text, int room) {
  if (LabelWidth(text) <= room) return std::string(text);
  int tenths = 100;  // the ellipsis
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(text[i])) continue;
    tenths += Advance(static_cast<unsigned char>(text[i]));
    if (tenths > room * 10) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
  }
  return std::string(text);
}

// The room, in units, for the labels beside the boxes of each column: up to
// the next column's boxes. The last column's labels stand left of their boxes,
// so it shares one gap with the column before it: each side gets what its
// widest label needs when both fit, else the narrower keeps up to half.
std::vector<int> LabelRoom(const FlowChart& chart) {
  const size_t columns = chart.column_x.size();
  std::vector<int> room(columns, 200);
  if (columns < 2 || chart.nodes.empty()) return room;
  const int node_width = chart.nodes.front().width, kMargins = 10, kMin = 40;
  for (size_t c = 0; c + 2 < columns; ++c) {
    room[c] = std::max(kMin, chart.column_x[c + 1] - chart.column_x[c] - node_width - kMargins);
  }
  std::vector<int> widest(columns, 0);
  for (const ChartNode& n : chart.nodes) {
    const size_t c = static_cast<size_t>(n.column);
    if (c < columns) widest[c] = std::max(widest[c], LabelWidth(n.label));
  }
  const size_t a = columns - 2, b = columns - 1;
  const int shared = chart.column_x[b] - chart.column_x[a] - node_width - kMargins - 8;
  if (widest[a] + widest[b] <= shared) {
    room[a] = shared - widest[b];
    room[b] = shared - widest[a];
  } else {
    const size_t narrow = widest[a] <= widest[b] ? a : b, wide = narrow == a ? b : a;
    room[narrow] = std::min(widest[narrow], shared / 2);
    room[wide] = shared - room[narrow];
  }
  room[a] = std::max(kMin, room[a]);
  room[b] = std::max(kMin, room[b]);
  return room;
}

}  // namespace

void RenderFlowChart(const Report& report, std::string& out) {
  out += "<section id=\"flow-chart\">\n<h2>8. Flow of funds</h2>\n";
  const FlowChart chart = LayoutFlowChart(report);
  if (chart.nodes.empty() || chart.bands.empty()) {
    out += "<p>None: no proceeds moved.</p>\n</section>\n";
    return;
  }
  const int pad = 4, legend_height = 24;
  const int last_column = static_cast<int>(chart.column_x.size()) - 1;
  out += "<figure>\n<svg id=\"flow-chart-svg\" viewBox=\"" + Int(-pad) + " 0 " +
         Int(chart.width + 2 * pad) + " " + Int(chart.height + legend_height) + "\" width=\"" +
         Int(chart.width + 2 * pad) + "\" height=\"" + Int(chart.height + legend_height) +
         "\" role=\"img\" aria-label=\"Flow-of-funds chart\">\n";

  const int node_width = chart.nodes.front().width;
  out += "<g class=\"columns\" font-size=\"10\" font-weight=\"bold\">";
  for (size_t c = 0; c < chart.column_titles.size() && c < chart.column_x.size(); ++c) {
    const int column = static_cast<int>(c);
    const int x = chart.column_x[c];
    out += "<text x=\"";
    out += column == 0             ? Int(x) + "\" text-anchor=\"start"
           : column == last_column ? Int(x + node_width) + "\" text-anchor=\"end"
                                   : Int(x + node_width / 2) + "\" text-anchor=\"middle";
    out += "\" y=\"12\">" + Escape(chart.column_titles[c]) + "</text>";
  }
  out += "</g>\n";

  // Bands as filled cubic Béziers, largest first so that thin ones stay on top.
  std::vector<std::string_view> kinds;
  out += "<g class=\"bands\" fill-opacity=\"0.45\">\n";
  for (const ChartBand& b : chart.bands) {
    const ChartNode& from = chart.nodes[b.from];
    const ChartNode& to = chart.nodes[b.to];
    const int x1 = from.x + from.width, x2 = to.x, xm = (x1 + x2) / 2;
    const int y1 = b.from_y, y2 = b.to_y, t = b.thickness;
    kinds.push_back(to.kind);
    out += "<path d=\"M" + Point(x1, y1) + "C" + Point(xm, y1) + " " + Point(xm, y2) + " " +
           Point(x2, y2) + "L" + Point(x2, y2 + t) + "C" + Point(xm, y2 + t) + " " +
           Point(xm, y1 + t) + " " + Point(x1, y1 + t) + "Z\" fill=\"";
    out += ColorOf(kBandColors, to.kind);
    out += "\"><title>" + Escape(from.label) + kArrow + Escape(to.label) + ": " +
           Escape(Money(report, b.amount)) + "</title></path>\n";
  }
  out += "</g>\n<g class=\"nodes\">\n";

  // Boxes, then labels beside them: right of the box, left of it in the last
  // column. A label that would overlap the one above it in its column is left
  // out (the box keeps its tooltip) and counted in the caption.
  std::vector<int> label_bottom(chart.column_x.size(), 0);
  const std::vector<int> label_room = LabelRoom(chart);
  size_t omitted = 0;
  for (const ChartNode& n : chart.nodes) {
    out += "<rect x=\"" + Int(n.x) + "\" y=\"" + Int(n.y) + "\" width=\"" + Int(n.width) +
           "\" height=\"" + Int(n.height) + "\" fill=\"";
    out += ColorOf(kBandColors, n.kind);
    out += "\"><title>" + Escape(n.label) + ": " + Escape(Money(report, n.amount)) +
           "</title></rect>\n";
    const bool last = n.column == last_column && last_column > 0;
    const int x = last ? n.x - 5 : n.x + n.width + 5;
    const std::string_view anchor = last ? "end" : "start";
    const int cy = n.y + n.height / 2;
    const bool two_lines = n.height >= 26;
    const int top = two_lines ? cy - 10 : cy - 6;
    int& bottom = label_bottom[n.column];
    if (top < bottom) {
      ++omitted;
      continue;
    }
    Label(out, x, two_lines ? cy - 1 : cy + 4, anchor, "10",
          FitLabel(n.label, label_room[n.column]));
    if (two_lines) Label(out, x, cy + 10, anchor, "9", FormatMoney(report, n.amount));
    bottom = two_lines ? cy + 12 : cy + 5;
  }
  out += "</g>\n";
  Legend(kBandColors, kinds, chart.height + legend_height - 6, "0.45", out);
  out +=
      "</svg>\n<figcaption>Columns, left to right: the payers of the ransom, the accounts by "
      "the hop at which proceeds first reached them, and the exits. Box heights and band "
      "widths are proportional to the proceeds, in " +
      Escape(report.currency) + "; each box and band names its amount when pointed at.";
  if (chart.merged_nodes > 0) {
    out += " " + Escape(Count(chart.merged_nodes, "smaller account is", "smaller accounts are")) +
           " merged into \xE2\x80\x9cother accounts\xE2\x80\x9d.";
  }
  if (omitted > 0) {
    out += " " + Escape(Count(omitted, "label", "labels")) +
           " left out for lack of room; the tables above name every account.";
  }
  out += "</figcaption>\n</figure>\n</section>\n";
}

void RenderTimeline(const Report& report, std::string& out) {
  out += "<section id=\"timeline\">\n<h2>9. Timeline</h2>\n";
  const Timeline tl = LayoutTimeline(report);
  if (tl.marks.empty()) {
    out += "<p>None: no transaction carried proceeds.</p>\n</section>\n";
    return;
  }
  const int legend_height = 22;
  out += "<figure>\n<svg id=\"timeline-svg\" viewBox=\"0 0 " + Int(tl.width) + " " +
         Int(tl.height + legend_height) + "\" width=\"" + Int(tl.width) + "\" height=\"" +
         Int(tl.height + legend_height) + "\" role=\"img\" aria-label=\"Timeline\">\n";
  out += "<g class=\"axis\" stroke=\"#000\" stroke-width=\"1\"><line x1=\"0\" y1=\"" +
         Int(tl.axis_y) + "\" x2=\"" + Int(tl.width) + "\" y2=\"" + Int(tl.axis_y) + "\"/>";
  for (const auto& [x, text] : tl.ticks) {
    out += "<line x1=\"" + Int(x) + "\" y1=\"" + Int(tl.axis_y) + "\" x2=\"" + Int(x) + "\" y2=\"" +
           Int(tl.axis_y + 4) + "\"/>";
  }
  out += "</g>\n<g class=\"ticks\" font-size=\"9\" text-anchor=\"middle\">";
  for (const auto& [x, text] : tl.ticks) {
    out +=
        "<text x=\"" + Int(x) + "\" y=\"" + Int(tl.axis_y + 15) + "\">" + Escape(text) + "</text>";
  }
  out += "</g>\n<g class=\"marks\" fill-opacity=\"0.85\">\n";
  std::vector<std::string_view> kinds;
  const bool timed = tl.marks.size() == report.schedule.size();  // marks follow the schedule
  for (size_t i = 0; i < tl.marks.size(); ++i) {
    const TimelineMark& m = tl.marks[i];
    kinds.push_back(m.kind);
    out += "<rect x=\"" + Int(m.x - 1) + "\" y=\"" + Int(tl.axis_y - m.height) +
           "\" width=\"3\" height=\"" + Int(m.height) + "\" fill=\"";
    out += ColorOf(kMarkColors, m.kind);
    out += "\"><title>" + Escape(m.tx_id) + ", " + Escape(KindLabel(m.kind));
    if (timed) out += ", " + Escape(FormatTimestamp(report.schedule[i].timestamp));
    out += ": " + Escape(Money(report, m.tainted)) + "</title></rect>\n";
  }
  out += "</g>\n";
  Legend(kMarkColors, kinds, tl.height + legend_height - 6, "0.85", out);
  out += "</svg>\n<figcaption>From " + Escape(FormatTimestamp(tl.first)) + " to " +
         Escape(FormatTimestamp(tl.last)) +
         " (UTC). One bar per line of the tracing schedule, its height proportional to the "
         "proceeds it carried.</figcaption>\n</figure>\n</section>\n";
}

}  // namespace moneytrail::report::html
