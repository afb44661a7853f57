// The bulk-load staging structures: the account-number table and the
// per-family buffers that become SST files. Each is checked against a plain
// std:: reference on random input.
#include "engine/storage/sst_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/storage/account_number_table.h"
#include "engine/storage/codec.h"
#include "engine/storage/store_impl.h"

namespace moneytrail::storage {
namespace {

// A buffer's entries in the order it would write them.
template <typename Buffer>
std::vector<std::pair<std::string, std::string>> Drain(const Buffer& b) {
  std::vector<std::pair<std::string, std::string>> out;
  EXPECT_TRUE(b.ForEach([&](std::string_view k, std::string_view v) {
                 out.emplace_back(std::string(k), std::string(v));
                 return Status::Ok();
               }).ok());
  return out;
}

TEST(AccountNumberTableTest, FindsWhatWasInsertedAcrossGrowth) {
  AccountNumberTable t;
  EXPECT_EQ(t.Find("ES91"), std::nullopt);
  std::map<std::string, uint32_t> reference;
  for (uint32_t i = 0; i < 50'000; ++i) {
    // Ids that share long prefixes and differ in length, as IBANs do.
    std::string id = "ES" + std::string(i % 7, '0') + std::to_string(i * 7919u);
    if (reference.count(id)) continue;
    reference[id] = i + 2;
    t.Insert(id, i + 2);
  }
  EXPECT_EQ(t.size(), reference.size());
  for (const auto& [id, num] : reference) ASSERT_EQ(t.Find(id), num) << id;
  EXPECT_EQ(t.Find("ES"), std::nullopt);
  EXPECT_EQ(t.Find("ES1"), std::nullopt);  // a prefix of many ids, itself never inserted
  EXPECT_EQ(t.Find(""), std::nullopt);
  t.Clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.Find(reference.begin()->first), std::nullopt);
  t.Insert("A", 9);
  EXPECT_EQ(t.Find("A"), 9u);
}

TEST(SstBufferTest, SortsByKeyAndTheLastOfEqualKeysWins) {
  SstBuffer b;
  b.Add("b", "1");
  b.Add("a", "2");
  b.Add("ab", "3");
  b.Add("b", "4");
  b.Add(std::string("a\0", 2), "5");
  b.SortUnique();
  using KV = std::pair<std::string, std::string>;
  EXPECT_EQ(Drain(b),
            (std::vector<KV>{{"a", "2"}, {std::string("a\0", 2), "5"}, {"ab", "3"}, {"b", "4"}}));
  b.Clear();
  EXPECT_TRUE(b.empty());
  b.AddBuilt([](std::string* a) {
    a->append("key");
    a->append("value");
    return 3u;
  });
  EXPECT_EQ(Drain(b), (std::vector<KV>{{"key", "value"}}));
}

struct IndexRow {
  uint32_t account;
  int64_t micros;
  uint64_t seq;
  int64_t amount;
  uint32_t counterparty;
};

// What the index family must hold: IndexKey() order, and the value encoding
// the store's readers decode.
std::vector<std::pair<std::string, std::string>> Expected(std::vector<IndexRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const IndexRow& a, const IndexRow& b) {
    return std::tie(a.account, a.micros, a.seq) < std::tie(b.account, b.micros, b.seq);
  });
  std::vector<std::pair<std::string, std::string>> out;
  for (const IndexRow& r : rows) {
    std::string v;
    PutVarintSigned(&v, r.amount);
    PutVarint(&v, r.counterparty);
    out.emplace_back(IndexKey(r.account, Timestamp{r.micros}, r.seq), v);
  }
  std::sort(out.begin(), out.end());  // byte order must agree with the numeric order above
  return out;
}

void CheckIndex(const std::vector<IndexRow>& rows) {
  IndexBuffer b;
  b.Reserve(rows.size());
  for (const IndexRow& r : rows) b.Add(r.account, r.micros, r.seq, r.amount, r.counterparty);
  b.SortUnique();
  EXPECT_EQ(Drain(b), Expected(rows));
}

TEST(IndexBufferTest, TimeOrderedInputIsGroupedByAccount) {
  std::mt19937_64 rng(7);
  std::vector<IndexRow> rows;
  int64_t t = -5'000'000;  // before the epoch too: the sign must sort
  for (uint64_t seq = 1; seq <= 20'000; ++seq) {
    t += static_cast<int64_t>(rng() % 3);  // equal times are common
    rows.push_back({static_cast<uint32_t>(2 + rng() % 500), t, seq,
                    static_cast<int64_t>(rng() % 100'000) - 50'000,
                    static_cast<uint32_t>(rng() % 600)});
  }
  CheckIndex(rows);
}

TEST(IndexBufferTest, UnorderedInputAndLargeAccountNumbersAreSortedFully) {
  std::mt19937_64 rng(11);
  std::vector<IndexRow> shuffled, sparse;
  for (uint64_t seq = 1; seq <= 5'000; ++seq) {
    int64_t micros = static_cast<int64_t>(rng() % 1'000'000);
    shuffled.push_back({static_cast<uint32_t>(2 + rng() % 50), micros, seq, 1, 0});
    // Numbers far beyond the entry count take the comparison sort.
    sparse.push_back({static_cast<uint32_t>(2 + rng() % 4'000'000'000u), micros, seq, -1, 7});
  }
  CheckIndex(shuffled);
  CheckIndex(sparse);
}

TEST(IndexBufferTest, ClearedBufferIsReusable) {
  IndexBuffer b;
  b.Add(4'000'000'000u, 1, 1, 1, 1);
  b.Clear();
  EXPECT_TRUE(b.empty());
  std::vector<IndexRow> rows = {{3, 2, 2, 5, 0}, {2, 1, 1, 5, 0}};
  for (const IndexRow& r : rows) b.Add(r.account, r.micros, r.seq, r.amount, r.counterparty);
  b.SortUnique();
  EXPECT_EQ(Drain(b), Expected(rows));
}

}  // namespace
}  // namespace moneytrail::storage
