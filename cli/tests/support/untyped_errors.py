#!/usr/bin/env python3
"""A stand-in for `prism mock SPEC -h HOST -p PORT --errors` that gets every
error check wrong, for tests/specs/error_checks.yaml: without credentials it
answers 401 with a body that is not the spec's error type, with
`Prefer: code=404` a 404 whose body is not JSON, and it accepts the body
that the schema refuses (`[]`) with a 201. Everything else gets a 201 with
a valid body."""

import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body, content_type="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if not self.headers.get("Authorization"):
            # The spec's Problem has a required string `code`.
            self.answer(401, '{"code": 401}')
        elif self.headers.get("Prefer") == "code=404":
            self.answer(404, "no such thing", "text/plain")
        else:
            self.answer(201, '{"id": "t1"}')

    def log_message(self, *args):
        pass


def main():
    args = sys.argv[1:]
    host = args[args.index("-h") + 1]
    port = int(args[args.index("-p") + 1])
    http.server.HTTPServer((host, port), Handler).serve_forever()


if __name__ == "__main__":
    main()
