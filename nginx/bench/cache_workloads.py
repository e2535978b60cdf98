"""The shared cache under two workloads, through the whole stack (nginx, TLS, the lookup
responder's workers, the bundled HubSpot emulator):

1. Zipf: 10,000 lookups over 1,000 numbers (s = 1.1), 32 concurrent clients. Target: HubSpot
   (emulator) searches = distinct numbers looked up, i.e. one call per key for the whole stack,
   however many workers saw the number and however many of them missed at the same moment.
2. Burst: 1,000 distinct uncached numbers fired at once (200 concurrent clients) against the
   default stack-wide rate (HUBSPOT_SEARCH_RATE 4/s, burst 1) while the emulator enforces
   HubSpot's own limit (5 searches/s per token) and answers 429 beyond it. Targets: 0 HubSpot
   429s; the achieved upstream rate stays at the configured rate; every request answers (200,
   or 503 `rate_limited` once its 3 s budget is spent) — none hangs, none is a 5xx of another kind.

Run by `nginx/stack bench`; prints both results and writes $STATE_DIR/bench/cache-workloads.json.
"""
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "EndToEnd"))
from harness.stack import Stack  # noqa: E402

DEMO = {"HUBSPOT_EMULATOR_CONTACTS": str(REPO / "nginx/demo/hubspot-contacts.json"),
        "HUBSPOT_EMULATOR_COMPANIES": str(REPO / "nginx/demo/hubspot-companies.json")}


def demo_numbers() -> list[str]:
    contacts = json.loads((REPO / "nginx" / "demo" / "hubspot-contacts.json").read_text())
    numbers = [c["properties"].get("phone") for c in contacts if c["properties"].get("sample_group") != "unparseable"]
    return [n for n in numbers if n and n.startswith("+") and sum(ch.isdigit() for ch in n) >= 10]


def unknown_numbers(count: int, first: int) -> list[str]:
    """Valid North American numbers that no sample contact has (a lookup answers found:false)."""
    return [f"+1902555{i:04d}" for i in range(first, first + count)]


class Client:
    """One TLS keep-alive session per thread, operator credentials."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.local = threading.local()

    def lookup(self, number: str) -> tuple[int, dict]:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
            session.trust_env = False
            session.verify = self.stack.ca
            session.auth = self.stack.operator
        response = session.get(f"{self.stack.base}/api/contacts/lookup/{number}", timeout=60)
        return response.status_code, response.json()


def zipf(stack: Stack) -> dict:
    rng = random.Random(20261125)
    pool = (demo_numbers() + unknown_numbers(1000, 5000))[:1000]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(pool))]
    draws = rng.choices(pool, weights=weights, k=10_000)
    client = Client(stack)
    stack.clear_cache()
    searches_before = stack.emulator.calls("search")
    started = time.monotonic()
    with ThreadPoolExecutor(32) as executor:
        answers = list(executor.map(client.lookup, draws))
    elapsed = time.monotonic() - started
    searches = stack.emulator.calls("search") - searches_before
    outcomes = Counter(f"{status} {body.get('cache', body.get('error', {}).get('code'))}" for status, body in answers)
    distinct = len(set(draws))
    return {"lookups": len(draws), "distinct_numbers": distinct, "emulator_searches": searches,
            "searches_per_distinct_number": round(searches / distinct, 3), "outcomes": dict(outcomes),
            "seconds": round(elapsed, 2), "lookups_per_second": round(len(draws) / elapsed)}


def burst(stack: Stack) -> dict:
    numbers = unknown_numbers(1000, 7000)
    client = Client(stack)
    stack.clear_cache()
    before = stack.emulator.stats()
    barrier = threading.Barrier(200)

    def fire(chunk):
        barrier.wait()  # every client starts at the same moment
        return [client.lookup(number) for number in chunk]

    chunks = [numbers[i::200] for i in range(200)]
    started = time.monotonic()
    with ThreadPoolExecutor(200) as executor:
        answers = [answer for part in executor.map(fire, chunks) for answer in part]
    elapsed = time.monotonic() - started
    after = stack.emulator.stats()
    searches = after["calls"].get("search", 0) - before["calls"].get("search", 0)
    throttled = after["rateLimited"] - before["rateLimited"]
    outcomes = Counter(f"{status} {body.get('cache') or body.get('error', {}).get('code')}" for status, body in answers)
    return {"lookups": len(numbers), "concurrent_clients": 200, "hubspot_429s": throttled,
            "emulator_searches": searches, "seconds": round(elapsed, 2),
            "achieved_search_rate_per_second": round(searches / elapsed, 2),
            "configured_rate_per_second": 4, "configured_burst": 1, "hubspot_limit_per_second": 5,
            "outcomes": dict(outcomes)}


def run(extra_env: dict, workload) -> dict:
    stack = Stack({**DEMO, **extra_env}).start()
    try:
        return workload(stack)
    finally:
        stack.stop()
        stack.cleanup()


def main():
    result = {
        # No pacing here: this workload is about coalescing, not the rate limiter.
        "zipf": run({}, zipf),
        # The shipped defaults (4/s, burst 1, 3 s budget) against HubSpot's real limit.
        "burst": run({"HUBSPOT_SEARCH_RATE": "4", "HUBSPOT_SEARCH_BURST": "1", "HUBSPOT_TIMEOUT_MS": "3000",
                      "HUBSPOT_EMULATOR_SEARCH_RATE": "5"}, burst),
    }
    z, b = result["zipf"], result["burst"]
    print("\ncache workloads through the whole stack (nginx TLS → contacts-lookup workers → shared cache → emulator)")
    print(f"  Zipf: {z['lookups']} lookups over {z['distinct_numbers']} distinct numbers, 32 clients: "
          f"{z['emulator_searches']} HubSpot searches (= {z['searches_per_distinct_number']} per distinct number; "
          f"target 1.0), {z['lookups_per_second']} lookups/s; outcomes {z['outcomes']}")
    print(f"  Burst: {b['lookups']} distinct uncached lookups from {b['concurrent_clients']} clients at once: "
          f"{b['hubspot_429s']} HubSpot 429s (target 0), {b['emulator_searches']} searches in {b['seconds']} s = "
          f"{b['achieved_search_rate_per_second']}/s (configured {b['configured_rate_per_second']}/s, "
          f"HubSpot allows {b['hubspot_limit_per_second']}/s); outcomes {b['outcomes']}")
    out = Path(os.environ.get("STATE_DIR", REPO / ".stack")) / "bench" / "cache-workloads.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    ok = z["searches_per_distinct_number"] == 1.0 and b["hubspot_429s"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
