// Helpers for the SWIFT MT reader tests (mt940_test.cc, mt103_test.cc):
// reading the shared sample files, and a tiny line-based extractor of the
// expected parses that WoLpH/mt940 stores as Python-pickling YAML (.yml).
#ifndef MONEYTRAIL_TESTS_BANK_SWIFT_TEST_UTIL_H_
#define MONEYTRAIL_TESTS_BANK_SWIFT_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/timestamp.h"
#include "ingest/bank/statement.h"
#include "tests/testing/paths.h"

namespace moneytrail::ingest::bank::testing {

inline std::filesystem::path DataDir(const std::string& sub) {
  return std::filesystem::path(::moneytrail::testing::SharedDir()) / "data" / sub;
}

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every regular file under `root`, sorted, optionally only those whose
// extension is in `exts` (".sta").
inline std::vector<std::filesystem::path> FilesUnder(const std::filesystem::path& root,
                                                     const std::vector<std::string>& exts = {}) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::exists(root)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::string ext = e.path().extension().string();
    if (exts.empty() || std::find(exts.begin(), exts.end(), ext) != exts.end()) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Whether `f` has an issue on `line` for `field` whose reason contains
// `reason_part`; and all issues as text, for failure messages.
inline bool HasIssue(const StatementFile& f, uint64_t line, const std::string& field,
                     const std::string& reason_part) {
  for (const ReadIssue& i : f.issues) {
    if (i.line == line && i.field == field && i.reason.find(reason_part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

inline std::string Issues(const StatementFile& f) {
  std::string out;
  for (const ReadIssue& i : f.issues) {
    out += std::to_string(i.line) + " " + i.field + " " + i.reason + (i.fatal ? " (fatal)" : "") +
           "\n";
  }
  return out;
}

// "2024-03-01" of a Timestamp, "" for none.
inline std::string Day(std::optional<Timestamp> t) { return t ? FormatDate(*t) : ""; }

// What a WoLpH .yml expects. Dates "YYYY-MM-DD"; amounts as the Decimal's
// text, signed as wolph signs them (negative for status D).
struct YmlBalance {
  std::string amount, currency, date, status;
};
struct YmlTransaction {
  std::string amount, status, date, entry_date, id;
  std::optional<std::string> customer_reference, bank_reference, end_to_end_reference;
};
struct YmlExpected {
  std::string account;
  std::map<std::string, YmlBalance> balances;  // "final_opening_balance", ...
  std::vector<YmlTransaction> transactions;
};

namespace internal {

// Python's pickled datetime.date: 4 bytes (year high, year low, month, day)
// in base64, e.g. "B9sFFw==" -> 2011-05-23.
inline std::string PickledDate(std::string_view b64) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::vector<int> bytes;
  int bits = 0, acc = 0;
  for (char c : b64) {
    int v = value(c);
    if (v < 0) break;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back((acc >> bits) & 0xFF);
    }
  }
  if (bytes.size() < 4) return "";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", bytes[0] * 256 + bytes[1], bytes[2], bytes[3]);
  return buf;
}

inline std::string Unquote(std::string_view v) {
  if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
    std::string out;
    v = v.substr(1, v.size() - 2);
    for (size_t i = 0; i < v.size(); ++i) {
      out.push_back(v[i]);
      if (v[i] == '\'' && i + 1 < v.size() && v[i + 1] == '\'') ++i;
    }
    return out;
  }
  return std::string(v);
}

inline std::optional<std::string> Scalar(std::string_view v) {
  if (v == "null") return std::nullopt;
  return Unquote(v);
}

}  // namespace internal

// Reads what the tests compare from a WoLpH .yml: the account, the
// balances, and per transaction amount, status, dates, id and references.
// Multi-line and double-quoted scalars are not decoded (not compared).
inline YmlExpected ParseWolphYml(const std::string& text) {
  YmlExpected out;
  std::vector<std::string> all;
  {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) all.push_back(l);
  }
  enum { kNone, kData, kTransactions } section = kNone;
  std::string balance;  // current balance key in data
  std::string pending;  // key whose value is on the next line ("date", "amount")
  YmlTransaction* tx = nullptr;
  for (size_t n = 0; n < all.size(); ++n) {
    std::string_view line = all[n];
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos) continue;
    std::string_view content = line.substr(indent);
    if (indent == 0) {
      pending.clear();
      balance.clear();
      if (content.starts_with("data:")) {
        section = kData;
        size_t p = content.find("account_identification: ");
        if (p != std::string_view::npos) {
          std::string_view v = content.substr(p + 24);
          out.account = internal::Unquote(v.substr(0, v.find_first_of(",}")));
        }
      } else if (content.starts_with("transactions:")) {
        section = kTransactions;
      } else if (content.starts_with("- !!python/object:mt940.models.Transaction") &&
                 section == kTransactions) {
        tx = &out.transactions.emplace_back();
      } else {
        section = kNone;
      }
      continue;
    }
    if (section == kNone) continue;
    // Values on the line after their key.
    if (!pending.empty() && content.starts_with("- ")) {
      std::string_view v = content.substr(2);
      if (v == "!!binary |") continue;  // the base64 follows
      std::string value = internal::Unquote(v);
      if (pending == "amount") {
        if (section == kData && !balance.empty()) out.balances[balance].amount = value;
        if (section == kTransactions && tx) tx->amount = value;
      }
      pending.clear();
      continue;
    }
    if ((pending == "date" || pending == "entry_date") && content.find(':') == std::string::npos) {
      std::string date = internal::PickledDate(content);
      if (section == kData && !balance.empty()) out.balances[balance].date = date;
      if (section == kTransactions && tx) (pending == "date" ? tx->date : tx->entry_date) = date;
      pending.clear();
      continue;
    }
    size_t colon = content.find(": ");
    std::string key(content.substr(0, colon == std::string_view::npos ? content.find(':') : colon));
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : content.substr(colon + 2);
    if (section == kData && indent == 2) {
      balance.clear();
      pending.clear();
      if (key == "account_identification") out.account = internal::Unquote(value);
      if (value.starts_with("!!python/object:mt940.models.Balance")) balance = key;
      continue;
    }
    bool is_decimal = value.starts_with("!!python/object/apply:decimal.Decimal");
    if (is_decimal) {
      size_t q = value.find('[');
      if (q == std::string_view::npos) {
        pending = "amount";
      } else {
        std::string amount = internal::Unquote(value.substr(q + 1, value.find(']') - q - 1));
        if (section == kData && !balance.empty()) out.balances[balance].amount = amount;
        if (section == kTransactions && tx) tx->amount = amount;
      }
      continue;
    }
    if (value.starts_with("!!python/object/apply:mt940.models.Date")) {
      pending = key;
      continue;
    }
    if (section == kData && !balance.empty()) {
      if (key == "status") out.balances[balance].status = value;
      if (key == "currency" && indent == 6) out.balances[balance].currency = value;
    } else if (section == kTransactions && tx && indent == 4) {
      // A plain scalar may continue on more indented lines (folded with ' ').
      std::string folded(value);
      while (!value.starts_with('"') && n + 1 < all.size()) {
        const std::string& next = all[n + 1];
        size_t next_indent = next.find_first_not_of(' ');
        if (next_indent == std::string::npos || next_indent <= indent || next[next_indent] == '-' ||
            next.find(": ") != std::string::npos) {
          break;
        }
        folded += " " + next.substr(next_indent);
        ++n;
      }
      value = folded;
      if (key == "status") tx->status = value;
      if (key == "id") tx->id = internal::Unquote(value);
      bool plain = !value.starts_with('"') &&
                   (!value.starts_with('\'') || (value.size() > 1 && value.ends_with('\'')));
      if (key == "customer_reference" && plain) tx->customer_reference = internal::Scalar(value);
      if (key == "bank_reference" && plain) tx->bank_reference = internal::Scalar(value);
      if (key == "end_to_end_reference" && plain) {
        tx->end_to_end_reference = internal::Scalar(value);
      }
    }
  }
  return out;
}

}  // namespace moneytrail::ingest::bank::testing

#endif  // MONEYTRAIL_TESTS_BANK_SWIFT_TEST_UTIL_H_
