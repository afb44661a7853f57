#include "tools/demo/out_file.h"

#include <cerrno>
#include <cstdio>

namespace moneytrail::demo {

OutFile::~OutFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove((path_ + ".tmp").c_str());
  }
}

Status OutFile::Open(const std::string& path) {
  path_ = path;
  std::string tmp = path + ".tmp";
  file_ = std::fopen(tmp.c_str(), "wb");
  if (file_ == nullptr) {
    return Status::IOError("cannot create '" + tmp + "': " + std::strerror(errno));
  }
  buf_.resize(kBufferSize);
  return Status::Ok();
}

void OutFile::Flush() {
  if (len_ == 0 || failed_) {
    flushed_ += len_;
    len_ = 0;
    return;
  }
  if (std::fwrite(buf_.data(), 1, len_, file_) != len_) failed_ = true;
  flushed_ += len_;
  len_ = 0;
}

void OutFile::WriteDirect(std::string_view s) {
  Flush();
  if (!failed_ && std::fwrite(s.data(), 1, s.size(), file_) != s.size()) failed_ = true;
  flushed_ += s.size();
}

Status OutFile::Commit() {
  if (file_ == nullptr) return Status::Internal("OutFile::Commit without Open: " + path_);
  Flush();
  int saved_errno = errno;
  bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  std::string tmp = path_ + ".tmp";
  if (failed_ || close_failed) {
    if (failed_) saved_errno = errno;
    std::remove(tmp.c_str());
    return Status::IOError("cannot write '" + tmp + "': " + std::strerror(saved_errno));
  }
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Status::IOError("cannot rename '" + tmp + "' to '" + path_ + "': " + why);
  }
  return Status::Ok();
}

void OutFile::Field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return Str(s);
  Char('"');
  for (char c : s) {
    if (c == '"') Char('"');
    Char(c);
  }
  Char('"');
}

void OutFile::Uint(uint64_t v, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width && n < 24) tmp[n++] = '0';
  if (buf_.size() - len_ < 24) Flush();
  while (n > 0) buf_[len_++] = tmp[--n];
}

void OutFile::Minor(int64_t minor, int digits) {
  if (minor < 0) {
    Char('-');
    minor = -minor;  // amounts here are far from INT64_MIN
  }
  uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  uint64_t u = static_cast<uint64_t>(minor);
  Uint(u / scale);
  if (digits > 0) {
    Char('.');
    Uint(u % scale, digits);
  }
}

}  // namespace moneytrail::demo
