"""A Redis server of the test's own (Debian's redis-server, which `nginx/stack test` installs) on a
spare loopback port with a password and no persistence, which a test can kill and bring back on
the same port as an outage would; and a minimal RESP client to look inside it."""
import shutil
import socket
import subprocess
import tempfile
import time

from .ports import free_port


class RedisServer:
    def __init__(self, password: str = "redis-e2e-password-7f3a"):
        self.password = password
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="hubspot-fcgi-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--requirepass", self.password,
             "--save", "", "--appendonly", "no", "--dir", self.directory, "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.command("PING") == "PONG":
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def kill(self):
        """SIGKILL: an outage, not a shutdown."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self):
        self.kill()
        shutil.rmtree(self.directory, ignore_errors=True)

    def command(self, *arguments: str):
        """One command after AUTH; the reply as str, int, None or list."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
            reader = connection.makefile("rb")
            for command in (("AUTH", self.password), arguments):
                encoded = b"*%d\r\n" % len(command) + b"".join(
                    b"$%d\r\n%s\r\n" % (len(part.encode()), part.encode()) for part in command)
                connection.sendall(encoded)
                reply = self._reply(reader)
            return reply

    def _reply(self, reader):
        line = reader.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:].decode()
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RuntimeError(rest)
        if kind == b":":
            return int(rest)
        if kind == b"$":
            if int(rest) < 0:
                return None
            data = reader.read(int(rest) + 2)
            return data[:-2].decode()
        if kind == b"*":
            return [self._reply(reader) for _ in range(int(rest))]
        raise RuntimeError(f"unexpected reply {line!r}")
