#include "engine/report/pdf_charts.h"

#include <algorithm>
#include <set>
#include <string>

#include "engine/report/chart_layout.h"

namespace moneytrail::report::pdf {
namespace {

// Node and bar colours by kind; bands take their target's colour, lightened.
Rgb KindColor(const std::string& kind) {
  if (kind == "payer" || kind == "seed") return {0.20f, 0.35f, 0.62f};
  if (kind == "account" || kind == "flow") return {0.10f, 0.50f, 0.52f};
  if (kind == "cash" || kind == "cash_withdrawal") return {0.88f, 0.45f, 0.08f};
  if (kind == "asset" || kind == "asset_purchase") return {0.22f, 0.58f, 0.22f};
  if (kind == "hop_limit") return {0.55f, 0.30f, 0.62f};
  return {0.50f, 0.50f, 0.50f};  // "other accounts" and anything new
}

Rgb Lighten(Rgb c, float by) {
  return {c.r + (1 - c.r) * by, c.g + (1 - c.g) * by, c.b + (1 - c.b) * by};
}

std::string Humanize(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// A row of coloured squares with their names, at the cursor.
void Legend(Writer& w, const std::vector<std::pair<std::string, Rgb>>& entries) {
  const float size = 7.5f;
  w.EnsureSpace(14);
  float x = w.left();
  for (const auto& [name, color] : entries) {
    const float need = 12 + w.TextWidth(name, size, Face::kRegular) + 14;
    if (x + need > w.left() + w.width() && x > w.left()) {
      w.Skip(12);
      x = w.left();
    }
    w.FillRect(x, w.y() + 1, 8, 8, color);
    w.Text(x + 11, w.y() + 8, name, size, Face::kRegular, Align::kLeft);
    x += need;
  }
  w.Skip(16);
}

bool Empty(const FlowChart& chart) {
  return chart.nodes.empty() || chart.width <= 0 || chart.height <= 0;
}

// Room right of the last column for the exits' labels: every label then sits
// right of its box, in the gap before the next column, and none collide.
constexpr float kExitLabels = 80;

// To the text width, and short enough to leave room for the legend on a page.
float Scale(const Writer& w, const FlowChart& chart) {
  const float room = w.bottom() - w.top() - 60;
  return std::min({1.0f, (w.width() - kExitLabels) / static_cast<float>(chart.width),
                   room / static_cast<float>(chart.height)});
}

float Height(const Writer& w, const FlowChart& chart) {
  return Empty(chart) ? 20 : static_cast<float>(chart.height) * Scale(w, chart) + 40;
}

}  // namespace

float FlowChartHeight(const Writer& w, const Report& report) {
  return Height(w, LayoutFlowChart(report));
}

void DrawFlowChart(Writer& w, const Report& report, const std::string& title) {
  const FlowChart chart = LayoutFlowChart(report);
  w.EnsureSpace(Height(w, chart) + 25);
  w.Subheading(title);
  if (Empty(chart)) return w.Paragraph("No proceeds moved: there is no flow of funds to draw.");
  const float scale = Scale(w, chart);
  const float label_size = 6.5f, line = label_size * 1.2f;
  const float ox = w.left(), oy = w.y();
  auto X = [&](int x) { return ox + static_cast<float>(x) * scale; };
  auto Y = [&](int y) { return oy + static_cast<float>(y) * scale; };
  const int last = static_cast<int>(chart.column_x.size()) - 1;

  const float gap = last > 0 ? X(chart.column_x[1]) - X(chart.column_x[0]) : w.width();
  for (int c = 0; c <= last; ++c) {
    const std::string& name = chart.column_titles[c];
    const float room = c == last ? w.left() + w.width() - X(chart.column_x[c]) : gap - 3;
    float size = 8;
    while (size > 5 && w.TextWidth(name, size, Face::kBold) > room) size -= 0.25f;
    w.Text(X(chart.column_x[c]), oy + 8, name, size, Face::kBold, Align::kLeft);
  }
  for (const ChartBand& b : chart.bands) {
    const ChartNode& from = chart.nodes[b.from];
    const ChartNode& to = chart.nodes[b.to];
    w.FillBand(X(from.x + from.width), Y(b.from_y), X(to.x), Y(b.to_y),
               std::max(0.6f, static_cast<float>(b.thickness) * scale),
               Lighten(KindColor(to.kind), 0.7f));
  }
  for (const ChartNode& n : chart.nodes) {
    w.FillRect(X(n.x), Y(n.y), static_cast<float>(n.width) * scale,
               std::max(1.0f, static_cast<float>(n.height) * scale), KindColor(n.kind));
  }

  // Labels right of their boxes, centred on them. Where a column's boxes are
  // too close, a label moves down, loses its amount line, and is left out
  // when it would end up beside another box: no label names the wrong box.
  // Names are cut with "…"; amounts shrink, and are left out rather than cut.
  std::vector<float> column_bottom(chart.column_x.size(), oy + 9.5f);  // below the titles
  float lowest = Y(chart.height);
  for (const ChartNode& n : chart.nodes) {
    const float node_top = Y(n.y);
    const float node_bottom = node_top + std::max(1.0f, static_cast<float>(n.height) * scale);
    const float centre = (node_top + node_bottom) / 2;
    int lines = 2;
    float top = 0;
    for (; lines > 0; --lines) {
      top = std::max(centre - line * static_cast<float>(lines) / 2, column_bottom[n.column]);
      if (top + line * static_cast<float>(lines) / 2 <= node_bottom + 3) break;
    }
    if (lines == 0) continue;
    const float x = X(n.x + n.width) + 3;
    const float room = n.column == last ? w.left() + w.width() - x : gap - (x - X(n.x)) - 5;
    w.Text(x, top + label_size, w.Fit(n.label, room, label_size, Face::kBold), label_size,
           Face::kBold, Align::kLeft);
    const std::string amount = FormatMoney(report, n.amount);
    float size = label_size;
    while (size > 5 && w.TextWidth(amount, size, Face::kRegular) > room) size -= 0.25f;
    if (lines == 2 && w.TextWidth(amount, size, Face::kRegular) <= room) {
      w.Text(x, top + label_size + line, amount, size, Face::kRegular, Align::kLeft, kGrey);
    }
    column_bottom[n.column] = top + static_cast<float>(lines) * line + 1;
    lowest = std::max(lowest, column_bottom[n.column]);
  }
  w.Skip(lowest - oy + 6);

  std::vector<std::pair<std::string, Rgb>> legend;
  std::set<std::string> seen;
  for (const ChartNode& n : chart.nodes) {
    if (seen.insert(n.kind).second) legend.emplace_back(Humanize(n.kind), KindColor(n.kind));
  }
  Legend(w, legend);
  std::string note =
      "Box heights: the proceeds that passed through each account or exit (figures in " +
      report.currency +
      "); band widths: the proceeds moved between them. Full account names are in the tables.";
  if (chart.merged_nodes > 0) {
    note += " " + std::to_string(chart.merged_nodes) +
            " smaller accounts are merged into \"other accounts\" boxes.";
  }
  w.Paragraph(note, 7.5f, Face::kRegular, kGrey);
}

void DrawTimeline(Writer& w, const Report& report, const std::string& title) {
  const Timeline t = LayoutTimeline(report);
  const bool empty = t.marks.empty() || t.width <= 0;
  const float scale = empty ? 1 : std::min(1.0f, w.width() / static_cast<float>(t.width));
  w.EnsureSpace((empty ? 20 : static_cast<float>(t.height) * scale + 40) + 25);
  w.Subheading(title);
  if (empty) return w.Paragraph("No schedule rows: there is no timeline to draw.");
  const float ox = w.left(), oy = w.y();
  auto X = [&](int x) { return ox + static_cast<float>(x) * scale; };
  auto Y = [&](int y) { return oy + static_cast<float>(y) * scale; };

  const float bar = std::max(1.5f, 4 * scale);
  for (const TimelineMark& m : t.marks) {
    const float h = std::max(0.8f, static_cast<float>(m.height) * scale);
    w.FillRect(X(m.x) - bar / 2, Y(t.axis_y) - h, bar, h, KindColor(m.kind));
  }
  w.DrawLine(X(0), Y(t.axis_y), X(t.width), Y(t.axis_y), kBlack, 0.8f);
  for (const auto& [x, label] : t.ticks) {
    w.DrawLine(X(x), Y(t.axis_y), X(x), Y(t.axis_y) + 3, kBlack, 0.6f);
    w.Text(X(x), Y(t.axis_y) + 11, label, 7, Face::kRegular, Align::kCenter);
  }
  w.Skip(std::max(static_cast<float>(t.height) * scale, Y(t.axis_y) + 14 - oy) + 4);

  static const char* const kKinds[] = {"seed", "flow", "cash_withdrawal", "asset_purchase",
                                       "hop_limit"};
  std::set<std::string> present;
  for (const TimelineMark& m : t.marks) present.insert(m.kind);
  std::vector<std::pair<std::string, Rgb>> legend;
  for (const char* kind : kKinds) {
    if (present.erase(kind)) legend.emplace_back(Humanize(kind), KindColor(kind));
  }
  for (const std::string& kind : present) legend.emplace_back(Humanize(kind), KindColor(kind));
  Legend(w, legend);
  int64_t largest = 0;
  for (const TimelineMark& m : t.marks) largest = std::max(largest, m.tainted);
  w.Paragraph("One bar per schedule row, placed by its time (UTC, " + FormatTimestamp(t.first) +
                  " to " + FormatTimestamp(t.last) + "); bar heights: the proceeds it carried " +
                  "(the tallest " + FormatMoney(report, largest) + " " + report.currency + ").",
              7.5f, Face::kRegular, kGrey);
}

}  // namespace moneytrail::report::pdf
