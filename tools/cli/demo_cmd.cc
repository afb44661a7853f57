// moneytrail demo-data: a synthetic dataset with kidnapping cases hidden in it.
#include <cstdio>
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/common.h"
#include "tools/demo/demo_data.h"

namespace moneytrail::cli {
namespace {

int Run(demo::DemoOptions o) {
  if (o.out_dir.empty()) return Fail(Status::Usage("--out is required"));
  if (StderrIsTerminal()) {
    o.progress = [](uint64_t written, uint64_t total) {
      std::fprintf(stderr, "\rdemo-data: %llu / %llu transactions   ",
                   static_cast<unsigned long long>(written),
                   static_cast<unsigned long long>(total));
      if (written >= total) std::fprintf(stderr, "\n");
    };
  }
  auto summary = demo::WriteDemoData(o);
  if (!summary.ok()) return Fail(summary.status());
  std::cerr << "demo-data: " << summary->accounts << " accounts, " << summary->parties
            << " parties, " << summary->transactions << " transactions, " << summary->assets
            << " assets, " << summary->cases << " cases in " << o.out_dir << "\n";
  for (const auto& c : summary->demo_cases) {
    if (&c - summary->demo_cases.data() >= 5) {
      std::cerr << "  ... and " << summary->demo_cases.size() - 5 << " more cases\n";
      break;
    }
    std::cerr << "  case " << c.case_id << ": collector account " << c.collector_account << ", "
              << c.mule_accounts.size() << " mules\n";
  }
  for (const auto& f : summary->files) std::cout << f << "\n";
  return 0;
}

}  // namespace

void RegisterDemoData(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<demo::DemoOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "demo-data",
      "Write a realistic synthetic dataset (FORMATS.md files): ordinary traffic and, hidden in "
      "it,\n"
      "kidnapping cases — a ransom into a collector account, mules, cash just under the reporting\n"
      "threshold, transfers abroad, a car or flat bought, the rest parked. Deterministic for a "
      "seed.\n"
      "Prints the paths of the files written.",
      "  moneytrail demo-data --out demo\n"
      "  moneytrail demo-data --out big --accounts 200000 --transactions 10000000 --cases 1000\n",
      [o] { return Run(*o); });
  cmd->add_option("--out", o->out_dir, "Output directory (created if missing)")->required();
  cmd->add_option("--accounts", o->accounts, "Ordinary accounts (default 5000)");
  cmd->add_option("--transactions", o->transactions, "Transactions in total (default 200000)");
  cmd->add_option("--seed", o->seed, "Random seed (default 42)");
  cmd->add_option("--cases", o->cases, "Kidnapping cases hidden in the data (default 3)");
}

}  // namespace moneytrail::cli
