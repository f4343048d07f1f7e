;; Asks for 300 pages (19 MiB) up front: more than the default limit of 256.
(module
  (memory (export "memory") 300)
  (func (export "touch") (i32.store8 (i32.const 0) (i32.const 1))))
