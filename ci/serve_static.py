"""Static file server for build/site, used by ci/serve.

Usage: python3 ci/serve_static.py DIRECTORY PORT
Binds 127.0.0.1 only, serves .wasm as application/wasm (required by
WebAssembly.instantiateStreaming) and asks browsers to revalidate every file (no-cache, with
Last-Modified: a 304 when unchanged), so a rebuild shows at once and nothing is downloaded twice.
"""

import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css",
        ".svg": "image/svg+xml",
    }

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(Handler, directory=directory)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as e:
        print(f"serve: cannot listen on 127.0.0.1:{port}: {e.strerror} "
              "(set PORT to use another port)", file=sys.stderr)
        return 1
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
