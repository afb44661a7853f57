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
  for (const auto& [id, num] : reference) {
    ASSERT_EQ(t.Find(id), num) << id;
    ASSERT_EQ(t.IdOf(num), std::optional<std::string_view>(id)) << num;
  }
  EXPECT_EQ(t.IdOf(1), std::nullopt);
  EXPECT_EQ(t.IdOf(60'000), std::nullopt);
  EXPECT_EQ(t.Find("ES"), std::nullopt);
  EXPECT_EQ(t.Find("ES1"), std::nullopt);  // a prefix of many ids, itself never inserted
  EXPECT_EQ(t.Find(""), std::nullopt);
  t.ForgetFrom(0);  // every number: an empty table
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.Find(reference.begin()->first), std::nullopt);
  EXPECT_EQ(t.IdOf(reference.begin()->second), std::nullopt);
  t.Insert("A", 9);
  EXPECT_EQ(t.Find("A"), 9u);
  EXPECT_EQ(t.IdOf(9), std::optional<std::string_view>("A"));
}

TEST(AccountNumberTableTest, NumbersFarApartAndCollidingSlotsStillFindTheirIds) {
  // Numbers are their own hash: numbers a capacity apart share a home slot.
  AccountNumberTable t;
  for (uint32_t i = 0; i < 300; ++i) t.Insert("X" + std::to_string(i), i * 4096 + 2);
  for (uint32_t i = 0; i < 300; ++i) {
    ASSERT_EQ(t.IdOf(i * 4096 + 2), std::optional<std::string_view>("X" + std::to_string(i)));
    ASSERT_EQ(t.Find("X" + std::to_string(i)), i * 4096 + 2);
  }
  EXPECT_EQ(t.IdOf(4096 * 300 + 2), std::nullopt);
}

TEST(AccountNumberTableTest, AStagedLoadEqualsInsertsAndReportsAPairStoredTwice) {
  AccountNumberTable staged, inserted;
  staged.Reserve(10, 40);  // less than needed: staging must grow past it
  for (uint32_t n = 2; n < 5'002; ++n) {
    const std::string id = "DE" + std::to_string(n * 31u);
    staged.Stage(id, n);
    inserted.Insert(id, n);
  }
  staged.PlaceStaged();
  EXPECT_EQ(staged.conflict(), std::nullopt);
  ASSERT_EQ(staged.size(), inserted.size());
  for (uint32_t n = 2; n < 5'002; ++n) {
    ASSERT_EQ(staged.IdOf(n), inserted.IdOf(n)) << n;
    ASSERT_EQ(staged.Find("DE" + std::to_string(n * 31u)), n);
  }
  // A damaged store: one id under two numbers, then one number twice. The
  // first pairing stays; the first number left out is reported.
  AccountNumberTable damaged;
  damaged.Stage("A", 2);
  damaged.Stage("B", 3);
  damaged.Stage("A", 4);
  damaged.Stage("C", 3);
  damaged.PlaceStaged();
  EXPECT_EQ(damaged.conflict(), 4u);
  EXPECT_EQ(damaged.size(), 2u);
  EXPECT_EQ(damaged.Find("A"), 2u);
  EXPECT_EQ(damaged.IdOf(3), std::optional<std::string_view>("B"));
  EXPECT_EQ(damaged.IdOf(4), std::nullopt);
  EXPECT_EQ(damaged.Find("C"), std::nullopt);
}

TEST(AccountNumberTableTest, ForgettingFromANumberDropsItAndEveryLaterOneBothWays) {
  AccountNumberTable t;
  for (uint32_t n = 2; n < 2'000; ++n) t.Insert("GB" + std::to_string(n), n);
  t.ForgetFrom(1'500);
  EXPECT_EQ(t.size(), 1'498u);
  for (uint32_t n = 2; n < 2'000; ++n) {
    const std::string id = "GB" + std::to_string(n);
    if (n < 1'500) {
      ASSERT_EQ(t.Find(id), n);
      ASSERT_EQ(t.IdOf(n), std::optional<std::string_view>(id));
    } else {
      ASSERT_EQ(t.Find(id), std::nullopt);
      ASSERT_EQ(t.IdOf(n), std::nullopt);
    }
  }
  // The numbers are free again, for other ids (a commit after the failed one).
  t.Insert("FR1", 1'500);
  EXPECT_EQ(t.IdOf(1'500), std::optional<std::string_view>("FR1"));
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
