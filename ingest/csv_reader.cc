#include "ingest/csv_reader.h"

#include <cerrno>
#include <cstring>

namespace moneytrail::ingest {
namespace {
constexpr size_t kBlock = 4 << 20;
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
}

Status CsvReader::Open(const std::string& path, uint64_t offset, uint64_t line) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) return Status::NotFound(path + ": " + std::strerror(errno));
  if (offset > 0 && fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) {
    return Status::IOError(path + ": cannot seek: " + std::strerror(errno));
  }
  offset_ = offset;
  line_ = line == 0 ? 1 : line;
  buf_.clear();
  begin_ = 0;
  if (offset == 0) {
    Fill();
    if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      begin_ = 3;
      offset_ = 3;
    }
  }
  return Status::Ok();
}

bool CsvReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buf_.erase(0, begin_);
    begin_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + kBlock);
  size_t n = std::fread(buf_.data() + old, 1, kBlock, file_);
  buf_.resize(old + n);
  if (n < kBlock) {
    if (std::ferror(file_))
      status_ = Status::IOError(std::string("read error: ") + std::strerror(errno));
    eof_ = true;
  }
  return n > 0;
}

// Parses one record starting at buf_[start]. Returns false when the buffer
// ends before the record does and more input may follow.
bool CsvReader::ParseAt(size_t start, CsvRecord* rec, size_t* consumed, bool at_eof) {
  const char* p = buf_.data() + start;
  const char* end = buf_.data() + buf_.size();
  rec->fields.clear();
  rec->error.clear();
  scratch_.clear();
  // Offsets into scratch_ of unescaped fields, fixed up into views at the end.
  struct Pending {
    size_t index, pos, len;
  };
  std::vector<Pending> pending;
  uint64_t newlines_inside = 0;
  const char* q = p;
  while (true) {
    if (q < end && *q == '"') {
      // Quoted field.
      size_t scratch_pos = scratch_.size();
      ++q;
      bool closed = false;
      while (q < end) {
        const char* quote =
            static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        const char* stop = quote ? quote : end;
        for (const char* c = q; c < stop; ++c) newlines_inside += (*c == '\n');
        scratch_.append(q, static_cast<size_t>(stop - q));
        if (!quote) {
          q = end;
          break;
        }
        if (quote + 1 < end && quote[1] == '"') {
          scratch_.push_back('"');
          q = quote + 2;
          continue;
        }
        if (quote + 1 >= end && !at_eof) return false;
        q = quote + 1;
        closed = true;
        break;
      }
      if (!closed) {
        if (!at_eof) return false;
        // Unterminated: reject the first physical line only and resume after it.
        const char* nl =
            static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* line_end = nl ? nl : end;
        rec->raw = std::string_view(p, static_cast<size_t>(line_end - p));
        if (!rec->raw.empty() && rec->raw.back() == '\r') rec->raw.remove_suffix(1);
        rec->error = "unterminated quote";
        rec->fields.clear();
        *consumed = static_cast<size_t>((nl ? nl + 1 : end) - p);
        line_ += 1;
        return true;
      }
      pending.push_back({rec->fields.size(), scratch_pos, scratch_.size() - scratch_pos});
      rec->fields.emplace_back();
      if (q < end && *q != ',' && *q != '\n' && *q != '\r') {
        if (rec->error.empty()) rec->error = "text after a closing quote";
      }
      // Skip to the delimiter so the record still ends where the line does.
      while (q < end && *q != ',' && *q != '\n') {
        if (*q == '\r' && (q + 1 == end || q[1] == '\n')) break;
        ++q;
      }
    } else {
      const char* f = q;
      while (q < end && *q != ',' && *q != '\n') {
        if (*q == '"' && rec->error.empty()) rec->error = "quote inside an unquoted field";
        ++q;
      }
      const char* fe = q;
      if (q < end && *q == '\n' && fe > f && fe[-1] == '\r') --fe;
      if (q == end && !at_eof) return false;
      if (q == end && fe > f && fe[-1] == '\r') --fe;
      rec->fields.emplace_back(f, static_cast<size_t>(fe - f));
    }
    if (q >= end) {
      if (!at_eof) return false;
      break;
    }
    if (*q == ',') {
      ++q;
      continue;
    }
    if (*q == '\r') ++q;
    if (q < end && *q == '\n') {
      ++q;
      break;
    }
    if (q >= end && !at_eof) return false;
  }
  if (!rec->error.empty() && newlines_inside > 0) {
    // A malformed record that spans lines most likely has one stray quote:
    // reject its first line only, and read the lines after it afresh.
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    rec->raw = std::string_view(p, static_cast<size_t>(line_end - p));
    if (!rec->raw.empty() && rec->raw.back() == '\r') rec->raw.remove_suffix(1);
    rec->error = "unbalanced quote";
    rec->fields.clear();
    *consumed = static_cast<size_t>((nl ? nl + 1 : end) - p);
    line_ += 1;
    return true;
  }
  const char* raw_end = q;
  if (raw_end > p && raw_end[-1] == '\n') --raw_end;
  if (raw_end > p && raw_end[-1] == '\r') --raw_end;
  rec->raw = std::string_view(p, static_cast<size_t>(raw_end - p));
  for (const Pending& pd : pending)
    rec->fields[pd.index] = std::string_view(scratch_).substr(pd.pos, pd.len);
  *consumed = static_cast<size_t>(q - p);
  line_ += 1 + newlines_inside;
  return true;
}

bool CsvReader::Next(CsvRecord* rec) {
  if (!file_ || !status_.ok()) return false;
  while (true) {
    if (begin_ >= buf_.size() && (eof_ || !Fill())) return false;
    size_t consumed = 0;
    uint64_t line = line_;
    if (ParseAt(begin_, rec, &consumed, eof_)) {
      rec->line = line;
      rec->offset = offset_;
      rec->end_offset = offset_ + consumed;
      begin_ += consumed;
      offset_ += consumed;
      // A lone trailing newline at the end of the file is not a record.
      if (rec->raw.empty() && rec->fields.size() == 1 && rec->error.empty()) {
        continue;
      }
      return true;
    }
    if (buf_.size() - begin_ > kMaxRecordBytes) {
      // Too long to keep: skip to the next newline and report the range.
      const char* nl =
          static_cast<const char*>(std::memchr(buf_.data() + begin_, '\n', buf_.size() - begin_));
      if (!nl) {
        // Drop what we have and keep scanning.
        offset_ += buf_.size() - begin_;
        begin_ = buf_.size();
        if (!Fill()) return false;
        continue;
      }
      size_t n = static_cast<size_t>(nl - (buf_.data() + begin_)) + 1;
      rec->line = line_;
      rec->offset = offset_;
      rec->end_offset = offset_ + n;
      rec->raw = std::string_view();
      rec->fields.clear();
      rec->error = "record longer than " + std::to_string(kMaxRecordBytes) + " bytes";
      begin_ += n;
      offset_ += n;
      ++line_;
      return true;
    }
    if (!Fill() && !eof_) return false;
  }
}

}  // namespace moneytrail::ingest
