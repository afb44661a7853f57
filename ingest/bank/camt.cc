// The public face of the camt reader (camt.h): input set-up, the DOCTYPE and
// encoding scan, libxml2's error capture, and the walk (camt_walker.h) feeding
// a builder (camt_builder.h) that feeds the caller's visitor.
#include "ingest/bank/camt.h"

#include <memory>
#include <utility>
#include <vector>

#include "ingest/bank/camt_builder.h"
#include "ingest/bank/camt_prolog.h"
#include "ingest/bank/camt_walker.h"
#include "ingest/bank/camt_xml.h"

namespace moneytrail::ingest::bank {
namespace {

using camt_internal::CamtBuilder;
using camt_internal::PrologVerdict;
using camt_internal::Walker;
using camt_internal::XmlErrors;
using camt_internal::XmlErrorScope;
using camt_internal::XmlInput;

// Gathers everything into a StatementFile.
class Collector : public CamtVisitor {
 public:
  explicit Collector(StatementFile* file) : file_(file) {}
  void OnFormat(std::string_view format) override {
    if (file_->format.empty()) file_->format = std::string(format);
  }
  void OnEntry(const Statement&, StatementEntry&& entry) override {
    pending_.push_back(std::move(entry));
  }
  void OnStatement(Statement&& statement) override {
    statement.entries = std::move(pending_);
    pending_.clear();
    file_->statements.push_back(std::move(statement));
  }
  void OnIssue(ReadIssue&& issue) override { file_->issues.push_back(std::move(issue)); }

 private:
  StatementFile* file_;
  std::vector<StatementEntry> pending_;
};

class NullVisitor : public CamtVisitor {
 public:
  void OnEntry(const Statement&, StatementEntry&&) override {}
  void OnStatement(Statement&&) override {}
  void OnIssue(ReadIssue&&) override {}
};

void Stream(XmlInput& input, const CamtReadOptions& options, CamtVisitor& visitor) {
  CamtBuilder builder(options, &visitor);
  XmlErrors errors;
  errors.on_error = [&builder](uint64_t line, std::string message) {
    builder.Warn(line, "XML", std::move(message));  // libxml2 recovered
  };
  XmlErrorScope scope(&errors);
  PrologVerdict verdict = input.Scan();
  if (!input.error().empty()) {
    builder.Issue(0, "file", input.error(), /*fatal=*/true);
    return;
  }
  if (verdict.kind == PrologVerdict::kRefused) {
    bool doctype = verdict.reason == "DOCTYPE not allowed";
    builder.Issue(verdict.line, doctype ? "DOCTYPE" : "XML", verdict.reason, /*fatal=*/true);
    return;
  }
  camt_internal::ReaderPtr reader = input.NewReader(&errors);
  if (reader == nullptr) {
    builder.Issue(0, "file", input.error(), /*fatal=*/true);
    return;
  }
  Walker walker(reader.get(), options, &builder, /*probe=*/false, verdict.line);
  if (walker.Run()) {
    walker.Finish();
    return;
  }
  if (!input.error().empty()) {
    walker.Fatal(walker.counted_line(), "file", input.error());
    return;
  }
  uint64_t line = errors.fatal_line;
  if (line == 0) line = static_cast<uint64_t>(xmlTextReaderGetParserLineNumber(reader.get()));
  walker.Fatal(line, "XML", errors.fatal_message.empty() ? "malformed XML" : errors.fatal_message);
}

bool MentionsCamt(std::string_view text) {
  for (std::string_view s : {"camt.052.", "camt.053.", "camt.054.", "BkToCstmrAcctRpt",
                             "BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn"}) {
    if (text.find(s) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

bool LooksLikeCamt(std::string_view head) {
  PrologVerdict verdict = camt_internal::ScanProlog(head, /*complete=*/false);
  if (verdict.kind == PrologVerdict::kRefused) {
    // Let ReadCamt say why it refuses a camt document with a DOCTYPE.
    return verdict.reason == "DOCTYPE not allowed" && MentionsCamt(head);
  }
  NullVisitor null;
  CamtReadOptions options;
  CamtBuilder builder(options, &null);
  XmlErrors errors;
  XmlErrorScope scope(&errors);
  XmlInput input(head);
  camt_internal::ReaderPtr reader = input.NewReader(&errors);
  if (reader == nullptr) return false;
  Walker walker(reader.get(), options, &builder, /*probe=*/true, verdict.line);
  walker.Run();
  if (walker.seen_message()) return true;
  // The head may end before the message element: the namespace decides.
  return walker.seen_document() && MentionsCamt(walker.document_ns());
}

void StreamCamt(std::string_view bytes, const CamtReadOptions& options, CamtVisitor& visitor) {
  XmlInput input(bytes);
  Stream(input, options, visitor);
}

void StreamCamtFile(const std::string& path, const CamtReadOptions& options, CamtVisitor& visitor) {
  std::unique_ptr<XmlInput> input = XmlInput::OpenFile(path);
  Stream(*input, options, visitor);
}

StatementFile ReadCamt(std::string_view bytes, const CamtReadOptions& options) {
  StatementFile file;
  Collector collector(&file);
  StreamCamt(bytes, options, collector);
  return file;
}

StatementFile ReadCamtFile(const std::string& path, const CamtReadOptions& options) {
  StatementFile file;
  Collector collector(&file);
  StreamCamtFile(path, options, collector);
  return file;
}

}  // namespace moneytrail::ingest::bank
