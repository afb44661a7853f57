// The loader's batch machinery, shared by the row loader (loader.cc) and the
// bank-format loader (bank_loader.cc): a batch of parsed records that is
// de-duplicated against itself and the store, given ingest sequences, and
// committed atomically with its source's progress and its rejects.
//
// Internal to ingest/: not part of the module's API.
#ifndef MONEYTRAIL_INGEST_LOAD_BATCH_H_
#define MONEYTRAIL_INGEST_LOAD_BATCH_H_

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/huge_pages.h"
#include "engine/core/records.h"
#include "engine/storage/store.h"
#include "ingest/loader.h"
#include "ingest/rejects.h"

namespace moneytrail::ingest::internal {

inline constexpr size_t kMaxMessages = 20;

inline std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The source record of a file about to be read: a new one, or the one an
// earlier run of the same bytes left. Complete: the file is read again only to
// count duplicates (report->already_loaded). Incomplete: the load resumes at
// its resume_line (report->resumed_at_line). DataError when the same bytes
// were loaded before as another kind of record.
inline Result<SourceFile> StartSource(const storage::Store& store, const std::string& name,
                                      uint64_t size, const std::string& sha256, RecordKind kind,
                                      const LoadOptions& options, LoadReport* report,
                                      bool* new_source) {
  ASSIGN_OR_RETURN(auto existing, store.FindSourceBySha256(sha256));
  *new_source = !existing;
  SourceFile source;
  if (existing) {
    source = *existing;
    if (source.kind != kind) {
      return Status::DataError(name + ": these bytes were loaded before as " +
                               std::string(RecordKindName(source.kind)) + " (source #" +
                               std::to_string(source.source_id) + "); refusing to read them as " +
                               std::string(RecordKindName(kind)));
    }
    if (source.complete) {
      report->already_loaded = true;
      source.loaded = source.duplicates = source.conflicts = source.rejected = 0;
      source.resume_line = source.resume_offset = 0;
    } else {
      report->resumed_at_line = source.resume_line;
    }
  } else {
    source.source_id = store.next_source_id();
    source.name = name;
    source.size = size;
    source.sha256 = sha256;
    source.loaded_at = NowUtc();
    source.kind = kind;
    source.origin = options.origin;
    source.handling = options.handling;
    source.consent = options.consent;
  }
  report->source_id = source.source_id;
  return source;
}

// Where the rejects of `source` go: options.rejects_dir (default
// <store>/rejects), one file per source, named after it.
inline std::string RejectsPath(const storage::Store& store, const SourceFile& source,
                               const std::string& name, const LoadOptions& options) {
  std::string dir = options.rejects_dir.empty() ? store.path() + "/rejects" : options.rejects_dir;
  return dir + "/" + std::to_string(source.source_id) + "-" +
         std::filesystem::path(name).filename().string() + ".rejects.jsonl";
}

inline Result<std::string> ReadHead(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(in.gcount()));
  if (s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.erase(0, 3);
  return s;
}

// A keyed record's id, for de-duplication of the non-transaction kinds.
inline const std::string& IdOf(const Account& a) { return a.account_id; }
inline const std::string& IdOf(const Party& p) { return p.party_id; }
inline const std::string& IdOf(const Asset& a) { return a.asset_id; }
inline const std::string& IdOf(const Case& c) { return c.case_id; }

template <typename T>
inline bool SameContent(T a, T b) {
  a.provenance = b.provenance = Provenance();
  return a == b;
}

inline std::string ProvenanceText(const Provenance& p) {
  return "source #" + std::to_string(p.source_id) + " line " + std::to_string(p.line);
}

inline std::string TxDifference(const Transaction& a, const Transaction& b) {
  std::vector<std::string> d;
  if (a.timestamp != b.timestamp) d.push_back("timestamp");
  if (a.from_account != b.from_account) d.push_back("from_account");
  if (a.to_account != b.to_account) d.push_back("to_account");
  if (!(a.amount == b.amount)) d.push_back("amount");
  if (a.base_minor != b.base_minor) d.push_back("base amount");
  if (a.channel != b.channel) d.push_back("channel");
  if (a.reference != b.reference) d.push_back("reference");
  if (a.end_to_end_id != b.end_to_end_id) d.push_back("end_to_end_id");
  if (a.uetr != b.uetr) d.push_back("uetr");
  if (a.attributes != b.attributes) d.push_back("other columns");
  std::string s;
  for (size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + d[i];
  return s;
}

// The 64-bit hashes of the transaction ids a load has committed so far. When
// the store held no transactions before the load, an id whose hash is absent
// here is new for sure, and the batch skips its lookup in the store: that
// lookup was a tenth of a bulk load's time. A hash present here (a repeat, or
// a rare collision) still goes to the store for the exact answer.
class IdHashes {
 public:
  static uint64_t Hash(std::string_view id) {
    uint64_t h = std::hash<std::string_view>()(id);
    return h == 0 ? 1 : h;  // 0 marks an empty slot
  }
  // Adds hash `h` (from Hash()); true when it was there already.
  bool Insert(uint64_t h) {
    if ((count_ + 1) * 4 > slots_.size() * 3) Grow();
    return Place(h);
  }
  // A load probes ten million random slots: fetching a few ahead hides the misses.
  void Prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }

 private:
  bool Place(uint64_t h) {
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++count_;
        return false;
      }
    }
  }
  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), 0);
    mask_ = slots_.size() - 1;
    count_ = 0;
    for (uint64_t h : old) {
      if (h != 0) Place(h);
    }
  }
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

// What the batches of one file share. Touched only by Batch::Commit, and
// commits run one at a time (the next batch is parsed meanwhile).
struct LoadState {
  storage::Store* store;
  storage::FxTable* fx;
  SourceFile* source;
  LoadReport* report;
  RejectsFile* rejects;
  std::string file;
  bool new_source;
  bool store_was_empty;
  IdHashes committed_ids;
};

// Collects one batch of parsed records and commits it. Parsing (Add, Reject)
// touches only the batch; Commit folds it into the shared LoadState.
class Batch {
 public:
  explicit Batch(LoadState* state)
      : store_(state->store),
        fx_(state->fx),
        source_(state->source),
        report_(state->report),
        rejects_(state->rejects),
        file_(state->file),
        new_source_(state->new_source),
        state_(state) {}

  void Reject(uint64_t line, std::string field, std::string reason, std::string_view raw) {
    ++rejected_;
    Record({line, std::move(field), std::move(reason), std::string(raw)});
  }

  void Add(Transaction tx, std::string_view raw) {
    DropSpent();
    Keep(raw, tx.provenance.line);
    tx_hashes_.push_back(IdHashes::Hash(tx.tx_id));
    set_.transactions.push_back(std::move(tx));
  }
  void Add(Account a, std::string_view raw) {
    Keep(raw, a.provenance.line);
    set_.accounts.push_back(std::move(a));
  }
  void Add(Party p, std::string_view raw) {
    Keep(raw, p.provenance.line);
    set_.parties.push_back(std::move(p));
  }
  void Add(Asset a, std::string_view raw) {
    Keep(raw, a.provenance.line);
    set_.assets.push_back(std::move(a));
  }
  void Add(Case c, std::string_view raw) {
    Keep(raw, c.provenance.line);
    set_.cases.push_back(std::move(c));
  }
  void Add(FxRate r, std::string_view raw, uint64_t line) {
    Keep(raw, line);
    fx_lines_.push_back(line);
    set_.fx_rates.push_back(std::move(r));
  }

  size_t size() const { return raws_.size(); }

  // Room for `n` transactions. A bulk load reuses two batches, one parsed
  // while the other commits: growing them by doubling and handing the pages
  // back after each commit cost a third of the parsing thread's time in page
  // faults and copies.
  // `raw_bytes`: the expected size of their source rows.
  void ReserveTransactions(size_t n, size_t raw_bytes) {
    DropSpent();
    set_.transactions.reserve(n);
    raws_.reserve(n);
    tx_hashes_.reserve(n);
    raw_arena_.reserve(raw_bytes);
    AdviseHugePages(set_.transactions.data(), n * sizeof(Transaction));
    AdviseHugePages(raws_.data(), n * sizeof(RawRef));
    AdviseHugePages(raw_arena_.data(), raw_bytes);
  }

  // Finds the transaction ids repeated within the batch, for Commit() to
  // count and report. Touches only the batch, so the parsing thread calls it
  // while the batch before is committing: the commit is a bulk load's
  // slowest stage. Commit() calls it when nobody has.
  void Seal() {
    if (sealed_) return;
    DropSpent();
    sealed_ = true;
    const auto& txs = set_.transactions;
    drop_.assign(txs.size(), false);
    // Sort (hash, position) pairs; equal ids sit together, the first
    // position of each is the one kept.
    by_hash_.resize(txs.size());
    for (size_t i = 0; i < txs.size(); ++i) by_hash_[i] = {tx_hashes_[i], i};
    std::sort(by_hash_.begin(), by_hash_.end());
    for (size_t a = 0; a < by_hash_.size();) {
      size_t b = a + 1;
      while (b < by_hash_.size() && by_hash_[b].first == by_hash_[a].first) ++b;
      for (size_t x = a + 1; x < b; ++x) {
        for (size_t y = a; y < x; ++y) {
          size_t i = by_hash_[x].second, j = by_hash_[y].second;
          if (!drop_[j] && txs[i].tx_id == txs[j].tx_id) {
            repeats_.emplace_back(i, j);
            drop_[i] = true;
            break;
          }
        }
      }
      a = b;
    }
    std::sort(repeats_.begin(), repeats_.end());  // report in file order
  }

  // De-duplicates, assigns ingest sequences, writes the rejects, commits the
  // batch with the file's progress (resume at `next_line` / `next_offset`).
  Status Commit(uint64_t next_line, uint64_t next_offset, bool complete) {
    source_->rejected += rejected_;  // before the progress record is copied below
    DropSpent();
    Seal();
    RETURN_IF_ERROR(DedupeTransactions());
    RETURN_IF_ERROR(DedupeKeyed(&set_.accounts, &storage::Store::GetAccount, 0));
    RETURN_IF_ERROR(DedupeKeyed(&set_.parties, &storage::Store::GetParty, 1));
    RETURN_IF_ERROR(DedupeKeyed(&set_.assets, &storage::Store::GetAsset, 2));
    RETURN_IF_ERROR(DedupeKeyed(&set_.cases, &storage::Store::GetCase, 3));
    DedupeFx();
    uint64_t seq = store_->next_seq();
    for (Transaction& tx : set_.transactions) tx.seq = seq++;
    source_->loaded += set_.RecordCount();
    source_->resume_line = next_line;
    source_->resume_offset = next_offset;
    source_->complete = complete;
    if (!report_->already_loaded) {
      set_.source = *source_;
      set_.next_seq = seq;
      if (new_source_) set_.next_source_id = source_->source_id + 1;
    }
    for (const struct Reject& r : rejects_pending_) {
      if (report_->messages.size() < kMaxMessages)
        report_->messages.push_back(FormatReject(file_, r));
    }
    RETURN_IF_ERROR(rejects_->Append(rejects_pending_));
    if (!report_->already_loaded || set_.RecordCount() > 0) RETURN_IF_ERROR(store_->Commit(set_));
    for (const FxRate& r : set_.fx_rates) fx_->Add(r);
    Clear();
    return Status::Ok();
  }

 private:
  // Raw rows are kept for conflict reports in one arena: a copy per row would
  // cost a malloc each on the bulk-load path.
  void Keep(std::string_view raw, uint64_t line) {
    raws_.push_back({raw_arena_.size(), raw.size(), line});
    raw_arena_.append(raw);
  }
  std::string Raw(size_t i) const { return raw_arena_.substr(raws_[i].offset, raws_[i].size); }

  // Empties the batch for reuse, keeping its vectors' memory. The committed
  // transactions are destroyed later, by DropSpent(): freeing their strings
  // was a tenth of a commit, and a bulk load's next Add() runs on the
  // parsing thread, which has time to spare.
  void Clear() {
    rejected_ = 0;
    rejects_pending_.clear();
    raws_.clear();
    raw_arena_.clear();
    fx_lines_.clear();
    spent_ = true;
    tx_hashes_.clear();
    repeats_.clear();
    sealed_ = false;
    set_.accounts.clear();
    set_.parties.clear();
    set_.assets.clear();
    set_.cases.clear();
    set_.fx_rates.clear();
    set_.source.reset();
    set_.next_seq.reset();
    set_.next_source_id.reset();
  }

  void DropSpent() {
    if (!spent_) return;
    set_.transactions.clear();
    spent_ = false;
  }

  // Queues an entry for the rejects file; the caller counts it.
  void Record(struct Reject r) { rejects_pending_.push_back(std::move(r)); }

  void Conflict(uint64_t line, const std::string& field, const std::string& why,
                const std::string& raw) {
    ++source_->conflicts;
    Record({line, field, why, raw});
  }

  Status DedupeTransactions() {
    auto& txs = set_.transactions;
    if (txs.empty()) return Status::Ok();
    std::vector<bool>& drop = drop_;
    for (const auto& [i, j] : repeats_) {
      const Transaction& kept = txs[j];
      if (txs[i].SameContent(kept)) {
        ++source_->duplicates;
      } else {
        Conflict(txs[i].provenance.line, "tx_id",
                 "conflict: tx_id '" + txs[i].tx_id + "' already read at line " +
                     std::to_string(kept.provenance.line) + " with a different " +
                     TxDifference(txs[i], kept) + "; the first is kept",
                 Raw(i));
      }
    }
    // Repeats of stored records, in file order.
    const std::vector<uint64_t>& hash_of = tx_hashes_;
    std::vector<std::string> ids;
    std::vector<size_t> index;
    const bool store_empty = store_->next_seq() == 1;
    constexpr size_t kAhead = 8;
    for (size_t i = 0; i < txs.size(); ++i) {
      if (drop[i]) continue;
      if (state_->store_was_empty) {
        if (i + kAhead < txs.size()) state_->committed_ids.Prefetch(hash_of[i + kAhead]);
        // An earlier batch of this load may hold the id only if its hash is known.
        if (!state_->committed_ids.Insert(hash_of[i])) continue;
      }
      if (store_empty) continue;
      ids.push_back(txs[i].tx_id);
      index.push_back(i);
    }
    if (!ids.empty()) {
      std::vector<bool> found;
      RETURN_IF_ERROR(store_->TransactionsExist(ids, &found));
      for (size_t k = 0; k < ids.size(); ++k) {
        if (!found[k]) continue;
        size_t i = index[k];
        drop[i] = true;
        ASSIGN_OR_RETURN(auto stored, store_->GetTransaction(txs[i].tx_id));
        if (stored && txs[i].SameContent(*stored)) {
          ++source_->duplicates;
        } else if (stored) {
          Conflict(txs[i].provenance.line, "tx_id",
                   "conflict: tx_id '" + txs[i].tx_id + "' is stored (" +
                       ProvenanceText(stored->provenance) + ") with a different " +
                       TxDifference(txs[i], *stored) + "; the stored record is kept",
                   Raw(i));
        }
      }
    }
    size_t out = 0;
    for (size_t i = 0; i < txs.size(); ++i) {
      if (drop[i]) continue;
      if (out != i) txs[out] = std::move(txs[i]);  // never self-move: it empties strings
      ++out;
    }
    txs.resize(out);
    return Status::Ok();
  }

  template <typename T, typename Getter>
  Status DedupeKeyed(std::vector<T>* records, Getter get, int) {
    if (records->empty()) return Status::Ok();
    std::vector<T> kept;
    std::unordered_map<std::string, size_t> first;
    for (T& r : *records) {
      auto it = first.find(IdOf(r));
      if (it != first.end()) {
        if (SameContent(r, kept[it->second])) {
          ++source_->duplicates;
        } else {
          Conflict(r.provenance.line, "id",
                   "conflict: '" + IdOf(r) + "' already read at line " +
                       std::to_string(kept[it->second].provenance.line) +
                       " with different content; the first is kept",
                   RawOfLine(r.provenance.line));
        }
        continue;
      }
      ASSIGN_OR_RETURN(auto stored, (store_->*get)(IdOf(r)));
      if (stored) {
        if (SameContent(r, *stored)) {
          ++source_->duplicates;
        } else {
          Conflict(r.provenance.line, "id",
                   "conflict: '" + IdOf(r) + "' is stored (" + ProvenanceText(stored->provenance) +
                       ") with different content; the stored record is kept",
                   RawOfLine(r.provenance.line));
        }
        continue;
      }
      first.emplace(IdOf(r), kept.size());
      kept.push_back(std::move(r));
    }
    *records = std::move(kept);
    return Status::Ok();
  }

  void DedupeFx() {
    std::vector<FxRate> kept;
    std::map<std::pair<std::string, int64_t>, Rate> seen;
    for (size_t i = 0; i < set_.fx_rates.size(); ++i) {
      FxRate& r = set_.fx_rates[i];
      auto key = std::make_pair(r.currency, r.date.Day());
      auto it = seen.find(key);
      std::optional<Rate> stored = fx_->FindExact(r.currency, r.date.Day());
      std::optional<Rate> existing = it != seen.end() ? std::optional<Rate>(it->second) : stored;
      if (existing) {
        if (*existing == r.rate) {
          ++source_->duplicates;
        } else {
          Conflict(fx_lines_[i], r.currency,
                   "conflict: a different " + r.currency + " rate for " + FormatDate(r.date) +
                       " is already known (" + FormatRate(*existing) + "); it is kept",
                   RawOfLine(fx_lines_[i]));
        }
        continue;
      }
      seen.emplace(key, r.rate);
      kept.push_back(std::move(r));
    }
    set_.fx_rates = std::move(kept);
  }

  std::string RawOfLine(uint64_t line) const {
    for (size_t i = 0; i < raws_.size(); ++i) {
      if (raws_[i].line == line) return Raw(i);
    }
    return "";
  }

  storage::Store* store_;
  storage::FxTable* fx_;
  SourceFile* source_;
  LoadReport* report_;
  RejectsFile* rejects_;
  std::string file_;
  bool new_source_;
  storage::WriteSet set_;
  std::vector<struct Reject> rejects_pending_;
  struct RawRef {
    size_t offset, size;
    uint64_t line;
  };
  std::vector<RawRef> raws_;
  std::string raw_arena_;
  std::vector<uint64_t> fx_lines_;
  uint64_t rejected_ = 0;
  LoadState* state_;
  // Seal()'s findings over set_.transactions: each id's IdHashes::Hash (taken
  // as it is added), the (repeat, first) positions in file order, and which
  // positions are dropped. by_hash_ is its scratch, kept for its memory.
  std::vector<uint64_t> tx_hashes_;
  std::vector<std::pair<size_t, size_t>> repeats_;
  std::vector<bool> drop_;
  std::vector<std::pair<uint64_t, size_t>> by_hash_;
  bool sealed_ = false;
  bool spent_ = false;  // set_.transactions holds committed records: see Clear()
};

}  // namespace moneytrail::ingest::internal

#endif  // MONEYTRAIL_INGEST_LOAD_BATCH_H_
