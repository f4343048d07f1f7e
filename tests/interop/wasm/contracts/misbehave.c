/* Contracts that go wrong on purpose, in C: a trap, an endless loop, runaway
 * recursion, and an allocation past the memory limit. */
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
