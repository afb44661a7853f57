// Internal to the camt reader: a byte-level look at the start of an XML
// document, before libxml2 is given it, so that a DOCTYPE (and with it any
// entity declaration) or an encoding that would hide one from this scan is
// refused without libxml2 ever parsing it.
//
// The scan follows the XML prolog: optional byte order mark, XML declaration,
// then comments, processing instructions and white space, up to the first
// element. The unit width (UTF-8 and 8-bit encodings, or UTF-16) comes from
// the first bytes, as in Appendix F of the XML specification.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_PROLOG_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_PROLOG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace moneytrail::ingest::bank::camt_internal {

struct PrologVerdict {
  enum Kind {
    kOk,        // the first element was reached (or the input ended): parse it
    kNeedMore,  // `head` ends inside the prolog and more input exists
    kRefused,   // DOCTYPE, an unsupported encoding, not XML: do not parse
  };
  Kind kind = kOk;
  std::string reason;  // for kRefused: "DOCTYPE not allowed", ...
  // kRefused: where the refused construct starts; kOk: where the first
  // element's start tag ends (1 when the input ended before).
  uint64_t line = 1;
};

// Scans the start of a document. `complete` says that `head` is the whole
// input, so that running out of bytes is kOk (libxml2 then reports what is
// wrong) rather than kNeedMore.
PrologVerdict ScanProlog(std::string_view head, bool complete);

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_PROLOG_H_
