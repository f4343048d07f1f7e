;; A counter in WAT: one int64 in storage under "count".
(module
  (import "env" "int64storageLoad" (func $load (param i32 i32) (result i64)))
  (import "env" "int64storageStore" (func $store (param i32 i32 i64) (result i32)))
  (import "env" "int64finish" (func $finish (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "count")

  (func (export "increment") (local $v i64)
    (local.set $v (i64.add (call $load (i32.const 16) (i32.const 5)) (i64.const 1)))
    (drop (call $store (i32.const 16) (i32.const 5) (local.get $v)))
    (call $finish (local.get $v)))

  (func (export "get")
    (call $finish (call $load (i32.const 16) (i32.const 5)))))
