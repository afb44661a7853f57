// Status and Result<T>: how every fallible call in moneytrail reports failure.
//
// A Status is either OK or a code with a message that carries its context
// ("ledger.csv:7: amount: '12,50' is not a decimal with '.'"). Codes map one to
// one onto sysexits.h exit statuses so that the command line can exit with the
// right number without knowing where the error came from.
//
// Result<T> holds a T or a non-OK Status. Absence is not failure: lookups that
// may find nothing return Result<std::optional<T>>.
//
// Thread safety: plain values; safe to copy between threads.
#ifndef MONEYTRAIL_ENGINE_CORE_STATUS_H_
#define MONEYTRAIL_ENGINE_CORE_STATUS_H_

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace moneytrail {

enum class StatusCode {
  kOk = 0,
  kUsage,          // the caller asked for something malformed (EX_USAGE, 64)
  kDataError,      // input data is wrong (EX_DATAERR, 65)
  kNotFound,       // a named input does not exist (EX_NOINPUT, 66)
  kInternal,       // a bug or an invariant broken (EX_SOFTWARE, 70)
  kIOError,        // the file system or the store failed (EX_IOERR, 74)
  kCorruption,     // stored data cannot be decoded (EX_DATAERR, 65)
  kFormatVersion,  // a store written by another format version (EX_CONFIG, 78)
  kCantCreate      // an output exists and may not be replaced (EX_CANTCREAT, 73)
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Usage(std::string m) { return {StatusCode::kUsage, std::move(m)}; }
  static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status CantCreate(std::string m) { return {StatusCode::kCantCreate, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // The sysexits.h status a process should exit with for this error (0 when OK).
  int ExitCode() const;

  // "data error: ledger.csv:7: ..." — for logs; the message alone for users.
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none. Never holds an OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace moneytrail

#define MT_CONCAT_INNER_(a, b) a##b
#define MT_CONCAT_(a, b) MT_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the enclosing function if it is not OK.
#define RETURN_IF_ERROR(expr)                 \
  do {                                        \
    ::moneytrail::Status mt_status_ = (expr); \
    if (!mt_status_.ok()) return mt_status_;  \
  } while (0)

// Evaluates `rexpr` (a Result<T>); on error returns its Status, else moves the
// value into `lhs` (which may be a declaration: ASSIGN_OR_RETURN(auto x, F())).
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL_(MT_CONCAT_(mt_result_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                           \
  if (!result.ok()) return result.status();        \
  lhs = std::move(result).value()

#endif  // MONEYTRAIL_ENGINE_CORE_STATUS_H_
