// Placeholder: being written.
#include "engine/report/report.h"
