// The JSON renderer writes objects itself, without building a document tree;
// its bytes must still be exactly nlohmann/json's dump(2) of the same
// document, for any string an id can hold, and the same whether taken whole
// or in pieces.
#include "engine/trace/trace_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/trace/json_util.h"
#include "tests/trace/ledger_builder.h"

namespace moneytrail::trace {
namespace {

using testing::Eur;
using testing::LedgerBuilder;

// The document parsed and dumped again by nlohmann/json, as the renderer
// promises to write it.
std::string Redumped(const std::string& json) {
  return nlohmann::ordered_json::parse(json).dump(2, ' ', false) + "\n";
}

TEST(TraceJsonTest, StringsNeedingEscapesAreWrittenAsNlohmannJsonWritesThem) {
  // Quotes, backslashes, control characters, non-ASCII, and a byte that is
  // not UTF-8 (replaced by U+FFFD), in account, claimant and tx ids.
  const std::vector<std::string> odd = {"A\"1",       "B\\2",  "C\n3\t", std::string("D\x01", 2),
                                        "É-Ñ-\u20ac", "F\xff", "G\x7f",  "plain"};
  LedgerBuilder b("K-\"odd\"");
  std::vector<uint32_t> acc;
  for (const std::string& id : odd) acc.push_back(b.Account(id));
  size_t seed = b.Tx("T\"seed", kCash, acc[0], Eur(1000));
  for (size_t i = 0; i + 1 < acc.size(); ++i) {
    b.Tx("T\\" + std::to_string(i) + odd[i], acc[i], acc[i + 1], Eur(100));
  }
  b.Tx("T-cash\r", acc.back(), kCash, Eur(10));
  b.Seed(seed, 0, "V\u00e9\"1");
  auto r = Trace(b.input, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->flows.empty());
  ASSERT_FALSE(r->exits.empty());
  std::string json = RenderTraceJson(*r, b.input, b.Labels());
  EXPECT_EQ(json, Redumped(json));
  EXPECT_NE(json.find("\"A\\\"1\""), std::string::npos);
  EXPECT_NE(json.find("\"C\\n3\\t\""), std::string::npos);
  EXPECT_NE(json.find("\"D\\u0001\""), std::string::npos);
  EXPECT_NE(json.find("F\xef\xbf\xbd"), std::string::npos) << "bad byte replaced by U+FFFD";
}

TEST(TraceJsonTest, IdsLongerThanAMembersRoomAreWrittenWhole) {
  // Account ids go out pre-quoted, and a member has room for 128 bytes
  // inline: longer ids, plain and with escapes, take the other way.
  const std::string plain(300, 'p'), odd = std::string(140, 'q') + "\"\n";
  LedgerBuilder b("K-long");
  uint32_t a = b.Account(plain), c = b.Account(odd), d = b.Account(std::string(129, 'r'));
  uint32_t e = b.Account(std::string(128, 's'));  // quoted, exactly the inline room
  size_t seed = b.Tx("T-seed", kCash, a, Eur(1000));
  b.Tx("T-1", a, c, Eur(600));
  b.Tx("T-2", c, d, Eur(300));
  b.Tx("T-3", d, kCash, Eur(100));
  b.Tx("T-4", d, e, Eur(50));
  b.Seed(seed, 0, std::string(200, 'v'));
  auto r = Trace(b.input, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string json = RenderTraceJson(*r, b.input, b.Labels());
  EXPECT_EQ(json, Redumped(json));
  auto doc = nlohmann::json::parse(json);
  ASSERT_EQ(doc["flows"].size(), 3u);
  EXPECT_EQ(doc["flows"][0]["from"], plain);
  EXPECT_EQ(doc["flows"][0]["to"], odd);
  EXPECT_EQ(doc["flows"][1]["to"], std::string(129, 'r'));
  EXPECT_EQ(doc["flows"][2]["to"], std::string(128, 's'));
  EXPECT_EQ(doc["exits"][0]["account"], std::string(129, 'r'));
  EXPECT_EQ(doc["accounts"].size(), 4u);
  EXPECT_TRUE(doc["flows"][0]["by_claimant"].contains(std::string(200, 'v')));
}

TEST(TraceJsonTest, AnyBadByteAtAnyPlaceIsEscapedAsNlohmannJsonEscapesIt) {
  // The word-at-a-time check must see a byte to escape wherever it sits.
  for (size_t length = 1; length <= 20; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (char bad : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\x80', '\xc3', '\xff'}) {
        std::string s(length, 'a');
        s[at] = bad;
        std::string out = "[";
        internal::AppendJsonString(&out, s);
        EXPECT_EQ(out, "[" + internal::Json(s).dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace))
            << length << " " << at << " " << static_cast<int>(bad);
      }
    }
  }
  for (char fine : {' ', '!', '#', '[', ']', '~', '0', 'z'}) {
    std::string s(17, fine);
    EXPECT_FALSE(internal::NeedsJsonEscaping(s)) << fine;
  }
}

TEST(TraceJsonTest, PiecesJoinToTheWholeDocument) {
  // Enough flows for several pieces of about a megabyte each.
  LedgerBuilder b;
  uint32_t a = b.Account("A"), c = b.Account("C");
  size_t seed = b.Tx("S", kCash, a, Eur(1'000'000));
  for (int i = 0; i < 8000; ++i) {
    b.Tx("T" + std::to_string(i), i % 2 ? c : a, i % 2 ? a : c, Eur(1 + i % 7), i + 1);
  }
  b.Seed(seed);
  TraceOptions o;
  o.method = Method::kPoison;
  auto r = Trace(b.input, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->flows.size(), 8000u);
  std::string whole = RenderTraceJson(*r, b.input, b.Labels());
  std::vector<std::string> pieces;
  RenderTraceJson(*r, b.input, b.Labels(),
                  [&](std::string_view piece) { pieces.emplace_back(piece); });
  EXPECT_GT(pieces.size(), 1u);
  std::string joined;
  for (const std::string& p : pieces) {
    EXPECT_FALSE(p.empty());
    joined += p;
  }
  EXPECT_EQ(joined, whole);
  EXPECT_EQ(whole, Redumped(whole));
}

// A poison trace with more flows than two blocks of 8,192, so that helper
// threads render.
LedgerBuilder LongPoisonLedger() {
  LedgerBuilder b;
  std::vector<uint32_t> acc;
  for (int i = 0; i < 64; ++i) acc.push_back(b.Account("ACC-" + std::to_string(i)));
  size_t seed = b.Tx("S", kCash, acc[0], Eur(10'000'000));
  for (int i = 0; i < 20'000; ++i) {
    const auto n = static_cast<size_t>(i);
    b.Tx("T" + std::to_string(i), acc[n % 64], acc[(n * 7 + n / 64 + 1) % 64], Eur(1 + i % 13),
         i + 1);
  }
  b.Seed(seed);
  return b;
}

TraceOptions Poison() {
  TraceOptions o;
  o.method = Method::kPoison;
  return o;
}

TEST(TraceJsonTest, ThreadsRenderTheSameBytesAsOne) {
  LedgerBuilder b = LongPoisonLedger();
  auto r = Trace(b.input, Poison());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GT(r->flows.size(), 2u * 8192u);
  auto render = [&](unsigned threads, size_t from) {
    std::string out;
    size_t calls = 0;
    internal::RenderTraceJson(
        *r, b.input, b.Labels(),
        [&](std::string_view piece) {
          out.append(piece);
          ++calls;
        },
        threads, from);
    EXPECT_GT(calls, 1u);
    return out;
  };
  const std::string one = render(1, 10);
  EXPECT_EQ(render(2, 10), one);
  EXPECT_EQ(render(3, 10), one);
  EXPECT_EQ(render(4, 1'000'000), one);
  EXPECT_EQ(render(16, 10), one);  // more threads than blocks
  EXPECT_EQ(RenderTraceJson(*r, b.input, b.Labels()), one);
  EXPECT_EQ(one, Redumped(one));
}

TEST(TraceJsonTest, AnErrorInAnyRenderingThreadReachesTheCallerAndStopsTheOthers) {
  // Blocks take turns to be handed on: a thread that fails must not leave
  // the others waiting for its turn forever.
  LedgerBuilder b = LongPoisonLedger();
  auto r = Trace(b.input, Poison());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GT(r->flows.size(), 2u * 8192u + 1);
  // Flows in the first block (the caller's thread), the second and the third.
  for (size_t bad_flow : {size_t{3}, size_t{8192 + 5}, size_t{2 * 8192 + 1}}) {
    for (unsigned threads : {2u, 3u}) {
      TraceLabels labels = b.Labels();
      const uint64_t bad_ref = b.input.txs[r->flows[bad_flow].tx].ref;
      labels.tx_id = [bad_ref](uint64_t ref) -> std::string {
        if (ref == bad_ref) throw std::runtime_error("label lookup failed");
        return std::to_string(ref);
      };
      size_t written = 0;
      EXPECT_THROW(
          internal::RenderTraceJson(
              *r, b.input, labels, [&](std::string_view p) { written += p.size(); }, threads, 10),
          std::runtime_error)
          << "flow " << bad_flow << ", " << threads << " threads";
      EXPECT_GT(written, 0u);  // the head went out before the flows
    }
  }
}

}  // namespace
}  // namespace moneytrail::trace
