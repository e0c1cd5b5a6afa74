"""Serving a built site on 127.0.0.1 and driving Debian's Chromium with Playwright.

Chromium is never downloaded: set CHROMIUM to its path if it is not
/usr/bin/chromium (`.ci/run` installs Debian's `chromium` when missing).
"""
from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Without the last three flags Chromium keeps calling Google hosts.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("找不到 Chromium：请安装 Debian 的 chromium 软件包（apt-get install chromium），或设置 CHROMIUM=浏览器路径")
    return path


class _SiteHandler(SimpleHTTPRequestHandler):
    """A static host like GitHub Pages or nginx: missing paths get the site's 404 page."""

    def log_message(self, format, *args):  # keep test output clean
        pass

    def guess_type(self, path):
        # As nginx's `charset utf-8` does for text types (scripts/deploy/nginx-zwgk.conf).
        kind = super().guess_type(path)
        return f"{kind}; charset=utf-8" if kind.startswith("text/") and "charset" not in kind else kind

    def end_headers(self):
        # Attachments are downloaded, never shown as a page of the site (as nginx-zwgk.conf does).
        if self.path.startswith("/files/"):
            self.send_header("Content-Disposition", "attachment")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops connections when a page fetches many files at once
    daemon_threads = True


@contextmanager
def serve(site_dir: Path):
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageWatch:
    """Everything a page did that the public must never see: foreign requests, console errors."""

    base: str
    foreign: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    transferred: int = 0

    def attach(self, page) -> None:
        local = urlsplit(self.base).netloc
        page.on("request", lambda request: self._request(request.url, local))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _request(self, url: str, local: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != local:
            self.foreign.append(url)


@contextmanager
def watched_page(browser, base: str, width: int, height: int, mobile: bool = False):
    """A fresh page in a browser context of its own, watched (PageWatch); leaving it fails on
    any request to another host or any console error."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile, locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(base)
    watch.attach(page)
    page.watch = watch
    try:
        yield page
    finally:
        context.close()
    assert not watch.foreign, f"requests to other hosts: {watch.foreign}"
    assert not watch.errors, f"console errors: {watch.errors}"
