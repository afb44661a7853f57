// moneytrail stats: what a store holds, and where it came from.
#include <nlohmann/json.hpp>

#include "engine/core/timestamp.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct StatsOptions {
  std::string db;
  std::string format = "table";
  std::string purpose;
};

std::string HandlingName(const SourceFile& s) {
  if (s.handling == Handling::kEvidence) return "evidence";
  return s.consent ? "intelligence (consent)" : "intelligence";
}

int Run(const StatsOptions& o) {
  // A usage error is reported before anything is opened.
  if (o.format != "table" && o.format != "json") {
    return Fail(Status::Usage("--format: '" + o.format + "' is not table or json"));
  }
  auto store = OpenStore(o.db, true);
  if (!store.ok()) return Fail(store.status());
  if (Status s = AuditRead(o.db, "stats", "", "", o.purpose); !s.ok()) return Fail(s);
  auto st = (*store)->Stats();
  if (!st.ok()) return Fail(st.status());
  auto sources = (*store)->ListSources();
  if (!sources.ok()) return Fail(sources.status());
  auto snapshot_current = (*store)->LedgerSnapshotCurrent();
  if (!snapshot_current.ok()) return Fail(snapshot_current.status());
  auto purchases_current = (*store)->PurchaseIndexCurrent();
  if (!purchases_current.ok()) return Fail(purchases_current.status());
  std::string out;
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["base_currency"] = std::string((*store)->base_currency().code());
    j["transactions"] = st->transactions;
    j["accounts"] = st->accounts;
    j["parties"] = st->parties;
    j["assets"] = st->assets;
    j["cases"] = st->cases;
    j["fx_rates"] = st->fx_rates;
    j["first"] = st->first ? nlohmann::ordered_json(FormatTimestamp(*st->first)) : nullptr;
    j["last"] = st->last ? nlohmann::ordered_json(FormatTimestamp(*st->last)) : nullptr;
    j["currencies"] = st->currencies;
    j["bytes_on_disk"] = st->bytes_on_disk;
    j["ledger_snapshot_current"] = *snapshot_current;
    j["purchase_index_current"] = *purchases_current;
    j["sources"] = nlohmann::ordered_json::array();
    for (const SourceFile& s : *sources) {
      j["sources"].push_back({{"source_id", s.source_id},
                              {"name", s.name},
                              {"kind", RecordKindName(s.kind)},
                              {"size", s.size},
                              {"sha256", s.sha256},
                              {"loaded_at", s.loaded_at},
                              {"origin", s.origin},
                              {"handling", HandlingName(s)},
                              {"complete", s.complete},
                              {"loaded", s.loaded},
                              {"duplicates", s.duplicates},
                              {"conflicts", s.conflicts},
                              {"rejected", s.rejected}});
    }
    out = j.dump(2) + "\n";
  } else if (o.format == "table") {
    out += "store          " + o.db + " (base currency " +
           std::string((*store)->base_currency().code()) + ")\n";
    out += "transactions   " + std::to_string(st->transactions) + "\n";
    out += "accounts       " + std::to_string(st->accounts) + "\n";
    out += "parties        " + std::to_string(st->parties) + "\n";
    out += "assets         " + std::to_string(st->assets) + "\n";
    out += "cases          " + std::to_string(st->cases) + "\n";
    out += "fx rates       " + std::to_string(st->fx_rates) + "\n";
    out += "date range     " +
           (st->first ? FormatTimestamp(*st->first) + " .. " + FormatTimestamp(*st->last) : "-") +
           "\n";
    std::string cur;
    for (const auto& [c, n] : st->currencies)
      cur += (cur.empty() ? "" : ", ") + c + " " + std::to_string(n);
    out += "currencies     " + (cur.empty() ? "-" : cur) + "\n";
    out += "bytes on disk  " + std::to_string(st->bytes_on_disk) + "\n";
    out +=
        std::string("ledger snapshot ") +
        (*snapshot_current ? "current" : "stale or absent (the next ingest or compact builds it)") +
        "\npurchase index " +
        (*purchases_current ? "current"
                            : "stale or absent (the next ingest or compact builds it)") +
        "\n\nsources\n";
    std::vector<std::vector<std::string>> rows;
    for (const SourceFile& s : *sources) {
      rows.push_back({"#" + std::to_string(s.source_id), s.name,
                      std::string(RecordKindName(s.kind)), std::to_string(s.loaded),
                      std::to_string(s.rejected),
                      HandlingName(s) + (s.origin.empty() ? "" : ", " + s.origin),
                      s.complete ? "complete" : "INTERRUPTED", s.loaded_at, s.sha256});
    }
    out += RenderTable(
        {"id", "file", "kind", "loaded", "rejected", "handling", "state", "loaded at", "sha256"},
        rows, {false, false, false, true, true});
  } else {
    return Fail(Status::Usage("--format: '" + o.format + "' is not table or json"));
  }
  return Fail(WriteOutput("-", out));
}

}  // namespace

void RegisterStats(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<StatsOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "stats",
      "Counts, date range, currencies and the source files of a store, with their SHA-256.",
      "  moneytrail stats --db store\n  moneytrail stats --db store --format json\n",
      [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--format", o->format, "table (default) or json");
  AddPurposeOption(cmd, &o->purpose);
}

}  // namespace moneytrail::cli
