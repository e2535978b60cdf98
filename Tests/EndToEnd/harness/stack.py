"""The whole stack (nginx + every responder), started through `nginx/stack run` exactly as a
newcomer starts it, on spare loopback ports and a private state directory."""
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

from . import paths
from .ports import free_ports
from .processes import alive, children, command_line, pids_running, wait_until


# State-changing requests to credentialed endpoints must say they are JSON (cross-site protection).
JSON_CONTENT = {"Content-Type": "application/json"}

PROFILES = ("fast", "realistic")


def emulator_profile() -> str:
    """The HubSpot emulator profile this test run starts every stack with: `fast` (the default;
    answers at once and forgives) or `realistic` (HubSpot's latency, limits and quirks), chosen
    with E2E_EMULATOR_PROFILE."""
    profile = os.environ.get("E2E_EMULATOR_PROFILE", "").strip() or "fast"
    if profile not in PROFILES:
        raise RuntimeError(f"E2E_EMULATOR_PROFILE must be one of {', '.join(PROFILES)}, not {profile!r}")
    return profile


def profile_environment(profile: str) -> dict:
    """What a stack's environment needs for the emulator to run `profile`. Under the fast profile
    HubSpot calls time out after 1.5 s so that hanging-HubSpot tests are quick; under the
    realistic one the product's own defaults stand, since calls take up to a second there."""
    if profile == "fast":
        # The fast emulator has no 10-second limit, so neither does the stack's budget for it
        # (test_rate_classes.py tests that budget); the realistic run keeps the product's.
        return {"HUBSPOT_EMULATOR_PROFILE": "fast", "HUBSPOT_TIMEOUT_MS": "1500",
                "HUBSPOT_GENERAL_RATE": "1000", "HUBSPOT_GENERAL_BURST": "1000"}
    return {"HUBSPOT_EMULATOR_PROFILE": "realistic"}


class Stack:
    admin = ("admin-e2e", "admin-secret-e2e")
    operator = ("operator-e2e", "operator-secret-e2e")

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"

    def __init__(self, extra_env: dict | None = None, profile: str | None = None):
        self.state_dir = Path(tempfile.mkdtemp(prefix="hubspot-fcgi-e2e-"))
        self.https_port, self.http_port, self.emulator_port, self.openphone_port = free_ports(4)
        # The emulator's profile: the run's (E2E_EMULATOR_PROFILE) unless the test needs one.
        self.profile = profile or emulator_profile()
        # The bundled HubSpot emulator with the tests' own contacts; no search rate limit unless
        # a test asks for one, so unrelated tests never see HubSpot 429s.
        self.extra_env = {"HUBSPOT_EMULATOR_PORT": str(self.emulator_port),
                          "OPENPHONE_EMULATOR_PORT": str(self.openphone_port),
                          "HUBSPOT_EMULATOR_CONTACTS": str(self.fixtures / "contacts.json"),
                          "HUBSPOT_EMULATOR_COMPANIES": str(self.fixtures / "companies.json"),
                          "HUBSPOT_EMULATOR_SEARCH_RATE": "0",
                          **profile_environment(self.profile),
                          "HUBSPOT_CHECK_INTERVAL_SECONDS": "1",
                          # No background sync loop and no demo deliveries: tests drive both themselves.
                          "CONTACTS_SYNC_INTERVAL": "0", "DEMO_DELIVERIES": "0",
                          # The stack-wide limiter is tested on its own; elsewhere it must not pace tests.
                          "HUBSPOT_SEARCH_RATE": "1000", "HUBSPOT_SEARCH_BURST": "1000",
                          **(extra_env or {})}
        self.process: subprocess.Popen | None = None
        self.output: list[str] = []
        self._ready = threading.Event()

    # --- lifecycle -------------------------------------------------------------------------

    def start(self, timeout: float = 60) -> "Stack":
        env = {**os.environ,
               "STATE_DIR": str(self.state_dir), "HTTPS_PORT": str(self.https_port),
               "HTTP_PORT": str(self.http_port), "BIN_DIR": str(paths.BIN_DIR),
               "STACK_SKIP_INSTALL": "1", "STACK_SKIP_BUILD": "1",
               "ADMIN_USER": self.admin[0], "ADMIN_PASSWORD": self.admin[1],
               "OPERATOR_USER": self.operator[0], "OPERATOR_PASSWORD": self.operator[1],
               **self.extra_env}
        self.process = subprocess.Popen([str(paths.STACK_SCRIPT), "run"], env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        threading.Thread(target=self._collect_output, daemon=True).start()
        if not self._ready.wait(timeout) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError("the stack did not become ready:\n" + self.log())
        return self

    def _collect_output(self):
        for line in self.process.stdout:
            self.output.append(line)
            if line.strip() == "stack: ready":
                self._ready.set()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as an operator or systemd would; returns the exit status."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise

    def cleanup(self):
        shutil.rmtree(self.state_dir, ignore_errors=True)

    def finish(self):
        """Stops the stack, removes its state and checks it exited cleanly on SIGTERM (what every
        fixture that started one does last)."""
        status = self.stop()
        try:
            assert status == 0, f"nginx/stack run exited {status} on SIGTERM:\n{self.log()}"
        finally:
            self.cleanup()

    def conversations(self, limit: int = 100) -> list[dict]:
        """The first page of the conversation list, as an operator sees it."""
        response = self.get("/api/messages/conversations", auth=self.operator, params={"limit": limit})
        assert response.status_code == 200, response.text
        return response.json()["conversations"]

    def log(self) -> str:
        return "".join(self.output)

    # --- where things are ------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"https://localhost:{self.https_port}"

    @property
    def emulator(self):
        from .emulator import Emulator
        return Emulator(f"http://127.0.0.1:{self.emulator_port}")

    @property
    def openphone(self):
        """The bundled OpenPhone emulator's control paths."""
        from .openphone_emulator import OpenPhoneEmulator
        return OpenPhoneEmulator(f"http://127.0.0.1:{self.openphone_port}")

    @property
    def audit_log(self) -> Path:
        return self.state_dir / "logs" / "audit.log"

    def clear_cache(self) -> dict:
        response = self.request("POST", "/api/contacts/cache/clear", auth=self.admin, headers=JSON_CONTENT)
        assert response.status_code == 200, response.text
        return response.json()

    def cache_stats(self) -> dict:
        response = self.get("/api/contacts/cache/stats", auth=self.admin)
        assert response.status_code == 200, response.text
        return response.json()

    def logs_text(self) -> str:
        """Everything the stack logged: its output and every log file."""
        files = [path.read_text(errors="replace") for path in (self.state_dir / "logs").glob("*.log")]
        return self.log() + "".join(files)

    @property
    def ca(self) -> str:
        return str(self.state_dir / "tls" / "ca.crt")

    @property
    def runtime_dir(self) -> Path:
        marker = "sockets: "
        for line in self.output:
            if marker in line:
                return Path(line.split(marker, 1)[1].strip()).parent
        raise RuntimeError("runtime directory not announced")

    def socket(self, responder: str) -> Path:
        return self.runtime_dir / "sockets" / f"{responder}.sock"

    def supervisor_pid(self, responder: str) -> int:
        socket = str(self.socket(responder))
        for pid in pids_running(responder):
            # command_line: a worker that exits (a reload replaces them) between the listing and
            # the read is skipped, not an error.
            args = command_line(pid)
            if socket in args and "--worker" not in args:
                return pid
        raise RuntimeError(f"no supervisor for {responder}")

    def workers(self, responder: str) -> list[int]:
        # The supervisor may also parent the log-prefixing subshell the stack script starts.
        return [pid for pid in children(self.supervisor_pid(responder))
                if "--worker" in command_line(pid)]

    # --- requests --------------------------------------------------------------------------

    def session(self, auth: tuple | None = None) -> requests.Session:
        session = requests.Session()
        # REQUESTS_CA_BUNDLE in the environment would override `verify` on a session.
        session.trust_env = False
        session.verify = self.ca
        session.auth = auth
        return session

    def get(self, path: str, auth: tuple | None = None, **kwargs) -> requests.Response:
        return requests.get(self.base + path, verify=self.ca, auth=auth, timeout=10, **kwargs)

    def request(self, method: str, path: str, auth: tuple | None = None, **kwargs) -> requests.Response:
        return requests.request(method, self.base + path, verify=self.ca, auth=auth, timeout=10, **kwargs)
