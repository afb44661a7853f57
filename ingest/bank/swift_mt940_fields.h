// Field readers of MT940/MT942 (:61:, balances, MT942 extras), used by
// mt940.cc; the rules are documented in mt940.h. Internal to ingest/bank.
//
// Each reader takes the field's first line (after the tag) and its
// continuation lines (`rest`, '\n'-separated, uncleaned). A reason in
// `*fatal` means the field yields nothing; reasons in `*problems` are
// reported but lose nothing essential.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_INGEST_BANK_SWIFT_MT940_FIELDS_H_
#define MONEYTRAIL_INGEST_BANK_SWIFT_MT940_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "ingest/bank/statement.h"

namespace moneytrail::ingest::bank::swift {

// A :61: line before its amount is converted (that needs the statement's
// currency, which a malformed file may give only later).
struct EntryLine {
  StatementEntry entry;          // all but amount and currency
  std::string_view amount_text;  // "1234,56"
  std::string supplementary;     // the [34x] details, lines joined with '\n'
};

bool ReadEntryLine(std::string_view first, std::string_view rest, EntryLine* out,
                   std::vector<std::string>* problems, std::string* fatal);

// "C090924DKK2478926,70" into `out` (type and line left to the caller).
bool ReadBalance(std::string_view first, std::string_view rest, Balance* out,
                 std::vector<std::string>* problems, std::string* fatal);

// MT942 :34F: "EURD0,00": the currency when the field is well formed.
bool ReadFloorLimit(std::string_view first, std::string* currency, std::string* fatal);

// MT942 :90D:/:90C: "1EUR2,30" (count, currency, sum).
bool ReadEntryCount(std::string_view first, std::string* fatal);

// MT942 :13D: "1610301730+0000" (also the older :13: without the zone).
bool ReadDateTime(std::string_view first, bool zone_required, std::string* fatal);

}  // namespace moneytrail::ingest::bank::swift

#endif  // MONEYTRAIL_INGEST_BANK_SWIFT_MT940_FIELDS_H_
