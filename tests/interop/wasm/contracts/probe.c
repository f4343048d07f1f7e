/* Exercises each host-API function and returns what it saw, so the tests can
 * check encodings and return codes byte for byte. */
#include "vireo_contract.h"

static byte buffer[256];
static const byte key[] = "k";

/* Every argument back, then getArgument/getArgumentLength of a bad index. */
EXPORT(echo_arguments) {
  i32 n = getNumArguments();
  for (i32 i = 0; i < n; ++i) {
    i32 length = getArgumentLength(i);
    if (getArgument(i, buffer) != length) fail("getArgument length differs");
    finish(buffer, length);
  }
  int64finish(getArgumentLength(n));
  int64finish(getArgument(n, buffer));
}

EXPORT(int64_argument) { int64finish(int64getArgument(0)); }

EXPORT(int64_encodings) {
  int64finish(0);
  int64finish(42);
  int64finish(128);
  int64finish(-1);
  int64finish(-129);
}

/* storageStore's codes: added, unchanged, modified, deleted, unchanged. */
EXPORT(storage_codes) {
  int64finish(storageStore(key, 1, (const byte*)"a", 1));
  int64finish(storageStore(key, 1, (const byte*)"a", 1));
  int64finish(storageStore(key, 1, (const byte*)"b", 1));
  int64finish(storageStore(key, 1, (const byte*)"", 0));
  int64finish(storageStore(key, 1, (const byte*)"", 0));
}

EXPORT(int64_storage) {
  int64finish(int64storageStore(key, 1, 258));
  int64finish(storageLoadLength(key, 1));
  i32 length = storageLoad(key, 1, buffer);
  finish(buffer, length);
  int64finish(int64storageLoad(key, 1));
}

/* Reads "k" as committed, writes it, reads it back. */
EXPORT(read_write_read) {
  finish(buffer, storageLoad(key, 1, buffer));
  storageStore(key, 1, (const byte*)"new", 3);
  finish(buffer, storageLoad(key, 1, buffer));
}

/* The value of each key named by an argument, in order: which keys a call
 * reads is up to its caller, for the prefetch tests. */
EXPORT(read_keys) {
  static byte name[64];
  i32 n = getNumArguments();
  for (i32 i = 0; i < n; ++i) {
    if (getArgumentLength(i) > (i32)sizeof name) fail("key too long");
    i32 length = getArgument(i, name);
    finish(buffer, storageLoad(name, length, buffer));
  }
}

EXPORT(context) {
  getCaller(buffer);
  finish(buffer, 32);
  getSCAddress(buffer);
  finish(buffer, 32);
  getOwnerAddress(buffer);
  finish(buffer, 32);
  i32 length = getCallValue(buffer);
  finish(buffer, length);
  int64finish(getBlockTimestamp());
  int64finish(getBlockNonce());
  int64finish(getBlockRound());
  int64finish(getBlockEpoch());
}

EXPORT(no_payment) {
  checkNoPayment();
  int64finish(1);
}

EXPORT(hashes) {
  int64finish(sha256((const byte*)"abc", 3, buffer));
  finish(buffer, 32);
  int64finish(keccak256((const byte*)"abc", 3, buffer));
  finish(buffer, 32);
}

EXPORT(big_integers) {
  i32 a = bigIntNew(-129), b = bigIntNew(1000), c = bigIntNew(0);
  bigIntFinishSigned(a);            /* ff7f */
  bigIntAdd(c, a, b);
  bigIntFinishUnsigned(c);          /* 0367 (871) */
  bigIntSub(c, a, b);               /* -1129 */
  int64finish(bigIntSignedByteLength(c));
  finish(buffer, bigIntGetSignedBytes(c, buffer));  /* fb97 */
  int64finish(bigIntCmp(a, b));
  int64finish(bigIntCmp(b, a));
  int64finish(bigIntCmp(b, b));
  bigIntSetSignedBytes(c, (const byte*)"\x80", 1);
  bigIntFinishSigned(c);            /* 80 (-128) */
  finish(buffer, bigIntGetUnsignedBytes(b, buffer));  /* 03e8 */
}

/* Argument 0 read as unsigned and as signed; the call value; storage. */
EXPORT(big_arguments) {
  i32 u = bigIntNew(0), s = bigIntNew(0), v = bigIntNew(0), loaded = bigIntNew(0);
  bigIntGetUnsignedArgument(0, u);
  bigIntGetSignedArgument(0, s);
  bigIntGetCallValue(v);
  bigIntFinishUnsigned(u);
  bigIntFinishSigned(s);
  bigIntFinishUnsigned(v);
  int64finish(bigIntStorageStoreUnsigned(key, 1, u));
  int64finish(bigIntStorageLoadUnsigned(key, 1, loaded));
  bigIntFinishUnsigned(loaded);
}

/* The arithmetic the Arwen token and delegation contracts use beyond add/sub. */
EXPORT(big_arithmetic) {
  i32 a = bigIntNew(-7), b = bigIntNew(2), c = bigIntNew(0);
  bigIntMul(c, a, b);
  bigIntFinishSigned(c);            /* f2 (-14) */
  bigIntTDiv(c, a, b);
  bigIntFinishSigned(c);            /* fd (-3: toward zero) */
  bigIntTMod(c, a, b);
  bigIntFinishSigned(c);            /* ff (-1: the dividend's sign) */
  bigIntAbs(c, a);
  bigIntFinishSigned(c);            /* 07 */
  bigIntNeg(c, b);
  bigIntFinishSigned(c);            /* fe */
  int64finish(bigIntSign(a));       /* ff */
  int64finish(bigIntSign(bigIntNew(0)));
  int64finish(bigIntSign(b));       /* 01 */
  bigIntSetUnsignedBytes(c, (const byte*)"\x80\x00", 2);
  bigIntFinishSigned(c);            /* 008000 (32768, not negative) */
  int64finish(bigIntUnsignedByteLength(c));  /* 02 */
  int64finish(bigIntUnsignedByteLength(a));  /* 01: the magnitude of -7 */
}

EXPORT(divide_by_zero) {
  i32 c = bigIntNew(0);
  bigIntTDiv(c, bigIntNew(1), c);
}

/* transferValue of argument 0 (32 bytes, big-endian) to a zero address. */
EXPORT(transfer) {
  static byte destination[32], value[32];
  getArgument(0, value);
  int64finish(transferValue(destination, value, (const byte*)"memo", 4));
}

EXPORT(log_event) {
  static byte topics[64];
  for (i32 i = 0; i < 64; ++i) topics[i] = (byte)i;
  writeLog((const byte*)"payload", 7, topics, 2);
  writeLog((const byte*)"bare", 4, topics, 0);
}

EXPORT(user_error) { fail("custom failure"); }

/* 10 KiB of return data, for the frame size limit. */
EXPORT(large_return) {
  for (i32 i = 0; i < 40; ++i) finish(buffer, 256);
}

EXPORT(bad_handle) { bigIntFinishSigned(77); }

/* Writes, then fails: the writes must not survive. */
EXPORT(write_then_fail) {
  storageStore(key, 1, (const byte*)"lost", 4);
  fail("after writing");
}
