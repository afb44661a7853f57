// Renderings of the query results as text: a table for a terminal, JSON for
// programs (the same document a server would send), CSV for spreadsheets.
//
// Every rendering is a pure function of its arguments and ends with a
// newline: byte-identical on every run. Amounts are decimal strings with the
// base currency's minor digits ("1234.50"), in JSON too; instants are RFC 3339
// UTC ("2024-03-02T10:00:00Z"); an absent bound is JSON null. JSON is
// pretty-printed with a two-space indent, bad UTF-8 replaced by U+FFFD. CSV
// has a header row, CRLF line ends, and cells through CsvCell() (formula-like
// text neutralised, amounts left as numbers).
//
// JSON documents (fields in this order):
//   neighbors  query "neighbors", account, hops, direction, since, until,
//              min_amount, currency, limit, max_fanout, found, truncated,
//              truncated_by (of "limit", "fanout", "budget"), hubs,
//              neighbors [{account, hop, via, flow ("out", "in", "both"),
//              transactions, total, first, last, hub}]
//   linked     query "linked", id, party_id, parties, found, truncated,
//              max_parties_per_identifier, accounts [{account, holder_id,
//              holder_name, distance, links [{kind, value, with}]}],
//              ignored [{kind, value, parties}]
//   path       query "path", from, to, max_hops, since, until, min_amount,
//              currency, limit, max_fanout, found, searched_hops, truncated,
//              truncated_by (of "limit", "fanout", "budget", "search"), hubs,
//              paths [{rank, hops, amount, first, last, steps [{tx_id,
//              timestamp, from, to, amount, original_amount,
//              original_currency}]}]
//   timeline   query "timeline", account, holder_id, holder_name, currency,
//              since, until, opening_balance, closing_balance, found,
//              truncated, transactions [{tx_id, timestamp, direction,
//              counterparty, amount, currency, base_amount, balance}]
//              (amount and currency as given; base_amount signed)
//   reach      query "reach", account, hops, direction, max_fanout, found,
//              truncated, truncated_by (of "fanout"), hubs,
//              by_hop [{hop, accounts}]
//
// CSV rows: neighbors one per neighbour; linked one per account and link
// (an account without links has one row with empty link cells); path one per
// step; timeline one per transaction, the columns of `moneytrail account`;
// reach one per hop (hop, accounts).
// CSV has no room for the truncation facts: TruncationNote() says them in
// one line for the caller to print beside; the table ends with that line.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_ENGINE_QUERY_QUERY_RENDER_H_
#define MONEYTRAIL_ENGINE_QUERY_QUERY_RENDER_H_

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/currency.h"
#include "engine/query/linked.h"
#include "engine/query/neighbors.h"
#include "engine/query/paths.h"
#include "engine/query/reach.h"
#include "engine/query/timeline.h"

namespace moneytrail::query {

enum class OutputFormat { kTable, kJson, kCsv };
// "table", "json", "csv"; std::nullopt for anything else.
std::optional<OutputFormat> OutputFormatFromName(std::string_view name);

// `base` is the store's base currency, the one every amount is in.
std::string RenderNeighbors(const NeighborsResult& r, const Currency& base, OutputFormat format);
std::string RenderLinked(const LinkedResult& r, OutputFormat format);
std::string RenderPaths(const PathResult& r, const Currency& base, OutputFormat format);
std::string RenderTimeline(const TimelineResult& r, const Currency& base, OutputFormat format);
std::string RenderReach(const ReachResult& r, OutputFormat format);

// "note: ...\n" naming every limit that cut the result, with its value and
// what it left out; "" when the result is complete.
std::string TruncationNote(const NeighborsResult& r);
std::string TruncationNote(const LinkedResult& r);
std::string TruncationNote(const PathResult& r);
std::string TruncationNote(const TimelineResult& r);
std::string TruncationNote(const ReachResult& r);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_QUERY_RENDER_H_
