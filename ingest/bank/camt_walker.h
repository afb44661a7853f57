// Internal to the camt reader: the walk over libxml2's xmlTextReader. It keeps
// a stack of element Tags, recognises where statements, balances, entries and
// details begin and end, and hands the text of the fields it reads (camt.h
// lists them) to a CamtBuilder. Documents whose first element under Document
// is not a camt.052/053/054 message end with a fatal issue.
//
// Speed: element names come from the parser's dictionary, so a name is
// resolved to a Tag once per distinct pointer (TagCache) instead of once per
// element; a field is found by packing the tags from its statement, balance,
// entry or detail into one integer (PathKey). Only the text of fields we read
// is copied, into one reused buffer.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_WALKER_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_WALKER_H_

#include <libxml/xmlreader.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/bank/camt.h"
#include "ingest/bank/camt_builder.h"
#include "ingest/bank/camt_schema.h"

namespace moneytrail::ingest::bank::camt_internal {

// Element name pointer (owned by the parser's dictionary, so one pointer per
// distinct name) -> Tag. Open addressing; stops caching when half full.
class TagCache {
 public:
  Tag Get(const xmlChar* name);

 private:
  static constexpr size_t kSlots = 1024;
  const xmlChar* keys_[kSlots] = {};
  Tag tags_[kSlots] = {};
  size_t used_ = 0;
};

class Walker {
 public:
  // `root_line` is where the root element's start tag ends, as ScanProlog
  // counted it (libxml2 misses CR-only line ends and reports no whitespace
  // before the root).
  Walker(xmlTextReaderPtr reader, const CamtReadOptions& options, CamtBuilder* builder, bool probe,
         uint64_t root_line);

  // Walks to the end of the document, a fatal issue, or (probe) the message.
  // Returns false when xmlTextReaderRead failed.
  //
  // Nodes are told apart by their DOM type rather than xmlTextReaderNodeType,
  // which for every text node walks the ancestors looking for xml:space (a
  // third of the reader's time here). An element is the end of the innermost
  // open one when it is that node (open ancestors are alive, so a new element
  // never shares their address), else a start.
  bool Run();

  // Called when the document ended without a fatal issue.
  void Finish();

  void Fatal(uint64_t line, std::string field, std::string reason);

  bool seen_message() const { return seen_message_; }
  bool seen_document() const { return seen_document_; }
  const std::string& document_ns() const { return document_ns_; }
  uint64_t counted_line() const { return counted_line_; }

 private:
  uint64_t Line();

  void OnText(const xmlChar* value, bool content);

  void OnStart(xmlNodePtr node);

  void OnStartOutsideMessage(int depth, Tag tag, const xmlChar* name);

  void OnStartInStatement(int depth, Tag tag);

  // "Ntry/Amt": the field's path from its anchor, for issues.
  std::string CapturePath() const;

  void OnEnd(int depth);

  xmlTextReaderPtr reader_;
  const CamtReadOptions& options_;
  CamtBuilder* builder_;
  bool probe_;
  bool stop_ = false;
  TagCache tags_;
  xmlNodePtr node_ = nullptr;     // the current node
  std::vector<xmlNodePtr> open_;  // elements started and not yet ended
  std::vector<Tag> stack_;        // their tags, by depth
  uint64_t root_line_;
  bool counting_ = false;  // newlines are counted from the root element on
  uint64_t counted_line_ = 1;

  std::string root_, message_name_, document_ns_, kind_;
  bool seen_document_ = false, seen_message_ = false;
  int document_depth_ = -1, message_depth_ = -1;
  Tag statement_tag_ = kOther;
  uint64_t message_line_ = 0;
  int statements_before_ = 0;
  int stmt_depth_ = -1, bal_depth_ = -1, ntry_depth_ = -1, tx_depth_ = -1;

  Field capture_ = Field::kNone;
  Scope capture_scope_ = Scope::kStatement;
  int capture_depth_ = -1, capture_anchor_ = -1;
  uint64_t capture_line_ = 0;
  bool overflow_ = false;
  std::string text_, ccy_;
};

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_WALKER_H_
