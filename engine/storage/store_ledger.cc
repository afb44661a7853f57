// The whole ledger in replay order: read from the tx family, or from the
// ledger snapshot when it is current (ledger_snapshot.h), and the snapshot's
// building and marking stale.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/sha256.h"
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

Status RebuildAdvice(const std::string& path, const std::string& what) {
  return Status::Corruption("the ledger snapshot of store " + path + " " + what +
                            " (`moneytrail compact --db '" + path +
                            "'` builds it again from the transactions)");
}

}  // namespace

Result<uint64_t> Store::Impl::StoredNextSeq() const {
  ASSIGN_OR_RETURN(auto seq, Get(kMeta, "next_seq"));
  return seq && seq->size() == 8 ? GetFixed64BE(seq->data()) : uint64_t{1};
}

Status Store::Impl::ScanTxLedger(
    const std::vector<std::string>& splits,
    const std::function<bool(size_t part, const Store::LedgerEntry&)>& fn) const {
  auto scan = [&](size_t part) -> Status {
    Status error;
    RETURN_IF_ERROR(
        ScanRange(kTx, splits[part], splits[part + 1], [&](std::string_view k, std::string_view v) {
          LedgerEntry e;
          if (!DecodeLedgerEntry(k, v, &e)) {
            error = Status::Corruption("cannot decode the stored transaction at key " + ToHex(k) +
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
  ASSIGN_OR_RETURN(uint64_t stored_next_seq, StoredNextSeq());
  if (header.stamp != stored_next_seq) return Header();
  return Header(header);
}

Status Store::Impl::MarkLedgerSnapshotStale(std::string_view first_new) {
  if (cfs[kLedger] == nullptr) return Status::Ok();
  ASSIGN_OR_RETURN(auto header_value, Get(kLedger, kLedgerHeaderKey));
  ASSIGN_OR_RETURN(auto stale_value, Get(kLedger, kLedgerStaleKey));
  if (!header_value && !stale_value) return Status::Ok();  // nothing to keep
  LedgerStaleMark mark;
  LedgerSnapshotHeader header;
  bool keep = false;
  if (stale_value && DecodeLedgerStaleMark(*stale_value, &mark)) {
    if (!header_value && first_new >= mark.dirty_from) return Status::Ok();  // covered already
    keep = true;
    if (first_new < mark.dirty_from) mark.dirty_from = std::string(first_new);
  } else if (header_value && DecodeLedgerSnapshotHeader(*header_value, &header)) {
    // Only a current header vouches for its blocks: another stamp means
    // transactions arrived that they may not hold.
    ASSIGN_OR_RETURN(const uint64_t stored_next_seq, StoredNextSeq());
    keep = header.stamp == stored_next_seq;
    mark = {std::string(first_new), header.entries, header.blocks};
  }
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Delete(cfs[kLedger], kLedgerHeaderKey);
  if (s.ok()) {
    s = keep ? batch.Put(cfs[kLedger], kLedgerStaleKey, EncodeLedgerStaleMark(mark))
             : batch.Delete(cfs[kLedger], kLedgerStaleKey);
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (s.ok()) s = db->Write(wo, &batch);
  return FromRocks(s, "marking the ledger snapshot of " + path + " stale");
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
            error = RebuildAdvice(im.path, "has a malformed block at key " + ToHex(k));
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
    // A commit through this Store during the scan marks the snapshot stale
    // and a build replaces its blocks under it.
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

namespace {

// Packs entries, given in replay order, into blocks in one table file.
class BlockFile {
 public:
  BlockFile(const rocksdb::Options& options, rocksdb::ColumnFamilyHandle* family, std::string path)
      : file_(rocksdb::EnvOptions(), options, family), path_(std::move(path)) {}

  Status Open() {
    // A killed run can leave this name hard-linked to a live table file
    // (move_files links it in): unlink it, never write through it.
    std::error_code ec;
    if (!fs::remove(path_, ec) && ec) {
      return Status::IOError("cannot remove " + path_ + ": " + ec.message());
    }
    return FromRocks(file_.Open(path_), "creating " + path_);
  }
  // False once writing failed (error() says why).
  bool Add(const Store::LedgerEntry& e) {
    if (builder_.empty()) {
      char key[16];
      EncodeTxKey(e.timestamp, e.seq, key);
      key_.assign(1, kLedgerBlockPrefix).append(key, sizeof key);
    }
    builder_.Add(e);
    return builder_.size() < kLedgerBlockEntries || PutBlock();
  }
  // Writes the last, partial block.
  Status FinishBlocks() {
    PutBlock();
    return error_;
  }
  // Keys after every block key ("h", "s"), in order.
  Status Put(std::string_view key, std::string_view value) {
    return FromRocks(file_.Put(key, value), "writing " + path_);
  }
  Status Delete(std::string_view key) { return FromRocks(file_.Delete(key), "writing " + path_); }
  Status Finish() { return FromRocks(file_.Finish(), "finishing " + path_); }
  // Removes the file, for one left empty (RocksDB refuses those).
  void Discard() {
    std::error_code ec;
    fs::remove(path_, ec);
  }

  const std::string& path() const { return path_; }
  uint64_t entries() const { return entries_; }
  uint64_t blocks() const { return blocks_; }

 private:
  bool PutBlock() {
    if (builder_.empty() || !error_.ok()) return error_.ok();
    entries_ += builder_.size();
    builder_.Finish(&block_);
    error_ = FromRocks(file_.Put(key_, block_), "writing " + path_);
    ++blocks_;
    return error_.ok();
  }

  rocksdb::SstFileWriter file_;
  std::string path_;
  LedgerBlockBuilder builder_;
  std::string key_, block_;
  uint64_t entries_ = 0, blocks_ = 0;
  Status error_;
};

Status MakeIngestDir(const Store::Impl& im) {
  std::error_code ec;
  fs::create_directories(im.path + "/ingest-tmp", ec);
  if (ec) return Status::IOError("creating " + im.path + "/ingest-tmp: " + ec.message());
  return Status::Ok();
}

std::string BlockFilePath(const Store::Impl& im, size_t part) {
  return im.path + "/ingest-tmp/ledger-" + std::to_string(part) + ".sst";
}

// Packs the blocks again from the one that holds the stale mark's first new
// transaction to the end, keeping those before it: a load that adds later
// transactions, as bank statements do, re-packs only the last block and the
// new ones. std::nullopt when the whole snapshot is better built again: the
// new transactions come before most of the blocks, or the mark does not
// agree with the blocks.
Result<std::optional<Store::LedgerSnapshotBuild>> RepackTail(Store::Impl& im,
                                                             const LedgerStaleMark& mark,
                                                             uint64_t stamp,
                                                             const std::string& context) {
  using Done = std::optional<Store::LedgerSnapshotBuild>;
  rocksdb::ColumnFamilyHandle* cf = im.cfs[kLedger];
  std::string first_block;
  uint64_t kept_entries = 0, kept_blocks = 0, gone_entries = 0, gone_blocks = 0;
  {
    rocksdb::ReadOptions ro;
    ro.fill_cache = false;  // blocks about to be deleted, or read once
    std::unique_ptr<rocksdb::Iterator> it(im.db->NewIterator(ro, cf));
    it->SeekForPrev(kLedgerBlockPrefix + mark.dirty_from);
    if (!it->Valid() || it->key()[0] != kLedgerBlockPrefix) {
      RETURN_IF_ERROR(FromRocks(it->status(), context));
      return Done();  // before every block
    }
    first_block = it->key().ToString();
    // Every block is counted, kept ones too: the snapshot is kept only if
    // it still holds what its header said (a block lost or damaged since is
    // mended by building the whole).
    for (it->Seek(std::string(1, kLedgerBlockPrefix));
         it->Valid() && it->key()[0] == kLedgerBlockPrefix; it->Next()) {
      uint64_t count = 0;
      if (!LedgerBlockCount(std::string_view(it->value().data(), it->value().size()), &count))
        return Done();
      const bool gone = it->key().compare(first_block) >= 0;
      (gone ? gone_entries : kept_entries) += count;
      ++(gone ? gone_blocks : kept_blocks);
    }
    RETURN_IF_ERROR(FromRocks(it->status(), context));
  }
  // Rewriting most blocks would leave most of the old ones on disk until a
  // compaction; the whole build drops them with the family.
  if (kept_entries + gone_entries != mark.entries || kept_blocks + gone_blocks != mark.blocks ||
      2 * gone_blocks > mark.blocks) {
    return Done();
  }

  // The tail goes first, and the mark then counts what is left: a build that
  // stops after this resumes from a true state (packing one block more).
  LedgerStaleMark left = mark;
  left.dirty_from = first_block.substr(1);
  left.entries = kept_entries;
  left.blocks = kept_blocks;
  {
    rocksdb::WriteBatch batch;
    rocksdb::Status s = batch.DeleteRange(cf, first_block, BlockKeyBound("", true));
    if (s.ok()) s = batch.Put(cf, kLedgerStaleKey, EncodeLedgerStaleMark(left));
    rocksdb::WriteOptions synced;
    synced.sync = true;
    if (s.ok()) s = im.db->Write(synced, &batch);
    RETURN_IF_ERROR(FromRocks(s, context));
  }

  RETURN_IF_ERROR(MakeIngestDir(im));
  BlockFile file(rocksdb::Options(rocksdb::DBOptions(), CfOptions(kLedger)), cf,
                 BlockFilePath(im, 0));
  Status s = file.Open();
  if (s.ok()) {
    s = im.ScanTxLedger({left.dirty_from, std::string()},
                        [&](size_t, const Store::LedgerEntry& e) { return file.Add(e); });
  }
  if (s.ok()) s = file.FinishBlocks();
  LedgerSnapshotHeader header;
  header.stamp = stamp;
  header.entries = left.entries + file.entries();
  header.blocks = left.blocks + file.blocks();
  // "h" and then "s" sort after every block key.
  if (s.ok()) s = file.Put(kLedgerHeaderKey, EncodeLedgerSnapshotHeader(header));
  if (s.ok()) s = file.Delete(kLedgerStaleKey);
  if (s.ok()) s = file.Finish();
  rocksdb::IngestExternalFileOptions options;
  options.move_files = true;
  if (s.ok()) s = FromRocks(im.db->IngestExternalFile(cf, {file.path()}, options), context);
  if (!s.ok()) {
    file.Discard();
    return s;
  }
  return Done(Store::LedgerSnapshotBuild{header.entries, file.entries()});
}

}  // namespace

Result<Store::LedgerSnapshotBuild> Store::BuildLedgerSnapshot(LedgerBuild how) {
  Impl& im = *impl_;
  if (im.read_only)
    return Status::Usage("cannot build the ledger snapshot of a store opened read-only");
  const std::string context = "building the ledger snapshot of " + im.path;
  ASSIGN_OR_RETURN(const uint64_t stamp, im.StoredNextSeq());

  if (how == LedgerBuild::kFromStale && im.cfs[kLedger] != nullptr) {
    ASSIGN_OR_RETURN(auto stale, im.Get(kLedger, kLedgerStaleKey));
    LedgerStaleMark mark;
    if (stale && DecodeLedgerStaleMark(*stale, &mark)) {
      ASSIGN_OR_RETURN(auto done, RepackTail(im, mark, stamp, context));
      if (done) return *done;
    }
  }

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
  RETURN_IF_ERROR(MakeIngestDir(im));
  const rocksdb::Options options(rocksdb::DBOptions(), CfOptions(kLedger));
  ASSIGN_OR_RETURN(std::vector<std::string> splits, im.TxTimeSplits(2));
  // One file per thread, each allocated apart: no cache line is shared.
  std::vector<std::unique_ptr<BlockFile>> files;
  for (size_t part = 0; part + 1 < splits.size(); ++part) {
    files.push_back(std::make_unique<BlockFile>(options, im.cfs[kLedger], BlockFilePath(im, part)));
    RETURN_IF_ERROR(files.back()->Open());
  }
  RETURN_IF_ERROR(im.ScanTxLedger(
      splits, [&](size_t part, const LedgerEntry& e) { return files[part]->Add(e); }));
  LedgerSnapshotHeader header;
  header.stamp = stamp;
  for (auto& file : files) {
    RETURN_IF_ERROR(file->FinishBlocks());
    header.entries += file->entries();
    header.blocks += file->blocks();
  }
  // "h" sorts after every block key: the last file ends with the header.
  BlockFile& last = *files.back();
  RETURN_IF_ERROR(last.Put(kLedgerHeaderKey, EncodeLedgerSnapshotHeader(header)));
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = im.cfs[kLedger];
  arg.options.move_files = true;
  for (auto& file : files) {
    if (file->blocks() == 0 && file.get() != &last) {
      file->Discard();
      continue;
    }
    RETURN_IF_ERROR(file->Finish());
    arg.external_files.push_back(file->path());
  }
  RETURN_IF_ERROR(FromRocks(im.db->IngestExternalFiles({arg}), context));
  return LedgerSnapshotBuild{header.entries, header.entries};
}

}  // namespace moneytrail::storage
