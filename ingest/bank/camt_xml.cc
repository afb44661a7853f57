#include "ingest/bank/camt_xml.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <mutex>

#include "ingest/bank/camt_baseline.h"

namespace moneytrail::ingest::bank::camt_internal {
namespace {

constexpr size_t kHeadLimit = 1 << 20;           // prolog longer than this is refused
constexpr size_t kFileChunk = 256 * 1024;        // read(2) size
constexpr int kReaderOptions = XML_PARSE_NONET;  // and nothing that touches a DTD

void EnsureXmlInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

std::string CleanMessage(const char* message) {
  std::string m = message ? message : "";
  for (char& c : m) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!m.empty() && m.back() == ' ') m.pop_back();
  return m.empty() ? "malformed XML" : m;
}

#if LIBXML_VERSION >= 21200
using ErrorArg = const xmlError*;
#else
using ErrorArg = xmlErrorPtr;
#endif

void OnStructuredError(void* context, ErrorArg error) {
  auto* errors = static_cast<XmlErrors*>(context);
  if (errors == nullptr || error == nullptr) return;
  uint64_t line = error->line > 0 ? static_cast<uint64_t>(error->line) : 0;
  if (error->level == XML_ERR_FATAL) {
    if (errors->fatal_message.empty()) {
      errors->fatal_message = CleanMessage(error->message);
      errors->fatal_line = line;
    }
  } else if (error->level == XML_ERR_ERROR && errors->on_error) {
    if (errors->reported < XmlErrors::kMaxReported) {
      errors->on_error(line, CleanMessage(error->message));
    } else if (errors->reported == XmlErrors::kMaxReported) {
      errors->on_error(line, "more XML errors follow; not reported");
    }
    ++errors->reported;
  }
}

void IgnoreGenericError(void*, const char*, ...) {}

}  // namespace

XmlErrorScope::XmlErrorScope(XmlErrors* errors)
    : saved_structured_(xmlStructuredError),
      saved_structured_context_(xmlStructuredErrorContext),
      saved_generic_(xmlGenericError),
      saved_generic_context_(xmlGenericErrorContext) {
  EnsureXmlInitialised();
  xmlSetStructuredErrorFunc(errors, &OnStructuredError);
  xmlSetGenericErrorFunc(nullptr, &IgnoreGenericError);
}

XmlErrorScope::~XmlErrorScope() {
  xmlSetStructuredErrorFunc(saved_structured_context_, saved_structured_);
  xmlSetGenericErrorFunc(saved_generic_context_, saved_generic_);
}

std::unique_ptr<XmlInput> XmlInput::OpenFile(const std::string& path) {
  std::unique_ptr<XmlInput> input(new XmlInput());
  input->file_ = true;
  do {
    input->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (input->fd_ < 0 && errno == EINTR);
  if (input->fd_ < 0) input->error_ = path + ": " + std::strerror(errno);
  input->buffer_.resize(kFileChunk);
  return input;
}

XmlInput::~XmlInput() {
  if (fd_ >= 0) ::close(fd_);
}

PrologVerdict XmlInput::Scan() {
  if (!file_) return ScanProlog(memory_, /*complete=*/true);
  PrologVerdict refused;
  refused.kind = PrologVerdict::kRefused;
  if (fd_ < 0) {
    refused.reason = error_;
    return refused;
  }
  char chunk[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = std::string("read: ") + std::strerror(errno);
      refused.reason = error_;
      return refused;
    }
    head_.append(chunk, static_cast<size_t>(n));
    PrologVerdict v = ScanProlog(head_, /*complete=*/n == 0);
    if (v.kind != PrologVerdict::kNeedMore) return v;
    if (head_.size() >= kHeadLimit) {
      refused.reason = "more than 1 MB before the first element";
      return refused;
    }
  }
}

int XmlInput::Read(void* context, char* out, int length) {
  auto* self = static_cast<XmlInput*>(context);
  if (length <= 0) return 0;
  auto want = static_cast<size_t>(length);
  if (!self->file_) {  // memory too large for xmlReaderForMemory's int size
    size_t n = std::min(want, self->memory_.size() - self->memory_pos_);
    std::memcpy(out, self->memory_.data() + self->memory_pos_, n);
    self->memory_pos_ += n;
    return static_cast<int>(n);
  }
  if (self->head_pos_ < self->head_.size()) {
    size_t n = std::min(want, self->head_.size() - self->head_pos_);
    std::memcpy(out, self->head_.data() + self->head_pos_, n);
    self->head_pos_ += n;
    return static_cast<int>(n);
  }
  if (self->buffer_pos_ == self->buffer_end_) {
    ssize_t n;
    do {
      n = ::read(self->fd_, self->buffer_.data(), self->buffer_.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      self->error_ = std::string("read: ") + std::strerror(errno);
      return -1;
    }
    self->buffer_pos_ = 0;
    self->buffer_end_ = static_cast<size_t>(n);
    if (n == 0) return 0;
  }
  size_t n = std::min(want, self->buffer_end_ - self->buffer_pos_);
  std::memcpy(out, self->buffer_.data() + self->buffer_pos_, n);
  self->buffer_pos_ += n;
  return static_cast<int>(n);
}

ReaderPtr XmlInput::NewReader(XmlErrors* errors) {
  EnsureXmlInitialised();
  if (file_ && fd_ < 0) return nullptr;
  xmlTextReaderPtr reader = nullptr;
  if (!file_ && memory_.size() <= static_cast<size_t>(INT_MAX)) {
    const char* data = memory_.empty() ? "" : memory_.data();
    reader = xmlReaderForMemory(data, static_cast<int>(memory_.size()), nullptr, nullptr,
                                kReaderOptions);
  } else {
    reader = xmlReaderForIO(&XmlInput::Read, nullptr, this, nullptr, nullptr, kReaderOptions);
  }
  if (reader == nullptr) {
    if (error_.empty()) error_ = "libxml2 could not create a reader";
    return nullptr;
  }
  xmlTextReaderSetStructuredErrorHandler(reader, &OnStructuredError, errors);
  return ReaderPtr(reader);
}

uint64_t NodeLine(xmlNodePtr node, uint64_t* counted) {
  long line = node != nullptr ? static_cast<long>(node->line) : 0;
  // libxml2 counts LF only; in a file with CR line ends the count of text
  // wins, so a line only ever moves forward.
  if (line > 0 && line < 65535 && static_cast<uint64_t>(line) > *counted) {
    *counted = static_cast<uint64_t>(line);
  }
  return *counted;
}

// Declared in camt_baseline.h.
int64_t CountXmlNodes(std::string_view bytes) {
  XmlErrors errors;
  XmlErrorScope scope(&errors);
  XmlInput input(bytes);
  ReaderPtr reader = input.NewReader(&errors);
  if (reader == nullptr) return -1;
  int64_t nodes = 0;
  int ret;
  while ((ret = xmlTextReaderRead(reader.get())) == 1) ++nodes;
  return ret == 0 ? nodes : -1;
}

}  // namespace moneytrail::ingest::bank::camt_internal
