#include "engine/storage/codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

namespace moneytrail::storage {
namespace {

TEST(CodecTest, Fixed32And64BigEndianRoundTrip) {
  for (uint32_t v : {0u, 1u, 0x01020304u, 0xffffffffu}) {
    std::string s;
    PutFixed32BE(&s, v);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(GetFixed32BE(s.data()), v);
  }
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{0x0102030405060708}, UINT64_MAX}) {
    std::string s;
    PutFixed64BE(&s, v);
    ASSERT_EQ(s.size(), 8u);
    EXPECT_EQ(GetFixed64BE(s.data()), v);
  }
  std::string s;
  PutFixed32BE(&s, 0x01020304u);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04", 4));
}

TEST(CodecTest, SignedBigEndianKeepsNumericOrderInByteOrder) {
  std::vector<int64_t> values = {INT64_MIN, -1'000'000, -1, 0, 1, 42, 1'700'000'000'000'000,
                                 INT64_MAX};
  std::vector<std::string> encoded;
  for (int64_t v : values) {
    std::string s;
    PutSigned64BE(&s, v);
    EXPECT_EQ(GetSigned64BE(s.data()), v);
    char in_place[8];
    EncodeSigned64BE(in_place, v);
    EXPECT_EQ(std::string(in_place, 8), s);
    encoded.push_back(s);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
}

TEST(CodecTest, VarintsRoundTripAtEveryWidth) {
  std::vector<uint64_t> values = {0, 1, 127, 128, 16383, 16384, uint64_t{1} << 35, UINT64_MAX};
  std::string s;
  for (uint64_t v : values) PutVarint(&s, v);
  std::vector<int64_t> signed_values = {0, -1, 1, -64, 64, INT64_MIN, INT64_MAX};
  for (int64_t v : signed_values) PutVarintSigned(&s, v);
  Decoder d(s);
  for (uint64_t v : values) {
    uint64_t got = 0;
    ASSERT_TRUE(d.GetVarint(&got));
    EXPECT_EQ(got, v);
  }
  for (int64_t v : signed_values) {
    int64_t got = 0;
    ASSERT_TRUE(d.GetVarintSigned(&got));
    EXPECT_EQ(got, v);
  }
  EXPECT_TRUE(d.done());
}

TEST(CodecTest, SmallSignedValuesEncodeInOneByte) {
  std::string s;
  PutVarintSigned(&s, -1);
  EXPECT_EQ(s.size(), 1u);
}

TEST(CodecTest, StringsRoundTripIncludingNulAndEmpty) {
  std::string s;
  PutString(&s, "");
  PutString(&s, std::string("a\0b", 3));
  PutString(&s, std::string(300, 'x'));
  Decoder d(s);
  std::string a, b, c;
  ASSERT_TRUE(d.GetString(&a));
  ASSERT_TRUE(d.GetString(&b));
  ASSERT_TRUE(d.GetString(&c));
  EXPECT_EQ(a, "");
  EXPECT_EQ(b, std::string("a\0b", 3));
  EXPECT_EQ(c, std::string(300, 'x'));
  EXPECT_TRUE(d.done());
}

TEST(CodecTest, FixedAndBytesReadBack) {
  std::string s;
  PutFixed64BE(&s, 77);
  s += "abc";
  Decoder d(s);
  uint64_t v = 0;
  std::string_view bytes;
  ASSERT_TRUE(d.GetFixed64BE(&v));
  EXPECT_EQ(v, 77u);
  ASSERT_TRUE(d.GetBytes(3, &bytes));
  EXPECT_EQ(bytes, "abc");
  EXPECT_TRUE(d.done());
}

TEST(CodecTest, TruncatedInputFailsAndStaysFailed) {
  std::string s;
  PutString(&s, "hello");
  Decoder d(std::string_view(s).substr(0, 3));
  std::string out;
  EXPECT_FALSE(d.GetString(&out));
  EXPECT_FALSE(d.ok());
  uint64_t v;
  EXPECT_FALSE(d.GetVarint(&v));
  EXPECT_FALSE(d.done());
}

TEST(CodecTest, UnterminatedOrOverlongVarintFails) {
  Decoder unterminated(std::string_view("\x80\x80", 2));
  uint64_t v;
  EXPECT_FALSE(unterminated.GetVarint(&v));
  std::string eleven(11, '\x80');
  Decoder overlong(eleven);
  EXPECT_FALSE(overlong.GetVarint(&v));
  Decoder empty("");
  EXPECT_FALSE(empty.GetFixed64BE(&v));
  std::string_view bytes;
  Decoder short_bytes("ab");
  EXPECT_FALSE(short_bytes.GetBytes(3, &bytes));
}

}  // namespace
}  // namespace moneytrail::storage
