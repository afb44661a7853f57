#include "engine/audit/audit_record.h"

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/core/sha256.h"

namespace moneytrail::audit {
namespace {

using Json = nlohmann::ordered_json;

// The keys of a stored line, in their fixed order.
constexpr std::array<const char*, 11> kKeys = {"seq",     "time", "user",    "role",
                                               "action",  "case", "subject", "purpose",
                                               "outcome", "prev", "hash"};

Json Body(const AuditRecord& r) {
  Json j;
  j["seq"] = r.seq;
  j["time"] = r.time;
  j["user"] = r.entry.user;
  j["role"] = r.entry.role;
  j["action"] = r.entry.action;
  j["case"] = r.entry.case_id;
  j["subject"] = r.entry.subject;
  j["purpose"] = r.entry.purpose;
  j["outcome"] = r.entry.outcome;
  j["prev"] = r.prev;
  return j;
}

// Invalid UTF-8 becomes U+FFFD rather than an exception: a record is never
// lost to a strange byte in a user name or a purpose.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string FormatAuditTime(Timestamp t) {
  int64_t secs = t.micros / Timestamp::kMicrosPerSecond;
  int64_t frac = t.micros % Timestamp::kMicrosPerSecond;
  if (frac < 0) {
    frac += Timestamp::kMicrosPerSecond;
    --secs;
  }
  std::string whole = FormatTimestamp(Timestamp{secs * Timestamp::kMicrosPerSecond});
  whole.pop_back();  // the 'Z'
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lldZ", static_cast<long long>(frac));
  return whole + buf;
}

std::string CanonicalText(const AuditRecord& r) { return Dump(Body(r)); }

std::string ComputeHash(const AuditRecord& r) { return Sha256::Of(CanonicalText(r)); }

std::string RecordLine(const AuditRecord& r) {
  Json j = Body(r);
  j["hash"] = r.hash;
  return Dump(j);
}

Result<AuditRecord> ParseRecordLine(std::string_view line) {
  Json j;
  try {
    j = Json::parse(line);
  } catch (const nlohmann::json::exception&) {  // parse_error, or out_of_range for 1E999
    return Status::DataError("not JSON");
  }
  if (!j.is_object()) return Status::DataError("not a JSON object");
  size_t i = 0;
  for (const auto& item : j.items()) {
    if (i >= kKeys.size()) return Status::DataError("unknown key '" + item.key() + "'");
    if (item.key() != kKeys[i]) {
      return Status::DataError("key '" + item.key() + "' where '" + kKeys[i] + "' belongs");
    }
    bool ok = i == 0 ? item.value().is_number_unsigned() : item.value().is_string();
    if (!ok) {
      return Status::DataError(std::string(kKeys[i]) + ": not " +
                               (i == 0 ? "a positive integer" : "a string"));
    }
    ++i;
  }
  if (i < kKeys.size()) return Status::DataError(std::string("key '") + kKeys[i] + "' missing");
  AuditRecord r;
  r.seq = j["seq"].get<uint64_t>();
  if (r.seq == 0) return Status::DataError("seq: not a positive integer");
  r.time = j["time"].get<std::string>();
  r.entry.user = j["user"].get<std::string>();
  r.entry.role = j["role"].get<std::string>();
  r.entry.action = j["action"].get<std::string>();
  r.entry.case_id = j["case"].get<std::string>();
  r.entry.subject = j["subject"].get<std::string>();
  r.entry.purpose = j["purpose"].get<std::string>();
  r.entry.outcome = j["outcome"].get<std::string>();
  r.prev = j["prev"].get<std::string>();
  r.hash = j["hash"].get<std::string>();
  if (!IsHex64(r.prev)) return Status::DataError("prev: not 64 lower-case hex digits");
  if (!IsHex64(r.hash)) return Status::DataError("hash: not 64 lower-case hex digits");
  return r;
}

}  // namespace moneytrail::audit
