#include "tools/demo/demo_data.h"

#include <filesystem>
#include <system_error>

#include "engine/core/timestamp.h"
#include "tools/demo/case_plan.h"
#include "tools/demo/fx_table.h"
#include "tools/demo/out_file.h"
#include "tools/demo/population.h"
#include "tools/demo/traffic.h"

namespace moneytrail::demo {
namespace {

Status Validate(const DemoOptions& o) {
  if (o.out_dir.empty()) return Status::Usage("demo-data: the output directory is empty");
  if (o.accounts < 10) {
    return Status::Usage("demo-data: accounts must be at least 10, got " +
                         std::to_string(o.accounts));
  }
  if (o.accounts > 10'000'000) {
    return Status::Usage("demo-data: accounts must be at most 10000000, got " +
                         std::to_string(o.accounts));
  }
  if (o.transactions == 0) return Status::Usage("demo-data: transactions must be at least 1");
  if (o.transactions > 100'000'000'000ULL) {
    return Status::Usage("demo-data: transactions must be at most 100000000000");
  }
  if (o.cases > 10'000) {
    return Status::Usage("demo-data: cases must be at most 10000, got " + std::to_string(o.cases));
  }
  return Status::Ok();
}

// Opens `name` in the output directory, lets `fill` write it, and commits it
// unless `fill` fails (then the ".tmp" file is removed).
template <typename Fill>
Status WriteFile(const std::filesystem::path& dir, const char* name, DemoSummary* summary,
                 Fill&& fill) {
  std::string path = (dir / name).string();
  OutFile out;
  RETURN_IF_ERROR(out.Open(path));
  RETURN_IF_ERROR(fill(out));
  RETURN_IF_ERROR(out.Commit());
  summary->files.push_back(path);
  return Status::Ok();
}

}  // namespace

Result<DemoSummary> WriteDemoData(const DemoOptions& o) {
  RETURN_IF_ERROR(Validate(o));
  std::filesystem::path dir(o.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create directory '" + o.out_dir + "': " + ec.message());
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::IOError("'" + o.out_dir + "' is not a directory");
  }

  // Rates from 2023 on: accounts abroad were opened in 2023, and a store may
  // convert their opening balances at that date.
  const int64_t fx_first = DaysFromCivil(2023, 1, 1);
  FxTable fx(o.seed, fx_first, DaysFromCivil(2025, 1, 1) - fx_first);
  Population pop(o.seed, &fx);
  pop.AddOrdinary(o.accounts);
  CasePlan plan;
  plan.Build(o.cases, o.seed, pop, fx);
  const uint64_t case_tx = plan.events().size();
  const uint64_t ordinary = o.transactions > case_tx ? o.transactions - case_tx : 0;
  pop.Finish(ordinary);

  DemoSummary summary;
  {
    // Both come from the same identities, so they are written in one pass.
    OutFile parties, accounts;
    std::string parties_path = (dir / "parties.csv").string();
    std::string accounts_path = (dir / "accounts.csv").string();
    RETURN_IF_ERROR(parties.Open(parties_path));
    RETURN_IF_ERROR(accounts.Open(accounts_path));
    pop.Write(parties, accounts);
    RETURN_IF_ERROR(parties.Commit());
    RETURN_IF_ERROR(accounts.Commit());
    summary.files.push_back(parties_path);
    summary.files.push_back(accounts_path);
  }
  RETURN_IF_ERROR(WriteFile(dir, "fx.csv", &summary, [&](OutFile& out) {
    fx.Write(out);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(WriteFile(dir, "transactions.csv", &summary, [&](OutFile& out) {
    summary.transactions = WriteTraffic(o.seed, ordinary, pop, fx, plan, out, o.progress);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(WriteFile(dir, "assets.csv", &summary, [&](OutFile& out) {
    plan.WriteAssets(pop, out);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(WriteFile(dir, "cases.json", &summary,
                            [&](OutFile& out) { return plan.WriteCasesJson(out); }));

  summary.accounts = pop.size();
  summary.parties = pop.size();
  summary.assets = plan.assets().size();
  summary.cases = plan.cases().size();
  summary.demo_cases = plan.Describe(pop);
  return summary;
}

}  // namespace moneytrail::demo
