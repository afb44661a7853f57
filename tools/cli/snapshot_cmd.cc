// moneytrail snapshot: a consistent copy of a store for the ranks of a
// distributed batch (or a backup), taken while readers carry on.
#include <chrono>
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {

void RegisterSnapshot(CLI::App& app, int* exit_code) {
  struct Options {
    std::string db, out, purpose;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "snapshot",
      "Writes a consistent copy of the store as it is now into a new directory (a RocksDB\n"
      "checkpoint: immutable files are hard-linked when the copy is on the same file system,\n"
      "copied otherwise). The copy opens like any store. For a distributed batch, copy it to\n"
      "each node's disk or put it on a shared file system, and give it to every rank:\n"
      "  mpirun -n 4 moneytrail trace --db SNAP --all-cases --out traces/\n"
      "Takes the store's write lock for a moment: not while an ingest runs. The store's audit\n"
      "trail and rejects are not part of the copy; taking it is recorded in the audit trail.",
      "  moneytrail snapshot --db store --out /shared/store-2024-06-30\n", [o] {
        auto opened = OpenStore(o->db, false);
        if (!opened.ok()) return Fail(opened.status());
        if (Status a = AuditRead(o->db, "snapshot", "", o->out, o->purpose); !a.ok())
          return Fail(a);
        auto begin = std::chrono::steady_clock::now();
        if (Status s = (*opened)->Checkpoint(o->out); !s.ok()) return Fail(s);
        std::cerr << "moneytrail: snapshot of " << o->db << " in " << o->out << " ("
                  << std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - begin)
                         .count()
                  << " ms)\n";
        return 0;
      });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--out", o->out, "New directory for the copy (must not exist)")->required();
  AddPurposeOption(cmd, &o->purpose);
}

}  // namespace moneytrail::cli
