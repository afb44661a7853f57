#include "engine/core/status.h"

#include <sysexits.h>

namespace moneytrail {

int Status::ExitCode() const {
  switch (code_) {
    case StatusCode::kOk:
      return EX_OK;
    case StatusCode::kUsage:
      return EX_USAGE;
    case StatusCode::kDataError:
      return EX_DATAERR;
    case StatusCode::kNotFound:
      return EX_NOINPUT;
    case StatusCode::kInternal:
      return EX_SOFTWARE;
    case StatusCode::kIOError:
      return EX_IOERR;
    case StatusCode::kCorruption:
      return EX_DATAERR;
    case StatusCode::kFormatVersion:
      return EX_CONFIG;
    case StatusCode::kCantCreate:
      return EX_CANTCREAT;
  }
  return EX_SOFTWARE;
}

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kUsage:
      name = "usage error";
      break;
    case StatusCode::kDataError:
      name = "data error";
      break;
    case StatusCode::kNotFound:
      name = "not found";
      break;
    case StatusCode::kInternal:
      name = "internal error";
      break;
    case StatusCode::kIOError:
      name = "I/O error";
      break;
    case StatusCode::kCorruption:
      name = "corruption";
      break;
    case StatusCode::kFormatVersion:
      name = "format version";
      break;
    case StatusCode::kCantCreate:
      name = "cannot create";
      break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace moneytrail
