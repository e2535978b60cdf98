"""A direct FastCGI client (libfcgi's own `cgi-fcgi`) and a responder started on its own socket,
for runtime behaviour that nginx would hide (socket refusal, draining, crash loops)."""
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .processes import children, wait_until


@dataclass
class FastCGIResponse:
    status: int
    headers: dict
    body: bytes


def request(socket_path: str, uri: str, method: str = "GET", body: bytes = b"",
            extra: dict | None = None, timeout: float = 30) -> FastCGIResponse:
    """Sends one request with cgi-fcgi (a real libfcgi client) and parses the CGI response."""
    path, _, query = uri.partition("?")
    env = {"PATH": os.environ["PATH"], "REQUEST_METHOD": method, "REQUEST_URI": uri, "QUERY_STRING": query,
           "SCRIPT_NAME": path, "CONTENT_LENGTH": str(len(body)) if body else "", "SERVER_PROTOCOL": "HTTP/1.1"}
    env.update(extra or {})
    result = subprocess.run(["cgi-fcgi", "-bind", "-connect", socket_path], input=body, env=env,
                            capture_output=True, timeout=timeout)
    head, _, payload = result.stdout.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode().split("\r\n"):
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    status = int(headers.get("status", "0 -").split()[0]) if head else 0
    return FastCGIResponse(status, headers, payload)


@dataclass
class ResponderProcess:
    """A responder supervisor started on a socket in a private temporary directory."""
    name: str
    args: list = field(default_factory=list)
    env: dict = field(default_factory=dict)
    socket_path: str = ""
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def start(self, wait: bool = True) -> "ResponderProcess":
        directory = tempfile.mkdtemp(prefix=f"{self.name}-")
        self.socket_path = self.socket_path or os.path.join(directory, "responder.sock")
        self.log_path = Path(directory) / "stderr.log"
        self.process = subprocess.Popen(
            [str(paths.binary(self.name)), "--socket", self.socket_path, *self.args],
            stderr=self.log_path.open("wb"), env={**os.environ, **self.env})
        if wait:
            wait_until(lambda: os.path.exists(self.socket_path) and len(self.workers()) > 0, 10,
                       message=f"{self.name} socket")
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def workers(self) -> list[int]:
        return children(self.pid)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def terminate(self, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self):
        if self.process and self.process.poll() is None:
            for worker in self.workers():
                os.kill(worker, signal.SIGKILL)
            self.process.kill()
            self.process.wait()

    def get(self, uri: str, **kwargs) -> FastCGIResponse:
        return request(self.socket_path, uri, **kwargs)


def wait_for_new_workers(responder: ResponderProcess, old: set, count: int, timeout: float = 10):
    return wait_until(lambda: (set(responder.workers()) - old) if len(set(responder.workers()) - old) >= count
                      else None, timeout, message="replacement workers")


class NginxFront:
    """A plain-HTTP nginx on a spare loopback port in front of one responder's socket, with the
    shipped FastCGI settings (keep-alive pool included) and optional extra directives, for runtime
    behaviour that needs nginx's connection reuse (reloads under load)."""

    def __init__(self, socket_path: str, extra: str = "", keepalive: int = 32):
        from .ports import free_port
        self.directory = Path(tempfile.mkdtemp(prefix="nginx-front-"))
        self.port = free_port()
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.directory / "tmp" / name).mkdir(parents=True)
        user = "user root root;" if os.geteuid() == 0 else ""
        temp = " ".join(f"{directive}_temp_path {self.directory}/tmp/{name};" for directive, name in
                        (("client_body", "body"), ("proxy", "proxy"), ("fastcgi", "fastcgi"),
                         ("uwsgi", "uwsgi"), ("scgi", "scgi")))
        (self.directory / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {temp}
    upstream responder {{
        server unix:{socket_path};
        keepalive {keepalive};
        keepalive_timeout 30s;
        keepalive_requests 100000;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            include {paths.REPO}/nginx/conf/hubspot-fcgi-fastcgi.conf;
            {extra}
            fastcgi_pass responder;
        }}
    }}
}}
""")
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "NginxFront":
        self.process = subprocess.Popen(["nginx", "-p", str(self.directory), "-c", str(self.directory / "nginx.conf"),
                                         "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        import socket as sockets

        def listening():
            with sockets.socket() as probe:
                return probe.connect_ex(("127.0.0.1", self.port)) == 0
        wait_until(listening, 10, message="nginx front")
        return self

    def error_log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
