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
#include "engine/storage/sst_buffer.h"
#include "engine/storage/store_impl.h"

namespace moneytrail::storage {
namespace {

namespace fs = std::filesystem;

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

template <typename Buffer>
Status WriteSst(Store::Impl& im, int cf, Buffer* buffer,
                std::vector<rocksdb::IngestExternalFileArg>* args) {
  if (buffer->empty()) return Status::Ok();
  buffer->SortUnique();
  std::string file =
      im.path + "/ingest-tmp/" + std::to_string(im.commit_counter) + "-" + kCfNames[cf] + ".sst";
  // A killed run can leave this name hard-linked to a live table file (move_files
  // links it in): unlink it, never truncate and overwrite through it.
  std::error_code unlink_ec;
  if (!fs::remove(file, unlink_ec) && unlink_ec) {
    return Status::IOError("cannot remove " + file + ": " + unlink_ec.message());
  }
  // SstFileWriter compresses as for the bottom level: LZ4, as every level
  // is (see CfOptions).
  rocksdb::Options options(rocksdb::DBOptions(), CfOptions(cf));
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, im.cfs[cf]);
  RETURN_IF_ERROR(FromRocks(writer.Open(file), "creating " + file));
  RETURN_IF_ERROR(buffer->ForEach([&](std::string_view k, std::string_view v) {
    rocksdb::Status s =
        writer.Put(rocksdb::Slice(k.data(), k.size()), rocksdb::Slice(v.data(), v.size()));
    // The message is built only for an error: per entry it was a tenth of a commit.
    return s.ok() ? Status::Ok() : FromRocks(s, "writing " + file);
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
  for (int family = 0; family < kCfCount; ++family) {
    // The ledger snapshot is compacted by its own build: `compact` builds it
    // whole afterwards, into the bottom level.
    rocksdb::ColumnFamilyHandle* cf = impl_->cfs[family];
    if (family == kLedger || cf == nullptr) continue;
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
  // New transactions make the ledger snapshot stale; its header goes before
  // they arrive, so that no reader ever reads it beside them.
  if (!set.transactions.empty()) {
    char first[16], key[16];
    EncodeTxKey(set.transactions[0].timestamp, set.transactions[0].seq, first);
    for (const Transaction& tx : set.transactions) {
      EncodeTxKey(tx.timestamp, tx.seq, key);
      if (std::memcmp(key, first, sizeof key) < 0) std::memcpy(first, key, sizeof key);
    }
    RETURN_IF_ERROR(im.MarkLedgerSnapshotStale(std::string_view(first, sizeof first)));
  }
  RETURN_IF_ERROR(im.LoadAllAccountNames());
  uint32_t first_new_account = im.next_account_num;

  // One Commit() at a time: the staging buffers are the store's.
  SstBuffer* buf = im.commit_buffers;
  IndexBuffer& out_index = im.commit_out;
  IndexBuffer& in_index = im.commit_in;
  struct ClearOnExit {
    Store::Impl& im;
    ~ClearOnExit() {
      for (SstBuffer& b : im.commit_buffers) b.Clear();
      im.commit_out.Clear();
      im.commit_in.Clear();
      im.commit_accounts.clear();
    }
  } clear_on_exit{im};
  const size_t tx_count = set.transactions.size();
  buf[kTx].Reserve(tx_count, tx_count * 64);
  buf[kTxId].Reserve(tx_count, tx_count * 32);
  out_index.Reserve(tx_count);
  in_index.Reserve(tx_count);

  std::vector<std::pair<uint32_t, std::string>> fresh;
  std::vector<std::string_view>& accounts = im.commit_accounts;
  std::vector<uint32_t>& numbers = im.commit_numbers;
  accounts.clear();
  for (const Transaction& tx : set.transactions) {
    accounts.push_back(tx.from_account);
    accounts.push_back(tx.to_account);
  }
  numbers.resize(accounts.size());
  im.InternAccounts(accounts, numbers.data(), &fresh);
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

  // Encoding, sorting and compressing are most of a bulk load, and a commit
  // is its slowest stage. Three independent jobs each encode their families
  // from the numbered transactions and write their files: the transaction
  // table; the account indexes; the id map and the small families. A large
  // commit runs them on three threads.
  using Files = std::vector<rocksdb::IngestExternalFileArg>;
  auto tx_key = [&](const Transaction& tx, char* key) { EncodeTxKey(tx.timestamp, tx.seq, key); };
  auto tx_table = [&](Files* into) {
    for (size_t i = 0; i < tx_count; ++i) {
      const Transaction& tx = set.transactions[i];
      buf[kTx].AddBuilt([&](std::string* a) {
        char key[16];
        tx_key(tx, key);
        a->append(key, sizeof key);
        EncodeNumberedTransaction(tx, numbers[2 * i], numbers[2 * i + 1], a);
        return static_cast<uint32_t>(sizeof key);
      });
    }
    return WriteSst(im, kTx, &buf[kTx], into);
  };
  auto indexes = [&](Files* into) {
    for (size_t i = 0; i < tx_count; ++i) {
      const Transaction& tx = set.transactions[i];
      uint32_t from = numbers[2 * i], to = numbers[2 * i + 1];
      if (from >= kFirstAccountNum)
        out_index.Add(from, tx.timestamp.micros, tx.seq, tx.base_minor, to);
      if (to >= kFirstAccountNum)
        in_index.Add(to, tx.timestamp.micros, tx.seq, tx.base_minor, from);
    }
    Status s = WriteSst(im, kOut, &out_index, into);
    return s.ok() ? WriteSst(im, kIn, &in_index, into) : s;
  };
  auto the_rest = [&](Files* into) {
    for (const Transaction& tx : set.transactions) {
      char key[16];
      tx_key(tx, key);
      buf[kTxId].Add(tx.tx_id, std::string_view(key, sizeof key));
    }
    for (int cf = 0; cf < kCfCount; ++cf) {
      if (cf == kTx || cf == kOut || cf == kIn) continue;
      RETURN_IF_ERROR(WriteSst(im, cf, &buf[cf], into));
    }
    return Status::Ok();
  };
  Files files[3];
  Status job_status[3];
  if (tx_count > 10000) {
    std::thread tx_thread([&] { job_status[1] = tx_table(&files[1]); });
    std::thread index_thread([&] { job_status[2] = indexes(&files[2]); });
    job_status[0] = the_rest(&files[0]);
    tx_thread.join();
    index_thread.join();
  } else {
    job_status[0] = the_rest(&files[0]);
    job_status[1] = tx_table(&files[1]);
    job_status[2] = indexes(&files[2]);
  }
  Status s;
  for (const Status& js : job_status) {
    if (s.ok() && !js.ok()) s = js;
  }
  if (s.ok()) {
    Files all;
    for (Files& f : files) {
      for (auto& a : f) all.push_back(std::move(a));
    }
    if (!all.empty())
      s = FromRocks(im.db->IngestExternalFiles(all), "committing to store " + im.path);
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
