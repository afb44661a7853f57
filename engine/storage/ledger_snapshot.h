// Internal to engine/storage: the encoding of the ledger snapshot. Not a
// public header.
//
// A whole-ledger replay reads every transaction in replay order but needs
// only its numbers and its id (Store::LedgerEntry). Read from the tx family,
// that is one RocksDB iterator step and one record decoded per transaction:
// 1.0-1.2 s per 10 M transactions on two threads here, with the callback doing
// nothing. The snapshot keeps the same entries packed column by column,
// kLedgerBlockEntries to a value, in a family of its own ("ledger"), so that a
// scan is a few hundred values and a tight decoding loop.
//
// It is derived data, like the account indexes, but not kept up to date by
// Commit(): a commit that writes transactions replaces its header with a
// stale mark, and Store::BuildLedgerSnapshot() packs it again from the tx
// family, from the first new transaction on. A reader
// uses it only when its header is present and stamped with the store's
// current next_seq; otherwise it reads the tx family, with the same result.
//
// Keys: "h" is the header; "b" + the tx key of a block's first entry is the
// block, so that blocks sort in replay order and split along the tx family's
// own time splits. A commit of transactions replaces "h" with "s", a stale
// mark: the blocks before the one that holds the first new transaction are
// still exact, and a build packs only from there on.
//
// A block: varint entry count, then five varint column sizes in bytes, then
// six columns, each with one item per entry:
//   timestamps   zig-zag varint, the difference from the previous entry's (the first from 0)
//   seqs         the same
//   from, to     varint account numbers
//   base_minor   zig-zag varint
//   tx ids       varint bytes shared with the previous entry's id, varint
//                length of the rest, the rest (the last column: its size is
//                what is left of the block)
// The demo ledger takes 15 bytes per transaction so, about 10 once LZ4 has
// compressed it, against 46 for the tx family.
#ifndef MONEYTRAIL_ENGINE_STORAGE_LEDGER_SNAPSHOT_H_
#define MONEYTRAIL_ENGINE_STORAGE_LEDGER_SNAPSHOT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/storage/store.h"

namespace moneytrail::storage {

inline constexpr size_t kLedgerBlockEntries = 16384;
inline constexpr std::string_view kLedgerHeaderKey = "h";
inline constexpr char kLedgerBlockPrefix = 'b';
inline constexpr std::string_view kLedgerStaleKey = "s";

struct LedgerSnapshotHeader {
  uint64_t stamp = 0;    // the store's next_seq when the snapshot was built
  uint64_t entries = 0;  // transactions, over all blocks
  uint64_t blocks = 0;
};
std::string EncodeLedgerSnapshotHeader(const LedgerSnapshotHeader& header);
// False when `value` is not a header of this version.
bool DecodeLedgerSnapshotHeader(std::string_view value, LedgerSnapshotHeader* header);

struct LedgerStaleMark {
  std::string dirty_from;  // tx key of the first transaction committed since
  uint64_t entries = 0;    // transactions in the blocks stored, as in the header
  uint64_t blocks = 0;
};
std::string EncodeLedgerStaleMark(const LedgerStaleMark& mark);
bool DecodeLedgerStaleMark(std::string_view value, LedgerStaleMark* mark);

// The entry count at the head of a block, without reading the rest; false
// when the head is malformed.
bool LedgerBlockCount(std::string_view block, uint64_t* count);

// Packs entries, given in replay order, into one block.
class LedgerBlockBuilder {
 public:
  void Add(const Store::LedgerEntry& entry);
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Replaces *block with the block of the entries added since the last
  // Finish(), and starts a new one.
  void Finish(std::string* block);

 private:
  std::string columns_[6];
  std::string last_id_;
  int64_t last_timestamp_ = 0;
  uint64_t last_seq_ = 0;
  size_t count_ = 0;
};

// Reads a block back. Every malformed block (truncated, a column too short or
// too long, a value out of range) makes Next() return false with corrupt()
// set, never reads outside the block.
class LedgerBlockReader {
 public:
  // Starts on `block`, which must outlive the reading. False (and corrupt())
  // when its head is malformed.
  bool Reset(std::string_view block);
  // The next entry; false at the end of the block or when it is corrupt.
  // entry->tx_id is valid until the next call.
  bool Next(Store::LedgerEntry* entry);
  bool corrupt() const { return corrupt_; }
  size_t count() const { return count_; }

 private:
  bool Fail() {
    corrupt_ = true;
    return false;
  }
  const char* pos_[6] = {};
  const char* end_[6] = {};
  std::string id_;
  int64_t timestamp_ = 0;
  uint64_t seq_ = 0;
  size_t count_ = 0, read_ = 0;
  bool corrupt_ = false;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_LEDGER_SNAPSHOT_H_
