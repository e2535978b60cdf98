"""The shared cache file through the whole stack: hits cost no HubSpot call, "not found" is cached
for its own TTL, errors never are, a clear reaches every worker, concurrent misses make one
HubSpot call, stale answers are served when HubSpot fails, the stack-wide rate limiter keeps
HubSpot from ever answering 429; and the admin endpoints behind nginx's admin realm."""
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.stack import JSON_CONTENT, Stack


# Every test here starts with a healthy HubSpot and an empty cache (conftest.py).
pytestmark = pytest.mark.usefixtures("healthy_hubspot")


def lookup(stack, phone):
    return stack.get("/api/contacts/lookup/" + phone, auth=stack.operator)


@pytest.mark.parametrize("path,method", [("/api/contacts/cache/stats", "GET"), ("/api/contacts/cache/clear", "POST")])
def test_cache_endpoints_need_admin_credentials(stack, path, method):
    anonymous = stack.request(method, path)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == 'Basic realm="hubspot-fcgi admin"'
    assert anonymous.json()["error"]["code"] == "unauthorized"
    assert stack.request(method, path, auth=stack.operator).status_code == 401
    admitted = stack.request(method, path, auth=stack.admin, headers=JSON_CONTENT)
    assert admitted.status_code == 200 and admitted.headers["Content-Type"] == "application/json"


def test_stats_report_the_file_and_every_counter(stack):
    lookup(stack, "+19025551234")
    lookup(stack, "+19025551234")
    stats = stack.cache_stats()
    assert stats["entries"] >= 1 and stats["capacity"] >= stats["entries"]
    assert stats["fileSizeBytes"] > 0 and 0 <= stats["fillRatio"] <= 1 and 0 < stats["hitRatio"] <= 1
    for counter in ("hits", "misses", "stale_served", "not_found_answers", "upstream_calls", "coalesced_waits",
                    "rate_limit_waits", "evictions", "rebuilds", "upstream_error_timeout"):
        assert counter in stats["counters"]
    # The connection monitor's last check: an earlier suite's injected HubSpot faults can leave it
    # "failed" until its next check, and then it says why.
    hubspot = stats["hubspot"]
    assert hubspot["state"] in ("connected", "unknown", "failed")
    assert hubspot["state"] != "failed" or (hubspot["reason"] and hubspot["message"])


@pytest.mark.parametrize("how", [{"headers": {"Accept": "text/plain"}}, {"params": {"format": "prometheus"}}])
def test_stats_in_prometheus_text(stack, how):
    response = stack.get("/api/contacts/cache/stats", auth=stack.admin, **how)
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "# TYPE hubspot_fcgi_cache_hits_total counter" in response.text
    assert "\nhubspot_fcgi_cache_entries " in response.text


def test_not_found_is_cached_too(stack):
    before = stack.emulator.calls("search")
    assert lookup(stack, "+19025550001").json() == {"found": False, "contact": None, "cache": "miss"}
    assert lookup(stack, "+19025550001").json() == {"found": False, "contact": None, "cache": "hit"}
    assert stack.emulator.calls("search") == before + 1


def test_hubspot_errors_are_never_cached(stack):
    stack.emulator.fault(status=500)
    assert lookup(stack, "+19025551234").status_code == 503
    stack.emulator.clear_faults()
    before = stack.emulator.calls("search")
    answer = lookup(stack, "+19025551234").json()
    assert answer["found"] is True and answer["cache"] == "miss"
    assert stack.emulator.calls("search") == before + 1


def test_a_clear_reaches_every_worker(stack):
    for _ in range(6):
        lookup(stack, "+19025551234")
    cleared = stack.clear_cache()
    assert cleared["entriesDropped"] >= 1
    assert stack.cache_stats()["entries"] == 0
    before = stack.emulator.calls("search")
    sources = [s.get(stack.base + "/api/contacts/lookup/+19025551234").json()["cache"]
               for s in [stack.session(stack.operator) for _ in range(6)]]
    assert sources[0] == "miss" and sources.count("miss") == 1, sources
    assert stack.emulator.calls("search") == before + 1


def test_concurrent_misses_make_one_hubspot_call(stack):
    stack.emulator.fault(latencyMs=300)
    before = stack.emulator.calls("search")
    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(lambda _: stack.session(stack.operator).get(
            stack.base + "/api/contacts/lookup/+33612345678", timeout=10).json(), range(30)))
    assert all(answer["found"] is True for answer in answers)
    assert stack.emulator.calls("search") == before + 1
    assert {answer["cache"] for answer in answers} <= {"miss", "coalesced", "hit"}


def test_stale_answers_are_served_when_hubspot_fails():
    short = Stack({"CONTACTS_CACHE_TTL": "1"}).start()
    try:
        assert lookup(short, "+19025551234").json()["cache"] == "miss"
        time.sleep(1.3)
        short.emulator.fault(status=503)
        stale = lookup(short, "+19025551234")
        assert stale.status_code == 200
        assert stale.json()["cache"] == "stale" and stale.json()["contact"]["name"] == "John Smith"
        assert short.cache_stats()["counters"]["stale_served"] >= 1
        # With nothing stale to offer, the same failure is a 503, never "not found".
        assert lookup(short, "+19025550199").status_code == 503
    finally:
        short.stop()
        short.cleanup()


def test_the_stack_wide_rate_limit_keeps_hubspot_from_answering_429():
    limited = Stack({"HUBSPOT_SEARCH_RATE": "4", "HUBSPOT_SEARCH_BURST": "1",
                     "HUBSPOT_EMULATOR_SEARCH_RATE": "5"}).start()
    try:
        numbers = [f"+1902555{3000 + i:04d}" for i in range(40)]
        with ThreadPoolExecutor(20) as pool:
            statuses = list(pool.map(lambda n: limited.session(limited.operator).get(
                limited.base + "/api/contacts/lookup/" + n, timeout=20), numbers))
        stats = limited.emulator.stats()
        assert stats["rateLimited"] == 0, stats
        assert all(r.status_code == 200 or r.json()["error"]["code"] == "rate_limited" for r in statuses)
        assert any(r.status_code == 200 for r in statuses)
        counters = limited.cache_stats()["counters"]
        assert counters["rate_limit_waits"] > 0
    finally:
        limited.stop()
        limited.cleanup()


def test_health_shows_the_cache_file(stack):
    stack.clear_cache()
    generation = stack.cache_stats()["generation"]
    health = stack.get("/api/contacts/health").json()
    assert health["status"] == "ok"
    cache = health["cache"]
    assert cache["state"] == "ok" and cache["capacity"] == stack.cache_stats()["capacity"]
    assert cache["fileBytes"] == stack.cache_stats()["fileSizeBytes"]
    assert cache["generation"] == generation  # one file, seen by health and admin alike
    assert "path" not in cache  # health is public


def test_health_reports_an_unusable_cache_file_and_recovers_without_restart(tmp_path):
    import json
    from harness.fastcgi import ResponderProcess
    directory = tmp_path / "missing"  # the cache file's directory does not exist yet
    responder = ResponderProcess("contacts-health", args=["--workers", "1", "--threads", "2"],
                                 env={"CONTACTS_CACHE_FILE": str(directory / "contacts.cache"),
                                      "HUBSPOT_BASE_URL": "http://127.0.0.1:9"}).start()
    try:
        health = json.loads(responder.get("/api/contacts/health").body)
        assert health["status"] == "degraded" and health["cache"] == {"state": "unavailable"}
        assert "cache_unavailable" in responder.log()
        directory.mkdir()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            health = json.loads(responder.get("/api/contacts/health").body)
            if health["cache"]["state"] == "ok":
                break
            time.sleep(0.5)
        assert health["cache"]["state"] == "ok" and (directory / "contacts.cache").exists()
    finally:
        responder.terminate()
