#include "engine/query/query_render.h"
#include "engine/query/render_util.h"
#include "engine/trace/text_table.h"

namespace moneytrail::query {
namespace {

using internal::Json;
using internal::Money;

std::string Given(const Transaction& tx) {
  return FormatMinorUnits(tx.amount.minor_units, tx.amount.currency.minor_digits());
}

std::string HolderName(const TimelineResult& r) {
  if (r.holder) return r.holder->name;
  return r.account ? r.account->holder_name : "";
}

std::string AsJson(const TimelineResult& r, const Currency& base) {
  Json j;
  j["query"] = "timeline";
  j["account"] = r.account_id;
  j["holder_id"] = trace::internal::NullIfEmpty(r.account ? r.account->holder_id : "");
  j["holder_name"] = trace::internal::NullIfEmpty(HolderName(r));
  j["currency"] = std::string(base.code());
  j["since"] = trace::internal::OptionalTimestamp(r.options.since);
  j["until"] = trace::internal::OptionalTimestamp(r.options.until);
  j["opening_balance"] = Money(r.opening_minor, base);
  j["closing_balance"] = Money(r.closing_minor, base);
  j["found"] = r.found;
  j["truncated"] = r.truncated();
  j["transactions"] = Json::array();
  for (const TimelineEntry& e : r.entries) {
    j["transactions"].push_back({{"tx_id", e.tx.tx_id},
                                 {"timestamp", FormatTimestamp(e.tx.timestamp)},
                                 {"direction", e.outgoing ? "out" : "in"},
                                 {"counterparty", e.counterparty()},
                                 {"amount", Given(e.tx)},
                                 {"currency", std::string(e.tx.amount.currency.code())},
                                 {"base_amount", Money(e.signed_minor(), base)},
                                 {"balance", Money(e.balance_minor, base)}});
  }
  return trace::internal::Dump(j);
}

std::string AsTable(const TimelineResult& r, const Currency& base) {
  std::string code(base.code());
  std::string holder = HolderName(r);
  std::string out = "Timeline of " + r.account_id;
  if (r.account && !r.account->holder_id.empty()) {
    out += ", holder " + (holder.empty() ? "" : holder + " ") + "(" + r.account->holder_id + ")";
  }
  out += ", currency " + code + "\n";
  out += "Window " + (r.options.since ? FormatTimestamp(*r.options.since) : "start") + " .. " +
         (r.options.until ? FormatTimestamp(*r.options.until) : "end") + ": opening balance " +
         Money(r.opening_minor, base) + ", closing balance " + Money(r.closing_minor, base) + ", " +
         std::to_string(r.found) + " transactions\n\n";
  trace::TextTable t({"TIMESTAMP", "TX", "DIR", "COUNTERPARTY", "AS GIVEN", code, "BALANCE"},
                     {false, false, false, false, true, true, true});
  for (const TimelineEntry& e : r.entries) {
    t.AddRow({FormatTimestamp(e.tx.timestamp), e.tx.tx_id, e.outgoing ? "out" : "in",
              e.counterparty(), Given(e.tx) + " " + std::string(e.tx.amount.currency.code()),
              Money(e.signed_minor(), base), Money(e.balance_minor, base)});
  }
  return out + t.Render() + TruncationNote(r);
}

std::string AsCsv(const TimelineResult& r, const Currency& base) {
  std::string out = internal::CsvLine({"tx_id", "timestamp", "direction", "counterparty", "amount",
                                       "currency", "base_amount", "balance"});
  for (const TimelineEntry& e : r.entries) {
    out += internal::CsvLine({e.tx.tx_id, FormatTimestamp(e.tx.timestamp),
                              e.outgoing ? "out" : "in", e.counterparty(),
                              internal::Num(Given(e.tx)), std::string(e.tx.amount.currency.code()),
                              internal::Num(Money(e.signed_minor(), base)),
                              internal::Num(Money(e.balance_minor, base))});
  }
  return out;
}

}  // namespace

std::string RenderTimeline(const TimelineResult& r, const Currency& base, OutputFormat format) {
  return internal::InFormat(
      format, [&] { return AsTable(r, base); }, [&] { return AsJson(r, base); },
      [&] { return AsCsv(r, base); });
}

std::string TruncationNote(const TimelineResult& r) {
  if (!r.truncated()) return "";
  return "note: the first " + std::to_string(r.entries.size()) + " of " + std::to_string(r.found) +
         " transactions shown (limit " + std::to_string(r.options.limit) +
         "); the closing balance counts them all\n";
}

}  // namespace moneytrail::query
