"""Soak: SOAK_REQUESTS (default 1,000,000) requests spread over the stack's endpoints through nginx
(TLS, the shipped locations and auth), then the growth of every responder worker's resident
memory. Goal: no worker's private memory grows by 5 MB or more, and every request answers 2xx.

Both figures are shown per worker: VmRSS, and RssAnon, its private part (heap, stacks). The goal
is judged on RssAnon, where a leak shows: VmRSS also counts the pages of the shared cache file
(mmap) a worker reads for the first time — the same file pages for every worker, at most the
file's size, not memory the worker holds on its own (the admin responder's statistics walk the
whole file, so its VmRSS jumps by the file's size on a worker's first statistics request).

The mix, per cycle of 50 requests, interleaved: 20 cached lookups (sample contacts' numbers and
unknown numbers), 10 contact searches, 8 conversation lists, 6 health checks, 5 admin cache stats
and 1 signed OpenPhone webhook delivery with an event id of its own (2%, each one a new message
in the store). wrk drives the load (soak.lua); the deliveries are signed here, shortly before they
are sent (a signature is accepted for 5 minutes), so the requests go in rounds of at most
SOAK_ROUND requests, each round short enough for its signatures.

Before measuring: every endpoint of the mix is checked once (200, JSON), then a warm-up of
SOAK_WARMUP requests, then each worker's VmRSS (/proc/PID/status) is read: the baseline. It is
read again after every round; the table shows baseline, end and growth per worker. A worker that
is not the same process at the end (it died and was replaced) fails the soak: its growth is unknown.

Environment: SOAK_REQUESTS (1000000), SOAK_WARMUP (20000), SOAK_ROUND (100000),
SOAK_CONNECTIONS (16), SOAK_THREADS (2), BIN_DIR, STATE_DIR.
Run by `nginx/stack bench`; prints one table and writes $STATE_DIR/bench/soak.json.
"""
import base64
import json
import os
import random
import signal
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "Tests" / "EndToEnd"))
sys.path.insert(0, str(BENCH))
from cache_workloads import demo_numbers, unknown_numbers  # noqa: E402
from harness.openphone import WEBHOOK_PATH, encode, message_event, new_secret, sign  # noqa: E402
from harness.processes import wait_until  # noqa: E402
from harness.stack import Stack  # noqa: E402

REQUESTS = int(os.environ.get("SOAK_REQUESTS", "1000000"))
WARMUP = int(os.environ.get("SOAK_WARMUP", "20000"))
ROUND = int(os.environ.get("SOAK_ROUND", "100000"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "16"))
THREADS = int(os.environ.get("SOAK_THREADS", "2"))
GOAL_BYTES = 5_000_000
SIGNATURE_BUDGET_S = 200        # a round ends well within the 300 s a signature is accepted
SOAK_LINE = "PNsoak0001"        # the OpenPhone line the deliveries are about

# (endpoint, share of each cycle of 50)
MIX = (("lookup", 20), ("search", 10), ("conversations", 8), ("health", 6), ("stats", 5), ("webhook", 1))
SEARCHES = ("smith", "Harbourv", "walsh", "priya", "dental", "902 555", "john.smith@harbourview-dental.example")


def basic(credentials: tuple[str, str]) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()}


def get_requests(stack: Stack) -> dict[str, list[tuple[str, dict]]]:
    """The GET requests of each endpoint of the mix: (path, headers)."""
    operator, admin = basic(stack.operator), basic(stack.admin)
    numbers = demo_numbers()[:14] + unknown_numbers(6, 3000)
    return {
        "lookup": [("/api/contacts/lookup/" + quote(n, safe="+"), operator) for n in numbers],
        "search": [("/api/contacts/search?" + urlencode({"q": q, "limit": 20}), operator) for q in SEARCHES],
        "conversations": [("/api/messages/conversations?limit=50", operator),
                          ("/api/messages/conversations?limit=20", operator),
                          ("/api/messages/conversations?" + urlencode({"limit": 50, "q": "902"}), operator)],
        "health": [("/api/contacts/health", {})],
        "stats": [("/api/contacts/cache/stats", admin)],
    }


def cycle(requests: dict) -> list:
    """One cycle of the mix in a fixed interleaved order: each endpoint's requests take turns."""
    slots = [name for name, share in MIX for _ in range(share)]
    random.Random(50).shuffle(slots)
    turns = {name: 0 for name in requests}
    entries = []
    for name in slots:
        if name == "webhook":
            entries.append("webhook")
            continue
        path, headers = requests[name][turns[name] % len(requests[name])]
        turns[name] += 1
        entries.append({"method": "GET", "path": path, "headers": headers})
    return entries


def deliveries(stack: Stack, count: int, first: int, customers: list[str]) -> list[dict]:
    """`count` signed deliveries, each a new message with its own event id."""
    secret = stack.extra_env["OPENPHONE_WEBHOOK_SECRET"]
    made = []
    for index in range(first, first + count):
        body = encode(message_event(customers[index % len(customers)], line=SOAK_LINE,
                                    event_id=f"EVsoak{index:08d}", message_id=f"ACsoak{index:08d}",
                                    text=f"soak message {index}"))
        made.append({"headers": sign(secret, body), "body": body.decode()})
    return made


def lua(value) -> str:
    """A Lua literal for plan.lua."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua(k)}] = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    raise TypeError(f"no Lua literal for {value!r}")


class Load:
    """Rounds of wrk through nginx, each a fixed number of requests."""

    def __init__(self, stack: Stack, work: Path):
        self.stack = stack
        self.work = work
        self.cycle = cycle(get_requests(stack))
        self.webhook_slots = self.cycle.count("webhook")
        self.customers = demo_numbers()[:10] + unknown_numbers(10, 3100)
        self.delivered = 0              # deliveries signed so far (event ids used)
        self.rounds = 0

    def run(self, count: int) -> dict:
        """Sends `count` requests; returns wrk's SOAK figures plus the wall time."""
        self.rounds += 1
        per_thread = -(-count // THREADS)
        # Enough deliveries that no thread runs out, counting requests in flight when it stops.
        webhooks = (-(-(per_thread + CONNECTIONS) // len(self.cycle)) * self.webhook_slots + 1) * THREADS
        plan = self.work / f"plan-{self.rounds}.lua"
        plan.write_text("return " + lua({"cycle": self.cycle, "webhook_path": WEBHOOK_PATH,
                                         "webhooks": deliveries(self.stack, webhooks, self.delivered, self.customers)}))
        self.delivered += webhooks
        done = self.work / f"done-{self.rounds}"
        done.unlink(missing_ok=True)
        started = time.monotonic()
        wrk = subprocess.Popen(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SIGNATURE_BUDGET_S}s", "--latency",
                                "-s", str(BENCH / "soak.lua"), self.stack.base, "--",
                                str(plan), str(per_thread), str(done), str(THREADS)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            # wrk runs for its whole -d unless interrupted: interrupt it once every thread is done.
            wait_until(lambda: wrk.poll() is not None or (done.exists() and len(done.read_text().split()) >= THREADS),
                       timeout=SIGNATURE_BUDGET_S + 30, interval=0.05, message="wrk's threads to reach their quota")
            if wrk.poll() is None:
                wrk.send_signal(signal.SIGINT)
            output, _ = wrk.communicate(timeout=60)
        finally:
            if wrk.poll() is None:
                wrk.kill()
                wrk.wait()
        elapsed = time.monotonic() - started
        (self.work / f"wrk-{self.rounds}.txt").write_text(output)
        line = next((line for line in output.splitlines() if line.startswith("SOAK ")), None)
        if line is None:
            raise RuntimeError(f"wrk gave no SOAK line:\n{output}")
        figures = {key: float(value) for key, value in (field.split("=") for field in line.split()[1:])}
        figures["seconds"] = round(elapsed, 1)
        figures["complete"] = done.exists() and len(done.read_text().split()) >= THREADS
        return figures


def responders(stack: Stack) -> list[str]:
    return sorted(path.stem for path in (stack.runtime_dir / "sockets").glob("*.sock"))


def memory_kib(pid: int) -> dict[str, int] | None:
    """VmRSS and RssAnon (KiB) from /proc/PID/status; None when the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except FileNotFoundError:
        return None
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return {"rss": int(fields["VmRSS"].split()[0]), "anon": int(fields["RssAnon"].split()[0])}


def workers_memory(stack: Stack) -> dict[tuple[str, int], dict[str, int]]:
    """(responder, worker pid) → its memory figures, for every worker of every responder."""
    sample = {}
    for name in responders(stack):
        for pid in stack.workers(name):
            memory = memory_kib(pid)
            if memory is not None:
                sample[(name, pid)] = memory
    return sample


def max_growth(before: dict, after: dict, field: str) -> int:
    return max((after[key][field] - figures[field] for key, figures in before.items() if key in after), default=0)


def check_endpoints(stack: Stack, requests: dict):
    """Each request of the mix answers 200 with JSON before any load: a misconfigured soak fails
    here instead of after a million 401s."""
    session = stack.session()
    for name, entries in requests.items():
        for path, headers in entries:
            response = session.get(stack.base + path, headers=headers, timeout=15)
            if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith("application/json"):
                raise RuntimeError(f"{name}: GET {path} → {response.status_code}: {response.text[:200]}")
    body = encode(message_event("+19025551234", line=SOAK_LINE, event_id="EVsoakcheck"))
    response = session.post(stack.base + WEBHOOK_PATH, data=body, headers=sign(stack.extra_env["OPENPHONE_WEBHOOK_SECRET"], body),
                            timeout=15)
    if response.status_code != 200:
        raise RuntimeError(f"webhook: POST → {response.status_code}: {response.text[:200]}")


def megabytes(kib: int) -> float:
    return kib * 1024 / 1_000_000


def main():
    stack = Stack({"HUBSPOT_EMULATOR_CONTACTS": str(REPO / "nginx/demo/hubspot-contacts.json"),
                   "HUBSPOT_EMULATOR_COMPANIES": str(REPO / "nginx/demo/hubspot-companies.json"),
                   "OPENPHONE_WEBHOOK_SECRET": new_secret(),
                   # The webhook's per-address limit would turn most deliveries into 429s.
                   "PUBLIC_RATE": "100000r/s"}).start()
    work = Path(os.environ.get("STATE_DIR", REPO / ".stack")) / "bench" / "soak"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rounds, trend, series = [], [], {}   # series: worker → its RssAnon (KiB) after each round
    try:
        check_endpoints(stack, get_requests(stack))
        load = Load(stack, work)
        warmup = load.run(WARMUP) if WARMUP else None
        before = workers_memory(stack)
        # Rounds short enough for their signatures, at the rate the warm-up measured.
        rate = warmup["rps"] if warmup else 1000.0
        round_size = max(1000, min(ROUND, int(rate * SIGNATURE_BUDGET_S * 0.6)))
        remaining = REQUESTS
        while remaining > 0:
            figures = load.run(min(round_size, remaining))
            remaining -= min(round_size, remaining)
            rounds.append(figures)
            sample = workers_memory(stack)
            trend.append(max_growth(before, sample, "anon"))
            for key in before:
                series.setdefault(key, []).append(sample[key]["anon"] if key in sample else None)
            print(f"[soak] round {len(rounds)}: {int(figures['requests'])} requests in {figures['seconds']} s"
                  f" ({figures['rps']:.0f} req/s), non-2xx {int(figures['other'])}, errors {int(figures['errors'])},"
                  f" max private growth so far {megabytes(trend[-1]):.2f} MB", file=sys.stderr, flush=True)
        after = workers_memory(stack)
        messages = sum(int(r["webhooks"]) for r in rounds)
    finally:
        stack.stop()
        stack.cleanup()
    workers = []
    for (name, pid), start in sorted(before.items()):
        end = after.get((name, pid))
        workers.append({"responder": name, "pid": pid,
                        "rss_before_kib": start["rss"], "rss_after_kib": end and end["rss"],
                        "anon_before_kib": start["anon"], "anon_after_kib": end and end["anon"],
                        "rss_growth_kib": end and end["rss"] - start["rss"],
                        "anon_growth_kib": end and end["anon"] - start["anon"],
                        "anon_after_each_round_kib": series.get((name, pid), [])})
    replaced = [w for w in workers if w["rss_after_kib"] is None]
    growth = max_growth(before, after, "anon")
    rss_growth = max_growth(before, after, "rss")
    sent = int(sum(r["requests"] for r in rounds))
    seconds = sum(r["seconds"] for r in rounds)
    not_ok = int(sum(r["other"] for r in rounds))
    errors = int(sum(r["errors"] for r in rounds))
    incomplete = [i + 1 for i, r in enumerate(rounds) if not r["complete"]]
    result = {"requests": sent, "requested": REQUESTS, "warmup": WARMUP, "connections": CONNECTIONS,
              "threads": THREADS, "seconds": round(seconds, 1), "rps": round(sent / seconds, 1) if seconds else None,
              "non_2xx": not_ok, "socket_errors": errors, "webhook_deliveries": messages,
              "mix_per_50": dict(MIX), "rounds": rounds, "max_growth_trend_kib": trend, "workers": workers,
              "max_anon_growth_kib": growth, "max_rss_growth_kib": rss_growth, "goal_bytes": GOAL_BYTES, "workers_replaced": len(replaced),
              "incomplete_rounds": incomplete}
    result["passed"] = (growth * 1024 < GOAL_BYTES and not replaced and not not_ok and not errors
                        and not incomplete and sent >= REQUESTS)

    print(f"\nsoak: {sent:,} requests through nginx TLS in {len(rounds)} rounds, wrk -t{THREADS} -c{CONNECTIONS},"
          f" {result['rps']} req/s, {seconds:.0f} s (after a {WARMUP:,}-request warm-up)")
    print("  mix per 50: " + ", ".join(f"{share} {name}" for name, share in MIX)
          + f"; {messages:,} webhook deliveries, each a new event")
    print(f"  {'responder':<24} {'worker':>7}  {'VmRSS before → after':>22} {'growth':>9}"
          f"  {'RssAnon before → after':>22} {'growth':>9}")
    for w in workers:
        def span(field):
            start, end = w[field + "_before_kib"], w[field + "_after_kib"]
            if end is None:
                return f"{megabytes(start):7.2f} →   replaced {'?':>9}"
            return f"{megabytes(start):7.2f} → {megabytes(end):7.2f} MB {megabytes(end - start):+6.2f} MB"
        print(f"  {w['responder']:<24} {w['pid']:>7}  {span('rss')}  {span('anon')}")
    print("  max private (RssAnon) growth after each round: " + " ".join(f"{megabytes(k):.2f}" for k in trend) + " MB")
    print(f"  max VmRSS growth {megabytes(rss_growth):.2f} MB (includes shared cache-file pages read for the first time)")
    print(f"  non-2xx {not_ok}, socket errors {errors}, workers replaced {len(replaced)}"
          + (f", rounds cut short by wrk's time bound: {incomplete}" if incomplete else ""))
    print(f"  max worker private memory (RssAnon) growth {megabytes(growth):.2f} MB (goal < {GOAL_BYTES / 1e6:.0f} MB):"
          f" {'PASS' if result['passed'] else 'FAIL'}")
    out = work.parent / "soak.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"  results: {out}   wrk output and request plans: {work}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
