#include "engine/query/query_render.h"
#include "engine/query/render_util.h"
#include "engine/trace/text_table.h"

namespace moneytrail::query {
namespace {

using internal::Json;

std::string AsJson(const ReachResult& r) {
  Json j;
  j["query"] = "reach";
  j["account"] = r.account;
  j["hops"] = r.options.hops;
  j["direction"] = std::string(WalkDirectionName(r.options.direction));
  j["max_fanout"] = r.options.max_fanout;
  j["found"] = r.found;
  j["truncated"] = r.truncated();
  j["truncated_by"] =
      r.truncated() ? std::vector<std::string>{"fanout"} : std::vector<std::string>{};
  j["hubs"] = r.hubs;
  j["by_hop"] = Json::array();
  for (size_t h = 0; h < r.by_hop.size(); ++h) {
    j["by_hop"].push_back({{"hop", h + 1}, {"accounts", r.by_hop[h]}});
  }
  return trace::internal::Dump(j);
}

std::string AsTable(const ReachResult& r) {
  std::string out = "Reach of " + r.account + ": " + std::to_string(r.options.hops) +
                    (r.options.hops == 1 ? " hop, " : " hops, ") +
                    std::string(WalkDirectionName(r.options.direction)) + ", " +
                    std::to_string(r.found) + " accounts\n";
  trace::TextTable t({"HOP", "ACCOUNTS", "WITHIN"}, {true, true, true});
  uint64_t within = 0;
  for (size_t h = 0; h < r.by_hop.size(); ++h) {
    within += r.by_hop[h];
    t.AddRow({std::to_string(h + 1), std::to_string(r.by_hop[h]), std::to_string(within)});
  }
  return out + t.Render() + TruncationNote(r);
}

std::string AsCsv(const ReachResult& r) {
  std::string out = internal::CsvLine({"hop", "accounts"});
  for (size_t h = 0; h < r.by_hop.size(); ++h) {
    out += internal::CsvLine({internal::Num(h + 1), internal::Num(r.by_hop[h])});
  }
  return out;
}

}  // namespace

std::string RenderReach(const ReachResult& r, OutputFormat format) {
  return internal::InFormat(
      format, [&] { return AsTable(r); }, [&] { return AsJson(r); }, [&] { return AsCsv(r); });
}

std::string TruncationNote(const ReachResult& r) {
  if (r.hubs == 0) return "";
  return "note: " + std::to_string(r.hubs) + (r.hubs == 1 ? " account" : " accounts") +
         " with more than " + std::to_string(r.options.max_fanout) +
         " transactions counted but not expanded (fan-out limit)\n";
}

}  // namespace moneytrail::query
