// libFuzzer target: mapping files and bank CSV exports read through them.
// The first byte picks the mode: even - the input is a CSV export read with
// two fixed mappings (comma/dot and semicolon/comma); odd - the input is a
// mapping file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/mapped_csv.h"

namespace {

using moneytrail::ingest::CsvMapping;

const CsvMapping& Mapping(bool german) {
  static const CsvMapping plain = *moneytrail::ingest::ParseCsvMapping(
      R"({"account_column":"acct","currency_column":"ccy","columns":{"value_date":"date",
      "debit":"out","credit":"in","counterparty_account":"other","uetr":"uetr"}})",
      "plain");
  static const CsvMapping de = *moneytrail::ingest::ParseCsvMapping(
      R"({"account":"DE1","currency":"EUR","delimiter":";","decimal":",","thousands":".",
      "date_format":"DD.MM.YY HH:mm","header_line":2,"columns":{"value_date":"d",
      "amount":"a","counterparty_name":"n"}})",
      "de");
  return german ? de : plain;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 1) {
    auto mapping = moneytrail::ingest::ParseCsvMapping(input, "fuzz");
    if (mapping.ok()) moneytrail::ingest::ReadMappedCsv("a,b\n1,2\n", *mapping);
    return 0;
  }
  moneytrail::ingest::ReadMappedCsv(input, Mapping(data[0] % 4 == 2));
  return 0;
}
