#include "tools/cli/commands.h"

namespace moneytrail::cli {

void RegisterCommands(CLI::App& app, int* exit_code) {
  RegisterIngest(app, exit_code);
  RegisterStats(app, exit_code);
  RegisterAccount(app, exit_code);
  RegisterTrace(app, exit_code);
  RegisterFlag(app, exit_code);
  RegisterRules(app, exit_code);
  RegisterReport(app, exit_code);
  RegisterQuery(app, exit_code);
  RegisterAudit(app, exit_code);
  RegisterServe(app, exit_code);
  RegisterCompact(app, exit_code);
  RegisterSnapshot(app, exit_code);
  RegisterUsers(app, exit_code);
#ifdef MONEYTRAIL_HAVE_DEMO
  RegisterDemoData(app, exit_code);
#endif
}

}  // namespace moneytrail::cli
