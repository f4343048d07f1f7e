#!/usr/bin/env python3
"""An example function server in the OpenFaaS convention, for Vireo's demo.

Vireo POSTs the whole triggering transaction to /function/<name>; whatever
JSON object a function returns is written to the contract's state key by key
(see docs/http-contracts.md). Functions:

  greet    {"name": "Ada"}            -> {"greeting": "Hello, Ada!", "greeted": "Ada"}
  price    {"item": "tea", "qty": 3}  -> {"item": "tea", "total_cents": 750}

Usage: functions.py [PORT]   (default 8081; listens on 127.0.0.1)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PRICES_CENTS = {"tea": 250, "coffee": 300, "cake": 450}


def greet(payload):
    name = str(payload.get("name", "world"))
    return {"greeting": f"Hello, {name}!", "greeted": name}


def price(payload):
    item = payload.get("item")
    if item not in PRICES_CENTS:
        raise ValueError(f"unknown item {item!r}")
    qty = int(payload.get("qty", 1))
    return {"item": item, "total_cents": PRICES_CENTS[item] * qty}


FUNCTIONS = {"greet": greet, "price": price}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        name = self.path.removeprefix("/function/")
        function = FUNCTIONS.get(name)
        if not self.path.startswith("/function/") or function is None:
            return self.answer(404, {"error": f"no function {name!r}"})
        length = int(self.headers.get("Content-Length", 0))
        try:
            transaction = json.loads(self.rfile.read(length))
            self.answer(200, function(transaction.get("payload") or {}))
        except Exception as error:  # the function's failure is the invocation's result
            self.answer(500, {"error": str(error)})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8081
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"example functions on http://127.0.0.1:{port}/function/{{greet,price}}", flush=True)
    server.serve_forever()
