// Store: the only code that talks to RocksDB. It speaks domain records and
// hides keys, bytes and column families.
//
// Thread safety: a Store may be shared between threads for reading. Commit()
// calls must come from one writer at a time (the loader).
//
// On-disk layout, format version 2 (bump kFormatVersion when a line changes).
// BE = fixed-width big-endian; TS = timestamp in microseconds, sign-biased BE
// (8 bytes); SEQ = ingest sequence (8 bytes BE); ACC = account number (u32 BE,
// see "account numbers" below). Values of records are encoded by
// record_codec.h.
//
//   column family   key                         value
//   "meta"          "format_version"            decimal text, "2"
//                   "base_currency"             ISO 4217 code
//                   "next_seq"                  u64 BE: next ingest sequence
//                   "next_source_id"            u32 BE
//                   "next_account_num"          u32 BE
//   "sources"       "S" | source_id (u32 BE)    EncodeSourceFile()
//                   "H" | sha256 hex            source_id (u32 BE)
//   "tx"            TS | SEQ                    EncodeNumberedTransaction()
//   "txid"          tx_id                       TS | SEQ
//   "out"           ACC(from) | TS | SEQ        varint base amount | varint ACC(to)
//   "in"            ACC(to) | TS | SEQ          varint base amount | varint ACC(from)
//   "account_ids"   account id                  ACC
//   "account_names" ACC                         account id
//   "accounts"      account_id                  EncodeAccount()
//   "parties"       party_id                    EncodeParty()
//   "assets"        asset_id                    EncodeAsset()
//   "cases"         case_id                     EncodeCase()
//   "fx"            currency (3) | day (i64 sign-biased BE)   rate, u64 BE scaled by 10^9
//   "ledger"        "h"                         the ledger snapshot's header
//                   "b" | TS | SEQ              a block of ledger entries
//                   "p"                         the asset purchases' places (store_purchases.cc)
//
// The "ledger" family is derived data with a version of its own (see
// ledger_snapshot.h): a store without it is read without it, and a writer
// adds it, so stores from before it need no new format version.
//
// Account numbers: every account id a transaction names gets a number, in
// the order first seen (0 and 1 are the cash spellings "" and "CASH"). The
// indexes and transactions store numbers, not ids: 4-byte fixed keys sort and
// compare fast and keep the store under 80 bytes per transaction.
//
// Big-endian keys make byte order equal time order: the whole ledger replays
// as one scan of "tx" (or, packed, of "ledger"), and an account's history is
// one prefix scan of "out" or "in". Cash sides are not indexed.
//
// Writes go through Commit(), which builds sorted SST files and ingests them
// into every column family in one atomic step: a process killed at any moment
// leaves the store as it was before or after each commit, never between.
#ifndef MONEYTRAIL_ENGINE_STORAGE_STORE_H_
#define MONEYTRAIL_ENGINE_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/records.h"
#include "engine/core/status.h"

namespace moneytrail::storage {

inline constexpr uint32_t kFormatVersion = 2;

struct StoreOptions {
  // Create an empty store when `path` holds none. Default: true.
  bool create_if_missing = true;
  // Open without write access; several processes may read one store this way.
  bool read_only = false;
  // Base currency of a new store; ignored when the store exists. Default EUR.
  std::string base_currency = "EUR";
  // One block cache shared by every column family, in bytes; 0 = RocksDB's
  // small default per family. A long-lived reader (`serve`) wants it large:
  // account histories then stay in memory between queries.
  size_t block_cache_bytes = 0;
  // Open as a RocksDB secondary of a store another process may be writing:
  // it sees what was committed when it opened (RocksDB keeps its own files in
  // this directory). Read-only; what it sees depends on when it opened, so a
  // secondary is not a reproducible view: use a checkpoint for that.
  std::string secondary_dir;
  // Whole-ledger scans (ForEachLedgerEntry*) read the ledger snapshot when it
  // is current. false: always the transactions themselves. The entries are
  // the same either way; tests and benchmarks compare the two.
  bool read_ledger_snapshot = true;
};

// Everything one Commit() writes, all or nothing. Records must already be
// validated and de-duplicated by the caller; Commit() writes what it is given.
struct WriteSet {
  std::vector<Transaction> transactions;  // seq assigned by the caller
  std::vector<Account> accounts;
  std::vector<Party> parties;
  std::vector<Asset> assets;
  std::vector<Case> cases;
  std::vector<FxRate> fx_rates;
  std::optional<SourceFile> source;  // written (replacing) when present
  std::optional<uint64_t> next_seq;  // new value of meta "next_seq"
  std::optional<uint32_t> next_source_id;

  size_t RecordCount() const {
    return transactions.size() + accounts.size() + parties.size() + assets.size() + cases.size() +
           fx_rates.size();
  }
};

// One entry of an account's history, from the "out" or "in" index.
struct AccountTxEntry {
  Timestamp timestamp;
  uint64_t seq = 0;
  int64_t base_minor = 0;
  std::string counterparty;  // the other side's account ("" or CASH for cash)
};

enum class Direction { kOut, kIn };

struct StoreStats {
  uint64_t transactions = 0, accounts = 0, parties = 0, assets = 0, cases = 0, fx_rates = 0;
  std::optional<Timestamp> first, last;
  std::map<std::string, uint64_t> currencies;  // transactions per original currency
  uint64_t bytes_on_disk = 0;                  // SST files of every column family
};

// A per-currency FX history; lookups return the rate valid on a day.
class FxTable {
 public:
  void Add(const FxRate& rate);
  // The rate of the latest date <= `day`, std::nullopt when there is none.
  std::optional<Rate> Find(std::string_view currency, int64_t day) const;
  // The rate given for exactly `day`, std::nullopt when there is none.
  std::optional<Rate> FindExact(std::string_view currency, int64_t day) const;
  size_t size() const;

 private:
  std::map<std::string, std::map<int64_t, Rate>, std::less<>> rates_;
};

class Store {
 public:
  // Opens (or creates) the store at `path`. Fails with kFormatVersion when the
  // store was written by another format version, kNotFound when it is missing
  // and `create_if_missing` is false, kIOError when RocksDB cannot open it.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const;
  const Currency& base_currency() const;
  // Next ingest sequence and source id, as last committed.
  uint64_t next_seq() const;
  uint32_t next_source_id() const;

  // Writes all of `set` or none of it, durably (see the header comment).
  Status Commit(const WriteSet& set);

  // Compacts every column family into its bottom level. Bulk loads leave
  // many overlapping files; afterwards an account's history is again read
  // from one file per level, which is what queries need. Not on read-only.
  Status Compact();

  // Writes a consistent, self-contained copy of the store as it is now into
  // `dir`, which must not exist: a RocksDB checkpoint, hard-linking immutable
  // files where `dir` is on the same file system. The copy opens like any
  // store and is what every rank of a distributed batch reads. Not on
  // read-only or secondary stores (RocksDB needs to hold file deletions).
  Status Checkpoint(const std::string& dir) const;

  // Point lookups: the record, std::nullopt if absent, or an error on I/O
  // failure or corruption (never "absent" for an error).
  Result<std::optional<Transaction>> GetTransaction(std::string_view tx_id) const;
  // Where a transaction sits in replay order, from the id index alone: a
  // fraction of GetTransaction(), which also reads and decodes the record.
  struct TxPosition {
    Timestamp timestamp;
    uint64_t seq = 0;
  };
  Result<std::optional<TxPosition>> PositionOf(std::string_view tx_id) const;
  // PositionOf() for many ids at once: (*positions)[i] is that of tx_ids[i].
  // One batched lookup, whose blocks are not kept in the block cache: it
  // serves a reader that wants them once (a ledger's asset purchases).
  Status PositionsOf(const std::vector<std::string>& tx_ids,
                     std::vector<std::optional<TxPosition>>* positions) const;
  // Every asset that names the transaction that bought it (acquired_tx), in
  // asset id order, with that transaction's place: std::nullopt when the
  // store does not hold it (bought outside the data). From the purchase
  // index when it is current, else looked up as PositionsOf() does; the same
  // answer either way.
  struct AssetPurchase {
    std::string asset_id;
    std::optional<TxPosition> at;
  };
  Result<std::vector<AssetPurchase>> AssetPurchases() const;
  // Writes that index, kept in the ledger snapshot's family, unless it is
  // current; true when it wrote. Any load of assets or transactions makes it
  // stale (it records what it was built from), never wrong. Writers only:
  // `ingest` and `compact` call it after the ledger snapshot.
  Result<bool> BuildPurchaseIndex();
  // Whether that index is present and built from what the store holds now.
  Result<bool> PurchaseIndexCurrent() const;
  Result<std::optional<Account>> GetAccount(std::string_view id) const;
  Result<std::optional<Party>> GetParty(std::string_view id) const;
  Result<std::optional<Asset>> GetAsset(std::string_view id) const;
  Result<std::optional<Case>> GetCase(std::string_view id) const;
  Result<std::optional<SourceFile>> FindSourceBySha256(std::string_view sha256) const;

  // Which of `tx_ids` exist: one lookup per id, batched. `found` gets one flag per id.
  Status TransactionsExist(const std::vector<std::string>& tx_ids, std::vector<bool>* found) const;

  // Scans, each in key order; a callback returning false stops the scan early.
  // Transactions come in replay order: (timestamp, ingest sequence).
  Status ForEachTransaction(const std::function<bool(const Transaction&)>& fn) const;

  // The whole ledger in replay order, reduced to what a replay needs: one
  // LedgerEntry per transaction, accounts as their store numbers (0 and 1 are
  // the two spellings of cash; AccountIdOf() turns a number into its id).
  // Several times faster than ForEachTransaction: nothing but numbers is decoded.
  struct LedgerEntry {
    Timestamp timestamp;
    uint64_t seq = 0;
    uint32_t from = 0, to = 0;
    int64_t base_minor = 0;
    std::string_view tx_id;  // valid during the callback only
  };
  Status ForEachLedgerEntry(const std::function<bool(const LedgerEntry&)>& fn) const;
  // The same entries cut into at most `parts` ranges of time, scanned at once,
  // one thread per range: fn(part, entry) runs on the part's thread, in replay
  // order within the part, and every entry of part i precedes every entry of
  // part i + 1. fn must be safe to call from several threads for different
  // parts. A callback returning false stops its own part only.
  Status ForEachLedgerEntryInParts(
      size_t parts, const std::function<bool(size_t part, const LedgerEntry&)>& fn) const;
  // The ledger snapshot: the same entries packed in replay order, which the
  // two scans above read when it is current, several times faster than the
  // transactions. A Commit() that writes transactions marks it stale; this
  // packs it again from the transactions (`ingest` and `compact` do). Blocks
  // that end before the first transaction committed since are kept, unless most
  // of them would be rewritten anyway: then, and when no snapshot is left, the
  // whole snapshot is built again, its column family replaced; kWhole always
  // does that (`compact`: the remedy for a damaged one). Not on read-only
  // stores; it needs the Store to itself, with no other call running on any
  // thread.
  enum class LedgerBuild { kFromStale, kWhole };
  struct LedgerSnapshotBuild {
    uint64_t entries = 0;   // transactions in the snapshot
    uint64_t repacked = 0;  // of which packed by this build
  };
  Result<LedgerSnapshotBuild> BuildLedgerSnapshot(LedgerBuild how = LedgerBuild::kFromStale);
  // Whether the snapshot is present and matches the transactions stored.
  Result<bool> LedgerSnapshotCurrent() const;
  // The account id of a store number; "" or "CASH" for 0 and 1. A read-only
  // store reads ids one at a time until that has cost what reading all of
  // them at once would (a twentieth of the accounts), then reads them all.
  Result<std::string> AccountIdOf(uint32_t number) const;
  // One past the largest account number in use.
  uint32_t account_number_limit() const;
  Status ForEachAccountTx(std::string_view account, Direction direction,
                          const std::function<bool(const AccountTxEntry&)>& fn) const;
  // The same, only entries with from <= timestamp <= until: one seek in the
  // index, so the cost grows with the window, not with the account's history.
  Status ForEachAccountTxBetween(std::string_view account, Direction direction, Timestamp from,
                                 Timestamp until,
                                 const std::function<bool(const AccountTxEntry&)>& fn) const;
  // The store number of an account id, std::nullopt when no transaction
  // names it (0 or 1 for the spellings of cash).
  Result<std::optional<uint32_t>> AccountNumberOf(std::string_view id) const;
  // ForEachAccountTx() by store numbers, for walks over many accounts that
  // show only a few of them (AccountIdOf() names those): no id is looked up
  // per entry. Measured on a 10 M-transaction store: 0.9 us an entry, against
  // 1.5 us by id with every id cached and 6 us with none. Cash (0, 1) has no
  // history.
  struct AccountTxRef {
    Timestamp timestamp;
    uint64_t seq = 0;
    int64_t base_minor = 0;
    uint32_t counterparty = 0;  // store number
  };
  Status ForEachAccountTxRef(uint32_t account, Direction direction,
                             const std::function<bool(const AccountTxRef&)>& fn) const;
  // The same, only entries with from <= timestamp <= until (one seek).
  Status ForEachAccountTxRefBetween(uint32_t account, Direction direction, Timestamp from,
                                    Timestamp until,
                                    const std::function<bool(const AccountTxRef&)>& fn) const;
  // About how many index entries (transactions sent plus received) the
  // account with store number `account` has, read off the sizes RocksDB keeps
  // of its files: no entry is read, so it costs a few index lookups however
  // long the history is. An estimate, good to a data block (a few hundred
  // entries): for choosing between reading a history and scanning the ledger,
  // never for results. 0 for cash and for unknown numbers.
  Result<uint64_t> ApproximateHistoryLength(uint32_t account) const;
  Status ForEachAccount(const std::function<bool(const Account&)>& fn) const;
  Status ForEachParty(const std::function<bool(const Party&)>& fn) const;
  Status ForEachAsset(const std::function<bool(const Asset&)>& fn) const;
  Status ForEachCase(const std::function<bool(const Case&)>& fn) const;
  Result<std::vector<SourceFile>> ListSources() const;
  Result<FxTable> LoadFxRates() const;

  // The transaction stored under (timestamp, seq), for index entries.
  Result<std::optional<Transaction>> GetTransactionAt(Timestamp timestamp, uint64_t seq) const;

  // The tx ids of many transactions named by (timestamp, seq): fn(i, tx_id)
  // for each at[i] that exists, in the order of `at` (tx_id valid during the
  // call only). One iterator steps to near keys and seeks to far ones, so
  // with `at` sorted by (timestamp, seq) this costs about a scan of the range
  // when the keys are dense and a seek per key when they are not.
  struct TxAt {
    Timestamp timestamp;
    uint64_t seq = 0;
  };
  Status ForEachTransactionIdAt(
      std::span<const TxAt> at,
      const std::function<void(size_t i, std::string_view tx_id)>& fn) const;

  Result<StoreStats> Stats() const;

  // SHA-256 over a canonical dump of every record family (meta, tx, accounts,
  // parties, assets, cases, fx, account numbers) and every source without its
  // wall-clock load time: equal fingerprints mean equal content, whenever and
  // wherever the same files were loaded in the same order. The indexes derived
  // from the records are not hashed. Reads the whole store (~3 s per 10 M
  // transactions).
  Result<std::string> Fingerprint() const;

  class Impl;  // opaque: keeps <rocksdb/...> out of every includer

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_STORE_H_
