"""Headless Chromium from Debian (`chromium`, `chromium-driver`) driven by Selenium, for the inbox
page's tests.

TLS: the browser trusts exactly the stack's server certificate, by the SHA-256 of its public key
(`--ignore-certificate-errors-spki-list`, which Chromium honours only with its own
`--user-data-dir`). No certificate check is switched off: any other certificate still fails.

Credentials: Chromium cannot answer nginx's Basic challenge by itself when headless (no prompt),
and `user:pass@host` URLs are not applied to the page's own fetch() calls. The DevTools protocol's
`Network.setExtraHTTPHeaders` adds the operator's `Authorization` header to every request of the
tab — the page, its script and stylesheet, and every fetch() — which is what a browser does after
an operator has answered the login prompt once.

Without a stack (the page's unit tests), the browser opens pages of a plain-HTTP loopback server
at `base` instead: no certificate, no credentials.
"""
import base64
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER_NAMES = ("chromedriver",)
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
DESKTOP_SIZE = (1280, 900)


def _which(names) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -r Tests/EndToEnd/requirements.txt)"
    if not _which(CHROMIUM_NAMES):
        return "Chromium is not installed (apt-get install chromium chromium-driver)"
    if not _which(CHROMEDRIVER_NAMES):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def spki_sha256(certificate: Path) -> str:
    """Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's SPKI list wants it."""
    public_key = subprocess.run(["openssl", "x509", "-in", str(certificate), "-pubkey", "-noout"],
                                check=True, capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=public_key,
                         check=True, capture_output=True).stdout
    digest = subprocess.run(["openssl", "dgst", "-sha256", "-binary"], input=der,
                            check=True, capture_output=True).stdout
    return base64.b64encode(digest).decode()


class Browser:
    """One headless Chromium with the operator's credentials for one stack (or, without a stack,
    for the loopback server at `base`)."""

    def __init__(self, stack=None, credentials: tuple[str, str] | None = None, log_dir: Path | None = None,
                 base: str | None = None):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        assert (stack is None) != (base is None), "exactly one of a stack and a base URL"
        self.stack = stack
        self.base = stack.base if stack else base
        self.profile = tempfile.mkdtemp(prefix="hubspot-fcgi-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = _which(CHROMIUM_NAMES)
        arguments = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync", "--no-proxy-server",
                     "--disable-features=Translate,MediaRouter,OptimizationHints",
                     f"--user-data-dir={self.profile}",
                     f"--window-size={DESKTOP_SIZE[0]},{DESKTOP_SIZE[1]}", "--lang=en-US"]
        if stack:
            certificate = Path(stack.state_dir) / "tls" / "server.crt"
            arguments.append(f"--ignore-certificate-errors-spki-list={spki_sha256(certificate)}")
        for argument in arguments:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        log = str((log_dir or Path(self.profile)) / "chromedriver.log")
        service = Service(executable_path=_which(CHROMEDRIVER_NAMES), log_output=log)
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_window_size(*DESKTOP_SIZE)
        self.driver.execute_cdp_cmd("Network.enable", {})
        if credentials:
            token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
            self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                                        {"headers": {"Authorization": "Basic " + token}})

    # --- page helpers ------------------------------------------------------------------------

    def open(self, path: str = "/inbox/"):
        self.driver.get(self.base + path)

    def phone_width(self):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)

    def desktop_width(self):
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition, timeout: float = 20, message: str = "condition"):
        """Waits (Selenium's WebDriverWait) until `condition()` is truthy and returns that value.

        The timeout only bounds a failure; a passing wait ends as soon as the page is in the state.
        A node the page replaced between finding and reading it, or one not there yet, is read again.
        """
        from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                                TimeoutException)
        from selenium.webdriver.support.ui import WebDriverWait

        waiting = WebDriverWait(self.driver, timeout, poll_frequency=0.05,
                                ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))
        try:
            return waiting.until(lambda _: condition())
        except TimeoutException:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}") from None

    def active_id(self) -> str:
        """The id of the element that has focus ("" for none)."""
        return self.js("return document.activeElement ? document.activeElement.id : ''")

    def console_errors(self) -> list[str]:
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def screenshot(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))

    def quit(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
