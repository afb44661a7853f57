// Internal to the camt reader, for tools/bench/camt_bench.cc: libxml2's
// xmlTextReader alone over a document, with the reader's options, so that
// the benchmark can show how much of the time is the XML parser's.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_BASELINE_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_BASELINE_H_

#include <cstdint>
#include <string_view>

namespace moneytrail::ingest::bank::camt_internal {

// Reads every node of `bytes` with xmlTextReaderRead and nothing else.
// Returns the number of nodes, or -1 when libxml2 reported an error.
int64_t CountXmlNodes(std::string_view bytes);

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_BASELINE_H_
