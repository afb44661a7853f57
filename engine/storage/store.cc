#include "engine/storage/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "engine/core/sha256.h"
#include "engine/storage/codec.h"
#include "engine/storage/record_codec.h"

namespace moneytrail::storage {
namespace {

namespace fs = std::filesystem;

enum Cf { kMeta, kSources, kTx, kTxId, kOut, kIn, kAccounts, kParties, kAssets, kCases, kFx, kCfCount };
constexpr const char* kCfNames[kCfCount] = {"meta",     "sources", "tx",     "txid",  "out", "in",
                                            "accounts", "parties", "assets", "cases", "fx"};

Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::Corruption(context + ": " + s.ToString());
  return Status::IOError(context + ": " + s.ToString());
}

rocksdb::ColumnFamilyOptions CfOptions(int cf) {
  rocksdb::ColumnFamilyOptions o;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.level0_slowdown_writes_trigger = 64;
  o.level0_stop_writes_trigger = 128;
  rocksdb::BlockBasedTableOptions t;
  t.block_size = 16 * 1024;
  // Point lookups by id (idempotency checks) mostly miss: a bloom filter makes a miss cheap.
  if (cf == kTxId || cf == kAccounts || cf == kParties || cf == kAssets || cf == kCases) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

std::string TxKey(Timestamp ts, uint64_t seq) {
  std::string k;
  k.reserve(16);
  PutSigned64BE(&k, ts.micros);
  PutFixed64BE(&k, seq);
  return k;
}

std::string IndexKey(std::string_view account, Timestamp ts, uint64_t seq) {
  std::string k;
  k.reserve(account.size() + 17);
  k.append(account);
  k.push_back('\0');
  PutSigned64BE(&k, ts.micros);
  PutFixed64BE(&k, seq);
  return k;
}

std::string IndexValue(int64_t base_minor, std::string_view counterparty) {
  std::string v;
  PutVarintSigned(&v, base_minor);
  v.append(counterparty);
  return v;
}

std::string FxKey(std::string_view currency, int64_t day) {
  std::string k(currency);
  PutSigned64BE(&k, day);
  return k;
}

std::string SourceKey(uint32_t id) {
  std::string k = "S";
  PutFixed32BE(&k, id);
  return k;
}

using KeyValues = std::vector<std::pair<std::string, std::string>>;

}  // namespace

class Store::Impl {
 public:
  std::string path;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  Currency base;
  std::atomic<uint64_t> next_seq{1};
  std::atomic<uint32_t> next_source_id{1};
  bool read_only = false;
  uint64_t commit_counter = 0;

  ~Impl() {
    if (!db) return;
    if (!read_only) db->FlushWAL(true).PermitUncheckedError();
    for (auto* h : cfs) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    db->Close().PermitUncheckedError();
  }

  Result<std::optional<std::string>> Get(int cf, std::string_view key) const {
    std::string value;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cfs[cf], rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocks(s, std::string("reading ") + kCfNames[cf]);
    return std::optional<std::string>(std::move(value));
  }

  // Calls fn(key, value) for keys starting with `prefix`, in order.
  Status Scan(int cf, std::string_view prefix,
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
      if (!fn(std::string_view(k.data(), k.size()), std::string_view(it->value().data(), it->value().size()))) {
        break;
      }
    }
    return FromRocks(it->status(), std::string("scanning ") + kCfNames[cf]);
  }

  Status WriteSst(int cf, KeyValues* kvs, std::vector<rocksdb::IngestExternalFileArg>* args) {
    if (kvs->empty()) return Status::Ok();
    auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
    // Ledgers usually arrive in time order with increasing ids: skip the sort then.
    if (!std::is_sorted(kvs->begin(), kvs->end(), by_key)) std::sort(kvs->begin(), kvs->end(), by_key);
    // Later entries for the same key replace earlier ones.
    KeyValues unique;
    unique.reserve(kvs->size());
    for (auto& kv : *kvs) {
      if (!unique.empty() && unique.back().first == kv.first) {
        unique.back() = std::move(kv);
      } else {
        unique.push_back(std::move(kv));
      }
    }
    std::string file = path + "/ingest-tmp/" + std::to_string(commit_counter) + "-" + kCfNames[cf] + ".sst";
    // A killed run can leave this name hard-linked to a live table file (move_files
    // links it in): unlink it, never truncate and overwrite through it.
    std::error_code unlink_ec;
    fs::remove(file, unlink_ec);
    rocksdb::Options options(rocksdb::DBOptions(), CfOptions(cf));
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, cfs[cf]);
    RETURN_IF_ERROR(FromRocks(writer.Open(file), "creating " + file));
    for (const auto& [k, v] : unique) {
      RETURN_IF_ERROR(FromRocks(writer.Put(k, v), "writing " + file));
    }
    RETURN_IF_ERROR(FromRocks(writer.Finish(), "finishing " + file));
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = cfs[cf];
    arg.external_files.push_back(file);
    arg.options.move_files = true;
    args->push_back(std::move(arg));
    return Status::Ok();
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }
const Currency& Store::base_currency() const { return impl_->base; }
uint64_t Store::next_seq() const { return impl_->next_seq.load(); }
uint32_t Store::next_source_id() const { return impl_->next_source_id.load(); }

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = options.read_only;
  std::error_code ec;
  bool exists = fs::exists(path + "/CURRENT", ec);
  if (!exists) {
    if (!options.create_if_missing || options.read_only) {
      return Status::NotFound("no moneytrail store at '" + path + "' (create one with `moneytrail ingest --db " + path + " FILE`)");
    }
    if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
      return Status::Usage("'" + path + "' exists and is not a moneytrail store; choose an empty or new directory");
    }
  } else {
    std::vector<std::string> names;
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names);
    if (!s.ok()) return FromRocks(s, "opening store " + path);
    if (std::find(names.begin(), names.end(), "meta") == names.end()) {
      return Status::Usage("'" + path + "' is a RocksDB database but not a moneytrail store");
    }
  }
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.max_background_jobs = 2;
  dbo.keep_log_file_num = 3;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  descs.emplace_back(rocksdb::kDefaultColumnFamilyName, CfOptions(-1));
  for (int i = 0; i < kCfCount; ++i) descs.emplace_back(kCfNames[i], CfOptions(i));
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = options.read_only
                          ? rocksdb::DB::OpenForReadOnly(dbo, path, descs, &handles, &raw)
                          : rocksdb::DB::Open(dbo, path, descs, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening store " + path);
  impl->db.reset(raw);
  // handles[0] is the unused default family.
  raw->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  impl->cfs.assign(handles.begin() + 1, handles.end());

  ASSIGN_OR_RETURN(auto version, impl->Get(kMeta, "format_version"));
  if (!version) {
    if (options.read_only) return Status::Corruption("store " + path + " has no format version");
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
    return Status(StatusCode::kFormatVersion,
                  "store " + path + " has format version " + *version + "; this moneytrail reads version " +
                      std::to_string(kFormatVersion) + " only (re-ingest the sources into a new store)");
  }
  ASSIGN_OR_RETURN(auto base_code, impl->Get(kMeta, "base_currency"));
  auto base = Currency::FromCode(base_code.value_or(""));
  if (!base) return Status::Corruption("store " + path + " has no valid base currency");
  impl->base = *base;
  ASSIGN_OR_RETURN(auto seq, impl->Get(kMeta, "next_seq"));
  if (seq && seq->size() == 8) impl->next_seq = GetFixed64BE(seq->data());
  ASSIGN_OR_RETURN(auto sid, impl->Get(kMeta, "next_source_id"));
  if (sid && sid->size() == 4) impl->next_source_id = GetFixed32BE(sid->data());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Status Store::Commit(const WriteSet& set) {
  Impl& im = *impl_;
  if (im.read_only) return Status::Internal("Commit on a read-only store");
  std::error_code ec;
  fs::create_directories(im.path + "/ingest-tmp", ec);
  if (ec) return Status::IOError("creating " + im.path + "/ingest-tmp: " + ec.message());
  ++im.commit_counter;

  KeyValues kv[kCfCount];
  kv[kTx].reserve(set.transactions.size());
  kv[kTxId].reserve(set.transactions.size());
  for (const Transaction& tx : set.transactions) {
    std::string key = TxKey(tx.timestamp, tx.seq);
    std::string value;
    EncodeTransaction(tx, &value);
    kv[kTxId].emplace_back(tx.tx_id, key);
    kv[kTx].emplace_back(std::move(key), std::move(value));
    if (!IsCashAccount(tx.from_account)) {
      kv[kOut].emplace_back(IndexKey(tx.from_account, tx.timestamp, tx.seq),
                            IndexValue(tx.base_minor, tx.to_account));
    }
    if (!IsCashAccount(tx.to_account)) {
      kv[kIn].emplace_back(IndexKey(tx.to_account, tx.timestamp, tx.seq),
                           IndexValue(tx.base_minor, tx.from_account));
    }
  }
  auto encode_all = [](const auto& records, auto id_of, auto encode, KeyValues* out) {
    for (const auto& r : records) {
      std::string v;
      encode(r, &v);
      out->emplace_back(id_of(r), std::move(v));
    }
  };
  encode_all(set.accounts, [](const Account& a) { return a.account_id; }, EncodeAccount, &kv[kAccounts]);
  encode_all(set.parties, [](const Party& p) { return p.party_id; }, EncodeParty, &kv[kParties]);
  encode_all(set.assets, [](const Asset& a) { return a.asset_id; }, EncodeAsset, &kv[kAssets]);
  encode_all(set.cases, [](const Case& c) { return c.case_id; }, EncodeCase, &kv[kCases]);
  for (const FxRate& r : set.fx_rates) {
    std::string v;
    PutFixed64BE(&v, static_cast<uint64_t>(r.rate.scaled));
    kv[kFx].emplace_back(FxKey(r.currency, r.date.Day()), std::move(v));
  }
  if (set.source) {
    std::string v;
    EncodeSourceFile(*set.source, &v);
    kv[kSources].emplace_back(SourceKey(set.source->source_id), std::move(v));
    std::string id;
    PutFixed32BE(&id, set.source->source_id);
    kv[kSources].emplace_back("H" + set.source->sha256, std::move(id));
  }
  if (set.next_seq) {
    std::string v;
    PutFixed64BE(&v, *set.next_seq);
    kv[kMeta].emplace_back("next_seq", std::move(v));
  }
  if (set.next_source_id) {
    std::string v;
    PutFixed32BE(&v, *set.next_source_id);
    kv[kMeta].emplace_back("next_source_id", std::move(v));
  }

  // Sorting and compressing dominate a bulk load and the families are
  // independent: the account indexes (which need sorting) are built on a second
  // thread while this one writes the rest (2 cores here).
  std::vector<rocksdb::IngestExternalFileArg> args, args_async;
  Status async_status;
  std::thread worker;
  if (kv[kOut].size() + kv[kIn].size() > 20000) {
    worker = std::thread([&] {
      async_status = im.WriteSst(kOut, &kv[kOut], &args_async);
      if (async_status.ok()) async_status = im.WriteSst(kIn, &kv[kIn], &args_async);
    });
  }
  Status sync_status;
  for (int cf = 0; cf < kCfCount && sync_status.ok(); ++cf) {
    if ((cf == kOut || cf == kIn) && worker.joinable()) continue;
    sync_status = im.WriteSst(cf, &kv[cf], &args);
  }
  if (worker.joinable()) worker.join();
  RETURN_IF_ERROR(sync_status);
  RETURN_IF_ERROR(async_status);
  for (auto& a : args_async) args.push_back(std::move(a));
  if (args.empty()) return Status::Ok();
  RETURN_IF_ERROR(FromRocks(im.db->IngestExternalFiles(args), "committing to store " + im.path));
  if (set.next_seq) im.next_seq = *set.next_seq;
  if (set.next_source_id) im.next_source_id = *set.next_source_id;
  return Status::Ok();
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
}  // namespace

Result<std::optional<Transaction>> Store::GetTransactionAt(Timestamp ts, uint64_t seq) const {
  ASSIGN_OR_RETURN(auto bytes, impl_->Get(kTx, TxKey(ts, seq)));
  if (!bytes) return std::optional<Transaction>();
  Transaction tx;
  RETURN_IF_ERROR(DecodeTransaction(*bytes, &tx));
  tx.timestamp = ts;
  tx.seq = seq;
  return std::optional<Transaction>(std::move(tx));
}

Result<std::optional<Transaction>> Store::GetTransaction(std::string_view tx_id) const {
  ASSIGN_OR_RETURN(auto key, impl_->Get(kTxId, tx_id));
  if (!key) return std::optional<Transaction>();
  if (key->size() != 16) return Status::Corruption("bad txid index entry for " + std::string(tx_id));
  auto result = GetTransactionAt(Timestamp{GetSigned64BE(key->data())}, GetFixed64BE(key->data() + 8));
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
  return GetRecord<SourceFile>(*impl_, kSources, SourceKey(GetFixed32BE(id->data())), DecodeSourceFile);
}

Status Store::TransactionsExist(const std::vector<std::string>& tx_ids, std::vector<bool>* found) const {
  found->assign(tx_ids.size(), false);
  std::vector<rocksdb::Slice> keys;
  keys.reserve(tx_ids.size());
  for (const auto& id : tx_ids) keys.emplace_back(id);
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->cfs[kTxId], keys.size(), keys.data(),
                      values.data(), statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].ok()) {
      (*found)[i] = true;
    } else if (!statuses[i].IsNotFound()) {
      return FromRocks(statuses[i], "looking up tx_id " + tx_ids[i]);
    }
  }
  return Status::Ok();
}

Status Store::ForEachTransaction(const std::function<bool(const Transaction&)>& fn) const {
  Status decode_error;
  RETURN_IF_ERROR(impl_->Scan(kTx, "", [&](std::string_view k, std::string_view v) {
    Transaction tx;
    decode_error = DecodeTransaction(v, &tx);
    if (!decode_error.ok() || k.size() != 16) return false;
    tx.timestamp = Timestamp{GetSigned64BE(k.data())};
    tx.seq = GetFixed64BE(k.data() + 8);
    return fn(tx);
  }));
  return decode_error;
}

Status Store::ForEachAccountTx(std::string_view account, Direction direction,
                               const std::function<bool(const AccountTxEntry&)>& fn) const {
  std::string prefix(account);
  prefix.push_back('\0');
  Status error;
  RETURN_IF_ERROR(impl_->Scan(direction == Direction::kOut ? kOut : kIn, prefix,
                              [&](std::string_view k, std::string_view v) {
                                if (k.size() != prefix.size() + 16) {
                                  error = Status::Corruption("bad index key for " + std::string(account));
                                  return false;
                                }
                                AccountTxEntry e;
                                e.timestamp = Timestamp{GetSigned64BE(k.data() + prefix.size())};
                                e.seq = GetFixed64BE(k.data() + prefix.size() + 8);
                                Decoder d(v);
                                if (!d.GetVarintSigned(&e.base_minor)) {
                                  error = Status::Corruption("bad index value for " + std::string(account));
                                  return false;
                                }
                                e.counterparty.assign(d.remaining());
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
    error = DecodeTransaction(v, &tx);
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
    if (impl_->db->GetIntProperty(h, "rocksdb.total-sst-files-size", &size)) st.bytes_on_disk += size;
  }
  return st;
}

Result<std::string> Store::Fingerprint() const {
  Sha256 hash;
  auto put = [&](std::string_view s) {
    std::string len;
    PutVarint(&len, s.size());
    hash.Update(len);
    hash.Update(s);
  };
  for (int cf = 0; cf < kCfCount; ++cf) {
    put(kCfNames[cf]);
    Status error;
    RETURN_IF_ERROR(impl_->Scan(cf, "", [&](std::string_view k, std::string_view v) {
      put(k);
      if (cf == kSources && !k.empty() && k[0] == 'S') {
        SourceFile s;
        error = DecodeSourceFile(v, &s);
        if (!error.ok()) return false;
        s.loaded_at.clear();  // wall clock: not content
        std::string canonical;
        EncodeSourceFile(s, &canonical);
        put(canonical);
      } else {
        put(v);
      }
      return true;
    }));
    RETURN_IF_ERROR(error);
  }
  return hash.HexDigest();
}

}  // namespace moneytrail::storage
