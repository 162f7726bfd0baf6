"""Serve a built site on 127.0.0.1 under a sub-path, as GitHub Pages serves a
project site (`https://OWNER.github.io/REPO/`), with the site's 404 page for
every missing address. Used by the link crawler and the browser checks."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

from archive_build.serve import SiteHandler


class SubPathHandler(SiteHandler):
    def __init__(self, *args, prefix: str = "/", **kwargs):
        self.prefix = prefix  # set first: the base class handles the request in __init__
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        request_path = urlsplit(path).path
        if not request_path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-site-path")
        return super().translate_path("/" + request_path[len(self.prefix) :])

    def log_message(self, format, *args):
        pass


class SiteServer:
    """`with SiteServer(folder, "/archive/") as server:` serves at server.base_url.

    The port is chosen when the object is made, so a site can be built with
    its final address (SITEURL) before it is served.
    """

    def __init__(self, folder: Path, prefix: str = "/", host: str = "127.0.0.1"):
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = functools.partial(SubPathHandler, prefix=prefix, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.base_url = f"http://{host}:{port}{prefix}"
        self._thread = None

    @property
    def site_url(self) -> str:
        """The base URL without its final slash, as SITEURL is written."""
        return self.base_url.rstrip("/")

    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
