#include "engine/storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

#include "engine/core/sha256.h"
#include "engine/storage/codec.h"
#include "engine/storage/record_codec.h"
#include "engine/storage/store_impl.h"

namespace moneytrail::storage {
namespace fs = std::filesystem;

Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::Corruption(context + ": " + s.ToString());
  return Status::IOError(context + ": " + s.ToString());
}

rocksdb::ColumnFamilyOptions CfOptions(int cf, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  // LZ4 at every level, the bottom one included. ZSTD there made the store
  // a quarter smaller (74 against 97 bytes per transaction once compacted),
  // but its decompression was a sixth to a fifth of a batch trace's CPU and
  // a quarter of a bulk load's: the reads are what investigators wait for,
  // and 120 bytes per transaction is the budget.
  o.compression = rocksdb::kLZ4Compression;
  o.level0_slowdown_writes_trigger = 64;
  o.level0_stop_writes_trigger = 128;
  rocksdb::BlockBasedTableOptions t;
  // A batch's reads of these are point lookups scattered over the store (a
  // flow's tx id, a seed's place, an account's opening balance, number and
  // id), and each reads, checks and decompresses a whole block for one
  // record. With 4 KiB blocks for the first three, a 1,000-case batch on the
  // 10 M demo store reads 140 MB instead of 294 and is 9-10% faster, in one
  // process or two; the store grows by 4%. The two account-number families
  // followed when a batch stopped reading every id at once: 2-9% off two
  // ranks' batch, for 0.07% of the store. The others are read by prefix or
  // whole: 16 KiB.
  const bool point_reads =
      cf == kTx || cf == kTxId || cf == kAccounts || cf == kAccountIds || cf == kAccountNames;
  t.block_size = point_reads ? 4 * 1024 : 16 * 1024;
  // RocksDB reads ahead for an iterator that has read two blocks in a row,
  // with a readahead(2) call per block read after, cached or not. A batch's
  // iterators here step through a few records in order (a case's tx ids)
  // and would make two such calls a case for nothing; whole scans ask for
  // their own read-ahead (Store::Impl::Scan), and compactions have theirs.
  if (point_reads) t.max_auto_readahead_size = 0;
  if (cache) t.block_cache = cache;
  // Point lookups by id (idempotency checks) mostly miss: a bloom filter makes a miss cheap.
  if (cf == kTxId || cf == kAccounts || cf == kParties || cf == kAssets || cf == kCases ||
      cf == kAccountIds) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  // Opening a store reads every table's index and filter, and the txid
  // family's are most of them: at 100 M transactions 16 MB of index and
  // 125 MB of filter out of 220 MB, in every process and for every command.
  // Yet a batch looks up a few thousand ids, and a load's duplicate checks
  // need only the filters. Partitioned, a table keeps a small top-level
  // index in memory and reads the 4 KiB partitions a lookup needs through
  // the block cache. Opening the 100 M demo store took 160 ms and 83 MB
  // instead of 510-630 ms and 219 MB; the 10 M one 28 ms instead of 72. A
  // lookup by id now reads up to two partitions more: a 1,000-case batch
  // reads 10-13% more blocks, which did not show in its time at 10 M and
  // was within the noise, 0-5%, at 100 M. Bulk and incremental loads kept
  // their speed. Partitioning every family opened the 10 M store in 11 ms
  // but slowed a batch by 8%: its reads of tx records would pass through a
  // second index level. Tables written before keep their whole index and
  // filter until compacted.
  if (cf == kTxId) {
    t.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
    t.partition_filters = true;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

std::string TxKey(Timestamp ts, uint64_t seq) {
  char k[16];
  EncodeTxKey(ts, seq, k);
  return std::string(k, sizeof k);
}

void EncodeTxKey(Timestamp ts, uint64_t seq, char* out) {
  EncodeSigned64BE(out, ts.micros);
  EncodeFixed64BE(out + 8, seq);
}

std::string IndexKey(uint32_t account, Timestamp ts, uint64_t seq) {
  std::string k;
  k.reserve(20);
  PutFixed32BE(&k, account);
  PutSigned64BE(&k, ts.micros);
  PutFixed64BE(&k, seq);
  return k;
}

namespace {
std::string SourceKey(uint32_t id) {
  std::string k = "S";
  PutFixed32BE(&k, id);
  return k;
}
}  // namespace

Store::Impl::~Impl() {
  if (!db) return;
  if (!read_only) db->FlushWAL(true).PermitUncheckedError();
  for (auto* h : cfs) {
    if (h) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  db->Close().PermitUncheckedError();
}

Result<std::optional<std::string>> Store::Impl::Get(int cf, std::string_view key) const {
  std::string value;
  rocksdb::Status s =
      db->Get(rocksdb::ReadOptions(), cfs[cf], rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, std::string("reading ") + kCfNames[cf]);
  return std::optional<std::string>(std::move(value));
}

Status Store::Impl::Scan(int cf, std::string_view prefix,
                         const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  // Whole-family scans stream: read ahead and keep the cache for point
  // lookups. An account's history is a few blocks: no read-ahead (2 MiB per
  // scan made batch traces I/O-bound).
  if (prefix.empty()) {
    ro.fill_cache = false;
    ro.readahead_size = 2 << 20;
  }
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cfs[cf]));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (!k.starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) break;
    if (!fn(std::string_view(k.data(), k.size()),
            std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status(), std::string("scanning ") + kCfNames[cf]);
}

Status Store::Impl::ScanRange(int cf, const std::string& lower, const std::string& upper,
                              const std::function<bool(std::string_view, std::string_view)>& fn,
                              bool bulk) const {
  rocksdb::ReadOptions ro;
  if (bulk) {
    ro.fill_cache = false;
    ro.readahead_size = 2 << 20;
  }
  rocksdb::Slice bound(upper);
  if (!upper.empty()) ro.iterate_upper_bound = &bound;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cfs[cf]));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    if (!fn(std::string_view(it->key().data(), it->key().size()),
            std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status(), std::string("scanning ") + kCfNames[cf]);
}

Status Store::Impl::KeyBounds(int cf, std::string* first, std::string* last) const {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cfs[cf]));
  it->SeekToFirst();
  *first = it->Valid() ? it->key().ToString() : "";
  it->SeekToLast();
  *last = it->Valid() ? it->key().ToString() : "";
  return FromRocks(it->status(), std::string("reading the bounds of ") + kCfNames[cf]);
}

Result<std::vector<std::string>> Store::Impl::TxTimeSplits(size_t parts) const {
  std::string first, last;
  RETURN_IF_ERROR(KeyBounds(kTx, &first, &last));
  std::vector<std::string> keys(1);
  if (parts > 1 && first.size() >= 8 && last.size() >= 8) {
    // Unsigned, so that the span of any two signed timestamps fits.
    const uint64_t a = GetFixed64BE(first.data()), b = GetFixed64BE(last.data());
    for (size_t i = 1; i < parts; ++i) {
      std::string key;
      __extension__ using UInt128 = unsigned __int128;
      PutFixed64BE(&key, a + static_cast<uint64_t>(static_cast<UInt128>(b - a) * i / parts));
      if (key > keys.back()) keys.push_back(std::move(key));
    }
  }
  keys.emplace_back();
  return keys;
}

Result<std::optional<uint32_t>> Store::Impl::AccountNum(std::string_view id) const {
  if (id.empty()) return std::optional<uint32_t>(kNumEmpty);
  if (id == "CASH") return std::optional<uint32_t>(kNumCash);
  std::string key(id);
  {
    std::lock_guard<std::mutex> lock(names_mu_);
    if (auto num = num_of_.Find(key)) return num;
    if (all_names_loaded_) return std::optional<uint32_t>();
  }
  ASSIGN_OR_RETURN(auto v, Get(kAccountIds, key));
  if (!v) return std::optional<uint32_t>();
  if (v->size() != 4) return Status::Corruption("bad account number of " + key);
  uint32_t num = GetFixed32BE(v->data());
  std::lock_guard<std::mutex> lock(names_mu_);
  RememberLocked(key, num);
  return std::optional<uint32_t>(num);
}

Result<std::string> Store::Impl::AccountName(uint32_t num) const {
  if (num == kNumEmpty) return std::string();
  if (num == kNumCash) return std::string("CASH");
  {
    std::lock_guard<std::mutex> lock(names_mu_);
    if (auto id = num_of_.IdOf(num)) return std::string(*id);
  }
  if (read_only && name_misses_.fetch_add(1) + 1 == NameReadsWorthALoad()) {
    RETURN_IF_ERROR(LoadAllAccountNames());
    std::lock_guard<std::mutex> lock(names_mu_);
    if (auto id = num_of_.IdOf(num)) return std::string(*id);
  }
  std::string key;
  PutFixed32BE(&key, num);
  ASSIGN_OR_RETURN(auto v, Get(kAccountNames, key));
  if (!v) return Status::Corruption("no account has number " + std::to_string(num));
  std::lock_guard<std::mutex> lock(names_mu_);
  RememberLocked(*v, num);
  return *v;
}

uint64_t Store::Impl::NameReadsWorthALoad() const {
  // A reader that names many accounts (a trace whose reach touches much of
  // the store, a batch of cases) reads them all in one scan. A point read
  // costs about what scanning twenty names does, so the scan comes once the
  // point reads have cost what it would: after a twentieth of the accounts
  // (the ski-rental rule; never more than twice the cheaper of the two).
  // Only a read-only store's account count stays put while it is read.
  return std::max<uint64_t>(1, next_account_num / 20);
}

Status Store::Impl::LoadAllAccountNames() const {
  // Threads of a batch foresee the load at about the same case: one reads,
  // the others wait for it instead of reading the same ids again.
  std::lock_guard<std::mutex> one_load(load_names_mu_);
  {
    std::lock_guard<std::mutex> lock(names_mu_);
    if (all_names_loaded_) return Status::Ok();
  }
  AccountNumberTable num_of;
  // Ids are IBANs and the like: a little over 20 bytes.
  num_of.Reserve(next_account_num, size_t{24} * next_account_num);
  Status error;
  RETURN_IF_ERROR(Scan(kAccountNames, "", [&](std::string_view k, std::string_view v) {
    if (k.size() != 4) {
      error = Status::Corruption("bad account number key");
      return false;
    }
    num_of.Stage(v, GetFixed32BE(k.data()));
    return true;
  }));
  RETURN_IF_ERROR(error);
  num_of.PlaceStaged();
  if (auto num = num_of.conflict()) {
    return Status::Corruption("account number " + std::to_string(*num) +
                              " or its id is stored twice in " + path);
  }
  std::lock_guard<std::mutex> lock(names_mu_);
  num_of_ = std::move(num_of);
  all_names_loaded_ = true;
  return Status::Ok();
}

void Store::Impl::InternAccounts(const std::vector<std::string_view>& ids, uint32_t* nums,
                                 std::vector<std::pair<uint32_t, std::string>>* fresh) {
  // Most ids are known: a lookup's two cache misses (slot, then id bytes) are
  // what a commit waits on, so both are prefetched, kSlotAhead and
  // kIdAhead ids before they are needed.
  constexpr size_t kSlotAhead = 16, kIdAhead = 8;
  std::vector<uint64_t>& hashes = intern_hashes_;
  hashes.resize(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) hashes[i] = AccountNumberTable::Hash(ids[i]);
  std::lock_guard<std::mutex> lock(names_mu_);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i + kSlotAhead < ids.size()) num_of_.PrefetchSlot(hashes[i + kSlotAhead]);
    if (i + kIdAhead < ids.size()) num_of_.PrefetchId(hashes[i + kIdAhead]);
    std::string_view id = ids[i];
    if (id.empty()) {
      nums[i] = kNumEmpty;
    } else if (id == "CASH") {
      nums[i] = kNumCash;
    } else if (auto found = num_of_.Find(id, hashes[i])) {
      nums[i] = *found;
    } else {
      uint32_t num = next_account_num++;
      num_of_.Insert(id, hashes[i], num);
      fresh->emplace_back(num, std::string(id));
      nums[i] = num;
    }
  }
}

void Store::Impl::RememberLocked(std::string_view id, uint32_t num) const {
  // Two readers can miss the cache together and both fetch the same id. A
  // damaged store could also pair an id with two numbers: then the first
  // pairing is kept and the other is read again each time it is asked for.
  if (num_of_.IdOf(num) || num_of_.Find(id)) return;
  num_of_.Insert(id, num);
}

void Store::Impl::ForgetAccountsFrom(uint32_t first) {
  std::lock_guard<std::mutex> lock(names_mu_);
  next_account_num = first;
  num_of_.ForgetFrom(first);
}

Status Store::Impl::DecodeTx(std::string_view key, std::string_view value, Transaction* tx) const {
  if (key.size() != 16) return Status::Corruption("bad transaction key");
  uint32_t from = 0, to = 0;
  RETURN_IF_ERROR(DecodeNumberedTransaction(value, tx, &from, &to));
  ASSIGN_OR_RETURN(tx->from_account, AccountName(from));
  ASSIGN_OR_RETURN(tx->to_account, AccountName(to));
  tx->timestamp = Timestamp{GetSigned64BE(key.data())};
  tx->seq = GetFixed64BE(key.data() + 8);
  return Status::Ok();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }
const Currency& Store::base_currency() const { return impl_->base; }
uint64_t Store::next_seq() const { return impl_->next_seq.load(); }
uint32_t Store::next_source_id() const { return impl_->next_source_id.load(); }

namespace {

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(
    const std::shared_ptr<rocksdb::Cache>& cache = nullptr) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  descs.emplace_back(rocksdb::kDefaultColumnFamilyName, CfOptions(-1, cache));
  for (int i = 0; i < kCfCount; ++i) descs.emplace_back(kCfNames[i], CfOptions(i, cache));
  return descs;
}

// Builds a complete empty store beside `path` and renames it into place, so
// that a process killed while creating a store leaves either no store or a
// whole one, never a directory that is neither.
Status CreateEmptyStore(const std::string& path, const std::string& base_currency) {
  auto base = Currency::FromCode(base_currency);
  if (!base) return Status::Usage("unknown base currency '" + base_currency + "'");
  std::string tmp = path + ".creating-" + std::to_string(getpid());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(dbo, tmp, Descriptors(), &handles, &raw),
                            "creating store " + path));
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteBatch batch;
  batch.Put(handles[1 + kMeta], "format_version", std::to_string(kFormatVersion));
  batch.Put(handles[1 + kMeta], "base_currency", std::string(base->code()));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  Status s = FromRocks(db->Write(wo, &batch), "initialising store " + path);
  if (s.ok()) s = FromRocks(db->FlushWAL(true), "initialising store " + path);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  rocksdb::Status closed = db->Close();
  if (s.ok()) s = FromRocks(closed, "initialising store " + path);
  db.reset();
  RETURN_IF_ERROR(s);
  // rename(2) replaces an empty directory atomically.
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IOError("cannot move the new store into " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  const bool secondary = !options.secondary_dir.empty();
  impl->read_only = options.read_only || secondary;
  impl->read_ledger_snapshot = options.read_ledger_snapshot;
  std::error_code ec;
  bool exists = fs::exists(path + "/CURRENT", ec);
  bool has_ledger_family = true;
  if (!exists) {
    if (!options.create_if_missing || impl->read_only) {
      return Status::NotFound("no moneytrail store at '" + path +
                              "' (create one with `moneytrail ingest --db " + path + " FILE`)");
    }
    if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
      return Status::Usage(
          "'" + path + "' exists and is not a moneytrail store; choose an empty or new directory");
    }
    RETURN_IF_ERROR(CreateEmptyStore(path, options.base_currency));
  } else {
    std::vector<std::string> names;
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names);
    if (!s.ok()) return FromRocks(s, "opening store " + path);
    if (std::find(names.begin(), names.end(), "meta") == names.end()) {
      return Status::Usage("'" + path + "' is a RocksDB database but not a moneytrail store");
    }
    // Stores written before the ledger snapshot have no family for it: a
    // writer creates it, a reader goes without.
    has_ledger_family = std::find(names.begin(), names.end(), kCfNames[kLedger]) != names.end();
  }
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.max_background_jobs = 2;
  dbo.keep_log_file_num = 3;
  // Opening reads every table's metadata, on up to this many threads for
  // each of the fifteen families. RocksDB's 16 start up to 240 threads on any
  // machine, for any store: on 2 cores, opening the 0.2 M demo store took
  // 46-64 ms with them and 11-16 ms with two; the 10 M one 125-138 against
  // 80-87 ms, the 100 M one 680-705 against 587 ms (one thread: 870 ms).
  // Every command opens the store once, an investigator's query included.
  dbo.max_file_opening_threads =
      static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  std::shared_ptr<rocksdb::Cache> cache;
  if (options.block_cache_bytes > 0) cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descs = Descriptors(cache);
  static_assert(kLedger == kCfCount - 1, "the optional family comes last");
  bool without_ledger = !has_ledger_family && impl->read_only;
  if (without_ledger) descs.pop_back();
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  auto open = [&]() {
    handles.clear();
    raw = nullptr;
    rocksdb::Status s;
    if (secondary) {
      dbo.max_open_files = -1;  // RocksDB requires it of secondaries
      s = rocksdb::DB::OpenAsSecondary(dbo, path, options.secondary_dir, descs, &handles, &raw);
      if (s.ok()) s = raw->TryCatchUpWithPrimary();
    } else if (options.read_only) {
      s = rocksdb::DB::OpenForReadOnly(dbo, path, descs, &handles, &raw);
    } else {
      s = rocksdb::DB::Open(dbo, path, descs, &handles, &raw);
    }
    if (!s.ok() && raw) {
      for (auto* h : handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
      delete raw;
      raw = nullptr;
    }
    return s;
  };
  rocksdb::Status s = open();
  if (!s.ok() && impl->read_only && !without_ledger) {
    // A writer rebuilding the ledger snapshot drops and recreates its family:
    // a reader that listed it may find it gone, and goes without it.
    without_ledger = true;
    descs.pop_back();
    s = open();
  }
  if (!s.ok()) return FromRocks(s, "opening store " + path);
  impl->db.reset(raw);
  // handles[0] is the unused default family.
  raw->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  impl->cfs.assign(handles.begin() + 1, handles.end());
  if (without_ledger) impl->cfs.push_back(nullptr);

  ASSIGN_OR_RETURN(auto version, impl->Get(kMeta, "format_version"));
  if (!version) {
    if (impl->read_only) return Status::Corruption("store " + path + " has no format version");
    auto base = Currency::FromCode(options.base_currency);
    if (!base) return Status::Usage("unknown base currency '" + options.base_currency + "'");
    rocksdb::WriteBatch batch;
    batch.Put(impl->cfs[kMeta], "format_version", std::to_string(kFormatVersion));
    batch.Put(impl->cfs[kMeta], "base_currency", std::string(base->code()));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    RETURN_IF_ERROR(FromRocks(impl->db->Write(wo, &batch), "initialising store " + path));
    version = std::to_string(kFormatVersion);
  }
  if (*version != std::to_string(kFormatVersion)) {
    return Status(StatusCode::kFormatVersion, "store " + path + " has format version " + *version +
                                                  "; this moneytrail reads version " +
                                                  std::to_string(kFormatVersion) +
                                                  " only (re-ingest the sources into a new store)");
  }
  ASSIGN_OR_RETURN(auto base_code, impl->Get(kMeta, "base_currency"));
  auto base = Currency::FromCode(base_code.value_or(""));
  if (!base) return Status::Corruption("store " + path + " has no valid base currency");
  impl->base = *base;
  ASSIGN_OR_RETURN(auto seq, impl->Get(kMeta, "next_seq"));
  if (seq && seq->size() == 8) impl->next_seq = GetFixed64BE(seq->data());
  ASSIGN_OR_RETURN(auto sid, impl->Get(kMeta, "next_source_id"));
  if (sid && sid->size() == 4) impl->next_source_id = GetFixed32BE(sid->data());
  ASSIGN_OR_RETURN(auto acc, impl->Get(kMeta, "next_account_num"));
  if (acc && acc->size() == 4) impl->next_account_num = GetFixed32BE(acc->data());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

namespace {
template <typename T>
Result<std::optional<T>> GetRecord(const Store::Impl& im, int cf, std::string_view id,
                                   Status (*decode)(std::string_view, T*)) {
  ASSIGN_OR_RETURN(auto bytes, im.Get(cf, id));
  if (!bytes) return std::optional<T>();
  T record;
  RETURN_IF_ERROR(decode(*bytes, &record));
  return std::optional<T>(std::move(record));
}

// A txid index entry: the transaction's tx key, (timestamp, seq).
Result<Store::TxPosition> DecodeTxPosition(std::string_view entry, std::string_view tx_id) {
  if (entry.size() != 16)
    return Status::Corruption("bad txid index entry for " + std::string(tx_id));
  return Store::TxPosition{Timestamp{GetSigned64BE(entry.data())}, GetFixed64BE(entry.data() + 8)};
}

// Looks all of `tx_ids` up in the txid index at once: fn(i, entry) for each
// one found, in order.
Status MultiGetTxIds(const Store::Impl& im, const rocksdb::ReadOptions& ro,
                     const std::vector<std::string>& tx_ids,
                     const std::function<Status(size_t, std::string_view)>& fn) {
  std::vector<rocksdb::Slice> keys(tx_ids.begin(), tx_ids.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  im.db->MultiGet(ro, im.cfs[kTxId], keys.size(), keys.data(), values.data(), statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocks(statuses[i], "looking up tx_id " + tx_ids[i]));
    RETURN_IF_ERROR(fn(i, std::string_view(values[i].data(), values[i].size())));
  }
  return Status::Ok();
}
}  // namespace

Result<std::optional<Transaction>> Store::GetTransactionAt(Timestamp ts, uint64_t seq) const {
  std::string key = TxKey(ts, seq);
  ASSIGN_OR_RETURN(auto bytes, impl_->Get(kTx, key));
  if (!bytes) return std::optional<Transaction>();
  Transaction tx;
  RETURN_IF_ERROR(impl_->DecodeTx(key, *bytes, &tx));
  return std::optional<Transaction>(std::move(tx));
}

Status Store::ForEachTransactionIdAt(
    std::span<const TxAt> at, const std::function<void(size_t, std::string_view)>& fn) const {
  // Steps before a seek: a seek costs a few block-index searches, a step
  // within a block almost nothing.
  constexpr int kMaxSteps = 16;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cfs[kTx]));
  char key[16];
  bool positioned = false;
  for (size_t i = 0; i < at.size(); ++i) {
    EncodeTxKey(at[i].timestamp, at[i].seq, key);
    rocksdb::Slice target(key, sizeof key);
    int steps = 0;
    while (positioned && it->Valid() && it->key().compare(target) < 0 && steps < kMaxSteps) {
      it->Next();
      ++steps;
    }
    if (!positioned || !it->Valid() || it->key().compare(target) != 0) {
      if (!it->status().ok()) break;
      it->Seek(target);
      positioned = true;
    }
    if (!it->Valid()) {
      if (!it->status().ok()) break;
      continue;
    }
    if (it->key().compare(target) != 0) continue;  // no such transaction
    Decoder d(std::string_view(it->value().data(), it->value().size()));
    uint64_t id_len = 0;
    std::string_view id;
    if (!d.GetVarint(&id_len) || !d.GetBytes(id_len, &id)) {
      return Status::Corruption("cannot decode stored transaction");
    }
    fn(i, id);
  }
  return FromRocks(it->status(), "reading transaction ids");
}

Result<std::optional<Store::TxPosition>> Store::PositionOf(std::string_view tx_id) const {
  ASSIGN_OR_RETURN(auto entry, impl_->Get(kTxId, tx_id));
  if (!entry) return std::optional<TxPosition>();
  ASSIGN_OR_RETURN(TxPosition at, DecodeTxPosition(*entry, tx_id));
  return std::optional<TxPosition>(at);
}

Status Store::PositionsOf(const std::vector<std::string>& tx_ids,
                          std::vector<std::optional<TxPosition>>* positions) const {
  positions->assign(tx_ids.size(), std::nullopt);
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  return MultiGetTxIds(*impl_, ro, tx_ids, [&](size_t i, std::string_view entry) -> Status {
    ASSIGN_OR_RETURN((*positions)[i], DecodeTxPosition(entry, tx_ids[i]));
    return Status::Ok();
  });
}

Result<std::optional<Transaction>> Store::GetTransaction(std::string_view tx_id) const {
  ASSIGN_OR_RETURN(auto at, PositionOf(tx_id));
  if (!at) return std::optional<Transaction>();
  auto result = GetTransactionAt(at->timestamp, at->seq);
  if (result.ok() && !result->has_value()) {
    return Status::Corruption("txid index names a missing transaction: " + std::string(tx_id));
  }
  return result;
}

Result<std::optional<Account>> Store::GetAccount(std::string_view id) const {
  return GetRecord<Account>(*impl_, kAccounts, id, DecodeAccount);
}
Result<std::optional<Party>> Store::GetParty(std::string_view id) const {
  return GetRecord<Party>(*impl_, kParties, id, DecodeParty);
}
Result<std::optional<Asset>> Store::GetAsset(std::string_view id) const {
  return GetRecord<Asset>(*impl_, kAssets, id, DecodeAsset);
}
Result<std::optional<Case>> Store::GetCase(std::string_view id) const {
  return GetRecord<Case>(*impl_, kCases, id, DecodeCase);
}

Result<std::optional<SourceFile>> Store::FindSourceBySha256(std::string_view sha256) const {
  ASSIGN_OR_RETURN(auto id, impl_->Get(kSources, "H" + std::string(sha256)));
  if (!id) return std::optional<SourceFile>();
  if (id->size() != 4) return Status::Corruption("bad source hash entry");
  return GetRecord<SourceFile>(*impl_, kSources, SourceKey(GetFixed32BE(id->data())),
                               DecodeSourceFile);
}

Status Store::TransactionsExist(const std::vector<std::string>& tx_ids,
                                std::vector<bool>* found) const {
  found->assign(tx_ids.size(), false);
  return MultiGetTxIds(*impl_, rocksdb::ReadOptions(), tx_ids, [&](size_t i, std::string_view) {
    (*found)[i] = true;
    return Status::Ok();
  });
}

Status Store::ForEachTransaction(const std::function<bool(const Transaction&)>& fn) const {
  RETURN_IF_ERROR(impl_->LoadAllAccountNames());
  Status decode_error;
  RETURN_IF_ERROR(impl_->Scan(kTx, "", [&](std::string_view k, std::string_view v) {
    Transaction tx;
    decode_error = impl_->DecodeTx(k, v, &tx);
    return decode_error.ok() && fn(tx);
  }));
  return decode_error;
}

Result<std::string> Store::AccountIdOf(uint32_t number) const { return impl_->AccountName(number); }

uint32_t Store::account_number_limit() const { return impl_->next_account_num; }

Result<std::optional<uint32_t>> Store::AccountNumberOf(std::string_view id) const {
  return impl_->AccountNum(id);
}

Status Store::ForEachAccountTxRef(uint32_t account, Direction direction,
                                  const std::function<bool(const AccountTxRef&)>& fn) const {
  return ForEachAccountTxRefBetween(account, direction, Timestamp{INT64_MIN}, Timestamp{INT64_MAX},
                                    fn);
}

Status Store::ForEachAccountTxRefBetween(uint32_t account, Direction direction, Timestamp from,
                                         Timestamp until,
                                         const std::function<bool(const AccountTxRef&)>& fn) const {
  if (account < kFirstAccountNum) return Status::Ok();  // cash: not indexed
  if (from.micros > until.micros) return Status::Ok();
  // Keys are (account, timestamp, seq), big-endian: the window is one range.
  std::string lower, upper;
  PutFixed32BE(&lower, account);
  upper = lower;
  PutSigned64BE(&lower, from.micros);
  if (until.micros == INT64_MAX) {
    upper.clear();
    PutFixed32BE(&upper, account + 1);  // account numbers stay far below UINT32_MAX
  } else {
    PutSigned64BE(&upper, until.micros + 1);
  }
  Status error;
  RETURN_IF_ERROR(impl_->ScanRange(
      direction == Direction::kOut ? kOut : kIn, lower, upper,
      [&](std::string_view k, std::string_view v) {
        AccountTxRef e;
        Decoder d(v);
        uint64_t other = 0;
        if (k.size() != 20 || !d.GetVarintSigned(&e.base_minor) || !d.GetVarint(&other) ||
            other > UINT32_MAX) {
          error =
              Status::Corruption("bad index entry of account number " + std::to_string(account));
          return false;
        }
        e.timestamp = Timestamp{GetSigned64BE(k.data() + 4)};
        e.seq = GetFixed64BE(k.data() + 12);
        e.counterparty = static_cast<uint32_t>(other);
        return fn(e);
      },
      /*bulk=*/false));
  return error;
}

Result<uint64_t> Store::ApproximateHistoryLength(uint32_t account) const {
  if (account < kFirstAccountNum) return uint64_t{0};
  RETURN_IF_ERROR(impl_->MeasureIndexes());
  std::string lower, upper;
  PutFixed32BE(&lower, account);
  PutFixed32BE(&upper, account + 1);
  rocksdb::Range range(lower, upper);
  rocksdb::SizeApproximationOptions options;
  options.include_memtables = true;
  uint64_t entries = 0;
  for (int d = 0; d < 2; ++d) {
    uint64_t bytes = 0;
    rocksdb::Status s =
        impl_->db->GetApproximateSizes(options, impl_->cfs[d == 0 ? kOut : kIn], &range, 1, &bytes);
    if (!s.ok()) {
      return FromRocks(s, "estimating the history of account number " + std::to_string(account));
    }
    const Impl::IndexMeasure& m = impl_->index_measure[d];
    if (m.bytes == 0) continue;
    // Bytes to entries by the family's own bytes per entry: compression and
    // key sizes differ between stores.
    __extension__ using U128 = unsigned __int128;
    entries += static_cast<uint64_t>(static_cast<U128>(bytes) * m.entries / m.bytes);
  }
  return entries;
}

Status Store::Impl::MeasureIndexes() const {
  std::call_once(index_measure_once_, [this] {
    const std::string family_end(5, '\xff');  // past every 4-byte account prefix
    rocksdb::Range whole(rocksdb::Slice(), family_end);
    rocksdb::SizeApproximationOptions options;
    options.include_memtables = true;
    for (int d = 0; d < 2; ++d) {
      rocksdb::ColumnFamilyHandle* cf = cfs[d == 0 ? kOut : kIn];
      IndexMeasure& m = index_measure[d];
      rocksdb::Status s = db->GetApproximateSizes(options, cf, &whole, 1, &m.bytes);
      if (!s.ok()) {
        index_measure_status_ = FromRocks(s, "measuring the account indexes");
        return;
      }
      if (!db->GetIntProperty(cf, rocksdb::DB::Properties::kEstimateNumKeys, &m.entries)) {
        m.bytes = 0;  // no measure: estimates of 0
      }
    }
  });
  return index_measure_status_;
}

Status Store::ForEachAccountTx(std::string_view account, Direction direction,
                               const std::function<bool(const AccountTxEntry&)>& fn) const {
  return ForEachAccountTxBetween(account, direction, Timestamp{INT64_MIN}, Timestamp{INT64_MAX},
                                 fn);
}

Status Store::ForEachAccountTxBetween(std::string_view account, Direction direction, Timestamp from,
                                      Timestamp until,
                                      const std::function<bool(const AccountTxEntry&)>& fn) const {
  ASSIGN_OR_RETURN(auto num, impl_->AccountNum(account));
  if (!num) return Status::Ok();  // never seen: no history
  Status error;
  RETURN_IF_ERROR(
      ForEachAccountTxRefBetween(*num, direction, from, until, [&](const AccountTxRef& r) {
        auto name = impl_->AccountName(r.counterparty);
        if (!name.ok()) {
          error = name.status().WithContext(std::string(account));
          return false;
        }
        AccountTxEntry e;
        e.timestamp = r.timestamp;
        e.seq = r.seq;
        e.base_minor = r.base_minor;
        e.counterparty = std::move(*name);
        return fn(e);
      }));
  return error;
}

namespace {
template <typename T>
Status ForEachRecord(const Store::Impl& im, int cf, Status (*decode)(std::string_view, T*),
                     const std::function<bool(const T&)>& fn) {
  Status error;
  RETURN_IF_ERROR(im.Scan(cf, "", [&](std::string_view, std::string_view v) {
    T record;
    error = decode(v, &record);
    return error.ok() && fn(record);
  }));
  return error;
}
}  // namespace

Status Store::ForEachAccount(const std::function<bool(const Account&)>& fn) const {
  return ForEachRecord<Account>(*impl_, kAccounts, DecodeAccount, fn);
}
Status Store::ForEachParty(const std::function<bool(const Party&)>& fn) const {
  return ForEachRecord<Party>(*impl_, kParties, DecodeParty, fn);
}
Status Store::ForEachAsset(const std::function<bool(const Asset&)>& fn) const {
  return ForEachRecord<Asset>(*impl_, kAssets, DecodeAsset, fn);
}
Status Store::ForEachCase(const std::function<bool(const Case&)>& fn) const {
  return ForEachRecord<Case>(*impl_, kCases, DecodeCase, fn);
}

Result<std::vector<SourceFile>> Store::ListSources() const {
  std::vector<SourceFile> out;
  Status error;
  RETURN_IF_ERROR(impl_->Scan(kSources, "S", [&](std::string_view, std::string_view v) {
    SourceFile s;
    error = DecodeSourceFile(v, &s);
    if (!error.ok()) return false;
    out.push_back(std::move(s));
    return true;
  }));
  RETURN_IF_ERROR(error);
  return out;
}

void FxTable::Add(const FxRate& rate) { rates_[rate.currency][rate.date.Day()] = rate.rate; }

std::optional<Rate> FxTable::Find(std::string_view currency, int64_t day) const {
  auto it = rates_.find(currency);
  if (it == rates_.end()) return std::nullopt;
  auto r = it->second.upper_bound(day);
  if (r == it->second.begin()) return std::nullopt;
  return std::prev(r)->second;
}

std::optional<Rate> FxTable::FindExact(std::string_view currency, int64_t day) const {
  auto it = rates_.find(currency);
  if (it == rates_.end()) return std::nullopt;
  auto r = it->second.find(day);
  if (r == it->second.end()) return std::nullopt;
  return r->second;
}

size_t FxTable::size() const {
  size_t n = 0;
  for (const auto& [c, m] : rates_) n += m.size();
  return n;
}

Result<FxTable> Store::LoadFxRates() const {
  FxTable table;
  Status error;
  RETURN_IF_ERROR(impl_->Scan(kFx, "", [&](std::string_view k, std::string_view v) {
    if (k.size() != 11 || v.size() != 8) {
      error = Status::Corruption("bad fx entry");
      return false;
    }
    FxRate r;
    r.currency = std::string(k.substr(0, 3));
    r.date = Timestamp{GetSigned64BE(k.data() + 3) * Timestamp::kMicrosPerDay};
    r.rate = Rate{static_cast<int64_t>(GetFixed64BE(v.data()))};
    table.Add(r);
    return true;
  }));
  RETURN_IF_ERROR(error);
  return table;
}

Result<StoreStats> Store::Stats() const {
  StoreStats st;
  Status error;
  RETURN_IF_ERROR(impl_->Scan(kTx, "", [&](std::string_view k, std::string_view v) {
    Transaction tx;
    uint32_t from, to;
    error = DecodeNumberedTransaction(v, &tx, &from, &to);
    if (!error.ok()) return false;
    Timestamp ts{GetSigned64BE(k.data())};
    if (!st.first) st.first = ts;
    st.last = ts;
    ++st.transactions;
    ++st.currencies[std::string(tx.amount.currency.code())];
    return true;
  }));
  RETURN_IF_ERROR(error);
  auto count = [&](int cf, uint64_t* n) {
    return impl_->Scan(cf, "", [&](std::string_view, std::string_view) {
      ++*n;
      return true;
    });
  };
  RETURN_IF_ERROR(count(kAccounts, &st.accounts));
  RETURN_IF_ERROR(count(kParties, &st.parties));
  RETURN_IF_ERROR(count(kAssets, &st.assets));
  RETURN_IF_ERROR(count(kCases, &st.cases));
  RETURN_IF_ERROR(count(kFx, &st.fx_rates));
  for (auto* h : impl_->cfs) {
    uint64_t size = 0;
    if (h && impl_->db->GetIntProperty(h, "rocksdb.total-sst-files-size", &size))
      st.bytes_on_disk += size;
  }
  return st;
}

namespace {

// SHA-256 over length-prefixed pieces, buffered: one Update per small piece
// made fingerprints ten times slower than reading the store.
class PieceHash {
 public:
  void Put(std::string_view s) {
    PutVarint(&buffer_, s.size());
    buffer_.append(s);
    if (buffer_.size() >= (1 << 16)) {
      hash_.Update(buffer_);
      buffer_.clear();
    }
  }
  std::string Finish() {
    hash_.Update(buffer_);
    return hash_.HexDigest();
  }

 private:
  Sha256 hash_;
  std::string buffer_;
};

}  // namespace

Result<std::string> Store::Fingerprint() const {
  // Records only: the indexes (txid, out, in, account_names) are functions of
  // the tx and account_ids families. The tx family, nearly all of the bytes,
  // is hashed in two halves on two threads; the result is the hash of the
  // parts' hashes, in a fixed order, so it does not depend on timing.
  ASSIGN_OR_RETURN(std::vector<std::string> splits, impl_->TxTimeSplits(2));
  const std::string middle = splits.size() == 3 ? splits[1] : std::string();
  auto hash_range = [this](const std::string& lower,
                           const std::string& upper) -> Result<std::string> {
    PieceHash h;
    h.Put(kCfNames[kTx]);
    RETURN_IF_ERROR(
        impl_->ScanRange(kTx, lower, upper, [&](std::string_view k, std::string_view v) {
          h.Put(k);
          h.Put(v);
          return true;
        }));
    return h.Finish();
  };
  auto upper_half = std::async(std::launch::async, hash_range, middle, std::string());
  Result<std::string> lower_half = hash_range(std::string(), middle);
  Result<std::string> upper = upper_half.get();
  RETURN_IF_ERROR(lower_half.status());
  RETURN_IF_ERROR(upper.status());

  PieceHash rest;
  rest.Put(*lower_half);
  rest.Put(*upper);
  for (int cf : {kMeta, kSources, kAccounts, kParties, kAssets, kCases, kFx, kAccountIds}) {
    rest.Put(kCfNames[cf]);
    Status error;
    RETURN_IF_ERROR(impl_->Scan(cf, "", [&](std::string_view k, std::string_view v) {
      rest.Put(k);
      if (cf == kSources && !k.empty() && k[0] == 'S') {
        SourceFile s;
        error = DecodeSourceFile(v, &s);
        if (!error.ok()) return false;
        s.loaded_at.clear();  // wall clock: not content
        std::string canonical;
        EncodeSourceFile(s, &canonical);
        rest.Put(canonical);
      } else {
        rest.Put(v);
      }
      return true;
    }));
    RETURN_IF_ERROR(error);
  }
  return rest.Finish();
}

}  // namespace moneytrail::storage
