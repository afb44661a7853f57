#include "tests/demo/demo_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace moneytrail::demo::testing {

int Table::Col(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const std::string& Table::At(size_t row, const std::string& name) const {
  int c = Col(name);
  if (c < 0) throw std::out_of_range("no column " + name);
  return rows.at(row).at(static_cast<size_t>(c));
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Table ParseCsv(const std::string& text) {
  Table t;
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, was_quoted = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) {
        if (t.error.empty()) t.error = "line " + std::to_string(line) + ": stray quote";
      }
      quoted = was_quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      record.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      records.push_back(std::move(record));
      record.clear();
      ++line;
    } else if (c == '\r') {
      if (t.error.empty()) t.error = "line " + std::to_string(line) + ": CR";
    } else {
      field += c;
    }
  }
  if (quoted && t.error.empty()) t.error = "unterminated quote";
  if (!field.empty() || !record.empty()) {
    if (t.error.empty()) t.error = "last line has no newline";
  }
  if (records.empty()) {
    if (t.error.empty()) t.error = "empty file";
    return t;
  }
  t.header = std::move(records[0]);
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != t.header.size() && t.error.empty()) {
      t.error = "line " + std::to_string(r + 1) + ": " + std::to_string(records[r].size()) +
                " fields, header has " + std::to_string(t.header.size());
    }
    t.rows.push_back(std::move(records[r]));
  }
  return t;
}

DemoFiles LoadDemo(const std::string& dir) {
  DemoFiles f;
  f.accounts = ParseCsv(ReadFileBytes(dir + "/accounts.csv"));
  f.parties = ParseCsv(ReadFileBytes(dir + "/parties.csv"));
  f.transactions = ParseCsv(ReadFileBytes(dir + "/transactions.csv"));
  f.assets = ParseCsv(ReadFileBytes(dir + "/assets.csv"));
  f.fx = ParseCsv(ReadFileBytes(dir + "/fx.csv"));
  f.cases = nlohmann::json::parse(ReadFileBytes(dir + "/cases.json"), nullptr, false);
  if (f.accounts.error.empty()) {
    for (size_t i = 0; i < f.accounts.rows.size(); ++i) f.account_row[f.accounts.rows[i][0]] = i;
  }
  if (f.parties.error.empty()) {
    for (size_t i = 0; i < f.parties.rows.size(); ++i) f.party_row[f.parties.rows[i][0]] = i;
  }
  if (f.transactions.error.empty()) {
    for (size_t i = 0; i < f.transactions.rows.size(); ++i) {
      f.tx_row[f.transactions.rows[i][0]] = i;
    }
  }
  return f;
}

ScratchDir::ScratchDir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string test =
      info != nullptr ? std::string(info->test_suite_name()) + "." + info->name() : "";
  for (char& c : test) {
    if (c == '/') c = '_';
  }
  // The pid keeps parallel ctest processes (one per test) out of each other's way.
  path_ = ::testing::TempDir() + "moneytrail_demo_" + std::to_string(getpid()) + "_" + test + "_" +
          name;
  std::filesystem::remove_all(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace moneytrail::demo::testing
