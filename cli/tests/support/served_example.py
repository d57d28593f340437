#!/usr/bin/env python3
"""A stand-in for `prism mock SPEC -h HOST -p PORT --errors` for
tests/specs/served_example.yaml that serves the spec's example the way a mock
resolves it, unvalidated: the static call gets the Example object itself
(`{"value": {...}}`, which the schema refuses), a call with
`Prefer: dynamic=true` a valid issue."""

import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if "dynamic=true" in (self.headers.get("Prefer") or ""):
            body = '{"id": 2, "title": "made up"}'
        else:
            body = '{"value": {"id": 1, "title": "Found a bug"}}'
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def main():
    args = sys.argv[1:]
    host = args[args.index("-h") + 1]
    port = int(args[args.index("-p") + 1])
    http.server.HTTPServer((host, port), Handler).serve_forever()


if __name__ == "__main__":
    main()
