// CSV cells that open safely in a spreadsheet.
//
// Thread safety: pure function.
#ifndef MONEYTRAIL_ENGINE_CORE_CSV_CELL_H_
#define MONEYTRAIL_ENGINE_CORE_CSV_CELL_H_

#include <string>
#include <string_view>

namespace moneytrail {

// One RFC 4180 cell: quoted (inner quotes doubled) when it holds a comma, a
// quote, CR or LF. Text that a spreadsheet would run as a formula (a leading
// =, +, -, @, tab or CR) gets a leading apostrophe first (OWASP, "CSV
// injection"). With `number` true the text is a number we formatted ourselves
// ("-12.50") and passes untouched, so that it stays a number in the sheet.
std::string CsvCell(std::string_view text, bool number = false);

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_CSV_CELL_H_
