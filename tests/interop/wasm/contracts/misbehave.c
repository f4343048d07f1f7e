/* Contracts that go wrong on purpose, in C: a trap, an endless loop, runaway
 * recursion, an allocation past the memory limit, and an error message made of
 * whatever bytes the caller passes. */
#include "vireo_contract.h"

EXPORT(trap) { __builtin_trap(); }

EXPORT(spin) {
  volatile i32 forever = 1;
  while (forever) {
  }
}

/* Exhausts the stack long before n wraps to 0: each frame keeps a volatile
 * local alive across the call, so the recursion cannot become a loop. */
static i32 depth(i32 n) {
  volatile byte frame[64];
  if (n == 0) return 0;
  frame[0] = (byte)n;
  return depth(n + 1) + frame[0];
}

EXPORT(recurse) { int64finish(depth(1)); }

/* Signals an error whose message is argument 0's bytes, UTF-8 or not. */
EXPORT(fail_with) {
  byte message[64];
  i32 length = getArgumentLength(0);
  if (length > (i32)sizeof(message)) {
    fail("fail_with: at most 64 bytes");
    return;
  }
  getArgument(0, message);
  signalError(message, length);
}

/* Grows memory one page at a time until memory.grow refuses (-1), then
 * reports how many pages it holds: the limit, as the contract sees it. */
EXPORT(grow) {
  while (__builtin_wasm_memory_grow(0, 1) != (__SIZE_TYPE__)-1) {
  }
  int64finish(__builtin_wasm_memory_size(0));
}

/* Grows from 2 pages by 1000 without checking and writes to the last byte. */
EXPORT(grow_unchecked) {
  __builtin_wasm_memory_grow(0, 1000);
  *(volatile byte*)(1002 * 65536 - 1) = 1;
}
