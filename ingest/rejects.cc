#include "ingest/rejects.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace moneytrail::ingest {

std::string FormatReject(const std::string& file, const Reject& r) {
  return file + ":" + std::to_string(r.line) + ": " + r.field + ": " + r.reason;
}

RejectsFile::~RejectsFile() {
  if (f_) std::fclose(f_);
}

Status RejectsFile::Open(uint64_t keep_before_line) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  std::vector<std::string> kept;
  if (keep_before_line > 0) {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
      try {
        auto j = nlohmann::json::parse(line);
        if (j.value("line", uint64_t{0}) < keep_before_line) kept.push_back(line);
      } catch (const nlohmann::json::exception&) {
        // A torn last line from a killed run: drop it, its batch never committed.
      }
    }
  }
  // No rejects, no file: an empty rejects file per load would only clutter
  // the store's directory. A file left by an interrupted run is rewritten.
  std::remove(path_.c_str());
  written_ = 0;
  if (kept.empty()) return Status::Ok();
  RETURN_IF_ERROR(OpenForAppend());
  for (const auto& line : kept) {
    std::fputs(line.c_str(), f_);
    std::fputc('\n', f_);
  }
  written_ = kept.size();
  return Status::Ok();
}

Status RejectsFile::OpenForAppend() {
  if (f_) return Status::Ok();
  f_ = std::fopen(path_.c_str(), "a");
  if (!f_)
    return Status::IOError("cannot write rejects file " + path_ + ": " + std::strerror(errno));
  return Status::Ok();
}

Status RejectsFile::Append(const std::vector<Reject>& rejects) {
  if (rejects.empty()) return Status::Ok();
  RETURN_IF_ERROR(OpenForAppend());
  for (const Reject& r : rejects) {
    nlohmann::ordered_json j;
    j["file"] = file_name_;
    j["line"] = r.line;
    j["field"] = r.field;
    j["reason"] = r.reason;
    // Raw bytes are UTF-8 (checked before loading); replace defensively anyway.
    j["record"] = r.record;
    std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fputs(s.c_str(), f_);
    std::fputc('\n', f_);
  }
  written_ += rejects.size();
  if (std::fflush(f_) != 0 || fsync(fileno(f_)) != 0) {
    return Status::IOError("writing rejects file " + path_ + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace moneytrail::ingest
