/* The Vireo / Arwen contract host API for C contracts compiled with
 * clang --target=wasm32 -nostdlib. Every function is imported from module "env";
 * see docs/wasm-contracts.md for encodings and return codes. */
#ifndef VIREO_CONTRACT_H
#define VIREO_CONTRACT_H

typedef unsigned char byte;
typedef int i32;
typedef long long i64;

#define EXPORT(name) __attribute__((export_name(#name))) void name(void)

/* arguments and return data */
i32 getNumArguments(void);
i32 getArgumentLength(i32 id);
i32 getArgument(i32 id, byte* dst);
i64 int64getArgument(i32 id);
void finish(const byte* data, i32 length);
void int64finish(i64 value);

/* storage */
i32 storageStore(const byte* key, i32 key_length, const byte* data, i32 data_length);
i32 storageLoadLength(const byte* key, i32 key_length);
i32 storageLoad(const byte* key, i32 key_length, byte* dst);
i32 int64storageStore(const byte* key, i32 key_length, i64 value);
i64 int64storageLoad(const byte* key, i32 key_length);

/* context */
void getCaller(byte* dst);
void getSCAddress(byte* dst);
void getOwnerAddress(byte* dst);
i32 getCallValue(byte* dst);
void checkNoPayment(void);
i64 getBlockTimestamp(void);
i64 getBlockNonce(void);
i64 getBlockRound(void);
i64 getBlockEpoch(void);
void signalError(const byte* message, i32 length);
void writeLog(const byte* data, i32 length, const byte* topics, i32 topic_count);
i32 transferValue(const byte* destination, const byte* value, const byte* data, i32 length);

/* hashes */
i32 sha256(const byte* data, i32 length, byte* dst);
i32 keccak256(const byte* data, i32 length, byte* dst);

/* big integers by handle */
i32 bigIntNew(i64 value);
void bigIntAdd(i32 dst, i32 a, i32 b);
void bigIntSub(i32 dst, i32 a, i32 b);
void bigIntMul(i32 dst, i32 a, i32 b);
void bigIntTDiv(i32 dst, i32 a, i32 b);
void bigIntTMod(i32 dst, i32 a, i32 b);
void bigIntAbs(i32 dst, i32 a);
void bigIntNeg(i32 dst, i32 a);
i32 bigIntSign(i32 a);
i32 bigIntCmp(i32 a, i32 b);
void bigIntGetUnsignedArgument(i32 id, i32 dst);
void bigIntGetSignedArgument(i32 id, i32 dst);
i32 bigIntStorageStoreUnsigned(const byte* key, i32 key_length, i32 src);
i32 bigIntStorageLoadUnsigned(const byte* key, i32 key_length, i32 dst);
void bigIntFinishUnsigned(i32 handle);
void bigIntFinishSigned(i32 handle);
i32 bigIntGetUnsignedBytes(i32 handle, byte* dst);
i32 bigIntGetSignedBytes(i32 handle, byte* dst);
void bigIntSetSignedBytes(i32 handle, const byte* data, i32 length);
void bigIntSetUnsignedBytes(i32 handle, const byte* data, i32 length);
i32 bigIntSignedByteLength(i32 handle);
i32 bigIntUnsignedByteLength(i32 handle);
void bigIntGetCallValue(i32 dst);

/* helpers: no libc here */
static inline i32 str_length(const char* s) {
  i32 n = 0;
  while (s[n]) ++n;
  return n;
}
static inline void fail(const char* message) { signalError((const byte*)message, str_length(message)); }
static inline void copy_bytes(byte* dst, const byte* src, i32 n) {
  for (i32 i = 0; i < n; ++i) dst[i] = src[i];
}

#endif
