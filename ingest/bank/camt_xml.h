// Internal to the camt reader: libxml2 set up the way the reader needs it.
//
//   - xmlInitParser once per process (std::call_once).
//   - Readers with XML_PARSE_NONET and nothing that loads or expands a DTD
//     (no XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE).
//   - libxml2's messages go to an XmlErrors, never to stderr: per reader
//     (xmlTextReaderSetStructuredErrorHandler) and, while an XmlErrorScope is
//     alive, for anything the thread's global handlers would print.
//   - Input from memory, or from a file descriptor read in 256 KB chunks, with
//     the start of the document scanned first by ScanProlog.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_XML_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_XML_H_

#include <libxml/xmlreader.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/bank/camt_prolog.h"

namespace moneytrail::ingest::bank::camt_internal {

// What libxml2 said while reading one document.
struct XmlErrors {
  // The first fatal error, "" when there was none.
  std::string fatal_message;
  uint64_t fatal_line = 0;
  // Non-fatal errors (a namespace prefix not declared, ...), delivered as they
  // happen; at most kMaxReported, then one note that more were dropped.
  std::function<void(uint64_t line, std::string message)> on_error;
  int reported = 0;
  static constexpr int kMaxReported = 100;
};

// Routes the calling thread's libxml2 global error handlers to `errors` (or
// nowhere) for the lifetime of the scope, then restores them.
class XmlErrorScope {
 public:
  explicit XmlErrorScope(XmlErrors* errors);
  ~XmlErrorScope();
  XmlErrorScope(const XmlErrorScope&) = delete;
  XmlErrorScope& operator=(const XmlErrorScope&) = delete;

 private:
  xmlStructuredErrorFunc saved_structured_;
  void* saved_structured_context_;
  xmlGenericErrorFunc saved_generic_;
  void* saved_generic_context_;
};

struct ReaderDeleter {
  void operator()(xmlTextReaderPtr reader) const { xmlFreeTextReader(reader); }
};
using ReaderPtr = std::unique_ptr<xmlTextReader, ReaderDeleter>;

// A document's bytes as libxml2 pulls them: `head` (already read and scanned)
// first, then the rest of the file descriptor, if any.
class XmlInput {
 public:
  // Memory input; `bytes` must outlive the reader.
  explicit XmlInput(std::string_view bytes) : memory_(bytes) {}
  // File input: opens `path`. On failure error() says why.
  static std::unique_ptr<XmlInput> OpenFile(const std::string& path);
  ~XmlInput();
  XmlInput(const XmlInput&) = delete;
  XmlInput& operator=(const XmlInput&) = delete;

  // Reads and scans the start of the document (up to 1 MB for a file).
  PrologVerdict Scan();
  // A reader over the whole input, errors routed to `errors`; nullptr when
  // libxml2 cannot make one (error() then says why).
  ReaderPtr NewReader(XmlErrors* errors);
  // An I/O error (open, read), "" if none.
  const std::string& error() const { return error_; }

 private:
  XmlInput() = default;
  static int Read(void* context, char* buffer, int length);

  bool file_ = false;
  std::string_view memory_;
  int fd_ = -1;
  std::string head_;     // file: the scanned start, served first
  size_t head_pos_ = 0;  // file: how much of head_ was served
  std::vector<char> buffer_;
  size_t buffer_pos_ = 0, buffer_end_ = 0;
  size_t memory_pos_ = 0;  // memory: how much was served
  std::string error_;
};

// Line of `node`: the larger of libxml2's line (exact below
// 65535, where it stops counting, but blind to CR-only line ends) and
// `counted`, the newlines in the text the walk has seen (blind to line breaks
// inside tags), which it then updates.
uint64_t NodeLine(xmlNodePtr node, uint64_t* counted);

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_XML_H_
