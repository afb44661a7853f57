#include "tools/serve/users.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/sha256.h"

namespace moneytrail::serve {

namespace {

using Json = nlohmann::json;

constexpr std::pair<Role, std::string_view> kRoles[] = {{Role::kAnalyst, "analyst"},
                                                        {Role::kInvestigator, "investigator"},
                                                        {Role::kProsecutor, "prosecutor"},
                                                        {Role::kAdmin, "admin"}};

bool IsLowerHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open users file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read users file " + path);
  return text.str();
}

Json ToJson(const User& u) {
  return Json{{"name", u.name},
              {"role", std::string(RoleName(u.role))},
              {"cases", u.cases},
              {"token_sha256", u.token_sha256}};
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "?";
}

Result<Role> RoleFromName(std::string_view name) {
  for (const auto& [r, n] : kRoles) {
    if (n == name) return r;
  }
  return Status::Usage("role '" + std::string(name) +
                       "' is not analyst, investigator, prosecutor or admin");
}

Result<Users> Users::FromJson(std::string_view text, const std::string& where) {
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::DataError(where + ": not valid JSON");
  if (!doc.is_object() || !doc.contains("users") || !doc["users"].is_array()) {
    return Status::DataError(where + ": expected an object with a \"users\" array");
  }
  Users users;
  std::unordered_map<std::string, size_t> by_name;
  for (size_t i = 0; i < doc["users"].size(); ++i) {
    const Json& u = doc["users"][i];
    const std::string at = where + ": users[" + std::to_string(i) + "]";
    if (!u.is_object()) return Status::DataError(at + ": not an object");
    for (const char* key : {"name", "role", "token_sha256"}) {
      if (!u.contains(key) || !u[key].is_string()) {
        return Status::DataError(at + "." + key + ": missing or not a string");
      }
    }
    User user;
    user.name = u["name"].get<std::string>();
    if (user.name.empty()) return Status::DataError(at + ".name: empty");
    auto role = RoleFromName(u["role"].get<std::string>());
    if (!role.ok()) return Status::DataError(at + ".role: " + role.status().message());
    user.role = *role;
    user.token_sha256 = u["token_sha256"].get<std::string>();
    if (!IsLowerHex64(user.token_sha256)) {
      return Status::DataError(at + ".token_sha256: not 64 lower-case hex digits");
    }
    if (u.contains("cases")) {
      if (!u["cases"].is_array()) return Status::DataError(at + ".cases: not an array");
      for (const Json& c : u["cases"]) {
        if (!c.is_string() || c.get<std::string>().empty()) {
          return Status::DataError(at + ".cases: every case must be a non-empty string");
        }
        user.cases.push_back(c.get<std::string>());
      }
    }
    if (!user.cases.empty() && !user.reads_assigned_cases()) {
      return Status::DataError(at +
                               ".cases: only investigators and prosecutors are assigned "
                               "cases ('" +
                               user.name + "' is " + std::string(RoleName(user.role)) + ")");
    }
    if (!by_name.emplace(user.name, i).second) {
      return Status::DataError(at + ".name: '" + user.name + "' appears twice");
    }
    if (!users.by_token_hash_.emplace(user.token_sha256, i).second) {
      return Status::DataError(at + ".token_sha256: the same token as another user");
    }
    users.users_.push_back(std::move(user));
  }
  return users;
}

Result<Users> Users::Load(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return FromJson(text, path);
}

const User* Users::Authenticate(std::string_view token) const {
  if (token.empty()) return nullptr;
  auto it = by_token_hash_.find(Sha256::Of(token));
  return it == by_token_hash_.end() ? nullptr : &users_[it->second];
}

Result<std::string> NewToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Status::Internal("cannot draw random bytes for a token");
  }
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = "mt_";
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      token += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) token += kAlphabet[(acc << (6 - bits)) & 63];
  return token;
}

Status AddUser(const std::string& path, const User& user, std::string_view token) {
  Json doc = {{"users", Json::array()}};
  auto text = ReadFile(path);
  if (text.ok()) {
    ASSIGN_OR_RETURN(Users existing, Users::FromJson(*text, path));
    for (const User& u : existing.all()) {
      if (u.name == user.name) {
        return Status::Usage("user '" + user.name + "' is already in " + path);
      }
      doc["users"].push_back(ToJson(u));
    }
  } else if (text.status().code() != StatusCode::kNotFound) {
    return text.status();
  }
  User added = user;
  added.token_sha256 = Sha256::Of(token);
  doc["users"].push_back(ToJson(added));
  RETURN_IF_ERROR(Users::FromJson(doc.dump(), path).status());  // the same checks as a load

  const std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::CantCreate("cannot create " + tmp);
  const std::string out = doc.dump(2) + "\n";
  bool ok = write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size());
  ok = fsync(fd) == 0 && ok;
  ok = close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot write users file " + path);
  }
  return Status::Ok();
}

}  // namespace moneytrail::serve
