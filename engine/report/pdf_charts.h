// Internal to report_pdf.cc: the flow-of-funds chart and the timeline drawn
// on a pdf::Writer from the geometry of chart_layout.h, scaled to the text
// width (never enlarged). Each is drawn under its `title` (a subheading) and
// starts a new page unless both fit below the cursor; it leaves the cursor
// below itself and its legend.
#ifndef MONEYTRAIL_ENGINE_REPORT_PDF_CHARTS_H_
#define MONEYTRAIL_ENGINE_REPORT_PDF_CHARTS_H_

#include <string>

#include "engine/report/pdf_writer.h"
#include "engine/report/report.h"

namespace moneytrail::report::pdf {

// LayoutFlowChart(report): bands first (light, largest first), then the node
// boxes, column titles and node labels (cut with "…" to the room between
// columns; the tables carry the full names). A sentence when nothing moved.
void DrawFlowChart(Writer& writer, const Report& report, const std::string& title);

// The height DrawFlowChart needs, without its title and legend, so that the
// caller can keep a heading with it.
float FlowChartHeight(const Writer& writer, const Report& report);

// LayoutTimeline(report): the axis, its tick labels, one bar per schedule row
// coloured by kind, and a legend of the kinds present.
void DrawTimeline(Writer& writer, const Report& report, const std::string& title);

}  // namespace moneytrail::report::pdf

#endif  // MONEYTRAIL_ENGINE_REPORT_PDF_CHARTS_H_
