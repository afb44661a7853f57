// Bank exports through a mapping, statements to records, and one payment seen
// by two banks becoming one record.
#include <gtest/gtest.h>

#include <map>

#include "engine/core/amount.h"
#include "ingest/bank_records.h"
#include "ingest/mapped_csv.h"
#include "tests/ingest/loader_fixture.h"

namespace moneytrail::ingest {
namespace {

constexpr char kGermanMapping[] = R"({
  "account": "DE89370400440532013000", "currency": "EUR",
  "delimiter": ";", "decimal": ",", "thousands": ".", "date_format": "DD.MM.YYYY",
  "header_line": 3,
  "columns": {"value_date": "Valuta", "booking_date": "Buchungstag", "amount": "Betrag",
              "counterparty_account": "IBAN", "counterparty_name": "Name",
              "reference": "Verwendungszweck", "uetr": "UETR"}
})";

constexpr char kGermanExport[] =
    "Umsatzanzeige;Konto DE89370400440532013000\n"
    "\n"
    "Buchungstag;Valuta;Name;IBAN;Verwendungszweck;Betrag;UETR\n"
    "01.03.2024;01.03.2024;\"Alba; S.L.\";ES9121000418450200051332;Rechnung 7;-1.234,56;\n"
    "02.03.2024;02.03.2024;Kunde;FR1420041010050500013M02606;Zahlung;250,00;\n"
    "03.03.2024;31.02.2024;Falsch;FR14;x;1,00;\n"
    "04.03.2024;04.03.2024;Bank;;Gebuehr;-0,015;\n";

CsvMapping German() { return *ParseCsvMapping(kGermanMapping, "m.json"); }

TEST(CsvMappingTest, RefusesFaultsWithTheirJsonPath) {
  auto unknown = ParseCsvMapping(R"({"account":"A","currency":"EUR","colums":{}})", "m.json");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("/colums: unknown key"), std::string::npos);
  auto role = ParseCsvMapping(
      R"({"account":"A","currency":"EUR","columns":{"value_date":"d","amount":"a","colour":"c"}})",
      "m.json");
  EXPECT_NE(role.status().message().find("/columns/colour"), std::string::npos);
  auto both =
      ParseCsvMapping(R"({"account":"A","currency":"EUR","columns":{"value_date":"d"}})", "m.json");
  EXPECT_NE(both.status().message().find("either amount"), std::string::npos);
  auto currency = ParseCsvMapping(
      R"({"account":"A","currency":"EURO","columns":{"value_date":"d","amount":"a"}})", "m.json");
  EXPECT_NE(currency.status().message().find("/currency"), std::string::npos);
  EXPECT_TRUE(ParseCsvMapping(kGermanMapping, "m.json").ok());
}

TEST(MappedCsvTest, ReadsAGermanExportWithCommaDecimalsAndAPreamble) {
  bank::StatementFile f = ReadMappedCsv(kGermanExport, German());
  ASSERT_EQ(f.statements.size(), 1u);
  const auto& entries = f.statements[0].entries;
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].amount, 123456);
  EXPECT_FALSE(entries[0].credit);
  EXPECT_EQ(entries[0].counterparty_name, "Alba; S.L.");  // a quoted delimiter
  EXPECT_EQ(entries[0].line, 4u);
  EXPECT_EQ(FormatDate(entries[0].value_date), "2024-03-01");
  EXPECT_EQ(entries[1].amount, 25000);
  EXPECT_TRUE(entries[1].credit);
  // 31 February and a third decimal for EUR: issues naming line and column.
  ASSERT_EQ(f.issues.size(), 2u);
  EXPECT_EQ(f.issues[0].line, 6u);
  EXPECT_EQ(f.issues[0].field, "Valuta");
  EXPECT_EQ(f.issues[1].line, 7u);
  EXPECT_EQ(f.issues[1].field, "Betrag");
}

TEST(MappedCsvTest, DebitAndCreditColumns) {
  auto m = ParseCsvMapping(R"({"account_column":"Acct","currency_column":"Ccy",
      "columns":{"value_date":"Date","debit":"Out","credit":"In"}})",
                           "m.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  bank::StatementFile f = ReadMappedCsv(
      "Acct,Ccy,Date,Out,In\nA1,EUR,2024-01-02,10.00,\nA2,JPY,2024-01-03,,1000\n"
      "A1,EUR,2024-01-04,1.00,2.00\n",
      *m);
  ASSERT_EQ(f.statements.size(), 2u);  // one per own account
  EXPECT_FALSE(f.statements[0].entries[0].credit);
  EXPECT_EQ(f.statements[1].entries[0].amount, 1000);  // yen have no minor digits
  ASSERT_EQ(f.issues.size(), 1u);                      // both columns filled
  EXPECT_EQ(f.issues[0].line, 4u);
}

TEST(MappedCsvTest, AFieldLongerThan64KiBRefusesItsRowOnly) {
  std::string csv = "Acct,Ccy,Date,Out,In\nA1,EUR,2024-01-02,10.00," + std::string(70000, '9') +
                    "\nA1,EUR,2024-01-03,1.00,\n";
  auto m = ParseCsvMapping(R"({"account_column":"Acct","currency_column":"Ccy",
      "columns":{"value_date":"Date","debit":"Out","credit":"In"}})",
                           "m.json");
  bank::StatementFile f = ReadMappedCsv(csv, *m);
  ASSERT_EQ(f.issues.size(), 1u);
  EXPECT_EQ(f.issues[0].line, 2u);
  ASSERT_EQ(f.statements.size(), 1u);
  EXPECT_EQ(f.statements[0].entries.size(), 1u);
}

bank::Statement OneStatement() {
  bank::Statement s;
  s.line = 1;
  s.kind = "camt.053";
  s.statement_id = "S1";
  s.account = "OWN1";
  s.account_owner = "Owner";
  s.currency = "EUR";
  s.balances = {{"opening", *ParseDate("2024-01-01"), 10000, "EUR", 2},
                {"closing", *ParseDate("2024-01-02"), 9000, "EUR", 9}};
  bank::StatementEntry debit;
  debit.line = 3;
  debit.value_date = *ParseDate("2024-01-02");
  debit.amount = 2500;
  debit.currency = "EUR";
  debit.counterparty_account = "CP1";
  debit.counterparty_name = "Payee";
  debit.uetr = "eb6305c9-1f7a-4b1e-8a55-3f1c2c1d9e01";
  debit.narrative = "rent";
  bank::StatementEntry cash = debit;
  cash.line = 5;
  cash.uetr.clear();
  cash.type_code = "PMNT/CCRD/CWDL";
  cash.amount = 500;
  bank::StatementEntry credit = debit;
  credit.line = 7;
  credit.credit = true;
  credit.uetr.clear();
  credit.end_to_end_id = "E2E-9";
  credit.counterparty_account.clear();
  credit.amount = 2000;
  s.entries = {debit, cash, credit};
  return s;
}

TEST(BankRecordsTest, EntriesBecomeTransactionsInTheDirectionMoneyMoved) {
  bank::StatementFile f;
  f.statements = {OneStatement()};
  ParseContext ctx{*Currency::FromCode("EUR"), nullptr};
  BankRecords r = ToRecords(f, 7, ctx, false);
  ASSERT_EQ(r.transactions.size(), 3u);
  const Transaction& debit = r.transactions[0];
  EXPECT_EQ(debit.tx_id, "uetr:eb6305c9-1f7a-4b1e-8a55-3f1c2c1d9e01");
  EXPECT_EQ(debit.from_account, "OWN1");
  EXPECT_EQ(debit.to_account, "CP1");
  EXPECT_EQ(debit.provenance.source_id, 7u);
  EXPECT_EQ(debit.provenance.line, 3u);
  EXPECT_EQ(r.transactions[1].to_account, "CASH");
  const Transaction& credit = r.transactions[2];
  EXPECT_EQ(credit.from_account, "UNIDENTIFIED:OWN1");  // never silently cash
  EXPECT_EQ(credit.to_account, "OWN1");
  EXPECT_EQ(credit.tx_id, "e2e:E2E-9|UNIDENTIFIED:OWN1>OWN1");
  bool kept = false;
  for (const auto& [k, v] : debit.attributes) kept |= k == "narrative" && v == "rent";
  EXPECT_TRUE(kept);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_EQ(r.checks[0].entries, -1000);  // -25.00 - 5.00 + 20.00
  EXPECT_TRUE(r.checks[0].balanced());
}

TEST(BankRecordsTest, AnUnbalancedStatementAndAMissingRateAreReported) {
  bank::StatementFile f;
  f.statements = {OneStatement()};
  f.statements[0].entries.pop_back();  // a missing entry
  f.statements[0].entries[0].currency = "USD";
  storage::FxTable fx;  // no USD rate
  ParseContext ctx{*Currency::FromCode("EUR"), &fx};
  BankRecords r = ToRecords(f, 1, ctx, false);
  ASSERT_EQ(r.refused.size(), 1u);
  EXPECT_EQ(r.refused[0].line, 3u);
  EXPECT_NE(r.refused[0].reason.find("no FX rate for USD"), std::string::npos);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_FALSE(r.checks[0].balanced());
}

class BankLoadTest : public LoaderFixture {
 protected:
  LoadReport LoadExport(const std::string& name, const std::string& mapping,
                        const std::string& csv) {
    LoadOptions o;
    o.mapping_path = Write(name + ".map.json", mapping);
    return LoadOk(name, csv, o);
  }
};

constexpr char kPayerMap[] = R"({"account":"ES11PAYER","currency":"EUR",
  "columns":{"value_date":"date","amount":"amount","counterparty_account":"other"}})";
constexpr char kPayeeMap[] = R"({"account":"PA22PAYEE","currency":"EUR",
  "columns":{"value_date":"date","amount":"amount","counterparty_account":"other"}})";

TEST_F(BankLoadTest, OnePaymentInTwoBanksBecomesOneRecord) {
  LoadReport a =
      LoadExport("payer.csv", kPayerMap, "date,amount,other\n2024-03-01,-40000.00,PA22PAYEE\n");
  EXPECT_EQ(a.loaded, 3u);  // the transaction and its two accounts
  // The payee's bank books it a day later.
  LoadReport b =
      LoadExport("payee.csv", kPayeeMap, "date,amount,other\n2024-03-02,40000.00,ES11PAYER\n");
  EXPECT_EQ(b.matched, 1u);
  ASSERT_EQ(b.matches.size(), 1u);
  EXPECT_NE(b.matches[0].find("payee.csv:2: matched"), std::string::npos) << b.matches[0];
  EXPECT_NE(b.matches[0].find("amount, value date and accounts"), std::string::npos);
  EXPECT_EQ(TxCount(), 1u);
}

TEST_F(BankLoadTest, AmbiguousCandidatesAreReportedAndNotMerged) {
  LoadExport("payer.csv", kPayerMap,
             "date,amount,other\n2024-03-01,-500.00,PA22PAYEE\n2024-03-01,-500.00,PA22PAYEE\n");
  LoadReport b =
      LoadExport("payee.csv", kPayeeMap, "date,amount,other\n2024-03-01,500.00,ES11PAYER\n");
  EXPECT_EQ(b.matched, 0u);
  EXPECT_EQ(b.ambiguous, 1u);
  ASSERT_EQ(b.matches.size(), 1u);
  EXPECT_NE(b.matches[0].find("ambiguous"), std::string::npos);
  EXPECT_EQ(TxCount(), 3u);
}

TEST_F(BankLoadTest, TheSameUetrMatchesWhateverTheDates) {
  std::string map_a = R"({"account":"ES11PAYER","currency":"EUR","columns":{"value_date":"date",
    "amount":"amount","counterparty_account":"other","uetr":"uetr"}})";
  std::string map_b = map_a;
  map_b.replace(map_b.find("ES11PAYER"), 9, "PA22PAYEE");
  LoadExport("a.csv", map_a,
             "date,amount,other,uetr\n2024-03-01,-10.00,PA22PAYEE,"
             "EB6305C9-1F7A-4B1E-8A55-3F1C2C1D9E01\n");
  LoadReport b = LoadExport("b.csv", map_b,
                            "date,amount,other,uetr\n2024-03-01,10.00,ES11PAYER,"
                            "eb6305c9-1f7a-4b1e-8a55-3f1c2c1d9e01\n");
  EXPECT_EQ(b.matched, 1u);
  EXPECT_NE(b.matches[0].find("(by uetr)"), std::string::npos) << b.matches[0];
  EXPECT_TRUE(Tx("uetr:eb6305c9-1f7a-4b1e-8a55-3f1c2c1d9e01").has_value());
  EXPECT_EQ(TxCount(), 1u);
}

TEST_F(BankLoadTest, BadRowsGoToTheRejectsFileAndTheRestLoads) {
  LoadReport r = LoadExport("export.csv", kGermanMapping, kGermanExport);
  EXPECT_EQ(r.rejected, 2u);
  ASSERT_FALSE(r.rejects_path.empty());
  std::string rejects = testing::ReadAll(r.rejects_path);
  EXPECT_NE(rejects.find("31.02.2024"), std::string::npos);  // the row, whole
  EXPECT_EQ(TxCount(), 2u);
  LoadReport again = LoadExport("export.csv", kGermanMapping, kGermanExport);
  EXPECT_TRUE(again.already_loaded);
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(TxCount(), 2u);
}

// The payer's bank sends MT940, the payee's camt.053; the same SEPA transfer
// (EndToEndId E2E-RANSOM-1) is booked a day apart.
constexpr char kPayerMt940[] =
    ":20:STMT-1\r\n"
    ":25:DE89370400440532013000\r\n"
    ":28C:1/1\r\n"
    ":60F:C240301EUR10000,00\r\n"
    ":61:2403010301D4000,00NTRFNONREF//B-REF-1\r\n"
    ":86:166?00SEPA-UEBERWEISUNG?20EREF+E2E-RANSOM-1?21SVWZ+Invoice 7\r\n"
    "?30PAPAPAPAXXX?31PA22PAYEE000?32Payee Corp\r\n"
    ":62F:C240301EUR6000,00\r\n"
    "-\r\n";

constexpr char kPayeeCamt053[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-03-02T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S-1</Id><CreDtTm>2024-03-02T08:00:00</CreDtTm>
<Acct><Id><Othr><Id>PA22PAYEE000</Id></Othr></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-02</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">4000.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-02</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">4000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2024-03-02</Dt></BookgDt><ValDt><Dt>2024-03-02</Dt></ValDt>
<AcctSvcrRef>R-9</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>E2E-RANSOM-1</EndToEndId></Refs>
<RltdPties><Dbtr><Nm>Payer GmbH</Nm></Dbtr>
<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>
</TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
)";

TEST_F(BankLoadTest, TwoBanksTwoFormatsOnePayment) {
  LoadReport a = LoadOk("payer.sta", kPayerMt940);
  EXPECT_EQ(a.format, "mt940");
  EXPECT_EQ(a.unbalanced, 0u);  // 10,000 - 4,000 = 6,000
  ASSERT_EQ(TxCount(), 1u);
  LoadReport b = LoadOk("payee.xml", kPayeeCamt053);
  EXPECT_EQ(b.format.rfind("camt.053", 0), 0u) << b.format;
  EXPECT_EQ(b.unbalanced, 0u);
  EXPECT_EQ(b.matched, 1u);
  ASSERT_EQ(b.matches.size(), 1u);
  EXPECT_NE(b.matches[0].find("(by end_to_end_id)"), std::string::npos) << b.matches[0];
  EXPECT_EQ(TxCount(), 1u);
  auto tx = Tx("e2e:E2E-RANSOM-1|DE89370400440532013000>PA22PAYEE000");
  ASSERT_TRUE(tx.has_value());
  EXPECT_EQ(tx->amount.minor_units, 400000);
  EXPECT_EQ(FormatDate(tx->timestamp), "2024-03-01");  // the first sighting's value date
}

TEST_F(BankLoadTest, AStatementWithAMissingEntryIsReported) {
  std::string broken = kPayerMt940;
  broken.replace(broken.find("6000,00"), 7, "6500,00");
  LoadReport a = LoadOk("payer.sta", broken);
  EXPECT_EQ(a.unbalanced, 1u);
  ASSERT_EQ(a.checks.size(), 1u);
  EXPECT_NE(a.checks[0].find("difference 500.00 EUR"), std::string::npos) << a.checks[0];
  EXPECT_NE(a.checks[0].find("STMT-1"), std::string::npos) << a.checks[0];
}

// A camt.053 with `statements` statements of `entries` entries each, every
// entry a debit of (i + 1) EUR to its own counterparty. The closing balance of
// statement `unbalanced` (if any) is 1.00 EUR off.
std::string CamtStatements(int statements, int entries, int unbalanced = -1,
                           const std::string& entry_extra = "") {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
      "<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2024-03-02T08:00:00</CreDtTm></GrpHdr>\n";
  for (int s = 0; s < statements; ++s) {
    int64_t spent = 0;
    for (int i = 0; i < entries; ++i) spent += (i + 1) * 100;
    int64_t closing = 10'000'000 - spent + (s == unbalanced ? 100 : 0);
    x += "<Stmt><Id>S-" + std::to_string(s) + "</Id>\n<Acct><Id><IBAN>OWN" + std::to_string(s) +
         "</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
         "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">100000.00</Amt>"
         "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>\n"
         "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" +
         FormatMinorUnits(closing, 2) +
         "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-02</Dt></Dt></Bal>\n";
    for (int i = 0; i < entries; ++i) {
      x += "<Ntry><Amt Ccy=\"EUR\">" + FormatMinorUnits((i + 1) * 100, 2) +
           "</Amt><CdtDbtInd>DBIT</CdtDbtInd>" + entry_extra +
           "<Sts>BOOK</Sts><ValDt><Dt>2024-03-02</Dt></ValDt>"
           "<NtryDtls><TxDtls><RltdPties><CdtrAcct><Id><IBAN>CP" +
           std::to_string(s) + "X" + std::to_string(i) +
           "</IBAN></Id></CdtrAcct></RltdPties></TxDtls></NtryDtls></Ntry>\n";
    }
    x += "</Stmt>\n";
  }
  return x + "</BkToCstmrStmt></Document>\n";
}

TEST_F(BankLoadTest, ACamtFileGoesInInBatchesWithTheResultOfOneCommit) {
  const std::string camt = CamtStatements(3, 7, /*unbalanced=*/1);
  LoadOptions small;
  small.batch_records = 3;  // 21 entries: 7 commits, statements cut across them
  LoadReport r = LoadOk("big.xml", camt, small);
  EXPECT_EQ(TxCount(), 21u);
  EXPECT_EQ(r.rejected, 0u);
  // Each statement is checked once, whole, though its entries went in
  // different batches.
  EXPECT_EQ(r.unbalanced, 1u);
  ASSERT_EQ(r.checks.size(), 1u) << r.checks[0];
  EXPECT_NE(r.checks[0].find("statement S-1 of OWN1"), std::string::npos) << r.checks[0];
  EXPECT_NE(r.checks[0].find("difference 1.00 EUR"), std::string::npos) << r.checks[0];
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_TRUE((*sources)[0].complete);

  // The same file in one batch, in a store of its own: the same content.
  testing::TempDir other;
  auto whole_store = storage::Store::Open(other.Sub("db"), storage::StoreOptions());
  ASSERT_TRUE(whole_store.ok());
  auto whole = Loader(whole_store->get()).LoadFile(Write("big-again.xml", camt), "big.xml", {});
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->loaded, r.loaded);
  EXPECT_EQ(whole->unbalanced, 1u);
  EXPECT_EQ(*(*whole_store)->Fingerprint(), *store_->Fingerprint());
}

TEST_F(BankLoadTest, AnInterruptedCamtLoadResumesWithoutRedoingCommittedEntries) {
  const std::string camt = CamtStatements(2, 5);
  LoadOptions small;
  small.batch_records = 4;
  LoadReport first = LoadOk("stmt.xml", camt, small);
  ASSERT_EQ(TxCount(), 10u);
  // Wind the source back to where a kill after the second commit leaves it:
  // entries from line `resume` on were never committed.
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok());
  SourceFile cut = (*sources)[0];
  uint64_t resume = 0;
  int seen = 0;
  for (size_t pos = 0, line = 1; pos < camt.size(); ++pos) {
    if (camt.compare(pos, 6, "<Ntry>") == 0 && ++seen == 9) resume = line;
    if (camt[pos] == '\n') ++line;
  }
  ASSERT_GT(resume, 0u);
  storage::WriteSet undo;
  cut.complete = false;
  cut.resume_line = resume;
  cut.loaded -= 2;  // the last two entries
  undo.source = cut;
  ASSERT_TRUE(store_->Commit(undo).ok());
  LoadReport again = LoadOk("stmt.xml", camt, small);
  EXPECT_EQ(again.resumed_at_line, resume);
  EXPECT_EQ(again.loaded, 0u) << "the two entries are in the store: duplicates, not new";
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(TxCount(), 10u);
  EXPECT_EQ(again.unbalanced, 0u) << "entries before the resume point still count in the check";
  EXPECT_TRUE((*store_->ListSources())[0].complete);
  (void)first;
}

TEST_F(BankLoadTest, AWarningLoadsTheEntryAndIsNotAReject) {
  // RvslInd 'maybe' is not understood; the entry is still what was booked.
  LoadReport r = LoadOk("warn.xml", CamtStatements(1, 2, -1, "<RvslInd>maybe</RvslInd>"));
  EXPECT_EQ(TxCount(), 2u);
  EXPECT_EQ(r.rejected, 0u);
  EXPECT_EQ(r.warned, 2u);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_NE(r.warnings[0].find("Ntry/RvslInd: 'maybe' is not true or false"), std::string::npos)
      << r.warnings[0];
  ASSERT_FALSE(r.warnings_path.empty());
  EXPECT_NE(testing::ReadAll(r.warnings_path).find("RvslInd"), std::string::npos);
  EXPECT_TRUE(r.rejects_path.empty());
}

TEST_F(BankLoadTest, AnEntryLostByTheReaderIsAReject) {
  std::string camt = CamtStatements(1, 2);
  camt.replace(camt.find("<CdtDbtInd>DBIT</CdtDbtInd>"), 27, "<CdtDbtInd>XXXX</CdtDbtInd>");
  LoadReport r = LoadOk("lost.xml", camt);
  EXPECT_EQ(TxCount(), 1u);
  EXPECT_EQ(r.rejected, 1u);
  EXPECT_EQ(r.warned, 0u);
  ASSERT_FALSE(r.rejects_path.empty());
  EXPECT_NE(testing::ReadAll(r.rejects_path).find("is not CRDT or DBIT"), std::string::npos);
}

TEST_F(BankLoadTest, PendingCamtEntriesAreCountedWhenLeftOut) {
  std::string camt = CamtStatements(1, 3);
  camt.replace(camt.find("<Sts>BOOK</Sts>"), 15, "<Sts>PDNG</Sts>");
  LoadReport r = LoadOk("pending.xml", camt);
  EXPECT_EQ(r.pending_skipped, 1u);
  EXPECT_EQ(TxCount(), 2u);
  LoadOptions with;
  with.include_pending = true;
  LoadReport all = LoadOk("pending-too.xml", camt + " ", with);
  EXPECT_EQ(all.pending_skipped, 0u);
  EXPECT_EQ(TxCount(), 3u);
}

TEST_F(BankLoadTest, NothingTheStatementSaysIsDropped) {
  std::string mt940 = kPayerMt940;
  mt940.insert(mt940.find(":86:166"), "CARD 4711\r\n");         // :61: supplementary details
  mt940.insert(mt940.find("-\r\n"), ":86:STATEMENT NOTE\r\n");  // to the account owner
  LoadOk("payer.sta", mt940);
  auto tx = Tx("e2e:E2E-RANSOM-1|DE89370400440532013000>PA22PAYEE000");
  ASSERT_TRUE(tx.has_value());
  std::map<std::string, std::string> a(tx->attributes.begin(), tx->attributes.end());
  EXPECT_EQ(a["supplementary_details"], "CARD 4711");
  EXPECT_EQ(a["statement_information"], "STATEMENT NOTE");
}

TEST(BankRecordsTest, AStatementWithoutItsOwnAccountIsRefusedNotTurnedIntoCash) {
  bank::StatementFile f;
  f.statements = {OneStatement()};
  f.statements[0].account.clear();  // e.g. an MT940 without its :25:
  storage::FxTable fx;
  ParseContext ctx{*Currency::FromCode("EUR"), &fx};
  BankRecords r = ToRecords(f, 1, ctx, false);
  EXPECT_TRUE(r.transactions.empty());
  ASSERT_EQ(r.refused.size(), 3u);
  EXPECT_EQ(r.refused[0].field, "account");
  EXPECT_NE(r.refused[0].reason.find("names no account of its own"), std::string::npos);
}

}  // namespace
}  // namespace moneytrail::ingest
