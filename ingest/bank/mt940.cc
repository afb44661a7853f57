// Placeholder: being written.
#include "ingest/bank/statement.h"
