// Geometry of the report's two pictures, computed once so that the HTML (SVG)
// and the PDF draw the same chart:
//
//  - the flow-of-funds chart: columns left to right are the payers of the
//    ransom, then the accounts by hop (the minimum hop at which proceeds
//    reached them), then where the trail ends (cash, assets, hop limits). Each
//    node is a box whose height is the proceeds that passed through it; each
//    band joins two nodes with a thickness proportional to the proceeds that
//    moved between them (the schedule's rows, summed per pair of nodes).
//  - the timeline: one mark per schedule row, x by time, height by amount.
//
// Coordinates are integers in points (1/72 in), origin top left, y downwards.
// A column with more than `max_nodes_per_column` nodes keeps the largest and
// merges the rest into one "other accounts" node, so the chart stays legible
// whatever the case's size. Pure functions of the report: deterministic.
#ifndef MONEYTRAIL_ENGINE_REPORT_CHART_LAYOUT_H_
#define MONEYTRAIL_ENGINE_REPORT_CHART_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/report/report.h"

namespace moneytrail::report {

struct ChartOptions {
  int width = 760;          // the drawing area, points
  int column_height = 420;  // height of the tallest column's boxes + gaps
  int node_width = 14;
  int node_gap = 8;
  int max_nodes_per_column = 12;  // beyond: merged into "other accounts"
};

struct ChartNode {
  std::string kind;   // "payer", "account", "other", "cash", "asset", "hop_limit"
  std::string label;  // account id, asset id, "Cash", "other accounts (N)", ...
  int column = 0;
  int64_t amount = 0;  // proceeds through the node (max of in and out)
  int x = 0, y = 0, width = 0, height = 0;
};

// A band from nodes[from] to nodes[to]. It leaves the source's right edge
// between from_y and from_y + thickness and enters the target's left edge
// between to_y and to_y + thickness.
struct ChartBand {
  size_t from = 0, to = 0;
  int64_t amount = 0;
  int from_y = 0, to_y = 0, thickness = 1;
};

struct FlowChart {
  int width = 0, height = 0;
  std::vector<std::string> column_titles;  // "Payers", "Hop 0", ..., "Exits"
  std::vector<int> column_x;               // left edge of each column's boxes
  std::vector<ChartNode> nodes;            // by column, then top to bottom
  std::vector<ChartBand> bands;            // largest first: draw in order, thin ones on top
  size_t merged_nodes = 0;                 // accounts folded into "other" nodes
};

FlowChart LayoutFlowChart(const Report& report, const ChartOptions& options = {});

struct TimelineMark {
  std::string kind;  // the schedule row's kind
  std::string tx_id;
  int x = 0;       // centre
  int height = 0;  // >= 1, drawn upwards from the axis
  int64_t tainted = 0;
};

struct Timeline {
  int width = 0, height = 0;
  int axis_y = 0;  // the time axis
  Timestamp first, last;
  // Tick labels along the axis: (x, "2024-03-13") at midnights UTC, or
  // (x, "03-13 14:23") when everything happened within two days.
  std::vector<std::pair<int, std::string>> ticks;
  std::vector<TimelineMark> marks;  // schedule order
};

Timeline LayoutTimeline(const Report& report, int width = 760, int height = 160);

}  // namespace moneytrail::report

#endif  // MONEYTRAIL_ENGINE_REPORT_CHART_LAYOUT_H_
