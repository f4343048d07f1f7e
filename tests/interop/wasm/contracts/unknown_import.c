/* Calls a function the host API does not have; rejected at deploy. */
#include "vireo_contract.h"

void transferESDTExecute(const byte* to, i32 amount);

static byte to[32];

EXPORT(go) { transferESDTExecute(to, 1); }
