"""Process inspection helpers (Linux /proc)."""
import os
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """Direct children of `pid`."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except FileNotFoundError:
        return []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except FileNotFoundError:
        return False


def wait_until(predicate, timeout: float, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def command_line(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
    except FileNotFoundError:
        return []


def pids_running(binary_name: str) -> list[int]:
    """Every live process whose executable name is `binary_name`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            args = command_line(int(entry.name))
            if args and os.path.basename(args[0]) == binary_name and alive(int(entry.name)):
                found.append(int(entry.name))
    return found
