// CasePlan: the kidnapping cases of the demo (see demo_data.h for their shape).
//
// Cases are planned in full before any transaction is written: their accounts
// go into the Population (so that accounts.csv lists them) and their payments
// become CaseEvents, which the traffic generator merges into the day-by-day
// stream. Transaction ids are only known when written, so the traffic generator
// fills in the seeds' and assets' tx ids through CaseEvent::seed / ::asset.
//
// Memory: O(cases) (about 30-50 events per case).
#ifndef MONEYTRAIL_TOOLS_DEMO_CASE_PLAN_H_
#define MONEYTRAIL_TOOLS_DEMO_CASE_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tools/demo/channel.h"
#include "tools/demo/demo_data.h"
#include "tools/demo/fx_table.h"
#include "tools/demo/out_file.h"
#include "tools/demo/population.h"

namespace moneytrail::demo {

struct CaseEvent {
  int64_t time = 0;            // seconds since the epoch, UTC
  uint32_t from = kNoAccount;  // kNoAccount = CASH
  uint32_t to = kNoAccount;
  int64_t amount = 0;  // in `cur` minor units
  int64_t base = 0;    // EUR cents, as the store will convert it
  Cur cur = kEur;
  Channel channel = Channel::kWire;
  std::string_view reference;  // static text
  uint32_t case_index = 0;
  int32_t seed = -1;   // index into the case's seeds, or -1
  int32_t asset = -1;  // index into assets, or -1
};

struct CaseSeed {
  std::string tx_id;     // filled in when written
  std::string claimant;  // empty = the case itself
  uint32_t payer = kNoAccount;
};

struct CaseRecord {
  std::string case_id;
  std::string title;
  std::string opened;
  std::vector<CaseSeed> seeds;
  uint32_t collector = kNoAccount;
  std::vector<uint32_t> mules;   // last = pass-through
  std::vector<uint32_t> abroad;  // [collector's wire, pass-through's wire]
  std::vector<uint32_t> assets;  // indexes into CasePlan::assets
  int64_t ransom_total = 0;      // EUR cents
};

struct AssetRecord {
  std::string asset_id;
  std::string kind;  // vehicle, real_estate
  std::string description;
  std::string registry_ref;
  std::string acquired_tx;        // filled in when written
  int64_t value = 0;              // EUR cents
  int32_t day = 0;                // acquired_on, days since the epoch
  uint32_t owner = kNoAccount;    // account whose holder owns it
  uint32_t account = kNoAccount;  // account that paid
};

class CasePlan {
 public:
  // Plans `cases` cases: adds their accounts (and the shared car dealers and
  // notaries) to `pop` and builds the events, sorted by time.
  void Build(uint32_t cases, uint64_t seed, Population& pop, const FxTable& fx);

  std::vector<CaseEvent>& events() { return events_; }
  std::vector<CaseRecord>& cases() { return cases_; }
  std::vector<AssetRecord>& assets() { return assets_; }

  // Writes assets.csv (header and rows); call after the transactions.
  void WriteAssets(const Population& pop, OutFile& out) const;
  // Writes cases.json; call after the transactions. Internal error if the
  // JSON library refuses the text.
  Status WriteCasesJson(OutFile& out) const;
  // The ids of what was hidden, for the summary.
  std::vector<DemoCase> Describe(const Population& pop) const;

 private:
  void BuildOne(uint32_t c, uint32_t cases, uint64_t seed, Population& pop, const FxTable& fx);

  std::vector<uint32_t> dealers_, notaries_;
  std::vector<CaseEvent> events_;
  std::vector<CaseRecord> cases_;
  std::vector<AssetRecord> assets_;
};

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_CASE_PLAN_H_
