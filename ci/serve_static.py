"""Static file server for build/site, used by ci/serve.

Usage: python3 ci/serve_static.py DIRECTORY PORT
Binds 127.0.0.1 only, serves .wasm as application/wasm (required by
WebAssembly.instantiateStreaming) and asks browsers to revalidate every file (no-cache, with
Last-Modified: a 304 when unchanged), so a rebuild shows at once and nothing is downloaded twice.
A file the build precompressed (FILE.br, FILE.gz beside it: ci/build_site.mjs) is sent in the form
the browser accepts, brotli first, as nginx's brotli_static and gzip_static do.
"""

import email.utils
import functools
import http.server
import os
import sys

# The precompressed forms, the preferred first: (Accept-Encoding token, suffix).
ENCODED = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header):
    """The codings an Accept-Encoding header accepts: those named without a zero q-value."""
    accepted = set()
    for token in header.split(","):
        name, _, params = token.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted.add(name.strip().lower())
    return accepted


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
        self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # its redirect to DIR/
            path = os.path.join(path, "index.html")
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        for encoding, suffix in ENCODED:
            if encoding in accepted and os.path.isfile(path) and os.path.isfile(path + suffix):
                return self.send_encoded(path, path + suffix, encoding)
        return super().send_head()

    def send_encoded(self, path, encoded_path, encoding):
        """Sends ENCODED_PATH as PATH in ENCODING, or a 304 when PATH is unchanged."""
        try:
            f = open(encoded_path, "rb")
        except OSError:
            self.send_error(404, "File not found")
            return None
        try:
            modified = int(os.stat(path).st_mtime)
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    since_time = email.utils.parsedate_to_datetime(since).timestamp()
                except (TypeError, ValueError, IndexError, OverflowError):
                    since_time = None
                if since_time is not None and modified <= since_time:
                    self.send_response(304)
                    self.end_headers()
                    f.close()
                    return None
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Last-Modified", self.date_time_string(modified))
            self.end_headers()
            return f
        except Exception:
            f.close()
            raise


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
