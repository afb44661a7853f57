// A small but complete evidence report for the exporters' tests: every
// section filled, two claimants, every kind of schedule row and terminal, and
// hostile text in the places a bank or an informant controls (an account named
// like an HTML script, a holder named like a spreadsheet formula, quotes,
// ampersands, non-Latin letters, a newline).
#ifndef MONEYTRAIL_TESTS_REPORT_SAMPLE_REPORT_H_
#define MONEYTRAIL_TESTS_REPORT_SAMPLE_REPORT_H_

#include "engine/core/timestamp.h"
#include "engine/report/report.h"

namespace moneytrail::report::testing {

inline constexpr char kScriptAccount[] = "<script>alert(1)</script>";
inline constexpr char kFormulaHolder[] = "=HYPERLINK(\"http://evil.example\",\"x\")";

inline Timestamp At(const char* iso) { return *ParseTimestamp(iso); }

inline ScheduleRow Row(const char* kind, const char* tx_id, const char* at, int hop,
                       const std::string& from, const std::string& to, const char* asset_id,
                       int64_t amount, int64_t tainted,
                       std::vector<std::pair<std::string, int64_t>> by_claimant) {
  ScheduleRow row;
  row.kind = kind;
  row.tx_id = tx_id;
  row.timestamp = At(at);
  row.hop = hop;
  row.from_account = from;
  row.to_account = to;
  row.asset_id = asset_id;
  row.amount = amount;
  row.tainted = tainted;
  row.by_claimant = std::move(by_claimant);
  return row;
}

inline Report SampleReport() {
  Report r;
  r.currency = "EUR";
  r.minor_digits = 2;
  r.header.case_id = "K-2024-001";
  r.header.title = "Kidnapping of Pilar Domínguez Ruiz (Palma) & \"associates\"";
  r.header.opened = "2024-03-15";
  r.header.jurisdiction = "ES";
  r.header.attributes = {{"offence", "\"kidnapping for ransom\""}, {"victims", "[\"V1\",\"V2\"]"}};
  r.header.claimants = {"V1", "V2"};
  r.header.ransom_by_currency = {{"EUR", "250000.00"}, {"USD", "50000.00"}};
  r.method = "libr";
  r.method_description =
      "Lowest intermediate balance: withdrawals take clean money first; later deposits never "
      "restore taint (Re Hallett's Estate (1880); Roscoe v Winder [1915]).";
  r.as_of = At("2024-12-30T08:57:20Z");

  SeedRow s1{"T-1",         At("2024-03-13T10:00:00Z"),
             "ES11VICTIM1", "ES22COLLECT",
             "250000.00",   "EUR",
             25000000,      25000000,
             "V1",          "ransom 1/2",
             "E2E-1",       "",
             true,          {"transactions.csv", 2}};
  SeedRow s2{"T-2",
             At("2024-03-13T11:00:00Z"),
             "US33VICTIM2",
             "ES22COLLECT",
             "50000.00",
             "USD",
             4600000,
             4600000,
             "V2",
             "",
             "",
             "eb6305c9-1f7a-4b1e-8a55-3f1c2c1d9e01",
             true,
             {"transactions.csv", 3}};
  r.seeds = {s1, s2};

  r.comparison.methods = {{"fifo", 29600000, 0, true},
                          {"lifo", 29600000, 0, true},
                          {"pro-rata", 20000000, 9600000, true},
                          {"libr", 20000000, 9600000, true},
                          {"tainted-first", 20000000, 9600000, true},
                          {"poison", 31000000, 9600000, false}};
  r.comparison.rows = {
      {"account", "ES22COLLECT", {0, 0, 5000000, 5000000, 5000000, 6400000}},
      {"account", kScriptAccount, {29600000, 29600000, 15000000, 15000000, 15000000, 15000000}},
      {"asset_purchase", "AST-1-VEH", {0, 0, 3500000, 3500000, 3500000, 3500000}},
      {"cash_withdrawal", "ES22COLLECT", {0, 0, 6100000, 6100000, 6100000, 6100000}}};

  ScheduleRow seed1 = Row("seed", "T-1", "2024-03-13T10:00:00Z", 0, "ES11VICTIM1", "ES22COLLECT",
                          "", 25000000, 25000000, {{"V1", 25000000}});
  seed1.to_balance = 25010000;
  seed1.to_tainted = 25000000;
  seed1.source = {"transactions.csv", 2};
  ScheduleRow seed2 = Row("seed", "T-2", "2024-03-13T11:00:00Z", 0, "US33VICTIM2", "ES22COLLECT",
                          "", 4600000, 4600000, {{"V2", 4600000}});
  seed2.to_balance = 29610000;
  seed2.to_tainted = 29600000;
  seed2.source = {"transactions.csv", 3};
  ScheduleRow flow = Row("flow", "T-3", "2024-03-13T14:00:00Z", 1, "ES22COLLECT", kScriptAccount,
                         "", 15000000, 15000000, {{"V1", 12668919}, {"V2", 2331081}});
  flow.from_balance = 14610000;
  flow.from_tainted = 14600000;
  flow.to_balance = 15000000;
  flow.to_tainted = 15000000;
  flow.source = {"transactions.csv", 4};
  ScheduleRow cash = Row("cash_withdrawal", "T-4", "2024-03-13T15:00:00Z", 0, "ES22COLLECT", "", "",
                         6110000, 6100000, {{"V1", 5152027}, {"V2", 947973}});
  cash.from_balance = 8500000;
  cash.from_tainted = 8500000;
  cash.low_point = true;
  cash.source = {"transactions.csv", 5};
  ScheduleRow asset =
      Row("asset_purchase", "T-5", "2024-03-20T09:00:00Z", 0, "ES22COLLECT", "ES44DEALER",
          "AST-1-VEH", 3500000, 3500000, {{"V1", 2955236}, {"V2", 544764}});
  asset.from_balance = 5000000;
  asset.from_tainted = 5000000;
  asset.low_point = true;
  asset.source = {"transactions.csv", 6};
  r.schedule = {seed1, seed2, flow, cash, asset};

  Reconciliation& rec = r.reconciliation;
  rec.seed_total = 29600000;
  rec.held = 20000000;
  rec.exited_cash = 6100000;
  rec.exited_assets = 3500000;
  rec.exited = 9600000;
  rec.conserved = true;
  rec.by_claimant = {{"V1", 25000000, 16892737, 8107263}, {"V2", 4600000, 3107263, 1492737}};
  rec.inferred_funds = 0;

  r.terminals = {
      {"account", "ES22COLLECT", "P-1 Juan Pérez", "ES", "BANKESMMXXX", false, 0, 5000000, ""},
      {"account", kScriptAccount, kFormulaHolder, "CO", "QORBCOMMXXX", true, 1, 15000000, ""},
      {"asset", "AST-1-VEH", "P-1 Juan Pérez", "ES", "", false, 0, 3500000,
       "vehicle: Toyota Land Cruiser 2023, plate 1234-XYZ"},
      {"cash_withdrawal", "ES22COLLECT", "P-1 Juan Pérez", "ES", "BANKESMMXXX", false, 0, 6100000,
       ""}};

  FlagRow freeze;
  freeze.rule_id = "freeze-held-proceeds";
  freeze.title = "Freeze traced proceeds still held in an account";
  freeze.action = "freeze";
  freeze.severity = "critical";
  freeze.subject_kind = "account";
  freeze.subject_id = kScriptAccount;
  freeze.amount = 15000000;
  freeze.urgency = "immediate";
  freeze.facts = {{"tainted_balance", "150000.00"}, {"holder", kFormulaHolder}};
  freeze.tx_ids = {"T-1", "T-3"};
  freeze.chain = {"ES11VICTIM1", "ES22COLLECT", kScriptAccount};
  freeze.legal_basis = "FATF Recommendation 4; UNTOC art. 12(2).";
  freeze.sentence = std::string("Freeze 150000.00 EUR in account ") + kScriptAccount + ".";
  FlagRow seize = freeze;
  seize.rule_id = "seize-asset";
  seize.title = "Seize an asset bought with proceeds";
  seize.action = "seize";
  seize.subject_kind = "asset";
  seize.subject_id = "AST-1-VEH";
  seize.amount = 3500000;
  seize.urgency = "";
  seize.facts = {{"lien", "35000.00"}, {"proportionate_share", "38000.00"}};
  seize.tx_ids = {"T-5"};
  seize.chain = {"ES11VICTIM1", "ES22COLLECT"};
  seize.sentence = "Seize AST-1-VEH (Foskett v McKeown).";
  FlagRow value = seize;
  value.rule_id = "confiscate-equivalent-value";
  value.title = "Confiscate equivalent value";
  value.action = "confiscate_value";
  value.subject_kind = "party";
  value.subject_id = "P-1";
  value.amount = 6100000;
  value.tx_ids = {"T-4"};
  value.sentence = "Confiscate 61000.00 EUR of equivalent value from P-1.";
  FlagRow mla = freeze;
  mla.rule_id = "mla-request-per-state";
  mla.action = "mla_request";
  mla.subject_kind = "jurisdiction";
  mla.subject_id = "CO";
  mla.sentence = "Request assistance from CO.";
  FlagRow typology;
  typology.rule_id = "typology-cash-out-after-ransom";
  typology.title = "Cash withdrawn soon after a ransom";
  typology.action = "investigate";
  typology.severity = "high";
  typology.subject_kind = "account";
  typology.subject_id = "ES22COLLECT";
  typology.tx_ids = {"T-4"};
  typology.legal_basis = "FATF Recommendation 20.";
  typology.sentence = "Investigate account ES22COLLECT: cash out 4 hours after the ransom.";
  r.flags = {freeze, seize, value, mla, typology};

  MlaAnnex co;
  co.state = "CO";
  co.facts = "150000.00 EUR of the proceeds of case K-2024-001 reached 1 account in CO.";
  co.legal_basis = "FATF Recommendations 37 and 38; UNTOC arts. 13 and 18.";
  co.accounts = {{kScriptAccount, "QORBCOMMXXX", kFormulaHolder, 15000000, 15000000,
                  At("2024-03-13T14:00:00Z"), At("2024-03-13T14:00:00Z")}};
  co.received = 15000000;
  co.held = 15000000;
  co.measures = {"freeze", "produce_records"};
  co.tx_ids = {"T-3"};
  r.annexes = {co};

  Provenance& p = r.provenance;
  p.engine_version = "0.1.0";
  p.store_fingerprint = "9f2c0d6e7b1a4c3f8e5d2b1a0c9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10";
  p.rulebook_name = "moneytrail-default";
  p.rulebook_version = 1;
  p.rulebook_sha256 = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
  p.parameters = {{"case", "K-2024-001"}, {"method", "libr"}, {"until", ""}, {"max_hops", ""}};
  p.sources = {
      {"transactions.csv", "transactions",
       "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1234,
       "Banco X "
       "production order 2024/17",
       "evidence", false, 5, 0, 0, 0},
      {"[withheld source 1]", "transactions", "", 0, "", "intelligence", false, 1, 0, 0, 0}};
  r.withheld.sources = 1;
  r.withheld.transactions = 1;
  r.withheld.accounts = 1;
  r.withheld.amount = 0;
  r.withheld.reason =
      "1 transaction and 1 account from 1 source handled as intelligence, without the sender's "
      "consent to use in court, are withheld; amounts are kept so that the reconciliation stands.";
  return r;
}

}  // namespace moneytrail::report::testing

#endif  // MONEYTRAIL_TESTS_REPORT_SAMPLE_REPORT_H_
