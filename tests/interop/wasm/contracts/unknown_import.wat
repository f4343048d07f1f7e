;; Imports a function the host API does not have.
(module
  (import "env" "launchMissiles" (func $launch (param i32)))
  (memory (export "memory") 1)
  (func (export "go") (call $launch (i32.const 1))))
