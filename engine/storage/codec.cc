#include "engine/storage/codec.h"

namespace moneytrail::storage {

void PutFixed32BE(std::string* dst, uint32_t v) {
  char b[4];
  for (int i = 3; i >= 0; --i, v >>= 8) b[i] = static_cast<char>(v & 0xff);
  dst->append(b, 4);
}

void EncodeFixed64BE(char* dst, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) dst[i] = static_cast<char>(v & 0xff);
}

void EncodeSigned64BE(char* dst, int64_t v) {
  EncodeFixed64BE(dst, static_cast<uint64_t>(v) ^ (uint64_t{1} << 63));
}

void PutFixed64BE(std::string* dst, uint64_t v) {
  char b[8];
  EncodeFixed64BE(b, v);
  dst->append(b, 8);
}

uint32_t GetFixed32BE(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

uint64_t GetFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

void PutSigned64BE(std::string* dst, int64_t v) {
  char b[8];
  EncodeSigned64BE(b, v);
  dst->append(b, 8);
}

int64_t GetSigned64BE(const char* p) {
  return static_cast<int64_t>(GetFixed64BE(p) ^ (uint64_t{1} << 63));
}

bool Decoder::GetVarint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; ok_ && shift <= 63; shift += 7) {
    if (in_.empty()) break;
    auto byte = static_cast<unsigned char>(in_.front());
    in_.remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  ok_ = false;
  return false;
}

bool Decoder::GetVarintSigned(int64_t* v) {
  uint64_t u;
  if (!GetVarint(&u)) return false;
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool Decoder::GetString(std::string* s) {
  uint64_t n;
  if (!GetVarint(&n) || n > in_.size()) {
    ok_ = false;
    return false;
  }
  s->assign(in_.data(), n);
  in_.remove_prefix(n);
  return true;
}

bool Decoder::GetFixed64BE(uint64_t* v) {
  if (!ok_ || in_.size() < 8) {
    ok_ = false;
    return false;
  }
  *v = storage::GetFixed64BE(in_.data());
  in_.remove_prefix(8);
  return true;
}

bool Decoder::GetBytes(size_t n, std::string_view* bytes) {
  if (!ok_ || in_.size() < n) {
    ok_ = false;
    return false;
  }
  *bytes = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

}  // namespace moneytrail::storage
