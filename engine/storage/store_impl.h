// Internal to engine/storage: the column families, key builders and the
// Store::Impl shared by store.cc (opening, reading) and store_commit.cc
// (writing). Not a public header.
#ifndef MONEYTRAIL_ENGINE_STORAGE_STORE_IMPL_H_
#define MONEYTRAIL_ENGINE_STORAGE_STORE_IMPL_H_

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/account_number_table.h"
#include "engine/storage/ledger_snapshot.h"
#include "engine/storage/sst_buffer.h"
#include "engine/storage/store.h"

namespace moneytrail::storage {

enum Cf {
  kMeta,
  kSources,
  kTx,
  kTxId,
  kOut,
  kIn,
  kAccounts,
  kParties,
  kAssets,
  kCases,
  kFx,
  kAccountIds,
  kAccountNames,
  kLedger,  // the ledger snapshot (ledger_snapshot.h); may be absent when read-only
  kCfCount
};
inline constexpr const char* kCfNames[kCfCount] = {
    "meta",   "sources", "tx", "txid",        "out",           "in",    "accounts", "parties",
    "assets", "cases",   "fx", "account_ids", "account_names", "ledger"};

// Account numbers 0 and 1 stand for the two spellings of cash.
inline constexpr uint32_t kNumEmpty = 0;
inline constexpr uint32_t kNumCash = 1;
inline constexpr uint32_t kFirstAccountNum = 2;

Status FromRocks(const rocksdb::Status& s, const std::string& context);
// `cache`: the block cache shared by all families; nullptr = RocksDB's default.
rocksdb::ColumnFamilyOptions CfOptions(int cf,
                                       const std::shared_ptr<rocksdb::Cache>& cache = nullptr);
std::string TxKey(Timestamp ts, uint64_t seq);
// TxKey() into `out` (16 bytes), without allocating.
void EncodeTxKey(Timestamp ts, uint64_t seq, char* out);
std::string IndexKey(uint32_t account, Timestamp ts, uint64_t seq);

class Store::Impl {
 public:
  ~Impl();

  std::string path;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  Currency base;
  std::atomic<uint64_t> next_seq{1};
  std::atomic<uint32_t> next_source_id{1};
  bool read_only = false;
  uint64_t commit_counter = 0;
  // Commit()'s staging, cleared (not freed) after each commit; see sst_buffer.h.
  SstBuffer commit_buffers[kCfCount];  // kOut and kIn unused: see below
  IndexBuffer commit_out, commit_in;
  std::vector<std::string_view> commit_accounts;  // from, to of each transaction
  std::vector<uint32_t> commit_numbers;           // their numbers

  Result<std::optional<std::string>> Get(int cf, std::string_view key) const;
  // Calls fn(key, value) for keys starting with `prefix`, in order.
  Status Scan(int cf, std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& fn) const;
  // Keys in [lower, upper) of `cf`, in order; an empty `upper` means no bound.
  // A bulk scan reads ahead and bypasses the block cache (as Scan does for a
  // whole family); a small one (an account's window) does neither.
  Status ScanRange(int cf, const std::string& lower, const std::string& upper,
                   const std::function<bool(std::string_view, std::string_view)>& fn,
                   bool bulk = true) const;
  // The first and last key of `cf`, or empty strings when it is empty.
  Status KeyBounds(int cf, std::string* first, std::string* last) const;
  // Keys that cut the tx family into `parts` ranges of about equal time
  // span, for scans on several threads: parts + 1 keys, the first and the
  // last empty (no bound); range i is [keys[i], keys[i + 1]).
  Result<std::vector<std::string>> TxTimeSplits(size_t parts) const;

  // Account numbers: the number of an account id (std::nullopt when the store
  // has never seen it) and the id of a number. Cached; thread-safe.
  Result<std::optional<uint32_t>> AccountNum(std::string_view id) const;
  Result<std::string> AccountName(uint32_t num) const;
  // Reads every number once (writers, and whole-ledger scans).
  Status LoadAllAccountNames() const;
  // Point reads of names after which a read-only store reads them all.
  uint64_t NameReadsWorthALoad() const;
  // Writers only, after LoadAllAccountNames(): nums[i] = the number of
  // ids[i], assigning the next free one (and noting it in `fresh`) to an id
  // seen for the first time, in order; "" and "CASH" have their fixed numbers.
  // Batched, so that one lock and prefetches serve a whole commit.
  void InternAccounts(const std::vector<std::string_view>& ids, uint32_t* nums,
                      std::vector<std::pair<uint32_t, std::string>>* fresh);
  uint32_t next_account_num = kFirstAccountNum;
  // Undoes InternAccounts() for numbers >= `first` (a commit that failed).
  void ForgetAccountsFrom(uint32_t first);

  Status DecodeTx(std::string_view key, std::string_view value, Transaction* tx) const;

  // The ledger snapshot (ledger_snapshot.h). Whole-ledger scans read it only
  // when this is set (StoreOptions::read_ledger_snapshot) and it is current.
  bool read_ledger_snapshot = true;
  // meta "next_seq" as stored (next_seq above is this process's copy); 1
  // when nothing was ever committed.
  Result<uint64_t> StoredNextSeq() const;
  // Its header when it is present and stamped with the stored next_seq.
  Result<std::optional<LedgerSnapshotHeader>> CurrentLedgerSnapshot() const;
  // Replaces its header, durably, with a stale mark saying which blocks are
  // still exact (those before the one that holds `first_new`, the tx key of
  // the first transaction about to be committed). Before such a commit.
  Status MarkLedgerSnapshotStale(std::string_view first_new);
  // The whole ledger from the tx family, as Store::ForEachLedgerEntryInParts().
  Status ScanTxLedger(const std::vector<std::string>& splits,
                      const std::function<bool(size_t part, const Store::LedgerEntry&)>& fn) const;

  // Size and entry count of the out and in index families, measured once on
  // first use (ApproximateHistoryLength() scales by them).
  struct IndexMeasure {
    uint64_t bytes = 0;
    uint64_t entries = 0;
  };
  mutable IndexMeasure index_measure[2];  // out, in
  Status MeasureIndexes() const;

 private:
  mutable std::mutex names_mu_;
  mutable std::mutex load_names_mu_;  // held by LoadAllAccountNames(), never under names_mu_
  // Notes what a point read found, unless the table knows it already.
  void RememberLocked(std::string_view id, uint32_t num) const;
  mutable AccountNumberTable num_of_;  // both ways: id → number, number → id
  mutable bool all_names_loaded_ = false;
  mutable std::atomic<uint64_t> name_misses_{0};  // AccountName() point reads
  std::vector<uint64_t> intern_hashes_;           // InternAccounts() scratch, kept between commits
  mutable std::once_flag index_measure_once_;
  mutable Status index_measure_status_;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_STORE_IMPL_H_
