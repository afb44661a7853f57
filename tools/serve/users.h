// The users of `serve` and what each may see. The users file is JSON:
//
//   {"users": [
//     {"name": "ana", "role": "investigator", "cases": ["K-2024-001"],
//      "token_sha256": "<64 hex: SHA-256 of the bearer token>"},
//     {"name": "fiu", "role": "analyst", "cases": [], "token_sha256": "..."}]}
//
// Only the SHA-256 of each token is kept: the file does not let anyone sign
// in. Tokens are 256 random bits, so a plain (unsalted, fast) hash is enough:
// there is no dictionary to try. `moneytrail users add` makes a token, prints
// it once and stores its hash; the file is written 0600, atomically.
//
// Roles: analyst (every case and account), investigator and prosecutor (the
// cases listed and the accounts their traces reach), admin (users and the
// audit trail, no financial data).
//
// Thread safety: a loaded Users is immutable and may be shared.
#ifndef MONEYTRAIL_TOOLS_SERVE_USERS_H_
#define MONEYTRAIL_TOOLS_SERVE_USERS_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::serve {

enum class Role { kAnalyst, kInvestigator, kProsecutor, kAdmin };

std::string_view RoleName(Role role);
// The role of that exact name; a usage error names the choices otherwise.
Result<Role> RoleFromName(std::string_view name);

struct User {
  std::string name;
  Role role = Role::kAnalyst;
  std::vector<std::string> cases;  // investigator and prosecutor only
  std::string token_sha256;

  bool reads_all_data() const { return role == Role::kAnalyst; }
  bool reads_assigned_cases() const {
    return role == Role::kInvestigator || role == Role::kProsecutor;
  }
};

class Users {
 public:
  // Reads and checks the file: unique names and token hashes, known roles,
  // cases only for investigators and prosecutors. NotFound when the file is
  // missing; DataError naming the user and field otherwise.
  static Result<Users> Load(const std::string& path);
  // Checks a parsed document the same way (`where` names it in errors).
  static Result<Users> FromJson(std::string_view text, const std::string& where);

  // The user whose token this is, or nullptr.
  const User* Authenticate(std::string_view token) const;

  const std::vector<User>& all() const { return users_; }

 private:
  std::vector<User> users_;
  std::unordered_map<std::string, size_t> by_token_hash_;
};

// A new bearer token: "mt_" and 43 base64url characters (256 random bits).
Result<std::string> NewToken();

// Adds a user to the file at `path` (created when absent) with the hash of
// `token`; refuses a name already there. Rewrites the file atomically, 0600.
Status AddUser(const std::string& path, const User& user, std::string_view token);

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_USERS_H_
