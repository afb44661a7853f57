#include "engine/query/query_render.h"
#include "engine/query/render_util.h"
#include "engine/trace/text_table.h"

namespace moneytrail::query {
namespace {

using internal::Json;
using internal::Money;

std::string_view FlowName(const Neighbor& n) {
  return n.sent_out && n.received_in ? "both" : n.sent_out ? "out" : "in";
}

std::vector<std::string> TruncatedBy(const NeighborsResult& r) {
  std::vector<std::string> by;
  if (r.limit_reached()) by.emplace_back("limit");
  if (r.hubs > 0) by.emplace_back("fanout");
  if (r.budget_exhausted) by.emplace_back("budget");
  return by;
}

std::string AsJson(const NeighborsResult& r, const Currency& base) {
  Json j;
  j["query"] = "neighbors";
  j["account"] = r.account;
  j["hops"] = r.options.hops;
  j["direction"] = std::string(WalkDirectionName(r.options.direction));
  internal::FilterJson(r.options.filter, base, &j);
  j["currency"] = std::string(base.code());
  j["limit"] = r.options.limit;
  j["max_fanout"] = r.options.max_fanout;
  j["found"] = r.found;
  j["truncated"] = r.truncated();
  j["truncated_by"] = TruncatedBy(r);
  j["hubs"] = r.hubs;
  j["neighbors"] = Json::array();
  for (const Neighbor& n : r.neighbors) {
    j["neighbors"].push_back({{"account", n.account},
                              {"hop", n.hop},
                              {"via", n.via},
                              {"flow", std::string(FlowName(n))},
                              {"transactions", n.transactions},
                              {"total", Money(n.total_minor, base)},
                              {"first", FormatTimestamp(n.first)},
                              {"last", FormatTimestamp(n.last)},
                              {"hub", n.hub}});
  }
  return trace::internal::Dump(j);
}

std::string AsTable(const NeighborsResult& r, const Currency& base) {
  std::string out = "Neighbors of " + r.account + ": " + std::to_string(r.options.hops) +
                    (r.options.hops == 1 ? " hop, " : " hops, ") +
                    std::string(WalkDirectionName(r.options.direction)) + ", currency " +
                    std::string(base.code()) + ", " + std::to_string(r.found) + " found\n";
  out += internal::FilterLine(r.options.filter, base) + "\n";
  trace::TextTable t({"HOP", "ACCOUNT", "VIA", "FLOW", "TXS", "TOTAL", "FIRST", "LAST", "HUB"},
                     {true, false, false, false, true, true, false, false, false});
  for (const Neighbor& n : r.neighbors) {
    t.AddRow({std::to_string(n.hop), n.account, n.via, std::string(FlowName(n)),
              std::to_string(n.transactions), Money(n.total_minor, base), FormatTimestamp(n.first),
              FormatTimestamp(n.last), n.hub ? "hub" : ""});
  }
  return out + t.Render() + TruncationNote(r);
}

std::string AsCsv(const NeighborsResult& r, const Currency& base) {
  std::string out = internal::CsvLine(
      {"hop", "account", "via", "flow", "transactions", "total", "first", "last", "hub"});
  for (const Neighbor& n : r.neighbors) {
    out += internal::CsvLine({internal::Num(static_cast<uint64_t>(n.hop)), n.account, n.via,
                              std::string(FlowName(n)), internal::Num(n.transactions),
                              internal::Num(Money(n.total_minor, base)), FormatTimestamp(n.first),
                              FormatTimestamp(n.last), n.hub ? "true" : "false"});
  }
  return out;
}

}  // namespace

std::optional<OutputFormat> OutputFormatFromName(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  return std::nullopt;
}

std::string RenderNeighbors(const NeighborsResult& r, const Currency& base, OutputFormat format) {
  return internal::InFormat(
      format, [&] { return AsTable(r, base); }, [&] { return AsJson(r, base); },
      [&] { return AsCsv(r, base); });
}

std::string TruncationNote(const NeighborsResult& r) {
  std::vector<std::string> why;
  if (r.limit_reached()) {
    why.push_back(std::to_string(r.neighbors.size()) + " of " + std::to_string(r.found) +
                  " neighbours shown (limit " + std::to_string(r.options.limit) + ")");
  }
  if (r.hubs > 0) {
    why.push_back(std::to_string(r.hubs) + (r.hubs == 1 ? " account" : " accounts") +
                  " with more than " + std::to_string(r.options.max_fanout) +
                  " transactions not expanded (fan-out limit)");
  }
  if (r.budget_exhausted) {
    why.push_back("the walk stopped after reading " + std::to_string(r.entries_read) +
                  " index entries (entry budget): farther neighbours may be missing");
  }
  return why.empty() ? "" : "note: " + internal::Join(why, "; ") + "\n";
}

}  // namespace moneytrail::query
