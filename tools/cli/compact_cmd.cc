// moneytrail compact: rewrites a store's files into their bottom level after
// bulk loads, so that queries read each account's history from few files.
#include <chrono>
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {

void RegisterCompact(CLI::App& app, int* exit_code) {
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "compact",
      "Compacts the store: the files that bulk loads leave side by side are merged into\n"
      "RocksDB's bottom level. Nothing stored changes (the store's fingerprint stays the same);\n"
      "account histories, and so queries and `serve`, read from fewer files afterwards.\n"
      "Also builds the ledger snapshot, which whole-ledger traces read, again from the\n"
      "transactions (`ingest` keeps it current; this repairs a damaged one), with the index of\n"
      "the asset purchases' places beside it, which every trace reads.\n"
      "Needs the store to itself (no ingest or serve at the same time); takes minutes on\n"
      "10 million transactions.",
      "  moneytrail compact --db store\n", [db] {
        auto opened = OpenStore(*db, false);
        if (!opened.ok()) return Fail(opened.status());
        auto begin = std::chrono::steady_clock::now();
        Status s = (*opened)->Compact();
        if (!s.ok()) return Fail(s);
        // Rebuilt even when current: this is the remedy a damaged snapshot's
        // error names. After the compaction, which it would only slow down.
        auto packed = (*opened)->BuildLedgerSnapshot(storage::Store::LedgerBuild::kWhole);
        if (!packed.ok()) return Fail(packed.status());
        auto indexed = (*opened)->BuildPurchaseIndex();
        if (!indexed.ok()) return Fail(indexed.status());
        std::cerr << "moneytrail: compacted " << *db << " in "
                  << std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::steady_clock::now() - begin)
                         .count()
                  << " s\n";
        return 0;
      });
  cmd->add_option("--db", *db, "Store directory")->required();
}

}  // namespace moneytrail::cli
