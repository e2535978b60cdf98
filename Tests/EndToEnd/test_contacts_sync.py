"""`contacts-sync --once` against a stack's store, cache and HubSpot (the emulator at HubSpot's
own 5 searches/s): every conversation the webhook could not name is looked up in batches of
one HubSpot search each, under the stack-wide rate limiter (no 429 ever), all known numbers are
named, unknown ones are pushed back for hours (not retried every pass), and a bad token stops
the sync with exit 1 and the reason."""
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from harness import paths
from harness.openphone import (NumberBlock, Webhook, message_event, messages_db, new_secret, query_db,
                               stack_environment, wait_for_lookups)
from harness.stack import Stack

CONVERSATIONS = 200
KNOWN = 50


@pytest.fixture(scope="module")
def limited():
    """HubSpot's real limit (5 searches/s, 429 beyond) and the stack's default 4/s, burst 1."""
    running = Stack({"HUBSPOT_SEARCH_RATE": "4", "HUBSPOT_SEARCH_BURST": "1",
                     "HUBSPOT_EMULATOR_SEARCH_RATE": "5",
                     # A legacy webhook's secret: plain base64, no whsec_ prefix.
                     "OPENPHONE_WEBHOOK_SECRET": new_secret().removeprefix("whsec_"),
                     "WEBHOOK_ENRICH_BUDGET_MS": "50", "PUBLIC_RATE": "1000r/s",
                     # The sync is what these tests watch: the responders' naming threads do not
                     # retry the numbers HubSpot failed on within a test's time.
                     "NAMING_RECOVERY_CHECK_MS": "3600000"}).start()
    yield running
    running.stop()
    running.cleanup()


def contact(index: int, phone: str) -> dict:
    formatted = f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"  # as people type it into HubSpot
    return {"id": str(5000 + index),
            "properties": {"firstname": "Sync", "lastname": f"Person {index:03d}", "phone": formatted,
                           "company": f"Company {index:03d}", "lastmodifieddate": "2026-03-01T10:00:00.000Z",
                           "createdate": "2025-01-01T00:00:00.000Z"},
            "createdAt": "2025-01-01T00:00:00.000Z", "updatedAt": "2026-03-01T10:00:00.000Z", "archived": False}


def deliver_while_hubspot_fails(stack, phones):
    """Stores one conversation per number, unnamed: HubSpot fails during the deliveries."""
    stack.emulator.fault(status=503, endpoint="search")
    try:
        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(
                lambda item: Webhook(stack).deliver(message_event(item[1], generation=("new", "v4", "v2")[item[0] % 3]),
                                                    ("standard", "legacy")[item[0] % 2]),
                enumerate(phones)))
        # The lookups the deliveries handed to the responders' naming threads have all failed
        # before HubSpot comes back, so none of them lands after the fault is cleared.
        assert set(wait_for_lookups(stack, phones).values()) == {"error"}
    finally:
        stack.emulator.clear_faults()
    assert all(r.status_code == 200 and r.json()["stored"] for r in responses), \
        [r.text for r in responses if r.status_code != 200][:3]
    assert {r.json()["naming"] for r in responses} == {"pending"}


def five_minutes_pass(stack):
    """HubSpot errors are retried five minutes later, and a responder's claim on a number it
    could not look up lapses within a minute; the test does not wait that long."""
    with sqlite3.connect(messages_db(stack), timeout=5) as db:
        db.execute("UPDATE conversations SET next_lookup_at = next_lookup_at - 300000 "
                   "WHERE lookup_outcome = 'error' OR (lookup_outcome IS NULL AND next_lookup_at IS NOT NULL)")


def run_sync(stack, *args, **env):
    started = time.monotonic()
    result = subprocess.run([str(paths.binary("contacts-sync")), "--once", *args],
                            env=stack_environment(stack, **env), capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - started


def test_one_pass_names_every_known_number_in_batches_without_a_429(limited):
    block = NumberBlock(area="506")
    phones = block.numbers(CONVERSATIONS)
    known = {phone: f"Sync Person {i:03d}" for i, phone in enumerate(phones) if i % 4 == 1}
    assert len(known) == KNOWN
    answer = requests.post(limited.emulator.base + "/__emulator/seed", timeout=10, json={
        "contacts": [contact(i, phone) for i, phone in enumerate(phones) if phone in known], "companies": []})
    assert answer.status_code == 200 and answer.json()["contacts"] == KNOWN, answer.text
    rate_limited_before = limited.emulator.stats()["rateLimited"]

    deliver_while_hubspot_fails(limited, phones)
    # An error is not "not in HubSpot": every number is due again within minutes, none in hours.
    outcomes = query_db(limited, "SELECT lookup_outcome, MAX(next_lookup_at) FROM conversations GROUP BY 1")
    assert {outcome for outcome, _ in outcomes} == {"error"}, outcomes
    assert max(next_at for _, next_at in outcomes) - time.time() * 1000 <= 6 * 60_000
    five_minutes_pass(limited)

    searches = limited.emulator.calls("search")
    result, seconds = run_sync(limited, "--batch", "20")
    assert result.returncode == 0, result.stderr
    sync_searches = limited.emulator.calls("search") - searches
    # One search a batch of 20, and the probe of whether IN works (a sample, then IN over it).
    assert sync_searches == CONVERSATIONS // 20 + 2, (sync_searches, result.stderr[-2000:])
    assert limited.emulator.stats()["rateLimited"] == rate_limited_before
    # 12 searches at 4/s with burst 1: paced, not a burst.
    assert seconds >= (sync_searches - 1) / 4 - 0.3

    named = dict(query_db(limited, "SELECT customer, name FROM conversations WHERE name_source = 'hubspot'"))
    assert named == known
    not_found = query_db(limited, "SELECT customer, next_lookup_at FROM conversations "
                                  "WHERE lookup_outcome = 'notFound'")
    assert len(not_found) == CONVERSATIONS - KNOWN
    assert min(next_at for _, next_at in not_found) > time.time() * 1000 + 11 * 3_600_000
    # The operator sees the names at once, from the store.
    page = limited.session(limited.operator).get(limited.base + "/api/messages/conversations",
                                                 params={"q": "Sync Person", "limit": 100}, timeout=10).json()
    assert len(page["conversations"]) == KNOWN
    assert {c["phone"]: c["name"] for c in page["conversations"]} == known

    # Nothing is due now: the next pass asks HubSpot nothing (no "same numbers forever").
    searches = limited.emulator.calls("search")
    again, _ = run_sync(limited, "--batch", "20")
    assert again.returncode == 0, again.stderr
    assert limited.emulator.calls("search") == searches


def test_a_pass_while_hubspot_is_down_gives_up_quickly_and_marks_nothing_not_found(limited):
    phones = NumberBlock(area="506").numbers(100)
    deliver_while_hubspot_fails(limited, phones)
    five_minutes_pass(limited)
    limited.emulator.fault(status=503, endpoint="search")
    try:
        searches = limited.emulator.calls("search")
        result, seconds = run_sync(limited, "--batch", "10")
    finally:
        limited.emulator.clear_faults()
    assert result.returncode == 0, result.stderr
    # Three batches in a row that learned nothing end the pass (each search retried once after a
    # 5xx, as HubSpot's SDK does); the rest waits for the next pass.
    done = [line for line in result.stderr.splitlines() if "event=sync_pass_done" in line]
    assert done and " batches=3 " in done[-1] and "HubSpot answered nothing" in done[-1], result.stderr
    assert limited.emulator.calls("search") - searches <= 6
    assert seconds < 5
    placeholders = ",".join("?" * len(phones))
    outcomes = dict(query_db(limited, f"SELECT lookup_outcome, COUNT(*) FROM conversations "
                                      f"WHERE customer IN ({placeholders}) GROUP BY 1", *phones))
    assert outcomes == {"error": len(phones)}
    # When HubSpot is back, the next pass (five minutes on) takes them all.
    five_minutes_pass(limited)
    result, _ = run_sync(limited, "--batch", "25")
    assert result.returncode == 0, result.stderr
    outcomes = dict(query_db(limited, f"SELECT lookup_outcome, COUNT(*) FROM conversations "
                                      f"WHERE customer IN ({placeholders}) GROUP BY 1", *phones))
    assert outcomes == {"notFound": len(phones)}


def test_a_bad_token_stops_the_sync_with_exit_1_and_the_reason(limited):
    phone = NumberBlock(area="506").number()
    deliver_while_hubspot_fails(limited, [phone])
    five_minutes_pass(limited)
    result, _ = run_sync(limited, HUBSPOT_ACCESS_TOKEN="pat-na1-wrong-e2e-token")
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "hubspot_unauthorized" in result.stderr
    assert "pat-na1-wrong-e2e-token" not in result.stderr + result.stdout
    # Nothing was recorded as "not in HubSpot" because of the refusal.
    [[outcome]] = query_db(limited, "SELECT lookup_outcome FROM conversations WHERE customer = ?", phone)
    assert outcome == "error"


def test_bad_arguments_are_exit_64(limited):
    for args in (["--batch", "0"], ["--batch", "26"], ["--interval", "0"], ["--bogus"]):
        result = subprocess.run([str(paths.binary("contacts-sync")), *args], env=stack_environment(limited),
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 64, (args, result.returncode, result.stderr)
        assert "usage: contacts-sync" in result.stderr
