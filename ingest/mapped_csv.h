// A bank's CSV export, read through a mapping file: which column is what, how
// dates and amounts are written, and whose account the export is — like the
// import specifications of i2 Analyst's Notebook. The rows become statement
// entries (ingest/bank/statement.h), so they go through the same conversion,
// payment matching and checks as MT940 and camt.
//
// Mapping file (JSON; unknown keys are refused, with their JSON path):
//   {
//     "account": "DE89370400440532013000",   // the export's own account, or
//     "account_column": "Konto",             //   the column that names it
//     "currency": "EUR",                     // or "currency_column": "Währung"
//     "delimiter": ";",                      // default ","
//     "decimal": ",",                        // default "."
//     "thousands": ".",                      // a grouping character to drop, optional
//     "date_format": "DD.MM.YYYY",           // YYYY YY MM DD HH mm ss; default YYYY-MM-DD
//     "header_line": 1,                      // the header's line (skips a preamble); default 1
//     "columns": {
//       "value_date": "Valuta",              // required
//       "booking_date": "Buchungstag",
//       "amount": "Betrag",                  // signed: negative = money out, or
//       "debit": "Soll", "credit": "Haben",  //   two columns, both positive
//       "counterparty_account": "IBAN", "counterparty_name": "Name",
//       "counterparty_bic": "BIC", "reference": "Verwendungszweck",
//       "end_to_end_id": "EREF", "uetr": "UETR", "type_code": "Buchungstext"
//     }
//   }
// A row that cannot be read (bad date, amount, too few columns) is a
// ReadIssue naming its line and column; the other rows load.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_INGEST_MAPPED_CSV_H_
#define MONEYTRAIL_INGEST_MAPPED_CSV_H_

#include <map>
#include <string>
#include <string_view>

#include "engine/core/status.h"
#include "ingest/bank/statement.h"

namespace moneytrail::ingest {

struct CsvMapping {
  std::string account, account_column;
  std::string currency, currency_column;
  char delimiter = ',';
  char decimal = '.';
  char thousands = 0;
  std::string date_format = "YYYY-MM-DD";
  uint64_t header_line = 1;
  std::map<std::string, std::string> columns;  // role -> column name
};

// Parses a mapping; DataError with the JSON path of the first fault.
Result<CsvMapping> ParseCsvMapping(std::string_view json_text, const std::string& name);
// Reads and parses a mapping file; NotFound when it cannot be read.
Result<CsvMapping> LoadCsvMapping(const std::string& path);

// The export as statements, one per own account, entries in file order.
bank::StatementFile ReadMappedCsv(std::string_view bytes, const CsvMapping& mapping);

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_MAPPED_CSV_H_
