"""Messages logged as HubSpot communications (HUBSPOT_LOG_MESSAGES=1), against the bundled HubSpot
emulator, at the outbox's default budget (HUBSPOT_OUTBOX_RATE=1 call/s, 100 messages a call):

1. 1,000 messages (50 contacts x 20) delivered while HubSpot answers 429 to one batch call in five:
   how long until all are logged, and how many communications HubSpot ends up with (goal: 1,000,
   none twice — the emulator counts duplicates).
2. A HubSpot outage of BENCH_OUTBOX_OUTAGE_S seconds (default 600: the issue's 10 minutes): every
   HubSpot call fails (503) while 1,000 more messages arrive; then HubSpot comes back. How long
   until the backlog is logged, and the most batch calls in any 10 s (goal: within the outbox's
   budget, 10 per 10 s plus one burst token).

Prints one table and writes $STATE_DIR/bench/outbox.json.
"""
import json
import os
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "EndToEnd"))
from harness.openphone import NumberBlock, Webhook, message_event  # noqa: E402
from harness.processes import wait_until  # noqa: E402
from harness.stack import Stack  # noqa: E402

OUTAGE_S = float(os.environ.get("BENCH_OUTBOX_OUTAGE_S", "600"))
CONTACTS, PER_CONTACT = 50, 20


class HubSpot:
    def __init__(self, stack: Stack):
        self.base = f"http://127.0.0.1:{stack.emulator_port}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer emulator-token"

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        answer = self.session.request(method, self.base + path, json=body, timeout=30)
        assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else {}

    def communications(self) -> int:
        return self.call("GET", "/__emulator/stats")["communications"]["created"]

    def stats(self) -> dict:
        return self.call("GET", "/__emulator/stats")


def deliver(stack: Stack, phones: list[str], tag: str):
    webhook = Webhook(stack)
    for n in range(PER_CONTACT):
        for phone in phones:
            answer = webhook.deliver(message_event(phone, text=f"{tag} {n}"))
            assert answer.status_code == 200, answer.text


def wait_logged(hubspot: HubSpot, total: int, timeout: float, calls: list[tuple[float, int]]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        stats = hubspot.stats()
        calls.append((time.monotonic(), stats["communications"]["batchCalls"]))
        if stats["communications"]["created"] >= total:
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"not all {total} logged within {timeout} s")


def busiest_ten_seconds(calls: list[tuple[float, int]]) -> int:
    best = 0
    for index, (start, count) in enumerate(calls):
        later = [c for t, c in calls[index:] if t - start <= 10]
        best = max(best, later[-1] - count)
    return best


def main():
    stack = Stack({"HUBSPOT_LOG_MESSAGES": "1", "HUBSPOT_OUTBOX_INTERVAL": "1"}).start()
    results = {}
    try:
        hubspot = HubSpot(stack)
        phones = NumberBlock().numbers(CONTACTS)
        for phone in phones:
            hubspot.call("POST", "/crm/v3/objects/contacts", {"properties": {"firstname": "Bench", "phone": phone}})

        hubspot.call("POST", "/__emulator/faults", {"status": 429, "every": 5, "endpoint": "communicationsBatchCreate"})
        started = time.monotonic()
        deliver(stack, phones, "first")
        calls: list[tuple[float, int]] = []
        wait_logged(hubspot, CONTACTS * PER_CONTACT, 600, calls)
        hubspot.call("DELETE", "/__emulator/faults")
        stats = hubspot.stats()
        results["with_429s"] = {"messages": CONTACTS * PER_CONTACT, "communications": stats["communications"]["created"],
                                "duplicates": stats["communications"]["duplicates"],
                                "batch_calls": stats["communications"]["batchCalls"],
                                "rate_limited": stats["communications"]["rateLimited"],
                                "seconds_from_first_delivery": round(time.monotonic() - started, 1)}

        hubspot.call("POST", "/__emulator/faults", {"status": 503, "count": 10_000_000})
        outage_started = time.monotonic()
        deliver(stack, phones, "during the outage")
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - outage_started)))
        hubspot.call("DELETE", "/__emulator/faults")
        recovered = time.monotonic()
        calls = []
        drained = wait_logged(hubspot, 2 * CONTACTS * PER_CONTACT, 1800, calls)
        stats = hubspot.stats()
        results["after_outage"] = {"outage_seconds": round(recovered - outage_started), "backlog": CONTACTS * PER_CONTACT,
                                   "seconds_to_drain": round(drained, 1),
                                   "communications": stats["communications"]["created"],
                                   "duplicates": stats["communications"]["duplicates"],
                                   "most_batch_calls_in_10_s": busiest_ten_seconds(calls),
                                   "budget_per_10_s": 10}
    finally:
        stack.finish()
    out = Path(os.environ.get("STATE_DIR", ".stack")) / "bench" / "outbox.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    first, outage = results["with_429s"], results["after_outage"]
    print("outbox (HUBSPOT_OUTBOX_RATE=1, 100 messages a call)")
    print(f"  1,000 messages, 429 on 1 batch call in 5: {first['communications']} communications, "
          f"{first['duplicates']} duplicates, {first['batch_calls']} batch calls ({first['rate_limited']} answered 429), "
          f"all logged {first['seconds_from_first_delivery']} s after the first delivery")
    print(f"  {outage['outage_seconds']} s HubSpot outage, {outage['backlog']} messages waiting: drained "
          f"{outage['seconds_to_drain']} s after recovery, {outage['duplicates']} duplicates, at most "
          f"{outage['most_batch_calls_in_10_s']} batch calls in any 10 s (budget {outage['budget_per_10_s']})")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
