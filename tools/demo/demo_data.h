// demo-data: a synthetic year of bank traffic (2024) with kidnapping cases
// hidden in it, written in the engine's interchange formats (FORMATS.md) so
// that `moneytrail ingest` and `trace` can be demonstrated and benchmarked.
//
// Files written into DemoOptions::out_dir:
//   parties.csv      party_id,name,kind,national_id,phone,email,address,device,
//                    nationality,birth_date
//   accounts.csv     account_id,holder_id,holder_name,institution,country,currency,
//                    opening_balance,opened,closed,kind
//   fx.csv           date,currency,rate   (units per 1 EUR, every day of 2023-2024
//                    for USD GBP CHF MXN COP AED)
//   transactions.csv tx_id,timestamp,from_account,to_account,amount,currency,channel,
//                    reference,end_to_end_id,uetr   (in time order; tx_id ascending,
//                    "T000000001"...; cash side written as "CASH")
//   assets.csv       asset_id,kind,description,owner_id,value,currency,registry_ref,
//                    acquired_tx,acquired_on,account_id
//   cases.json       {"cases":[{case_id,title,opened,jurisdiction,seeds:[{tx_id[,claimant]}]}]}
// Each file is written as "<name>.tmp" and renamed when complete.
//
// Ordinary traffic: salaries (monthly, from employers), rents, utility direct
// debits, card payments at shops (some abroad in USD/GBP), transfers between
// persons, ATM withdrawals, shops' cash deposits, invoices between companies,
// remittances to and from accounts abroad. Balances never go negative.
//
// A case (ids K-2024-001, ...; jurisdiction ES), ransom days spread over
// 20 January - 10 November:
//   victim family account(s) --ransom (seeds)--> collector  (families are ordinary
//     salaried persons who keep the ransom money aside until they pay it)
//   collector --within hours--> 4-8 mules; the last mule is a rapid pass-through
//     that forwards 85-95 % of each receipt abroad within 6-40 hours
//   other mules --> CASH: withdrawals of 9,000.00-9,949.99 EUR, hours apart,
//     while they hold 10,000 EUR or more
//   collector --> account abroad (CO, PA or AE), in EUR or USD, 1-4 days later
//   K-2024-001, -003, ... (odd numbers): collector --> car dealer (vehicle) and,
//     31-38 days later, collector --> notary (flat, real_estate)
//   K-2024-002, -004, ... (even numbers): first mule --> car dealer (vehicle), and
//     the wire abroad is paid in two halves, the second 31-38 days later
//   the rest stays parked in the collector and the mules.
// Each asset's acquired_tx is its payment; its value is at least the payment;
// its owner is the payer's holder (a flat: in half the cases the first mule's
// holder, a straw man).
// The collector is an ordinary salaried person until the ransom day, and one of
// its payments comes after its next salary, so fifo, libr and lifo disagree.
// From the ransom day it pays nothing ordinary, and mules never pay ordinary
// accounts, so taint stays in a small part of the graph. Mule holders share a
// phone, an address or a device (in turn) with the collector's holder. Every
// third case (K-2024-003, -006, ...) has two victims paying (seed claimants V1
// and V2); the others pay in one or two instalments (no claimant).
//
// Scale: memory is O(accounts + cases); transactions are generated day by day
// and streamed. Output is byte-identical for the same options on every platform.
//
// Thread safety: WriteDemoData may run concurrently for different out_dirs.
#ifndef MONEYTRAIL_TOOLS_DEMO_DEMO_DATA_H_
#define MONEYTRAIL_TOOLS_DEMO_DEMO_DATA_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::demo {

struct DemoOptions {
  std::string out_dir;             // created (with parents) if missing
  uint64_t accounts = 5000;        // ordinary accounts, 10 .. 10,000,000; case accounts
                                   // (about 10 per case, plus 7 sellers) come on top
  uint64_t transactions = 200000;  // total, cases' own included (exact unless the
                                   // cases alone, or monthly pay days, need more)
  uint64_t seed = 42;
  uint32_t cases = 3;  // 0 .. 10000
  // Optional: called about every million transaction rows, and once at the end
  // with written == total.
  std::function<void(uint64_t written, uint64_t total)> progress;
};

// What was hidden in case i (all ids as written in the files).
struct DemoCase {
  std::string case_id;                       // "K-2024-001"
  std::string collector_account;             // receives every ransom payment
  std::string collector_holder;              // its holder's party_id
  std::vector<std::string> victim_accounts;  // payer of each seed, in seed order
  std::vector<std::string> seed_tx_ids;
  std::vector<std::string> mule_accounts;  // the last one is the pass-through
  std::string pass_through_account;
  std::vector<std::string> foreign_accounts;  // [collector's wire, pass-through's wire]
  std::vector<std::string> asset_ids;         // vehicle, then the flat if any
  int64_t ransom_total_cents = 0;             // EUR
};

struct DemoSummary {
  uint64_t accounts = 0;  // rows of accounts.csv (ordinary + case accounts)
  uint64_t parties = 0;
  uint64_t transactions = 0;
  uint64_t assets = 0;
  uint64_t cases = 0;
  std::vector<std::string> files;  // full paths, in the order written
  std::vector<DemoCase> demo_cases;
};

// Writes the dataset described above. On success returns what was written.
// Errors: Usage for bad options (empty out_dir, accounts outside 10 .. 10,000,000,
// zero transactions, more than 10000 cases); IOError naming the path when out_dir
// cannot be created or a file cannot be written (no partial file is left under
// a final name; complete files of earlier steps may remain).
Result<DemoSummary> WriteDemoData(const DemoOptions& options);

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_DEMO_DATA_H_
