"""Unit tests of the inbox page's pure modules (nginx/www/js: formatting, phone display, relative
times, links, API errors, list pages, the new-contact draft, status sentences), run in headless
Chromium — the browser the page is tested in, so dates and text follow its rules.

The tests (Tests/EndToEnd/web/*.test.js, with a small runner) are not part of the page and are
never served by nginx: a plain-HTTP server on loopback, started here, serves them at /tests/ and
the page's files at /www/, read from the checkout. `unit-tests.html` runs every test module and
leaves the results on `window.unitTestResults`.
"""
import posixpath
import re
import threading
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harness import browser as browser_harness
from harness import paths

REASON = browser_harness.unavailable_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"browser tests skipped: {REASON}")

WWW = paths.REPO / "nginx" / "www"
TESTS = Path(__file__).resolve().parent / "web"
ROOTS = {"/www/": WWW, "/tests/": TESTS}
# Every test module but the canary (a wrong expectation on purpose, loaded only with "?canary").
SUITES = {path.name for path in TESTS.glob("*.test.js")} - {"canary.test.js"}


class _Files(SimpleHTTPRequestHandler):
    """GET of the files under ROOTS, with the types nginx sends (modules need a JavaScript type)."""

    extensions_map = {".html": "text/html", ".js": "application/javascript", ".css": "text/css",
                      "": "application/octet-stream"}

    def translate_path(self, path):
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        for prefix, root in ROOTS.items():
            if url_path.startswith(prefix):
                relative = posixpath.normpath(url_path[len(prefix):])
                if relative.startswith(("..", "/")):
                    break
                return str(root / relative)
        return str(TESTS / "missing")           # a 404

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Files, directory=str(TESTS)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser(server):
    started = browser_harness.Browser(base=server)
    yield started
    started.quit()


def _run(browser, query: str = "") -> dict:
    """Opens the test page and answers its results once every test has run."""
    browser.open("/tests/unit-tests.html" + query)
    try:
        return browser.wait(lambda: browser.js("return window.unitTestResults || null"),
                            message="the unit tests' results")
    except AssertionError as error:
        raise AssertionError(f"{error}; console: {browser.console_errors()}") from None


def _failures(results: dict) -> list[str]:
    return [f"{failure['suite']} — {failure['name']}: {failure['message']}" for failure in results["failed"]]


def test_the_page_modules_pass_their_unit_tests(browser):
    results = _run(browser)
    assert _failures(results) == []
    assert results["passed"] == results["total"]
    # Every test module ran tests: one that did not load would be a failure above, one left out of
    # unit-tests.js would be missing here.
    assert set(results["suites"]) == SUITES
    assert all(count > 0 for count in results["suites"].values()), results["suites"]
    assert browser.console_errors() == []


def test_a_wrong_expectation_fails_the_run(browser):
    results = _run(browser, "?canary")
    assert _failures(results) == [
        'canary.test.js — a wrong expectation fails: expected "902-555-1234", got "(902) 555-1234"']
    assert results["passed"] == results["total"] - 1


def test_the_page_preloads_every_module_it_has():
    """index.html lists every module under js/ for modulepreload (so they load in one round trip,
    not one import level after another), and nothing that does not exist."""
    html = (WWW / "index.html").read_text()
    preloaded = re.findall(r'<link rel="modulepreload" href="/inbox/js/([^"]+)">', html)
    assert sorted(preloaded) == sorted(path.name for path in (WWW / "js").glob("*.js"))
