// Comparisons of ReadMt940's output with the expected parses that sit beside
// the shared samples: mt940-rs (.json) and WoLpH/mt940 (.yml, read with
// ParseWolphYml). Each returns one line per disagreement, so that a test can
// list the disagreements it expects and say why. Used by mt940_test.cc.
#ifndef MONEYTRAIL_TESTS_BANK_MT940_EXPECTED_H_
#define MONEYTRAIL_TESTS_BANK_MT940_EXPECTED_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/amount.h"
#include "engine/core/currency.h"
#include "ingest/bank/mt940.h"
#include "tests/bank/swift_test_util.h"

namespace moneytrail::ingest::bank::testing {

inline const std::string kRs = "mt940/mt940-rs/tests/data";
inline const std::string kWolph = "mt940/wolph-mt940/mt940_tests";

// "12.34" in minor units of `code`, for comparing expected parses.
inline int64_t Minor(const std::string& decimal, const std::string& code) {
  std::optional<Currency> c = Currency::FromCode(code);
  std::string text = decimal;
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  Result<int64_t> v = ParseMinorUnits(text, c ? c->minor_digits() : 2);
  EXPECT_TRUE(v.ok()) << decimal << " " << code;
  return v.ok() ? (negative ? -*v : *v) : 0;
}

inline const Balance* FindBalance(const Statement& s, const std::string& type) {
  for (const Balance& b : s.balances) {
    if (b.type == type) return &b;
  }
  return nullptr;
}

inline std::string FullAccount(const Statement& s) {
  return s.account_bic.empty() ? s.account : s.account_bic + "/" + s.account;
}

inline std::string Rel(const std::filesystem::path& p) {
  return std::filesystem::relative(p, DataDir("")).string();
}

// mt940-rs names the RC mark "ReverseDebit" (the reversal is a debit) and RD
// "ReverseCredit"; we keep credit = direction of the money, reversal = R.
inline std::string Mark(const StatementEntry& e) {
  if (e.reversal) return e.credit ? "ReverseCredit" : "ReverseDebit";
  return e.credit ? "Credit" : "Debit";
}

inline void CompareRsBalance(const nlohmann::json& want, const Balance* got,
                             const std::string& where, std::vector<std::string>* diffs) {
  if (want.is_null()) {
    if (got) diffs->push_back(where + ": unexpected balance");
    return;
  }
  if (!got) {
    diffs->push_back(where + ": balance missing");
    return;
  }
  std::string ccy = want["iso_currency_code"];
  int64_t amount = Minor(want["amount"], ccy);
  if (want["debit_credit_indicator"] == "Debit") amount = -amount;
  if (got->amount != amount || got->currency != ccy || Day(got->date) != want["date"]) {
    diffs->push_back(where + ": " + std::to_string(got->amount) + " " + got->currency + " " +
                     Day(got->date));
  }
}

inline std::vector<std::string> CompareWithRs(const std::filesystem::path& sta,
                                              const nlohmann::json& expected) {
  std::vector<std::string> diffs;
  StatementFile f = ReadMt940(ReadBytes(sta));
  std::string name = Rel(sta);
  if (f.statements.size() != expected.size()) {
    diffs.push_back(name + ": " + std::to_string(f.statements.size()) + " statements");
    return diffs;
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    const nlohmann::json& want = expected[i];
    const Statement& got = f.statements[i];
    std::string where = name + " #" + std::to_string(i);
    if (FullAccount(got) != want["account_id"]) diffs.push_back(where + ": account");
    std::string id = want["transaction_ref_no"];
    if (!want["statement_no"].is_null()) {
      id += "/" + want["statement_no"].get<std::string>();
      if (!want["sequence_no"].is_null()) id += "/" + want["sequence_no"].get<std::string>();
    }
    if (got.statement_id != id) diffs.push_back(where + ": statement id " + got.statement_id);
    const nlohmann::json& open = want["opening_balance"];
    const nlohmann::json& close = want["closing_balance"];
    CompareRsBalance(open,
                     FindBalance(got, open["is_intermediate"] ? "interim_opening" : "opening"),
                     where + " opening", &diffs);
    CompareRsBalance(close,
                     FindBalance(got, close["is_intermediate"] ? "interim_closing" : "closing"),
                     where + " closing", &diffs);
    CompareRsBalance(want["closing_available_balance"], FindBalance(got, "available"),
                     where + " available", &diffs);
    CompareRsBalance(want["forward_available_balance"], FindBalance(got, "forward_available"),
                     where + " forward", &diffs);
    const nlohmann::json& lines = want["statement_lines"];
    if (lines.size() != got.entries.size()) {
      diffs.push_back(where + ": " + std::to_string(got.entries.size()) + " entries");
      continue;
    }
    std::string ccy = open["iso_currency_code"];
    for (size_t j = 0; j < lines.size(); ++j) {
      const nlohmann::json& l = lines[j];
      const StatementEntry& e = got.entries[j];
      std::string at = where + " entry " + std::to_string(j) + ": ";
      if (e.amount != Minor(l["amount"], ccy)) diffs.push_back(at + "amount");
      if (Mark(e) != l["ext_debit_credit_indicator"]) diffs.push_back(at + "mark " + Mark(e));
      if (Day(e.value_date) != l["value_date"]) diffs.push_back(at + "value date");
      std::string entry_date = l["entry_date"].is_null() ? "" : l["entry_date"].get<std::string>();
      if (Day(e.booking_date) != entry_date) diffs.push_back(at + "entry date");
      const nlohmann::json& type = l["transaction_type_ident_code"];
      std::string t =
          type.is_string() ? type.get<std::string>() : type["NonStandard"].get<std::string>();
      if (e.type_code.size() < 2 || e.type_code.substr(1) != t) diffs.push_back(at + "type");
      std::string customer =
          l["customer_ref"].is_null() ? "" : l["customer_ref"].get<std::string>();
      std::string bank = l["bank_ref"].is_null() ? "" : l["bank_ref"].get<std::string>();
      if (e.customer_reference != customer) diffs.push_back(at + "customer ref");
      if (e.bank_reference != bank) diffs.push_back(at + "bank ref");
    }
  }
  return diffs;
}

inline std::string WolphStatus(const StatementEntry& e) {
  if (e.reversal) return e.credit ? "RD" : "RC";
  return e.credit ? "C" : "D";
}

inline std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

inline std::string NoSpaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

inline std::vector<std::string> CompareWithWolph(const std::filesystem::path& sta,
                                                 const testing::YmlExpected& want) {
  std::vector<std::string> diffs;
  StatementFile f = ReadMt940(ReadBytes(sta));
  std::string name = std::filesystem::relative(sta, DataDir(kWolph)).string();
  // WoLpH folds every statement of a file into one object: later values
  // overwrite earlier ones, and the transactions of all statements follow
  // each other.
  std::string account;
  for (const Statement& s : f.statements) {
    if (!s.account.empty()) account = FullAccount(s);
  }
  if (!want.account.empty() && account != NoSpaces(want.account)) {
    diffs.push_back(name + ": account");
  }
  static const std::map<std::string, std::string> kTypes = {
      {"final_opening_balance", "opening"},
      {"final_closing_balance", "closing"},
      {"intermediate_opening_balance", "interim_opening"},
      {"intermediate_closing_balance", "interim_closing"},
      {"available_balance", "available"},
      {"forward_available_balance", "forward_available"}};
  for (const auto& [key, type] : kTypes) {
    const Balance* got = nullptr;
    for (const Statement& s : f.statements) {
      for (const Balance& b : s.balances) {
        if (b.type == type) got = &b;
      }
    }
    auto it = want.balances.find(key);
    if (it == want.balances.end()) {
      if (got) diffs.push_back(name + ": unexpected " + type);
      continue;
    }
    const testing::YmlBalance& b = it->second;
    int64_t amount = Minor(b.amount, b.currency);
    if (b.status == "D") amount = -std::abs(amount);
    if (!got || got->amount != amount || got->currency != b.currency || Day(got->date) != b.date) {
      diffs.push_back(name + ": " + type + (got ? "" : " missing"));
    }
  }
  std::vector<const StatementEntry*> entries;
  for (const Statement& s : f.statements) {
    for (const StatementEntry& e : s.entries) entries.push_back(&e);
  }
  if (entries.size() != want.transactions.size()) {
    diffs.push_back(name + ": entry count " + std::to_string(entries.size()) + " (theirs " +
                    std::to_string(want.transactions.size()) + ")");
    return diffs;
  }
  for (size_t j = 0; j < entries.size(); ++j) {
    const StatementEntry& e = *entries[j];
    const testing::YmlTransaction& t = want.transactions[j];
    std::string at = name + ": ";
    int64_t signed_amount = e.credit ? e.amount : -e.amount;
    if (signed_amount != Minor(t.amount, e.currency)) {
      diffs.push_back(at + "amount");
    }
    if (WolphStatus(e) != t.status) diffs.push_back(at + "status");
    if (Day(e.value_date) != t.date) diffs.push_back(at + "date");
    if (!t.entry_date.empty() && Day(e.booking_date) != t.entry_date) {
      diffs.push_back(at + "entry date");
    }
    if (NoSpaces(e.type_code) != NoSpaces(t.id)) diffs.push_back(at + "type");
    if (t.customer_reference && e.customer_reference != *t.customer_reference) {
      diffs.push_back(at + "customer ref");
    }
    if (t.bank_reference.value_or("") != e.bank_reference) {
      diffs.push_back(at + "bank ref");
    }
    if (t.end_to_end_reference && e.end_to_end_id != Trim(*t.end_to_end_reference)) {
      diffs.push_back(at + "end-to-end");
    }
  }
  return diffs;
}

}  // namespace moneytrail::ingest::bank::testing

#endif  // MONEYTRAIL_TESTS_BANK_MT940_EXPECTED_H_
