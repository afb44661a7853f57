#include "engine/report/chart_layout.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace moneytrail::report {
namespace {

__extension__ using Int128 = __int128;

// amount * num / den without overflow; den > 0.
int Scale(int64_t amount, int64_t num, int64_t den) {
  return static_cast<int>(static_cast<Int128>(amount) * num / den);
}

struct Builder {
  std::map<std::string, size_t> index;  // node key -> nodes
  std::vector<ChartNode> nodes;
  std::map<std::pair<size_t, size_t>, int64_t> band_amounts;

  size_t Node(const std::string& key, const std::string& kind, const std::string& label,
              int column) {
    auto [it, inserted] = index.emplace(key, nodes.size());
    if (inserted) nodes.push_back({kind, label, column});
    return it->second;
  }
};

std::string CashLabel(const std::string& account) {
  return account.empty() ? std::string("Cash") : account;
}

}  // namespace

FlowChart LayoutFlowChart(const Report& report, const ChartOptions& options) {
  // Account columns: 1 + the minimum hop at which proceeds reached the account.
  std::map<std::string, int> hop;
  auto note_hop = [&](const std::string& account, int h) {
    if (account.empty()) return;
    auto [it, inserted] = hop.emplace(account, h);
    if (!inserted) it->second = std::min(it->second, h);
  };
  for (const ScheduleRow& r : report.schedule) {
    if (r.kind == "seed" || r.kind == "flow") note_hop(r.to_account, r.hop);
  }
  for (const ScheduleRow& r : report.schedule) {
    if (r.kind != "seed" && !hop.count(r.from_account)) note_hop(r.from_account, r.hop);
  }
  int max_hop = 0;
  for (const auto& [account, h] : hop) max_hop = std::max(max_hop, h);
  const int exit_column = max_hop + 2;

  Builder b;
  auto account_node = [&](const std::string& account) {
    return b.Node("a:" + account, "account", CashLabel(account), 1 + hop[account]);
  };
  for (const ScheduleRow& r : report.schedule) {
    size_t from, to;
    if (r.kind == "seed") {
      from = b.Node("p:" + r.from_account, "payer",
                    r.from_account.empty() ? "Cash deposit" : r.from_account, 0);
      to = account_node(r.to_account);
    } else if (r.kind == "flow") {
      from = account_node(r.from_account);
      to = account_node(r.to_account);
    } else {
      from = account_node(r.from_account);
      if (r.kind == "asset_purchase") {
        to = b.Node("x:asset:" + r.asset_id, "asset", r.asset_id, exit_column);
      } else if (r.kind == "hop_limit") {
        to = b.Node("x:hop_limit", "hop_limit", "Hop limit", exit_column);
      } else {
        to = b.Node("x:cash", "cash", "Cash withdrawals", exit_column);
      }
    }
    if (from != to && r.tainted > 0) b.band_amounts[{from, to}] += r.tainted;
  }

  // Node amounts: the larger of what came in and what went out.
  std::vector<int64_t> in(b.nodes.size()), out(b.nodes.size());
  for (const auto& [key, amount] : b.band_amounts) {
    out[key.first] += amount;
    in[key.second] += amount;
  }
  for (size_t i = 0; i < b.nodes.size(); ++i) b.nodes[i].amount = std::max(in[i], out[i]);

  // Per column: largest first; past the cap, the rest becomes one "other" node.
  const int columns = exit_column + 1;
  std::vector<std::vector<size_t>> by_column(columns);
  for (size_t i = 0; i < b.nodes.size(); ++i) by_column[b.nodes[i].column].push_back(i);
  FlowChart chart;
  std::vector<size_t> remap(b.nodes.size());
  for (int c = 0; c < columns; ++c) {
    auto& col = by_column[c];
    std::sort(col.begin(), col.end(), [&](size_t x, size_t y) {
      return std::tie(b.nodes[y].amount, b.nodes[x].label) <
             std::tie(b.nodes[x].amount, b.nodes[y].label);
    });
    size_t keep = col.size();
    if (options.max_nodes_per_column > 1 &&
        col.size() > static_cast<size_t>(options.max_nodes_per_column)) {
      keep = options.max_nodes_per_column - 1;
    }
    for (size_t k = 0; k < keep; ++k) {
      remap[col[k]] = chart.nodes.size();
      chart.nodes.push_back(b.nodes[col[k]]);
    }
    if (keep < col.size()) {
      ChartNode other{"other", "other accounts (" + std::to_string(col.size() - keep) + ")", c};
      for (size_t k = keep; k < col.size(); ++k) {
        remap[col[k]] = chart.nodes.size();
        other.amount += b.nodes[col[k]].amount;
      }
      chart.merged_nodes += col.size() - keep;
      chart.nodes.push_back(other);
    }
  }
  std::map<std::pair<size_t, size_t>, int64_t> bands;
  for (const auto& [key, amount] : b.band_amounts) {
    size_t f = remap[key.first], t = remap[key.second];
    if (f != t) bands[{f, t}] += amount;
  }

  // Vertical scale: the fullest column fills column_height.
  std::vector<int64_t> column_total(columns);
  std::vector<int> column_count(columns);
  for (const ChartNode& n : chart.nodes) {
    column_total[n.column] += n.amount;
    ++column_count[n.column];
  }
  int max_count = 1;
  int64_t max_total = 1;
  for (int c = 0; c < columns; ++c) {
    max_count = std::max(max_count, column_count[c]);
    max_total = std::max(max_total, column_total[c]);
  }
  const int top = 20;  // room for the column titles
  const int64_t usable = std::max(40, options.column_height - (max_count - 1) * options.node_gap);
  chart.column_titles.resize(columns);
  chart.column_x.resize(columns);
  for (int c = 0; c < columns; ++c) {
    chart.column_titles[c] = c == 0             ? "Payers"
                             : c == exit_column ? "Exits"
                                                : "Hop " + std::to_string(c - 1);
    chart.column_x[c] = columns == 1 ? 0 : c * (options.width - options.node_width) / (columns - 1);
  }
  std::vector<int> cursor(columns, top);
  for (ChartNode& n : chart.nodes) {
    n.x = chart.column_x[n.column];
    n.y = cursor[n.column];
    n.width = options.node_width;
    n.height = std::max(2, Scale(n.amount, usable, max_total));
    cursor[n.column] += n.height + options.node_gap;
  }
  chart.width = options.width;
  chart.height = top;
  for (int c = 0; c < columns; ++c) chart.height = std::max(chart.height, cursor[c]);
  chart.height += 4;

  // Bands stack along each node's edge in the order of the nodes at the other end.
  std::vector<int> out_cursor(chart.nodes.size()), in_cursor(chart.nodes.size());
  for (size_t i = 0; i < chart.nodes.size(); ++i) out_cursor[i] = in_cursor[i] = chart.nodes[i].y;
  for (const auto& [key, amount] : bands) {
    ChartBand band{key.first, key.second, amount};
    band.thickness = std::max(1, Scale(amount, usable, max_total));
    band.from_y = out_cursor[key.first];
    out_cursor[key.first] += band.thickness;
    chart.bands.push_back(band);
  }
  std::vector<size_t> by_target(chart.bands.size());
  for (size_t i = 0; i < by_target.size(); ++i) by_target[i] = i;
  std::stable_sort(by_target.begin(), by_target.end(), [&](size_t x, size_t y) {
    return std::tie(chart.bands[x].to, chart.bands[x].from) <
           std::tie(chart.bands[y].to, chart.bands[y].from);
  });
  for (size_t i : by_target) {
    ChartBand& band = chart.bands[i];
    band.to_y = in_cursor[band.to];
    in_cursor[band.to] += band.thickness;
  }
  std::stable_sort(chart.bands.begin(), chart.bands.end(),
                   [](const ChartBand& x, const ChartBand& y) { return x.amount > y.amount; });
  return chart;
}

Timeline LayoutTimeline(const Report& report, int width, int height) {
  Timeline t;
  t.width = width;
  t.height = height;
  t.axis_y = height - 20;
  if (report.schedule.empty()) return t;
  t.first = t.last = report.schedule.front().timestamp;
  int64_t max_tainted = 1;
  for (const ScheduleRow& r : report.schedule) {
    t.first = std::min(t.first, r.timestamp);
    t.last = std::max(t.last, r.timestamp);
    max_tainted = std::max(max_tainted, r.tainted);
  }
  const int margin = 40;
  const int64_t span = t.last.micros - t.first.micros;
  auto x_of = [&](Timestamp ts) {
    if (span == 0) return width / 2;
    return margin + Scale(ts.micros - t.first.micros, width - 2 * margin, span);
  };
  for (const ScheduleRow& r : report.schedule) {
    t.marks.push_back({r.kind, r.tx_id, x_of(r.timestamp),
                       std::max(1, Scale(r.tainted, t.axis_y - 10, max_tainted)), r.tainted});
  }
  // Within two days: five ticks with times. Longer: ticks at midnights UTC,
  // every `step` days, so that no date repeats and the spacing is even.
  if (span < 2 * Timestamp::kMicrosPerDay) {
    const int ticks = span == 0 ? 1 : 5;
    for (int i = 0; i < ticks; ++i) {
      Timestamp ts{t.first.micros + (ticks == 1 ? 0 : span / (ticks - 1) * i)};
      std::string text = FormatTimestamp(ts);  // 2024-03-13T14:23:09Z
      t.ticks.emplace_back(x_of(ts), text.substr(5, 5) + " " + text.substr(11, 5));
    }
  } else {
    const int64_t day = Timestamp::kMicrosPerDay;
    const int64_t days = span / day + 1;
    const int64_t step = (days + 4) / 5;  // at most about six ticks
    for (int64_t m = (t.first.micros / day + 1) * day; m <= t.last.micros; m += step * day) {
      Timestamp ts{m};
      t.ticks.emplace_back(x_of(ts), FormatTimestamp(ts).substr(0, 10));
    }
  }
  return t;
}

}  // namespace moneytrail::report
