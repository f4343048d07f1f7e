/* An ERC-20 style token in C on the Arwen big-integer API.
 * Storage: "total" -> supply, "b"+address -> balance, "a"+owner+spender -> allowance
 * (all unsigned big-endian). Events: Transfer and Approval, first topic the
 * keccak256 of the Solidity event signature. */
#include "vireo_contract.h"

#define ADDRESS 32

static byte key[1 + 2 * ADDRESS];
static byte caller[ADDRESS];
static byte topics[3 * ADDRESS];
static byte amount_bytes[32];

static const char transfer_signature[] = "Transfer(address,address,uint256)";
static const char approval_signature[] = "Approval(address,address,uint256)";

static i32 balance_key(const byte* address) {
  key[0] = 'b';
  copy_bytes(key + 1, address, ADDRESS);
  return 1 + ADDRESS;
}

static i32 allowance_key(const byte* owner, const byte* spender) {
  key[0] = 'a';
  copy_bytes(key + 1, owner, ADDRESS);
  copy_bytes(key + 1 + ADDRESS, spender, ADDRESS);
  return 1 + 2 * ADDRESS;
}

/* Copies argument `id` into `dst`, which must be an address. */
static void address_argument(i32 id, byte* dst) {
  if (getArgumentLength(id) != ADDRESS) fail("address arguments are 32 bytes");
  getArgument(id, dst);
}

static void emit(const char* signature, const byte* a, const byte* b, i32 amount) {
  keccak256((const byte*)signature, str_length(signature), topics);
  copy_bytes(topics + ADDRESS, a, ADDRESS);
  copy_bytes(topics + 2 * ADDRESS, b, ADDRESS);
  i32 length = bigIntGetUnsignedBytes(amount, amount_bytes);
  writeLog(amount_bytes, length, topics, 3);
}

/* Moves `amount` from `from` to `to`, failing when `from` holds too little. */
static void move(const byte* from, const byte* to, i32 amount) {
  i32 from_balance = bigIntNew(0), to_balance = bigIntNew(0);
  bigIntStorageLoadUnsigned(key, balance_key(from), from_balance);
  if (bigIntCmp(from_balance, amount) < 0) fail("insufficient funds");
  bigIntSub(from_balance, from_balance, amount);
  bigIntStorageStoreUnsigned(key, balance_key(from), from_balance);
  bigIntStorageLoadUnsigned(key, balance_key(to), to_balance);
  bigIntAdd(to_balance, to_balance, amount);
  bigIntStorageStoreUnsigned(key, balance_key(to), to_balance);
  emit(transfer_signature, from, to, amount);
}

/* Amounts are uint256, as in ERC-20, so an event's amount fits amount_bytes. */
static i32 amount_argument(i32 id) {
  static byte uint256_max[1 + 32];
  i32 amount = bigIntNew(0), max = bigIntNew(0);
  bigIntGetSignedArgument(id, amount);
  if (bigIntCmp(amount, bigIntNew(0)) < 0) fail("negative amount");
  for (i32 i = 1; i < (i32)sizeof(uint256_max); ++i) uint256_max[i] = 0xff;
  bigIntSetSignedBytes(max, uint256_max, sizeof(uint256_max));
  if (bigIntCmp(amount, max) > 0) fail("amounts are uint256");
  return amount;
}

/* init(supply): the deployer holds the whole supply. */
EXPORT(init) {
  if (getNumArguments() != 1) fail("init takes the total supply");
  i32 supply = amount_argument(0);
  getCaller(caller);
  bigIntStorageStoreUnsigned((const byte*)"total", 5, supply);
  bigIntStorageStoreUnsigned(key, balance_key(caller), supply);
}

EXPORT(totalSupply) {
  i32 supply = bigIntNew(0);
  bigIntStorageLoadUnsigned((const byte*)"total", 5, supply);
  bigIntFinishUnsigned(supply);
}

/* balanceOf(address) */
EXPORT(balanceOf) {
  static byte who[ADDRESS];
  address_argument(0, who);
  i32 balance = bigIntNew(0);
  bigIntStorageLoadUnsigned(key, balance_key(who), balance);
  bigIntFinishUnsigned(balance);
}

/* transfer(to, amount) */
EXPORT(transfer) {
  static byte to[ADDRESS];
  checkNoPayment();
  if (getNumArguments() != 2) fail("transfer takes (to, amount)");
  address_argument(0, to);
  i32 amount = amount_argument(1);
  getCaller(caller);
  move(caller, to, amount);
  int64finish(1);
}

/* approve(spender, amount) */
EXPORT(approve) {
  static byte spender[ADDRESS];
  if (getNumArguments() != 2) fail("approve takes (spender, amount)");
  address_argument(0, spender);
  i32 amount = amount_argument(1);
  getCaller(caller);
  bigIntStorageStoreUnsigned(key, allowance_key(caller, spender), amount);
  emit(approval_signature, caller, spender, amount);
  int64finish(1);
}

/* allowance(owner, spender) */
EXPORT(allowance) {
  static byte owner[ADDRESS], spender[ADDRESS];
  address_argument(0, owner);
  address_argument(1, spender);
  i32 allowed = bigIntNew(0);
  bigIntStorageLoadUnsigned(key, allowance_key(owner, spender), allowed);
  bigIntFinishUnsigned(allowed);
}

/* transferFrom(from, to, amount): the caller spends from's allowance. */
EXPORT(transferFrom) {
  static byte from[ADDRESS], to[ADDRESS];
  if (getNumArguments() != 3) fail("transferFrom takes (from, to, amount)");
  address_argument(0, from);
  address_argument(1, to);
  i32 amount = amount_argument(2);
  getCaller(caller);
  i32 allowed = bigIntNew(0);
  bigIntStorageLoadUnsigned(key, allowance_key(from, caller), allowed);
  if (bigIntCmp(allowed, amount) < 0) fail("allowance exceeded");
  bigIntSub(allowed, allowed, amount);
  bigIntStorageStoreUnsigned(key, allowance_key(from, caller), allowed);
  move(from, to, amount);
  int64finish(1);
}
