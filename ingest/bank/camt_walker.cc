#include "ingest/bank/camt_walker.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "ingest/bank/camt_xml.h"

namespace moneytrail::ingest::bank::camt_internal {
namespace {

const char* Chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// At most `n` bytes of a name from the document, for messages.
std::string Clip(std::string_view text, size_t n = 100) {
  return text.size() <= n ? std::string(text) : std::string(text.substr(0, n)) + "...";
}

bool IsMessage(Tag t) {
  return t == kBkToCstmrAcctRpt || t == kBkToCstmrStmt || t == kBkToCstmrDbtCdtNtfctn;
}

// "camt.053.001.02" when the namespace names that version of `kind`, else `kind`.
std::string FormatOf(std::string_view ns, std::string_view kind) {
  size_t at = ns.find(kind);
  if (at != std::string_view::npos && ns.size() >= at + 15) {
    std::string_view v = ns.substr(at, 15);  // camt.053.001.02
    auto digit = [&](size_t i) { return v[i] >= '0' && v[i] <= '9'; };
    if (v[8] == '.' && digit(9) && digit(10) && digit(11) && v[12] == '.' && digit(13) &&
        digit(14)) {
      return std::string(v);
    }
  }
  return std::string(kind);
}

}  // namespace

Tag TagCache::Get(const xmlChar* name) {
  size_t i = (reinterpret_cast<uintptr_t>(name) >> 3) & (kSlots - 1);
  for (size_t probes = 0; probes < kSlots; ++probes, i = (i + 1) & (kSlots - 1)) {
    if (keys_[i] == name) return tags_[i];
    if (keys_[i] == nullptr) {
      Tag tag = camt_internal::TagOf(Chars(name));
      if (used_ < kSlots / 2) {
        keys_[i] = name;
        tags_[i] = tag;
        ++used_;
      }
      return tag;
    }
  }
  return camt_internal::TagOf(Chars(name));
}

uint64_t Walker::Line() { return NodeLine(node_, &counted_line_); }

Walker::Walker(xmlTextReaderPtr reader, const CamtReadOptions& options, CamtBuilder* builder,
               bool probe, uint64_t root_line)
    : reader_(reader), options_(options), builder_(builder), probe_(probe), root_line_(root_line) {
  text_.reserve(256);
}

bool Walker::Run() {
  int ret;
  while (!stop_ && (ret = xmlTextReaderRead(reader_)) == 1) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader_);
    if (node == nullptr) continue;
    node_ = node;
    switch (node->type) {
      case XML_ELEMENT_NODE:
        if (!open_.empty() && open_.back() == node) {
          open_.pop_back();
          OnEnd(static_cast<int>(open_.size()));
        } else {
          OnStart(node);
        }
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        OnText(node->content, true);
        break;
      case XML_COMMENT_NODE:
      case XML_PI_NODE:
        OnText(node->content, false);
        break;
      case XML_DTD_NODE:
      case XML_DOCUMENT_TYPE_NODE:
        Fatal(Line(), "DOCTYPE", "DOCTYPE not allowed");
        break;
      case XML_ENTITY_REF_NODE:
      case XML_ENTITY_NODE:
      case XML_ENTITY_DECL:
        Fatal(Line(), "XML", "entity references are not allowed");
        break;
      default:
        break;
    }
  }
  return stop_ || ret == 0;
}

void Walker::Finish() {
  if (!seen_message_ && !stop_) {
    std::string what = root_.empty() ? std::string("no element") : "root element " + root_;
    if (!message_name_.empty()) what = "message " + message_name_;
    if (!document_ns_.empty()) what += " in " + Clip(document_ns_);
    Fatal(std::max<uint64_t>(message_line_, 1), "Document",
          "not a camt.052/053/054 document (" + what + ")");
  }
  builder_->Abort();  // only does something for a truncated walk
}

void Walker::Fatal(uint64_t line, std::string field, std::string reason) {
  if (stop_) return;
  stop_ = true;
  builder_->Abort();
  builder_->Issue(line, std::move(field), std::move(reason), /*fatal=*/true);
}

void Walker::OnText(const xmlChar* value, bool content) {
  if (value == nullptr) return;
  size_t n = std::strlen(Chars(value));
  const char* p = Chars(value);
  const char* end = counting_ ? p + n : p;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
    ++counted_line_;
    ++p;
  }
  if (!content || capture_ == Field::kNone || overflow_) return;
  if (text_.size() + n > options_.max_field_bytes) {
    overflow_ = true;
    return;
  }
  text_.append(Chars(value), n);
}

void Walker::OnStart(xmlNodePtr node) {
  size_t d = open_.size();
  int depth = static_cast<int>(d);
  bool empty = xmlTextReaderIsEmptyElement(reader_) == 1;
  if (!empty) open_.push_back(node);
  if (d >= options_.max_depth) {
    Fatal(Line(), "XML",
          "elements nested deeper than " + std::to_string(options_.max_depth) + " levels");
    return;
  }
  if (!counting_) {
    counting_ = true;
    counted_line_ = std::max(counted_line_, root_line_);
  }
  const xmlChar* name = node->name;  // the local name, from the parser's dictionary
  Tag tag = name != nullptr ? tags_.Get(name) : kOther;
  if (stack_.size() <= d) stack_.resize(d + 1);
  stack_[d] = tag;
  if (message_depth_ < 0) {
    OnStartOutsideMessage(depth, tag, name);
  } else if (depth == message_depth_ + 1) {
    if (tag == statement_tag_) {
      builder_->BeginStatement(kind_, Line());
      stmt_depth_ = depth;
    }
  } else if (stmt_depth_ >= 0 && depth > stmt_depth_) {
    OnStartInStatement(depth, tag);
  }
  if (empty && !stop_) OnEnd(depth);
}

void Walker::OnStartOutsideMessage(int depth, Tag tag, const xmlChar* name) {
  if (depth == 0) root_ = Clip(name != nullptr ? Chars(name) : "");
  if (document_depth_ >= 0 && depth == document_depth_ + 1) {
    if (!IsMessage(tag)) {
      message_name_ = Clip(name != nullptr ? Chars(name) : "");
      message_line_ = Line();
      Finish();
      return;
    }
    message_depth_ = depth;
    seen_message_ = true;
    statement_tag_ = tag == kBkToCstmrAcctRpt ? kRpt : tag == kBkToCstmrStmt ? kStmt : kNtfctn;
    kind_ = statement_tag_ == kRpt ? "camt.052" : statement_tag_ == kStmt ? "camt.053" : "camt.054";
    message_line_ = Line();
    statements_before_ = builder_->statements();
    builder_->OnFormat(FormatOf(document_ns_, kind_));
    if (probe_) stop_ = true;
  } else if (tag == kDocument && document_depth_ < 0) {
    document_depth_ = depth;
    seen_document_ = true;
    const xmlChar* ns = xmlTextReaderConstNamespaceUri(reader_);
    document_ns_ = ns != nullptr ? Chars(ns) : "";
  }
}

void Walker::OnStartInStatement(int depth, Tag tag) {
  if (depth == stmt_depth_ + 1 && tag == kNtry) {
    builder_->BeginEntry(Line());
    ntry_depth_ = depth;
    return;
  }
  if (depth == stmt_depth_ + 1 && tag == kBal) {
    builder_->BeginBalance(Line());
    bal_depth_ = depth;
    return;
  }
  if (ntry_depth_ >= 0 && tx_depth_ < 0 && tag == kTxDtls &&
      (depth == ntry_depth_ + 1 ||
       (depth == ntry_depth_ + 2 && stack_[ntry_depth_ + 1] == kNtryDtls))) {
    builder_->BeginDetail(Line());
    tx_depth_ = depth;
    return;
  }
  if (capture_ != Field::kNone) return;  // markup inside a field we read
  int anchor = tx_depth_ >= 0     ? tx_depth_
               : ntry_depth_ >= 0 ? ntry_depth_
               : bal_depth_ >= 0  ? bal_depth_
                                  : stmt_depth_;
  if (depth - anchor > kMaxPathLength) return;
  PathKey key = 0;
  for (int i = anchor + 1; i <= depth; ++i) {
    if (stack_[i] == kOther) return;
    key = (key << 8) | stack_[i];
  }
  Scope scope;
  Field field;
  if (tx_depth_ >= 0) {
    scope = Scope::kDetail, field = DetailField(key);
  } else if (ntry_depth_ >= 0) {
    scope = Scope::kEntry, field = EntryField(key);
  } else if (bal_depth_ >= 0) {
    scope = Scope::kBalance, field = BalanceField(key);
  } else {
    scope = Scope::kStatement, field = StatementField(key);
  }
  if (field == Field::kNone) return;
  capture_ = field;
  capture_scope_ = scope;
  capture_depth_ = depth;
  capture_anchor_ = anchor;
  capture_line_ = Line();
  overflow_ = false;
  text_.clear();
  ccy_.clear();
  if (IsAmountField(field) && xmlTextReaderHasAttributes(reader_) == 1) {
    while (xmlTextReaderMoveToNextAttribute(reader_) == 1) {
      const xmlChar* attr = xmlTextReaderConstLocalName(reader_);
      const xmlChar* value = xmlTextReaderConstValue(reader_);
      if (attr != nullptr && value != nullptr && std::strcmp(Chars(attr), "Ccy") == 0) {
        ccy_ = std::string(Trim(Chars(value)));
      }
    }
    xmlTextReaderMoveToElement(reader_);
  }
}

std::string Walker::CapturePath() const {
  std::string path(TagName(stack_[capture_anchor_]));
  for (int i = capture_anchor_ + 1; i <= capture_depth_; ++i) {
    path += "/";
    path += TagName(stack_[i]);
  }
  return path;
}

void Walker::OnEnd(int depth) {
  if (depth < 0) return;
  if (capture_ != Field::kNone && depth == capture_depth_) {
    if (overflow_) {
      builder_->Warn(capture_line_, CapturePath(),
                     "longer than " + std::to_string(options_.max_field_bytes) + " bytes; ignored");
    } else {
      builder_->SetField(capture_scope_, capture_, Trim(text_), ccy_, capture_line_);
    }
    capture_ = Field::kNone;
  }
  if (depth == tx_depth_) {
    builder_->EndDetail();
    tx_depth_ = -1;
  } else if (depth == ntry_depth_) {
    builder_->EndEntry();
    ntry_depth_ = -1;
  } else if (depth == bal_depth_) {
    builder_->EndBalance();
    bal_depth_ = -1;
  } else if (depth == stmt_depth_) {
    builder_->EndStatement();
    stmt_depth_ = -1;
  } else if (depth == message_depth_) {
    if (builder_->statements() == statements_before_) {
      builder_->Warn(message_line_, std::string(TagName(stack_[depth])),
                     std::string("the message holds no ") + std::string(TagName(statement_tag_)));
    }
    message_depth_ = -1;
  } else if (depth == document_depth_) {
    document_depth_ = -1;
  }
}

}  // namespace moneytrail::ingest::bank::camt_internal
