"""Starts an installed responder the way its systemd units do, where systemd is not PID 1 (as in
the tests' containers): the socket of `hubspot-fcgi@.socket` (path, owner, group, mode, backlog)
bound here and handed over as systemd does (fd 3, LISTEN_FDS, LISTEN_PID), and the command line,
environment, user, group, umask and directories of `hubspot-fcgi@.service`. Everything is read
from the installed unit files, so a wrong unit fails here as it would under systemd."""
import grp
import os
import pwd
import signal
import socket
import time
from pathlib import Path

UNIT_DIR = Path("/lib/systemd/system")


def unit_settings(path: Path) -> dict[str, list[str]]:
    """Every `Key=Value` of a unit file, values in order, sections merged (their keys differ)."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;[":
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def environment_file(path: Path) -> dict[str, str]:
    """An EnvironmentFile= as systemd reads the package's: NAME=value lines, comments, blanks."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name.strip()] = value
    return values


class UnitResponder:
    """One `hubspot-fcgi@INSTANCE` started from the installed units; `stop()` is systemd's stop."""

    def __init__(self, instance: str, log: Path):
        self.instance = instance
        self.log = log  # what systemd's journal would get: the process's stdout and stderr
        socket_unit = unit_settings(UNIT_DIR / "hubspot-fcgi@.socket")
        self.service = unit_settings(UNIT_DIR / "hubspot-fcgi@.service")
        self.socket_path = Path(self._expand(socket_unit["ListenStream"][0]))
        self.socket_user = socket_unit.get("SocketUser", ["root"])[0]
        self.socket_group = socket_unit.get("SocketGroup", ["root"])[0]
        self.socket_mode = int(socket_unit.get("SocketMode", ["0666"])[0], 8)
        self.directory_mode = int(socket_unit.get("DirectoryMode", ["0755"])[0], 8)
        self.backlog = int(socket_unit.get("Backlog", ["128"])[0])
        self.pid = None

    def _expand(self, text: str) -> str:
        return text.replace("%i", self.instance)

    def _one(self, key: str, default: str | None = None) -> str:
        values = self.service.get(key)
        if not values:
            assert default is not None, f"hubspot-fcgi@.service has no {key}="
            return default
        return self._expand(values[-1])

    def environment(self) -> dict[str, str]:
        env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
        for entry in self.service.get("EnvironmentFile", []):
            optional = entry.startswith("-")
            path = Path(entry.lstrip("-"))
            if path.exists() or not optional:
                env.update(environment_file(path))
        for entry in self.service.get("Environment", []):
            name, _, value = self._expand(entry).partition("=")
            env[name] = value
        return env

    def _service_directories(self, uid: int, gid: int) -> None:
        for key, root in (("RuntimeDirectory", "/run"), ("StateDirectory", "/var/lib"), ("LogsDirectory", "/var/log")):
            for value in self.service.get(key, []):
                for name in value.split():
                    directory = Path(root) / name
                    directory.mkdir(parents=True, exist_ok=True, mode=0o755)
                    os.chown(directory, uid, gid)

    def _listening_socket(self) -> socket.socket:
        self.socket_path.parent.mkdir(parents=True, exist_ok=True, mode=self.directory_mode)
        self.socket_path.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.socket_path))
        os.chown(self.socket_path, pwd.getpwnam(self.socket_user).pw_uid, grp.getgrnam(self.socket_group).gr_gid)
        os.chmod(self.socket_path, self.socket_mode)
        listener.listen(self.backlog)
        return listener

    def start(self) -> "UnitResponder":
        user = pwd.getpwnam(self._one("User"))
        group = grp.getgrnam(self._one("Group", user.pw_name))
        self._service_directories(user.pw_uid, group.gr_gid)
        command = self._one("ExecStart").split()
        umask = int(self._one("UMask", "0022"), 8)
        env = self.environment()
        listener = self._listening_socket()
        log = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        pid = os.fork()
        if pid == 0:  # the child: only system calls, then exec (no Python-level locks)
            try:
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.dup2(listener.fileno(), 3, inheritable=True)
                os.initgroups(user.pw_name, group.gr_gid)
                os.setgid(group.gr_gid)
                os.setuid(user.pw_uid)
                os.umask(umask)
                os.chdir("/")
                env.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
                os.execve(command[0], command, env)
            finally:
                os._exit(127)
        listener.close()
        os.close(log)
        self.pid = pid
        return self

    def stop(self) -> int:
        """SIGTERM (KillSignal=), then the exit status; SIGKILL after TimeoutStopSec=."""
        if self.pid is None:
            return 0
        os.kill(self.pid, signal.Signals[self._one("KillSignal", "SIGTERM")])
        deadline = time.monotonic() + float(self._one("TimeoutStopSec", "90"))
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.pid = None
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.pid = None
        return -signal.SIGKILL
