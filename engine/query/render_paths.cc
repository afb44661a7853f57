#include "engine/query/query_render.h"
#include "engine/query/render_util.h"
#include "engine/trace/text_table.h"

namespace moneytrail::query {
namespace {

using internal::Json;
using internal::Money;

std::vector<std::string> TruncatedBy(const PathResult& r) {
  std::vector<std::string> by;
  if (r.limit_reached) by.emplace_back("limit");
  if (r.hubs > 0) by.emplace_back("fanout");
  if (r.budget_exhausted) by.emplace_back("budget");
  if (r.search_cut) by.emplace_back("search");
  return by;
}

std::string Original(const PathStep& s) {
  return FormatMinorUnits(s.amount.minor_units, s.amount.currency.minor_digits());
}

std::string AsJson(const PathResult& r, const Currency& base) {
  Json j;
  j["query"] = "path";
  j["from"] = r.from;
  j["to"] = r.to;
  j["max_hops"] = r.options.max_hops;
  internal::FilterJson(r.options.filter, base, &j);
  j["currency"] = std::string(base.code());
  j["limit"] = r.options.limit;
  j["max_fanout"] = r.options.max_fanout;
  j["found"] = r.found;
  j["searched_hops"] = r.searched_hops;
  j["truncated"] = r.truncated();
  j["truncated_by"] = TruncatedBy(r);
  j["hubs"] = r.hubs;
  j["paths"] = Json::array();
  for (size_t i = 0; i < r.paths.size(); ++i) {
    const Path& p = r.paths[i];
    Json steps = Json::array();
    for (const PathStep& s : p.steps) {
      steps.push_back({{"tx_id", s.tx_id},
                       {"timestamp", FormatTimestamp(s.timestamp)},
                       {"from", s.from},
                       {"to", s.to},
                       {"amount", Money(s.minor, base)},
                       {"original_amount", Original(s)},
                       {"original_currency", std::string(s.amount.currency.code())}});
    }
    j["paths"].push_back({{"rank", i + 1},
                          {"hops", p.steps.size()},
                          {"amount", Money(p.amount_minor, base)},
                          {"first", FormatTimestamp(p.steps.front().timestamp)},
                          {"last", FormatTimestamp(p.steps.back().timestamp)},
                          {"steps", std::move(steps)}});
  }
  return trace::internal::Dump(j);
}

std::string AsTable(const PathResult& r, const Currency& base) {
  std::string out = "Chains from " + r.from + " to " + r.to + ": up to " +
                    std::to_string(r.options.max_hops) + " hops, currency " +
                    std::string(base.code()) + ", " + std::to_string(r.found) +
                    " found, searched up to " + std::to_string(r.searched_hops) + " hops\n";
  out += internal::FilterLine(r.options.filter, base);
  for (size_t i = 0; i < r.paths.size(); ++i) {
    const Path& p = r.paths[i];
    out += "\n#" + std::to_string(i + 1) + "  " + std::to_string(p.steps.size()) +
           (p.steps.size() == 1 ? " hop" : " hops") + ", amount " + Money(p.amount_minor, base) +
           "\n";
    trace::TextTable t({"TX", "TIMESTAMP", "FROM", "TO", "AMOUNT", "AS GIVEN"},
                       {false, false, false, false, true, true});
    for (const PathStep& s : p.steps) {
      t.AddRow({s.tx_id, FormatTimestamp(s.timestamp), s.from, s.to, Money(s.minor, base),
                Original(s) + " " + std::string(s.amount.currency.code())});
    }
    out += t.Render();
  }
  if (r.paths.empty()) out += "\nNo chain.\n";
  return out + TruncationNote(r);
}

std::string AsCsv(const PathResult& r, const Currency& base) {
  std::string out =
      internal::CsvLine({"path", "hops", "path_amount", "step", "tx_id", "timestamp", "from", "to",
                         "amount", "original_amount", "original_currency"});
  for (size_t i = 0; i < r.paths.size(); ++i) {
    const Path& p = r.paths[i];
    for (size_t k = 0; k < p.steps.size(); ++k) {
      const PathStep& s = p.steps[k];
      out += internal::CsvLine({internal::Num(i + 1), internal::Num(p.steps.size()),
                                internal::Num(Money(p.amount_minor, base)), internal::Num(k + 1),
                                s.tx_id, FormatTimestamp(s.timestamp), s.from, s.to,
                                internal::Num(Money(s.minor, base)), internal::Num(Original(s)),
                                std::string(s.amount.currency.code())});
    }
  }
  return out;
}

}  // namespace

std::string RenderPaths(const PathResult& r, const Currency& base, OutputFormat format) {
  return internal::InFormat(
      format, [&] { return AsTable(r, base); }, [&] { return AsJson(r, base); },
      [&] { return AsCsv(r, base); });
}

std::string TruncationNote(const PathResult& r) {
  std::vector<std::string> why;
  if (r.limit_reached) {
    why.push_back(std::to_string(r.paths.size()) + " chains shown (limit " +
                  std::to_string(r.options.limit) + "); " +
                  (r.found > r.paths.size() ? std::to_string(r.found) + " found up to " +
                                                  std::to_string(r.searched_hops) + " hops"
                                            : std::string("longer chains not searched")));
  }
  if (r.hubs > 0) {
    why.push_back(std::to_string(r.hubs) + (r.hubs == 1 ? " account" : " accounts") +
                  " with more than " + std::to_string(r.options.max_fanout) +
                  " transactions not passed through (fan-out limit)");
  }
  if (r.budget_exhausted) {
    why.push_back("the search stopped after reading " + std::to_string(r.entries_read) +
                  " index entries (entry budget)");
  }
  if (r.search_cut) why.push_back("too many partial chains to examine them all (search limit)");
  return why.empty() ? "" : "note: " + internal::Join(why, "; ") + "\n";
}

}  // namespace moneytrail::query
