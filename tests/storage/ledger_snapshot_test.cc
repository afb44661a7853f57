#include "engine/storage/ledger_snapshot.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace moneytrail::storage {
namespace {

// An entry that owns its id, for comparing what went in with what came out.
struct Owned {
  int64_t micros;
  uint64_t seq;
  uint32_t from, to;
  int64_t base_minor;
  std::string tx_id;
  bool operator==(const Owned&) const = default;
};

Store::LedgerEntry View(const Owned& o) {
  Store::LedgerEntry e;
  e.timestamp = Timestamp{o.micros};
  e.seq = o.seq;
  e.from = o.from;
  e.to = o.to;
  e.base_minor = o.base_minor;
  e.tx_id = o.tx_id;
  return e;
}

std::string Encode(const std::vector<Owned>& entries) {
  LedgerBlockBuilder builder;
  for (const Owned& o : entries) builder.Add(View(o));
  EXPECT_EQ(builder.size(), entries.size());
  std::string block;
  builder.Finish(&block);
  EXPECT_TRUE(builder.empty());
  return block;
}

// Every entry of `block`; `corrupt` tells how the reading ended.
std::vector<Owned> Decode(std::string_view block, bool* corrupt) {
  std::vector<Owned> out;
  LedgerBlockReader reader;
  if (reader.Reset(block)) {
    Store::LedgerEntry e;
    while (reader.Next(&e)) {
      out.push_back({e.timestamp.micros, e.seq, e.from, e.to, e.base_minor, std::string(e.tx_id)});
    }
  }
  *corrupt = reader.corrupt();
  return out;
}

// Extremes of every field, backward steps, equal neighbours, and ids that
// share prefixes, are prefixes of each other, are empty or hold NUL bytes.
std::vector<Owned> Awkward() {
  return {
      {INT64_MIN, UINT64_MAX, UINT32_MAX, 0, INT64_MAX, "T-0001"},
      {INT64_MAX, 0, 0, UINT32_MAX, INT64_MIN, "T-0001"},
      {INT64_MAX, 0, 2, 3, 0, "T-0001-extra"},
      {-1, 7, 1, 1, -1, "T-00"},
      {-1, 6, 5, 6, 1, ""},
      {0, 1ULL << 63, 9, 9, 123'456'789'012, std::string("a\0b", 3)},
      {1'704'067'200'000'000, 42, 200'001, 2, 50'000, std::string(300, 'x')},
      {1'704'067'200'000'000, 43, 2, 200'001, 50'000, std::string(299, 'x') + "y"},
  };
}

TEST(LedgerSnapshotTest, ABlockGivesBackEveryEntryExactly) {
  const std::vector<Owned> entries = Awkward();
  bool corrupt = true;
  EXPECT_EQ(Decode(Encode(entries), &corrupt), entries);
  EXPECT_FALSE(corrupt);
}

TEST(LedgerSnapshotTest, RandomLedgersRoundTripAndEachBlockStandsAlone) {
  std::mt19937_64 rng(20261207);
  LedgerBlockBuilder builder;  // reused across blocks, as the store does
  for (int round = 0; round < 50; ++round) {
    std::vector<Owned> entries(1 + rng() % 2000);
    int64_t t = static_cast<int64_t>(rng() % 4'000'000'000'000'000ULL) - 2'000'000'000'000'000;
    uint64_t seq = rng() % 1'000'000;
    for (Owned& o : entries) {
      t += static_cast<int64_t>(rng() % 10'000'000);
      seq = rng() % 8 ? seq + 1 : rng();  // mostly in order, now and then anywhere
      o = {t,
           seq,
           static_cast<uint32_t>(rng() % 300'000),
           static_cast<uint32_t>(rng() % 300'000),
           static_cast<int64_t>(rng() % 10'000'000) - 10,
           "TX" + std::to_string(rng() % 100'000'000)};
    }
    for (const Owned& o : entries) builder.Add(View(o));
    std::string block;
    builder.Finish(&block);
    bool corrupt = true;
    ASSERT_EQ(Decode(block, &corrupt), entries) << "round " << round;
    EXPECT_FALSE(corrupt);
  }
}

TEST(LedgerSnapshotTest, EveryTruncationAndAnyTrailingByteIsCorrupt) {
  const std::string block = Encode(Awkward());
  for (size_t size = 0; size < block.size(); ++size) {
    bool corrupt = false;
    Decode(std::string_view(block).substr(0, size), &corrupt);
    EXPECT_TRUE(corrupt) << "cut to " << size << " of " << block.size() << " bytes";
  }
  bool corrupt = false;
  Decode(block + '\0', &corrupt);
  EXPECT_TRUE(corrupt);
}

TEST(LedgerSnapshotTest, DamagedBlocksAreReadSafelyAndMostAreCaught) {
  // Under the sanitizers this proves no damage reads outside the block; the
  // count proves the checks catch most of it.
  std::vector<Owned> entries;
  for (uint32_t i = 0; i < 200; ++i) {
    entries.push_back({1'700'000'000'000'000 + i * 3'000'000LL, 1000 + i, 2 + i % 50, 3 + i % 70,
                       100 + i * 37, "T" + std::to_string(1'000'000 + i)});
  }
  const std::string block = Encode(entries);
  std::mt19937 rng(7);
  int caught = 0;
  const int kTrials = 3000;
  for (int i = 0; i < kTrials; ++i) {
    std::string damaged = block;
    for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips)
      damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    bool corrupt = false;
    Decode(damaged, &corrupt);
    caught += corrupt;
  }
  EXPECT_GT(caught, kTrials / 3);
}

TEST(LedgerSnapshotTest, HeaderRoundTripsAndRefusesOtherVersionsAndTrailingBytes) {
  LedgerSnapshotHeader header{12'345'678, 10'000'000, 611};
  const std::string value = EncodeLedgerSnapshotHeader(header);
  LedgerSnapshotHeader back;
  ASSERT_TRUE(DecodeLedgerSnapshotHeader(value, &back));
  EXPECT_EQ(back.stamp, header.stamp);
  EXPECT_EQ(back.entries, header.entries);
  EXPECT_EQ(back.blocks, header.blocks);
  EXPECT_FALSE(DecodeLedgerSnapshotHeader(value + "x", &back));
  EXPECT_FALSE(DecodeLedgerSnapshotHeader(value.substr(0, value.size() - 1), &back));
  std::string other_version = value;
  other_version[0] = 2;
  EXPECT_FALSE(DecodeLedgerSnapshotHeader(other_version, &back));
}

}  // namespace
}  // namespace moneytrail::storage
