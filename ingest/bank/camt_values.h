// Internal to the camt reader: the values inside fields. Amounts become minor
// units of their ISO 4217 currency (never rounded), dates Timestamps, codes
// strings, following the rules in camt.h.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_VALUES_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/status.h"
#include "engine/core/timestamp.h"

namespace moneytrail::ingest::bank::camt_internal {

// Minor units and currency code of an amount ("8.85", Ccy "EUR" -> 885, "EUR").
// std::nullopt on success, else the reason it cannot be used: no amount, no
// Ccy, a code not in ISO 4217, not a plain decimal, more fraction digits than
// the currency has, or too large.
std::optional<std::string> ParseMoney(std::string_view value, std::string_view ccy, int64_t* minor,
                                      std::string* currency);

// CRDT -> true, DBIT -> false, anything else std::nullopt.
std::optional<bool> ParseCreditDebit(std::string_view text);

// An entry's Dt or DtTm: a DtTm with a zone is that instant; one without a
// zone, or with more than microsecond precision, keeps its date (00:00 UTC).
Result<Timestamp> ParseEntryDate(std::string_view text);

// A balance's Dt or DtTm: the calendar date as written, 00:00 UTC.
Result<Timestamp> ParseBalanceDate(std::string_view text);

// "PMNT/RCDT/ESCT" from Domn/Cd, Fmly/Cd, SubFmlyCd; else the proprietary code.
std::string BankTransactionCode(std::string_view domain, std::string_view family,
                                std::string_view sub_family, std::string_view proprietary);

// Sets *out to `text` without blanks (an IBAN given as "DE89 3704 ...").
void AssignWithoutSpaces(std::string_view text, std::string* out);

// ASCII lower case (UETRs).
std::string Lower(std::string_view text);

// Appends `text` to `to`, after `separator` when `to` is not empty.
void Append(std::string& to, std::string_view text, std::string_view separator);

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_VALUES_H_
