#include "engine/storage/ledger_snapshot.h"

#include <algorithm>

#include "engine/storage/codec.h"

namespace moneytrail::storage {

namespace {

constexpr uint64_t kHeaderVersion = 1;

enum Column { kTimestamps, kSeqs, kFrom, kTo, kAmounts, kIds, kColumns };

// Differences are taken modulo 2^64, so that any two int64 values have one
// and adding it back is exact; zig-zag keeps small negative ones short.
uint64_t ZigZag(uint64_t difference) {
  const auto v = static_cast<int64_t>(difference);
  return (difference << 1) ^ static_cast<uint64_t>(v >> 63);
}
uint64_t UnZigZag(uint64_t z) { return (z >> 1) ^ (~(z & 1) + 1); }

// Inline and bounds-checked: the reader decodes six of these per entry.
inline bool ReadVarint(const char** pos, const char* end, uint64_t* value) {
  const char* p = *pos;
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    const auto byte = static_cast<unsigned char>(*p++);
    if (shift == 63 && byte > 1) return false;  // more than 64 bits
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) {
      *pos = p;
      *value = result;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string EncodeLedgerSnapshotHeader(const LedgerSnapshotHeader& header) {
  std::string out;
  PutVarint(&out, kHeaderVersion);
  PutVarint(&out, header.stamp);
  PutVarint(&out, header.entries);
  PutVarint(&out, header.blocks);
  return out;
}

bool DecodeLedgerSnapshotHeader(std::string_view value, LedgerSnapshotHeader* header) {
  Decoder d(value);
  uint64_t version = 0;
  return d.GetVarint(&version) && version == kHeaderVersion && d.GetVarint(&header->stamp) &&
         d.GetVarint(&header->entries) && d.GetVarint(&header->blocks) && d.done();
}

std::string EncodeLedgerStaleMark(const LedgerStaleMark& mark) {
  std::string out;
  PutVarint(&out, kHeaderVersion);
  PutString(&out, mark.dirty_from);
  PutVarint(&out, mark.entries);
  PutVarint(&out, mark.blocks);
  return out;
}

bool DecodeLedgerStaleMark(std::string_view value, LedgerStaleMark* mark) {
  Decoder d(value);
  uint64_t version = 0;
  return d.GetVarint(&version) && version == kHeaderVersion && d.GetString(&mark->dirty_from) &&
         d.GetVarint(&mark->entries) && d.GetVarint(&mark->blocks) && d.done();
}

bool LedgerBlockCount(std::string_view block, uint64_t* count) {
  const char* p = block.data();
  return ReadVarint(&p, block.data() + block.size(), count);
}

void LedgerBlockBuilder::Add(const Store::LedgerEntry& entry) {
  const auto timestamp = static_cast<uint64_t>(entry.timestamp.micros);
  PutVarint(&columns_[kTimestamps], ZigZag(timestamp - static_cast<uint64_t>(last_timestamp_)));
  PutVarint(&columns_[kSeqs], ZigZag(entry.seq - last_seq_));
  PutVarint(&columns_[kFrom], entry.from);
  PutVarint(&columns_[kTo], entry.to);
  PutVarint(&columns_[kAmounts], ZigZag(static_cast<uint64_t>(entry.base_minor)));
  const std::string_view id = entry.tx_id;
  const size_t limit = std::min(id.size(), last_id_.size());
  size_t shared = 0;
  while (shared < limit && id[shared] == last_id_[shared]) ++shared;
  PutVarint(&columns_[kIds], shared);
  PutString(&columns_[kIds], id.substr(shared));
  last_id_.assign(id);
  last_timestamp_ = entry.timestamp.micros;
  last_seq_ = entry.seq;
  ++count_;
}

void LedgerBlockBuilder::Finish(std::string* block) {
  block->clear();
  PutVarint(block, count_);
  for (int c = 0; c < kIds; ++c) PutVarint(block, columns_[c].size());
  for (std::string& column : columns_) {
    block->append(column);
    column.clear();
  }
  last_id_.clear();
  last_timestamp_ = 0;
  last_seq_ = 0;
  count_ = 0;
}

bool LedgerBlockReader::Reset(std::string_view block) {
  id_.clear();
  timestamp_ = 0;
  seq_ = 0;
  read_ = 0;
  count_ = 0;
  corrupt_ = false;
  const char* p = block.data();
  const char* const end = p + block.size();
  uint64_t count = 0;
  uint64_t sizes[kColumns] = {};
  if (!ReadVarint(&p, end, &count)) return Fail();
  for (int c = 0; c < kIds; ++c) {
    if (!ReadVarint(&p, end, &sizes[c])) return Fail();
  }
  for (int c = 0; c < kIds; ++c) {
    if (sizes[c] > static_cast<uint64_t>(end - p)) return Fail();
    pos_[c] = p;
    end_[c] = p + sizes[c];
    p = end_[c];
  }
  pos_[kIds] = p;
  end_[kIds] = end;
  // Every entry takes at least one byte in each column.
  if (count > static_cast<uint64_t>(end - p)) return Fail();
  count_ = count;
  return true;
}

bool LedgerBlockReader::Next(Store::LedgerEntry* entry) {
  if (corrupt_) return false;
  if (read_ == count_) {
    // Whatever a column holds past its last entry is damage, not padding.
    for (int c = 0; c < kColumns; ++c) {
      if (pos_[c] != end_[c]) return Fail();
    }
    return false;
  }
  uint64_t v[kIds];
  for (int c = 0; c < kIds; ++c) {
    if (!ReadVarint(&pos_[c], end_[c], &v[c])) return Fail();
  }
  if (v[kFrom] > UINT32_MAX || v[kTo] > UINT32_MAX) return Fail();
  uint64_t shared = 0, rest = 0;
  if (!ReadVarint(&pos_[kIds], end_[kIds], &shared) ||
      !ReadVarint(&pos_[kIds], end_[kIds], &rest) || shared > id_.size() ||
      rest > static_cast<uint64_t>(end_[kIds] - pos_[kIds])) {
    return Fail();
  }
  id_.resize(shared);
  id_.append(pos_[kIds], rest);
  pos_[kIds] += rest;
  timestamp_ = static_cast<int64_t>(static_cast<uint64_t>(timestamp_) + UnZigZag(v[kTimestamps]));
  seq_ += UnZigZag(v[kSeqs]);
  entry->timestamp = Timestamp{timestamp_};
  entry->seq = seq_;
  entry->from = static_cast<uint32_t>(v[kFrom]);
  entry->to = static_cast<uint32_t>(v[kTo]);
  entry->base_minor = static_cast<int64_t>(UnZigZag(v[kAmounts]));
  entry->tx_id = id_;
  ++read_;
  return true;
}

}  // namespace moneytrail::storage
