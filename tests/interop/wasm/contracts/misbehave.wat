;; Contracts that go wrong on purpose: a trap, a division by zero, runaway
;; recursion, an endless loop, an allocation past the memory limit, and a host
;; call with an out-of-bounds pointer.
(module
  (import "env" "finish" (func $finish (param i32 i32)))
  (memory (export "memory") 1)

  (func (export "trap") unreachable)

  (func (export "divide_by_zero")
    (drop (i32.div_s (i32.const 1) (i32.const 0))))

  (func $recurse (export "recurse") (call $recurse))

  (func (export "spin") (loop $forever (br $forever)))

  ;; Grows by 1000 pages without checking, then writes to the last new page.
  (func (export "grow")
    (drop (memory.grow (i32.const 1000)))
    (i32.store8 (i32.const 65601535) (i32.const 1)))

  (func (export "bad_pointer")
    (call $finish (i32.const 0x7fff0000) (i32.const 16)))

  (func (export "with_params") (param i32))
  (func (export "init") nop)
  (func (export "callBack") nop))
