// The whole ledger in replay order: read from the tx family, or from the
// ledger snapshot when it is current (ledger_snapshot.h), and the snapshot's
// building and dropping.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "engine/storage/codec.h"
#include "engine/storage/ledger_snapshot.h"
#include "engine/storage/store.h"
#include "engine/storage/store_impl.h"

namespace moneytrail::storage {

namespace fs = std::filesystem;

namespace {

// Layout of EncodeNumberedTransaction(): tx_id, from, to, currency, amount,
// base amount, ... Only what a replay needs is decoded.
bool DecodeLedgerEntry(std::string_view k, std::string_view v, Store::LedgerEntry* e) {
  Decoder d(v);
  std::string_view id, code;
  uint64_t id_len = 0, from = 0, to = 0;
  int64_t minor = 0;
  if (k.size() != 16 || !d.GetVarint(&id_len) || !d.GetBytes(id_len, &id) || !d.GetVarint(&from) ||
      !d.GetVarint(&to) || !d.GetBytes(3, &code) || !d.GetVarintSigned(&minor) ||
      !d.GetVarintSigned(&e->base_minor) || from > UINT32_MAX || to > UINT32_MAX) {
    return false;
  }
  e->timestamp = Timestamp{GetSigned64BE(k.data())};
  e->seq = GetFixed64BE(k.data() + 8);
  e->tx_id = id;
  e->from = static_cast<uint32_t>(from);
  e->to = static_cast<uint32_t>(to);
  return true;
}

// Runs scan(0) .. scan(parts - 1), the first on this thread and each other on
// a thread of its own; the first error in part order wins.
template <typename Scan>
Status RunParts(size_t parts, const Scan& scan) {
  std::vector<std::future<Status>> others;
  for (size_t part = 1; part < parts; ++part)
    others.push_back(std::async(std::launch::async, scan, part));
  Status first = scan(0);
  for (auto& other : others) {
    Status s = other.get();
    if (first.ok() && !s.ok()) first = s;
  }
  return first;
}

std::string BlockKeyBound(const std::string& split, bool upper) {
  if (split.empty()) return upper ? std::string(1, kLedgerBlockPrefix + 1) : std::string();
  return kLedgerBlockPrefix + split;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

Status RebuildAdvice(const std::string& path, const std::string& what) {
  return Status::Corruption("the ledger snapshot of store " + path + " " + what +
                            " (`moneytrail compact --db '" + path +
                            "'` builds it again from the transactions)");
}

// meta "next_seq" as stored; 1 when nothing was ever committed.
Result<uint64_t> StoredNextSeq(const Store::Impl& im) {
  ASSIGN_OR_RETURN(auto seq, im.Get(kMeta, "next_seq"));
  return seq && seq->size() == 8 ? GetFixed64BE(seq->data()) : uint64_t{1};
}

}  // namespace

Status Store::Impl::ScanTxLedger(
    const std::vector<std::string>& splits,
    const std::function<bool(size_t part, const Store::LedgerEntry&)>& fn) const {
  auto scan = [&](size_t part) -> Status {
    Status error;
    RETURN_IF_ERROR(
        ScanRange(kTx, splits[part], splits[part + 1], [&](std::string_view k, std::string_view v) {
          LedgerEntry e;
          if (!DecodeLedgerEntry(k, v, &e)) {
            error = Status::Corruption("cannot decode the stored transaction at key " + Hex(k) +
                                       " of store " + path);
            return false;
          }
          return fn(part, e);
        }));
    return error;
  };
  return RunParts(splits.size() - 1, scan);
}

Result<std::optional<LedgerSnapshotHeader>> Store::Impl::CurrentLedgerSnapshot() const {
  using Header = std::optional<LedgerSnapshotHeader>;
  if (cfs[kLedger] == nullptr) return Header();  // a read-only store from before it existed
  ASSIGN_OR_RETURN(auto value, Get(kLedger, kLedgerHeaderKey));
  LedgerSnapshotHeader header;
  // A header of another version is one this binary cannot read: none.
  if (!value || !DecodeLedgerSnapshotHeader(*value, &header)) return Header();
  // Read from meta, which is what the header was stamped with; Impl::next_seq
  // is this process's copy.
  ASSIGN_OR_RETURN(uint64_t stored_next_seq, StoredNextSeq(*this));
  if (header.stamp != stored_next_seq) return Header();
  return Header(header);
}

Status Store::Impl::DropLedgerSnapshot() {
  if (cfs[kLedger] == nullptr) return Status::Ok();
  ASSIGN_OR_RETURN(auto header, Get(kLedger, kLedgerHeaderKey));
  if (!header) return Status::Ok();
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Delete(cfs[kLedger], kLedgerHeaderKey);
  if (s.ok())
    s = batch.DeleteRange(cfs[kLedger], BlockKeyBound("", false), BlockKeyBound("", true));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (s.ok()) s = db->Write(wo, &batch);
  return FromRocks(s, "dropping the ledger snapshot of " + path);
}

Status Store::ForEachLedgerEntry(const std::function<bool(const LedgerEntry&)>& fn) const {
  return ForEachLedgerEntryInParts(1, [&](size_t, const LedgerEntry& e) { return fn(e); });
}

Status Store::ForEachLedgerEntryInParts(
    size_t parts, const std::function<bool(size_t part, const LedgerEntry&)>& fn) const {
  Impl& im = *impl_;
  RETURN_IF_ERROR(im.LoadAllAccountNames());  // callers name the accounts next
  ASSIGN_OR_RETURN(std::vector<std::string> splits, im.TxTimeSplits(std::max<size_t>(parts, 1)));
  std::optional<LedgerSnapshotHeader> snapshot;
  if (im.read_ledger_snapshot) {
    ASSIGN_OR_RETURN(snapshot, im.CurrentLedgerSnapshot());
  }
  if (!snapshot) return im.ScanTxLedger(splits, fn);

  // A block belongs to the part where its first entry falls, so every entry
  // of a part still precedes every entry of the next.
  struct alignas(64) Tally {  // one cache line per thread
    uint64_t entries = 0, blocks = 0;
    bool stopped = false;
  };
  const size_t n = splits.size() - 1;
  std::vector<Tally> tallies(n);
  auto scan = [&](size_t part) -> Status {
    Tally& tally = tallies[part];
    LedgerBlockReader reader;
    LedgerEntry e;
    Status error;
    RETURN_IF_ERROR(im.ScanRange(
        kLedger, BlockKeyBound(splits[part], false), BlockKeyBound(splits[part + 1], true),
        [&](std::string_view k, std::string_view v) {
          ++tally.blocks;
          if (reader.Reset(v)) {
            while (reader.Next(&e)) {
              ++tally.entries;
              if (!fn(part, e)) {
                tally.stopped = true;
                return false;
              }
            }
          }
          if (reader.corrupt()) {
            error = RebuildAdvice(im.path, "has a malformed block at key " + Hex(k));
            return false;
          }
          return true;
        }));
    return error;
  };
  RETURN_IF_ERROR(RunParts(n, scan));
  uint64_t entries = 0, blocks = 0;
  for (const Tally& t : tallies) {
    if (t.stopped) return Status::Ok();
    entries += t.entries;
    blocks += t.blocks;
  }
  if (entries != snapshot->entries || blocks != snapshot->blocks) {
    // A commit through this Store during the scan drops the snapshot under it.
    ASSIGN_OR_RETURN(auto still, im.CurrentLedgerSnapshot());
    if (!still) {
      return Status::Internal("store " + im.path +
                              " changed during a scan of the whole ledger; scan it again");
    }
    return RebuildAdvice(im.path, "holds " + std::to_string(entries) + " transactions in " +
                                      std::to_string(blocks) + " blocks, where its header says " +
                                      std::to_string(snapshot->entries) + " in " +
                                      std::to_string(snapshot->blocks));
  }
  return Status::Ok();
}

Result<bool> Store::LedgerSnapshotCurrent() const {
  ASSIGN_OR_RETURN(auto header, impl_->CurrentLedgerSnapshot());
  return header.has_value();
}

Result<uint64_t> Store::BuildLedgerSnapshot() {
  Impl& im = *impl_;
  if (im.read_only)
    return Status::Usage("cannot build the ledger snapshot of a store opened read-only");
  const std::string context = "building the ledger snapshot of " + im.path;
  ASSIGN_OR_RETURN(const uint64_t stamp, StoredNextSeq(im));

  // The old snapshot goes first, family and all: its files are deleted at
  // once, where deleting its keys would leave them for a compaction to
  // rewrite; and a build that stops half-way leaves no snapshot, never a mix.
  // (The handle is null only when an earlier build failed between the two.)
  if (im.cfs[kLedger] != nullptr) {
    RETURN_IF_ERROR(FromRocks(im.db->DropColumnFamily(im.cfs[kLedger]), context));
    RETURN_IF_ERROR(FromRocks(im.db->DestroyColumnFamilyHandle(im.cfs[kLedger]), context));
    im.cfs[kLedger] = nullptr;
  }
  RETURN_IF_ERROR(
      FromRocks(im.db->CreateColumnFamily(CfOptions(kLedger), kCfNames[kLedger], &im.cfs[kLedger]),
                context + " (creating its column family)"));

  // Each scanning thread writes its part's blocks into a table file of its
  // own; the files do not overlap, so RocksDB takes them in at the bottom
  // level with nothing to compact, all at once, the header with them.
  std::error_code ec;
  fs::create_directories(im.path + "/ingest-tmp", ec);
  if (ec) return Status::IOError("creating " + im.path + "/ingest-tmp: " + ec.message());
  const rocksdb::Options options(rocksdb::DBOptions(), CfOptions(kLedger));
  struct alignas(64) PartWriter {  // one per scanning thread
    PartWriter(const rocksdb::Options& options, rocksdb::ColumnFamilyHandle* family)
        : file(rocksdb::EnvOptions(), options, family) {}
    rocksdb::SstFileWriter file;
    std::string path;
    LedgerBlockBuilder builder;
    std::string key, block;
    uint64_t entries = 0, blocks = 0;
    Status error;
  };
  ASSIGN_OR_RETURN(std::vector<std::string> splits, im.TxTimeSplits(2));
  std::vector<std::unique_ptr<PartWriter>> writers;
  for (size_t part = 0; part + 1 < splits.size(); ++part) {
    auto w = std::make_unique<PartWriter>(options, im.cfs[kLedger]);
    w->path = im.path + "/ingest-tmp/ledger-" + std::to_string(part) + ".sst";
    // A killed run can leave this name hard-linked to a live table file
    // (move_files links it in): unlink it, never write through it.
    if (!fs::remove(w->path, ec) && ec) {
      return Status::IOError("cannot remove " + w->path + ": " + ec.message());
    }
    RETURN_IF_ERROR(FromRocks(w->file.Open(w->path), "creating " + w->path));
    writers.push_back(std::move(w));
  }
  auto put_block = [&](PartWriter& w) {
    if (w.builder.empty() || !w.error.ok()) return w.error.ok();
    w.entries += w.builder.size();
    w.builder.Finish(&w.block);
    w.error = FromRocks(w.file.Put(w.key, w.block), "writing " + w.path);
    ++w.blocks;
    return w.error.ok();
  };
  RETURN_IF_ERROR(im.ScanTxLedger(splits, [&](size_t part, const LedgerEntry& e) {
    PartWriter& w = *writers[part];
    if (w.builder.empty()) {
      char key[16];
      EncodeTxKey(e.timestamp, e.seq, key);
      w.key.assign(1, kLedgerBlockPrefix).append(key, sizeof key);
    }
    w.builder.Add(e);
    return w.builder.size() < kLedgerBlockEntries || put_block(*writers[part]);
  }));
  LedgerSnapshotHeader header;
  header.stamp = stamp;
  for (auto& w : writers) {
    put_block(*w);
    RETURN_IF_ERROR(w->error);
    header.entries += w->entries;
    header.blocks += w->blocks;
  }
  // "h" sorts after every block key: the last file ends with the header.
  PartWriter& last = *writers.back();
  RETURN_IF_ERROR(FromRocks(last.file.Put(kLedgerHeaderKey, EncodeLedgerSnapshotHeader(header)),
                            "writing " + last.path));
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = im.cfs[kLedger];
  arg.options.move_files = true;
  for (auto& w : writers) {
    if (w->blocks == 0 && w.get() != &last) {  // RocksDB refuses an empty table file
      fs::remove(w->path, ec);
      continue;
    }
    RETURN_IF_ERROR(FromRocks(w->file.Finish(), "finishing " + w->path));
    arg.external_files.push_back(w->path);
  }
  RETURN_IF_ERROR(FromRocks(im.db->IngestExternalFiles({arg}), context));
  return header.entries;
}

}  // namespace moneytrail::storage
