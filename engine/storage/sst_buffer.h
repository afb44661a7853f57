// Internal to engine/storage: the in-memory staging of one Commit(), a sorted
// run of entries per column family that becomes one SST file.
//
// A bulk load stages four entries per transaction, half a million
// transactions per commit. The buffers live in Store::Impl and are cleared,
// not freed, between commits: fresh pages cost a page fault each here, and
// growing by doubling copied everything twice.
#ifndef MONEYTRAIL_ENGINE_STORAGE_SST_BUFFER_H_
#define MONEYTRAIL_ENGINE_STORAGE_SST_BUFFER_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/huge_pages.h"
#include "engine/core/status.h"
#include "engine/storage/codec.h"

namespace moneytrail::storage {

// Keys and values of one family, packed in one arena: a string pair per entry
// cost two allocations.
class SstBuffer {
 public:
  void Add(std::string_view key, std::string_view value) {
    entries_.push_back({KeyPrefix(key), arena_.size(), static_cast<uint32_t>(key.size()),
                        static_cast<uint32_t>(value.size())});
    arena_.append(key);
    arena_.append(value);
  }
  // Appends an entry built in place: `build` appends the key and then the
  // value to the arena, and returns the key's length.
  template <typename Build>
  void AddBuilt(Build build) {
    size_t start = arena_.size();
    uint32_t key_len = build(&arena_);
    entries_.push_back({KeyPrefix(std::string_view(arena_).substr(start, key_len)), start, key_len,
                        static_cast<uint32_t>(arena_.size() - start - key_len)});
  }
  void Reserve(size_t entries, size_t bytes) {
    entries_.reserve(entries);
    arena_.reserve(bytes);
    AdviseHugePages(entries_.data(), entries * sizeof(Entry));
    AdviseHugePages(arena_.data(), bytes);
  }
  void Clear() {
    entries_.clear();
    arena_.clear();
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

  // Calls fn(key, value) in order; stops at the first error.
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
  // The first eight key bytes as a big-endian integer (zero-padded): most
  // comparisons are decided on it without touching the arena.
  static uint64_t KeyPrefix(std::string_view key) {
    unsigned char b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(b, key.data(), std::min<size_t>(8, key.size()));
    uint64_t x;
    std::memcpy(&x, b, 8);
    return __builtin_bswap64(x);
  }
  std::string_view Key(const Entry& e) const {
    return std::string_view(arena_).substr(e.offset, e.key_len);
  }
  std::string_view Value(const Entry& e) const {
    return std::string_view(arena_).substr(e.offset + e.key_len, e.value_len);
  }
  std::string arena_;
  std::vector<Entry> entries_;
};

// An account index ("out" or "in"): entries kept as numbers and sorted as
// numbers, encoded only as the file is written. Sorting their string keys out
// of an arena was mostly cache misses.
//
// Key: account (4 bytes BE), time (8, sign-flipped BE), seq (8 BE) — the
// order of the numbers below. Value: amount (zig-zag varint), counterparty
// (varint). Keys are unique because seq is.
class IndexBuffer {
 public:
  void Add(uint32_t account, int64_t micros, uint64_t seq, int64_t amount, uint32_t counterparty) {
    entries_.push_back({account, counterparty, micros, seq, amount});
    max_account_ = std::max(max_account_, account);
  }
  void Reserve(size_t entries) {
    entries_.reserve(entries);
    grouped_.reserve(entries);
    AdviseHugePages(entries_.data(), entries * sizeof(Entry));
    AdviseHugePages(grouped_.data(), entries * sizeof(Entry));
  }
  void Clear() {
    entries_.clear();
    max_account_ = 0;
  }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

  void SortUnique() {
    auto less = [](const Entry& a, const Entry& b) {
      if (a.account != b.account) return a.account < b.account;
      if (a.micros != b.micros) return a.micros < b.micros;
      return a.seq < b.seq;
    };
    if (std::is_sorted(entries_.begin(), entries_.end(), less)) return;
    // Time-ordered input (the usual case) needs only grouping by account: a
    // stable counting sort does that in two passes, where std::sort took
    // twenty. Anything still out of order goes to std::sort.
    if (max_account_ < 4 * entries_.size() + 65536) {
      GroupByAccount();
      if (std::is_sorted(entries_.begin(), entries_.end(), less)) return;
    }
    std::sort(entries_.begin(), entries_.end(), less);
  }

  template <typename Fn>
  Status ForEach(Fn fn) const {
    std::string key, value;
    for (const Entry& e : entries_) {
      key.clear();
      PutFixed32BE(&key, e.account);
      PutSigned64BE(&key, e.micros);
      PutFixed64BE(&key, e.seq);
      value.clear();
      PutVarintSigned(&value, e.amount);
      PutVarint(&value, e.counterparty);
      RETURN_IF_ERROR(fn(std::string_view(key), std::string_view(value)));
    }
    return Status::Ok();
  }

 private:
  struct Entry {
    uint32_t account, counterparty;
    int64_t micros;
    uint64_t seq;
    int64_t amount;
  };
  void GroupByAccount() {
    std::vector<size_t> start(size_t{max_account_} + 2, 0);
    for (const Entry& e : entries_) ++start[e.account + 1];
    for (size_t a = 1; a < start.size(); ++a) start[a] += start[a - 1];
    grouped_.resize(entries_.size());
    for (const Entry& e : entries_) grouped_[start[e.account]++] = e;
    entries_.swap(grouped_);
  }

  std::vector<Entry> entries_;
  std::vector<Entry> grouped_;  // GroupByAccount()'s output, kept for its memory
  uint32_t max_account_ = 0;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_SST_BUFFER_H_
