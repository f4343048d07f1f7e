;; Imports finish with the wrong signature.
(module
  (import "env" "finish" (func $finish (param i32)))
  (memory (export "memory") 1)
  (func (export "go") (call $finish (i32.const 0))))
