// moneytrail users: the users file of `serve` (tools/serve/users.h).
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/common.h"
#include "tools/serve/users.h"

namespace moneytrail::cli {
namespace {

struct UsersCmdOptions {
  std::string file, name, role;
  std::vector<std::string> cases;
};

int RunAdd(const UsersCmdOptions& o) {
  auto role = serve::RoleFromName(o.role);
  if (!role.ok()) return Fail(Status::Usage("--role: " + role.status().message()));
  serve::User user;
  user.name = o.name;
  user.role = *role;
  user.cases = o.cases;
  if (user.reads_assigned_cases() && user.cases.empty()) {
    return Fail(Status::Usage("--case: an " + o.role + " needs at least one case"));
  }
  auto token = serve::NewToken();
  if (!token.ok()) return Fail(token.status());
  Status s = serve::AddUser(o.file, user, *token);
  if (!s.ok()) return Fail(s);
  std::cout << *token << "\n";
  std::cerr << "moneytrail: added " << o.role << " '" << o.name << "' to " << o.file
            << "; the token above is shown only now (the file keeps its SHA-256)\n";
  return 0;
}

int RunList(const UsersCmdOptions& o) {
  auto users = serve::Users::Load(o.file);
  if (!users.ok()) return Fail(users.status());
  std::vector<std::vector<std::string>> rows;
  for (const serve::User& u : users->all()) {
    std::string cases;
    for (const auto& c : u.cases) cases += (cases.empty() ? "" : ",") + c;
    rows.push_back({u.name, std::string(serve::RoleName(u.role)), cases});
  }
  return Fail(WriteOutput("-", RenderTable({"NAME", "ROLE", "CASES"}, rows)));
}

}  // namespace

void RegisterUsers(CLI::App& app, int* exit_code) {
  CLI::App* users = app.add_subcommand("users", "The users file of `moneytrail serve`");
  users->require_subcommand(1);
  auto o = std::make_shared<UsersCmdOptions>();
  CLI::App* add = AddCommand(
      *users, exit_code, "add",
      "Adds a user with a new random bearer token and prints the token (only it, on stdout,\n"
      "only this once): the file keeps its SHA-256. Roles: analyst, investigator and\n"
      "prosecutor (with --case, once per case), admin. The file is rewritten atomically, 0600.",
      "  moneytrail users add --users users.json --name ana --role investigator --case K-2024-001\n"
      "  moneytrail users add --users users.json --name fiu --role analyst\n",
      [o] { return RunAdd(*o); });
  add->add_option("--users", o->file, "Users file (created when absent)")->required();
  add->add_option("--name", o->name, "User name, as the audit log records it")->required();
  add->add_option("--role", o->role, "analyst, investigator, prosecutor or admin")->required();
  add->add_option("--case", o->cases, "A case the user works on (repeat for several)");
  auto l = std::make_shared<UsersCmdOptions>();
  CLI::App* list =
      AddCommand(*users, exit_code, "list", "Lists the users, roles and cases.",
                 "  moneytrail users list --users users.json\n", [l] { return RunList(*l); });
  list->add_option("--users", l->file, "Users file")->required();
}

}  // namespace moneytrail::cli
