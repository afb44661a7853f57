// Store::Commit: every family's new entries become one sorted SST file each,
// and all of them are ingested in one atomic step.
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/utilities/checkpoint.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <thread>

#include "engine/storage/codec.h"
#include "engine/storage/record_codec.h"
#include "engine/storage/store_impl.h"

namespace moneytrail::storage {
namespace {

namespace fs = std::filesystem;

// The first eight key bytes as a big-endian integer (zero-padded): most
// comparisons are decided on it without touching the arena (sorting the
// account indexes was a fifth of a bulk load, mostly cache misses).
uint64_t KeyPrefix(std::string_view key) {
  unsigned char b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(b, key.data(), std::min<size_t>(8, key.size()));
  uint64_t x;
  std::memcpy(&x, b, 8);
  return __builtin_bswap64(x);
}

// Keys and values of one family, packed in one arena: a bulk load adds four
// entries per transaction, and a string pair each cost two allocations.
class SstBuffer {
 public:
  void Add(std::string_view key, std::string_view value) {
    entries_.push_back({KeyPrefix(key), arena_.size(), static_cast<uint32_t>(key.size()),
                        static_cast<uint32_t>(value.size())});
    arena_.append(key);
    arena_.append(value);
  }
  // Appends a key built in place: `build` writes into the arena.
  template <typename Build>
  void AddBuilt(Build build) {
    size_t start = arena_.size();
    uint32_t key_len = build(&arena_);
    entries_.push_back({KeyPrefix(std::string_view(arena_).substr(start, key_len)), start, key_len,
                        static_cast<uint32_t>(arena_.size() - start - key_len)});
  }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

  // Sorts by key (skipped when already sorted, as time-ordered input is);
  // among equal keys the last added wins.
  void SortUnique() {
    // Ties on the key fall back to the arena offset, i.e. insertion order, so
    // an unstable sort still keeps equal keys in the order they were added.
    auto less = [this](const Entry& a, const Entry& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      std::string_view ka = Key(a), kb = Key(b);
      if (ka != kb) return ka < kb;
      return a.offset < b.offset;
    };
    if (!std::is_sorted(entries_.begin(), entries_.end(), less)) {
      std::sort(entries_.begin(), entries_.end(), less);
    }
    size_t out = 0;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (out > 0 && Key(entries_[out - 1]) == Key(entries_[i])) {
        entries_[out - 1] = entries_[i];
      } else {
        entries_[out++] = entries_[i];
      }
    }
    entries_.resize(out);
  }

  template <typename Fn>
  Status ForEach(Fn fn) const {
    for (const Entry& e : entries_) RETURN_IF_ERROR(fn(Key(e), Value(e)));
    return Status::Ok();
  }

 private:
  struct Entry {
    uint64_t prefix;  // KeyPrefix(key)
    size_t offset;
    uint32_t key_len, value_len;
  };
  std::string_view Key(const Entry& e) const {
    return std::string_view(arena_).substr(e.offset, e.key_len);
  }
  std::string_view Value(const Entry& e) const {
    return std::string_view(arena_).substr(e.offset + e.key_len, e.value_len);
  }
  std::string arena_;
  std::vector<Entry> entries_;
};

uint32_t PutIndexEntry(std::string* a, uint32_t account, Timestamp ts, uint64_t seq, int64_t amount,
                       uint32_t counterparty) {
  PutFixed32BE(a, account);
  PutSigned64BE(a, ts.micros);
  PutFixed64BE(a, seq);
  PutVarintSigned(a, amount);
  PutVarint(a, counterparty);
  return 20;
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

Status WriteSst(Store::Impl& im, int cf, SstBuffer* buffer,
                std::vector<rocksdb::IngestExternalFileArg>* args) {
  if (buffer->empty()) return Status::Ok();
  buffer->SortUnique();
  std::string file =
      im.path + "/ingest-tmp/" + std::to_string(im.commit_counter) + "-" + kCfNames[cf] + ".sst";
  // A killed run can leave this name hard-linked to a live table file (move_files
  // links it in): unlink it, never truncate and overwrite through it.
  std::error_code unlink_ec;
  fs::remove(file, unlink_ec);
  rocksdb::Options options(rocksdb::DBOptions(), CfOptions(cf));
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, im.cfs[cf]);
  RETURN_IF_ERROR(FromRocks(writer.Open(file), "creating " + file));
  RETURN_IF_ERROR(buffer->ForEach([&](std::string_view k, std::string_view v) {
    return FromRocks(
        writer.Put(rocksdb::Slice(k.data(), k.size()), rocksdb::Slice(v.data(), v.size())),
        "writing " + file);
  }));
  RETURN_IF_ERROR(FromRocks(writer.Finish(), "finishing " + file));
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = im.cfs[cf];
  arg.external_files.push_back(file);
  arg.options.move_files = true;
  args->push_back(std::move(arg));
  return Status::Ok();
}

template <typename Record, typename IdOf, typename Encode>
void EncodeAll(const std::vector<Record>& records, IdOf id_of, Encode encode, SstBuffer* out) {
  std::string v;
  for (const Record& r : records) {
    v.clear();
    encode(r, &v);
    out->Add(id_of(r), v);
  }
}

}  // namespace

Status Store::Compact() {
  if (impl_->read_only) return Status::Usage("cannot compact a store opened read-only");
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  for (rocksdb::ColumnFamilyHandle* cf : impl_->cfs) {
    rocksdb::Status s = impl_->db->CompactRange(o, cf, nullptr, nullptr);
    if (!s.ok()) return Status::IOError("compacting " + impl_->path + ": " + s.ToString());
  }
  return Status::Ok();
}

Status Store::Checkpoint(const std::string& dir) const {
  if (impl_->read_only) return Status::Usage("cannot snapshot a store opened read-only");
  std::error_code ec;
  if (fs::exists(dir, ec)) return Status::Usage("'" + dir + "' exists; name a new directory");
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: flush the memtables, so the copy has no WAL to replay.
  if (s.ok()) s = checkpoint->CreateCheckpoint(dir, 0);
  if (!s.ok())
    return Status::IOError("snapshot of " + impl_->path + " into " + dir + ": " + s.ToString());
  return Status::Ok();
}

Status Store::Commit(const WriteSet& set) {
  Impl& im = *impl_;
  if (im.read_only) return Status::Internal("Commit on a read-only store");
  std::error_code ec;
  fs::create_directories(im.path + "/ingest-tmp", ec);
  if (ec) return Status::IOError("creating " + im.path + "/ingest-tmp: " + ec.message());
  ++im.commit_counter;
  RETURN_IF_ERROR(im.LoadAllAccountNames());
  uint32_t first_new_account = im.next_account_num;

  SstBuffer buf[kCfCount];
  std::vector<std::pair<uint32_t, std::string>> fresh;
  auto number = [&](const std::string& account) -> uint32_t {
    if (account.empty()) return kNumEmpty;
    if (account == "CASH") return kNumCash;
    return im.InternAccount(account, &fresh);
  };
  std::string value, key;
  for (const Transaction& tx : set.transactions) {
    uint32_t from = number(tx.from_account), to = number(tx.to_account);
    key = TxKey(tx.timestamp, tx.seq);
    value.clear();
    EncodeNumberedTransaction(tx, from, to, &value);
    buf[kTxId].Add(tx.tx_id, key);
    buf[kTx].Add(key, value);
    if (from >= kFirstAccountNum) {
      buf[kOut].AddBuilt([&](std::string* a) {
        return PutIndexEntry(a, from, tx.timestamp, tx.seq, tx.base_minor, to);
      });
    }
    if (to >= kFirstAccountNum) {
      buf[kIn].AddBuilt([&](std::string* a) {
        return PutIndexEntry(a, to, tx.timestamp, tx.seq, tx.base_minor, from);
      });
    }
  }
  for (const auto& [num, name] : fresh) {
    std::string n;
    PutFixed32BE(&n, num);
    buf[kAccountIds].Add(name, n);
    buf[kAccountNames].Add(n, name);
  }
  EncodeAll(
      set.accounts, [](const Account& a) { return a.account_id; }, EncodeAccount, &buf[kAccounts]);
  EncodeAll(
      set.parties, [](const Party& p) { return p.party_id; }, EncodeParty, &buf[kParties]);
  EncodeAll(
      set.assets, [](const Asset& a) { return a.asset_id; }, EncodeAsset, &buf[kAssets]);
  EncodeAll(
      set.cases, [](const Case& c) { return c.case_id; }, EncodeCase, &buf[kCases]);
  for (const FxRate& r : set.fx_rates) {
    std::string v;
    PutFixed64BE(&v, static_cast<uint64_t>(r.rate.scaled));
    buf[kFx].Add(FxKey(r.currency, r.date.Day()), v);
  }
  if (set.source) {
    std::string v;
    EncodeSourceFile(*set.source, &v);
    buf[kSources].Add(SourceKey(set.source->source_id), v);
    std::string id;
    PutFixed32BE(&id, set.source->source_id);
    buf[kSources].Add("H" + set.source->sha256, id);
  }
  auto put_meta = [&](const char* name, std::string v) { buf[kMeta].Add(name, v); };
  if (set.next_seq) {
    std::string v;
    PutFixed64BE(&v, *set.next_seq);
    put_meta("next_seq", v);
  }
  if (set.next_source_id) {
    std::string v;
    PutFixed32BE(&v, *set.next_source_id);
    put_meta("next_source_id", v);
  }
  if (!fresh.empty()) {
    std::string v;
    PutFixed32BE(&v, im.next_account_num);
    put_meta("next_account_num", v);
  }

  // Sorting and compressing dominate a bulk load and the families are
  // independent: the account indexes (which need sorting) are built on a second
  // thread while this one writes the rest (2 cores here).
  std::vector<rocksdb::IngestExternalFileArg> args, args_async;
  Status async_status;
  std::thread worker;
  if (buf[kOut].size() + buf[kIn].size() > 20000) {
    worker = std::thread([&] {
      async_status = WriteSst(im, kOut, &buf[kOut], &args_async);
      if (async_status.ok()) async_status = WriteSst(im, kIn, &buf[kIn], &args_async);
    });
  }
  Status sync_status;
  for (int cf = 0; cf < kCfCount && sync_status.ok(); ++cf) {
    if ((cf == kOut || cf == kIn) && worker.joinable()) continue;
    sync_status = WriteSst(im, cf, &buf[cf], &args);
  }
  if (worker.joinable()) worker.join();
  Status s = sync_status.ok() ? async_status : sync_status;
  if (s.ok() && !(args.empty() && args_async.empty())) {
    for (auto& a : args_async) args.push_back(std::move(a));
    s = FromRocks(im.db->IngestExternalFiles(args), "committing to store " + im.path);
  }
  if (!s.ok()) {
    // Nothing was written: forget the numbers handed out for this commit.
    im.ForgetAccountsFrom(first_new_account);
    return s;
  }
  if (set.next_seq) im.next_seq = *set.next_seq;
  if (set.next_source_id) im.next_source_id = *set.next_source_id;
  return Status::Ok();
}

}  // namespace moneytrail::storage
