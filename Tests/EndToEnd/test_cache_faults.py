"""The cache file never kills a worker. On a tmpfs too small for the file the stack starts and
answers straight from HubSpot within the rate budget; a live file truncated (`truncate -s 0`),
or truncated on a full tmpfs, costs misses, never a worker or a wrong answer, and is rebuilt."""
import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import tmpfs
from harness.processes import wait_until
from harness.stack import Stack

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")

# Fixture contacts (Tests/EndToEnd/fixtures/contacts.json) and numbers HubSpot does not have.
EXPECTED = {"+19025551234": "101", "+19025550199": "102",
            **{f"+1902555{7000 + i:04d}": None for i in range(6)}}


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """Mounts tmpfs filesystems of a given size under tmp_path; unmounts them all afterwards."""
    mounted = []

    def mount(size: str) -> Path:
        point = tmp_path / f"tmpfs-{len(mounted)}"
        point.mkdir()
        tmpfs.mount(point, size)
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        tmpfs.unmount(point)


def remove_rate_segment(cache_file: Path):
    """The stack-wide rate limiter's shared memory for `cache_file` (it names its cache path)."""
    for segment in Path("/dev/shm").glob("hubspot-fcgi-rate-*"):
        if str(cache_file).encode() + b"\0" in segment.read_bytes():
            segment.unlink()


def lookup(stack, phone):
    return stack.get("/api/contacts/lookup/" + phone, auth=stack.operator)


def wrong_answer(phone, response) -> str | None:
    """Why `response` is not the right answer for `phone`, or None. A 503 `rate_limited` is a
    right answer under a tight budget (the caller retries); anything else must be the contact."""
    if response.status_code == 503 and response.json()["error"]["code"] == "rate_limited":
        return None
    if response.status_code != 200:
        return f"{phone}: HTTP {response.status_code} {response.text[:200]}"
    body = response.json()
    expected = EXPECTED[phone]
    found = body["contact"]["id"] if body["found"] else None
    return None if found == expected else f"{phone}: got {found}, expected {expected}"


def answer_eventually(stack, phone, timeout: float = 30):
    """The lookup, retried while the stack says its HubSpot budget is used up (as a client does)."""
    deadline = time.monotonic() + timeout
    while True:
        response = lookup(stack, phone)
        limited = response.status_code == 503 and response.json()["error"]["code"] == "rate_limited"
        if not limited or time.monotonic() > deadline:
            return response


def worker_deaths(stack) -> list[str]:
    markers = ("event=worker_died", "event=worker_misconfigured", "event=worker_backoff", "signal=SIGBUS")
    return [line for line in stack.logs_text().splitlines() if any(marker in line for marker in markers)]


def test_a_tmpfs_too_small_for_the_file_serves_straight_from_hubspot_within_the_budget(tiny_tmpfs):
    directory = tiny_tmpfs("1m")  # the file needs 511.5 MiB
    stack = Stack({"CONTACTS_CACHE_FILE": str(directory / "contacts.cache"),
                   "HUBSPOT_SEARCH_RATE": "4", "HUBSPOT_SEARCH_BURST": "1",
                   "HUBSPOT_EMULATOR_SEARCH_RATE": "5"}).start()
    try:
        numbers = list(EXPECTED) * 2  # the second round would be hits with a cache
        before = stack.emulator.calls("search")
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(lambda n: (n, answer_eventually(stack, n)), numbers))
        elapsed = time.monotonic() - started
        assert [why for n, r in responses if (why := wrong_answer(n, r))] == []
        assert all(r.status_code == 200 and r.json()["cache"] == "miss" for _, r in responses)  # nothing kept
        calls = stack.emulator.calls("search") - before
        assert calls >= len(numbers)  # every answer came straight from HubSpot
        assert calls <= 4 * elapsed + 1  # …within the stack-wide budget (4/s, burst 1)
        assert stack.emulator.stats()["rateLimited"] == 0
        print("no-file figures:", {"lookups": len(numbers), "hubspot_calls": calls, "seconds": round(elapsed, 2)})

        assert stack.get("/api/contacts/health").json()["cache"]["state"] != "ok"
        assert not (directory / "contacts.cache").exists()
        assert list(directory.iterdir()) == [directory / "contacts.cache.lock"]  # no half-built file left
        assert stack.process.poll() is None
        assert worker_deaths(stack) == []
        assert "cache_unavailable" in stack.logs_text()
    finally:
        stack.stop()
        stack.cleanup()
        remove_rate_segment(directory / "contacts.cache")


class Lookups:
    """Lookups of every EXPECTED number in a loop on a few threads, recording wrong answers and
    where each answer came from."""

    def __init__(self, stack):
        self.stack = stack
        self.stopping = threading.Event()
        self.wrong: list[str] = []
        self.sources: list[tuple[float, str]] = []
        self.requests = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(3)]

    def run(self):
        session = self.stack.session(self.stack.operator)
        while not self.stopping.is_set():
            for phone in EXPECTED:
                response = session.get(self.stack.base + "/api/contacts/lookup/" + phone, timeout=10)
                with self.lock:
                    self.requests += 1
                    if why := wrong_answer(phone, response):
                        self.wrong.append(why)
                    elif response.status_code == 200:
                        self.sources.append((time.monotonic(), response.json()["cache"]))

    def hits_since(self, instant: float) -> int:
        with self.lock:
            return sum(1 for at, source in self.sources if at > instant and source == "hit")

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)


def test_truncating_the_live_file_even_on_a_full_tmpfs_kills_no_worker(tiny_tmpfs):
    directory = tiny_tmpfs("560m")  # room for the 511.5 MiB file and not much else
    cache_file = directory / "contacts.cache"
    stack = Stack({"CONTACTS_CACHE_FILE": str(cache_file)}).start()
    figures = {}
    try:
        full_size = None
        with Lookups(stack) as lookups:
            wait_until(lambda: lookups.hits_since(0) > 20, timeout=30, message="hits before the cut")
            full_size = cache_file.stat().st_size
            workers = {name: set(stack.workers(name)) for name in ("contacts-lookup", "contacts-health")}

            # 1. Truncated under every mapping, with room to rebuild.
            cut = time.monotonic()
            os.truncate(cache_file, 0)
            wait_until(lambda: cache_file.stat().st_size == full_size and lookups.hits_since(time.monotonic() - 0.5) > 0
                       and lookups.hits_since(cut) > 0, timeout=30, message="rebuilt and hit again")
            figures["rebuild_seconds"] = round(time.monotonic() - cut, 2)

            # 2. Fill the tmpfs, then truncate: no room to rebuild, lookups go on from HubSpot.
            filler = directory / "filler"
            with open(filler, "wb", buffering=0) as stream:
                try:
                    while stream.write(b"\1" * (1 << 16)):
                        pass
                except OSError:  # ENOSPC: full
                    pass
            unavailable = stack.logs_text().count("event=cache_unavailable")
            cut = time.monotonic()
            os.truncate(cache_file, 0)
            wait_until(lambda: stack.logs_text().count("event=cache_unavailable") > unavailable, timeout=30,
                       message="the rebuild finds no room")
            served = lookups.requests
            wait_until(lambda: lookups.requests > served + 30, timeout=30, message="lookups go on without the file")

            # 3. Room again: the file comes back by itself and serves hits.
            freed = time.monotonic()
            filler.unlink()
            wait_until(lambda: cache_file.stat().st_size == full_size and lookups.hits_since(freed) > 0,
                       timeout=30, message="rebuilt after room came back")
            figures["recovery_after_room_seconds"] = round(time.monotonic() - freed, 2)
            figures["full_disk_spell_seconds"] = round(freed - cut, 2)
        figures["requests"] = lookups.requests
        figures["wrong_answers"] = len(lookups.wrong)
        figures["worker_deaths"] = len(worker_deaths(stack))
        print("cache fault figures:", figures)
        assert lookups.wrong == []
        assert worker_deaths(stack) == []
        for name, before in workers.items():
            assert set(stack.workers(name)) == before, f"{name} workers changed"
        assert stack.process.poll() is None
    finally:
        stack.stop()
        stack.cleanup()
        remove_rate_segment(cache_file)
