/* A counter in C: one int64 in storage under "count". */
#include "vireo_contract.h"

static const byte key[] = "count";
#define KEY_LENGTH 5

EXPORT(init) {
  if (getNumArguments() > 0) int64storageStore(key, KEY_LENGTH, int64getArgument(0));
}

EXPORT(increment) {
  i64 value = int64storageLoad(key, KEY_LENGTH) + 1;
  int64storageStore(key, KEY_LENGTH, value);
  int64finish(value);
}

EXPORT(add) {
  if (getNumArguments() != 1) fail("add takes one argument");
  i64 delta = int64getArgument(0);
  if (delta < 0) fail("negative delta");
  i64 value = int64storageLoad(key, KEY_LENGTH) + delta;
  int64storageStore(key, KEY_LENGTH, value);
  int64finish(value);
}

EXPORT(get) { int64finish(int64storageLoad(key, KEY_LENGTH)); }
