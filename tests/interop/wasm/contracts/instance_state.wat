;; Shows a call the state of its instance, to prove that a kept instance is
;; restored to what a fresh one looks like (tests/services/vm/engine_reuse_test.cpp).
;; `observe` finishes, in order: the data segment's first byte ('f' = 102), the
;; i64 at 1024 and the last byte of the first page (both 0 when fresh), the
;; mutable global (7), what table slot 0 calls (1) and the memory's size in
;; pages (1). `scribble` changes every one of them, `scribble_then_trap` too
;; before it traps, `grow` adds a page; each then observes. `fill` sets every
;; byte of the page; `census` finishes the number of non-zero 8-byte words of
;; the page (1 when fresh) and the word holding "fresh".
(module
  (import "env" "int64finish" (func $finish (param i64)))
  (type $number (func (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "fresh")
  (global $g (mut i64) (i64.const 7))
  (table $slots 1 funcref)
  (elem (i32.const 0) $one)
  (elem declare func $two)

  (func $one (type $number) (i64.const 1))
  (func $two (type $number) (i64.const 2))

  (func $observe (export "observe")
    (call $finish (i64.load8_u (i32.const 16)))
    (call $finish (i64.load (i32.const 1024)))
    (call $finish (i64.load8_u (i32.const 65535)))
    (call $finish (global.get $g))
    (call $finish (call_indirect (type $number) (i32.const 0)))
    (call $finish (i64.extend_i32_u (memory.size))))

  (func $scribble
    (i32.store8 (i32.const 16) (i32.const 88))
    (i64.store (i32.const 1024) (i64.const -1))
    (i32.store8 (i32.const 65535) (i32.const 9))
    (global.set $g (i64.const 99))
    (table.set $slots (i32.const 0) (ref.func $two)))

  (func (export "scribble") (call $scribble) (call $observe))
  (func (export "scribble_then_trap") (call $scribble) (unreachable))
  (func (export "fill") (local $at i32)
    (loop $next
      (i64.store (local.get $at) (i64.const -1))
      (local.set $at (i32.add (local.get $at) (i32.const 8)))
      (br_if $next (i32.lt_u (local.get $at) (i32.const 65536)))))

  (func (export "census") (local $at i32) (local $words i64)
    (loop $next
      (if (i64.ne (i64.load (local.get $at)) (i64.const 0))
        (then (local.set $words (i64.add (local.get $words) (i64.const 1)))))
      (local.set $at (i32.add (local.get $at) (i32.const 8)))
      (br_if $next (i32.lt_u (local.get $at) (i32.const 65536))))
    (call $finish (local.get $words))
    (call $finish (i64.load (i32.const 16))))

  (func (export "grow") (drop (memory.grow (i32.const 1))) (call $scribble) (call $observe)))
