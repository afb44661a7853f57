#include "tools/batch/batch_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/sha256.h"

namespace moneytrail::batch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* kJournal = ".batch-journal.jsonl";
constexpr int kJournalVersion = 1;

std::string CasesDigest(const std::vector<std::string>& ids) {
  Sha256 h;
  for (const std::string& id : ids) {
    h.Update(id);
    h.Update(std::string_view("\n", 1));
  }
  return h.HexDigest();
}

std::string HeaderLine(const std::string& header, const std::vector<std::string>& ids) {
  Json j;
  j["moneytrail_batch_journal"] = kJournalVersion;
  j["parameters"] = Json::parse(header);
  j["cases"] = ids.size();
  j["cases_sha256"] = CasesDigest(ids);
  return j.dump();
}

// Writes `content` to dir/name through a temporary file and a rename, so that
// a case file is either whole or absent whenever the process dies.
Status WriteWhole(const std::string& dir, const std::string& name, const std::string& content) {
  const std::string path = dir + "/" + name;
  const std::string tmp = dir + "/." + name + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot create " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status s = Status::IOError("cannot write " + tmp + ": " + std::strerror(errno));
      ::close(fd);
      ::unlink(tmp.c_str());
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = Status::IOError("cannot write " + path + ": " + std::strerror(errno));
    ::unlink(tmp.c_str());
    return s;
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<BatchOutput>> BatchOutput::Open(const std::string& dir,
                                                       const std::vector<std::string>& case_ids,
                                                       const std::string& header, bool resume) {
  std::unique_ptr<BatchOutput> out(new BatchOutput());
  out->dir_ = dir;
  out->entries_.assign(case_ids.size(), Json());
  out->exit_codes_.assign(case_ids.size(), 0);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  const std::string journal = dir + "/" + kJournal;
  const std::string head = HeaderLine(header, case_ids);
  size_t keep_bytes = 0;  // of the journal: up to the last whole line
  bool journal_exists = fs::exists(journal, ec);
  if (journal_exists && !resume) {
    return Status::Usage(dir + " holds an unfinished batch (" + kJournal +
                         "); finish it with --resume, or choose another --out");
  }
  if (journal_exists) {
    std::ifstream in(journal, std::ios::binary);
    std::string line;
    size_t number = 0;
    size_t offset = 0;
    while (std::getline(in, line)) {
      ++number;
      const bool whole = !in.eof();  // a line without its newline was torn
      const size_t next = offset + line.size() + 1;
      if (!whole) break;
      if (number == 1) {
        if (line != head) {
          return Status::Usage(dir + "/" + kJournal +
                               " belongs to a batch with other parameters or other cases; "
                               "resume it with the same ones, or choose another --out");
        }
      } else {
        Json j = Json::parse(line, nullptr, false);
        const bool readable = !j.is_discarded() && j.is_object() && j.contains("index") &&
                              j["index"].is_number_unsigned() &&
                              j["index"].get<size_t>() < case_ids.size() && j.contains("entry") &&
                              j["entry"].is_object() &&
                              (!j["entry"].contains("file") || j["entry"]["file"].is_string()) &&
                              (!j.contains("exit_code") || j["exit_code"].is_number_integer());
        if (!readable) {
          // Only the last line can be torn; anything else was altered.
          if (in.peek() == std::char_traits<char>::eof()) break;
          return Status::DataError(dir + "/" + kJournal + ":" + std::to_string(number) +
                                   ": not a journal line; the batch cannot be resumed");
        }
        const size_t i = j["index"].get<size_t>();
        Json& entry = j["entry"];
        // A case whose file went missing is traced again.
        if (!entry.contains("file") ||
            fs::exists(dir + "/" + entry["file"].get<std::string>(), ec)) {
          out->entries_[i] = std::move(entry);
          out->exit_codes_[i] = j.value("exit_code", 0);
        }
      }
      offset = next;
      keep_bytes = offset;
    }
  }
  int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
  if (keep_bytes == 0) flags |= O_TRUNC;
  int fd = ::open(journal.c_str(), flags, 0644);
  if (fd < 0) return Status::IOError("cannot open " + journal + ": " + std::strerror(errno));
  if (keep_bytes > 0 && ::ftruncate(fd, static_cast<off_t>(keep_bytes)) != 0) {
    Status s = Status::IOError("cannot truncate " + journal + ": " + std::strerror(errno));
    ::close(fd);
    return s;
  }
  out->journal_ = ::fdopen(fd, "a");
  if (!out->journal_) {
    ::close(fd);
    return Status::IOError("cannot open " + journal + ": " + std::strerror(errno));
  }
  if (keep_bytes == 0) {
    std::fputs((head + "\n").c_str(), out->journal_);
    if (std::fflush(out->journal_) != 0) return Status::IOError("cannot write " + journal);
  }
  for (size_t i = 0; i < case_ids.size(); ++i) {
    if (out->entries_[i].is_null()) {
      out->pending_.push_back(i);
    } else {
      ++out->resumed_;
    }
  }
  return out;
}

BatchOutput::~BatchOutput() {
  if (journal_) std::fclose(journal_);
}

Status BatchOutput::Record(const CaseResult& r) {
  if (r.index >= entries_.size()) return Status::Internal("batch: case index out of range");
  Json entry = Json::parse(r.entry, nullptr, false);
  // Compact JSON has no line break outside its strings' escapes.
  if (!entry.is_object() || r.entry.find('\n') != std::string::npos)
    return Status::Internal("batch: a case's entry is not compact JSON");
  if (!r.file.empty()) RETURN_IF_ERROR(WriteWhole(dir_, r.file, r.json));
  // The entry goes in as it came, checked above: it is one line.
  const std::string text = "{\"index\":" + std::to_string(r.index) +
                           ",\"exit_code\":" + std::to_string(r.exit_code) +
                           ",\"entry\":" + r.entry + "}\n";
  // One write of the whole line: a kill leaves it whole or torn at the end.
  if (std::fwrite(text.data(), 1, text.size(), journal_) != text.size() ||
      std::fflush(journal_) != 0) {
    return Status::IOError("cannot append to " + dir_ + "/" + kJournal);
  }
  entries_[r.index] = std::move(entry);
  exit_codes_[r.index] = r.exit_code;
  return Status::Ok();
}

Result<int> BatchOutput::Finish(const std::string& summary_head) {
  Json summary = Json::parse(summary_head);
  int worst = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].is_null())
      return Status::Internal("batch: case " + std::to_string(i) + " was never recorded");
    worst = std::max(worst, exit_codes_[i]);
  }
  // Moved, not copied: the batch is over once summary.json is written.
  summary["cases"] = Json(std::move(entries_));
  RETURN_IF_ERROR(WriteWhole(dir_, "summary.json", summary.dump(2) + "\n"));
  std::fclose(journal_);
  journal_ = nullptr;
  if (::unlink((dir_ + "/" + kJournal).c_str()) != 0) {
    return Status::IOError("cannot remove " + dir_ + "/" + kJournal + ": " + std::strerror(errno));
  }
  return worst;
}

}  // namespace moneytrail::batch
